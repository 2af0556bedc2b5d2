"""The store's schema: the shipped Alembic migrations build it from an empty database on
SQLite and PostgreSQL, go down and up again, and give exactly the models' schema."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from socinvest.store import NotUpgradedError, open_store
from socinvest.store import engine as store_engine
from socinvest.store.engine import (
    current_revision,
    downgrade,
    head_revision,
    make_engine,
    migrations_config,
    upgrade,
)
from socinvest.store.models import Base

pytest_plugins = ("store_backends",)

TABLES = {t.name for t in Base.metadata.sorted_tables}


def test_upgrade_from_empty_then_down_and_up_again(empty_url: str) -> None:
    engine = make_engine(empty_url)
    assert current_revision(engine) is None
    upgrade(engine)
    assert current_revision(engine) == head_revision()
    assert set(inspect(engine).get_table_names()) >= TABLES
    # Every earlier revision: down to the empty database and up again, one step at a time.
    revisions = list(ScriptDirectory.from_config(migrations_config()).walk_revisions())
    downgrade(engine, "base")
    assert not TABLES & set(inspect(engine).get_table_names())
    for script in reversed(revisions):
        upgrade(engine, script.revision)
        assert current_revision(engine) == script.revision
    engine.dispose()


def test_migrated_schema_equals_the_models(empty_url: str) -> None:
    engine = make_engine(empty_url)
    upgrade(engine)
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, Base.metadata)
    engine.dispose()
    assert differences == []


def test_a_database_not_upgraded_is_refused_with_what_to_do(empty_url: str) -> None:
    with pytest.raises(NotUpgradedError) as info:
        open_store(empty_url)
    english = info.value.render("en")
    assert "socinvest db upgrade" in english and "needs " + head_revision() in english
    assert "socinvest db upgrade" in info.value.render("sv")


def test_the_default_file_is_made_and_upgraded_when_opened(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "data" / "socinvest.db"
    monkeypatch.delenv(store_engine.ENV_URL, raising=False)
    monkeypatch.setattr(store_engine, "default_path", lambda: target)
    store = open_store(None)
    assert store.url == f"sqlite:///{target}"
    assert current_revision(store.engine) == head_revision()
    store.close()
    assert target.is_file()


def test_the_url_comes_from_the_option_then_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(store_engine.ENV_URL, "sqlite:///from-env.db")
    assert store_engine.resolve_url("sqlite:///given.db") == ("sqlite:///given.db", False)
    assert store_engine.resolve_url(None) == ("sqlite:///from-env.db", False)
    monkeypatch.delenv(store_engine.ENV_URL)
    url, is_default = store_engine.resolve_url(None)
    assert is_default and url.endswith("socinvest.db")


def test_sqlite_runs_with_foreign_keys_wal_and_a_busy_timeout(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'x.db'}")
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == (
            store_engine.SQLITE_BUSY_TIMEOUT_MS
        )
    engine.dispose()


def test_a_url_that_is_not_one_is_refused() -> None:
    from socinvest.store import StoreError

    with pytest.raises(StoreError) as info:
        make_engine("not a url")
    assert "expected a database URL" in info.value.render("en")


def test_postgresql_without_psycopg_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    from socinvest.store import DriverMissingError

    def no_driver(*_args: object, **_kwargs: object) -> None:
        raise ModuleNotFoundError("No module named 'psycopg'")

    monkeypatch.setattr(store_engine, "create_engine", no_driver)
    with pytest.raises(DriverMissingError) as info:
        make_engine("postgresql+psycopg://someone@db.example/socinvest")
    assert "pip install 'socinvest[postgres]'" in info.value.render("en")
    assert "pip install 'socinvest[postgres]'" in info.value.render("sv")
