"""Bearer tokens on the JSON API and user management in the browser, through FastAPI's test
client: a token acts as its user (organisations, roles), needs no CSRF token while a cookie
session still does, a revoked or unknown token answers 401 in JSON, another organisation's
ids answer 404; the account page makes (shown once) and revokes tokens; an admin changes
roles and disables or enables accounts of their organisations only, never the last admin
nor themselves, every change in the audit log."""

from __future__ import annotations

import re
from typing import Any

from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from socinvest.scenario.load import example_text
from socinvest.store import audit_log
from socinvest.store.tokens import create_token, list_tokens
from socinvest.store.users import create_user, get_user, set_role
from webtools import PASSWORD, World, client_for, log_in

pytest_plugins = ("web_fixtures",)


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def api_get_routes(routes: Any) -> list[APIRoute]:
    found: list[APIRoute] = []
    for route in routes:
        if (
            isinstance(route, APIRoute)
            and route.path.startswith("/api")
            and ("GET" in route.methods)
        ):
            found.append(route)
        included = getattr(route, "original_router", None)
        if included is not None:
            found.extend(api_get_routes(included.routes))
    return found


def test_a_token_reads_the_api_as_its_user(world: World) -> None:
    secret, _made = create_token(world.store, "a_viewer", "read script")
    client = client_for(world)
    me = client.get("/api/me", headers=bearer(secret))
    assert me.status_code == 200, me.text
    assert me.json()["login"] == "a_viewer" and me.json()["csrf_token"] is None
    listed = client.get("/api/scenarios", headers=bearer(secret)).json()
    assert {s["organisation"] for s in listed} == {"Gnesta"}
    assert list_tokens(world.store, "a_viewer")[0].last_used_at is not None
    # No cookie was set: the next request without the header is not logged in.
    assert "socinvest_session" not in client.cookies
    assert client.get("/api/scenarios").status_code == 401
    # A token opens the API only, not the pages.
    page = client.get("/scenarios", headers=bearer(secret), follow_redirects=False)
    assert page.status_code == 303 and page.headers["location"] == "/login"


def test_a_tokens_post_needs_no_csrf_token_but_a_cookies_post_does(world: World) -> None:
    analyst, _ = create_token(world.store, "a_analyst", "upload")
    viewer, _ = create_token(world.store, "a_viewer", "upload")
    org = next(iter(get_user(world.store, "a_analyst").roles))
    body = {
        "organisation_id": org,
        "text": example_text("parenting-programme"),
        "name": "via token",
    }
    client = client_for(world)
    saved = client.post("/api/scenarios", json=body, headers=bearer(analyst))
    assert saved.status_code == 201, saved.text
    assert saved.json()["created"] is True
    # Saved as the token's user: the audit log names them.
    assert audit_log(world.store, limit=1)[0].actor == "a_analyst"
    # The token's role counts: a viewer's token may not save.
    assert client.post("/api/scenarios", json=body, headers=bearer(viewer)).status_code == 403
    # A cookie session still needs the CSRF token.
    session_client = client_for(world)
    csrf = log_in(session_client, "a_analyst")
    assert session_client.post("/api/scenarios", json=body).status_code == 403
    answer = session_client.post("/api/scenarios", json=body, headers={"X-CSRF-Token": csrf})
    assert answer.status_code == 201


def test_unknown_and_revoked_tokens_answer_401_in_json(world: World) -> None:
    create_user(world.store, "a_gone", PASSWORD, "Gnesta", "viewer")
    secret, made = create_token(world.store, "a_gone", "script")
    client = client_for(world)
    for token in ("sit_" + "A" * 43, "garbage", secret + "x"):
        answer = client.get("/api/scenarios", headers=bearer(token))
        assert answer.status_code == 401
        assert answer.json() == {"detail": "invalid or revoked token"}
        assert answer.headers["www-authenticate"].startswith("Bearer")
    # A bad token is refused even next to a good session cookie.
    log_in(client, "a_viewer")
    assert client.get("/api/scenarios").status_code == 200
    assert client.get("/api/scenarios", headers=bearer("garbage")).status_code == 401
    fresh = client_for(world)
    assert fresh.get("/api/me", headers=bearer(secret)).status_code == 200
    from socinvest.store.tokens import revoke_token

    revoke_token(world.store, "a_gone", made.id)
    refused = fresh.get("/api/me", headers=bearer(secret))
    assert refused.status_code == 401 and refused.json()["detail"] == "invalid or revoked token"


def test_another_organisations_ids_answer_404_with_a_token(world: World) -> None:
    secret, _ = create_token(world.store, "a_admin", "isolation")
    client = client_for(world)
    b = world.ids["B"]
    values = {
        "scenario_id": b["scenario_id"],
        "number": b["number"],
        "run_id": b["run_id"],
        "investment_id": b["investment_id"],
    }
    checked = 0
    for route in api_get_routes(client.app.routes):  # type: ignore[attr-defined]
        names = re.findall(r"{(\w+)}", route.path)
        if not names:
            continue
        path = route.path.format(**{n: values[n] for n in names})
        answer = client.get(path, headers=bearer(secret))
        assert answer.status_code == 404, (path, answer.text)
        # ...while the same route with the token's own organisation's ids answers.
        a = world.ids["A"]
        own = route.path.format(**{n: a[n] if n in a else values[n] for n in names})
        if "run_id" not in names:
            assert client.get(own, headers=bearer(secret)).status_code == 200, own
        checked += 1
    assert checked >= 5


def test_the_openapi_description_has_both_security_schemes(world: World) -> None:
    schema = client_for(world).get("/api/openapi.json").json()
    schemes = schema["components"]["securitySchemes"]
    assert schemes["bearerToken"] == {**schemes["bearerToken"], "type": "http", "scheme": "bearer"}
    assert schemes["sessionCookie"]["in"] == "cookie"
    assert schemes["sessionCookie"]["name"] == "socinvest_session"
    security = schema["paths"]["/api/scenarios"]["get"]["security"]
    assert {"bearerToken": []} in security and {"sessionCookie": []} in security


def test_the_account_page_makes_a_token_shown_once_and_revokes_it(world: World) -> None:
    client = client_for(world)
    csrf = log_in(client, "a_analyst")
    page = client.get("/account?lang=en")
    assert "API tokens for scripts" in page.text
    assert client.post("/account/tokens", data={"name": "no csrf"}).status_code == 403
    made = client.post("/account/tokens", data={"name": "weekly report", "csrf_token": csrf})
    assert made.status_code == 200
    secret = re.search(r'value="(sit_[^"]+)"', made.text)
    assert secret, made.text
    token = secret.group(1)
    assert "shown only this once" in made.text
    assert made.text.count(token) == 1 and made.text.count('id="token-name"') == 1
    again = client.get("/account").text
    assert "weekly report" in again and token not in again
    assert client_for(world).get("/api/me", headers=bearer(token)).json()["login"] == ("a_analyst")
    # Swedish by default.
    assert "API-nycklar för skript" in client.get("/account?lang=sv").text
    bad = client.post("/account/tokens", data={"name": "   ", "csrf_token": csrf})
    assert bad.status_code == 400 and 'role="alert"' in bad.text
    token_id = next(
        t.id for t in list_tokens(world.store, "a_analyst") if t.name == "weekly report"
    )
    # Another user's token is not found.
    other, other_made = create_token(world.store, "a_viewer", "not yours")
    assert (
        client.post(
            f"/account/tokens/{other_made.id}/revoke", data={"csrf_token": csrf}
        ).status_code
        == 404
    )
    assert client.post(f"/account/tokens/{token_id}/revoke", data={}).status_code == 403
    revoked = client.post(
        f"/account/tokens/{token_id}/revoke", data={"csrf_token": csrf}, follow_redirects=False
    )
    assert revoked.status_code == 303
    assert client_for(world).get("/api/me", headers=bearer(token)).status_code == 401
    assert client_for(world).get("/api/me", headers=bearer(other)).status_code == 200


def _admin(world: World) -> tuple[TestClient, str, int]:
    client = client_for(world)
    csrf = log_in(client, "a_admin")
    gnesta = next(iter(get_user(world.store, "a_admin").roles))
    return client, csrf, gnesta


def test_an_admin_changes_roles_of_their_organisations_members(world: World) -> None:
    client, csrf, gnesta = _admin(world)
    member = create_user(world.store, "a_member", PASSWORD, "Gnesta", "viewer")
    address = f"/admin/users/{member.id}/role"
    assert (
        client.post(address, data={"organisation_id": gnesta, "role": "analyst"}).status_code == 403
    )  # no CSRF token
    answer = client.post(
        address,
        data={"organisation_id": gnesta, "role": "analyst", "csrf_token": csrf},
        follow_redirects=False,
    )
    assert answer.status_code == 303
    assert get_user(world.store, "a_member").role_in(gnesta) == "analyst"
    entry = audit_log(world.store, limit=1)[0]
    assert (entry.actor, entry.entity, entry.action) == ("a_admin", "membership", "update")
    assert '"role": "viewer"' in str(entry.before) and '"role": "analyst"' in str(entry.after)
    page = client.get("/admin/users?lang=en").text
    assert f'id="role-{member.id}-{gnesta}"' in page
    bad = client.post(
        address, data={"organisation_id": gnesta, "role": "owner", "csrf_token": csrf}
    )
    assert bad.status_code == 400 and "expected a role" in bad.text


def test_an_admin_cannot_see_or_change_another_organisations_users(world: World) -> None:
    client, csrf, gnesta = _admin(world)
    b_user = get_user(world.store, "b_analyst")
    trosa = next(iter(b_user.roles))
    assert "b_analyst" not in client.get("/admin/users").text
    for org in (gnesta, trosa):
        answer = client.post(
            f"/admin/users/{b_user.id}/role",
            data={"organisation_id": org, "role": "viewer", "csrf_token": csrf},
        )
        assert answer.status_code == 404
    for action in ("disable", "enable"):
        answer = client.post(f"/admin/users/{b_user.id}/{action}", data={"csrf_token": csrf})
        assert answer.status_code == 404
    assert client.post("/admin/users/999999/disable", data={"csrf_token": csrf}).status_code == 404
    assert get_user(world.store, "b_analyst").role_in(trosa) == "analyst"
    assert not get_user(world.store, "b_analyst").disabled
    # A member of both organisations: visible, but the account is Trosa's too.
    both = create_user(world.store, "a_both", PASSWORD, "Gnesta", "viewer")
    set_role(world.store, "a_both", "Trosa", "viewer")
    refused = client.post(f"/admin/users/{both.id}/disable?lang=en", data={"csrf_token": csrf})
    assert refused.status_code == 403 and "do not administer" in refused.text
    assert not get_user(world.store, "a_both").disabled
    # A viewer or analyst has no users page and changes nothing.
    viewer = client_for(world)
    viewer_csrf = log_in(viewer, "a_viewer")
    assert viewer.get("/admin/users").status_code == 403
    assert (
        viewer.post(
            f"/admin/users/{both.id}/role",
            data={"organisation_id": gnesta, "role": "admin", "csrf_token": viewer_csrf},
        ).status_code
        == 403
    )


def test_disabling_ends_sessions_and_tokens_but_never_the_last_admin_or_oneself(
    world: World,
) -> None:
    client, csrf, gnesta = _admin(world)
    me = get_user(world.store, "a_admin")
    # Not oneself (no button either), not the last admin (in both languages).
    own = client.post(f"/admin/users/{me.id}/disable?lang=en", data={"csrf_token": csrf})
    assert own.status_code == 400 and "cannot disable your own account" in own.text
    assert f"/admin/users/{me.id}/disable" not in client.get("/admin/users").text
    demote = client.post(
        f"/admin/users/{me.id}/role?lang=en",
        data={"organisation_id": gnesta, "role": "viewer", "csrf_token": csrf},
    )
    assert demote.status_code == 400 and "last admin of Gnesta" in demote.text
    swedish = client.post(
        f"/admin/users/{me.id}/role?lang=sv",
        data={"organisation_id": gnesta, "role": "viewer", "csrf_token": csrf},
    )
    assert swedish.status_code == 400 and "sista administratören" in swedish.text
    assert get_user(world.store, "a_admin").role_in(gnesta) == "admin"
    # A user with a session and a token is disabled: both stop working at once.
    target = create_user(world.store, "a_target", PASSWORD, "Gnesta", "analyst")
    secret, _ = create_token(world.store, "a_target", "script")
    theirs = client_for(world)
    log_in(theirs, "a_target")
    done = client.post(
        f"/admin/users/{target.id}/disable", data={"csrf_token": csrf}, follow_redirects=False
    )
    assert done.status_code == 303 and get_user(world.store, "a_target").disabled
    assert theirs.get("/api/me").status_code == 401
    assert client_for(world).get("/api/me", headers=bearer(secret)).status_code == 401
    entry = audit_log(world.store, limit=1)[0]
    assert (entry.actor, entry.entity) == ("a_admin", "user")
    assert '"disabled": true' in str(entry.after)
    assert client.post(f"/admin/users/{target.id}/enable", data={}).status_code == 403
    client.post(f"/admin/users/{target.id}/enable", data={"csrf_token": csrf})
    assert not get_user(world.store, "a_target").disabled
    assert client_for(world).get("/api/me", headers=bearer(secret)).status_code == 200
    # With a second admin, the first may step down; the second is then the last one.
    second = create_user(world.store, "a_admin2", PASSWORD, "Gnesta", "admin")
    assert (
        client.post(
            f"/admin/users/{me.id}/role",
            data={"organisation_id": gnesta, "role": "analyst", "csrf_token": csrf},
            follow_redirects=False,
        ).status_code
        == 303
    )
    other = client_for(world)
    other_csrf = log_in(other, "a_admin2")
    last = other.post(
        f"/admin/users/{second.id}/role?lang=en",
        data={"organisation_id": gnesta, "role": "viewer", "csrf_token": other_csrf},
    )
    assert last.status_code == 400 and "last admin" in last.text
    other.post(
        f"/admin/users/{me.id}/role",
        data={"organisation_id": gnesta, "role": "admin", "csrf_token": other_csrf},
    )
    assert get_user(world.store, "a_admin").role_in(gnesta) == "admin"
