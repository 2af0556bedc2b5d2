"""``socinvest fund`` (a social investment fund's ledger and repayments) and ``socinvest
contract`` (an outcome contract, social impact bond), on a scenario's draws."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

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
    if (rules is None) == (example is None):
        problem = Problem.of(
            "--rules",
            N_("give either --rules FILE or --example NAME (one of {choices})"),
            choices=", ".join(example_funds()),
        )
        fail(InputError(source, [problem]), language, as_json)
    try:
        if rules is not None:
            fund_rules, lines = load_fund_rules(rules)
            rules_source = str(rules)
        else:
            assert example is not None
            fund_rules, lines = example_fund(example)
            rules_source = f"example:{example}"
    except InputError as exc:
        fail(exc, language, as_json)
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
    if (terms is None) == (example is None):
        problem = Problem.of(
            "--terms",
            N_("give either --terms FILE or --example NAME (one of {choices})"),
            choices=", ".join(example_contracts()),
        )
        fail(InputError(source, [problem]), language, as_json)
    try:
        if terms is not None:
            contract_terms, lines = load_contract_terms(terms)
            terms_source = str(terms)
        else:
            assert example is not None
            contract_terms, lines = example_contract(example)
            terms_source = f"example:{example}"
    except InputError as exc:
        fail(exc, language, as_json)
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
