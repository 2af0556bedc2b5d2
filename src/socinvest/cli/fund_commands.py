"""``socinvest fund`` (a social investment fund's ledger and repayments) and ``socinvest
contract`` (an outcome contract, social impact bond), on a scenario's draws."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Annotated, TypeVar

import typer
from rich.console import Console

from socinvest.analysis.contract import check_contract, simulate_contract
from socinvest.analysis.fund import check_fund, investments_of, simulate_fund
from socinvest.analysis.yearly_draws import YearlyDraws, yearly_draws
from socinvest.cli.common import (
    Format,
    T,
    analysis_problem,
    echo_json,
    fail,
    open_scenario,
    stdout_console,
    write_text,
)
from socinvest.cli.options import (
    AlternativeOption,
    FormatOption,
    LangOption,
    ParamsOption,
    ScenarioArgument,
    SeedOption,
)
from socinvest.cli.progress import progress_bar
from socinvest.cli.render_fund import render_contract, render_fund
from socinvest.i18n import N_, translator
from socinvest.params.errors import InputError, Problem
from socinvest.params.library import ParameterLibrary
from socinvest.params.yaml_source import LineMap
from socinvest.reports.fund_json import contract_json, fund_json
from socinvest.reports.fund_report import contract_html, fund_html
from socinvest.scenario.contract_terms import (
    example_contract,
    example_contracts,
    load_contract_terms,
)
from socinvest.scenario.fund_rules import example_fund, example_funds, load_fund_rules, with_lines
from socinvest.scenario.load import scenario_hash
from socinvest.scenario.model import Scenario
from socinvest.scenario.validate import payer_tree_of

Doc = TypeVar("Doc")

DEFAULT_DRAWS = 500

FundDrawsOption = Annotated[
    int,
    typer.Option(
        "--draws",
        min=0,
        max=100_000,
        help=T(
            "Draws of the uncertain parameters, each a whole run of the scenario year by year "
            "(0: the deterministic run only)."
        ),
    ),
]


ReportOption = Annotated[
    Path | None,
    typer.Option(
        "--report",
        help=T("Also write the page as HTML to this file (it must end in .html)."),
        show_default=False,
    ),
]


def _check_report(report: Path | None, source: str, language: str, as_json: bool) -> None:
    if report is not None and report.suffix.lower() != ".html":
        problem = Problem.of(
            "--report",
            N_("the page is HTML: the file must end in .html, found {found}"),
            found=report.name,
        )
        fail(InputError(source, [problem]), language, as_json)


def register(app: typer.Typer) -> None:
    """Add ``fund`` and ``contract`` to ``app``."""
    app.command(
        name="fund",
        help=T(
            "A social investment fund over the years: its balance (mean and 5-95 % band), "
            "the probability that it is depleted, and what each committee pays back and when, "
            "under the fund's repayment rule."
        ),
    )(fund)
    app.command(
        name="contract",
        help=T(
            "An outcome contract (social impact bond): outcome payments with caps, the "
            "investor's cash flow, IRR and probability of a loss, and each public payer's NPV "
            "with and without the contract."
        ),
    )(contract)


def _file_or_example(
    path: Path | None,
    example: str | None,
    option: str,
    load: Callable[[Path], tuple[Doc, LineMap]],
    shipped: Callable[[str], tuple[Doc, LineMap]],
    choices: Sequence[str],
    source: str,
    language: str,
    as_json: bool,
) -> tuple[Doc, LineMap, str]:
    """The rules or terms given as ``option FILE`` or ``--example NAME`` (exactly one of
    them), with their line map and the name errors should cite."""
    if (path is None) == (example is None):
        problem = Problem.of(
            option,
            N_("give either {option} FILE or --example NAME (one of {choices})"),
            option=option,
            choices=", ".join(choices),
        )
        fail(InputError(source, [problem]), language, as_json)
    try:
        if path is not None:
            document, lines = load(path)
            return document, lines, str(path)
        assert example is not None
        document, lines = shipped(example)
    except InputError as exc:
        fail(exc, language, as_json)
    return document, lines, f"example:{example}"


def _draws(
    model: Scenario,
    library: ParameterLibrary,
    draws: int,
    seed: int | None,
    source: str,
    language: str,
    as_json: bool,
) -> YearlyDraws:
    console = Console(stderr=True)
    try:
        if draws == 0 or not console.is_terminal:
            return yearly_draws(model, library, draws, seed)
        with progress_bar(console) as bar:
            task = bar.add_task(translator(language)("Drawing"), total=draws)
            return yearly_draws(
                model,
                library,
                draws,
                seed,
                progress=lambda done, _total: bar.update(task, completed=done),
            )
    except ValueError as exc:
        fail(analysis_problem(exc, source), language, as_json)


def fund(
    scenario: ScenarioArgument = None,
    rules: Annotated[
        Path | None,
        typer.Option(
            "--rules",
            help=T("The fund's rules (YAML; see docs/funds.md)."),
            show_default=False,
        ),
    ] = None,
    example: Annotated[
        str | None,
        typer.Option(
            "--example",
            help=T(
                "A shipped Swedish fund's rules instead of --rules: gavleborg, norrkoping, "
                "norrkoping-2022, orebro or pitea."
            ),
            show_default=False,
        ),
    ] = None,
    alternative: AlternativeOption = None,
    draws: FundDrawsOption = DEFAULT_DRAWS,
    seed: SeedOption = None,
    report: ReportOption = None,
    params: ParamsOption = None,
    lang: LangOption = None,
    output: FormatOption = Format.table,
) -> None:
    language, as_json, library, model, source = open_scenario(scenario, params, lang, output)
    _check_report(report, source, language, as_json)
    fund_rules, lines, rules_source = _file_or_example(
        rules, example, "--rules", load_fund_rules, example_fund, example_funds(), source,
        language, as_json,
    )  # fmt: skip
    yearly = _draws(model, library, draws, seed, source, language, as_json)
    if alternative is not None and alternative not in yearly.alternatives:
        problem = Problem.of(
            "--alternative",
            N_("unknown alternative {found}; expected one of {choices}"),
            found=alternative,
            choices=", ".join(yearly.alternatives),
        )
        fail(InputError(source, [problem]), language, as_json)
    if alternative is not None and fund_rules.investments:
        problem = Problem.of(
            "--alternative",
            N_("the rules decide their investments (investments:); leave out --alternative"),
        )
        fail(InputError(rules_source, [problem]), language, as_json)
    investments = investments_of(fund_rules, yearly, alternative)
    problems = check_fund(fund_rules, yearly, investments, bool(fund_rules.investments))
    if problems:
        fail(InputError(rules_source, with_lines(problems, lines)), language, as_json)
    result = simulate_fund(fund_rules, yearly, alternative)
    tree = payer_tree_of(model)
    if report is not None:
        write_text(report, fund_html(result, tree, language), language, as_json)
    if as_json:
        echo_json(fund_json(result, model, scenario_hash(model)), source, language)
        return
    render_fund(result, tree, language, stdout_console())


def contract(
    scenario: ScenarioArgument = None,
    terms: Annotated[
        Path | None,
        typer.Option(
            "--terms",
            help=T("The contract's terms (YAML; see docs/funds.md)."),
            show_default=False,
        ),
    ] = None,
    example: Annotated[
        str | None,
        typer.Option(
            "--example",
            help=T("A shipped example contract's terms instead of --terms: placements."),
            show_default=False,
        ),
    ] = None,
    alternative: AlternativeOption = None,
    draws: FundDrawsOption = DEFAULT_DRAWS,
    seed: SeedOption = None,
    report: ReportOption = None,
    params: ParamsOption = None,
    lang: LangOption = None,
    output: FormatOption = Format.table,
) -> None:
    language, as_json, library, model, source = open_scenario(scenario, params, lang, output)
    _check_report(report, source, language, as_json)
    contract_terms, lines, terms_source = _file_or_example(
        terms, example, "--terms", load_contract_terms, example_contract, example_contracts(),
        source, language, as_json,
    )  # fmt: skip
    yearly = _draws(model, library, draws, seed, source, language, as_json)
    problems = check_contract(contract_terms, yearly, alternative)
    if problems:
        fail(InputError(terms_source, with_lines(problems, lines)), language, as_json)
    result = simulate_contract(contract_terms, yearly, alternative)
    tree = payer_tree_of(model)
    if report is not None:
        write_text(report, contract_html(result, tree, language), language, as_json)
    if as_json:
        echo_json(contract_json(result, model, scenario_hash(model)), source, language)
        return
    render_contract(result, tree, language, stdout_console())
