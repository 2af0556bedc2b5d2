"""The full case of the report: the assumptions (settings, target group, alternatives, each
intervention's costs and effects with their sources), the life-course model, the yearly
ledger per payer, the NPV distribution, the tornado, break-even and switching values, the
value of information, the right time (NPV by start age) and the alternatives compared.

Each builder takes the :class:`~socinvest.analysis.case.Case` and the language and returns
the template's context of its section (``None`` when the analysis was not run); builders of
sections with a chart also take the page's ``add_chart``."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from socinvest.analysis.breakeven import EFFECT_BRACKET, BreakEven, Root
from socinvest.analysis.case import Case
from socinvest.analysis.cost_effectiveness import cost_effectiveness as outcome_costs
from socinvest.analysis.council_terms import scenario_terms
from socinvest.analysis.effect_evidence import EffectEvidence, Interval, effect_evidence
from socinvest.analysis.results import ScenarioResults
from socinvest.analysis.summary import PERSPECTIVES
from socinvest.i18n import translator
from socinvest.reports import charts
from socinvest.reports.charts import AddChart, Chart
from socinvest.reports.cost_effectiveness_text import (
    frontier_lines,
    group_label,
    mean_lines,
    table_rows,
    welfare_lines,
)
from socinvest.reports.discount_text import discount_text
from socinvest.reports.formatting import money, number, percent
from socinvest.reports.labels import (
    LEVEL_TEXT,
    NO_ROOT_TEXT,
    TIMING_TEXT,
    evidence_grade_text,
    quoted,
    target_group_text,
    tornado_bar_label,
    tornado_bar_value,
    voi_caption,
)
from socinvest.reports.report_text import (
    MEASURE_TEXT,
    citation,
    decay_text,
    labels_of_alternatives,
    labels_of_states,
    parameter_label,
    scope_label,
    window_text,
    year_span,
)
from socinvest.reports.uncertainty_text import inventory_context
from socinvest.scenario.model import Effect, Source, numeric, text_in


def _with_interval(text: str, interval: Interval | None, lang: str) -> str:
    """``text`` and its 95% interval, e.g. "odds ratio 2.22 (95 % 1.22-4.04)"."""
    if interval is None:
        return text
    return translator(lang)("{figure} (95 % {low}–{high})").format(
        figure=text, low=number(interval[0], lang, 2), high=number(interval[1], lang, 2)
    )


def _ratio_text(kind: str, value: float, interval: Interval | None, lang: str) -> str:
    """E.g. "odds ratio 2.22 (95 % 1.22-4.04)"."""
    _ = translator(lang)
    text = (
        _("relative risk {value}") if kind == "relative_risk" else _("odds ratio {value}")
    ).format(value=number(value, lang, 2))
    return _with_interval(text, interval, lang)


def effect_lines(ev: EffectEvidence, effect: Effect, lang: str) -> dict[str, Any]:
    """The effect from the study to the figure used: the study's figure, the ratio it
    converts to, each adjustment and the figure used, and how it decays."""
    _ = translator(lang)
    study = ""
    if ev.study is not None:
        st = ev.study
        parts = [
            f"{_(MEASURE_TEXT[st.measure])} {number(st.value, lang, 2)}"
            + (
                " "
                + _("(95% confidence interval {low} to {high})").format(
                    low=number(st.ci95[0], lang, 2), high=number(st.ci95[1], lang, 2)
                )
                if st.ci95
                else ""
            )
            + (" " + _("(se {se})").format(se=number(st.se, lang, 3)) if st.se else "")
        ]
        if st.studies:
            parts.append(_("{n} studies").format(n=st.studies))
        if st.participants:
            parts.append(_("{n} participants").format(n=number(st.participants, lang, 0)))
        if st.comparison:
            parts.append(
                Markup.escape(_("compared with {what}")).format(what=quoted(st.comparison, lang))
            )
        if st.follow_up_years:
            parts.append(
                _("follow-up {years} years").format(years=number(st.follow_up_years, lang, 1))
            )
        if st.reverse:
            parts.append(_("the study's outcome is the opposite of the transition"))
        study = Markup("; ").join(parts)
    converted = _ratio_text(ev.kind, ev.ratio, ev.ratio_interval, lang)
    if ev.study is not None and ev.study.measure == "smd":
        converted = _("{figure}, by Chinn (2000)").format(figure=converted)
    adjustments = [
        _with_interval(
            _("{label} × {factor}").format(
                label=text_in(a.label, lang, a.id), factor=number(a.factor, lang, 2)
            ),
            a.interval,
            lang,
        )
        for a in ev.adjustments
    ]
    if effect.inverse:
        adjustments.append(_("inverted (1 / ratio)"))
    if ev.start_age_multiplier != 1.0:
        adjustments.append(
            _("start age × {factor}").format(factor=number(ev.start_age_multiplier, lang, 2))
        )
    d = effect.decay
    decay = decay_text(d.type, d.years, d.rate, d.ratio, lang)
    return {
        "study": study,
        "measure": converted,
        "adjustments": adjustments,
        "used": _ratio_text(ev.kind, ev.used, ev.used_interval, lang) if adjustments else "",
        "drawn": ev.drawn,
        "decay": decay,
    }


def council_terms_text(case: Case, lang: str) -> str:
    """The current and the next council term: "2023–2026 (elected 2022), 2027–2030 (...)"."""
    _ = translator(lang)
    return ", ".join(
        _("{years} (elected {election})").format(
            years=year_span(t.first, t.last), election=t.election_year
        )
        for t in scenario_terms(case.results)
    )


def assumptions(case: Case, lang: str) -> dict[str, Any]:
    """Scenario settings, target group, alternatives, interventions and their effects."""
    _ = translator(lang)
    results = case.results
    evidence_of: dict[str, list[EffectEvidence]] = {}
    for ev in effect_evidence(results):
        evidence_of.setdefault(ev.intervention, []).append(ev)
    scenario = results.scenario
    settings = scenario.analysis
    tree = results.compiled.payers
    states = labels_of_states(scenario, lang)
    labels = labels_of_alternatives(scenario, lang)
    years = case.years
    horizon = (
        _("to age {age}").format(age=settings.horizon.age)
        if settings.horizon.age is not None
        else _("{n} years").format(n=settings.horizon.years)
    )
    rows = [
        (_("Period"), year_span(years[0], years[-1])),
        (_("Horizon"), horizon),
        (_("Price year"), str(settings.price_year)),
        (
            _("Discount rate, money"),
            discount_text(results.discount, numeric(settings.discount_rate), lang),
        ),
        (
            _("Discount rate, outcomes"),
            discount_text(results.outcome_discount, numeric(settings.outcome_discount_rate), lang),
        ),
        (_("Timing of flows"), _(TIMING_TEXT[settings.timing])),
        (_("First years' figures"), _("the first {n} years").format(n=settings.term_of_office)),
        (_("Council terms"), council_terms_text(case, lang)),
        (_("Perspective of the analyses"), scope_label(case, case.scope, lang)),
        (_("Draws"), number(case.draws, lang)),
        (_("Seed"), str(case.seed)),
        *_cash_and_bias_rows(results, lang),
    ]
    tg = scenario.target_group
    intake = results.compiled.intake
    group = target_group_text(tg, intake, lang)
    target = {
        "label": text_in(tg.label, lang, ""),
        "group": group,
        "level": _(LEVEL_TEXT[tg.level]),
        "initial": [
            {"state": states[s], "share": percent(share, lang)}
            for s, share in tg.initial_states.items()
        ],
    }
    by_id = {i.id: i for i in scenario.interventions}
    alternative_rows = [
        {
            "label": labels[a.id],
            "comparison": a.comparison,
            "presented": a.id == case.alternative,
            "interventions": ", ".join(text_in(by_id[i].label, lang, i) for i in a.interventions),
        }
        for a in scenario.alternatives
    ]
    interventions = []
    for item in scenario.interventions:
        costs = []
        for c in item.costs:
            parts = []
            if c.fixed_per_year is not None:
                parts.append(
                    _("{amount} a year").format(amount=money(numeric(c.fixed_per_year), lang))
                )
            if c.per_participant is not None:
                parts.append(
                    _("{amount} per participant").format(
                        amount=money(numeric(c.per_participant), lang)
                    )
                )
            if c.per_participant_year is not None:
                parts.append(
                    _("{amount} per participant and year").format(
                        amount=money(numeric(c.per_participant_year), lang)
                    )
                )
            window = (
                _("programme years {years}").format(years=c.years) if c.years is not None else ""
            )
            frees = _("capacity") if c.frees_capacity else _("cash")
            costs.append(
                {
                    "payer": tree.get(c.payer).label(lang) if c.payer in tree else c.payer,
                    "label": text_in(c.label, lang, ""),
                    "amount": "; ".join(parts),
                    "window": ", ".join(w for w in (window, frees) if w),
                }
            )
        effects = []
        for e, ev in zip(item.effects, evidence_of[item.id], strict=True):
            sources_ = [e.from_states] if isinstance(e.from_states, str) else e.from_states
            targets = [e.to_states] if isinstance(e.to_states, str) else e.to_states
            window = window_text(e.ages, e.years, lang)
            effects.append(
                {
                    "transition": "{} → {}".format(
                        ", ".join(states.get(s, s) for s in sources_),
                        ", ".join(states.get(s, s) for s in targets),
                    ),
                    **effect_lines(ev, e, lang),
                    "window": window,
                    "source": citation(e.source or (e.study.source if e.study else None)),
                }
            )
        evidence = item.evidence
        interventions.append(
            {
                "label": text_in(item.label, lang, item.id),
                "description": text_in(item.description, lang, ""),
                "eligible": ", ".join(states.get(s, s) for s in item.eligible_states or []),
                "costs": costs,
                "effects": effects,
                "grade": (
                    evidence_grade_text(evidence.grade, lang)
                    if evidence and evidence.grade
                    else None
                ),
                "illustrative": bool(evidence and evidence.illustrative),
                "evidence_note": text_in(evidence.note, lang, "") if evidence else "",
                "sources": [citation(s) for s in evidence.sources] if evidence else [],
            }
        )
    return {
        "title": text_in(scenario.title, lang, scenario.id),
        "description": text_in(scenario.description, lang, ""),
        "settings": rows,
        "target": target,
        "alternatives": alternative_rows,
        "interventions": interventions,
    }


def _source_or_assumption(source: Source | None, lang: str) -> str:
    """A setting's source in one line (title, publisher, year, note), or that it is an
    assumption."""
    _ = translator(lang)
    if source is None:
        return _("an assumption, without a source")
    parts = [source.title, source.publisher, str(source.year) if source.year else None]
    text = ", ".join(p for p in parts if p)
    return f"{text}: {source.note}" if source.note else text


def _cash_and_bias_rows(results: ScenarioResults, lang: str) -> list[tuple[str, str]]:
    """Rows of the assumptions for cash and capacity, optimism bias and the marginal cost of
    public funds (each only when it applies)."""
    _ = translator(lang)
    scenario = results.scenario
    settings = scenario.analysis
    rows: list[tuple[str, str]] = []
    model_lines = scenario.model.costs
    capacity = sum(1 for c in model_lines if c.frees_capacity)
    capacity += sum(1 for i in scenario.interventions for c in i.costs if c.frees_capacity)
    if capacity:
        rows.append(
            (
                _("Cash and capacity"),
                _(
                    "{n} cost lines free capacity (staff time in teams that remain), the others "
                    "cash; the payers' table shows the NPV of cash alone (Greater Manchester's "
                    "cashable and non-cashable benefits)"
                ).format(n=capacity),
            )
        )
    bias = settings.optimism_bias
    if bias is not None:
        parts = []
        for part, text in (("costs", _("costs raised")), ("effects", _("effects lowered"))):
            given = getattr(bias, part)
            if given is None:
                continue
            if isinstance(given, dict):
                by_grade = ", ".join(
                    _("grade {grade}: {fraction}").format(grade=g, fraction=percent(f, lang))
                    for g, f in sorted(given.items())
                )
                parts.append(f"{text} ({by_grade})")
            else:
                parts.append(f"{text} {percent(float(given), lang)}")
        rows.append(
            (
                _("Optimism bias"),
                "; ".join(parts) + " · " + _source_or_assumption(bias.source, lang),
            )
        )
    if settings.mcpf > 0:
        rows.append(
            (
                _("Marginal cost of public funds"),
                number(settings.mcpf, lang, 2)
                + " · "
                + _("shown as its own perspective beside the socio-economic one, not in it")
                + " · "
                + _source_or_assumption(settings.mcpf_source, lang),
            )
        )
    return rows


def model(case: Case, lang: str) -> dict[str, Any]:
    """The life-course model: its states and groups of states."""
    scenario = case.results.scenario
    states = labels_of_states(scenario, lang)
    return {
        "states": [
            {
                "label": states[s.id],
                "id": s.id,
                "description": text_in(s.description, lang, ""),
                "absorbing": s.absorbing,
            }
            for s in scenario.model.states
        ],
        "groups": [
            {"id": g, "states": ", ".join(states.get(s, s) for s in members)}
            for g, members in scenario.model.groups.items()
        ],
    }


def ledger(case: Case, lang: str) -> dict[str, Any]:
    """Net per top-level payer and perspective, per year (undiscounted), with totals."""
    yearly = case.yearly_net()
    scopes = [*case.top_level_payers, *PERSPECTIVES]
    comp = case.results.comparison_for(case.alternative)
    return {
        "headings": [scope_label(case, s, lang) for s in scopes],
        "rows": [
            {"year": year, "cells": [money(float(yearly[s].net[t]), lang) for s in scopes]}
            for t, year in enumerate(case.years)
        ],
        "total": [money(float(yearly[s].net.sum()), lang) for s in scopes],
        "npv": [money(comp.horizon[s].npv, lang) for s in scopes],
    }


def distribution(case: Case, lang: str, add_chart: AddChart) -> dict[str, Any] | None:
    """The NPV of every draw (histogram) and its summary (``None``: no draws)."""
    psa = case.results.psa
    if psa is None:
        return None
    _ = translator(lang)
    alt = psa.for_alternative(case.alternative)
    q = psa.scopes.index(case.scope)
    summary = alt.horizon[case.scope]
    chart = add_chart(
        Chart(
            "chart-npv-distribution",
            charts.npv_histogram(
                [float(v) / charts.MILLION for v in alt.npv[:, q]],
                x_title=_("NPV (million kronor)"),
                y_title=_("Number of draws"),
            ),
        )
    )
    return {
        "chart": chart,
        "draws": number(psa.draws, lang),
        "seed": psa.seed,
        "mean": money(summary.mean, lang),
        "median": money(summary.median, lang),
        "p5": money(summary.p5, lang),
        "p95": money(summary.p95, lang),
        "p2_5": money(summary.p2_5, lang),
        "p97_5": money(summary.p97_5, lang),
        "sd": money(summary.sd, lang),
        "inventory": inventory_context(psa.inventory, psa.draws, case.results.scenario, lang),
        "p_gain": percent(summary.p_positive, lang, 0),
        "drawn": len(psa.drawn_parameters),
    }


def tornado(case: Case, lang: str, add_chart: AddChart) -> dict[str, Any] | None:
    """The one-way sensitivity: per parameter the NPV at its low and high value."""
    t = case.tornado
    if t is None:
        return None
    _ = translator(lang)
    low, high = _("Low value"), _("High value")
    base = t.npv_base / charts.MILLION
    rows = []
    for b in t.bars:
        label = tornado_bar_label(b, lang)
        for side, value, npv in ((low, b.low, b.npv_low), (high, b.high, b.npv_high)):
            rows.append(
                {
                    "parameter": label,
                    "side": side,
                    "npv": npv / charts.MILLION,
                    "base": base,
                    "value": tornado_bar_value(b, value, lang),
                    "text": money(npv, lang),
                }
            )
    chart = add_chart(
        Chart(
            "chart-tornado",
            charts.tornado(
                rows,
                base=base,
                x_title=_("NPV (million kronor)"),
                side_title=_("Parameter at its"),
                value_title=_("Value"),
            ),
        )
    )
    return {
        "chart": chart,
        "scope": scope_label(case, t.scope, lang),
        "base": money(t.npv_base, lang),
        "bars": [
            {
                "id": b.id,
                "label": tornado_bar_label(b, lang),
                "low": tornado_bar_value(b, b.low, lang),
                "high": tornado_bar_value(b, b.high, lang),
                "npv_low": money(b.npv_low, lang),
                "npv_high": money(b.npv_high, lang),
                "swing": money(b.swing, lang),
            }
            for b in t.bars
        ],
        "fixed": ", ".join(t.fixed),
    }


def _root(r: Root, lang: str) -> str:
    """A break-even value, or why there is none."""
    _ = translator(lang)
    if r.value is None:
        return _(NO_ROOT_TEXT[r.status])
    return number(r.value, lang, 3)


def break_even(case: Case, lang: str) -> dict[str, Any] | None:
    """The smallest effects and largest costs at which the NPV is zero, and how many
    persons must be helped for the intervention to pay.
    """
    b: BreakEven | None = case.break_even
    if b is None:
        return None
    _ = translator(lang)
    state_labels = labels_of_states(case.results.scenario, lang)
    interventions = {
        i.id: text_in(i.label, lang, i.id) for i in case.results.scenario.interventions
    }
    effects = []
    for e in b.effects:
        measure = _("relative risk") if e.measure == "relative_risk" else _("odds ratio")
        name = "{}: {} {} → {}".format(
            interventions.get(e.intervention, e.intervention),
            measure,
            ", ".join(state_labels.get(s, s) for s in e.from_states),
            ", ".join(state_labels.get(s, s) for s in e.to_states),
        )
        for scope in b.scopes:
            by_period = {r.period: r for r in e.roots if r.scope == scope}
            effects.append(
                {
                    "effect": name,
                    "scope": scope_label(case, scope, lang),
                    "now": number(e.value, lang, 3),
                    "horizon": _root(by_period["horizon"], lang),
                    "term": _root(by_period["term_of_office"], lang),
                }
            )
    costs = []
    for scope in b.scopes:
        cost_by_period = {c.period: c for c in b.costs if c.scope == scope}
        h, t = cost_by_period["horizon"], cost_by_period["term_of_office"]
        costs.append(
            {
                "scope": scope_label(case, scope, lang),
                "pv_costs": money(h.pv_costs, lang),
                "factor": number(h.factor, lang, 2)
                if h.factor is not None
                else _(NO_ROOT_TEXT[h.status]),
                "max": money(h.max_pv_costs, lang) if h.max_pv_costs is not None else "–",
                "factor_term": number(t.factor, lang, 2)
                if t.factor is not None
                else _(NO_ROOT_TEXT[t.status]),
            }
        )
    helping = []
    for n in b.number_to_help:
        if n.definition == "pathway" and b.pathway is not None:
            definition = _("{pathway} instead of {good}, ages {first}-{last}").format(
                pathway=state_labels.get(b.pathway.pathway, b.pathway.pathway),
                good=state_labels.get(b.pathway.good, b.pathway.good),
                first=b.pathway.ages[0],
                last=b.pathway.ages[1],
            )
        else:
            definition = (
                _("typfall: excluded 20-64 (real resources and production loss; transfers net out)")
                if n.scope == "socio_economic"
                else _("typfall: excluded 20-64 (welfare costs)")
            )
        helping.append(
            {
                "scope": scope_label(case, n.scope, lang),
                "definition": definition,
                "pv_costs": money(n.pv_costs, lang),
                "per_person": money(n.avoided_per_person, lang),
                "number": number(n.number, lang, 2) if n.number is not None else "–",
            }
        )
    return {
        "effects": effects,
        "costs": costs,
        "helping": helping,
        "low": number(EFFECT_BRACKET[0], lang, 3),
        "high": number(EFFECT_BRACKET[1], lang),
        "term": b.term_of_office,
    }


def value_of_information(case: Case, lang: str) -> dict[str, Any] | None:
    """The expected value of perfect information (EVPI) and of each parameter or group
    (EVPPI), with the conclusion in words.
    """
    voi = case.voi
    if voi is None:
        return None
    _ = translator(lang)
    labels = labels_of_alternatives(case.results.scenario, lang)
    entries = []
    worthless = 0
    for e in voi.entries:
        if e.per_person <= 0:
            worthless += 1  # a row of zeros says nothing: counted in a sentence instead
            continue
        if e.kind == "group":
            name = _("group {name}").format(name=e.name)
            detail = ", ".join(e.members)
        else:
            name = parameter_label(voi.parameters[e.name], lang)
            detail = e.name
        entries.append(
            {
                "name": name,
                "detail": detail,
                "per_person": money(e.per_person, lang),
                "population": money(e.population, lang),
                "share": percent(e.share_of_evpi, lang) if e.share_of_evpi is not None else "–",
            }
        )
    top = voi.top
    if voi.evpi_per_person <= 0:
        conclusion = _(
            "The same alternative is best whatever the drawn values: removing the uncertainty "
            "would not change the decision, so more information is worth nothing for it."
        )
    elif top is None:
        conclusion = _(
            "Perfect information on everything drawn would be worth up to {amount} for these "
            "decisions; no parameter or group alone would change the decision."
        ).format(amount=money(voi.evpi_population, lang))
    else:
        top_name = (
            _("group {name}").format(name=top.name)
            if top.kind == "group"
            else parameter_label(voi.parameters[top.name], lang)
        )
        conclusion = _(
            "A local study that removed the uncertainty about {name} would be worth up to "
            "{amount} for these decisions."
        ).format(name=top_name, amount=money(top.population, lang))
    return {
        "scope": scope_label(case, voi.scope, lang),
        "draws": number(voi.draws, lang),
        "seed": voi.seed,
        "evpi_per_person": money(voi.evpi_per_person, lang),
        "evpi_population": money(voi.evpi_population, lang),
        "evpi_share": percent(1.0, lang, 0) if voi.evpi_per_person > 0 else "–",
        # Nothing to show: no table of zeros, the conclusion says it in one sentence.
        "worth_something": voi.evpi_per_person > 0,
        "worthless": (
            _(
                "Left out of the table: {n} parameters or groups whose information is worth "
                "nothing for the decision."
            ).format(n=worthless)
            if worthless
            else ""
        ),
        "entries": entries,
        "best": _(
            "Best on the mean: {alternative}. Share of the draws in which another "
            "alternative is better: {share}."
        ).format(alternative=labels[voi.best], share=percent(voi.p_best_wrong, lang)),
        "conclusion": conclusion,
        "caption": voi_caption(voi, case.results.scenario.analysis.price_year, lang),
    }


def timing(case: Case, lang: str, add_chart: AddChart) -> dict[str, Any] | None:
    """The NPV by start age, and what waiting a year costs."""
    t = case.timing
    if t is None:
        return None
    _ = translator(lang)
    shown = [s for s in t.scopes if s in case.top_level_payers or s in PERSPECTIVES]
    rows = [
        {
            "age": p.start_age,
            "scope": scope_label(case, s, lang),
            "npv": p.npv[s] / charts.MILLION,
            "text": money(p.npv[s], lang),
        }
        for s in shown
        for p in t.points
    ]
    chart = add_chart(
        Chart(
            "chart-timing",
            charts.timing_curve(
                rows,
                base_age=t.base_start_age,
                x_title=_("Start age"),
                y_title=_("NPV (million kronor)"),
                scope_title=_("Payer"),
            ),
        )
    )
    scope = case.scope if case.scope in t.scopes else shown[-1]
    at_base = next((p for p in t.points if p.start_age == t.base_start_age), None)
    waiting = None
    if at_base is not None and at_base.cost_of_waiting is not None:
        cost = at_base.cost_of_waiting[scope]
        template = (
            _("Starting the same children one year later, at {age}, loses {amount} ({scope}).")
            if cost >= 0
            else _("Starting the same children one year later, at {age}, gains {amount} ({scope}).")
        )
        waiting = template.format(
            age=t.base_start_age + 1,
            amount=money(abs(cost), lang),
            scope=scope_label(case, scope, lang),
        )
    best = max(t.points, key=lambda p: p.npv[scope])
    return {
        "chart": chart,
        "base_age": t.base_start_age,
        "waiting": waiting,
        "best_age": best.start_age,
        "best_npv": money(best.npv[scope], lang),
        "scope": scope_label(case, scope, lang),
        "first": t.points[0].start_age,
        "last": t.points[-1].start_age,
    }


FLAT_CEAC = 0.005
"""A CEAC whose every line moves less than this (half a percentage point) over the values
is flat: the report says so in a sentence instead of drawing it."""


def alternatives(case: Case, lang: str, add_chart: AddChart) -> dict[str, Any] | None:
    """The alternatives ranked by expected NPV, and the acceptability curve."""
    result = case.comparison
    if result is None:
        return None
    _ = translator(lang)
    labels = labels_of_alternatives(case.results.scenario, lang)
    ranking = [
        {
            "rank": a.rank,
            "label": labels[a.alternative],
            "expected": money(a.expected_npv, lang),
            "deterministic": money(a.deterministic_npv, lang),
            "p_best": percent(a.probability_best, lang),
            "avoided": number(a.person_years_avoided, lang, 1),
        }
        for a in result.ranking
    ]
    rows = [
        {
            "value": value,
            "alternative": labels[a.alternative],
            "probability": result.ceac[i][j],
            "text": money(value, lang),
        }
        for i, value in enumerate(result.values)
        for j, a in enumerate(result.alternatives)
    ]
    flat = all(
        max(row[j] for row in result.ceac) - min(row[j] for row in result.ceac) < FLAT_CEAC
        for j in range(len(result.alternatives))
    )
    if flat and result.values:
        # Two flat lines say nothing a sentence does not: no chart.
        shares = ", ".join(
            f"{labels[a.alternative]} {percent(result.ceac[0][j], lang)}"
            for j, a in enumerate(result.alternatives)
        )
        return {
            "scope": scope_label(case, result.scope, lang),
            "ranking": ranking,
            "chart": None,
            "flat": _(
                "The probability that an alternative is best does not change with the value "
                "put on a person-year avoided (from {low} to {high}): {shares}."
            ).format(
                low=money(min(result.values), lang),
                high=money(max(result.values), lang),
                shares=shares,
            ),
            "draws": number(result.draws, lang),
            "seed": result.seed,
            "outcome": "",
        }
    chart = add_chart(
        Chart(
            "chart-ceac",
            charts.ceac(
                rows,
                x_title=_("Value per person-year avoided (kronor)"),
                y_title=_("Probability best"),
                alternative_title=_("Alternative"),
            ),
        )
    )
    group = case.results.scenario.model.groups.get(result.outcome)
    states = labels_of_states(case.results.scenario, lang)
    return {
        "scope": scope_label(case, result.scope, lang),
        "ranking": ranking,
        "chart": chart,
        "flat": "",
        "draws": number(result.draws, lang),
        "seed": result.seed,
        "outcome": ", ".join(states.get(s, s) for s in (group or result.outcome_states)),
    }


def cost_effectiveness(case: Case, lang: str) -> dict[str, Any] | None:
    """Net cost per QALY gained and per person-year of exclusion avoided, the efficiency
    frontier and the welfare figure; ``None`` when the model has neither quality weights nor
    groups of states."""
    ce = outcome_costs(case.results)
    if ce is None:
        return None
    scenario = case.results.scenario
    labels = labels_of_alternatives(scenario, lang)
    groups = list(ce.groups)
    return {
        "qalys": ce.quality_weights is not None,
        "groups": [group_label(g, lang) for g in groups],
        "rows": table_rows(ce.deterministic, labels, groups, lang),
        "notes": [
            *mean_lines(ce, labels, lang),
            *(frontier_lines(ce, labels, lang) if len(scenario.alternatives) >= 3 else []),
            *welfare_lines(ce, labels, lang),
        ],
    }
