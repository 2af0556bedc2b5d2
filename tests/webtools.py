"""Helpers of the web application's tests: the world the fixtures build (see
web_fixtures), a test client on it, logging in through the form."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi.testclient import TestClient

from socinvest.store import Store
from socinvest.web import WebSettings, create_app

PASSWORD = "correct horse battery"


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
