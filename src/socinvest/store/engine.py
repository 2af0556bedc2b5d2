"""Where the store is and how it is opened: the URL, the engine with its SQLite settings, the
schema's migrations (Alembic, shipped in the package) and the :class:`Store` handle.

The URL is ``--db URL``, else the environment variable ``SOCINVEST_DB``, else a SQLite file
in the user's data folder (``platformdirs.user_data_dir("socinvest")/socinvest.db``). The
default file is created and upgraded to the newest schema when it is opened; any other
database must be upgraded on purpose with ``socinvest db upgrade`` (a shared PostgreSQL
database is not changed behind its owner's back).
"""

from __future__ import annotations

import getpass
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from socinvest.i18n import N_
from socinvest.params.errors import Message
from socinvest.store.errors import DriverMissingError, NotUpgradedError, StoreError

ENV_URL = "SOCINVEST_DB"
"""The environment variable with the database URL."""

SQLITE_BUSY_TIMEOUT_MS = 10_000
"""How long a SQLite writer waits for another one to finish before giving up."""


def default_path() -> Path:
    """The default SQLite file: ``socinvest.db`` in the user's data folder."""
    from platformdirs import user_data_dir

    return Path(user_data_dir("socinvest", appauthor=False)) / "socinvest.db"


def resolve_url(url: str | None) -> tuple[str, bool]:
    """The database URL (``--db``, else ``SOCINVEST_DB``, else the default file) and whether
    it is the default file."""
    if url:
        return url, False
    env = os.environ.get(ENV_URL, "").strip()
    if env:
        return env, False
    return f"sqlite:///{default_path()}", True


def _sqlite_settings(engine: Engine) -> None:
    """Foreign keys on, WAL, a busy timeout; transactions begun by us, not by pysqlite, so
    that reads inside one see a single snapshot (SQLAlchemy's documented recipe)."""

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN")


def display_url(url: str) -> str:
    """The URL with any password hidden."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


def make_engine(url: str) -> Engine:
    """An engine for ``url``; a SQLite file's folder is created.

    Raises
    ------
    DriverMissingError
        For PostgreSQL without psycopg installed.
    StoreError
        For a URL that is not one.
    """
    try:
        parsed: URL = make_url(url)
    except ArgumentError:
        raise StoreError(
            Message.of(
                N_(
                    "expected a database URL such as sqlite:///path/to/file.db or "
                    "postgresql+psycopg://user@host/database, found {url}"
                ),
                url=repr(url),
            )
        ) from None
    backend = parsed.get_backend_name()
    if backend == "postgresql" and parsed.get_driver_name() in ("psycopg2", "psycopg2cffi"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    if backend == "sqlite" and parsed.database and parsed.database != ":memory:":
        Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    try:
        if backend == "postgresql":
            engine = create_engine(parsed, pool_pre_ping=True)
        else:
            engine = create_engine(parsed)
    except (ModuleNotFoundError, NoSuchModuleError) as exc:
        if backend == "postgresql":
            raise DriverMissingError(
                Message.of(
                    N_(
                        "PostgreSQL needs the psycopg driver: pip install 'socinvest[postgres]' "
                        "({error})"
                    ),
                    error=exc,
                )
            ) from None
        raise StoreError(Message.of(N_("cannot use this database: {error}"), error=exc)) from None
    if backend == "sqlite":
        _sqlite_settings(engine)
    return engine


def migrations_config(connection: Any | None = None, url: str | None = None) -> Config:
    """The Alembic configuration of the migrations shipped in ``socinvest/store/migrations``;
    ``connection`` (if given) is the one the migrations run on."""
    config = Config()
    location = resources.files("socinvest.store") / "migrations"
    config.set_main_option("script_location", str(location))
    if url is not None:
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    """The newest revision of the shipped migrations."""
    head = ScriptDirectory.from_config(migrations_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at (``None`` for an empty database)."""
    try:
        with engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()
    except OperationalError as exc:
        raise StoreError(
            Message.of(N_("cannot open the database: {error}"), error=exc.orig or exc)
        ) from None


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Run the migrations up to ``revision`` on ``engine``'s database."""
    with engine.begin() as connection:
        command.upgrade(migrations_config(connection), revision)


def downgrade(engine: Engine, revision: str) -> None:
    """Run the migrations down to ``revision`` (``"base"``: an empty database)."""
    with engine.begin() as connection:
        command.downgrade(migrations_config(connection), revision)


def current_user() -> str:
    """The operating system's user name (the default actor of the audit log)."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


@dataclass
class Store:
    """An open store: the engine, its sessions and who is acting (for the audit log)."""

    engine: Engine
    url: str
    actor: str = field(default_factory=current_user)
    sessions: sessionmaker[Session] = field(init=False)

    def __post_init__(self) -> None:
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)

    @property
    def dialect(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return self.engine.dialect.name

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One transaction: committed when the block ends, rolled back if it raises."""
        with self.sessions() as session, session.begin():
            yield session

    def close(self) -> None:
        """Release the connections."""
        self.engine.dispose()


def open_store(url: str | None = None, actor: str | None = None, check: bool = True) -> Store:
    """Open the store at ``url`` (see the module text for the default).

    The default SQLite file is created and upgraded when needed; another database must be at
    the newest schema (``check=False`` skips that, for ``socinvest db upgrade``).

    Raises
    ------
    NotUpgradedError
        If the database is empty or at an older (or newer) revision.
    DriverMissingError, StoreError
        If it cannot be opened.
    """
    resolved, is_default = resolve_url(url)
    engine = make_engine(resolved)
    store = Store(engine, resolved, actor or current_user())
    if check:
        current = current_revision(engine)
        head = head_revision()
        if current != head:
            if is_default:
                upgrade(engine)
            else:
                engine.dispose()
                raise NotUpgradedError(
                    Message.of(
                        N_(
                            "the database {url} is at schema revision {current}, this version "
                            "of socinvest needs {head}: run socinvest db upgrade --db {url}"
                        ),
                        url=display_url(resolved),
                        current=current or "-",
                        head=head,
                    )
                )
    return store
