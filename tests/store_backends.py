"""Databases for the store's tests: a SQLite file under tmp_path, and a uniquely named
PostgreSQL database on 127.0.0.1:5432 (user postgres) made for one test and dropped after.

A test module loads the fixtures with ``pytest_plugins = ("store_backends",)``; a test
that takes ``store``, ``db_url`` or ``empty_url`` then runs on both databases.
PostgreSQL tests are skipped, with the reason, only when no server answers.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from socinvest.store import Store, open_store
from socinvest.store.engine import make_engine, upgrade

PG_HOST = os.environ.get("SOCINVEST_TEST_PG_HOST", "127.0.0.1")
PG_PORT = int(os.environ.get("SOCINVEST_TEST_PG_PORT", "5432"))
PG_USER = os.environ.get("SOCINVEST_TEST_PG_USER", "postgres")
BACKENDS = ("sqlite", "postgresql")


def _admin() -> Any:
    import psycopg

    return psycopg.connect(
        host=PG_HOST,
        port=PG_PORT,
        user=PG_USER,
        dbname="postgres",
        autocommit=True,
        connect_timeout=3,
    )


@cache
def postgres_missing() -> str | None:
    """Why PostgreSQL cannot be used (``None`` when it can)."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return "psycopg is not installed (pip install 'socinvest[postgres]')"
    try:
        with _admin() as connection:
            connection.execute("SELECT 1")
    except Exception as exc:
        return f"no PostgreSQL server answers on {PG_HOST}:{PG_PORT} as {PG_USER}: {exc}"
    return None


@contextmanager
def postgres_database() -> Iterator[str]:
    """A new, empty database; its URL; dropped (connections ended) afterwards."""
    reason = postgres_missing()
    if reason is not None:
        pytest.skip(reason)
    name = f"socinvest_t_{uuid.uuid4().hex[:16]}"
    with _admin() as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgresql+psycopg://{PG_USER}@{PG_HOST}:{PG_PORT}/{name}"
    finally:
        with _admin() as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def empty_database(backend: str, folder: Path) -> Iterator[str]:
    """The URL of a new, empty database of ``backend``."""
    if backend == "sqlite":
        yield f"sqlite:///{folder / 'store.db'}"
    else:
        with postgres_database() as url:
            yield url


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    """``sqlite`` or ``postgresql``."""
    return str(request.param)


@pytest.fixture
def empty_url(backend: str, tmp_path: Path) -> Iterator[str]:
    """The URL of a new, empty database (no tables)."""
    with empty_database(backend, tmp_path) as url:
        yield url


@pytest.fixture
def db_url(empty_url: str) -> str:
    """The URL of a new database at the newest schema."""
    engine = make_engine(empty_url)
    upgrade(engine)
    engine.dispose()
    return empty_url


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    """An open store on a new database, acting as ``tester``."""
    opened = open_store(db_url, actor="tester")
    yield opened
    opened.close()
