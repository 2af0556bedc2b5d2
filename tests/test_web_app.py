"""The web application through FastAPI's test client: login, wrong passwords and their
rate limit, CSRF, roles, one organisation kept from another's data on every route, the
pages in Swedish and English, the background jobs and the JSON API."""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from sqlalchemy import select

from socinvest.store.models import User
from socinvest.store.tokens import create_token
from socinvest.web.state import AppState
from webtools import PASSWORD, World, client_for, log_in

pytest_plugins = ("web_fixtures",)


def api_routes(routes: Any) -> list[APIRoute]:
    """Every route of the application, through included routers (FastAPI wraps an included
    router since 0.16x; older versions copy its routes)."""
    found: list[APIRoute] = []
    for route in routes:
        if isinstance(route, APIRoute):
            found.append(route)
        included = getattr(route, "original_router", None)
        if included is not None:
            found.extend(api_routes(included.routes))
    return found


def wait_for_job(client: TestClient, fragment: str) -> str:
    """Poll the job of a progress fragment until it is finished; its last fragment."""
    match = re.search(r'hx-get="([^"]+)"', fragment)
    assert match, fragment
    address = match.group(1).replace("&amp;", "&")
    for _ in range(600):
        answer = client.get(address)
        assert answer.status_code == 200, answer.text
        if 'hx-trigger="every 1s"' not in answer.text:
            return answer.text
        time.sleep(0.2)
    raise AssertionError("the job did not finish")


def test_login_page_is_swedish_by_default_and_english_on_request(world: World) -> None:
    client = client_for(world)
    assert "Logga in" in client.get("/login").text
    assert "<h1>Log in</h1>" in client.get("/login?lang=en").text
    # The choice is remembered.
    assert "<h1>Log in</h1>" in client.get("/login").text


def test_pages_need_a_login(world: World) -> None:
    client = client_for(world)
    answer = client.get("/scenarios", follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"] == "/login"
    assert client.get("/api/scenarios").status_code == 401


def test_login_sets_a_strict_cookie_and_wrong_passwords_fail(world: World) -> None:
    client = client_for(world, base_url="https://testserver", secure_cookies=True)
    client.get("/login")
    token = client.cookies.get("socinvest_login_csrf")
    wrong = client.post("/login", data={"login": "a_viewer", "password": "nope-nope-nope",
                                        "csrf_token": token})
    assert wrong.status_code == 401 and "Fel inloggningsnamn eller lösenord" in wrong.text
    token = client.cookies.get("socinvest_login_csrf")  # a new form, a new token
    right = client.post("/login", data={"login": "a_viewer", "password": PASSWORD,
                                        "csrf_token": token}, follow_redirects=False)
    assert right.status_code == 303
    cookie = right.headers["set-cookie"]
    assert "socinvest_session=" in cookie
    assert "HttpOnly" in cookie and "Secure" in cookie and "SameSite=lax" in cookie
    # Only a hash of the token is stored, and only argon2 hashes of the passwords.
    session_token = cookie.split("socinvest_session=")[1].split(";")[0]
    with world.store.sessions() as session:
        hashes = list(session.scalars(select(User.password_hash)))
    assert hashes and all(h.startswith("$argon2id$") for h in hashes)
    assert not any(PASSWORD in h for h in hashes)
    from socinvest.store.models import WebSession

    with world.store.sessions() as session:
        stored = list(session.scalars(select(WebSession.token_hash)))
    assert session_token not in stored


def test_the_login_form_without_its_csrf_token_is_refused(world: World) -> None:
    client = client_for(world)
    client.get("/login")
    answer = client.post("/login", data={"login": "a_viewer", "password": PASSWORD})
    assert answer.status_code == 403
    answer = client.post("/login", data={"login": "a_viewer", "password": PASSWORD,
                                         "csrf_token": "forged"})
    assert answer.status_code == 403


def test_repeated_wrong_passwords_are_refused_for_a_while(world: World) -> None:
    client = client_for(world)
    state: AppState = client.app.state.socinvest  # type: ignore[attr-defined]
    now = [1000.0]
    state.limiter.clock = lambda: now[0]
    state.address_limiter.clock = lambda: now[0]

    def attempt(login: str, password: str) -> Any:
        fresh = TestClient(client.app)
        fresh.get("/login")
        token = fresh.cookies.get("socinvest_login_csrf")
        return fresh.post("/login", data={"login": login, "password": password,
                                          "csrf_token": token}, follow_redirects=False)

    statuses = [attempt("a_analyst", "wrong password!").status_code for _ in range(5)]
    assert statuses == [401] * 5
    # The sixth, even with the right password, is refused, with when to try again.
    refused = attempt("a_analyst", PASSWORD)
    assert refused.status_code == 429 and "Försök igen om 15 minuter" in refused.text
    # Another login name from the same address is not locked out by these.
    assert attempt("a_viewer", PASSWORD).status_code == 303
    now[0] += 15 * 60 + 1
    assert attempt("a_analyst", PASSWORD).status_code == 303


def test_a_post_without_the_session_csrf_token_is_refused(world: World) -> None:
    client = client_for(world)
    csrf = log_in(client, "a_analyst")
    a = world.ids["A"]
    report = f"/scenarios/{a['scenario_id']}/versions/{a['number']}/report"
    assert client.post(report).status_code == 403
    assert client.post(report, headers={"X-CSRF-Token": csrf + "x"}).status_code == 403
    assert client.post("/logout").status_code == 403
    assert client.post("/api/scenarios", json={"organisation_id": 1, "text": ""}).status_code \
        == 403
    # Every POST route refuses without the token.
    for route in api_routes(client.app.routes):  # type: ignore[attr-defined]
        if "POST" in route.methods and route.path != "/login":
            path = route.path
            for name, value in a.items():
                path = path.replace("{" + name + "}", str(value))
            assert client.post(path).status_code == 403, route.path


def test_roles_are_enforced(world: World) -> None:
    a = world.ids["A"]
    runs = f"/scenarios/{a['scenario_id']}/versions/{a['number']}/runs"
    viewer = client_for(world)
    csrf = log_in(viewer, "a_viewer")
    assert viewer.post(runs, data={"draws": "10", "csrf_token": csrf}).status_code == 403
    assert viewer.get("/admin/users").status_code == 403
    answer = viewer.post("/api/scenarios", headers={"X-CSRF-Token": csrf},
                         json={"organisation_id": _org(world, "a_viewer"), "text": "id: x"})
    assert answer.status_code == 403
    # The viewer reads.
    assert viewer.get(f"/scenarios/{a['scenario_id']}").status_code == 200
    analyst = client_for(world)
    csrf = log_in(analyst, "a_analyst")
    assert analyst.get("/admin/users").status_code == 403
    admin = client_for(world)
    csrf = log_in(admin, "a_admin")
    page = admin.get("/admin/users")
    assert page.status_code == 200 and "a_viewer" in page.text and "b_analyst" not in page.text


def _org(world: World, login: str) -> int:
    from socinvest.store.users import get_user

    return next(iter(get_user(world.store, login).roles))


def _fill(path: str, ids: dict[str, Any]) -> str:
    for name, value in ids.items():
        path = path.replace("{" + name + "}", str(value))
    assert "{" not in path, path
    return path


COMPLETE_FORM = {"draws": "10", "decision_date": "2026-03-01", "body": "kf", "role": "viewer",
                 "organisation_id": "1"}
COMPLETE_FILES = {"file": ("x.csv", b"period,kind,indicator,payer,group,value,n,events\n")}
"""Every field any POST route needs, so that a refusal is about the id, not the form."""


def test_another_organisations_ids_answer_404_on_every_route(world: World) -> None:
    """Every route with a path parameter, called by a user of A with B's ids: 404. With
    A's own ids the same GET routes answer (the test is not vacuous)."""
    b_client = client_for(world)
    log_in(b_client, "b_analyst")
    state: AppState = b_client.app.state.socinvest  # type: ignore[attr-defined]
    b_user = _user_id(world, "b_analyst")
    b_job = state.jobs.start(b_user, "report", "B's job", lambda _job: "<p>B</p>",
                             lambda _exc: None)
    client = TestClient(b_client.app)
    csrf = log_in(client, "a_analyst")
    _secret, b_token = create_token(world.store, "b_analyst", "B's script")
    b_ids: dict[str, Any] = {**world.ids["B"], "job_id": b_job.id, "user_id": b_user,
                             "token_id": b_token.id}
    a_ids: dict[str, Any] = {**world.ids["A"], "job_id": "no-such-job"}
    checked = 0
    for route in api_routes(client.app.routes):  # type: ignore[attr-defined]
        if "{" not in route.path:
            continue
        for method in sorted(route.methods):
            path = _fill(route.path, b_ids)
            if method == "GET":
                answer = client.get(path)
            else:
                answer = client.request(method, path, headers={"X-CSRF-Token": csrf},
                                        data=COMPLETE_FORM, files=COMPLETE_FILES)
            assert answer.status_code == 404, (method, route.path, answer.status_code)
            assert "Trosa" not in answer.text
            checked += 1
            if method == "GET" and "job_id" not in route.path:
                own = client.get(_fill(route.path, a_ids))
                assert own.status_code == 200, (route.path, own.status_code)
    assert checked >= 14
    # Lists show only A's.
    names = {s["organisation"] for s in client.get("/api/scenarios").json()}
    assert names == {"Gnesta"}
    assert {i["organisation"] for i in client.get("/api/investments").json()} == {"Gnesta"}
    assert {r["organisation"] for r in client.get("/api/runs").json()} == {"Gnesta"}
    assert "Trosa" not in client.get("/scenarios").text
    assert "Trosa" not in client.get("/investments").text


def _user_id(world: World, login: str) -> int:
    from socinvest.store.users import get_user

    return get_user(world.store, login).id


def test_results_page_shows_the_per_payer_summary(world: World) -> None:
    client = client_for(world)
    log_in(client, "a_viewer")
    a = world.ids["A"]
    page = client.get(f"/scenarios/{a['scenario_id']}/versions/{a['number']}?lang=en")
    assert page.status_code == 200 and "Results per payer" in page.text
    first = client.get(f"/scenarios/{a['scenario_id']}/versions/{a['number']}/summary")
    summary = wait_for_job(client, first.text)
    # The same figures as the stored deterministic run of this version, which the API has.
    run = client.get(f"/api/runs/{a['run_id']}").json()
    from socinvest.reports.formatting import money

    alternative = next(x for x in run["results"]["alternatives"] if x["vs_comparison"])
    kommun = alternative["vs_comparison"]["npv"]["by_payer"]["kommun"]
    assert money(kommun, "en") in summary
    assert "Municipality" in summary and "Socio-economic" in summary
    # Now cached: no job.
    again = client.get(f"/scenarios/{a['scenario_id']}/versions/{a['number']}/summary")
    assert "<table>" in again.text and "progress" not in again.text


def test_an_analyst_uploads_a_version_and_stores_a_run(world: World) -> None:
    from socinvest.scenario.load import example_text

    client = client_for(world)
    csrf = log_in(client, "a_analyst")
    org = _org(world, "a_analyst")
    text = example_text("parenting-programme").replace("seed:", "seed: 11 #", 1)
    bad = client.post("/scenarios", data={"organisation_id": str(org), "csrf_token": csrf},
                      files={"file": ("broken.yaml", b"id: x\nalternatives: 3\n")})
    assert bad.status_code == 400 and "broken.yaml" in bad.text
    saved = client.post("/scenarios", data={"organisation_id": str(org), "csrf_token": csrf,
                                            "name": "pp_web"},
                        files={"file": ("pp.yaml", text.encode())}, follow_redirects=False)
    assert saved.status_code == 303, saved.text
    scenario_page = client.get(saved.headers["location"])
    assert "pp_web" in scenario_page.text
    scenario_id = int(saved.headers["location"].rsplit("/", 1)[1])
    started = client.post(f"/scenarios/{scenario_id}/versions/1/runs",
                          data={"draws": "50", "seed": "3", "csrf_token": csrf})
    assert started.status_code == 200
    done = wait_for_job(client, started.text)
    run_link = re.search(r'href="(/runs/\d+)"', done)
    assert run_link, done
    run_page = client.get(run_link.group(1))
    assert run_page.status_code == 200 and "50" in run_page.text
    stored = client.get("/api" + run_link.group(1)).json()
    assert stored["draws"] == 50 and stored["seed"] == 3 and stored["created_by"] == "a_analyst"


def test_the_api_describes_itself_and_saves_versions(world: World) -> None:
    client = client_for(world)
    csrf = log_in(client, "a_analyst")
    spec = client.get("/api/openapi.json").json()
    assert "/api/scenarios/{scenario_id}/versions/{number}" in spec["paths"]
    assert not any(not p.startswith("/api") for p in spec["paths"])
    from socinvest.scenario.load import example_text

    body = {"organisation_id": _org(world, "a_analyst"),
            "text": example_text("parenting-programme")}
    again = client.post("/api/scenarios", json=body, headers={"X-CSRF-Token": csrf})
    assert again.status_code == 201 and again.json()["created"] is False
    bad = client.post("/api/scenarios", json={**body, "text": "id: [\n"},
                      headers={"X-CSRF-Token": csrf})
    assert bad.status_code == 422


def test_investment_and_its_followup_report(world: World) -> None:
    client = client_for(world)
    csrf = log_in(client, "a_viewer")
    a = world.ids["A"]
    listing = client.get("/investments")
    assert f"/investments/{a['investment_id']}" in listing.text
    page = client.get(f"/investments/{a['investment_id']}")
    assert page.status_code == 200 and "1 200 000" in page.text
    started = client.post(f"/investments/{a['investment_id']}/followup",
                          headers={"X-CSRF-Token": csrf})
    done = wait_for_job(client, started.text)
    link = re.search(r'href="(/jobs/[^"]+/result)"', done)
    assert link, done
    report = client.get(link.group(1))
    assert report.status_code == 200 and "<html" in report.text
    assert "'unsafe-eval'" in report.headers["content-security-policy"]


def test_serve_refuses_insecure_cookies_off_the_loopback() -> None:
    from typer.testing import CliRunner

    from socinvest.cli.main import app

    result = CliRunner().invoke(app, ["serve", "--host", "0.0.0.0", "--insecure-cookies",
                                      "--lang", "en"])
    assert result.exit_code == 2 and "only allowed with --host 127.0.0.1" in result.output


def test_the_full_report_is_made_off_the_request_thread(world: World) -> None:
    client = client_for(world)
    csrf = log_in(client, "a_viewer")
    a = world.ids["A"]
    started = client.post(f"/scenarios/{a['scenario_id']}/versions/{a['number']}/report",
                          headers={"X-CSRF-Token": csrf})
    assert started.status_code == 200 and "<progress" in started.text
    done = wait_for_job(client, started.text)
    link = re.search(r'href="(/jobs/[^"]+/result)"', done)
    assert link, done
    report = client.get(link.group(1))
    assert report.status_code == 200 and "200" in report.text
    # Another user cannot fetch it.
    other = client_for(world)
    log_in(other, "a_analyst")
    assert other.get(link.group(1)).status_code == 404


def test_an_admin_creates_a_user_in_their_organisation(world: World) -> None:
    from socinvest.store import audit_log
    from socinvest.store.users import authenticate

    client = client_for(world)
    csrf = log_in(client, "a_admin")
    org = _org(world, "a_admin")
    form = {"organisation_id": str(org), "login": "new_viewer", "password": "short",
            "role": "viewer", "display_name": "Ny Användare", "csrf_token": csrf}
    short = client.post("/admin/users", data=form)
    assert short.status_code == 400 and "minst 10 tecken" in short.text
    made = client.post("/admin/users", data={**form, "password": PASSWORD},
                       follow_redirects=False)
    assert made.status_code == 303
    assert authenticate(world.store, "new_viewer", PASSWORD) is not None
    entry = next(e for e in audit_log(world.store) if e.entity == "user"
                 and "new_viewer" in (e.after or ""))
    assert entry.actor == "a_admin" and PASSWORD not in (entry.after or "")
    # Not in an organisation where the admin is not one.
    trosa = _org(world, "b_analyst")
    assert client.post("/admin/users", data={**form, "organisation_id": str(trosa),
                                             "password": PASSWORD,
                                             "login": "x_user"}).status_code == 404


def test_an_analyst_decides_plans_and_records_observations(world: World) -> None:
    from webtools import OBSERVATIONS_TEXT, PLAN_TEXT

    a = world.ids["A"]
    decide_at = f"/scenarios/{a['scenario_id']}/versions/{a['number']}/decide"
    form = {"decision_date": "2026-05-01", "body": "socialnämnden", "name": "pp_web_decided",
            "budget": "2026: {kommun.socialtjanst: 500000}\n2027: {nope.payer: 1}\n"}
    viewer = client_for(world)
    csrf = log_in(viewer, "a_viewer")
    assert viewer.post(decide_at, data=form, headers={"X-CSRF-Token": csrf}).status_code == 403
    client = client_for(world)
    csrf = log_in(client, "a_analyst")
    headers = {"X-CSRF-Token": csrf, "HX-Request": "true"}
    bad = client.post(decide_at, data=form, headers=headers)
    assert bad.status_code == 400 and "nope.payer" in bad.text
    made = client.post(decide_at, data={**form, "budget": "2026: {kommun.socialtjanst: 500000}",
                                        "run_id": str(a["run_id"])}, headers=headers)
    assert made.status_code == 204, made.text
    page_url = made.headers["HX-Redirect"]
    investment_id = int(page_url.rsplit("/", 1)[1])
    assert "Ingen uppföljningsplan ännu" in client.get(page_url).text
    plan = client.post(f"{page_url}/plan", headers=headers,
                       files={"file": ("plan.yaml", PLAN_TEXT.encode())})
    assert plan.status_code == 204, plan.text
    wrong = client.post(f"{page_url}/observations", headers=headers,
                        files={"file": ("utfall.csv", b"period,kind,indicator,payer,group,"
                                        b"value,n,events\n2031,reach,,,,3,,\n")})
    assert wrong.status_code == 400 and "utfall.csv:2" in wrong.text
    right = client.post(f"{page_url}/observations", headers=headers,
                        files={"file": ("utfall.csv", OBSERVATIONS_TEXT.encode())})
    assert right.status_code == 204, right.text
    page = client.get(page_url).text
    assert "registrerade utfall: 4" in page and "perioder 2" in page
    stored = client.get(f"/api/investments/{investment_id}").json()
    assert stored["run"] == a["run_id"] and stored["created_by"] == "a_analyst"
    assert stored["budget"] == {"2026": {"kommun.socialtjanst": 500000.0}}


def test_a_restart_keeps_the_sessions_and_saved_work(world: World) -> None:
    """Sessions are rows in the store: a new application (a restarted server) on the same
    database accepts the cookie; logging out ends the session everywhere."""
    first = client_for(world)
    csrf = log_in(first, "a_viewer")
    cookie = first.cookies.get("socinvest_session")
    assert cookie
    restarted = client_for(world)
    restarted.cookies.set("socinvest_session", cookie)
    assert restarted.get("/api/me").json()["login"] == "a_viewer"
    assert first.post("/logout", headers={"X-CSRF-Token": csrf},
                      follow_redirects=False).status_code == 303
    assert restarted.get("/api/me").status_code == 401


def test_a_user_changes_their_password(world: World) -> None:
    from socinvest.store.users import create_user

    create_user(world.store, "a_changer", PASSWORD, "Gnesta", "viewer")
    client = client_for(world)
    csrf = log_in(client, "a_changer")
    assert "Byt lösenord" in client.get("/account").text
    form = {"current": "not my password", "new": "a brand new secret",
            "again": "a brand new secret", "csrf_token": csrf}
    assert client.post("/account/password", data=form).status_code == 400
    differ = client.post("/account/password", data={**form, "current": PASSWORD,
                                                     "again": "something else!"})
    assert differ.status_code == 400 and "skiljer sig åt" in differ.text
    changed = client.post("/account/password", data={**form, "current": PASSWORD},
                          follow_redirects=False)
    assert changed.status_code == 303 and changed.headers["location"] == "/login"
    assert client.get("/api/me").status_code == 401
    log_in(client_for(world), "a_changer", "a brand new secret")


def test_the_full_report_downloads_as_excel(world: World) -> None:
    client = client_for(world)
    csrf = log_in(client, "a_viewer")
    a = world.ids["A"]
    at = f"/scenarios/{a['scenario_id']}/versions/{a['number']}/report"
    assert client.post(at, data={"format": "doc", "csrf_token": csrf}).status_code == 422
    started = client.post(at, data={"format": "xlsx", "csrf_token": csrf})
    done = wait_for_job(client, started.text)
    link = re.search(r'href="(/jobs/[^"]+/result)"', done)
    assert link, done
    book = client.get(link.group(1))
    assert book.status_code == 200 and book.content[:2] == b"PK"
    assert book.headers["content-disposition"] == (
        'attachment; filename="parenting_programme-v1.xlsx"')
    from io import BytesIO

    from openpyxl import load_workbook

    assert len(load_workbook(BytesIO(book.content)).sheetnames) > 1


def test_serve_passes_its_settings_through_the_environment() -> None:
    """``socinvest serve`` sets these variables and starts uvicorn on
    ``app_from_environment`` by name (the CLI does not import the web layer)."""
    from socinvest.web.settings import WebSettings, settings_from_environment

    given = settings_from_environment(
        {
            "SOCINVEST_DB": "sqlite:///x.db",
            "SOCINVEST_WEB_SECURE_COOKIES": "0",
            "SOCINVEST_WEB_LANG": "en",
            "SOCINVEST_WEB_JOBS": "3",
        }
    )
    assert (given.db, given.secure_cookies, given.lang, given.workers) == (
        "sqlite:///x.db", False, "en", 3,
    )  # fmt: skip
    defaults = settings_from_environment({"SOCINVEST_WEB_LANG": "fi", "SOCINVEST_WEB_JOBS": "0"})
    assert defaults == WebSettings(), "unknown or bad values fall back to the defaults"


def test_serve_runs_with_python_s_own_collector_thresholds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The short commands collect cycles rarely (socinvest.cli.GC_THRESHOLDS); the server,
    which runs for days, with Python's defaults."""
    import gc

    import uvicorn
    from typer.testing import CliRunner

    from socinvest.cli import GC_THRESHOLDS
    from socinvest.cli.main import app
    from socinvest.cli.serve_command import SERVER_GC_THRESHOLDS

    seen: list[tuple[int, int, int]] = []
    monkeypatch.setattr(uvicorn, "run", lambda *a, **k: seen.append(gc.get_threshold()))
    for name in ("SOCINVEST_DB", "SOCINVEST_WEB_SECURE_COOKIES", "SOCINVEST_WEB_LANG",
                 "SOCINVEST_WEB_JOBS"):
        monkeypatch.delenv(name, raising=False)  # serve sets them; monkeypatch restores them
    url = f"sqlite:///{tmp_path / 'w.db'}"
    assert CliRunner().invoke(app, ["db", "upgrade", "--db", url]).exit_code == 0
    before = gc.get_threshold()
    try:
        done = CliRunner().invoke(app, ["serve", "--db", url])
    finally:
        gc.set_threshold(*before)
    assert done.exit_code == 0, done.output
    assert seen == [SERVER_GC_THRESHOLDS] == [(700, 10, 10)]
    assert SERVER_GC_THRESHOLDS != GC_THRESHOLDS
