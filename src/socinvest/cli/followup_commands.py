"""``socinvest followup plan|record``: the follow-up of a decided investment, read from files
into the store. ``followup report`` is added to :data:`followup_app` by
``register_report(followup_app)`` of its own module (see cli/main.py)."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Annotated

import typer

from socinvest.cli.common import Format, T, echo_json, fail, language_of, stdout_console
from socinvest.cli.options import FormatOption, LangOption
from socinvest.cli.store_common import DbOption, UserOption, opened_store
from socinvest.i18n import translator
from socinvest.params.errors import InputError
from socinvest.params.yaml_source import read_yaml_text

followup_app = typer.Typer(
    name="followup",
    help=T(
        "Follow up a decided investment: its plan per period, the observed reach, cost and "
        "indicators, and the report of plan against actual."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

InvestmentArgument = Annotated[
    str, typer.Argument(help=T("The investment's id or name."), show_default=False)
]


@followup_app.command(
    "plan",
    help=T(
        "Store the follow-up plan of an investment from a YAML file: periods, tolerance, "
        "planned reach, cost per payer and indicators (each may name the effect of the "
        "scenario it measures). Replaces an earlier plan; checked against the scenario."
    ),
)
def plan(
    investment: InvestmentArgument,
    file: Annotated[Path, typer.Argument(help=T("The plan file (YAML)."), show_default=False)],
    db: DbOption = None,
    user: UserOption = None,
    lang: LangOption = None,
    output: FormatOption = Format.table,
) -> None:
    language = language_of(lang)
    as_json = output is Format.json
    _ = translator(language)
    try:
        text = read_yaml_text(file)
    except InputError as exc:
        fail(exc, language, as_json)
    from socinvest.store import save_plan

    with opened_store(db, user, language, as_json) as store:
        stored = save_plan(store, investment, text, str(file))
    if as_json:
        echo_json({"investment": investment, "plan": asdict(stored)})
        return
    stdout_console().print(
        _("Plan stored for {investment}: {periods} periods, {indicators} indicators.").format(
            investment=investment, periods=len(stored.periods), indicators=len(stored.indicators)
        )
    )


@followup_app.command(
    "record",
    help=T(
        "Record observations from a CSV or Excel (.xlsx) file with the columns period, kind "
        "(reach, cost, indicator), indicator, payer, group, value, n, events. Every row is "
        "checked; a file with any problem changes nothing."
    ),
)
def record(
    investment: InvestmentArgument,
    file: Annotated[
        Path, typer.Argument(help=T("The observations file (.csv or .xlsx)."), show_default=False)
    ],
    db: DbOption = None,
    user: UserOption = None,
    lang: LangOption = None,
    output: FormatOption = Format.table,
) -> None:
    language = language_of(lang)
    as_json = output is Format.json
    _ = translator(language)
    from socinvest.store import record_observations

    with opened_store(db, user, language, as_json) as store:
        rows = record_observations(store, investment, file)
    if as_json:
        echo_json({"investment": investment, "file": str(file), "rows": len(rows)})
        return
    stdout_console().print(
        _("{count} observations recorded for {investment} from {file}.").format(
            count=len(rows), investment=investment, file=file
        )
    )


def register(app: typer.Typer) -> None:
    """Add the ``followup`` group (plan, record) to ``app``."""
    app.add_typer(followup_app, name="followup")
