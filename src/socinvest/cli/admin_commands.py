"""``socinvest admin create-user|set-role|disable|enable``: the accounts of the web
application (``socinvest serve``), kept in the store; ``socinvest admin
create-token|list-tokens|revoke-token``: a user's personal API tokens for scripts.

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


TokenUserOption = Annotated[
    str, typer.Option("--user", help=T("The login name of the token's user."),
                      show_default=False)
]
ByOption = Annotated[
    str | None,
    typer.Option("--by", help=T("Who makes the change, for the audit log (default: your "
                                "login name)."), show_default=False),
]


@admin_app.command(
    "create-token",
    help=T(
        "Make a personal API token of a user, for scripts (Authorization: Bearer TOKEN on "
        "/api). The token is printed once; only its hash is stored."
    ),
)
def create_token(
    user: TokenUserOption,
    name: Annotated[str, typer.Option("--name", help=T("What the token is for."),
                                      show_default=False)],
    db: DbOption = None,
    by: ByOption = None,
    lang: LangOption = None,
) -> None:
    from socinvest.store.tokens import create_token as store_create_token

    language = language_of(lang)
    _ = translator(language)
    with opened_store(db, by, language) as store, store_errors(language):
        secret, made = store_create_token(store, user, name)
    typer.echo(_("Token {id} ({name}) of {login}; copy it now, it is not shown again:").format(
        id=made.id, name=made.name, login=made.login), err=True)
    typer.echo(secret)


@admin_app.command("list-tokens", help=T("List a user's API tokens (never the tokens "
                                         "themselves)."))
def list_tokens(user: TokenUserOption, db: DbOption = None, lang: LangOption = None) -> None:
    from socinvest.store.tokens import list_tokens as store_list_tokens

    language = language_of(lang)
    _ = translator(language)
    with opened_store(db, None, language) as store, store_errors(language):
        found = store_list_tokens(store, user)
    console = stdout_console()
    if not found:
        console.print(_("{login} has no tokens.").format(login=user))
    for token in found:
        used = (_("never used") if token.last_used_at is None
                else _("last used {when}").format(when=f"{token.last_used_at:%Y-%m-%d %H:%M}"))
        state = (_("active") if token.active
                 else _("revoked {when}").format(when=f"{token.revoked_at:%Y-%m-%d %H:%M}"))
        console.print(f"{token.id}\t{token.name}\t{token.created_at:%Y-%m-%d %H:%M}\t"
                      f"{used}\t{state}", markup=False, highlight=False)


@admin_app.command("revoke-token", help=T("Revoke one of a user's API tokens (at once)."))
def revoke_token(
    token_id: Annotated[int, typer.Argument(help=T("The token's id (list-tokens)."),
                                            show_default=False)],
    user: TokenUserOption,
    db: DbOption = None,
    by: ByOption = None,
    lang: LangOption = None,
) -> None:
    from socinvest.store.tokens import revoke_token as store_revoke_token

    language = language_of(lang)
    _ = translator(language)
    with opened_store(db, by, language) as store, store_errors(language):
        store_revoke_token(store, user, token_id)
    stdout_console().print(_("Token {id} of {login} revoked.").format(id=token_id, login=user))


def register(app: typer.Typer) -> None:
    """Add the ``admin`` group to ``app``."""
    app.add_typer(admin_app, name="admin")
