"""What one running application holds: its settings, the store, the job table, the login
rate limits and the cache of results."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import Request

from socinvest.store import Store
from socinvest.web.jobs import JobTable
from socinvest.web.ratelimit import RateLimiter
from socinvest.web.services import ResultsCache
from socinvest.web.settings import WebSettings


@dataclass
class AppState:
    """The application's state (``app.state.socinvest``)."""

    settings: WebSettings
    store: Store
    jobs: JobTable
    limiter: RateLimiter
    address_limiter: RateLimiter
    results: ResultsCache


def state_of(request: Request) -> AppState:
    """The state of the application serving ``request``."""
    found = request.app.state.socinvest
    assert isinstance(found, AppState)
    return found


def acting(store: Store, login: str) -> Store:
    """The store with ``login`` as the actor of its audit log entries (the same engine)."""
    return Store(store.engine, store.url, login)
