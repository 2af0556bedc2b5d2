"""Who is asking: the session cookie, the logged-in user, their roles, and the login with
its rate limit.

The session cookie holds a random token (the store keeps only its SHA-256); it is
``HttpOnly``, ``SameSite=Lax`` and ``Secure`` unless the settings turn that off for plain
http on 127.0.0.1. Under ``/api`` a script may instead send ``Authorization: Bearer
<token>`` with a personal API token (:mod:`socinvest.store.tokens`): it acts as its user, and
its POSTs need no CSRF token (a browser never adds that header by itself, so another site
cannot make a browser send it; CSRF rides on cookies only). A bearer header that is given is
the one used: an unknown or revoked token answers 401 even with a valid cookie.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, HTTPException, Request, Response
from fastapi.security import APIKeyCookie, HTTPAuthorizationCredentials, HTTPBearer

from socinvest.store.tokens import user_of_token
from socinvest.store.users import ROLES, SessionInfo, UserInfo, session_of
from socinvest.web import csrf
from socinvest.web.state import AppState, state_of

COOKIE = "socinvest_session"

BEARER = HTTPBearer(
    auto_error=False,
    scheme_name="bearerToken",
    description="A personal API token (made on the account page or with `socinvest admin "
    "create-token`): `Authorization: Bearer <token>`. It acts as its user; POSTs need no "
    "CSRF token.",
)
"""The bearer scheme of the API (in the OpenAPI description)."""

SESSION_COOKIE = APIKeyCookie(
    name=COOKIE,
    auto_error=False,
    scheme_name="sessionCookie",
    description="The session cookie of a login through /login; POSTs carry the session's "
    "CSRF token in the header X-CSRF-Token (GET /api/me gives it).",
)
"""The cookie scheme of the API (in the OpenAPI description)."""

INVALID_TOKEN = "invalid or revoked token"


class NotLoggedInError(Exception):
    """The request needs a login (a page redirects to the login form, the API says 401)."""


def client_address(request: Request) -> str:
    """The peer's address (behind a reverse proxy, run uvicorn with --proxy-headers)."""
    return request.client.host if request.client is not None else "unknown"


def set_session_cookie(response: Response, state: AppState, token: str) -> None:
    """Send the session cookie."""
    response.set_cookie(
        COOKIE,
        token,
        max_age=int(state.settings.session_ttl.total_seconds()),
        httponly=True,
        secure=state.settings.secure_cookies,
        samesite="lax",
        path="/",
    )


def optional_session(request: Request) -> SessionInfo | None:
    """The live session of the request's cookie, if any."""
    token = request.cookies.get(COOKIE)
    if not token:
        return None
    return session_of(state_of(request).store, token)


def bearer_session(request: Request, token: str) -> SessionInfo:
    """The user of a personal API token, as a session marked ``bearer`` (401 with a JSON
    error if the token is unknown, revoked or its user disabled)."""
    user = user_of_token(state_of(request).store, token)
    if user is None:
        raise HTTPException(
            status_code=401,
            detail=INVALID_TOKEN,
            headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
        )
    return SessionInfo(user, "", None, bearer=True)


def logged_in(
    request: Request,
    bearer: Annotated[HTTPAuthorizationCredentials | None, Depends(BEARER)] = None,
    _cookie: Annotated[str | None, Depends(SESSION_COOKIE)] = None,
) -> SessionInfo:
    """The session of a request that needs one: under ``/api`` a bearer token when one is
    given, else the session cookie."""
    if bearer is not None and request.url.path.startswith("/api"):
        return bearer_session(request, bearer.credentials)
    found = optional_session(request)
    if found is None:
        raise NotLoggedInError
    return found


Login = Annotated[SessionInfo, Depends(logged_in)]


async def checked_post(request: Request, found: Login) -> SessionInfo:
    """The session of a POST, which must carry the session's CSRF token (else 403); a
    bearer-authenticated API request has no cookie to forge and needs none."""
    if found.bearer:
        return found
    await csrf.require(request, found.csrf_token)
    return found


PostLogin = Annotated[SessionInfo, Depends(checked_post)]


@dataclass(frozen=True)
class Access:
    """The organisations a user may read, and those where they may write."""

    user: UserInfo

    @property
    def readable(self) -> tuple[int, ...]:
        """Organisations where the user is at least a viewer."""
        return self.user.organisations("viewer")

    def require(self, organisation_id: int, role: str) -> None:
        """Refuse (404 outside the user's organisations, 403 with too low a role)."""
        have = self.user.role_in(organisation_id)
        if have is None:
            raise HTTPException(status_code=404)
        if ROLES.index(have) < ROLES.index(role):
            raise HTTPException(status_code=403, detail=f"needs the role {role}")


def retry_after(state: AppState, login: str, address: str) -> float:
    """Seconds until a login of ``login`` from ``address`` may be tried (0: now)."""
    return max(
        state.limiter.retry_after(f"{login.lower()}|{address}"),
        state.address_limiter.retry_after(address),
    )


def record_failure(state: AppState, login: str, address: str) -> None:
    """Count a failed login."""
    state.limiter.fail(f"{login.lower()}|{address}")
    state.address_limiter.fail(address)


def record_success(state: AppState, login: str, address: str) -> None:
    """Forget the failures of this login name from this address."""
    state.limiter.clear(f"{login.lower()}|{address}")
