"""``socinvest scenario save|list|show|diff``: scenarios kept in the store as immutable,
numbered versions."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from socinvest.cli.common import (
    Format,
    T,
    echo_json,
    fail,
    language_of,
    library_with,
    stdout_console,
)
from socinvest.cli.options import FormatOption, LangOption, ParamsOption
from socinvest.cli.store_common import DbOption, OrgOption, UserOption, opened_store
from socinvest.i18n import translator
from socinvest.params.errors import InputError
from socinvest.params.yaml_source import read_yaml_text

DEFAULT_ORGANISATION = "default"
"""The organisation of a scenario saved without ``--org`` (socinvest.store.common's)."""

scenario_app = typer.Typer(
    name="scenario",
    help=T(
        "Scenarios kept in the store: every saved edit is a new, numbered version that is "
        "never changed; show and compare versions."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

NameArgument = Annotated[
    str, typer.Argument(help=T("The scenario's name in the store."), show_default=False)
]


@scenario_app.command(
    "save",
    help=T(
        "Save a scenario file as a new version (named after its id unless --name). The same "
        "content again returns the version that has it; an edit makes the next version."
    ),
)
def save(
    file: Annotated[Path, typer.Argument(help=T("Scenario file (YAML)."), show_default=False)],
    name: Annotated[
        str | None,
        typer.Option("--name", help=T("Name in the store (default: the scenario's id).")),
    ] = None,
    org: OrgOption = None,
    params: ParamsOption = None,
    db: DbOption = None,
    user: UserOption = None,
    lang: LangOption = None,
    output: FormatOption = Format.table,
) -> None:
    from socinvest.store import save_scenario as store_save

    language = language_of(lang)
    as_json = output is Format.json
    _ = translator(language)
    try:
        text = read_yaml_text(file)
    except InputError as exc:
        fail(exc, language, as_json)
    library = library_with(params, language, as_json)
    with opened_store(db, user, language, as_json) as store:
        version = store_save(store, text, str(file), name, org or DEFAULT_ORGANISATION, library)
    if as_json:
        echo_json({**version.as_json(), "created": version.created})
        return
    template = (
        _("Saved {name} version {number} ({organisation}).")
        if version.created
        else _(
            "{name} version {number} ({organisation}) has this content already; nothing new "
            "was saved."
        )
    )
    stdout_console().print(
        template.format(
            name=version.scenario, number=version.number, organisation=version.organisation
        )
    )


@scenario_app.command("list", help=T("List the stored scenarios and their versions."))
def list_command(
    org: OrgOption = None,
    db: DbOption = None,
    lang: LangOption = None,
    output: FormatOption = Format.table,
) -> None:
    language = language_of(lang)
    as_json = output is Format.json
    _ = translator(language)
    from socinvest.store import list_scenarios

    with opened_store(db, None, language, as_json) as store:
        found = list_scenarios(store, org)
    if as_json:
        echo_json(
            [
                {
                    "name": s.name,
                    "organisation": s.organisation,
                    "versions": s.versions,
                    "latest_at": s.latest_at.isoformat(),
                }
                for s in found
            ]
        )
        return
    if not found:
        stdout_console().print(_("No scenarios are stored yet: socinvest scenario save FILE"))
        return
    table = Table(_("Scenario"), _("Organisation"), _("Versions"), _("Latest saved (UTC)"))
    for s in found:
        table.add_row(
            s.name, s.organisation, str(s.versions), s.latest_at.strftime("%Y-%m-%d %H:%M")
        )
    stdout_console().print(table)


@scenario_app.command(
    "show", help=T("Show a stored scenario's versions, or the YAML of one with --version.")
)
def show(
    name: NameArgument,
    version: Annotated[
        int | None, typer.Option("--version", "-v", min=1, help=T("The version's number."))
    ] = None,
    org: OrgOption = None,
    db: DbOption = None,
    lang: LangOption = None,
    output: FormatOption = Format.table,
) -> None:
    language = language_of(lang)
    as_json = output is Format.json
    _ = translator(language)
    from socinvest.store import get_version, list_versions

    with opened_store(db, None, language, as_json) as store:
        if version is not None:
            one = get_version(store, name, version, org)
            if as_json:
                echo_json(one.as_json(with_text=True))
            else:
                typer.echo(one.text, nl=not one.text.endswith("\n"))
            return
        versions = list_versions(store, name, org)
    if as_json:
        echo_json([v.as_json() for v in versions])
        return
    table = Table(_("Version"), _("Saved (UTC)"), _("By"), _("Content hash"))
    for v in versions:
        table.add_row(
            str(v.number),
            v.created_at.strftime("%Y-%m-%d %H:%M"),
            v.created_by,
            v.content_hash[:12],
        )
    stdout_console().print(table)


@scenario_app.command(
    "diff", help=T("Show what changed from one version to another, as a unified diff.")
)
def diff(
    name: NameArgument,
    first: Annotated[int, typer.Argument(help=T("The earlier version."), min=1)],
    second: Annotated[int, typer.Argument(help=T("The later version."), min=1)],
    org: OrgOption = None,
    db: DbOption = None,
    lang: LangOption = None,
    output: FormatOption = Format.table,
) -> None:
    language = language_of(lang)
    as_json = output is Format.json
    _ = translator(language)
    from socinvest.store import diff_versions

    with opened_store(db, None, language, as_json) as store:
        text = diff_versions(store, name, first, second, org)
    if as_json:
        echo_json({"scenario": name, "from": first, "to": second, "diff": text})
        return
    if not text:
        stdout_console().print(
            _("Versions {first} and {second} of {name} have the same text.").format(
                first=first, second=second, name=name
            )
        )
        return
    typer.echo(text, nl=False)


def register(app: typer.Typer) -> None:
    """Add the ``scenario`` group to ``app``."""
    app.add_typer(scenario_app, name="scenario")
