"""Alembic's environment for the store: runs on the connection the caller passes in
``config.attributes["connection"]`` (see :func:`socinvest.store.engine.upgrade`), else on
an engine made from ``sqlalchemy.url``. SQLite tables are altered in batch mode (copy and
rename), which SQLite needs for most changes."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from socinvest.store.engine import make_engine
from socinvest.store.models import Base


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    """Run the migrations on the given connection, or on a new one to ``sqlalchemy.url``."""
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    url = context.config.get_main_option("sqlalchemy.url")
    assert url is not None
    engine = make_engine(url)
    with engine.begin() as own:
        _run(own)
    engine.dispose()


run_migrations_online()
