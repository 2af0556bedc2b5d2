"""Rendering the pages: the Jinja2 templates (autoescaped) with ``_`` in the page's
language, which is ``?lang=sv|en`` (remembered in a cookie), else the cookie, else the
application's default (Swedish)."""

from __future__ import annotations

from functools import cache
from typing import Any

import jinja2
from fastapi import Request
from fastapi.responses import HTMLResponse

from socinvest import __version__
from socinvest.i18n import LANGUAGES, translator
from socinvest.store.users import SessionInfo
from socinvest.web.state import state_of

LANG_COOKIE = "socinvest_lang"


@cache
def environment() -> jinja2.Environment:
    """The templates' environment (autoescaped, strict)."""
    return jinja2.Environment(
        loader=jinja2.PackageLoader("socinvest.web", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def figure(value: float, lang: str) -> str:
    """A study's figure as written (its own digits) with the language's decimal mark and a
    true minus sign: ``-0.44`` is ``−0,44`` in Swedish, ``−0.44`` in English."""
    text = f"{value:g}".replace("-", "\u2212")
    return text.replace(".", ",") if lang == "sv" else text


def language(request: Request) -> str:
    """The page's language."""
    asked = request.query_params.get("lang", "").lower()
    if asked in LANGUAGES:
        return asked
    remembered = request.cookies.get(LANG_COOKIE, "").lower()
    if remembered in LANGUAGES:
        return remembered
    return state_of(request).settings.lang


def render(
    request: Request,
    template: str,
    context: dict[str, Any],
    session: SessionInfo | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    """The page ``template`` with ``context``, the user and their CSRF token."""
    lang = language(request)
    page = environment().get_template(template).render(
        _=translator(lang),
        lang=lang,
        other_lang="en" if lang == "sv" else "sv",
        path=request.url.path,
        user=None if session is None else session.user,
        csrf_token="" if session is None else session.csrf_token,
        app_version=__version__,
        figure=lambda value: figure(value, lang),
        **context,
    )
    response = HTMLResponse(page, status_code=status_code)
    asked = request.query_params.get("lang", "").lower()
    if asked in LANGUAGES:
        response.set_cookie(LANG_COOKIE, asked, max_age=365 * 24 * 3600, samesite="lax",
                            httponly=True, secure=state_of(request).settings.secure_cookies)
    return response
