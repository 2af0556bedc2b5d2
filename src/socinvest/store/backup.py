"""Backup and restore of the whole store.

SQLite: the online backup API of :mod:`sqlite3` (a consistent copy while others may be
writing). PostgreSQL: ``pg_dump --format=custom`` and ``pg_restore --clean
--single-transaction``, which must be installed (the PostgreSQL client programs).
A restore replaces everything in the database, its audit log included, with the backup.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy.engine import make_url

from socinvest.i18n import N_
from socinvest.params.errors import InputError, Message, Problem
from socinvest.store.engine import Store
from socinvest.store.errors import BadFileError, StoreError, ToolMissingError

SQLITE_MAGIC = b"SQLite format 3\x00"
PGDUMP_MAGIC = b"PGDMP"


def _sqlite_path(store: Store) -> str:
    database = make_url(store.url).database
    if not database or database == ":memory:":
        raise StoreError(Message.of(N_("an in-memory database cannot be backed up")))
    return str(Path(database).expanduser())


def _libpq_url(store: Store) -> str:
    url = make_url(store.url).set(drivername="postgresql")
    return url.render_as_string(hide_password=False)


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise ToolMissingError(
            Message.of(
                N_(
                    "{tool} is not installed: install the PostgreSQL client programs "
                    "(e.g. apt install postgresql-client) of the server's version"
                ),
                tool=name,
            )
        )
    return found


def _run(args: list[str], tool: str) -> None:
    done = subprocess.run(args, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise ToolMissingError(
            Message.of(
                N_("{tool} failed: {error}"),
                tool=tool,
                error=(done.stderr or done.stdout).strip()[-500:],
            )
        )


def backup(store: Store, target: Path) -> None:
    """Write a backup of the whole store to ``target`` (replaced if it exists)."""
    if store.dialect == "sqlite":
        source = sqlite3.connect(_sqlite_path(store))
        partial = target.with_name(target.name + ".partial")
        partial.unlink(missing_ok=True)
        try:
            copy = sqlite3.connect(partial)
            try:
                source.backup(copy)
            finally:
                copy.close()
        finally:
            source.close()
        partial.replace(target)
        return
    _run(
        [
            _tool("pg_dump"),
            "--format=custom",
            "--no-owner",
            f"--file={target}",
            f"--dbname={_libpq_url(store)}",
        ],
        "pg_dump",
    )


def _check_file(path: Path, magic: bytes, kind: Message) -> None:
    try:
        with path.open("rb") as handle:
            head = handle.read(len(magic))
    except OSError as exc:
        raise BadFileError(
            InputError(
                str(path),
                [Problem.of("", N_("cannot read the file: {error}"), error=exc.strerror or exc)],
            )
        ) from None
    if head != magic:
        raise BadFileError(
            InputError(
                str(path), [Problem.of("", N_("expected {kind}, found something else"), kind=kind)]
            )
        )


def restore(store: Store, source: Path) -> None:
    """Replace the store's content with the backup ``source`` (made by :func:`backup` from a
    database of the same kind)."""
    if store.dialect == "sqlite":
        _check_file(
            source, SQLITE_MAGIC, Message.of(N_("a SQLite backup made by socinvest backup"))
        )
        store.engine.dispose()
        backup_db = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            target = sqlite3.connect(_sqlite_path(store))
            try:
                backup_db.backup(target)
            finally:
                target.close()
        finally:
            backup_db.close()
        return
    _check_file(
        source,
        PGDUMP_MAGIC,
        Message.of(N_("a PostgreSQL backup made by socinvest backup (pg_dump's custom format)")),
    )
    store.engine.dispose()
    _run(
        [
            _tool("pg_restore"),
            "--clean",
            "--if-exists",
            "--single-transaction",
            "--no-owner",
            f"--dbname={_libpq_url(store)}",
            str(source),
        ],
        "pg_restore",
    )
