"""A store for the web application's tests: organisations A (Gnesta) and B (Trosa), each
with a scenario; B also with a stored run and a decided investment; users of every role in
A and an analyst in B. argon2 runs with small parameters here (the hashes are still
argon2id; the cost is the only difference), so that logging in many times stays cheap.

A test module loads them with ``pytest_plugins = ("web_fixtures",)``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from fastapi.testclient import TestClient

from socinvest.scenario.load import example_text
from socinvest.store import Store, decide, open_store, save_plan, save_scenario
from socinvest.store import users as store_users
from socinvest.store.engine import make_engine, upgrade
from socinvest.store.scoped import scenarios_in
from socinvest.web import WebSettings, create_app
from socinvest.web.services import store_run

PASSWORD = "correct horse battery"
PLAN = """\
tolerance: 0.15
periods: [2026, 2027]
reach: {2026: 30, 2027: 35}
cost:
  2026: {kommun.socialtjanst: 900000}
indicators:
  - id: on_track
    label: {sv: Går bra, en: On track}
    kind: proportion
    lower_is_better: false
    planned: {2026: 0.5, 2027: 0.55}
    effect: {intervention: indicated_group, index: 0}
"""


@dataclass(frozen=True)
class World:
    """The store and the ids the tests use."""

    url: str
    store: Store
    ids: dict[str, dict[str, int]]
    """``ids["A"]`` and ``ids["B"]``: scenario_id, number, run_id (B), investment_id."""


def cheap_hasher() -> PasswordHasher:
    return PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


@pytest.fixture(scope="module")
def cheap_argon2() -> Iterator[None]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(store_users, "hasher", cheap_hasher)
        yield


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory, cheap_argon2: None) -> Iterator[World]:
    folder: Path = tmp_path_factory.mktemp("web")
    url = f"sqlite:///{folder / 'web.db'}"
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    store = open_store(url, actor="setup")
    store_users.create_user(store, "a_viewer", PASSWORD, "Gnesta", "viewer", "Vera Viewer")
    store_users.create_user(store, "a_analyst", PASSWORD, "Gnesta", "analyst", "Ann Analyst")
    store_users.create_user(store, "a_admin", PASSWORD, "Gnesta", "admin", "Adam Admin")
    store_users.create_user(store, "b_analyst", PASSWORD, "Trosa", "analyst", "Bo Trosa")
    version_a = save_scenario(store, example_text("parenting-programme"), "pp.yaml",
                              organisation_name="Gnesta")
    version_b = save_scenario(store, example_text("school-attendance"), "sa.yaml",
                              organisation_name="Trosa")
    ids: dict[str, dict[str, int]] = {"A": {}, "B": {}}
    orgs = {"A": "Gnesta", "B": "Trosa"}
    for key, version in (("A", version_a), ("B", version_b)):
        org_ids = tuple(store_users.get_user(store, f"{key.lower()}_analyst").roles)
        entry = next(s for s in scenarios_in(store, org_ids) if s.name == version.scenario)
        ids[key]["scenario_id"] = entry.id
        ids[key]["number"] = version.number
        ids[key]["run_id"] = store_run(store, version, 0, None, None)
        investment = decide(
            store, version.scenario, version.number, date(2026, 3, 1), "kommunfullmäktige",
            organisation_name=orgs[key],
            budget_text="2026: {kommun.socialtjanst: 1200000}\n", draws=200, seed=7,
        )
        ids[key]["investment_id"] = investment.id
    save_plan(store, ids["A"]["investment_id"], PLAN, "plan.yaml")
    yield World(url, store, ids)
    store.close()


def client_for(world: World, **settings: object) -> TestClient:
    """A test client of a new application on the world's store (plain http, so cookies
    without Secure)."""
    options: dict[str, object] = {"secure_cookies": False, "report_draws": 200, **settings}
    app = create_app(WebSettings(db=world.url, **options),  # type: ignore[arg-type]
                     store=world.store)
    return TestClient(app)


def log_in(client: TestClient, login: str, password: str = PASSWORD) -> str:
    """Log ``login`` in through the form; the session's CSRF token."""
    page = client.get("/login")
    token = client.cookies.get("socinvest_login_csrf")
    assert page.status_code == 200 and token
    answer = client.post("/login", data={"login": login, "password": password,
                                         "csrf_token": token}, follow_redirects=False)
    assert answer.status_code == 303, answer.text
    me = client.get("/api/me")
    assert me.status_code == 200
    return str(me.json()["csrf_token"])
