"""``socinvest followup report INVESTMENT --out FILE``: the follow-up report of a decided
investment for the committee (HTML, PDF or Excel; issue 13 item 5).

A thin command: the investment, its plan, its observations and its audit trail from the store
(:mod:`socinvest.store`), the follow-up computed by :func:`socinvest.analysis.followup.follow_up`,
the report written by :func:`socinvest.reports.followup_report.write_followup_report`.
:func:`register_report` adds it to the ``followup`` command group.
"""

from __future__ import annotations

import dataclasses
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
    library_with,
    stdout_console,
)
from socinvest.cli.options import LangOption, SeedOption
from socinvest.i18n import N_, translator
from socinvest.params.errors import InputError, Problem
from socinvest.reports.writer import report_format
from socinvest.scenario.validate import payer_tree_of

DEFAULT_DRAWS = 1000
"""Draws of the re-forecast (and the EVSI's regression) when ``--draws`` is not given."""


def _labels(scenario: object, lang: str, plan: object) -> dict[str, str]:
    """Labels in ``lang`` of the scenario's payers (with its own committees), its
    alternatives and the plan's indicators."""
    from socinvest.scenario.model import Scenario, text_in

    labels: dict[str, str] = {}
    if isinstance(scenario, Scenario):
        labels.update({p.id: p.label(lang) for p in payer_tree_of(scenario).payers})
        for alternative in scenario.alternatives:
            labels[alternative.id] = text_in(alternative.label, lang, alternative.id)
    for indicator in getattr(plan, "indicators", ()):
        labels[indicator.id] = indicator.label_sv if lang == "sv" else indicator.label_en
    return labels


def report(
    investment: Annotated[str, typer.Argument(help=T("The decided investment's id."))],
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
        str,
        typer.Option(
            "--scope",
            "-s",
            help=T(
                "The decision maker the follow-up is for: a payer id (kommun, the default; a "
                "committee such as kommun.socialtjanst; region) or a perspective "
                "(public_finances, socio_economic)."
            ),
        ),
    ] = "kommun",
    draws: Annotated[
        int,
        typer.Option("--draws", min=2, help=T("Draws of the updated forecast and of the EVSI.")),
    ] = DEFAULT_DRAWS,
    seed: SeedOption = None,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            help=T(
                "Database URL (default: a SQLite file in your data folder); "
                "postgresql+psycopg://... for a shared database."
            ),
            show_default=False,
        ),
    ] = None,
) -> None:
    from socinvest.analysis.followup import follow_up
    from socinvest.reports.followup_report import write_followup_report
    from socinvest.store import audit_trail, get_investment, get_observations, get_plan, open_store

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
    library = library_with(None, language, False)
    store = open_store(db)
    try:
        decided = get_investment(store, investment)
        plan = get_plan(store, investment)
        observations = get_observations(store, investment)
        trail = audit_trail(store, investment)
    except InputError as exc:
        fail(exc, language)
    scenario = decided.scenario
    try:
        result = follow_up(
            scenario,
            library,
            plan,
            observations,
            scope=scope,
            draws=draws,
            seed=seed if seed is not None else scenario.analysis.seed,
        )
    except (OptionError, ValueError) as exc:
        fail(analysis_problem(exc, investment), language)
    if not result.audit:
        result = dataclasses.replace(result, audit=tuple(trail))
    try:
        write_followup_report(
            result, out, lang=language, labels=_labels(scenario, language, plan), plan=plan
        )
    except OSError as exc:
        fail(InputError(str(out), [cannot_write(exc)]), language)
    stdout_console().print(_("Report written to {path}").format(path=out))


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
