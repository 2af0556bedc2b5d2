"""The portfolio as one self-contained HTML page (``socinvest portfolio --report FILE``), with
the report's style sheet (``templates/report_style.css``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from socinvest.analysis.portfolio import PortfolioResult
from socinvest.core.portfolio import ChanceLimit, CvarLimit
from socinvest.i18n import translator
from socinvest.reports.formatting import money, number, percent
from socinvest.reports.html_report import _environment


def _risk(result: PortfolioResult, lang: str) -> str:
    _ = translator(lang)
    if isinstance(result.risk, ChanceLimit):
        text = _("probability of a loss at most {alpha}; in the draws: {found}").format(
            alpha=percent(result.risk.alpha, lang), found=percent(result.p_loss, lang)
        )
    elif isinstance(result.risk, CvarLimit):
        text = _(
            "mean loss in the worst {alpha} of the draws (CVaR) at most {limit}; "
            "in the draws: {found}"
        ).format(
            alpha=percent(result.risk.alpha, lang),
            limit=money(result.risk.limit, lang),
            found=money(result.cvar if result.cvar is not None else float("nan"), lang),
        )
    else:
        text = _("none (probability of a loss in the draws: {found})").format(
            found=percent(result.p_loss, lang)
        )
    return _("Risk limit: {risk}.").format(risk=text)


def portfolio_html(result: PortfolioResult, lang: str, label: Callable[[str], str]) -> str:
    """The page in ``lang``; ``label`` names a payer or perspective in ``lang``."""
    _ = translator(lang)
    first, last = result.term_years
    context: dict[str, Any] = {
        "_": _,
        "lang": lang,
        "title": _("Portfolio: expected NPV for {scope} ({draws} draws, seed {seed})").format(
            scope=label(result.scope), draws=result.draws, seed=result.seed
        ),
        "headline": _(
            "Expected NPV {npv}, probability of a gain {p} to the horizon and {pt} within the "
            "term of office."
        ).format(
            npv=money(result.expected_npv, lang),
            p=percent(result.p_gain, lang, 0),
            pt=percent(result.p_gain_term, lang, 0),
        ),
        "risk": _risk(result, lang),
        "caption": _(
            "SEK in {year} prices. Share: of the scenario's target group; NPV linear in the "
            "scale. Probability of a gain over the draws, to the horizon and within the term "
            "of office {first}-{last}."
        ).format(year=result.price_year, first=first, last=last),
        "candidates": [
            {
                "id": c.id,
                "label": c.label[lang],
                "chosen": c.share > 0,
                "share": percent(c.share, lang, 0) if c.share > 0 else "–",
                "participants": number(c.participants, lang) if c.share > 0 else "–",
                "npv": money(c.expected_npv, lang) if c.share > 0 else "–",
                "p_gain": percent(c.p_gain, lang, 0),
                "p_gain_term": percent(c.p_gain_term, lang, 0),
            }
            for c in result.candidates
        ],
        "scopes": [
            {
                "label": label(name),
                "npv": money(f.mean, lang),
                "gain": f.mean >= 0,
                "p_gain": percent(f.p_gain, lang, 0),
                "npv_term": money(f.mean_term, lang),
                "p_gain_term": percent(f.p_gain_term, lang, 0),
            }
            for name, f in result.by_scope.items()
        ],
        "budgets": [
            {
                "payer": label(b.payer),
                "year": b.year,
                "amount": money(b.amount, lang),
                "used": money(b.used, lang),
                "share": percent(b.used / b.amount, lang, 0) if b.amount > 0 else "–",
            }
            for b in result.budgets
        ],
        "frontier": _frontier(result, lang),
        "method": _(
            "A mixed-integer programme (scipy.optimize.milp, HiGHS) over {draws} draws of the "
            "probabilistic analysis, seed {seed}; see docs/portfolio.md."
        ).format(draws=result.draws, seed=result.seed),
    }
    return _environment().get_template("portfolio.html").render(context)


def _frontier(result: PortfolioResult, lang: str) -> dict[str, Any] | None:
    _ = translator(lang)
    if result.frontier_kind is None:
        return None
    budget = result.frontier_kind == "budget"
    return {
        "title": _("Efficient frontier over the budget (multiplier on every budget)")
        if budget
        else _("Efficient frontier over the risk level alpha"),
        "heading": _("Multiplier") if budget else "alpha",
        "points": [
            {
                "value": number(p.value, lang, 2) if budget else percent(p.value, lang),
                "npv": money(p.expected_npv, lang) if p.feasible else "–",
                "p_gain": percent(p.p_gain, lang, 0) if p.feasible else "–",
                "chosen": (
                    ", ".join(f"{k} {percent(v, lang, 0)}" for k, v in p.chosen.items()) or "–"
                )
                if p.feasible
                else _("no portfolio fits"),
            }
            for p in result.frontier
        ],
    }
