"""Rich rendering of ``socinvest fund`` and ``socinvest contract``."""

from __future__ import annotations

import numpy as np
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from socinvest.analysis.contract import ContractResult
from socinvest.analysis.fund import FundResult
from socinvest.i18n import translator
from socinvest.params.payers import PayerTree
from socinvest.reports.formatting import money, percent
from socinvest.reports.fund_report import RULE_TEXT, figure_rows, npv_text, shown_years
from socinvest.reports.labels import scope_label
from socinvest.scenario.fund_rules import FigureSource

_npv = npv_text


def render_fund(result: FundResult, tree: PayerTree, lang: str, console: Console) -> None:
    """The fund's balance per year, depletion, each committee's repayments and net, and the
    rules' figures with their sources."""
    _ = translator(lang)
    rules = result.rules
    ledger = result.ledger
    draws = max(result.draws, 1)
    mean, p5, p95 = result.balance_band()
    table = Table(
        title=_("Fund {name}: {rule} ({draws} draws, seed {seed})").format(
            name=escape(rules.name.sv if lang == "sv" else rules.name.en),
            rule=_(RULE_TEXT[rules.repayment.rule]),
            draws=draws,
            seed=result.seed,
        ),
        title_justify="left",
        caption=_(
            "Mean over the draws, SEK in whole kronor; the band is the 5th to 95th percentile. "
            "Left out: years without an allocation or a payment out whose repayment is under "
            "5 % of the largest; the last row is the horizon."
        ),
        caption_justify="left",
    )
    for head in (
        _("Year"),
        _("Opening"),
        _("Allocation"),
        _("Paid out"),
        _("Paid back"),
        _("Closing"),
        _("Closing, 5-95 %"),
    ):
        table.add_column(head, justify="right")
    flows = ledger.allocations + ledger.disbursements.mean(axis=0)
    for t in shown_years(flows, ledger.repayments.mean(axis=0)):
        table.add_row(
            str(result.years[t]),
            money(float(ledger.opening[:, t].mean()), lang),
            money(float(ledger.allocations[t]), lang),
            money(float(ledger.disbursements[:, t].mean()), lang),
            money(float(ledger.repayments[:, t].mean()), lang),
            money(float(mean[t]), lang),
            f"{money(float(p5[t]), lang)} – {money(float(p95[t]), lang)}",
        )
    console.print(table)
    console.print(
        _(
            "Probability that the fund is depleted (below zero at the end of some year): "
            "{p}. Paid out {paid}, paid back {back} (means); the fund gets back what it paid "
            "out in {rec} of the draws."
        ).format(
            p=percent(result.p_depleted, lang),
            paid=money(float(result.disbursed.mean()), lang),
            back=money(float(result.repaid.mean()), lang),
            rec=percent(result.p_recovered, lang),
        ),
        highlight=False,
    )
    if result.p_depleted > 0:
        first = result.first_depleted()
        year = min(first)
        console.print(_("First depleted as early as {year}.").format(year=year), highlight=False)
    committees = Table(
        title=_("What each committee saves and pays back"),
        title_justify="left",
        caption=_(
            "Net = savings - repayments - its own part of the cost (the part the fund does not "
            "pay), discounted; in brackets the probability of a gain. Term of office: the "
            "first {years} years."
        ).format(years=result.term_years),
        caption_justify="left",
    )
    for head, justify in (
        (_("Committee"), "left"),
        (_("Savings"), "right"),
        (_("Paid back"), "right"),
        (_("Repays in"), "left"),
        (_("Net, term of office"), "right"),
        (_("Net, to the horizon"), "right"),
    ):
        committees.add_column(head, justify=justify)  # type: ignore[arg-type]
    for c in result.committees:
        years = np.flatnonzero(c.repaid.mean(axis=0) > 0)
        when = f"{result.years[years[0]]}–{result.years[years[-1]]}" if years.size else "–"
        committees.add_row(
            escape(scope_label(tree, c.payer, lang)),
            money(float(c.savings.sum(axis=1).mean()), lang),
            money(float(c.repaid.sum(axis=1).mean()), lang),
            when,
            _npv(c.term_of_office, lang),
            _npv(c.horizon, lang),
        )
    console.print(committees)
    render_figures(rules.figures(), rules.sources, lang, console)


def render_figures(
    figures: list[str], sources: list[FigureSource], lang: str, console: Console
) -> None:
    """The rules' figures with the grade of their best source and their status."""
    _ = translator(lang)
    table = Table(title=_("The rules' figures and their sources"), title_justify="left")
    for head in (_("Figure"), _("Grade"), _("Status"), _("Source")):
        table.add_column(head)
    for row in figure_rows(figures, sources, lang):
        table.add_row(*(escape(row[k]) for k in ("figure", "grade", "status", "source")))
    console.print(table)


def render_contract(result: ContractResult, tree: PayerTree, lang: str, console: Console) -> None:
    """The investor's cash flow, IRR and probability of loss; each payer with and without."""
    _ = translator(lang)
    terms = result.terms
    draws = max(result.draws, 1)
    table = Table(
        title=_("Outcome contract {name} ({draws} draws, seed {seed})").format(
            name=escape(terms.name.sv if lang == "sv" else terms.name.en),
            draws=draws,
            seed=result.seed,
        ),
        title_justify="left",
        caption=_(
            "Mean over the draws, SEK; the investor pays the costs in the contract's {years} years."
        ).format(years=result.contract_years),
        caption_justify="left",
    )
    for head in (_("Year"), _("Costs"), _("Outcome payments"), _("Investor's net")):
        table.add_column(head, justify="right")
    flows = result.investor_flows
    costs, payments = result.costs.mean(axis=0), result.payments.mean(axis=0)
    for t in shown_years(costs + payments, np.zeros_like(costs)):
        table.add_row(
            str(result.years[t]),
            money(float(result.costs[:, t].mean()), lang),
            money(float(result.payments[:, t].mean()), lang),
            money(float(flows[:, t].mean()), lang),
        )
    console.print(table)
    med, p5, p95, missing = result.irr_summary()
    console.print(
        _(
            "Investor: IRR {median} (5-95 %: {p5} to {p95}; no IRR in {missing} of the "
            "draws); probability of a loss {loss}; NPV at {rate} {npv}."
        ).format(
            median=percent(med, lang),
            p5=percent(p5, lang),
            p95=percent(p95, lang),
            missing=percent(missing, lang),
            loss=percent(result.p_loss, lang),
            rate=percent(terms.investor_discount_rate, lang),
            npv=money(result.investor_npv.mean, lang),
        ),
        highlight=False,
    )
    cap_year, cap_total = terms.caps
    console.print(
        _(
            "Largest payment in a year {year} (cap {cap_year}); largest total {total} (cap "
            "{cap_total})."
        ).format(
            year=money(float(result.payments.max()), lang),
            cap_year=money(cap_year, lang),
            total=money(float(result.payments.sum(axis=1).max()), lang),
            cap_total=money(cap_total, lang),
        ),
        highlight=False,
    )
    payers = Table(
        title=_("Each payer's NPV without and with the contract"),
        title_justify="left",
        caption=_("Discounted; in brackets the probability of a gain."),
        caption_justify="left",
    )
    for head, justify in (
        (_("Payer"), "left"),
        (_("Share"), "right"),
        (_("Without, term of office"), "right"),
        (_("With, term of office"), "right"),
        (_("Without, to the horizon"), "right"),
        (_("With, to the horizon"), "right"),
    ):
        payers.add_column(head, justify=justify)  # type: ignore[arg-type]
    for p in result.payers:
        payers.add_row(
            escape(scope_label(tree, p.payer, lang)),
            percent(p.share, lang, 0),
            _npv(p.without_term, lang),
            _npv(p.with_contract_term, lang),
            _npv(p.without, lang),
            _npv(p.with_contract, lang),
        )
    console.print(payers)
    render_figures(terms.figures(), terms.sources, lang, console)
