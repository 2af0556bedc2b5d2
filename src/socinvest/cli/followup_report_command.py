"""``socinvest followup report INVESTMENT --out FILE``: the follow-up report of a decided
investment for the committee (HTML, PDF or Excel; issue 13 item 5).

A thin command: the investment, its plan, its observations and its audit trail from the store
(:mod:`socinvest.store`), the follow-up computed by :func:`socinvest.analysis.followup.follow_up`,
the report written by :func:`socinvest.reports.followup_report.write_followup_report`.
:func:`register_report` adds it to the ``followup`` command group.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from socinvest.analysis.errors import OptionError
from socinvest.atomic_files import check_target
from socinvest.cli.common import (
    T,
    analysis_problem,
    cannot_write,
    fail,
    language_of,
    stdout_console,
)
from socinvest.cli.options import LangOption, SeedOption
from socinvest.cli.store_common import DbOption, UserOption, opened_store, store_errors
from socinvest.i18n import N_, translator
from socinvest.params.errors import InputError, Problem
from socinvest.reports.followup_labels import followup_labels
from socinvest.reports.formatting import money
from socinvest.reports.writer import report_format

EVALUATION_FIXED_COST = 100_000.0
"""Default fixed cost of a further local evaluation (SEK): an assumption (a few weeks of an
analyst's time), not a sourced figure; give your own with ``--evaluation-fixed-cost``."""

EVALUATION_COST_PER_PARTICIPANT_YEAR = 2_000.0
"""Default cost of following one participant (and one in the comparison group) for a year
(SEK): an assumption, not a sourced figure; give your own with ``--evaluation-cost``."""


def report(
    investment: Annotated[
        str, typer.Argument(help=T("The decided investment: its number or name."))
    ],
    out: Annotated[
        Path,
        typer.Option(
            "--out",
            "-o",
            help=T("The report file: .html (open it in a browser), .pdf or .xlsx."),
        ),
    ],
    lang: LangOption = None,
    scope: Annotated[
        str | None,
        typer.Option(
            "--scope",
            "-s",
            help=T(
                "The decision maker the follow-up is for: a payer id (kommun; a committee "
                "such as kommun.socialtjanst; region) or a perspective (public_finances, "
                "socio_economic). Default: the scope the investment was decided for."
            ),
            show_default=False,
        ),
    ] = None,
    draws: Annotated[
        int | None,
        typer.Option(
            "--draws",
            min=2,
            help=T(
                "Draws of the decided and the updated forecast and of the EVSI (default: as "
                "decided)."
            ),
            show_default=False,
        ),
    ] = None,
    seed: SeedOption = None,
    evaluation_years: Annotated[
        int,
        typer.Option(
            "--evaluation-years",
            min=1,
            max=20,
            help=T("Years the next local evaluation would follow its participants."),
        ),
    ] = 1,
    evaluation_cost: Annotated[
        float,
        typer.Option(
            "--evaluation-cost",
            min=0,
            help=T(
                "Cost in SEK of following one participant and one in the comparison group "
                "for a year (an assumption unless you give your own)."
            ),
        ),
    ] = EVALUATION_COST_PER_PARTICIPANT_YEAR,
    evaluation_fixed_cost: Annotated[
        float,
        typer.Option(
            "--evaluation-fixed-cost",
            min=0,
            help=T(
                "Fixed cost in SEK of the next local evaluation (an assumption unless you "
                "give your own)."
            ),
        ),
    ] = EVALUATION_FIXED_COST,
    db: DbOption = None,
    user: UserOption = None,
) -> None:
    from socinvest.analysis.evsi import EvsiSettings
    from socinvest.analysis.followup import FollowUpError, follow_up
    from socinvest.reports.followup_report import write_followup_report
    from socinvest.scenario.load import parse_scenario
    from socinvest.store import audit_trail, get_investment, get_observations, get_plan
    from socinvest.store.runs import library_with_params

    language = language_of(lang)
    _ = translator(language)
    if report_format(out) is None:
        problem = Problem.of(
            "--out",
            N_("expected a file name ending in .html, .pdf or .xlsx, found {found}"),
            found=out.name,
        )
        fail(InputError(str(out), [problem]), language)
    try:
        check_target(out)
    except OSError as exc:
        fail(InputError(str(out), [cannot_write(exc)]), language)
    with opened_store(db, user, language) as store, store_errors(language):
        decided = get_investment(store, investment)
        plan = get_plan(store, decided.id)
        observations = get_observations(store, decided.id)
        trail = audit_trail(store, decided.id)
        library = library_with_params(decided.params_files)
    if plan is None:
        problem = Problem.of(
            "investment",
            N_(
                "the investment {name} has no follow-up plan yet; add one with "
                "'socinvest followup plan {name} PLAN.yaml'"
            ),
            name=decided.name,
        )
        fail(InputError(decided.name, [problem]), language)
    source = f"{decided.scenario_name} v{decided.scenario_version}"
    try:
        scenario = parse_scenario(decided.scenario_text, source, library)
    except InputError as exc:
        fail(exc, language)
    evsi = EvsiSettings(
        years=evaluation_years,
        cost_per_participant_year=evaluation_cost,
        fixed_cost=evaluation_fixed_cost,
    )
    has_link = any(indicator.effect is not None for indicator in plan.indicators)
    try:
        result = follow_up(
            scenario,
            library,
            plan,
            observations,
            scope=scope or decided.scope,
            draws=draws or decided.draws,
            seed=decided.seed if seed is None else seed,
            evsi=evsi if has_link else None,
            investment=decided.name,
            audit=trail,
        )
    except FollowUpError as exc:
        fail(InputError(source, [Problem.from_message("", exc.text)]), language)
    except (OptionError, ValueError) as exc:
        fail(analysis_problem(exc, source), language)
    try:
        write_followup_report(
            result,
            out,
            lang=language,
            labels=followup_labels(scenario, language, plan, decided.name),
            plan=plan,
        )
    except OSError as exc:
        fail(InputError(str(out), [cannot_write(exc)]), language)
    console = stdout_console()
    console.print(_("Report written to {path}").format(path=out))
    if result.evsi is not None and (
        evaluation_cost == EVALUATION_COST_PER_PARTICIPANT_YEAR
        or evaluation_fixed_cost == EVALUATION_FIXED_COST
    ):
        console.print(
            _(
                "Note: the cost of the next evaluation is an assumption ({fixed} fixed, "
                "{per_year} per participant and year); give your own with "
                "--evaluation-fixed-cost and --evaluation-cost."
            ).format(
                fixed=money(evaluation_fixed_cost, language),
                per_year=money(evaluation_cost, language),
            )
        )


def register_report(followup_app: typer.Typer) -> None:
    """Add ``report`` to the ``followup`` command group."""
    followup_app.command(
        name="report",
        help=T(
            "Write the follow-up report of a decided investment for the committee: plan "
            "against actual, the forecast updated with local data beside the decided one, "
            "what the next evaluation is worth, and the audit trail (.html, .pdf or .xlsx)."
        ),
    )(report)


def register(app: typer.Typer) -> None:
    """Add the ``followup`` group, with ``report`` among its commands, to ``app``."""
    from socinvest.cli import followup_commands

    followup_commands.register(app)
    register_report(followup_commands.followup_app)
