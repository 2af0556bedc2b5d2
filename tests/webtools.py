"""Helpers of the web application's tests: the world the fixtures build (see
web_fixtures), a test client on it, logging in through the form."""

from __future__ import annotations

from dataclasses import dataclass

from argon2 import PasswordHasher
from fastapi.testclient import TestClient

from socinvest.store import Store
from socinvest.web import WebSettings, create_app

PASSWORD = "correct horse battery"
PLAN_TEXT = """\
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
OBSERVATIONS_TEXT = """\
period,kind,indicator,payer,group,value,n,events
2026,reach,,,,31,,
2026,cost,,kommun.socialtjanst,,950000,,
2026,indicator,on_track,,,,30,16
2026,indicator,on_track,,comparison,,40,15
"""


def cheap_hasher() -> PasswordHasher:
    return PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


@dataclass(frozen=True)
class World:
    """The store and the ids the tests use."""

    url: str
    store: Store
    ids: dict[str, dict[str, int]]
    """``ids["A"]`` and ``ids["B"]``: scenario_id, number, run_id (B), investment_id."""


def client_for(world: World, base_url: str = "http://testserver",
               **settings: object) -> TestClient:
    """A test client of a new application on the world's store (plain http, so cookies
    without Secure, unless ``base_url`` is https)."""
    options: dict[str, object] = {"secure_cookies": False, "report_draws": 200, **settings}
    app = create_app(WebSettings(db=world.url, **options),  # type: ignore[arg-type]
                     store=world.store)
    return TestClient(app, base_url=base_url)


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
