"""What the store's commands share: the ``--db``, ``--user`` and ``--org`` options, opening
the store, and turning the store's refusals into messages and exit codes (2 for bad input: a
file with problems, a name or number that does not exist; 1 for the rest: a conflict, a
database not upgraded, a driver or program missing)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from socinvest.cli.common import EXIT_BAD_INPUT, T, echo_json, fail, terminal_safe
from socinvest.i18n import translator

if TYPE_CHECKING:
    from socinvest.store import Store, StoreError

# socinvest.store (SQLAlchemy, Alembic) is imported when a store command runs, not when the
# CLI starts: every other command starts half a second sooner.

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        help=T(
            "Database URL: sqlite:///FILE or postgresql+psycopg://USER@HOST/DB (default: "
            "SOCINVEST_DB, else socinvest.db in your user data folder)."
        ),
        show_default=False,
    ),
]
UserOption = Annotated[
    str | None,
    typer.Option(
        "--user",
        help=T("Who makes the change, for the audit log (default: your login name)."),
        show_default=False,
    ),
]
OrgOption = Annotated[
    str | None,
    typer.Option(
        "--org",
        help=T("The organisation (municipality, region, agency) the scenario belongs to."),
        show_default=False,
    ),
]


def store_failure(exc: StoreError, lang: str, as_json: bool = False) -> NoReturn:
    """Report a refusal of the store and exit: 2 for bad input, 1 otherwise."""
    from socinvest.store import BadFileError, NotFoundError

    if isinstance(exc, BadFileError):
        fail(exc.error, lang, as_json)
    code = EXIT_BAD_INPUT if isinstance(exc, NotFoundError) else 1
    message = exc.render(lang)
    if as_json:
        echo_json(
            {
                "ok": False,
                "error": type(exc).__name__,
                "message": message,
                "message_en": exc.render(None),
            }
        )
    else:
        _ = translator(lang)
        typer.secho(
            _("Error: {message}").format(message=terminal_safe(message)), err=True, fg="red"
        )
    raise typer.Exit(code)


@contextmanager
def store_errors(lang: str, as_json: bool = False) -> Iterator[None]:
    """Turn a :class:`StoreError` raised in the block into its message and exit code."""
    from socinvest.store import StoreError

    try:
        yield
    except StoreError as exc:
        store_failure(exc, lang, as_json)


@contextmanager
def opened_store(
    db: str | None, user: str | None, lang: str, as_json: bool = False, check: bool = True
) -> Iterator[Store]:
    """The open store (closed when the block ends); its refusals become messages."""
    from socinvest.store import open_store

    with store_errors(lang, as_json):
        store = open_store(db, actor=user, check=check)
        try:
            yield store
        finally:
            store.close()
