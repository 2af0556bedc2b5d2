"""The settings of the web application."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta


@dataclass(frozen=True)
class WebSettings:
    """How the web application runs.

    Attributes
    ----------
    db : str or None
        The store's URL (``None``: ``SOCINVEST_DB``, else the default SQLite file).
    secure_cookies : bool
        Send the session cookie only over HTTPS (``Secure``). Turn off only for plain
        http on 127.0.0.1 (development and tests): a browser does not send a Secure cookie
        over http.
    lang : str
        The language of a page when the user has not chosen one (``sv`` or ``en``).
    session_ttl : timedelta
        How long a login lasts.
    max_failures : int
        Failed logins of one login name from one address within ``failure_window`` after
        which further attempts are refused until the window has passed.
    max_failures_per_address : int
        The same for all login names from one address (password spraying).
    failure_window : timedelta
        The window of the rate limit.
    workers : int
        Threads for long work (draws, reports) off the request threads.
    report_draws : int
        Draws of the full report and of the results' uncertainty.
    """

    db: str | None = None
    secure_cookies: bool = True
    lang: str = "sv"
    session_ttl: timedelta = timedelta(hours=8)
    max_failures: int = 5
    max_failures_per_address: int = 20
    failure_window: timedelta = timedelta(minutes=15)
    workers: int = 2
    report_draws: int = 1000


ENVIRONMENT = {
    "db": "SOCINVEST_DB",
    "secure_cookies": "SOCINVEST_WEB_SECURE_COOKIES",
    "lang": "SOCINVEST_WEB_LANG",
    "workers": "SOCINVEST_WEB_JOBS",
}
"""The environment variables :func:`settings_from_environment` reads (``socinvest serve``
sets them and starts uvicorn on :func:`socinvest.web.app.app_from_environment`)."""


def settings_from_environment(environ: Mapping[str, str] | None = None) -> WebSettings:
    """The settings named in :data:`ENVIRONMENT` (the rest at their defaults).

    ``SOCINVEST_WEB_SECURE_COOKIES`` is ``0`` to turn the Secure flag off; anything else, or
    unset, leaves it on.
    """
    env = os.environ if environ is None else environ
    jobs = env.get(ENVIRONMENT["workers"], "")
    lang = env.get(ENVIRONMENT["lang"], "")
    return WebSettings(
        db=env.get(ENVIRONMENT["db"]) or None,
        secure_cookies=env.get(ENVIRONMENT["secure_cookies"], "1") != "0",
        lang=lang if lang in ("sv", "en") else WebSettings.lang,
        workers=int(jobs) if jobs.isdigit() and int(jobs) > 0 else WebSettings.workers,
    )
