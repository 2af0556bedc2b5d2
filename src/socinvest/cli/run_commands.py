"""``socinvest run`` and ``socinvest report``: a scenario's results, in the terminal, as
files and as a report."""

from __future__ import annotations

from enum import StrEnum
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from socinvest.analysis.errors import OptionError
from socinvest.analysis.report_defaults import DEFAULT_REPORT_DRAWS, REPORT_SCOPE
from socinvest.analysis.results import ScenarioResults
from socinvest.atomic_files import atomic_folder, check_target, check_target_folder
from socinvest.cli.common import (
    DEFAULT_EXAMPLE,
    Format,
    T,
    analysis_problem,
    cannot_write,
    echo_json,
    fail,
    json_text,
    open_scenario,
    stdout_console,
)
from socinvest.cli.execution_common import opened_executor, wants_executor
from socinvest.cli.investment_commands import read_params
from socinvest.cli.options import (
    ClusterOption,
    FormatOption,
    LangOption,
    LocalClusterOption,
    ParamsOption,
    ReportAlternativeOption,
    ReportDrawsOption,
    ReportScopeOption,
    RunDrawsOption,
    ScenarioArgument,
    SeedOption,
    WorkersOption,
)
from socinvest.cli.progress import analyse_with_progress, write_case_report
from socinvest.cli.render import render_results
from socinvest.cli.runs_commands import save_results
from socinvest.cli.store_common import DbOption, OrgOption, UserOption, opened_store
from socinvest.i18n import N_, translator
from socinvest.params.errors import InputError, Problem
from socinvest.params.yaml_source import read_yaml_text
from socinvest.reports.ledger_csv import write_ledger_csv, write_person_years_csv
from socinvest.reports.results_json import results_json
from socinvest.reports.writer import report_format
from socinvest.scenario.load import example_text

if TYPE_CHECKING:
    from socinvest.analysis.individual import IndividualResults
    from socinvest.params.library import ParameterLibrary
    from socinvest.scenario.model import Scenario


class Engine(StrEnum):
    """The engines ``run --engine`` offers."""

    cohort = "cohort"
    individual = "individual"


DEFAULT_INDIVIDUALS = 100_000
"""Persons ``run --engine individual`` simulates by default."""


def run(
    scenario: ScenarioArgument = None,
    lang: LangOption = None,
    output: FormatOption = Format.table,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            help=T(
                "Folder to write the yearly ledger (ledger.csv), person-years "
                "(person_years.csv) and results.json to."
            ),
        ),
    ] = None,
    params: ParamsOption = None,
    draws: RunDrawsOption = 0,
    report: Annotated[
        Path | None,
        typer.Option(
            "--report",
            "-r",
            help=T(
                "Also write the report to this file: .html (open it in a browser), .pdf or "
                ".xlsx. It includes the probabilistic analyses, with --draws draws (1000 when "
                "--draws is 0)."
            ),
            show_default=False,
        ),
    ] = None,
    seed: SeedOption = None,
    cash_only: Annotated[
        bool,
        typer.Option(
            "--cash-only",
            help=T(
                "Show the budget view of cash alone: the flows of cost lines marked "
                "'frees: capacity' (staff time in teams that remain) are left out."
            ),
        ),
    ] = False,
    save: Annotated[
        bool,
        typer.Option(
            "--save",
            help=T(
                "Store the run in the database (see --db): the scenario's version, the "
                "--params files, the seed and the results, and print the run's id."
            ),
        ),
    ] = False,
    db: DbOption = None,
    user: UserOption = None,
    org: OrgOption = None,
    engine: Annotated[
        Engine,
        typer.Option(
            "--engine",
            help=T(
                "cohort: expected values of the Markov model (default); individual: "
                "simulate persons one by one (with the scenario's individual attributes), "
                "with Monte Carlo standard errors."
            ),
        ),
    ] = Engine.cohort,
    individuals: Annotated[
        int,
        typer.Option(
            "--individuals",
            min=1,
            max=100_000_000,
            help=T(
                "Persons simulated per draw with --engine individual (with --draws N, N "
                "populations of this size, each with its own draw of the parameters)."
            ),
        ),
    ] = DEFAULT_INDIVIDUALS,
    workers: WorkersOption = 1,
    cluster: ClusterOption = None,
    local_cluster: LocalClusterOption = None,
) -> None:
    language, as_json, library, model, source = open_scenario(scenario, params, lang, output)
    _ = translator(language)
    if engine is Engine.individual:
        _refuse_with_individual(report, save, language, as_json)
    if report is not None:
        _check_report_path(report, language, "--report")
    if out is not None:
        try:
            check_target_folder(out, OUTPUT_FILES)
        except OSError as exc:
            fail(InputError(str(out), [cannot_write(exc)]), language, as_json)
    analyse_here = partial(
        analyse_with_progress,
        model,
        library,
        draws,
        seed,
        language,
        show=not as_json,
        source=source,
        as_json=as_json,
    )
    individual = None
    if engine is Engine.individual:
        individual = _run_individual(
            model, library, individuals, draws, seed, source, language, as_json
        )
        results = individual.results
    elif draws > 0 and wants_executor(workers, cluster, local_cluster):
        # The draws spread over workers (socinvest.execution): the same numbers, bit for bit.
        from socinvest.execution.psa import psa_runner

        with opened_executor(workers, cluster, local_cluster, language, as_json) as executor:
            results = analyse_here(psa_runner=psa_runner(executor))
    else:
        results = analyse_here()
    # The results as JSON only when something takes them (the 95 % intervals of the
    # effects in it need scipy.special, a tenth of a second to import).
    data: dict[str, Any] = {}
    if as_json or save or out is not None:
        data = results_json(results)
        if individual is not None:
            from socinvest.cli.render_individual import individual_json

            data["individual"] = individual_json(individual)
    stored_run = None
    if save:
        stored_run = _save_run(
            scenario, model.id, params, draws, data, db, user, org, language, as_json
        )
    if data:
        data["meta"]["cash_only"] = cash_only
    if out is not None:
        _write_outputs(results, data, out, language, as_json)
    # The report always shows the uncertainty: with --draws it reuses this run's results,
    # without them it draws DEFAULT_REPORT_DRAWS of its own.
    report_case = partial(
        write_case_report,
        model,
        library,
        source,
        lang=language,
        draws=draws if draws > 0 else DEFAULT_REPORT_DRAWS,
        seed=seed,
        results=results if draws > 0 else None,
    )
    if as_json:
        if report is not None:
            report_case(report)
        if stored_run is not None:
            data["stored_run"] = stored_run
        echo_json(data)
        return
    console = stdout_console()
    if scenario is None:
        console.print(
            _("No scenario given: running the shipped example '{name}'.").format(
                name=DEFAULT_EXAMPLE
            )
            + " "
            + _("Write your own with: socinvest example {name}").format(name=DEFAULT_EXAMPLE),
            style="dim",
        )
    render_results(results, language, console, cash_only=cash_only)
    if individual is not None:
        from socinvest.cli.render_individual import render_individual

        render_individual(individual, language, console)
    if out is not None:
        console.print(_("Ledger and results written to {folder}").format(folder=out))
    if report is not None:
        report_case(report)
        console.print(_("Report written to {path}").format(path=report))
    if stored_run is not None:
        console.print(_("Stored as run {id} (socinvest runs show {id}).").format(id=stored_run))


def _refuse_with_individual(report: Path | None, save: bool, lang: str, as_json: bool) -> None:
    """``--report`` and ``--save`` are the cohort engine's: refused with the individual one."""
    for given, option in ((report is not None, "--report"), (save, "--save")):
        if given:
            problem = Problem.of(
                option,
                N_("{option} works with the cohort engine only; leave out --engine individual"),
                option=option,
            )
            fail(InputError(option, [problem]), lang, as_json)


def _run_individual(
    model: Scenario,
    library: ParameterLibrary,
    individuals: int,
    draws: int,
    seed: int | None,
    source: str,
    lang: str,
    as_json: bool,
) -> IndividualResults:
    """The individual engine's results (imported here: numba and the engine load only when
    asked for)."""
    from socinvest.analysis.individual import analyse_individual

    try:
        return analyse_individual(
            model, library, individuals=individuals, draws=draws, seed=seed, vary_parameters=True
        )
    except ValueError as exc:
        fail(analysis_problem(exc, source), lang, as_json)


def _save_run(
    scenario: Path | None,
    name: str,
    params: list[Path] | None,
    draws: int,
    data: dict[str, Any],
    db: str | None,
    user: str | None,
    org: str | None,
    lang: str,
    as_json: bool,
) -> int:
    """Store the run (``run --save``) and return its id."""
    text = json_text(data, "<results>", lang)
    try:
        scenario_text = (
            example_text(DEFAULT_EXAMPLE) if scenario is None else read_yaml_text(scenario)
        )
    except InputError as exc:
        fail(exc, lang, as_json)
    files = read_params(params, lang, as_json)
    with opened_store(db, user, lang, as_json) as store:
        stored = save_results(
            store,
            scenario_text=scenario_text,
            scenario_name=name,
            params=files,
            draws=draws,
            data=data,
            text=text,
            organisation=org,
        )
    return stored.id


def report(
    scenario: ScenarioArgument = None,
    out: Annotated[
        Path,
        typer.Option(
            "--out",
            "-o",
            help=T("The report file: .html (open it in a browser), .pdf or .xlsx."),
        ),
    ] = Path("socinvest-rapport.html"),
    lang: LangOption = None,
    draws: ReportDrawsOption = DEFAULT_REPORT_DRAWS,
    seed: SeedOption = None,
    alternative: ReportAlternativeOption = None,
    scope: ReportScopeOption = REPORT_SCOPE,
    params: ParamsOption = None,
) -> None:
    language, _as_json, library, model, source = open_scenario(scenario, params, lang, Format.table)
    _ = translator(language)
    _check_report_path(out, language, "--out")
    from socinvest.analysis.case import check_scope  # here: `run` needs no report analyses

    try:
        check_scope(model, scope)
    except OptionError as exc:
        fail(analysis_problem(exc, source), language)
    write_case_report(model, library, source, out, language, draws, seed, alternative, scope)
    stdout_console().print(_("Report written to {path}").format(path=out))


def _check_report_path(path: Path, lang: str, option: str) -> None:
    """Refuse a report file name with an unknown suffix before any analysis runs."""
    if report_format(path) is None:
        problem = Problem.of(
            option,
            N_("expected a file name ending in .html, .pdf or .xlsx, found {found}"),
            found=path.name,
        )
        fail(InputError(str(path), [problem]), lang)
    try:
        check_target(path)
    except OSError as exc:
        fail(InputError(str(path), [cannot_write(exc, option)]), lang)


OUTPUT_FILES = frozenset({"ledger.csv", "person_years.csv", "results.json"})
"""The files ``run --out FOLDER`` writes, together."""


def _write_outputs(
    results: ScenarioResults, data: dict[str, Any], out: Path, lang: str, as_json: bool
) -> None:
    text = json_text(data, str(out), lang)  # checked before anything is written
    try:
        # The three files are committed together: written into a temporary folder beside
        # --out and swapped in, so --out holds the previous set or the complete new one.
        with atomic_folder(out) as folder:
            write_ledger_csv(results, folder / "ledger.csv")
            write_person_years_csv(results, folder / "person_years.csv")
            (folder / "results.json").write_text(text + "\n", encoding="utf-8")
    except OSError as exc:
        fail(InputError(str(out), [cannot_write(exc)]), lang, as_json)


def register(app: typer.Typer) -> None:
    """Add ``run`` and ``report`` to ``app``."""
    app.command(
        help=T(
            "Run a scenario: costs, benefits, NPV and payback per payer, "
            "and what it means for the children."
        )
    )(run)
    app.command(
        help=T(
            "Write a report of a scenario: one page for the committee and the full case with "
            "its sources (.html or .pdf), or an Excel workbook whose results are live formulas "
            "(.xlsx)."
        )
    )(report)
