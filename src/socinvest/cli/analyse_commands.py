"""``socinvest analyse``: tornado, break-even, comparison, timing, value of information and
Sobol indices of a scenario."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console

from socinvest.analysis.breakeven import Pathway, break_even
from socinvest.analysis.compare import (
    DEFAULT_DRAWS,
    DEFAULT_MAX_VALUE,
    DEFAULT_OUTCOME,
    DEFAULT_STEPS,
    compare_alternatives,
)
from socinvest.analysis.sensitivity import DEFAULT_SCOPE, DISCOUNT_RANGE, tornado
from socinvest.analysis.sobol import DEFAULT_SAMPLES as SOBOL_SAMPLES
from socinvest.analysis.sobol import sobol_indices
from socinvest.analysis.timing import timing
from socinvest.analysis.value_of_information import DEFAULT_DRAWS as VOI_DRAWS
from socinvest.analysis.value_of_information import (
    GroupError,
    parse_group,
    value_of_information,
)
from socinvest.cli.common import (
    Format,
    T,
    analysis_problem,
    echo_json,
    fail,
    open_scenario,
    stdout_console,
)
from socinvest.cli.options import (
    AlternativeOption,
    BreakEvenScopesOption,
    CompareDrawsOption,
    DesignSeedOption,
    FormatOption,
    LangOption,
    ParamsOption,
    RankScopeOption,
    ScenarioArgument,
    ScopeOption,
    SeedOption,
    SobolAlternativeOption,
    TimingScopesOption,
    VoiDrawsOption,
)
from socinvest.cli.render_alternatives import render_compare, render_timing
from socinvest.cli.render_analysis import render_breakeven, render_tornado
from socinvest.cli.render_sobol import render_sobol
from socinvest.cli.render_voi import render_voi
from socinvest.params.errors import InputError, Problem
from socinvest.params.payers import PayerTree
from socinvest.reports.alternatives_json import compare_json, timing_json
from socinvest.reports.sensitivity_json import breakeven_json, tornado_json
from socinvest.reports.sobol_json import sobol_json
from socinvest.reports.voi_json import voi_json
from socinvest.scenario.load import scenario_hash
from socinvest.scenario.model import Scenario, parse_range
from socinvest.scenario.validate import payer_tree_of

R = TypeVar("R")

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


def register(app: typer.Typer) -> None:
    """Add ``analyse`` and its commands to ``app``."""
    app.add_typer(analyse_app, name="analyse")


def _show(
    result: R,
    model: Scenario,
    language: str,
    as_json: bool,
    to_json: Callable[[R, Scenario, str], dict[str, Any]],
    render: Callable[[R, Scenario, PayerTree, str, Console], None],
) -> None:
    """An analysis's result as JSON, or rendered in the terminal."""
    if as_json:
        echo_json(to_json(result, model, scenario_hash(model)))
        return
    render(result, model, payer_tree_of(model), language, stdout_console())


@analyse_app.command(
    name="tornado",
    help=T(
        "One-way sensitivity (tornado): each uncertain parameter, and the discount rate, at "
        "its low and high value, the effect on NPV, sorted by swing."
    ),
)
def analyse_tornado(
    scenario: ScenarioArgument = None,
    alternative: AlternativeOption = None,
    scope: ScopeOption = DEFAULT_SCOPE,
    discount_low: Annotated[
        float,
        typer.Option(
            "--discount-low",
            help=T(
                "Low money discount rate of the discount-rate bar, as a fraction "
                "(default 0; TLV's sensitivity range is 0 to 0.05)."
            ),
            show_default=False,
        ),
    ] = DISCOUNT_RANGE[0],
    discount_high: Annotated[
        float,
        typer.Option(
            "--discount-high",
            help=T(
                "High money discount rate of the discount-rate bar, as a fraction (default 0.05)."
            ),
            show_default=False,
        ),
    ] = DISCOUNT_RANGE[1],
    params: ParamsOption = None,
    lang: LangOption = None,
    output: FormatOption = Format.table,
) -> None:
    language, as_json, library, model, source = open_scenario(scenario, params, lang, output)
    try:
        result = tornado(model, library, scope, alternative, (discount_low, discount_high))
    except ValueError as exc:
        fail(analysis_problem(exc, source), language, as_json)
    _show(result, model, language, as_json, tornado_json, render_tornado)


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
    scope: BreakEvenScopesOption = None,
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
    language, as_json, library, model, source = open_scenario(scenario, params, lang, output)
    chosen: Pathway | None = None
    try:
        if pathway is not None or good is not None or ages is not None:
            span = parse_range(ages) if ages is not None else None
            chosen = Pathway.for_scenario(model, pathway, good, span)
        result = break_even(model, library, alternative, scope, chosen)
    except ValueError as exc:
        fail(analysis_problem(exc, source), language, as_json)
    _show(result, model, language, as_json, breakeven_json, render_breakeven)


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
    scope: RankScopeOption = DEFAULT_SCOPE,
    draws: CompareDrawsOption = DEFAULT_DRAWS,
    seed: SeedOption = None,
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
    language, as_json, library, model, source = open_scenario(scenario, params, lang, output)
    try:
        result = compare_alternatives(model, library, scope, draws, seed, outcome, max_value, steps)
    except ValueError as exc:
        if str(exc).startswith(("unknown outcome", "the model has no group")):
            fail(InputError(source, [Problem("--outcome", str(exc))]), language, as_json)
        fail(analysis_problem(exc, source), language, as_json)
    _show(result, model, language, as_json, compare_json, render_compare)


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
    scope: TimingScopesOption = None,
    params: ParamsOption = None,
    lang: LangOption = None,
    output: FormatOption = Format.table,
) -> None:
    language, as_json, library, model, source = open_scenario(scenario, params, lang, output)
    try:
        chosen = parse_range(ages) if ages is not None else None
    except ValueError as exc:
        fail(InputError(source, [Problem("--ages", str(exc))]), language, as_json)
    try:
        result = timing(model, library, alternative, chosen, scope)
    except ValueError as exc:
        fail(analysis_problem(exc, source), language, as_json)
    _show(result, model, language, as_json, timing_json, render_timing)


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
    draws: VoiDrawsOption = VOI_DRAWS,
    seed: SeedOption = None,
    scope: ScopeOption = DEFAULT_SCOPE,
    group: Annotated[
        list[str] | None,
        typer.Option(
            "--group",
            "-g",
            help=T(
                "A group of parameters whose joint value to show, as NAME=ID1,ID2; may be "
                "given more than once (default: the groups of what was drawn: effects, unit "
                "costs, production, other)."
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
    language, as_json, library, model, source = open_scenario(scenario, params, lang, output)
    try:
        groups = dict(parse_group(text) for text in group) if group else None
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
        fail(InputError(source, [Problem("--group", str(exc))]), language, as_json)
    except ValueError as exc:
        fail(analysis_problem(exc, source), language, as_json)
    _show(result, model, language, as_json, voi_json, render_voi)


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
    seed: DesignSeedOption = None,
    scope: ScopeOption = DEFAULT_SCOPE,
    alternative: SobolAlternativeOption = None,
    params: ParamsOption = None,
    lang: LangOption = None,
    output: FormatOption = Format.table,
) -> None:
    language, as_json, library, model, source = open_scenario(scenario, params, lang, output)
    try:
        result = sobol_indices(
            model, library, scope=scope, alternative=alternative, samples=samples, seed=seed
        )
    except ValueError as exc:
        fail(analysis_problem(exc, source), language, as_json)
    _show(result, model, language, as_json, sobol_json, render_sobol)
