"""Logging in and out, the admin's page of the organisation's users (new users, their
roles, disabling and enabling accounts), and the account page (the password, personal API
tokens)."""

from __future__ import annotations

import math
from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from socinvest.i18n import translator
from socinvest.store import NotFoundError, StoreError
from socinvest.store.tokens import create_token, list_tokens, revoke_token
from socinvest.store.users import (
    ROLES,
    authenticate,
    change_disabled,
    change_member_role,
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
from socinvest.web.ids import FormId, Id
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


def _users(request: Request, session: Login, error: str | None = None,
           status_code: int = 200) -> HTMLResponse:
    orgs = _admin_orgs(session)
    if not orgs:
        raise HTTPException(status_code=403, detail="needs the role admin")
    users = list_users(state_of(request).store, tuple(oid for oid, _name in orgs))
    return render(request, "users.html",
                  {"users": users, "orgs": orgs, "roles": ROLES, "error": error},
                  session, status_code=status_code)


@router.get("/admin/users", response_class=HTMLResponse)
def users_page(request: Request, session: Login) -> HTMLResponse:
    return _users(request, session)


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
        return _users(request, session, exc.render(language(request)), 400)
    return RedirectResponse("/admin/users", status_code=303)


@router.post("/admin/users/{user_id}/role", response_class=HTMLResponse)
def change_role(
    request: Request,
    session: PostLogin,
    user_id: Id,
    organisation_id: FormId,
    role: Annotated[str, Form(max_length=20)],
) -> Response:
    """An admin gives a member of their organisation another role (404 for a user of no
    organisation of the admin's, or not a member of this one; the organisation keeps an
    admin)."""
    store = state_of(request).store
    if not any(u.id == user_id for u in list_users(store, session.user.organisations())):
        raise HTTPException(status_code=404)
    Access(session.user).require(organisation_id, "admin")
    try:
        change_member_role(acting(store, session.user.login), user_id, organisation_id, role)
    except NotFoundError:
        raise
    except StoreError as exc:
        return _users(request, session, exc.render(language(request)), 400)
    return RedirectResponse("/admin/users", status_code=303)


def _set_disabled(request: Request, session: Login, user_id: int, disabled: bool) -> Response:
    """Disable or enable ``user_id``: a user of one of the admin's organisations (else 404),
    and of no organisation the admin does not administer (else refused: the account is
    theirs too)."""
    _ = translator(language(request))
    orgs = tuple(oid for oid, _name in _admin_orgs(session))
    store = state_of(request).store
    target = next((u for u in list_users(store, orgs) if u.id == user_id), None) if orgs \
        else None
    if target is None:
        raise HTTPException(status_code=404)
    if any(oid not in orgs for oid in target.roles):
        return _users(request, session, _(
            "{login} is also a member of an organisation you do not administer; an admin of "
            "every organisation of theirs, or socinvest admin disable|enable, can change the "
            "account.").format(login=target.login), 403)
    try:
        change_disabled(acting(store, session.user.login), user_id, disabled, session.user.id)
    except NotFoundError:
        raise
    except StoreError as exc:
        return _users(request, session, exc.render(language(request)), 400)
    return RedirectResponse("/admin/users", status_code=303)


@router.post("/admin/users/{user_id}/disable", response_class=HTMLResponse)
def disable_user(request: Request, session: PostLogin, user_id: Id) -> Response:
    """An admin stops a user of their organisations from logging in (their sessions and
    API tokens stop working); never their own account, nor an organisation's last admin."""
    return _set_disabled(request, session, user_id, True)


@router.post("/admin/users/{user_id}/enable", response_class=HTMLResponse)
def enable_user(request: Request, session: PostLogin, user_id: Id) -> Response:
    """An admin lets a disabled user of their organisations log in again."""
    return _set_disabled(request, session, user_id, False)


def _account(request: Request, session: Login, error: str | None = None,
             status_code: int = 200, new_token: str | None = None,
             token_error: str | None = None) -> HTMLResponse:
    tokens = list_tokens(state_of(request).store, session.user.login)
    return render(request, "account.html",
                  {"error": error, "tokens": tokens, "new_token": new_token,
                   "token_error": token_error},
                  session, status_code=status_code)


@router.get("/account", response_class=HTMLResponse)
def account_page(request: Request, session: Login) -> HTMLResponse:
    return _account(request, session)


@router.post("/account/tokens", response_class=HTMLResponse)
def new_token(
    request: Request,
    session: PostLogin,
    name: Annotated[str, Form(max_length=200)],
) -> Response:
    """A new personal API token of the user, shown once on the page that answers (only
    its hash is stored)."""
    store = acting(state_of(request).store, session.user.login)
    try:
        secret, _info = create_token(store, session.user.login, name)
    except StoreError as exc:
        return _account(request, session, token_error=exc.render(language(request)),
                        status_code=400)
    return _account(request, session, new_token=secret)


@router.post("/account/tokens/{token_id}/revoke")
def revoke(request: Request, session: PostLogin, token_id: Id) -> Response:
    """Revoke one of the user's tokens (another user's token answers 404)."""
    revoke_token(acting(state_of(request).store, session.user.login), session.user.login,
                 token_id)
    return RedirectResponse("/account", status_code=303)


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
        return _account(request, session, _("Too many failed attempts; try again later."), 429)
    if authenticate(state.store, login, current) is None:
        record_failure(state, login, address)
        return _account(request, session, _("The current password is wrong."), 400)
    if new != again:
        return _account(request, session, _("The two new passwords differ."), 400)
    try:
        set_password(acting(state.store, login), login, new)
    except StoreError as exc:
        return _account(request, session, exc.render(language(request)), 400)
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(COOKIE)
    return response
