"""``socinvest sources``, ``child-cost``, ``params`` and ``cohort``: the parameter library,
its sources and what it says about children and cohorts."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from socinvest.analysis.child_cost import child_cost as compute_child_cost
from socinvest.analysis.cohort_view import cohort_view
from socinvest.analysis.results import analyse
from socinvest.cli.common import (
    DEFAULT_PRICE_YEAR,
    DEFAULT_START_YEAR,
    Format,
    Lang,
    T,
    echo_json,
    fail,
    language_of,
    library_with,
    open_scenario,
    stdout_console,
)
from socinvest.cli.options import (
    FormatOption,
    LangOption,
    ParamsOption,
    PriceYearOption,
    ScenarioArgument,
)
from socinvest.cli.render import render_cohort, render_parameters, render_sources
from socinvest.cli.render_child_cost import render_child_cost, render_child_cost_by_age
from socinvest.i18n import N_
from socinvest.params.errors import InputError, Problem
from socinvest.params.library import ParameterLibrary
from socinvest.reports.child_cost import child_cost_json
from socinvest.reports.cohort_view import cohort_json
from socinvest.reports.sources import sources_json


def _open_library(
    lang: Lang | None, output: Format, params: list[Path] | None
) -> tuple[str, bool, ParameterLibrary]:
    """What every library command starts with: the language, whether the output is JSON and
    the library with the --params files on top."""
    language = language_of(lang)
    as_json = output is Format.json
    return language, as_json, library_with(params, language, as_json)


def sources(
    scenario: ScenarioArgument = None,
    lang: LangOption = None,
    output: FormatOption = Format.table,
    params: ParamsOption = None,
) -> None:
    language, as_json, library, model, _source = open_scenario(scenario, params, lang, output)
    results = analyse(model, library)
    if as_json:
        echo_json(sources_json(results.parameters.values(), results.parameter_hash))
        return
    render_sources(results.parameters.values(), results.parameter_hash, language, stdout_console())


class ChildCostView(StrEnum):
    """What ``child-cost`` shows as a table."""

    component = "component"
    age = "age"


def child_cost(
    lang: LangOption = None,
    output: FormatOption = Format.table,
    params: ParamsOption = None,
    price_year: PriceYearOption = DEFAULT_PRICE_YEAR,
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
    language, as_json, library = _open_library(lang, output, params)
    if discount_rate is not None and not discount_rate > -1.0:
        problem = Problem.of(
            "",
            N_("expected a discount rate greater than -1, found {found}"),
            found=discount_rate,
        )
        fail(InputError("--discount-rate", [problem]), language, as_json)
    try:
        result = compute_child_cost(library, price_year, discount_rate=discount_rate)
    except InputError as exc:
        fail(exc, language, as_json)
    except ValueError as exc:
        fail(InputError("--price-year", [Problem("", str(exc))]), language, as_json)
    if as_json:
        echo_json(child_cost_json(result))
        return
    if by is ChildCostView.age:
        render_child_cost_by_age(result, language, stdout_console())
    else:
        render_child_cost(result, language, stdout_console())


def list_params(
    prefix: Annotated[
        str | None,
        typer.Argument(help=T("Only ids starting with this, e.g. 'skola'."), show_default=False),
    ] = None,
    lang: LangOption = None,
    output: FormatOption = Format.table,
    params: ParamsOption = None,
    price_year: PriceYearOption = DEFAULT_PRICE_YEAR,
) -> None:
    language, as_json, library = _open_library(lang, output, params)
    when = dt.date(DEFAULT_START_YEAR, 1, 1)  # the values a run starting then uses
    try:
        resolved = [
            library.resolve(pid, price_year, when)
            for pid in library.ids
            if prefix is None or pid.startswith(prefix)
        ]
    except ValueError as exc:
        fail(InputError("socinvest params", [Problem("--price-year", str(exc))]), language, as_json)
    if as_json:
        echo_json([r.as_json() for r in resolved])
        return
    render_parameters(resolved, language, stdout_console())


def cohort(
    size: Annotated[
        float, typer.Option("--size", "-n", help=T("Children in the cohort."), min=1)
    ] = 100,
    start_age: Annotated[
        int, typer.Option("--start-age", help=T("The cohort's age now (0-30)."), min=0, max=30)
    ] = 6,
    price_year: PriceYearOption = DEFAULT_PRICE_YEAR,
    lang: LangOption = None,
    output: FormatOption = Format.table,
    params: ParamsOption = None,
) -> None:
    language, as_json, library = _open_library(lang, output, params)
    try:
        view = cohort_view(library, size, start_age, price_year=price_year)
    except (ValueError, InputError) as exc:
        error = (
            exc if isinstance(exc, InputError) else InputError("cohort", [Problem("", str(exc))])
        )
        fail(error, language, as_json)
    if as_json:
        echo_json(cohort_json(view))
        return
    render_cohort(view, language, stdout_console())


def register(app: typer.Typer) -> None:
    """Add ``sources``, ``child-cost``, ``params`` and ``cohort`` to ``app``."""
    app.command(
        help=T(
            "List every parameter a scenario uses: value, unit, original price year, rebasing "
            "factor and sources."
        )
    )(sources)
    app.command(
        name="child-cost",
        help=T(
            "The public investment in one child from pregnancy to the end of upper secondary "
            "school (the literature's 'about 3.5 MSEK' is in 2012 prices, about 4.6 MSEK in "
            "2024 prices): each component with its payer and source, the total and the totals "
            "by payer, undiscounted."
        ),
    )(child_cost)
    app.command(
        name="params",
        help=T("List the parameters of the library (with any --params values on top)."),
    )(list_params)
    app.command(
        help=T(
            "The cohort view: how many children of a cohort are expected to end in long-term "
            "exclusion, what that costs each payer until 65, and what helping one, five or ten "
            "of them is worth."
        )
    )(cohort)
