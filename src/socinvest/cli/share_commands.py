"""``socinvest share``: proposals for sharing an intervention's cost between payers."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from socinvest.analysis.committees import DEFAULT_PARENT
from socinvest.analysis.finsam import finsam
from socinvest.analysis.results import analyse
from socinvest.analysis.sharing import METHODS, cost_sharing
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
    FormatOption,
    LangOption,
    ParamsOption,
    ScenarioArgument,
    SeedOption,
)
from socinvest.cli.render_sharing import render_sharing
from socinvest.params.errors import InputError
from socinvest.reports.sharing_json import sharing_json
from socinvest.scenario.load import scenario_hash
from socinvest.scenario.validate import payer_tree_of

DEFAULT_DRAWS = 1000


class Between(StrEnum):
    organisations = "organisations"
    committees = "committees"


class Method(StrEnum):
    proportional = "proportional"
    shapley = "shapley"
    minimal = "minimal"
    all = "all"


def register(app: typer.Typer) -> None:
    """Add ``share`` to ``app``."""
    app.command(
        name="share",
        help=T(
            "Proposals for sharing an intervention's cost so that every payer gains: in "
            "proportion to the gains, the Shapley value, or the smallest transfers; between "
            "organisations or between one payer's committees, each with its NPV and "
            "probability of a gain within the term of office and to the horizon."
        ),
    )(share)


def share(
    scenario: ScenarioArgument = None,
    alternative: AlternativeOption = None,
    between: Annotated[
        Between,
        typer.Option(
            "--between",
            help=T(
                "Share between organisations (the top-level public payers) or between the "
                "committees of one payer (--parent)."
            ),
        ),
    ] = Between.organisations,
    parent: Annotated[
        str,
        typer.Option(
            "--parent",
            help=T("With --between committees: the payer whose committees share the cost."),
        ),
    ] = DEFAULT_PARENT,
    method: Annotated[
        Method,
        typer.Option(
            "--method",
            help=T("Which proposal: proportional, shapley, minimal or all."),
        ),
    ] = Method.all,
    with_finsam: Annotated[
        bool,
        typer.Option(
            "--finsam",
            help=T(
                "Also set the fixed split of a samordningsförbund (lag 2003:1210: the state "
                "half, the region and the municipalities a quarter each) against the gains."
            ),
        ),
    ] = False,
    draws: Annotated[
        int,
        typer.Option(
            "--draws",
            min=0,
            help=T(
                "Draws of the probabilistic analysis for the probabilities of a gain "
                "(0: deterministic only)."
            ),
        ),
    ] = DEFAULT_DRAWS,
    seed: SeedOption = None,
    params: ParamsOption = None,
    lang: LangOption = None,
    output: FormatOption = Format.table,
) -> None:
    language, as_json, library, model, source = open_scenario(scenario, params, lang, output)
    methods = list(METHODS) if method is Method.all else [method.value]
    try:
        results = analyse(model, library, draws=draws, seed=seed)
        sharing = cost_sharing(
            results, alternative, between.value, methods, parent, library=library
        )
        coordination = finsam(results, sharing.alternative) if with_finsam else None
    except InputError as exc:
        fail(exc, language, as_json)
    except ValueError as exc:
        fail(analysis_problem(exc, source), language, as_json)
    if as_json:
        data = sharing_json(sharing, model, scenario_hash(model), coordination)
        echo_json(data, source, language)
        return
    render_sharing(sharing, model, payer_tree_of(model), language, stdout_console(), coordination)
