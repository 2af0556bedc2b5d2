"""The ``socinvest`` command line: thin calls into the layers below.

Exit codes: 0 success, 2 bad input (a message naming the file, line and field), 1 any
other failure.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from rich.console import Console

from socinvest.analysis.breakeven import Pathway, break_even
from socinvest.analysis.case import DEFAULT_REPORT_DRAWS, build_case
from socinvest.analysis.child_cost import child_cost as compute_child_cost
from socinvest.analysis.cohort_view import cohort_view
from socinvest.analysis.compare import (
    DEFAULT_DRAWS,
    DEFAULT_MAX_VALUE,
    DEFAULT_OUTCOME,
    DEFAULT_STEPS,
    compare_alternatives,
)
from socinvest.analysis.errors import OptionError
from socinvest.analysis.results import ScenarioResults, analyse
from socinvest.analysis.sensitivity import DEFAULT_SCOPE, tornado
from socinvest.analysis.sobol import DEFAULT_SAMPLES as SOBOL_SAMPLES
from socinvest.analysis.sobol import sobol_indices
from socinvest.analysis.timing import timing
from socinvest.analysis.value_of_information import DEFAULT_DRAWS as VOI_DRAWS
from socinvest.analysis.value_of_information import (
    GroupError,
    parse_group,
    value_of_information,
)
from socinvest.cli.render import (
    render_cohort,
    render_parameters,
    render_results,
    render_sources,
)
from socinvest.cli.render_alternatives import render_compare, render_timing
from socinvest.cli.render_analysis import render_breakeven, render_tornado
from socinvest.cli.render_child_cost import render_child_cost, render_child_cost_by_age
from socinvest.cli.render_sobol import render_sobol
from socinvest.cli.render_voi import render_voi
from socinvest.i18n import N_, default_language, translator
from socinvest.params.errors import InputError, Problem
from socinvest.params.library import ParameterLibrary, default_library, load_overrides
from socinvest.reports.alternatives_json import compare_json, timing_json
from socinvest.reports.child_cost import child_cost_json
from socinvest.reports.cohort_view import cohort_json
from socinvest.reports.ledger_csv import write_ledger_csv, write_person_years_csv
from socinvest.reports.results_json import results_json
from socinvest.reports.sensitivity_json import breakeven_json, tornado_json
from socinvest.reports.sobol_json import sobol_json
from socinvest.reports.sources import sources_json
from socinvest.reports.voi_json import voi_json
from socinvest.reports.writer import report_format, write_report
from socinvest.scenario.load import (
    example_names,
    example_text,
    load_scenario,
    parse_scenario,
    scenario_hash,
)
from socinvest.scenario.model import AnalysisSettings, Scenario, parse_range, text_in
from socinvest.scenario.validate import payer_tree_of

DEFAULT_EXAMPLE = "parenting-programme"
DEFAULT_PRICE_YEAR = AnalysisSettings().price_year
DEFAULT_START_YEAR = AnalysisSettings().start_year
EXIT_BAD_INPUT = 2

T = translator(default_language())


class Format(StrEnum):
    """Output formats."""

    table = "table"
    json = "json"


class Lang(StrEnum):
    """Languages."""

    sv = "sv"
    en = "en"


app = typer.Typer(
    name="socinvest",
    help=T(
        "socinvest: decision support for social investments in early interventions for "
        "children and young people. Costs and gains per payer, discounted, with the term of "
        "office beside the long run."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _show_version(value: bool) -> None:
    if value:
        from socinvest import __version__

        typer.echo(f"socinvest {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            help=T("Show the version and exit."),
            callback=_show_version,
            is_eager=True,
        ),
    ] = False,
) -> None:
    pass


LangOption = Annotated[
    Lang | None,
    typer.Option(
        "--lang",
        "-l",
        help=T("Language of the output: sv or en (default: SOCINVEST_LANG or LANG, else sv)."),
        show_default=False,
    ),
]
FormatOption = Annotated[
    Format, typer.Option("--format", "-f", help=T("Output format: table or json."))
]


def _lang(lang: Lang | None) -> str:
    return lang.value if lang is not None else default_language()


def _stdout() -> Console:
    # Not a terminal (a pipe, a file): wide enough that no amount is cut or wrapped.
    return Console(width=None if sys.stdout.isatty() else 200, soft_wrap=False)


def _fail(error: InputError, lang: str, as_json: bool = False) -> NoReturn:
    _ = translator(lang)
    if as_json:
        # "message" in the chosen language; "message_en" in English, a stable text for scripts.
        problems = [
            {
                "file": error.source,
                "line": p.line,
                "field": p.field,
                "message": p.message_in(lang),
                "message_en": p.message,
            }
            for p in error.problems
        ]
        typer.echo(json.dumps({"valid": False, "problems": problems}, ensure_ascii=False, indent=2))
    else:
        # Plain lines, one problem each (file:line: field: message), so editors and grep can
        # use them; no wrapping, no markup, no emoji codes.
        typer.secho(_("Error: the input has problems:"), err=True, fg="red", bold=True)
        for line in error.render(lang).splitlines():
            typer.echo(f"  {line}", err=True)
    raise typer.Exit(EXIT_BAD_INPUT)


def _write_text(path: Path, text: str, lang: str, as_json: bool = False) -> None:
    """Write a file, turning an OS error (missing folder, a folder in the way) into bad input."""
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        _fail(InputError(str(path), [_cannot_write(exc)]), lang, as_json)


def _cannot_write(exc: OSError) -> Problem:
    return Problem.of("--out", N_("cannot write there: {error}"), error=exc.strerror or exc)


def _library(params: list[Path] | None, lang: str, as_json: bool) -> ParameterLibrary:
    """The shipped library with each ``--params`` file's local values on top, in order."""
    library = default_library()
    try:
        for path in params or []:
            library = load_overrides(library, path)
    except InputError as exc:
        _fail(exc, lang, as_json)
    return library


def _load(
    path: Path | None, lang: str, as_json: bool = False, library: ParameterLibrary | None = None
) -> tuple[Scenario, str]:
    try:
        if path is None:
            source = f"example:{DEFAULT_EXAMPLE}"
            return parse_scenario(example_text(DEFAULT_EXAMPLE), source, library), source
        return load_scenario(path, library), str(path)
    except InputError as exc:
        _fail(exc, lang, as_json)


def _open(
    scenario: Path | None, params: list[Path] | None, lang: Lang | None, output: Format
) -> tuple[str, bool, ParameterLibrary, Scenario, str]:
    """What every scenario command starts with: the language, whether the output is JSON, the
    library with the --params files on top, and the loaded scenario with its source."""
    language = _lang(lang)
    as_json = output is Format.json
    library = _library(params, language, as_json)
    model, source = _load(scenario, language, as_json, library)
    return language, as_json, library, model, source


ScenarioArgument = Annotated[
    Path | None,
    typer.Argument(
        help=T("Scenario file (YAML). Without it, the shipped example is used."),
        show_default=False,
    ),
]
ParamsOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--params",
        "-p",
        help=T(
            "Local parameter values (e.g. your municipality's own costs) on top of the "
            "national defaults; may be given more than once."
        ),
    ),
]


@app.command(
    help=T(
        "Run a scenario: costs, benefits, NPV and payback per payer, "
        "and what it means for the children."
    )
)
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
    draws: Annotated[
        int,
        typer.Option(
            "--draws",
            min=0,
            help=T(
                "Probabilistic analysis: number of draws of the uncertain parameters "
                "(0: deterministic only)."
            ),
        ),
    ] = 0,
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
    seed: Annotated[
        int | None,
        typer.Option(
            "--seed",
            min=0,
            help=T("Seed of the draws (default: the scenario's analysis.seed)."),
            show_default=False,
        ),
    ] = None,
) -> None:
    language, as_json, library, model, source = _open(scenario, params, lang, output)
    _ = translator(language)
    if report is not None:
        _check_report_path(report, language, "--report")
    results = _analyse_with_progress(model, library, draws, seed, language, show=not as_json)
    data = results_json(results)
    if out is not None:
        _write_outputs(results, data, out, language, as_json)
    if as_json:
        if report is not None:
            report_draws = draws if draws > 0 else DEFAULT_REPORT_DRAWS
            _write_case_report(model, library, source, report, language, report_draws, seed)
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    console = _stdout()
    if scenario is None:
        console.print(
            _("No scenario given: running the shipped example '{name}'.").format(
                name=DEFAULT_EXAMPLE
            )
            + " "
            + _("Write your own with: socinvest example {name}").format(name=DEFAULT_EXAMPLE),
            style="dim",
        )
    render_results(results, language, console)
    if out is not None:
        console.print(_("Ledger and results written to {folder}").format(folder=out))
    if report is not None:
        report_draws = draws if draws > 0 else DEFAULT_REPORT_DRAWS
        _write_case_report(model, library, source, report, language, report_draws, seed)
        console.print(_("Report written to {path}").format(path=report))


ReportDrawsOption = Annotated[
    int,
    typer.Option(
        "--draws",
        min=0,
        help=T(
            "Draws of the probabilistic analyses in the report (0: deterministic only, "
            "without the NPV distribution, value of information and ranking)."
        ),
    ),
]


def _check_report_path(path: Path, lang: str, option: str) -> None:
    """Refuse a report file name with an unknown suffix before any analysis runs."""
    if report_format(path) is None:
        problem = Problem.of(
            option,
            N_("expected a file name ending in .html, .pdf or .xlsx, found {found}"),
            found=path.name,
        )
        _fail(InputError(str(path), [problem]), lang)


def _write_case_report(
    model: Scenario,
    library: ParameterLibrary,
    source: str,
    out: Path,
    lang: str,
    draws: int,
    seed: int | None,
    alternative: str | None = None,
    scope: str = DEFAULT_SCOPE,
) -> None:
    """Run every analysis of the report (with a progress bar in a terminal) and write it."""
    _ = translator(lang)
    console = Console(stderr=True)
    try:
        if console.is_terminal:
            from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

            with Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                TextColumn("{task.completed}/{task.total}"),
                TimeRemainingColumn(),
                console=console,
                transient=True,
            ) as bar:
                task = bar.add_task(_("Drawing"), total=max(draws, 1))
                case = build_case(
                    model,
                    library,
                    source=source,
                    draws=draws,
                    seed=seed,
                    alternative=alternative,
                    scope=scope,
                    progress=lambda done, _total: bar.update(task, completed=done),
                )
                bar.update(task, description=_("Writing the report"), completed=max(draws, 1))
                write_report(case, out, lang)
        else:
            case = build_case(
                model,
                library,
                source=source,
                draws=draws,
                seed=seed,
                alternative=alternative,
                scope=scope,
            )
            write_report(case, out, lang)
    except ValueError as exc:
        _fail(_analysis_problem(exc, source), lang)
    except OSError as exc:
        _fail(InputError(str(out), [_cannot_write(exc)]), lang)


def _analyse_with_progress(
    model: Scenario,
    library: ParameterLibrary,
    draws: int,
    seed: int | None,
    lang: str,
    show: bool,
) -> ScenarioResults:
    """Analyse, with a progress bar on stderr for a probabilistic run in a terminal."""
    console = Console(stderr=True)
    if draws <= 0 or not show or not console.is_terminal:
        return analyse(model, library, draws=draws, seed=seed)
    from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

    _ = translator(lang)
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        TimeRemainingColumn(),
        console=console,
        transient=True,
    ) as bar:
        task = bar.add_task(_("Drawing"), total=draws)
        return analyse(
            model,
            library,
            draws=draws,
            seed=seed,
            progress=lambda done, _total: bar.update(task, completed=done),
        )


def _write_outputs(
    results: ScenarioResults, data: dict[str, Any], out: Path, lang: str, as_json: bool
) -> None:
    try:
        out.mkdir(parents=True, exist_ok=True)
        write_ledger_csv(results, out / "ledger.csv")
        write_person_years_csv(results, out / "person_years.csv")
        (out / "results.json").write_text(
            json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
    except OSError as exc:
        _fail(InputError(str(out), [_cannot_write(exc)]), lang, as_json)


@app.command(
    help=T(
        "Write a report of a scenario: one page for the committee and the full case with its "
        "sources (.html or .pdf), or an Excel workbook whose results are live formulas (.xlsx)."
    )
)
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
    seed: Annotated[
        int | None,
        typer.Option(
            "--seed",
            min=0,
            help=T("Seed of the draws (default: the scenario's analysis.seed)."),
            show_default=False,
        ),
    ] = None,
    alternative: Annotated[
        str | None,
        typer.Option(
            "--alternative",
            "-a",
            help=T(
                "The alternative the first page presents (default: the one with the highest "
                "expected NPV)."
            ),
            show_default=False,
        ),
    ] = None,
    scope: Annotated[
        str,
        typer.Option(
            "--scope",
            "-s",
            help=T(
                "Payer id or perspective (public_finances, socio_economic) of the sensitivity "
                "analysis, value of information and ranking."
            ),
        ),
    ] = DEFAULT_SCOPE,
    params: ParamsOption = None,
) -> None:
    language, _as_json, library, model, source = _open(scenario, params, lang, Format.table)
    _ = translator(language)
    _check_report_path(out, language, "--out")
    _write_case_report(model, library, source, out, language, draws, seed, alternative, scope)
    _stdout().print(_("Report written to {path}").format(path=out))


@app.command(help=T("Check a scenario file and report every problem with its line and field."))
def validate(
    scenario: Annotated[Path, typer.Argument(help=T("Scenario file (YAML) to check."))],
    lang: LangOption = None,
    output: FormatOption = Format.table,
    params: ParamsOption = None,
) -> None:
    language = _lang(lang)
    _ = translator(language)
    as_json = output is Format.json
    model, source = _load(scenario, language, as_json, _library(params, language, as_json))
    summary = {
        "valid": True,
        "scenario_id": model.id,
        "scenario_hash": scenario_hash(model),
        "states": len(model.model.states),
        "interventions": len(model.interventions),
        "alternatives": len(model.alternatives),
    }
    if as_json:
        typer.echo(json.dumps(summary, ensure_ascii=False, indent=2))
        return
    _stdout().print(
        _(
            "{file}: valid scenario '{id}' (states: {states}, interventions: {interventions}, "
            "alternatives: {alternatives})."
        ).format(
            file=source,
            id=model.id,
            states=summary["states"],
            interventions=summary["interventions"],
            alternatives=summary["alternatives"],
        ),
        highlight=False,
    )


@app.command(
    help=T("Print the JSON Schema of scenario files (for editors' completion and checking).")
)
def schema(
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help=T("Write the schema to this file."))
    ] = None,
) -> None:
    document = Scenario.model_json_schema(by_alias=True)
    document["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    document["title"] = "socinvest scenario"
    text = json.dumps(document, ensure_ascii=False, indent=2)
    if out is None:
        typer.echo(text)
    else:
        _write_text(out, text + "\n", default_language())


@app.command(help=T("List the shipped example scenarios, or write one to start from."))
def example(
    name: Annotated[
        str | None,
        typer.Argument(help=T("Name of the example. Without it, the examples are listed.")),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help=T("File to write (default: NAME.yaml here).")),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help=T("Overwrite an existing file."))] = False,
    lang: LangOption = None,
    output: FormatOption = Format.table,
) -> None:
    language = _lang(lang)
    _ = translator(language)
    if name is None:
        listing = []
        for example_name in example_names():
            model = parse_scenario(example_text(example_name), example_name)
            listing.append(
                {"name": example_name, "id": model.id, "title": text_in(model.title, language)}
            )
        if output is Format.json:
            typer.echo(json.dumps(listing, ensure_ascii=False, indent=2))
            return
        console = _stdout()
        for item in listing:
            console.print(f"[bold]{item['name']}[/]  {item['title']}", highlight=False)
        console.print(_("Write one with: socinvest example NAME"), style="dim")
        return
    try:
        text = example_text(name)
    except InputError as exc:
        _fail(exc, language, output is Format.json)
    target = out if out is not None else Path(f"{name}.yaml")
    if target.exists() and not force:
        _fail(
            InputError(
                str(target),
                [Problem.of("--out", N_("the file exists already; use --force to overwrite it"))],
            ),
            language,
            output is Format.json,
        )
    _write_text(target, text, language, output is Format.json)
    if output is Format.json:
        typer.echo(json.dumps({"written": str(target), "name": name}, ensure_ascii=False))
    else:
        _stdout().print(
            _("Wrote {file}. Run it with: socinvest run {file}").format(file=target),
            highlight=False,
        )


@app.command(
    help=T(
        "List every parameter a scenario uses: value, unit, original price year, rebasing "
        "factor and sources."
    )
)
def sources(
    scenario: ScenarioArgument = None,
    lang: LangOption = None,
    output: FormatOption = Format.table,
    params: ParamsOption = None,
) -> None:
    language, as_json, library, model, _source = _open(scenario, params, lang, output)
    results = analyse(model, library)
    if as_json:
        data = sources_json(results.parameters.values(), results.parameter_hash)
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    render_sources(results.parameters.values(), results.parameter_hash, language, _stdout())


class ChildCostView(StrEnum):
    """What ``child-cost`` shows as a table."""

    component = "component"
    age = "age"


@app.command(
    name="child-cost",
    help=T(
        "The public investment in one child from pregnancy to the end of upper secondary "
        "school (about 3.5 MSEK): each component with its payer and source, the total and "
        "the totals by payer, undiscounted."
    ),
)
def child_cost(
    lang: LangOption = None,
    output: FormatOption = Format.table,
    params: ParamsOption = None,
    price_year: Annotated[
        int, typer.Option("--price-year", help=T("Show money in this year's prices."))
    ] = DEFAULT_PRICE_YEAR,
    by: Annotated[
        ChildCostView,
        typer.Option("--by", help=T("Table by component, or by age and payer (--by age).")),
    ] = ChildCostView.component,
    discount_rate: Annotated[
        float | None,
        typer.Option(
            "--discount-rate",
            help=T("Also give the present value at birth at this rate (a fraction, e.g. 0.03)."),
            show_default=False,
        ),
    ] = None,
) -> None:
    language = _lang(lang)
    as_json = output is Format.json
    library = _library(params, language, as_json)
    if discount_rate is not None and not discount_rate > -1.0:
        problem = Problem.of(
            "",
            N_("expected a discount rate greater than -1, found {found}"),
            found=discount_rate,
        )
        _fail(InputError("--discount-rate", [problem]), language, as_json)
    try:
        result = compute_child_cost(library, price_year, discount_rate=discount_rate)
    except InputError as exc:
        _fail(exc, language, as_json)
    except ValueError as exc:
        _fail(InputError("--price-year", [Problem("", str(exc))]), language, as_json)
    if as_json:
        typer.echo(json.dumps(child_cost_json(result), ensure_ascii=False, indent=2))
        return
    if by is ChildCostView.age:
        render_child_cost_by_age(result, language, _stdout())
    else:
        render_child_cost(result, language, _stdout())


@app.command(
    name="params",
    help=T("List the parameters of the library (with any --params values on top)."),
)
def list_params(
    prefix: Annotated[
        str | None,
        typer.Argument(help=T("Only ids starting with this, e.g. 'skola'."), show_default=False),
    ] = None,
    lang: LangOption = None,
    output: FormatOption = Format.table,
    params: ParamsOption = None,
    price_year: Annotated[
        int, typer.Option("--price-year", help=T("Show money in this year's prices."))
    ] = DEFAULT_PRICE_YEAR,
) -> None:
    language = _lang(lang)
    _ = translator(language)
    as_json = output is Format.json
    library = _library(params, language, as_json)
    when = dt.date(DEFAULT_START_YEAR, 1, 1)  # the values a run starting then uses
    try:
        resolved = [
            library.resolve(pid, price_year, when)
            for pid in library.ids
            if prefix is None or pid.startswith(prefix)
        ]
    except ValueError as exc:
        _fail(
            InputError("socinvest params", [Problem("--price-year", str(exc))]), language, as_json
        )
    if as_json:
        typer.echo(json.dumps([r.as_json() for r in resolved], ensure_ascii=False, indent=2))
        return
    render_parameters(resolved, language, _stdout())


@app.command(
    help=T(
        "The cohort view: how many children of a cohort are expected to end in long-term "
        "exclusion, what that costs each payer until 65, and what helping one, five or ten "
        "of them is worth."
    )
)
def cohort(
    size: Annotated[
        float, typer.Option("--size", "-n", help=T("Children in the cohort."), min=1)
    ] = 100,
    start_age: Annotated[
        int, typer.Option("--start-age", help=T("The cohort's age now (0-30)."), min=0, max=30)
    ] = 6,
    price_year: Annotated[
        int, typer.Option("--price-year", help=T("Show money in this year's prices."))
    ] = DEFAULT_PRICE_YEAR,
    lang: LangOption = None,
    output: FormatOption = Format.table,
    params: ParamsOption = None,
) -> None:
    language = _lang(lang)
    as_json = output is Format.json
    library = _library(params, language, as_json)
    try:
        view = cohort_view(library, size, start_age, price_year=price_year)
    except (ValueError, InputError) as exc:
        error = (
            exc if isinstance(exc, InputError) else InputError("cohort", [Problem("", str(exc))])
        )
        _fail(error, language, as_json)
    if as_json:
        typer.echo(json.dumps(cohort_json(view), ensure_ascii=False, indent=2))
        return
    render_cohort(view, language, _stdout())


# --------------------------------------------------------------------------------------
# socinvest analyse: tornado, break-even, value of information, comparison, timing

analyse_app = typer.Typer(
    name="analyse",
    help=T(
        "Further analyses of a scenario: one-way sensitivity (tornado), break-even, value of "
        "information, comparing alternatives and the right start age."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(analyse_app, name="analyse")

AlternativeOption = Annotated[
    str | None,
    typer.Option(
        "--alternative",
        "-a",
        help=T("Only this alternative (default: every alternative but the comparison)."),
        show_default=False,
    ),
]


def _analysis_problem(exc: ValueError, source: str) -> InputError:
    """An analysis refusing its options, as bad input naming the option."""
    if isinstance(exc, OptionError):
        return InputError(source, [Problem.from_message(exc.option, exc.text)])
    return InputError(source, [Problem("", str(exc))])


@analyse_app.command(
    name="tornado",
    help=T(
        "One-way sensitivity (tornado): each uncertain parameter at its low and high value, "
        "the effect on NPV, sorted by swing."
    ),
)
def analyse_tornado(
    scenario: ScenarioArgument = None,
    alternative: AlternativeOption = None,
    scope: Annotated[
        str,
        typer.Option(
            "--scope",
            "-s",
            help=T("Payer id or perspective (public_finances, socio_economic) whose NPV to show."),
        ),
    ] = DEFAULT_SCOPE,
    params: ParamsOption = None,
    lang: LangOption = None,
    output: FormatOption = Format.table,
) -> None:
    language, as_json, library, model, source = _open(scenario, params, lang, output)
    try:
        result = tornado(model, library, scope, alternative)
    except ValueError as exc:
        _fail(_analysis_problem(exc, source), language, as_json)
    if as_json:
        data = tornado_json(result, model, scenario_hash(model))
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    render_tornado(result, model, payer_tree_of(model), language, _stdout())


@analyse_app.command(
    name="breakeven",
    help=T(
        "Break-even and switching values: the smallest effect at which NPV = 0, the largest "
        "intervention cost at which it still pays, and how many must be helped."
    ),
)
def analyse_breakeven(
    scenario: ScenarioArgument = None,
    alternative: AlternativeOption = None,
    scope: Annotated[
        list[str] | None,
        typer.Option(
            "--scope",
            "-s",
            help=T(
                "Payer id or perspective; may be given more than once (default: both "
                "perspectives and each top-level payer that pays for the interventions)."
            ),
            show_default=False,
        ),
    ] = None,
    pathway: Annotated[
        str | None,
        typer.Option(
            "--pathway",
            help=T("State of the pathway a helped person is kept out of (default: excluded)."),
            show_default=False,
        ),
    ] = None,
    good: Annotated[
        str | None,
        typer.Option(
            "--good",
            help=T("State a helped person is in instead (default: working)."),
            show_default=False,
        ),
    ] = None,
    ages: Annotated[
        str | None,
        typer.Option(
            "--ages",
            help=T("Ages on the pathway, e.g. 20-64 (default: 20-64, else the whole horizon)."),
            show_default=False,
        ),
    ] = None,
    params: ParamsOption = None,
    lang: LangOption = None,
    output: FormatOption = Format.table,
) -> None:
    language, as_json, library, model, source = _open(scenario, params, lang, output)
    chosen: Pathway | None = None
    try:
        if pathway is not None or good is not None or ages is not None:
            span = parse_range(ages) if ages is not None else None
            chosen = Pathway.for_scenario(model, pathway, good, span)
        result = break_even(model, library, alternative, scope, chosen)
    except ValueError as exc:
        _fail(_analysis_problem(exc, source), language, as_json)
    if as_json:
        data = breakeven_json(result, model, scenario_hash(model))
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    render_breakeven(result, model, payer_tree_of(model), language, _stdout())


@analyse_app.command(
    name="compare",
    help=T(
        "Compare the alternatives: ranked by expected NPV, the probability that each is best, "
        "and the cost-effectiveness acceptability curve over values per person-year of "
        "exclusion avoided."
    ),
)
def analyse_compare(
    scenario: ScenarioArgument = None,
    scope: Annotated[
        str,
        typer.Option(
            "--scope",
            "-s",
            help=T("Payer id or perspective (public_finances, socio_economic) whose NPV to rank."),
        ),
    ] = DEFAULT_SCOPE,
    draws: Annotated[
        int,
        typer.Option(
            "--draws",
            min=0,
            help=T("Draws of the uncertain parameters (0: deterministic NPVs only)."),
        ),
    ] = DEFAULT_DRAWS,
    seed: Annotated[
        int | None,
        typer.Option(
            "--seed",
            min=0,
            help=T("Seed of the draws (default: the scenario's analysis.seed)."),
            show_default=False,
        ),
    ] = None,
    outcome: Annotated[
        str,
        typer.Option(
            "--outcome",
            help=T("Group or state of the model whose person-years avoided are valued."),
        ),
    ] = DEFAULT_OUTCOME,
    max_value: Annotated[
        float,
        typer.Option(
            "--max-value",
            min=0,
            help=T("Largest value per person-year avoided on the curve (SEK)."),
        ),
    ] = DEFAULT_MAX_VALUE,
    steps: Annotated[
        int,
        typer.Option("--steps", min=2, help=T("Values on the curve, from 0 to --max-value.")),
    ] = DEFAULT_STEPS,
    params: ParamsOption = None,
    lang: LangOption = None,
    output: FormatOption = Format.table,
) -> None:
    language, as_json, library, model, source = _open(scenario, params, lang, output)
    try:
        result = compare_alternatives(model, library, scope, draws, seed, outcome, max_value, steps)
    except ValueError as exc:
        if str(exc).startswith("unknown outcome"):
            _fail(InputError(source, [Problem("--outcome", str(exc))]), language, as_json)
        _fail(_analysis_problem(exc, source), language, as_json)
    if as_json:
        data = compare_json(result, model, scenario_hash(model))
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    render_compare(result, model, payer_tree_of(model), language, _stdout())


@analyse_app.command(
    name="timing",
    help=T(
        "The right time: the intervention started at each age in a range, NPV per payer "
        "against the start age, and the cost of waiting one year."
    ),
)
def analyse_timing(
    scenario: ScenarioArgument = None,
    alternative: AlternativeOption = None,
    ages: Annotated[
        str | None,
        typer.Option(
            "--ages",
            help=T("Start ages, e.g. 2-12 (default: 2 years before to 8 after the start age)."),
            show_default=False,
        ),
    ] = None,
    scope: Annotated[
        list[str] | None,
        typer.Option(
            "--scope",
            "-s",
            help=T(
                "Payer id or perspective; may be given more than once (default: every "
                "top-level payer and both perspectives)."
            ),
            show_default=False,
        ),
    ] = None,
    params: ParamsOption = None,
    lang: LangOption = None,
    output: FormatOption = Format.table,
) -> None:
    language, as_json, library, model, source = _open(scenario, params, lang, output)
    try:
        chosen = parse_range(ages) if ages is not None else None
    except ValueError as exc:
        _fail(InputError(source, [Problem("--ages", str(exc))]), language, as_json)
    try:
        result = timing(model, library, alternative, chosen, scope)
    except ValueError as exc:
        _fail(_analysis_problem(exc, source), language, as_json)
    if as_json:
        data = timing_json(result, model, scenario_hash(model))
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    render_timing(result, model, payer_tree_of(model), language, _stdout())


@analyse_app.command(
    name="voi",
    help=T(
        "Value of information: what removing the uncertainty about each parameter (EVPPI) or "
        "all of it (EVPI) is worth, per person and for the population, from a probabilistic "
        "analysis."
    ),
)
def analyse_voi(
    scenario: ScenarioArgument = None,
    draws: Annotated[
        int, typer.Option("--draws", min=2, help=T("Number of draws of the uncertain parameters."))
    ] = VOI_DRAWS,
    seed: Annotated[
        int | None,
        typer.Option(
            "--seed",
            min=0,
            help=T("Seed of the draws (default: the scenario's analysis.seed)."),
            show_default=False,
        ),
    ] = None,
    scope: Annotated[
        str,
        typer.Option(
            "--scope",
            "-s",
            help=T("Payer id or perspective (public_finances, socio_economic) whose NPV to show."),
        ),
    ] = DEFAULT_SCOPE,
    group: Annotated[
        list[str] | None,
        typer.Option(
            "--group",
            "-g",
            help=T(
                "A group of parameters whose joint value to show, as NAME=ID1,ID2; may be "
                "given more than once."
            ),
            show_default=False,
        ),
    ] = None,
    persons_per_year: Annotated[
        float | None,
        typer.Option(
            "--persons-per-year",
            min=0,
            help=T(
                "Persons who will receive the intervention each year (default: the "
                "scenario's intake per year)."
            ),
            show_default=False,
        ),
    ] = None,
    years: Annotated[
        int | None,
        typer.Option(
            "--years",
            min=0,
            help=T("Years the decision applies to (default: the scenario's intake years)."),
            show_default=False,
        ),
    ] = None,
    params: ParamsOption = None,
    lang: LangOption = None,
    output: FormatOption = Format.table,
) -> None:
    language, as_json, library, model, source = _open(scenario, params, lang, output)
    try:
        groups = dict(parse_group(text) for text in group or [])
        result = value_of_information(
            model,
            library,
            draws=draws,
            seed=seed,
            scope=scope,
            groups=groups,
            persons_per_year=persons_per_year,
            years=years,
        )
    except GroupError as exc:
        _fail(InputError(source, [Problem("--group", str(exc))]), language, as_json)
    except ValueError as exc:
        _fail(_analysis_problem(exc, source), language, as_json)
    if as_json:
        typer.echo(
            json.dumps(voi_json(result, model, scenario_hash(model)), ensure_ascii=False, indent=2)
        )
        return
    render_voi(result, model, payer_tree_of(model), language, _stdout())


@analyse_app.command(
    name="sobol",
    help=T(
        "Global sensitivity (Sobol indices): the share of the NPV's variance each uncertain "
        "parameter explains alone (S1) and with its interactions (ST), over their joint "
        "distribution. Needs SALib: pip install 'socinvest[sobol]'."
    ),
)
def analyse_sobol(
    scenario: ScenarioArgument = None,
    samples: Annotated[
        int,
        typer.Option(
            "--samples",
            "-n",
            min=4,
            help=T(
                "Base samples N of the design, a power of two; the model is evaluated "
                "N x (parameters + 2) times."
            ),
        ),
    ] = SOBOL_SAMPLES,
    seed: Annotated[
        int | None,
        typer.Option(
            "--seed",
            min=0,
            help=T("Seed of the design and the bootstrap (default: the scenario's analysis.seed)."),
            show_default=False,
        ),
    ] = None,
    scope: Annotated[
        str,
        typer.Option(
            "--scope",
            "-s",
            help=T("Payer id or perspective (public_finances, socio_economic) whose NPV to show."),
        ),
    ] = DEFAULT_SCOPE,
    alternative: Annotated[
        str | None,
        typer.Option(
            "--alternative",
            "-a",
            help=T(
                "The alternative whose NPV to analyse (default: the first after the comparison)."
            ),
            show_default=False,
        ),
    ] = None,
    params: ParamsOption = None,
    lang: LangOption = None,
    output: FormatOption = Format.table,
) -> None:
    language, as_json, library, model, source = _open(scenario, params, lang, output)
    try:
        result = sobol_indices(
            model, library, scope=scope, alternative=alternative, samples=samples, seed=seed
        )
    except ValueError as exc:
        _fail(_analysis_problem(exc, source), language, as_json)
    if as_json:
        data = sobol_json(result, model, scenario_hash(model))
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    render_sobol(result, model, payer_tree_of(model), language, _stdout())


def main() -> None:
    """Entry point of the ``socinvest`` console script."""
    app()


if __name__ == "__main__":
    main()
