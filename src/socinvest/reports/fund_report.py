"""The fund and outcome-contract pages (``socinvest fund|contract --report FILE.html``): one
self-contained HTML page each, with the case report's stylesheet, number formats and charts
(:mod:`socinvest.reports.html_report`)."""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt
from markupsafe import Markup

from socinvest.analysis.contract import ContractResult
from socinvest.analysis.fund import FundResult
from socinvest.analysis.psa import NpvSummary
from socinvest.i18n import N_, translator
from socinvest.params.payers import PayerTree
from socinvest.reports.charts import MILLION, Chart
from socinvest.reports.formatting import money, percent
from socinvest.reports.fund_charts import band_over_years
from socinvest.reports.fund_json import figures_json
from socinvest.reports.html_report import (
    _environment,
    _json_script,
    _scrolling_tables,
    format_locale,
    screen_spec,
    vendored_javascript,
)
from socinvest.reports.labels import scope_label
from socinvest.scenario.fund_rules import FigureSource

RULE_TEXT = {
    "share_of_savings": N_("a share of the realised savings is paid back"),
    "budget_frame": N_("the budget frame is cut by the expected savings"),
    "none": N_("no repayment"),
}
STATUS_TEXT = {
    "verified": N_("verified"),
    "derived": N_("derived"),
    "not_verified": N_("not verified"),
    "illustrative": N_("illustrative"),
}
GRADE_TEXT = {
    "primary": N_("primary"),
    "secondary": N_("secondary"),
    "estimate": N_("estimate"),
}

FloatArray = npt.NDArray[np.float64]


def shown_years(flows: FloatArray, repaid: FloatArray) -> list[int]:
    """Indices of the years a table shows: those with a flow in ``flows`` (``(T,)``), those
    whose ``repaid`` is at least 5 % of its largest, and the last year."""
    active = (flows != 0) | (repaid >= 0.05 * repaid.max()) & (repaid > 0)
    shown = [int(t) for t in np.flatnonzero(active)]
    last = flows.shape[0] - 1
    return shown if shown and shown[-1] == last else [*shown, last]


def npv_text(s: NpvSummary, lang: str) -> str:
    """An NPV's mean with its probability of a gain in brackets."""
    return f"{money(s.mean, lang)} ({percent(s.p_positive, lang, 0)})"


def figure_rows(figures: list[str], sources: list[FigureSource], lang: str) -> list[dict[str, str]]:
    """The figures with their grade, status and source in ``lang``."""
    _ = translator(lang)
    rows = []
    for f in figures_json(figures, sources):
        grade = f["grade"]
        rows.append(
            {
                "figure": str(f["figure"]),
                "grade": _(GRADE_TEXT[str(grade)]) if grade else _("no source: an assumption"),
                "status": _(STATUS_TEXT[str(f["status"])]),
                "source": str(f["source"]) if f["source"] else "–",
            }
        )
    return rows


def _band_chart(
    chart_id: str, years: list[int], values: FloatArray, lang: str, y_title: str
) -> Chart:
    _ = translator(lang)
    mean = values.mean(axis=0)
    p5, p95 = np.quantile(values, [0.05, 0.95], axis=0)
    rows = [
        {
            "year": y,
            "mean": float(mean[t] / MILLION),
            "p5": float(p5[t] / MILLION),
            "p95": float(p95[t] / MILLION),
            "text": money(float(mean[t]), lang),
            "band": f"{money(float(p5[t]), lang)} – {money(float(p95[t]), lang)}",
        }
        for t, y in enumerate(years)
    ]
    spec = band_over_years(
        rows, x_title=_("Year"), y_title=y_title, band_title=_("5-95 % of the draws")
    )
    return Chart(chart_id, spec)


def _page(template: str, context: dict[str, Any], charts: list[Chart], lang: str) -> str:
    context = {
        **context,
        "_": translator(lang),
        "lang": lang,
        "vendor_js": Markup(vendored_javascript()),
        "specs_json": _json_script({c.id: screen_spec(c.spec) for c in charts}),
        "locale_json": _json_script(format_locale(lang)),
    }
    return _scrolling_tables(_environment().get_template(template).render(context))


def fund_html(result: FundResult, tree: PayerTree, lang: str) -> str:
    """The fund's page: the balance over the years with its band, the probability of
    depletion, each committee's repayments and net, and the rules' figures with sources."""
    _ = translator(lang)
    rules = result.rules
    ledger = result.ledger
    chart = _band_chart(
        "fund-balance", result.years, ledger.closing, lang, _("Balance, million SEK")
    )
    mean, p5, p95 = result.balance_band()
    flows = ledger.allocations + ledger.disbursements.mean(axis=0)
    rows = [
        {
            "year": result.years[t],
            "opening": money(float(ledger.opening[:, t].mean()), lang),
            "allocation": money(float(ledger.allocations[t]), lang),
            "paid_out": money(float(ledger.disbursements[:, t].mean()), lang),
            "paid_back": money(float(ledger.repayments[:, t].mean()), lang),
            "closing": money(float(mean[t]), lang),
            "band": f"{money(float(p5[t]), lang)} – {money(float(p95[t]), lang)}",
        }
        for t in shown_years(flows, ledger.repayments.mean(axis=0))
    ]
    committees = []
    for c in result.committees:
        years = np.flatnonzero(c.repaid.mean(axis=0) > 0)
        committees.append(
            {
                "name": scope_label(tree, c.payer, lang),
                "savings": money(float(c.savings.sum(axis=1).mean()), lang),
                "repaid": money(float(c.repaid.sum(axis=1).mean()), lang),
                "when": (
                    f"{result.years[years[0]]}–{result.years[years[-1]]}" if years.size else "–"
                ),
                "term": npv_text(c.term_of_office, lang),
                "horizon": npv_text(c.horizon, lang),
            }
        )
    first = result.first_depleted()
    context = {
        "kind": "fund",
        "title": rules.name.sv if lang == "sv" else rules.name.en,
        "description": (
            (rules.description.sv if lang == "sv" else rules.description.en)
            if rules.description
            else ""
        ),
        "rule": _(RULE_TEXT[rules.repayment.rule]),
        "draws": max(result.draws, 1),
        "seed": result.seed,
        "p_depleted": percent(result.p_depleted, lang),
        "first_depleted": min(first) if first else None,
        "paid_out": money(float(result.disbursed.mean()), lang),
        "paid_back": money(float(result.repaid.mean()), lang),
        "p_recovered": percent(result.p_recovered, lang),
        "chart": chart,
        "rows": rows,
        "committees": committees,
        "term_years": result.term_years,
        "figures": figure_rows(rules.figures(), rules.sources, lang),
        "sources": rules.sources,
    }
    return _page("fund.html", context, [chart], lang)


def contract_html(result: ContractResult, tree: PayerTree, lang: str) -> str:
    """The contract's page: the investor's cumulative net with its band, IRR and probability
    of a loss, each payer with and without the contract, and the terms' figures."""
    _ = translator(lang)
    terms = result.terms
    flows = result.investor_flows
    chart = _band_chart(
        "contract-investor",
        result.years[: result.contract_years],
        np.cumsum(flows, axis=1)[:, : result.contract_years],
        lang,
        _("Investor's cumulative net, million SEK"),
    )
    costs = result.costs.mean(axis=0)
    payments = result.payments.mean(axis=0)
    rows = [
        {
            "year": result.years[t],
            "costs": money(float(costs[t]), lang),
            "payments": money(float(payments[t]), lang),
            "net": money(float(flows[:, t].mean()), lang),
        }
        for t in shown_years(costs + payments, np.zeros_like(costs))
    ]
    med, p5, p95, missing = result.irr_summary()
    cap_year, cap_total = terms.caps
    context = {
        "kind": "contract",
        "title": terms.name.sv if lang == "sv" else terms.name.en,
        "description": (
            (terms.description.sv if lang == "sv" else terms.description.en)
            if terms.description
            else ""
        ),
        "draws": max(result.draws, 1),
        "seed": result.seed,
        "contract_years": result.contract_years,
        "irr": percent(med, lang),
        "irr_p5": percent(p5, lang),
        "irr_p95": percent(p95, lang),
        "any_loss": result.p_loss > 0.0,
        "irr_missing": percent(missing, lang),
        "p_loss": percent(result.p_loss, lang),
        "investor_npv": money(result.investor_npv.mean, lang),
        "investor_rate": percent(terms.investor_discount_rate, lang),
        "largest_year": money(float(result.payments.max()), lang),
        "cap_year": money(cap_year, lang),
        "largest_total": money(float(result.payments.sum(axis=1).max()), lang),
        "cap_total": money(cap_total, lang),
        "chart": chart,
        "rows": rows,
        "payers": [
            {
                "name": scope_label(tree, p.payer, lang),
                "share": percent(p.share, lang, 0),
                "without_term": npv_text(p.without_term, lang),
                "with_term": npv_text(p.with_contract_term, lang),
                "without": npv_text(p.without, lang),
                "with": npv_text(p.with_contract, lang),
            }
            for p in result.payers
        ],
        "figures": figure_rows(terms.figures(), terms.sources, lang),
        "sources": terms.sources,
    }
    return _page("fund.html", context, [chart], lang)
