"""``socinvest portfolio``: the interventions, and their scale, that maximise a payer's or a
perspective's expected NPV under each payer's yearly budget and a risk limit."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from socinvest.analysis.portfolio import (
    DEFAULT_DRAWS,
    DEFAULT_SCOPE,
    PortfolioResult,
    candidate_inputs,
    optimise,
    risk_limit,
)
from socinvest.analysis.portfolio_input import load_budget_file
from socinvest.cli.common import (
    Format,
    T,
    analysis_problem,
    echo_json,
    fail,
    language_of,
    library_with,
    load_or_example,
    stdout_console,
    write_text,
)
from socinvest.cli.options import FormatOption, LangOption, ParamsOption, SeedOption
from socinvest.core.portfolio import ChanceLimit, CvarLimit
from socinvest.i18n import translator
from socinvest.params.errors import InputError
from socinvest.params.payers import PayerTree
from socinvest.reports.formatting import money, percent
from socinvest.reports.labels import scope_label
from socinvest.reports.portfolio_html import portfolio_html
from socinvest.reports.portfolio_json import portfolio_json
from socinvest.scenario.load import scenario_hash
from socinvest.scenario.validate import payer_tree_of


class FrontierKind(StrEnum):
    """What the efficient frontier varies."""

    budget = "budget"
    risk = "risk"


def register(app: typer.Typer) -> None:
    """Add ``portfolio`` to ``app``."""
    app.command(
        name="portfolio",
        help=T(
            "Choose interventions and their scale to maximise the expected NPV of a payer or "
            "perspective under each payer's yearly budget, the target groups' sizes and a "
            "risk limit (a mixed-integer programme). Every alternative of every scenario, "
            "against its comparison, is a candidate."
        ),
    )(portfolio)


def portfolio(
    scenarios: Annotated[
        list[Path],
        typer.Argument(help=T("Scenario files (YAML); each alternative is a candidate.")),
    ],
    budget: Annotated[
        Path,
        typer.Option(
            "--budget",
            "-b",
            help=T(
                "Budget file: payer, year and amount per row (YAML or CSV); in YAML also "
                "each candidate's maximum and minimum scale, all-or-nothing and required."
            ),
        ),
    ],
    scope: Annotated[
        str,
        typer.Option(
            "--scope",
            "-s",
            help=T(
                "Payer id or perspective whose expected NPV to maximise (public_finances, "
                "socio_economic, kommun ...)."
            ),
        ),
    ] = DEFAULT_SCOPE,
    alpha: Annotated[
        float | None,
        typer.Option(
            "--alpha",
            min=0.0,
            max=1.0,
            help=T(
                "Risk limit: the probability of a loss (NPV below 0 in the draws) at most "
                "this; with --cvar, the share of the worst draws the CVaR averages "
                "(default 0.05)."
            ),
            show_default=False,
        ),
    ] = None,
    cvar: Annotated[
        float | None,
        typer.Option(
            "--cvar",
            help=T(
                "Risk limit: the mean loss in the worst --alpha share of the draws (CVaR) at "
                "most this many SEK (0: no loss on average even there)."
            ),
            show_default=False,
        ),
    ] = None,
    all_or_nothing: Annotated[
        bool,
        typer.Option(
            "--all-or-nothing",
            help=T(
                "Each candidate at its full scale or not at all (unless the budget file says "
                "otherwise for it)."
            ),
        ),
    ] = False,
    frontier: Annotated[
        FrontierKind | None,
        typer.Option(
            "--frontier",
            help=T(
                "Also the efficient frontier: the optimum against a multiplier on every "
                "budget (budget) or against the risk level alpha (risk)."
            ),
            show_default=False,
        ),
    ] = None,
    draws: Annotated[
        int,
        typer.Option("--draws", min=1, help=T("Draws of the uncertain parameters.")),
    ] = DEFAULT_DRAWS,
    seed: SeedOption = None,
    report: Annotated[
        Path | None,
        typer.Option(
            "--report",
            help=T("Also write the portfolio as an HTML page to this file."),
            show_default=False,
        ),
    ] = None,
    params: ParamsOption = None,
    lang: LangOption = None,
    output: FormatOption = Format.table,
) -> None:
    language = language_of(lang)
    as_json = output is Format.json
    library = library_with(params, language, as_json)
    loaded = [load_or_example(path, language, as_json, library) for path in scenarios]
    try:
        spec = load_budget_file(budget)
    except InputError as exc:
        fail(exc, language, as_json)
    try:
        limit = risk_limit(alpha, cvar)
        inputs = candidate_inputs(loaded, spec, library, draws, seed)
        result = optimise(
            inputs, spec, scope, limit, all_or_nothing, frontier.value if frontier else None
        )
    except InputError as exc:
        fail(exc, language, as_json)
    except ValueError as exc:
        fail(analysis_problem(exc, loaded[0][1]), language, as_json)
    if report is not None:
        tree = payer_tree_of(loaded[0][0])
        page = portfolio_html(result, language, lambda s: scope_label_or_id(tree, s, language))
        write_text(report, page, language, as_json)
    if as_json:
        hashes = [(m.id, scenario_hash(m)) for m, _ in loaded]
        echo_json(portfolio_json(result, hashes, str(budget)), str(budget), language)
        return
    render_portfolio(result, payer_tree_of(loaded[0][0]), language, stdout_console())


def scope_label_or_id(tree: PayerTree, scope: str, lang: str) -> str:
    """A payer's or perspective's label, else its id (a payer of another scenario's tree)."""
    try:
        return scope_label(tree, scope, lang)
    except KeyError:
        return scope


def _scope(tree: PayerTree, scope: str, lang: str) -> str:
    return escape(scope_label_or_id(tree, scope, lang))


def _risk_text(result: PortfolioResult, lang: str) -> str:
    _ = translator(lang)
    if isinstance(result.risk, ChanceLimit):
        return _("probability of a loss at most {alpha}; in the draws: {found}").format(
            alpha=percent(result.risk.alpha, lang), found=percent(result.p_loss, lang)
        )
    if isinstance(result.risk, CvarLimit):
        return _(
            "mean loss in the worst {alpha} of the draws (CVaR) at most {limit}; "
            "in the draws: {found}"
        ).format(
            alpha=percent(result.risk.alpha, lang),
            limit=money(result.risk.limit, lang),
            found=money(result.cvar if result.cvar is not None else float("nan"), lang),
        )
    return _("none (probability of a loss in the draws: {found})").format(
        found=percent(result.p_loss, lang)
    )


def render_portfolio(result: PortfolioResult, tree: PayerTree, lang: str, console: Console) -> None:
    """The chosen candidates, the portfolio's NPV per payer, the budgets used, the frontier."""
    _ = translator(lang)
    first, last = result.term_years
    table = Table(
        title=_("Portfolio: expected NPV for {scope} ({draws} draws, seed {seed})").format(
            scope=_scope(tree, result.scope, lang), draws=result.draws, seed=result.seed
        ),
        title_justify="left",
        caption=_(
            "SEK in {year} prices. Share: of the scenario's target group; NPV linear in the "
            "scale. Probability of a gain over the draws, to the horizon and within the term "
            "of office {first}-{last}."
        ).format(year=result.price_year, first=first, last=last),
        caption_justify="left",
    )
    table.add_column(_("Candidate"))
    table.add_column(_("Share"), justify="right")
    table.add_column(_("Participants"), justify="right")
    table.add_column(_("Expected NPV"), justify="right")
    table.add_column(_("P(gain), horizon"), justify="right")
    table.add_column(_("P(gain), term"), justify="right")
    for c in result.candidates:
        table.add_row(
            f"{escape(c.label[lang])}\n{escape(c.id)}",
            percent(c.share, lang, 0) if c.share > 0 else "–",
            f"{c.participants:,.0f}".replace(",", "\u00a0") if c.share > 0 else "–",
            money(c.expected_npv, lang) if c.share > 0 else "–",
            percent(c.p_gain, lang, 0),
            percent(c.p_gain_term, lang, 0),
            style="bold" if c.share > 0 else "dim",
        )
    console.print(table)
    console.print(
        _(
            "Portfolio: expected NPV {npv}, probability of a gain {p} to the horizon and {pt} "
            "within the term of office. Risk limit: {risk}."
        ).format(
            npv=money(result.expected_npv, lang),
            p=percent(result.p_gain, lang, 0),
            pt=percent(result.p_gain_term, lang, 0),
            risk=_risk_text(result, lang),
        ),
        highlight=False,
    )
    if not result.chosen:
        console.print(
            _(
                "Nothing is chosen: no candidate adds to the expected NPV within the budgets "
                "and the risk limit."
            ),
            highlight=False,
        )
    scopes = Table(title=_("Who gains from the portfolio"), title_justify="left")
    scopes.add_column(_("Payer or perspective"))
    scopes.add_column(_("Expected NPV, horizon"), justify="right")
    scopes.add_column(_("P(gain)"), justify="right")
    scopes.add_column(_("Expected NPV, term"), justify="right")
    scopes.add_column(_("P(gain), term"), justify="right")
    for name, f in result.by_scope.items():
        scopes.add_row(
            _scope(tree, name, lang),
            money(f.mean, lang),
            percent(f.p_gain, lang, 0),
            money(f.mean_term, lang),
            percent(f.p_gain_term, lang, 0),
        )
    console.print(scopes)
    budgets = Table(title=_("Budgets used"), title_justify="left")
    budgets.add_column(_("Payer"))
    budgets.add_column(_("Year"), justify="right")
    budgets.add_column(_("Budget"), justify="right")
    budgets.add_column(_("Used"), justify="right")
    budgets.add_column(_("Share used"), justify="right")
    for b in result.budgets:
        budgets.add_row(
            _scope(tree, b.payer, lang),
            str(b.year),
            money(b.amount, lang),
            money(b.used, lang),
            percent(b.used / b.amount, lang, 0) if b.amount > 0 else "–",
        )
    console.print(budgets)
    if result.frontier_kind is None:
        return
    title = (
        _("Efficient frontier over the budget (multiplier on every budget)")
        if result.frontier_kind == "budget"
        else _("Efficient frontier over the risk level alpha")
    )
    front = Table(title=title, title_justify="left")
    front.add_column(
        _("Multiplier") if result.frontier_kind == "budget" else "alpha", justify="right"
    )
    front.add_column(_("Expected NPV"), justify="right")
    front.add_column(_("P(gain)"), justify="right")
    front.add_column(_("Chosen (share)"))
    for p in result.frontier:
        value = f"{p.value:g}" if result.frontier_kind == "budget" else percent(p.value, lang)
        if not p.feasible:
            front.add_row(value, "–", "–", _("no portfolio fits"))
            continue
        chosen = ", ".join(f"{escape(k)} {percent(v, lang, 0)}" for k, v in p.chosen.items())
        front.add_row(value, money(p.expected_npv, lang), percent(p.p_gain, lang, 0), chosen or "–")
    console.print(front)
