"""Logging in and out, and the admin's page of the organisation's users."""

from __future__ import annotations

import math
from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from socinvest.i18n import translator
from socinvest.store import StoreError
from socinvest.store.users import (
    ROLES,
    authenticate,
    create_user,
    end_session,
    list_users,
    set_password,
)
from socinvest.store.users import start_session as new_session
from socinvest.web import csrf
from socinvest.web.auth import (
    COOKIE,
    Access,
    Login,
    PostLogin,
    client_address,
    optional_session,
    record_failure,
    record_success,
    retry_after,
    set_session_cookie,
)
from socinvest.web.ids import FormId
from socinvest.web.pages import language, render
from socinvest.web.state import acting, state_of

router = APIRouter()


def login_form(request: Request, error: str | None = None, status_code: int = 200,
               login: str = "") -> HTMLResponse:
    """The login page with a fresh double-submit CSRF token (cookie and form field)."""
    token = csrf.new_token()
    response = render(request, "login.html",
                      {"login_csrf": token, "error": error, "login": login},
                      status_code=status_code)
    response.set_cookie(csrf.LOGIN_COOKIE, token, max_age=3600, httponly=True,
                        secure=state_of(request).settings.secure_cookies, samesite="lax")
    return response


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request) -> Response:
    if optional_session(request) is not None:
        return RedirectResponse("/scenarios", status_code=303)
    return login_form(request)


@router.post("/login", response_class=HTMLResponse)
async def login(
    request: Request,
    login: Annotated[str, Form(max_length=100)],
    password: Annotated[str, Form(max_length=1000)],
) -> Response:
    await csrf.require(request, request.cookies.get(csrf.LOGIN_COOKIE))
    state = state_of(request)
    _ = translator(language(request))
    address = client_address(request)
    wait = retry_after(state, login, address)
    if wait > 0:
        return login_form(
            request,
            _("Too many failed logins. Try again in {minutes} minutes.").format(
                minutes=max(1, math.ceil(wait / 60))
            ),
            status_code=429,
            login=login,
        )
    user = authenticate(state.store, login, password)
    if user is None:
        record_failure(state, login, address)
        return login_form(request, _("Wrong login name or password."), status_code=401,
                          login=login)
    record_success(state, login, address)
    token, _csrf = new_session(state.store, user.id, state.settings.session_ttl)
    response = RedirectResponse("/scenarios", status_code=303)
    set_session_cookie(response, state, token)
    response.delete_cookie(csrf.LOGIN_COOKIE)
    return response


@router.post("/logout")
def logout(request: Request, session: PostLogin) -> Response:
    token = request.cookies.get(COOKIE)
    if token:
        end_session(state_of(request).store, token)
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(COOKIE)
    return response


def _admin_orgs(session: Login) -> list[tuple[int, str]]:
    return [(oid, name) for oid, (name, role) in sorted(session.user.roles.items())
            if role == "admin"]


@router.get("/admin/users", response_class=HTMLResponse)
def users_page(request: Request, session: Login, error: str | None = None,
               status_code: int = 200) -> HTMLResponse:
    orgs = _admin_orgs(session)
    if not orgs:
        raise HTTPException(status_code=403, detail="needs the role admin")
    users = list_users(state_of(request).store, tuple(oid for oid, _name in orgs))
    return render(request, "users.html",
                  {"users": users, "orgs": orgs, "roles": ROLES, "error": error},
                  session, status_code=status_code)


@router.post("/admin/users", response_class=HTMLResponse)
def add_user(
    request: Request,
    session: PostLogin,
    organisation_id: FormId,
    login: Annotated[str, Form(max_length=100)],
    password: Annotated[str, Form(max_length=1000)],
    role: Annotated[str, Form()],
    display_name: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    Access(session.user).require(organisation_id, "admin")
    store = state_of(request).store
    organisation = session.user.roles[organisation_id][0]
    try:
        create_user(acting(store, session.user.login), login, password,
                    organisation, role, display_name.strip() or None)
    except StoreError as exc:
        return users_page(request, session, exc.render(language(request)), 400)
    return RedirectResponse("/admin/users", status_code=303)


@router.get("/account", response_class=HTMLResponse)
def account_page(request: Request, session: Login, error: str | None = None,
                 status_code: int = 200) -> HTMLResponse:
    return render(request, "account.html", {"error": error}, session, status_code=status_code)


@router.post("/account/password", response_class=HTMLResponse)
def change_password(
    request: Request,
    session: PostLogin,
    current: Annotated[str, Form(max_length=1000)],
    new: Annotated[str, Form(max_length=1000)],
    again: Annotated[str, Form(max_length=1000)],
) -> Response:
    """A new password (the current one first, counted by the login rate limit); every
    session of the user ends, this one too, so the user logs in again."""
    state = state_of(request)
    _ = translator(language(request))
    login = session.user.login
    address = client_address(request)
    if retry_after(state, login, address) > 0:
        return account_page(request, session, _("Too many failed attempts; try again later."),
                            429)
    if authenticate(state.store, login, current) is None:
        record_failure(state, login, address)
        return account_page(request, session, _("The current password is wrong."), 400)
    if new != again:
        return account_page(request, session, _("The two new passwords differ."), 400)
    try:
        set_password(acting(state.store, login), login, new)
    except StoreError as exc:
        return account_page(request, session, exc.render(language(request)), 400)
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(COOKIE)
    return response
