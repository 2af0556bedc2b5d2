"""``socinvest db upgrade|current``, ``socinvest backup`` and ``socinvest restore``: the
store's schema and its backups."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from socinvest.cli.common import Format, T, echo_json, language_of, stdout_console
from socinvest.cli.options import FormatOption, LangOption
from socinvest.cli.store_common import DbOption, opened_store, store_errors
from socinvest.i18n import translator

db_app = typer.Typer(
    name="db",
    help=T("The database of the store: create it or bring its schema up to date."),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@db_app.command(
    "upgrade",
    help=T(
        "Create the database's tables, or bring them up to this version of socinvest "
        "(Alembic migrations; safe to run again)."
    ),
)
def db_upgrade(
    db: DbOption = None, lang: LangOption = None, output: FormatOption = Format.table
) -> None:
    from socinvest.store.engine import current_revision, display_url, upgrade

    language = language_of(lang)
    as_json = output is Format.json
    _ = translator(language)
    with opened_store(db, None, language, as_json, check=False) as store:
        before = current_revision(store.engine)
        upgrade(store.engine)
        after = current_revision(store.engine)
        url = display_url(store.url)
    if as_json:
        echo_json({"url": url, "from": before, "to": after})
        return
    if before == after:
        stdout_console().print(
            _("The database {url} is up to date (revision {revision}).").format(
                url=url, revision=after
            )
        )
    else:
        stdout_console().print(
            _("The database {url} was upgraded from revision {before} to {after}.").format(
                url=url, before=before or "-", after=after
            )
        )


@db_app.command("current", help=T("Show the database's URL and schema revision."))
def db_current(
    db: DbOption = None, lang: LangOption = None, output: FormatOption = Format.table
) -> None:
    from socinvest.store.engine import current_revision, display_url, head_revision

    language = language_of(lang)
    as_json = output is Format.json
    _ = translator(language)
    with opened_store(db, None, language, as_json, check=False) as store:
        current = current_revision(store.engine)
        url = display_url(store.url)
    head = head_revision()
    data = {"url": url, "revision": current, "head": head, "up_to_date": current == head}
    if as_json:
        echo_json(data)
        return
    stdout_console().print(_("Database: {url}").format(url=url))
    stdout_console().print(
        _("Schema revision: {current} (this version of socinvest: {head})").format(
            current=current or "-", head=head
        )
    )
    if current != head:
        stdout_console().print(_("Run socinvest db upgrade to bring it up to date."))


FileArgument = Annotated[Path, typer.Argument(help=T("The backup file."), show_default=False)]


def backup(
    file: FileArgument,
    db: DbOption = None,
    lang: LangOption = None,
    output: FormatOption = Format.table,
) -> None:
    from socinvest.store.backup import backup as backup_store
    from socinvest.store.engine import display_url

    language = language_of(lang)
    as_json = output is Format.json
    _ = translator(language)
    with opened_store(db, None, language, as_json) as store, store_errors(language, as_json):
        backup_store(store, file)
        url = display_url(store.url)
    if as_json:
        echo_json({"url": url, "backup": str(file)})
        return
    stdout_console().print(_("Backup of {url} written to {file}").format(url=url, file=file))


def restore(
    file: FileArgument,
    db: DbOption = None,
    lang: LangOption = None,
    output: FormatOption = Format.table,
) -> None:
    from socinvest.store.backup import restore as restore_store
    from socinvest.store.engine import display_url, resolve_url

    language = language_of(lang)
    as_json = output is Format.json
    _ = translator(language)
    resolved, _default = resolve_url(db)
    with (
        opened_store(db, None, language, as_json, check=False) as store,
        store_errors(language, as_json),
    ):
        restore_store(store, file)
    url = display_url(resolved)
    if as_json:
        echo_json({"url": url, "restored": str(file)})
        return
    stdout_console().print(
        _("The database {url} now holds the backup {file}.").format(url=url, file=file)
    )


def register(app: typer.Typer) -> None:
    """Add ``db``, ``backup`` and ``restore`` to ``app``."""
    app.add_typer(db_app, name="db")
    app.command(
        "backup",
        help=T(
            "Back up the whole store to FILE: SQLite's online backup (others may keep "
            "working), or pg_dump for PostgreSQL."
        ),
    )(backup)
    app.command(
        "restore",
        help=T(
            "Replace everything in the store, its audit log included, with the backup FILE "
            "(made by socinvest backup from the same kind of database)."
        ),
    )(restore)
