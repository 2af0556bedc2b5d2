"""``socinvest admin create-user|set-role|disable|enable``: the accounts of the web
application (``socinvest serve``), kept in the store.

A password is read with a hidden prompt (twice) or, for scripts, from standard input with
``--password-stdin``; never from the command line, where other users of the machine could
see it in the process list and the shell keeps it in its history.
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from socinvest.cli.common import EXIT_BAD_INPUT, Lang, T, language_of, stdout_console
from socinvest.cli.options import LangOption
from socinvest.cli.store_common import DbOption, UserOption, opened_store, store_errors
from socinvest.i18n import translator

admin_app = typer.Typer(
    name="admin",
    help=T("Accounts of the web application: users, their roles per organisation."),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

LoginArgument = Annotated[str, typer.Argument(help=T("The user's login name."),
                                              show_default=False)]
RequiredOrgOption = Annotated[
    str, typer.Option("--org", help=T("The organisation (municipality, region, agency)."),
                      show_default=False)
]
RoleOption = Annotated[
    str,
    typer.Option(
        "--role",
        help=T("viewer (reads), analyst (also saves and runs) or admin (also manages users)."),
    ),
]


def _read_password(from_stdin: bool, lang: str) -> str:
    """The new password: the first line of standard input, or a hidden prompt twice."""
    _ = translator(lang)
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = typer.prompt(_("Password"), hide_input=True)
    second = typer.prompt(_("The same password again"), hide_input=True)
    if first != second:
        typer.secho(_("Error: the two passwords differ; nothing was saved."), err=True,
                    fg="red")
        raise typer.Exit(2)
    return str(first)


@admin_app.command(
    "create-user",
    help=T(
        "Create an account of the web application with a role in an organisation (the "
        "organisation is created if new). The password is asked for twice, hidden."
    ),
)
def create_user(
    login: LoginArgument,
    org: RequiredOrgOption,
    role: RoleOption = "viewer",
    name: Annotated[str | None, typer.Option("--name", help=T("The name shown (default: the "
                                                              "login name)."))] = None,
    password_stdin: Annotated[
        bool,
        typer.Option("--password-stdin", help=T("Read the password from standard input (the "
                                                "first line), for scripts.")),
    ] = False,
    db: DbOption = None,
    user: UserOption = None,
    lang: LangOption = None,
) -> None:
    from socinvest.store import StoreError
    from socinvest.store.users import check_new_password
    from socinvest.store.users import create_user as store_create_user

    language = language_of(lang)
    _ = translator(language)
    password = _read_password(password_stdin, language)
    try:
        check_new_password(password)
    except StoreError as exc:
        typer.secho(_("Error: {message}").format(message=exc.render(language)), err=True,
                    fg="red")
        raise typer.Exit(EXIT_BAD_INPUT) from None
    with opened_store(db, user, language) as store, store_errors(language):
        made = store_create_user(store, login, password, org, role, name)
    stdout_console().print(
        _("Created user {login} ({role} in {organisation}).").format(
            login=made.login, role=role, organisation=org
        )
    )


@admin_app.command(
    "set-role",
    help=T("Give a user a role in an organisation, or take it away with --remove."),
)
def set_role(
    login: LoginArgument,
    org: RequiredOrgOption,
    role: RoleOption = "viewer",
    remove: Annotated[bool, typer.Option("--remove", help=T("Remove the user from the "
                                                            "organisation."))] = False,
    db: DbOption = None,
    user: UserOption = None,
    lang: LangOption = None,
) -> None:
    from socinvest.store.users import set_role as store_set_role

    language = language_of(lang)
    _ = translator(language)
    with opened_store(db, user, language) as store, store_errors(language):
        store_set_role(store, login, org, None if remove else role)
    stdout_console().print(_("Roles of {login} updated.").format(login=login))


def _set_disabled(login: str, disabled: bool, db: str | None, user: str | None,
                  lang: Lang | None) -> None:
    from socinvest.store.users import set_disabled

    language = language_of(lang)
    _ = translator(language)
    with opened_store(db, user, language) as store, store_errors(language):
        set_disabled(store, login, disabled)
    message = _("{login} can no longer log in.") if disabled else _("{login} can log in again.")
    stdout_console().print(message.format(login=login))


@admin_app.command("disable", help=T("Stop a user from logging in (their sessions end)."))
def disable(login: LoginArgument, db: DbOption = None, user: UserOption = None,
            lang: LangOption = None) -> None:
    _set_disabled(login, True, db, user, lang)


@admin_app.command("enable", help=T("Let a disabled user log in again."))
def enable(login: LoginArgument, db: DbOption = None, user: UserOption = None,
           lang: LangOption = None) -> None:
    _set_disabled(login, False, db, user, lang)


def register(app: typer.Typer) -> None:
    """Add the ``admin`` group to ``app``."""
    app.add_typer(admin_app, name="admin")
