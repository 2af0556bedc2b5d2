"""``socinvest serve``: the web application (:mod:`socinvest.web`) on uvicorn.

The store must be at the newest schema (``socinvest db upgrade``); the first account is
made with ``socinvest admin create-user``. See docs/web.md.
"""

from __future__ import annotations

import gc
import os
from typing import Annotated

import typer

from socinvest.cli.common import EXIT_BAD_INPUT, T, language_of
from socinvest.cli.options import LangOption
from socinvest.cli.store_common import DbOption, store_errors
from socinvest.i18n import translator

LOOPBACK = ("127.0.0.1", "localhost", "::1")
SERVER_GC_THRESHOLDS = (700, 10, 10)
"""The cycle collector's thresholds while the server runs: Python's defaults."""


def serve(
    host: Annotated[str, typer.Option("--host", help=T("The address to listen on."))] = (
        "127.0.0.1"
    ),
    port: Annotated[int, typer.Option("--port", min=1, max=65535,
                                      help=T("The port to listen on."))] = 8000,
    db: DbOption = None,
    insecure_cookies: Annotated[
        bool,
        typer.Option(
            "--insecure-cookies",
            help=T(
                "Send the session cookie over plain http too (only on 127.0.0.1, for trying "
                "it out; behind HTTPS leave it off)."
            ),
        ),
    ] = False,
    behind_proxy: Annotated[
        str | None,
        typer.Option(
            "--behind-proxy",
            help=T(
                "The address of the reverse proxy in front (e.g. 127.0.0.1): its "
                "X-Forwarded-For and X-Forwarded-Proto headers are trusted, so that the login "
                "rate limit counts per client, not per proxy."
            ),
            show_default=False,
        ),
    ] = None,
    workers: Annotated[int, typer.Option("--jobs", min=1, max=16,
                                         help=T("Threads for long work (draws, reports)."))] = 2,
    lang: LangOption = None,
) -> None:
    language = language_of(lang)
    _ = translator(language)
    if insecure_cookies and host not in LOOPBACK:
        typer.secho(
            _("Error: --insecure-cookies is only allowed with --host 127.0.0.1: elsewhere the "
              "session cookie must travel over HTTPS only."),
            err=True, fg="red",
        )
        raise typer.Exit(EXIT_BAD_INPUT)
    import importlib.util

    missing = [m for m in ("fastapi", "uvicorn", "argon2") if importlib.util.find_spec(m) is None]
    if missing:
        typer.secho(
            _("Error: the web application needs its extra: pip install 'socinvest[web]' "
              "({error})").format(error=", ".join(missing)),
            err=True, fg="red",
        )
        raise typer.Exit(1)
    import uvicorn

    from socinvest.store import open_store

    # The store must open (reachable, at the newest schema) before the server starts; the
    # web layer opens its own from the same settings.
    with store_errors(language):
        open_store(db, actor="web").close()
    # The settings travel to socinvest.web.app.app_from_environment, which uvicorn imports by
    # name: the command line never imports the web layer (they are sibling layers).
    os.environ.update(
        {
            "SOCINVEST_WEB_SECURE_COOKIES": "0" if insecure_cookies else "1",
            "SOCINVEST_WEB_LANG": language,
            "SOCINVEST_WEB_JOBS": str(workers),
        }
    )
    if db is not None:
        os.environ["SOCINVEST_DB"] = db
    typer.echo(_("socinvest serves on http://{host}:{port}/ (stop with Ctrl+C)").format(
        host=host, port=port))
    # A server runs for days: Python's own collector thresholds, not the short commands'
    # (socinvest.cli.GC_THRESHOLDS), so cyclic garbage is freed as it would be anywhere.
    gc.set_threshold(*SERVER_GC_THRESHOLDS)
    uvicorn.run("socinvest.web.app:app_from_environment", factory=True, host=host, port=port,
                log_level="info", proxy_headers=behind_proxy is not None,
                forwarded_allow_ips=behind_proxy or "")


def register(app: typer.Typer) -> None:
    """Add ``serve`` to ``app``."""
    app.command(
        "serve",
        help=T(
            "Start the web application: scenarios, results per payer, reports, investments "
            "and their follow-up in the browser, with accounts and roles (see docs/web.md)."
        ),
    )(serve)
