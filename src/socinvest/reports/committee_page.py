"""The first page of the report, for one decision maker (``--scope``, default the kommun):
what it costs them per budget year (the request per committee for the first five calendar
years), when it pays back for them, their probability of a gain and what that includes, then
who else gains and how much, and the socio-economic result, each labelled with whose figure
it is; the council terms (mandatperioder) by budget year; the evidence grade and illustrative
status of each effect, the discount rate, the price year and what present value means. Text
and cards round to tkr/mnkr (:func:`~socinvest.reports.formatting.rounded_money`); the
tables keep whole kronor."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from socinvest.analysis.case import Case
from socinvest.analysis.council_terms import CouncilTerm, scenario_terms, term_metrics
from socinvest.analysis.effect_evidence import effect_evidence
from socinvest.analysis.summary import PERSPECTIVES, Comparison, InvestmentMetrics
from socinvest.i18n import translator
from socinvest.reports import charts
from socinvest.reports.charts import AddChart, Chart
from socinvest.reports.discount_text import discount_text
from socinvest.reports.formatting import money, number, percent, rounded_money
from socinvest.reports.labels import EVIDENCE_GRADE_TEXT, MCPF_SCOPE, sentence_start
from socinvest.reports.report_text import (
    SMALL_SEK,
    labels_of_alternatives,
    labels_of_states,
    scope_in_text,
    scope_label,
    signed,
    year_span,
)
from socinvest.reports.uncertainty_text import varied_sentence
from socinvest.scenario.model import numeric, text_in

LONG_TERM_EXCLUSION = "long_term_exclusion"
PLACED = "placed"
BUDGET_YEARS = 5
"""Budget years of the first page's table of what it costs per year."""


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


def _budget_payers(case: Case, scope: str) -> list[str]:
    """The rows of the table of what it costs per budget year: the decision maker's
    committees (its children in the payer tree) when it has any, the top-level payers for a
    perspective, else the decision maker alone."""
    tree = case.results.compiled.payers
    if scope in PERSPECTIVES or scope == MCPF_SCOPE:
        return case.top_level_payers
    children = [p.id for p in tree.payers if p.parent_id == scope]
    return children or [scope]


def budget_table(case: Case, scope: str, lang: str) -> dict[str, Any]:
    """What it costs the decision maker per budget year, for the first :data:`BUDGET_YEARS`
    calendar years: the intervention's cost (the request) per committee, the decision
    maker's avoided costs and gained income, and its net, undiscounted, in whole kronor of
    the price year. Committees without costs in these years are left out (their gains are
    in the decision maker's benefits row)."""
    _ = translator(lang)
    yearly = case.yearly_net()
    years = case.years[:BUDGET_YEARS]
    n = len(years)
    rows: list[dict[str, Any]] = []
    for pid in _budget_payers(case, scope):
        costs = yearly[pid].costs[:n]
        if float(abs(costs).max()) < SMALL_SEK:
            continue
        rows.append(
            {
                "label": scope_label(case, pid, lang),
                "values": [number(float(c), lang) for c in costs],
                "total": number(float(costs.sum()), lang),
                "kind": "cost",
            }
        )
    own = yearly[scope]
    costs = own.costs[:n]
    benefits = own.net[:n] + costs
    net = own.net[:n]
    name = scope_label(case, scope, lang)
    if len(rows) != 1:
        rows.append(
            {
                "label": _("The request, {payer}").format(payer=name),
                "values": [number(float(c), lang) for c in costs],
                "total": number(float(costs.sum()), lang),
                "kind": "total",
            }
        )
    rows.append(
        {
            "label": _("Avoided costs and gained income, {payer}").format(payer=name),
            "values": [number(float(v), lang) for v in benefits],
            "total": number(float(benefits.sum()), lang),
            "kind": "benefit",
        }
    )
    rows.append(
        {
            "label": _("Net for {payer}").format(payer=name),
            "values": [number(float(v), lang) for v in net],
            "total": number(float(net.sum()), lang),
            "kind": "net",
            "exact": [float(v) for v in net],
        }
    )
    return {
        "years": [str(y) for y in years],
        "span": year_span(years[0], years[-1]),
        "rows": rows,
        "request_exact": [float(c) for c in costs],
    }


def _term_name(term: CouncilTerm, lang: str) -> str:
    """ "the council term 2027–2030"."""
    _ = translator(lang)
    return _("the council term {years}").format(years=year_span(term.first, term.last))


def terms_text(case: Case, lang: str) -> tuple[str, CouncilTerm]:
    """The council terms in one or two sentences, and the term the decision falls in: the
    current term (holding the start year) unless the analysis starts in its last budget
    year, then the next one."""
    _ = translator(lang)
    current, following = scenario_terms(case.results)
    first = case.years[0]
    assert current.covered is not None
    parts = []
    if current.covered[0] == current.last:
        parts.append(
            _(
                "{start} is the last budget year of {term} (elected in {election}); the "
                "council elected in September {next_election} has the budget years {years}."
            ).format(
                start=first,
                term=_term_name(current, lang),
                election=current.election_year,
                next_election=following.election_year,
                years=year_span(following.first, following.last),
            )
        )
        decision = following
    elif current.mid_term_start:
        parts.append(
            _(
                "The analysis starts mid-term, in {start}: {term} (elected in {election}) "
                "has the budget years {remaining} left; the next term, elected in "
                "{next_election}, has {years}."
            ).format(
                start=first,
                term=_term_name(current, lang),
                election=current.election_year,
                remaining=year_span(*current.covered),
                next_election=following.election_year,
                years=year_span(following.first, following.last),
            )
        )
        decision = current
    else:
        parts.append(
            _(
                "The analysis starts with {term} (elected in {election}); the next term, "
                "elected in {next_election}, has the budget years {years}."
            ).format(
                term=_term_name(current, lang),
                election=current.election_year,
                next_election=following.election_year,
                years=year_span(following.first, following.last),
            )
        )
        decision = current
    return " ".join(parts), decision


def evidence_lines(case: Case, lang: str) -> list[str]:
    """Per intervention of the presented alternative: its evidence grade in words, and
    whether its effect sizes are illustrative (flagged so in the scenario, or resting on a
    parameter whose status is illustrative)."""
    _ = translator(lang)
    results = case.results
    scenario = results.scenario
    alternative = next(a for a in scenario.alternatives if a.id == case.alternative)
    evidence = effect_evidence(results)
    lines = []
    for intervention in scenario.interventions:
        if intervention.id not in alternative.interventions or not intervention.effects:
            continue
        name = text_in(intervention.label, lang, intervention.id)
        ev = intervention.evidence
        grade = ev.grade if ev is not None and ev.grade else None
        graded = (
            _("evidence grade {grade}").format(grade=_(EVIDENCE_GRADE_TEXT.get(grade, grade)))
            if grade
            else _("no evidence grade given")
        )
        used = {
            pid
            for e in evidence
            if e.intervention == intervention.id
            for pid in (e.ratio_parameter, *(adj.parameter for adj in e.adjustments))
            if pid is not None
        }
        judged = sorted(
            pid
            for pid in used
            if pid in results.parameters and results.parameters[pid].status == "illustrative"
        )
        if ev is not None and ev.illustrative:
            status = _("the effect sizes are illustrative: not measured for this use in a study")
        elif judged:
            status = _("{n} of the figures behind the effects are illustrative judgements").format(
                n=number(len(judged), lang)
            )
        else:
            status = _("the effect sizes are taken from the cited studies")
        lines.append(
            _("{intervention}: {grade}; {status}.").format(
                intervention=name, grade=graded, status=status
            )
        )
    return lines


def _others(case: Case, scope: str, comp: Comparison, psa: Any, lang: str) -> list[dict[str, Any]]:
    """Who else gains or pays, each labelled: the decision maker's sibling committees, the
    other top-level payers, then the public finances and the socio-economic result (the
    decision maker itself left out)."""
    tree = case.results.compiled.payers
    ids: list[str] = []
    if scope in tree:
        parent = tree.get(scope).parent_id
        if parent is not None:
            ids += [p.id for p in tree.payers if p.parent_id == parent and p.id != scope]
    top = [p for p in case.top_level_payers if scope not in PERSPECTIVES]
    ancestors = {scope}
    node = scope
    while node in tree and tree.get(node).parent_id is not None:
        node = str(tree.get(node).parent_id)
        ancestors.add(node)
    # The whole the decision maker belongs to (the kommun for a committee), then the others.
    ids += [p for p in top if p in ancestors and p != scope]
    ids += [p for p in top if p not in ancestors]
    if scope in PERSPECTIVES:
        ids = list(case.top_level_payers)
    out = []
    for pid in [*ids, *(p for p in PERSPECTIVES if p != scope)]:
        m = comp.horizon[pid]
        if pid not in PERSPECTIVES and abs(m.npv) < 1000 and abs(m.undiscounted_net) < 1000:
            continue
        out.append(
            {
                "id": pid,
                "label": scope_label(case, pid, lang),
                "npv": rounded_money(m.npv, lang),
                "npv_exact": m.npv,
                "undiscounted": rounded_money(m.undiscounted_net, lang),
                "gain": m.npv >= 0,
                "perspective": pid in PERSPECTIVES,
                "p_gain": percent(psa.horizon[pid].p_positive, lang, 0) if psa else None,
            }
        )
    return out


def committee_summary(case: Case, lang: str, add_chart: AddChart) -> dict[str, Any]:
    """The first page, for the decision maker ``case.scope``: its cost per budget year,
    payback and probability of a gain, who else gains, the terms, the evidence, the
    children."""
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
    psa = results.psa.for_alternative(case.alternative) if results.psa is not None else None
    top = case.top_level_payers
    who = scope_in_text(case, scope, lang)
    terms, decision_term = terms_text(case, lang)
    in_term = term_metrics(results, case.alternative, decision_term)
    term_npv = in_term[scope].npv if in_term is not None else None

    payers = []
    for pid in [*top, *PERSPECTIVES]:
        m = comp.horizon[pid]
        payers.append(
            {
                "label": scope_label(case, pid, lang),
                "perspective": pid in PERSPECTIVES,
                "chosen": pid == scope,
                "costs": money(m.pv_costs, lang),
                "benefits": money(m.pv_benefits, lang),
                "npv": money(m.npv, lang),
                "npv_term": money(in_term[pid].npv, lang) if in_term else "–",
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
                "chosen": scope == MCPF_SCOPE,
                "costs": money(m.pv_costs, lang),
                "benefits": money(m.pv_benefits, lang),
                "npv": money(m.npv, lang),
                "npv_term": money(in_term[MCPF_SCOPE].npv, lang) if in_term else "–",
                "payback": _payback_text(m, lang),
                "p_gain": "–" if psa else None,
                "gain": m.npv >= 0,
                "cash_npv": "",
            }
        )

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
    who_chart = add_chart(
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
    lines = [*top, "public_finances"]
    if scope not in lines:
        lines.insert(0, scope)
    for pid in lines:
        cumulative = yearly[pid].cumulative
        if pid not in (scope, "public_finances") and float(abs(cumulative).max()) < SMALL_SEK:
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
    covered = decision_term.covered or (years[0], years[0])
    band = (covered[0] - 0.5, covered[1] + 0.5)
    band_label, year_title = _("Council term"), _("Year")
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
    others_alternatives = [
        {
            "label": labels[c.alternative],
            "npv": rounded_money(c.horizon[scope].npv, lang),
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
    spent = _cost_years(yearly[scope].costs, years)
    settings = scenario.analysis
    end = years[-1]
    if head.bcr_flag == "no_costs":
        payback_value = _("Pays nothing")
    elif head.payback_year is not None:
        payback_value = str(head.payback_year)
    else:
        payback_value = _("Not by {end}").format(end=end)
    p_gain = psa.horizon[scope].p_positive if psa else None
    return {
        "discount": discount_text(results.discount, numeric(settings.discount_rate), lang),
        "alternative": labels[case.alternative],
        "comparison": labels[comparison_id],
        "scope": who,
        "scope_start": sentence_start(who),
        "scope_id": scope,
        "scope_is_perspective": scope in PERSPECTIVES or scope == MCPF_SCOPE,
        "costs_undiscounted": rounded_money(head.undiscounted_costs, lang),
        "costs_undiscounted_exact": head.undiscounted_costs,
        "costs_pv": rounded_money(head.pv_costs, lang),
        "costs_pv_exact": head.pv_costs,
        "benefits_undiscounted": rounded_money(head.undiscounted_benefits, lang),
        "added_costs": head.undiscounted_benefits < 0,
        "added_costs_undiscounted": rounded_money(-head.undiscounted_benefits, lang),
        "cost_years": year_span(*spent) if spent else None,
        "npv": rounded_money(head.npv, lang),
        "npv_exact": head.npv,
        "gain": head.npv >= 0,
        "bcr": _bcr_text(head, lang),
        "payback": payback_value,
        "payback_year": head.payback_year,
        "pays_nothing": head.bcr_flag == "no_costs",
        "term": year_span(decision_term.first, decision_term.last),
        "term_npv": rounded_money(term_npv, lang) if term_npv is not None else None,
        "term_npv_exact": term_npv,
        "terms": terms,
        "end": end,
        "first": years[0],
        "p_gain": percent(p_gain, lang, 0) if p_gain is not None else None,
        "p_gain_exact": p_gain,
        "p2_5": rounded_money(psa.horizon[scope].p2_5, lang) if psa else None,
        "p97_5": rounded_money(psa.horizon[scope].p97_5, lang) if psa else None,
        "varied": (
            varied_sentence(results.psa.inventory, results.psa.draws, lang)
            if results.psa is not None and results.psa.inventory is not None
            else None
        ),
        "draws": number(case.draws, lang),
        "evidence": evidence_lines(case, lang),
        "budget": budget_table(case, scope, lang),
        "others": _others(case, scope, comp, psa, lang),
        "payers": payers,
        "show_cash": results.compiled.has_capacity,
        "children": children,
        "other_alternatives": others_alternatives,
        "chart_who": who_chart,
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
