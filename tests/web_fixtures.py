"""A store for the web application's tests: organisations A (Gnesta) and B (Trosa), each
with a scenario; B also with a stored run and a decided investment; users of every role in
A and an analyst in B. argon2 runs with small parameters here (the hashes are still
argon2id; the cost is the only difference), so that logging in many times stays cheap.

A test module loads them with ``pytest_plugins = ("web_fixtures",)``.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from socinvest.scenario.load import example_text
from socinvest.store import (
    decide,
    open_store,
    record_observations,
    save_plan,
    save_scenario,
)
from socinvest.store import users as store_users
from socinvest.store.engine import make_engine, upgrade
from socinvest.store.scoped import scenarios_in
from socinvest.web.services import store_run
from webtools import OBSERVATIONS_TEXT, PASSWORD, PLAN_TEXT, World, cheap_hasher


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
    save_plan(store, ids["A"]["investment_id"], PLAN_TEXT, "plan.yaml")
    observed = folder / "utfall-2026.csv"
    observed.write_text(OBSERVATIONS_TEXT, encoding="utf-8")
    record_observations(store, ids["A"]["investment_id"], observed)
    yield World(url, store, ids)
    store.close()
