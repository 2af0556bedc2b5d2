"""The application factory: :func:`create_app` builds the FastAPI application on a store.

Security headers on every answer (a strict Content-Security-Policy: scripts and styles from
the application only, no frames, no other origin), the pages, the JSON API under ``/api``,
the vendored htmx under ``/static``. No page loads anything from another site.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from datetime import timedelta
from importlib import resources

from fastapi import FastAPI, Request
from fastapi.exceptions import HTTPException
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from socinvest import __version__
from socinvest.store import NotFoundError, Store, open_store
from socinvest.web import (
    routes_api,
    routes_auth,
    routes_decide,
    routes_guided,
    routes_pages,
    routes_results,
    routes_views_api,
)
from socinvest.web.auth import NotLoggedInError, optional_session
from socinvest.web.jobs import JobTable
from socinvest.web.pages import render
from socinvest.web.ratelimit import RateLimiter
from socinvest.web.services import ResultsCache
from socinvest.web.settings import WebSettings, settings_from_environment
from socinvest.web.state import AppState

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'; "
    "object-src 'none'"
)


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api")


def app_from_environment() -> FastAPI:
    """The web application with its settings from the environment
    (:func:`socinvest.web.settings.settings_from_environment`): the factory ``socinvest serve``
    gives uvicorn by name, so that the command line does not import the web layer."""
    return create_app(settings_from_environment())


def create_app(settings: WebSettings | None = None, store: Store | None = None) -> FastAPI:
    """The web application on ``store`` (default: opened from ``settings.db``; it must be at
    the newest schema, see ``socinvest db upgrade``)."""
    settings = settings or WebSettings()
    opened = store or open_store(settings.db, actor="web")
    window = settings.failure_window / timedelta(seconds=1)
    state = AppState(
        settings=settings,
        store=opened,
        jobs=JobTable(settings.workers),
        limiter=RateLimiter(settings.max_failures, window),
        address_limiter=RateLimiter(settings.max_failures_per_address, window),
        results=ResultsCache(),
    )

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        state.jobs.shutdown()
        if store is None:
            opened.close()

    app = FastAPI(
        title="socinvest",
        version=__version__,
        description="Decision support for social investments: the JSON API of the web "
        "application. Log in through /login; POSTs carry the X-CSRF-Token header (GET "
        "/api/me). Scripts send a personal API token instead (Authorization: Bearer "
        "<token>; no CSRF token needed).",
        openapi_url="/api/openapi.json",
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.socinvest = state

    @app.middleware("http")
    async def security_headers(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        response = await call_next(request)
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Referrer-Policy"] = "same-origin"
        response.headers.setdefault("Cache-Control", "no-store")
        return response

    @app.exception_handler(NotLoggedInError)
    async def not_logged_in(request: Request, _exc: NotLoggedInError) -> Response:
        if _is_api(request):
            return JSONResponse({"detail": "not logged in"}, status_code=401)
        if request.headers.get("HX-Request"):
            return Response(status_code=401, headers={"HX-Redirect": "/login"})
        return RedirectResponse("/login", status_code=303)

    @app.exception_handler(NotFoundError)
    async def not_found(request: Request, _exc: NotFoundError) -> Response:
        return await http_error(request, HTTPException(status_code=404))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if _is_api(request) or request.url.path.startswith("/static"):
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code,
                                headers=exc.headers)
        return render(request, "error.html", {"status": exc.status_code},
                      optional_session(request), status_code=exc.status_code)

    static = resources.files("socinvest.web") / "static"
    app.mount("/static", StaticFiles(directory=str(static)), name="static")
    app.include_router(routes_api.router)
    app.include_router(routes_views_api.router)
    app.include_router(routes_auth.router, include_in_schema=False)
    app.include_router(routes_pages.router, include_in_schema=False)
    app.include_router(routes_decide.router, include_in_schema=False)
    app.include_router(routes_guided.router)
    app.include_router(routes_results.router, include_in_schema=False)
    return app
