"""CSRF protection: every POST carries a token, compared in constant time.

A logged-in session has its own token (stored with the session); a form sends it as the
field ``csrf_token``, htmx and the API as the header ``X-CSRF-Token``. The login form,
before there is a session, uses a double-submit token: a random value in a short-lived
cookie and the same value in the form. A POST without the right token is refused with 403.
"""

from __future__ import annotations

import hmac
import secrets

from fastapi import HTTPException, Request

FIELD = "csrf_token"
HEADER = "X-CSRF-Token"
LOGIN_COOKIE = "socinvest_login_csrf"


def new_token() -> str:
    """A fresh random token."""
    return secrets.token_urlsafe(32)


def same(expected: str | None, given: str | None) -> bool:
    """Whether ``given`` equals ``expected`` (constant time; missing is never equal)."""
    if not expected or not given:
        return False
    return hmac.compare_digest(expected.encode("utf-8"), given.encode("utf-8"))


async def submitted_token(request: Request) -> str | None:
    """The token of a POST: the header, else the form field."""
    header = request.headers.get(HEADER)
    if header:
        return header
    content_type = request.headers.get("content-type", "")
    if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
        form = await request.form()
        value = form.get(FIELD)
        return value if isinstance(value, str) else None
    return None


async def require(request: Request, expected: str | None) -> None:
    """Refuse the request with 403 unless it carries ``expected``."""
    if not same(expected, await submitted_token(request)):
        raise HTTPException(status_code=403, detail="CSRF token missing or wrong")
