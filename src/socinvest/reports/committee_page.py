"""The first page of the report, for the committee: the headline (what it costs, the net
present value, payback, the probability of a gain), one sentence per payer in plain words,
who pays and who gains (NPV per payer), when it pays back (the cumulative net per payer over
the years, with the term of office), the payers' table, what it means for the children, and
the other alternatives in brief."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from socinvest.analysis.case import Case
from socinvest.analysis.summary import PERSPECTIVES, Comparison, InvestmentMetrics
from socinvest.i18n import translator
from socinvest.reports import charts
from socinvest.reports.charts import AddChart, Chart
from socinvest.reports.discount_text import discount_text
from socinvest.reports.formatting import money, number, percent
from socinvest.reports.labels import MCPF_SCOPE
from socinvest.reports.report_text import (
    SMALL_SEK,
    labels_of_alternatives,
    labels_of_states,
    scope_label,
    short_money,
    signed,
    year_span,
)
from socinvest.reports.uncertainty_text import varied_sentence
from socinvest.scenario.model import numeric

LONG_TERM_EXCLUSION = "long_term_exclusion"
PLACED = "placed"


def _payback_text(m: InvestmentMetrics, lang: str) -> str:
    """The payback year, "not within horizon", or a dash when there are no costs."""
    _ = translator(lang)
    if m.bcr_flag == "no_costs":
        return "–"
    return str(m.payback_year) if m.payback_year is not None else _("not within horizon")


def _bcr_text(m: InvestmentMetrics, lang: str) -> str:
    """The benefit-cost ratio (a star when the costs are small), or a dash."""
    if m.bcr is None:
        return "–"
    text = number(m.bcr, lang, 2)
    return f"{text}*" if m.bcr_flag == "small_costs" else text


def _cost_years(costs: Iterable[float], years: Sequence[int]) -> tuple[int, int] | None:
    """The first and last year with costs (``None``: no costs at all)."""
    paid = [y for y, c in zip(years, costs, strict=True) if abs(c) >= SMALL_SEK]
    return (paid[0], paid[-1]) if paid else None


def payer_sentence(
    case: Case, scope: str, comp: Comparison, costs: Iterable[float], lang: str
) -> str | None:
    """What one payer pays, gets back and when, in plain words (``None``: nothing to say)."""
    _ = translator(lang)
    m = comp.horizon[scope]
    term = comp.term_of_office[scope]
    years = case.years
    name = scope_label(case, scope, lang)
    end = years[-1]
    spent = _cost_years(costs, years)
    term_years = year_span(years[0], years[min(case.term_of_office, len(years)) - 1])
    if spent is not None and m.undiscounted_costs >= SMALL_SEK:
        if m.undiscounted_benefits > 0:
            text = _(
                "{payer} pays {costs} in {years} and gets {benefits} back by {end} (undiscounted)."
            ).format(
                payer=name,
                costs=short_money(m.undiscounted_costs, lang),
                years=year_span(*spent),
                benefits=short_money(m.undiscounted_benefits, lang),
                end=end,
            )
        else:
            text = _("{payer} pays {costs} in {years} and gets nothing back by {end}.").format(
                payer=name,
                costs=short_money(m.undiscounted_costs, lang),
                years=year_span(*spent),
                end=end,
            )
        if m.payback_year is not None:
            text += " " + _(
                "In present value the investment has paid for itself in {year}: a net "
                "present value of {npv} by {end}."
            ).format(year=m.payback_year, npv=short_money(m.npv, lang), end=end)
        else:
            text += " " + _(
                "In present value it does not pay for itself by {end}: a net present value "
                "of {npv}."
            ).format(npv=short_money(m.npv, lang), end=end)
        text += " " + _("Within the term of office ({years}) the net is {npv}.").format(
            years=term_years, npv=short_money(term.npv, lang)
        )
        return text
    return None


def non_paying_sentences(case: Case, scopes: list[str], comp: Comparison, lang: str) -> list[str]:
    """One sentence for the payers that pay nothing for the intervention but gain, and one
    for those that get added costs, each naming every such payer with its undiscounted
    amount and its present value (payers with less than a thousand kronor left out)."""
    _ = translator(lang)
    end = case.years[-1]
    gains: list[str] = []
    losses: list[str] = []
    for scope in scopes:
        m = comp.horizon[scope]
        if abs(m.undiscounted_benefits) < charts.MILLION / 1000:
            continue
        item = _("{payer} {amount} ({npv})").format(
            payer=scope_label(case, scope, lang),
            amount=short_money(abs(m.undiscounted_benefits), lang),
            npv=short_money(m.npv, lang),
        )
        (gains if m.undiscounted_benefits > 0 else losses).append(item)
    sentences = []
    if gains:
        sentences.append(
            _(
                "Paying nothing for the intervention, these gain by {end} (undiscounted; "
                "present value in brackets): {payers}."
            ).format(end=end, payers="; ".join(gains))
        )
    if losses:
        sentences.append(
            _(
                "Paying nothing for the intervention, these get added costs by {end} "
                "(undiscounted; present value in brackets): {payers}."
            ).format(end=end, payers="; ".join(losses))
        )
    return sentences


def committee_summary(case: Case, lang: str, add_chart: AddChart) -> dict[str, Any]:
    """The first page: the headline, who pays and who gains, payback, children."""
    _ = translator(lang)
    results = case.results
    scenario = results.scenario
    labels = labels_of_alternatives(scenario, lang)
    comparison_id = next(a.id for a in scenario.alternatives if a.comparison)
    comp = results.comparison_for(case.alternative)
    yearly = case.yearly_net()
    scope = case.scope
    head = comp.horizon[scope]
    years = case.years
    term_n = min(case.term_of_office, len(years))
    psa = results.psa.for_alternative(case.alternative) if results.psa is not None else None
    top = case.top_level_payers

    payers = []
    for pid in [*top, *PERSPECTIVES]:
        m = comp.horizon[pid]
        payers.append(
            {
                "label": scope_label(case, pid, lang),
                "perspective": pid in PERSPECTIVES,
                "costs": money(m.pv_costs, lang),
                "benefits": money(m.pv_benefits, lang),
                "npv": money(m.npv, lang),
                "npv_term": money(comp.term_of_office[pid].npv, lang),
                "payback": _payback_text(m, lang),
                "p_gain": percent(psa.horizon[pid].p_positive, lang, 0) if psa else None,
                "gain": m.npv >= 0,
                "cash_npv": money(comp.cash[pid].npv, lang) if pid in comp.cash else "",
            }
        )
    if MCPF_SCOPE in comp.horizon:
        m = comp.horizon[MCPF_SCOPE]
        payers.append(
            {
                "label": scope_label(case, MCPF_SCOPE, lang)
                + f" ({number(scenario.analysis.mcpf, lang, 2)})",
                "perspective": True,
                "costs": money(m.pv_costs, lang),
                "benefits": money(m.pv_benefits, lang),
                "npv": money(m.npv, lang),
                "npv_term": money(comp.term_of_office[MCPF_SCOPE].npv, lang),
                "payback": _payback_text(m, lang),
                "p_gain": "–" if psa else None,
                "gain": m.npv >= 0,
                "cash_npv": "",
            }
        )
    paying = {
        pid: s
        for pid in [*top, "public_finances"]
        if (s := payer_sentence(case, pid, comp, yearly[pid].costs, lang)) is not None
    }
    sentences = [paying[pid] for pid in top if pid in paying]
    rest = [p for p in [*top, "public_finances"] if p not in paying]
    sentences += non_paying_sentences(case, rest, comp, lang)
    if "public_finances" in paying:
        sentences.append(paying["public_finances"])

    million = _("Million kronor")
    bar_rows = [
        {
            "payer": scope_label(case, pid, lang),
            "npv": comp.horizon[pid].npv / charts.MILLION,
            "text": money(comp.horizon[pid].npv, lang),
        }
        for pid in top
    ]
    payer_title, npv_title = _("Payer"), _("NPV")
    who = add_chart(
        Chart(
            "chart-npv-by-payer",
            charts.npv_by_payer(
                bar_rows, x_title=million, payer_title=payer_title, npv_title=npv_title
            ),
            # Printed at half the page's width, beside the payback chart.
            print_spec=charts.npv_by_payer(
                bar_rows,
                x_title=million,
                payer_title=payer_title,
                npv_title=npv_title,
                narrow=True,
            ),
        )
    )
    line_rows = []
    for pid in [*top, "public_finances"]:
        cumulative = yearly[pid].cumulative
        if pid != "public_finances" and float(abs(cumulative).max()) < SMALL_SEK:
            continue
        label = scope_label(case, pid, lang)
        line_rows += [
            {
                "year": year,
                "scope": label,
                "value": float(v) / charts.MILLION,
                "text": money(float(v), lang),
            }
            for year, v in zip(years, cumulative, strict=True)
        ]
    band = (years[0] - 0.5, years[term_n - 1] + 0.5)
    band_label, year_title = _("Term of office"), _("Year")
    payback = add_chart(
        Chart(
            "chart-payback",
            charts.cumulative_net(
                line_rows,
                band=band,
                band_label=band_label,
                x_title=year_title,
                y_title=_("Cumulative net, present value (million kronor)"),
                scope_title=payer_title,
            ),
            # Printed at half the page's width beside the bars, with the legend below and a
            # short axis title (the figure's caption names the cumulative net).
            print_spec=charts.cumulative_net(
                line_rows,
                band=band,
                band_label=band_label,
                x_title=year_title,
                y_title=million,
                scope_title=payer_title,
                narrow=True,
            ),
        )
    )

    children = children_summary(case, comp, lang)
    others = [
        {
            "label": labels[c.alternative],
            "npv": money(c.horizon[scope].npv, lang),
            "p_gain": (
                percent(
                    results.psa.for_alternative(c.alternative).horizon[scope].p_positive, lang, 0
                )
                if results.psa is not None
                else None
            ),
        }
        for c in results.comparisons
        if c.alternative != case.alternative
    ]
    programme = yearly[scope].costs
    spent = _cost_years(programme, years)
    settings = scenario.analysis
    return {
        "discount": discount_text(results.discount, numeric(settings.discount_rate), lang),
        "alternative": labels[case.alternative],
        "comparison": labels[comparison_id],
        "scope": scope_label(case, scope, lang),
        "costs_undiscounted": money(head.undiscounted_costs, lang),
        "costs_pv": money(head.pv_costs, lang),
        "cost_years": year_span(*spent) if spent else None,
        "benefits_pv": money(head.pv_benefits, lang),
        "npv": money(head.npv, lang),
        "gain": head.npv >= 0,
        "bcr": _bcr_text(head, lang),
        "payback": _payback_text(head, lang),
        "payback_year": head.payback_year,
        "npv_term": money(comp.term_of_office[scope].npv, lang),
        "term_years": year_span(years[0], years[term_n - 1]),
        "end": years[-1],
        "first": years[0],
        "p_gain": percent(psa.horizon[scope].p_positive, lang, 0) if psa else None,
        "p5": money(psa.horizon[scope].p5, lang) if psa else None,
        "p95": money(psa.horizon[scope].p95, lang) if psa else None,
        "p2_5": money(psa.horizon[scope].p2_5, lang) if psa else None,
        "p97_5": money(psa.horizon[scope].p97_5, lang) if psa else None,
        "sd": money(psa.horizon[scope].sd, lang) if psa else None,
        "varied": (
            varied_sentence(results.psa.inventory, results.psa.draws, lang)
            if results.psa is not None and results.psa.inventory is not None
            else None
        ),
        "draws": number(case.draws, lang),
        "payers": payers,
        "show_cash": results.compiled.has_capacity,
        "sentences": sentences,
        "children": children,
        "others": others,
        "chart_who": who,
        "chart_payback": payback,
    }


def children_summary(case: Case, comp: Comparison, lang: str) -> dict[str, Any]:
    """Person-years in long-term exclusion and placements avoided, and every state's change."""
    _ = translator(lang)
    scenario = case.results.scenario
    states = case.results.compiled.states
    state_labels = labels_of_states(scenario, lang)
    intake = case.results.compiled.intake
    children = float(sum(intake))
    out: dict[str, Any] = {"children": number(children, lang), "exclusion": None, "placed": None}
    group = scenario.model.groups.get(LONG_TERM_EXCLUSION)
    if group:
        avoided = -sum(comp.person_years_diff_undiscounted[s] for s in group)
        out["exclusion"] = {
            "years": number(avoided, lang, 1),
            "states": ", ".join(state_labels[s].lower() for s in group),
            "entries": number(-sum(comp.entries_diff[s] for s in group), lang, 1),
        }
    if PLACED in states:
        out["placed"] = {
            "label": state_labels[PLACED].lower(),
            "entries": number(-comp.entries_diff[PLACED], lang, 1),
            "years": number(-comp.person_years_diff_undiscounted[PLACED], lang, 1),
        }
    out["states"] = [
        {
            "label": state_labels[s],
            "years": signed(comp.person_years_diff_undiscounted[s], lang),
            "years_discounted": signed(comp.person_years_diff[s], lang),
            "entries": signed(comp.entries_diff[s], lang),
        }
        for s in states
    ]
    return out
