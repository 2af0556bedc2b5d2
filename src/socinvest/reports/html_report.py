"""The self-contained HTML report of a :class:`~socinvest.analysis.case.Case`.

One file, nothing loaded from the network: the styles are in the page, the charts are
Vega-Lite specifications (:mod:`socinvest.reports.charts`) drawn in the browser by the
vendored Vega, Vega-Lite and Vega-Embed scripts (``reports/static/``, inlined once), or,
with ``static_charts=True`` (for the PDF, whose renderer runs no JavaScript), drawn as SVG
with vl-convert from the same specifications and inlined without any script.

Sections: the first page for the committee (cost, who pays and who gains, payback, the
probability of a gain, what it means for the children, in plain words), the full case
(assumptions, the life-course model, the yearly ledger, the NPV distribution, the tornado,
break-even, value of information, the right time, the alternatives compared), the cost of a
child, and the appendix (every parameter with its sources, version, hashes, seed, draws,
date). Every number comes from the case; this module only formats and arranges them. Every
text goes through the gettext catalogues (``socinvest.i18n``).
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import jinja2
from markupsafe import Markup

from socinvest.analysis.breakeven import EFFECT_BRACKET, BreakEven, Root
from socinvest.analysis.case import Case
from socinvest.analysis.summary import PERSPECTIVES, Comparison, InvestmentMetrics
from socinvest.i18n import N_, translator
from socinvest.params.library import ResolvedParameter
from socinvest.params.units import MONEY_UNITS, UNIT_LABELS
from socinvest.reports import charts
from socinvest.reports.formatting import money, number, percent
from socinvest.reports.sources import value_text
from socinvest.scenario.model import Scenario, numeric, text_in

Gettext = Callable[[str], str]

VENDORED: tuple[tuple[str, str, str], ...] = (
    ("vega.min.js", "vega", "6.2.0"),
    ("vega-lite.min.js", "vega-lite", "6.4.1"),
    ("vega-embed.min.js", "vega-embed", "7.0.2"),
)
"""The inlined scripts (file in ``reports/static/``, package, version); see its README."""

FORMAT_LOCALES: dict[str, Literal["sv-SE", "en-GB"]] = {"sv": "sv-SE", "en": "en-GB"}
"""d3-format locales of the chart axes (Swedish: decimal comma, non-breaking space)."""

LONG_TERM_EXCLUSION = "long_term_exclusion"
PLACED = "placed"
SMALL_SEK = 0.5
"""Yearly amounts below half a krona count as none (e.g. a payer without costs that year)."""

PERSPECTIVE_TEXT = {
    "public_finances": N_("Public finances"),
    "socio_economic": N_("Socio-economic (total)"),
}
STATUS_TEXT = {
    "verified": N_("verified"),
    "derived": N_("derived"),
    "not_verified": N_("not verified"),
    "illustrative": N_("illustrative"),
}
TIMING_TEXT = {
    "start": N_("start of year"),
    "end": N_("end of year"),
    "mid": N_("mid-year (half-cycle)"),
}
LEVEL_TEXT = {
    "universal": N_("universal"),
    "selective": N_("selective"),
    "indicated": N_("indicated"),
}
NO_ROOT_TEXT = {
    "always_positive": N_("none: NPV is always positive"),
    "always_negative": N_("none: NPV is always negative"),
    "flat": N_("none: NPV does not depend on it"),
    "pays_at_any_cost": N_("none: pays at any cost"),
    "never_pays": N_("none: does not pay even if free"),
}
DECAY_TEXT = {
    "linear": N_("fades linearly over {years} years"),
    "exponential": N_("fades with a half-life of {years} years"),
}
SKIPPED_TEXT = {
    "tornado": N_("One-way sensitivity (tornado)"),
    "break_even": N_("Break-even and switching values"),
    "value_of_information": N_("Value of information"),
    "comparison": N_("Alternatives compared"),
    "timing": N_("The right time"),
    "child_cost": N_("The cost of a child"),
}


@dataclass(frozen=True)
class Chart:
    """One chart of the page: its container id, the Vega-Lite spec, and (static) its SVG."""

    id: str
    spec: dict[str, Any]
    svg: Markup | None = None


# --------------------------------------------------------------------------------------------
# Small formatting helpers


def short_money(value: float, lang: str) -> str:
    """Money for a sentence: ``3,2 mnkr`` / ``SEK 3.2 million`` from a million up, else
    whole kronor (:func:`~socinvest.reports.formatting.money`)."""
    _ = translator(lang)
    if math.isfinite(value) and abs(value) >= charts.MILLION:
        return _("SEK {amount} million").format(amount=number(value / charts.MILLION, lang, 1))
    return money(value, lang)


def signed(value: float, lang: str, digits: int = 1) -> str:
    """A difference with its sign: ``+1,5``, ``-0,3``, ``0,0``."""
    rounded = round(value, digits)
    text = number(rounded, lang, digits)
    return f"+{text}" if rounded > 0 else text


def year_span(first: int, last: int) -> str:
    """``2026`` or ``2026–2030``."""
    return str(first) if first == last else f"{first}–{last}"


def scope_label(case: Case, scope: str, lang: str) -> str:
    """A payer's label or a perspective's name."""
    _ = translator(lang)
    if scope in PERSPECTIVE_TEXT:
        return _(PERSPECTIVE_TEXT[scope])
    return case.results.compiled.payers.get(scope).label(lang)


def _json_script(data: Any) -> Markup:
    """JSON safe inside a ``<script>`` element (no ``<``, ``>`` or ``&`` left)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)


@cache
def vendored_javascript() -> str:
    """The Vega, Vega-Lite and Vega-Embed builds, concatenated for one ``<script>``."""
    folder = resources.files("socinvest.reports") / "static"
    parts = []
    for filename, package, version in VENDORED:
        text = (folder / filename).read_text(encoding="utf-8")
        parts.append(f"/* {package} {version} (BSD-3-Clause) */\n{text}")
    # A script element ends at the first "</script"; the builds contain none, but be sure.
    return "\n;\n".join(parts).replace("</script", "<\\/script")


@cache
def format_locale(lang: str) -> dict[str, Any]:
    """The d3-format locale of the charts (from vl-convert's bundled locales, no network)."""
    import vl_convert

    locale: dict[str, Any] = vl_convert.get_format_locale(FORMAT_LOCALES[lang])
    return locale


def chart_svg(spec: dict[str, Any], lang: str) -> Markup:
    """A Vega-Lite specification drawn as SVG by vl-convert (for the PDF)."""
    import vl_convert

    svg = str(vl_convert.vegalite_to_svg(spec, format_locale=format_locale(lang)))
    return Markup(svg)


# --------------------------------------------------------------------------------------------
# Sections


def _labels(scenario: Scenario, lang: str) -> dict[str, str]:
    return {a.id: text_in(a.label, lang, a.id) for a in scenario.alternatives}


def _state_labels(scenario: Scenario, lang: str) -> dict[str, str]:
    return {s.id: text_in(s.label, lang, s.id) for s in scenario.model.states}


def _payback_text(m: InvestmentMetrics, lang: str) -> str:
    _ = translator(lang)
    if m.bcr_flag == "no_costs":
        return "–"
    return str(m.payback_year) if m.payback_year is not None else _("not within horizon")


def _bcr_text(m: InvestmentMetrics, lang: str) -> str:
    if m.bcr is None:
        return "–"
    text = number(m.bcr, lang, 2)
    return f"{text}*" if m.bcr_flag == "small_costs" else text


def _cost_years(costs: Iterable[float], years: Sequence[int]) -> tuple[int, int] | None:
    paid = [y for y, c in zip(years, costs, strict=True) if abs(c) >= SMALL_SEK]
    return (paid[0], paid[-1]) if paid else None


def _payer_sentence(
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
    if abs(m.undiscounted_benefits) < charts.MILLION / 1000:
        return None
    if m.undiscounted_benefits > 0:
        return _(
            "{payer} pays nothing for the intervention and gains {benefits} by {end} "
            "(undiscounted; {npv} in present value)."
        ).format(
            payer=name,
            benefits=short_money(m.undiscounted_benefits, lang),
            end=end,
            npv=short_money(m.npv, lang),
        )
    return _(
        "{payer} pays nothing for the intervention but gets added costs of {costs} by {end} "
        "(undiscounted; {npv} in present value)."
    ).format(
        payer=name,
        costs=short_money(-m.undiscounted_benefits, lang),
        end=end,
        npv=short_money(m.npv, lang),
    )


def _committee(case: Case, lang: str, add_chart: Callable[[Chart], Chart]) -> dict[str, Any]:
    """The first page: the headline, who pays and who gains, payback, children."""
    _ = translator(lang)
    results = case.results
    scenario = results.scenario
    labels = _labels(scenario, lang)
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
            }
        )
    sentences = [
        s
        for pid in [*top, "public_finances"]
        if (s := _payer_sentence(case, pid, comp, yearly[pid].costs, lang)) is not None
    ]

    million = _("Million kronor")
    bar_rows = [
        {
            "payer": scope_label(case, pid, lang),
            "npv": comp.horizon[pid].npv / charts.MILLION,
            "text": money(comp.horizon[pid].npv, lang),
        }
        for pid in top
    ]
    who = add_chart(
        Chart(
            "chart-npv-by-payer",
            charts.npv_by_payer(
                bar_rows, x_title=million, payer_title=_("Payer"), npv_title=_("NPV")
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
    payback = add_chart(
        Chart(
            "chart-payback",
            charts.cumulative_net(
                line_rows,
                band=(years[0] - 0.5, years[term_n - 1] + 0.5),
                band_label=_("Term of office"),
                x_title=_("Year"),
                y_title=_("Cumulative net, present value (million kronor)"),
                scope_title=_("Payer"),
            ),
        )
    )

    children = _children(case, comp, lang)
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
    return {
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
        "draws": number(case.draws, lang),
        "payers": payers,
        "sentences": sentences,
        "children": children,
        "others": others,
        "chart_who": who,
        "chart_payback": payback,
    }


def _children(case: Case, comp: Comparison, lang: str) -> dict[str, Any]:
    """Person-years in long-term exclusion and placements avoided, and every state's change."""
    _ = translator(lang)
    scenario = case.results.scenario
    states = case.results.compiled.states
    state_labels = _state_labels(scenario, lang)
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


def _assumptions(case: Case, lang: str) -> dict[str, Any]:
    """Scenario settings, target group, alternatives, interventions and their effects."""
    _ = translator(lang)
    results = case.results
    scenario = results.scenario
    settings = scenario.analysis
    tree = results.compiled.payers
    states = _state_labels(scenario, lang)
    labels = _labels(scenario, lang)
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
        (_("Discount rate, money"), percent(numeric(settings.discount_rate), lang)),
        (_("Discount rate, outcomes"), percent(numeric(settings.outcome_discount_rate), lang)),
        (_("Timing of flows"), _(TIMING_TEXT[settings.timing])),
        (_("Term of office"), _("{n} years").format(n=settings.term_of_office)),
        (_("Perspective of the analyses"), scope_label(case, case.scope, lang)),
        (_("Draws"), number(case.draws, lang)),
        (_("Seed"), str(case.seed)),
    ]
    tg = scenario.target_group
    intake = results.compiled.intake
    if len(intake) == 1:
        group = _("{n} children aged {age}").format(n=number(intake[0], lang), age=tg.start_age)
    else:
        group = _("{n} children a year for {years} years, aged {age} at the start").format(
            n=number(intake[0], lang) if len(set(intake)) == 1 else "–",
            years=len(intake),
            age=tg.start_age,
        )
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
    alternatives = [
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
            costs.append(
                {
                    "payer": tree.get(c.payer).label(lang) if c.payer in tree else c.payer,
                    "label": text_in(c.label, lang, ""),
                    "amount": "; ".join(parts),
                    "window": window,
                }
            )
        effects = []
        for e in item.effects:
            measure = (
                _("relative risk {value}").format(value=number(numeric(e.relative_risk), lang, 3))
                if e.relative_risk is not None
                else _("odds ratio {value}").format(
                    value=number(numeric(e.odds_ratio or 1.0), lang, 3)
                )
            )
            sources_ = [e.from_states] if isinstance(e.from_states, str) else e.from_states
            targets = [e.to_states] if isinstance(e.to_states, str) else e.to_states
            if e.ages is not None:
                window = _("ages {ages}").format(ages=e.ages)
            elif e.years is not None:
                window = _("programme years {years}").format(years=e.years)
            else:
                window = _("every year")
            decay = (
                _(DECAY_TEXT[e.decay.type]).format(years=number(e.decay.years or 0.0, lang, 1))
                if e.decay.type in DECAY_TEXT
                else ""
            )
            effects.append(
                {
                    "transition": "{} → {}".format(
                        ", ".join(states.get(s, s) for s in sources_),
                        ", ".join(states.get(s, s) for s in targets),
                    ),
                    "measure": measure,
                    "window": window,
                    "decay": decay,
                    "source": _source(e.source),
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
                "grade": evidence.grade if evidence and evidence.grade else None,
                "illustrative": bool(evidence and evidence.illustrative),
                "evidence_note": text_in(evidence.note, lang, "") if evidence else "",
                "sources": [_source(s) for s in evidence.sources] if evidence else [],
            }
        )
    return {
        "title": text_in(scenario.title, lang, scenario.id),
        "description": text_in(scenario.description, lang, ""),
        "settings": rows,
        "target": target,
        "alternatives": alternatives,
        "interventions": interventions,
    }


def _source(source: Any) -> dict[str, Any] | None:
    """A citation (scenario ``Source`` or parameter ``Citation``) for the template."""
    if source is None:
        return None
    link = source.link if source.link and source.link.startswith(("http://", "https://")) else None
    return {
        "title": source.title,
        "details": ", ".join(str(x) for x in (source.publisher, source.year) if x),
        "link": link,
        "note": source.note or "",
    }


def _model(case: Case, lang: str) -> dict[str, Any]:
    scenario = case.results.scenario
    states = _state_labels(scenario, lang)
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


def _ledger(case: Case, lang: str) -> dict[str, Any]:
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


def _distribution(
    case: Case, lang: str, add_chart: Callable[[Chart], Chart]
) -> dict[str, Any] | None:
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
        "p_gain": percent(summary.p_positive, lang, 0),
        "drawn": len(psa.drawn_parameters),
    }


def _parameter_value(value: float, unit: str, lang: str) -> str:
    if unit in MONEY_UNITS:
        return money(value, lang)
    return number(value, lang, 4 if abs(value) < 1 else 2)


def _parameter_label(p: ResolvedParameter, lang: str) -> str:
    return p.label.sv if lang == "sv" else p.label.en


def _tornado(case: Case, lang: str, add_chart: Callable[[Chart], Chart]) -> dict[str, Any] | None:
    t = case.tornado
    if t is None:
        return None
    _ = translator(lang)
    low, high = _("Low value"), _("High value")
    base = t.npv_base / charts.MILLION
    rows = []
    for b in t.bars:
        label = _parameter_label(b.parameter, lang)
        for side, value, npv in ((low, b.low, b.npv_low), (high, b.high, b.npv_high)):
            rows.append(
                {
                    "parameter": label,
                    "side": side,
                    "npv": npv / charts.MILLION,
                    "base": base,
                    "value": _parameter_value(value, b.parameter.unit, lang),
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
                "id": b.parameter.id,
                "label": _parameter_label(b.parameter, lang),
                "low": _parameter_value(b.low, b.parameter.unit, lang),
                "high": _parameter_value(b.high, b.parameter.unit, lang),
                "npv_low": money(b.npv_low, lang),
                "npv_high": money(b.npv_high, lang),
                "swing": money(b.swing, lang),
            }
            for b in t.bars
        ],
        "fixed": ", ".join(t.fixed),
    }


def _root(r: Root, lang: str) -> str:
    _ = translator(lang)
    if r.value is None:
        return _(NO_ROOT_TEXT[r.status])
    return number(r.value, lang, 3)


def _break_even(case: Case, lang: str) -> dict[str, Any] | None:
    b: BreakEven | None = case.break_even
    if b is None:
        return None
    _ = translator(lang)
    state_labels = _state_labels(case.results.scenario, lang)
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
            definition = _("typfall: excluded 20-64 (welfare costs and production loss)")
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


def _voi(case: Case, lang: str) -> dict[str, Any] | None:
    voi = case.voi
    if voi is None:
        return None
    _ = translator(lang)
    labels = _labels(case.results.scenario, lang)
    entries = []
    for e in voi.entries:
        if e.kind == "group":
            name = _("group {name}").format(name=e.name)
            detail = ", ".join(e.members)
        else:
            name = _parameter_label(voi.parameters[e.name], lang)
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
            else _parameter_label(voi.parameters[top.name], lang)
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
        "entries": entries,
        "best": _(
            "Best on the mean: {alternative}. Share of the draws in which another "
            "alternative is better: {share}."
        ).format(alternative=labels[voi.best], share=percent(voi.p_best_wrong, lang)),
        "conclusion": conclusion,
        "caption": _(
            "Per person: per person in the target group ({persons}). Population: {per_year} "
            "persons a year for {years} years, discounted at {rate} (annuity factor "
            "{factor}). {year} prices. EVPPI by regression on the draws (Strong, Oakley and "
            "Brennan 2014)."
        ).format(
            persons=number(voi.persons, lang),
            per_year=number(voi.persons_per_year, lang),
            years=voi.years,
            rate=percent(voi.discount_rate, lang),
            factor=number(voi.annuity, lang, 2),
            year=case.results.scenario.analysis.price_year,
        ),
    }


def _timing(case: Case, lang: str, add_chart: Callable[[Chart], Chart]) -> dict[str, Any] | None:
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


def _alternatives(
    case: Case, lang: str, add_chart: Callable[[Chart], Chart]
) -> dict[str, Any] | None:
    result = case.comparison
    if result is None:
        return None
    _ = translator(lang)
    labels = _labels(case.results.scenario, lang)
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
    states = _state_labels(case.results.scenario, lang)
    return {
        "scope": scope_label(case, result.scope, lang),
        "ranking": ranking,
        "chart": chart,
        "draws": number(result.draws, lang),
        "seed": result.seed,
        "outcome": ", ".join(states.get(s, s) for s in (group or result.outcome_states)),
    }


def _child_cost(
    case: Case, lang: str, add_chart: Callable[[Chart], Chart]
) -> dict[str, Any] | None:
    cost = case.child_cost
    if cost is None:
        return None
    _ = translator(lang)
    tree = cost.payers
    top = [pid for pid in cost.top_level if abs(cost.by_payer.get(pid, 0.0)) >= SMALL_SEK]
    by_payer = [
        {
            "label": tree.get(pid).label(lang),
            "amount": money(cost.by_payer[pid], lang),
            "share": percent(cost.by_payer[pid] / cost.total, lang, 0) if cost.total else "–",
        }
        for pid in top
    ]
    index = {pid: tree.ids.index(pid) for pid in top}
    rows = [
        {
            "age": age,
            "payer": tree.get(pid).label(lang),
            "amount": float(cost.by_age_payer[i, index[pid]]) / 1000.0,
            "text": money(float(cost.by_age_payer[i, index[pid]]), lang),
        }
        for i, age in enumerate(cost.ages)
        for pid in top
    ]
    chart = add_chart(
        Chart(
            "chart-child-cost",
            charts.child_cost_by_age(
                rows,
                x_title=_("Age"),
                y_title=_("Thousand kronor a year"),
                payer_title=_("Payer"),
            ),
        )
    )
    category = {
        "resource": _("Resources (care, preschool, school)"),
        "transfer": _("Transfers (benefits paid to the family)"),
    }
    return {
        "total": money(cost.total, lang),
        "short": short_money(cost.total, lang),
        "price_year": cost.price_year,
        "by_payer": by_payer,
        "by_category": [
            {"label": category.get(k, k), "amount": money(v, lang)}
            for k, v in cost.by_category.items()
            if abs(v) >= SMALL_SEK
        ],
        "components": [
            {
                "label": (c.label.sv if lang == "sv" else c.label.en) or c.id,
                "payer": tree.get(c.payer).label(lang) if c.payer in tree else c.payer,
                "ages": year_span(*c.ages),
                "amount": money(c.amount, lang),
            }
            for c in cost.components
        ],
        "chart": chart,
    }


def _parameter_rows(parameters: Iterable[ResolvedParameter], lang: str) -> list[dict[str, Any]]:
    _ = translator(lang)
    rows = []
    for p in parameters:
        unit = UNIT_LABELS[p.unit][0 if lang == "sv" else 1]
        years = ""
        if p.original_price_year is not None:
            years = str(p.original_price_year)
            if p.price_year is not None and p.price_year != p.original_price_year:
                years += f" → {p.price_year}"
        rows.append(
            {
                "id": p.id,
                "label": _parameter_label(p, lang),
                "value": value_text(p, lang),
                "unit": unit,
                "price_year": years,
                "factor": number(p.factor, lang, 4)
                + (f" ({p.index.upper()})" if p.index and p.factor != 1.0 else ""),
                "status": _(STATUS_TEXT.get(p.status, p.status)),
                "derivation": p.derivation or "",
                "sources": [_source(s) for s in p.sources],
            }
        )
    return rows


def _appendix(case: Case, lang: str) -> dict[str, Any]:
    from socinvest import __version__

    results = case.results
    extra: dict[str, ResolvedParameter] = {}
    if case.child_cost is not None:
        extra = {
            pid: p for pid, p in case.child_cost.parameters.items() if pid not in results.parameters
        }
    return {
        "parameters": _parameter_rows(results.parameters.values(), lang),
        "child_parameters": _parameter_rows(extra.values(), lang),
        "version": __version__,
        "scenario_hash": results.scenario_hash,
        "parameter_hash": results.parameter_hash,
        "seed": case.seed,
        "draws": number(case.draws, lang),
        "date": case.created.isoformat(),
        "source": case.source,
        "price_year": results.scenario.analysis.price_year,
        "model_factor": number(results.model_rebasing_factor, lang, 4),
        "libraries": [f"{package} {version}" for _f, package, version in VENDORED],
    }


# --------------------------------------------------------------------------------------------
# The page


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("socinvest.reports", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_html(case: Case, lang: str, static_charts: bool = False) -> str:
    """The report of ``case`` as one self-contained HTML page.

    Parameters
    ----------
    case : Case
        From :func:`socinvest.analysis.case.build_case`.
    lang : str
        ``"sv"`` or ``"en"``.
    static_charts : bool
        Draw the charts as inline SVG (vl-convert) and include no script: for the PDF. By
        default the charts are drawn in the browser by the inlined Vega scripts.

    Returns
    -------
    str
        The HTML document.
    """
    _ = translator(lang)
    found: list[Chart] = []

    def add_chart(chart: Chart) -> Chart:
        if static_charts:
            chart = Chart(chart.id, chart.spec, chart_svg(chart.spec, lang))
        found.append(chart)
        return chart

    scenario = case.results.scenario
    context: dict[str, Any] = {
        "_": _,
        "lang": lang,
        "static": static_charts,
        "title": text_in(scenario.title, lang, scenario.id),
        "committee": _committee(case, lang, add_chart),
        "assumptions": _assumptions(case, lang),
        "model": _model(case, lang),
        "ledger": _ledger(case, lang),
        "distribution": _distribution(case, lang, add_chart),
        "tornado": _tornado(case, lang, add_chart),
        "break_even": _break_even(case, lang),
        "voi": _voi(case, lang),
        "timing": _timing(case, lang, add_chart),
        "alternatives": _alternatives(case, lang, add_chart),
        "child_cost": _child_cost(case, lang, add_chart),
        "appendix": _appendix(case, lang),
        "skipped": {
            name: {"title": _(SKIPPED_TEXT.get(name, name)), "reason": reason}
            for name, reason in case.skipped.items()
        },
        "price_year": scenario.analysis.price_year,
        "created": case.created.isoformat(),
        "several": len(case.results.comparisons) > 1,
    }
    if not static_charts:
        context["vendor_js"] = Markup(vendored_javascript())
        context["specs_json"] = _json_script({c.id: c.spec for c in found})
        context["locale_json"] = _json_script(format_locale(lang))
    template = _environment().get_template("report.html")
    return template.render(context)


def write_html(case: Case, path: Path, lang: str) -> None:
    """Write the report of ``case`` to ``path`` (UTF-8), all at once.

    Parameters
    ----------
    case : Case
        From :func:`socinvest.analysis.case.build_case`.
    path : Path
        The HTML file to write; its folder must exist.
    lang : str
        ``"sv"`` or ``"en"``.
    """
    text = render_html(case, lang)
    temporary = path.with_name(path.name + ".part")
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(path)
