"""``socinvest investment decide|list|show``: investments decided on a stored scenario
version, with their budget per year and payer."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from socinvest.analysis.report_defaults import DEFAULT_REPORT_DRAWS
from socinvest.cli.common import Format, T, echo_json, fail, language_of, stdout_console
from socinvest.cli.options import FormatOption, LangOption, ParamsOption
from socinvest.cli.store_common import DbOption, OrgOption, UserOption, opened_store
from socinvest.i18n import N_, translator
from socinvest.params.errors import InputError, Problem
from socinvest.params.yaml_source import read_yaml_text

if TYPE_CHECKING:
    from socinvest.store import InvestmentRecord

DEFAULT_SCOPE = "kommun"
"""Whose figure a decision rests on without ``--scope`` (socinvest.store.investments')."""

investment_app = typer.Typer(
    name="investment",
    help=T(
        "Decided investments: which scenario version was decided, when, by which body, with "
        "what budget per year and payer."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def read_params(params: list[Path] | None, lang: str, as_json: bool) -> tuple[tuple[str, str], ...]:
    """The ``--params`` files as ``(name, text)`` pairs, in order (bad input if unreadable)."""
    files: list[tuple[str, str]] = []
    for path in params or []:
        try:
            files.append((str(path), read_yaml_text(path)))
        except InputError as exc:
            fail(exc, lang, as_json)
    return tuple(files)


def _date(text: str, lang: str, as_json: bool) -> date:
    try:
        return datetime.strptime(text, "%Y-%m-%d").date()
    except ValueError:
        fail(
            InputError(
                "--date",
                [
                    Problem.of(
                        "--date", N_("expected a date YYYY-MM-DD, found {found}"), found=repr(text)
                    )
                ],
            ),
            lang,
            as_json,
        )


@investment_app.command(
    "decide",
    help=T(
        "Record that a body (e.g. kommunfullmäktige) decided on a version of a stored "
        "scenario: the date, the budget per year and payer, whose figure it rests on."
    ),
)
def decide(
    scenario: Annotated[
        str, typer.Argument(help=T("The stored scenario's name."), show_default=False)
    ],
    version: Annotated[
        int, typer.Option("--version", "-v", min=1, help=T("The version decided on."))
    ],
    decision_date: Annotated[
        str, typer.Option("--date", help=T("Date of the decision, YYYY-MM-DD."))
    ],
    body: Annotated[
        str, typer.Option("--body", help=T("Who decided, e.g. kommunfullmäktige or socialnämnden."))
    ],
    budget: Annotated[
        Path | None,
        typer.Option(
            "--budget", help=T("Budget file (YAML): years, each with payer ids and amounts in SEK.")
        ),
    ] = None,
    scope: Annotated[
        str,
        typer.Option(
            "--scope",
            "-s",
            help=T("Whose figure the decision rests on: a payer id or a perspective."),
        ),
    ] = DEFAULT_SCOPE,
    seed: Annotated[
        int | None,
        typer.Option(
            "--seed",
            min=0,
            help=T("Seed of the forecast's draws (default: the scenario's)."),
            show_default=False,
        ),
    ] = None,
    draws: Annotated[
        int, typer.Option("--draws", min=0, help=T("Draws of the forecast."))
    ] = DEFAULT_REPORT_DRAWS,
    name: Annotated[
        str | None,
        typer.Option("--name", help=T("The investment's name (default: the scenario's).")),
    ] = None,
    run: Annotated[
        int | None,
        typer.Option(
            "--run",
            help=T("The stored run the decision was made on (socinvest runs list)."),
            show_default=False,
        ),
    ] = None,
    params: ParamsOption = None,
    org: OrgOption = None,
    db: DbOption = None,
    user: UserOption = None,
    lang: LangOption = None,
    output: FormatOption = Format.table,
) -> None:
    language = language_of(lang)
    as_json = output is Format.json
    _ = translator(language)
    when = _date(decision_date, language, as_json)
    budget_text = None
    if budget is not None:
        try:
            budget_text = read_yaml_text(budget)
        except InputError as exc:
            fail(exc, language, as_json)
    files = read_params(params, language, as_json)
    from socinvest.store import decide as store_decide

    with opened_store(db, user, language, as_json) as store:
        record = store_decide(
            store,
            scenario,
            version,
            when,
            body,
            name=name,
            organisation_name=org,
            budget_text=budget_text,
            budget_source=str(budget),
            scope=scope,
            seed=seed,
            draws=draws,
            run_id=run,
            params=files,
        )
    if as_json:
        echo_json(record.as_json())
        return
    stdout_console().print(
        _(
            "Investment {id} {name}: {body} decided on {scenario} version {version} on {date}."
        ).format(
            id=record.id,
            name=record.name,
            body=record.body,
            scenario=record.scenario_name,
            version=record.scenario_version,
            date=record.decision_date.isoformat(),
        )
    )


@investment_app.command("list", help=T("List the decided investments."))
def list_command(
    org: OrgOption = None,
    db: DbOption = None,
    lang: LangOption = None,
    output: FormatOption = Format.table,
) -> None:
    language = language_of(lang)
    as_json = output is Format.json
    _ = translator(language)
    from socinvest.store import list_investments

    with opened_store(db, None, language, as_json) as store:
        found = list_investments(store, org)
    if as_json:
        echo_json([r.as_json() for r in found])
        return
    if not found:
        stdout_console().print(_("No investments are recorded yet: socinvest investment decide"))
        return
    table = Table(
        _("Id"),
        _("Investment"),
        _("Organisation"),
        _("Scenario"),
        _("Version"),
        _("Decided"),
        _("Decided by"),
    )
    for r in found:
        table.add_row(
            str(r.id),
            r.name,
            r.organisation,
            r.scenario_name,
            str(r.scenario_version),
            r.decision_date.isoformat(),
            r.body,
        )
    stdout_console().print(table)


def show_record(record: InvestmentRecord, lang: str) -> None:
    """An investment in the terminal: the decision and its budget."""
    _ = translator(lang)
    console = stdout_console()
    console.print(
        _("Investment {id} {name} ({organisation})").format(
            id=record.id, name=record.name, organisation=record.organisation
        ),
        style="bold",
    )
    console.print(
        _(
            "{body} decided on {scenario} version {version} on {date}; scope {scope}, seed "
            "{seed}, {draws} draws."
        ).format(
            body=record.body,
            scenario=record.scenario_name,
            version=record.scenario_version,
            date=record.decision_date.isoformat(),
            scope=record.scope,
            seed=record.seed,
            draws=record.draws,
        )
    )
    if record.budget:
        table = Table(_("Year"), _("Payer"), _("Budget (SEK)"))
        for year, per_payer in sorted(record.budget.items()):
            for payer, amount in per_payer.items():
                table.add_row(str(year), payer, f"{amount:,.0f}".replace(",", " "))
        console.print(table)


@investment_app.command("show", help=T("Show a decided investment (by id or name)."))
def show(
    investment: Annotated[
        str, typer.Argument(help=T("The investment's id or name."), show_default=False)
    ],
    db: DbOption = None,
    lang: LangOption = None,
    output: FormatOption = Format.table,
) -> None:
    language = language_of(lang)
    as_json = output is Format.json
    from socinvest.store import get_investment

    with opened_store(db, None, language, as_json) as store:
        record = get_investment(store, investment)
    if as_json:
        echo_json(record.as_json())
        return
    show_record(record, language)


def register(app: typer.Typer) -> None:
    """Add the ``investment`` group to ``app``."""
    app.add_typer(investment_app, name="investment")
