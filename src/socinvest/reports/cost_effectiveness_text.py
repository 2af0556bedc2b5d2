"""Text for the cost-effectiveness figures, shared by the terminal and the report: ratios, the
names of effects and the efficiency frontier in words."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from socinvest.analysis.cost_effectiveness import (
    CE_PERSPECTIVES,
    QALY_EFFECT,
    CostEffectiveness,
    OutcomeSet,
    Ratio,
)
from socinvest.core.cost_effectiveness import FrontierEntry
from socinvest.i18n import N_, translator
from socinvest.reports.formatting import money, number, percent
from socinvest.reports.labels import PERSPECTIVE_TEXT

GROUP_TEXT: dict[str, str] = {"long_term_exclusion": N_("long-term exclusion")}
"""Names of the usual groups of states; another group is shown by its id."""


def group_label(group: str, lang: str) -> str:
    """The name of a group of states (``long_term_exclusion`` -> "long-term exclusion")."""
    if group in GROUP_TEXT:
        return translator(lang)(GROUP_TEXT[group])
    return group.replace("_", " ")


def effect_label(effect: str, lang: str) -> str:
    """ "QALYs" or "person-years of <group> avoided"."""
    _ = translator(lang)
    if effect == QALY_EFFECT:
        return _("QALYs gained (quality-adjusted life years)")
    return _("person-years of {group} avoided").format(group=group_label(effect, lang))


def ratio_text(r: Ratio | None, lang: str) -> str:
    """A cost per unit gained as shown: an amount, or why there is none."""
    _ = translator(lang)
    if r is None or r.flag == "no_gain":
        return "–"
    if r.flag == "dominant":
        return _("dominant (gains and saves)")
    if r.flag == "dominated":
        return _("dominated (loses and costs)")
    assert r.value is not None
    if r.flag == "less_effective_cheaper":
        return _("saves {amount} per unit lost").format(amount=money(r.value, lang))
    return money(r.value, lang)


def frontier_text(entries: Sequence[FrontierEntry], labels: Sequence[str], lang: str) -> str:
    """The efficiency frontier in one sentence: the alternatives on it with their ICERs, then
    those dominated and by which."""
    _ = translator(lang)
    parts = []
    for e in entries:
        name = labels[e.index]
        if e.status == "frontier":
            if e.icer is None:
                parts.append(name)
            else:
                parts.append(
                    _("{alternative} (ICER {icer} against {reference})").format(
                        alternative=name,
                        icer=money(e.icer, lang),
                        reference=labels[e.reference] if e.reference is not None else "",
                    )
                )
    off = []
    for e in entries:
        if e.status == "strongly_dominated" and e.dominated_by is not None:
            off.append(
                _("{alternative} is dominated by {other}").format(
                    alternative=labels[e.index], other=labels[e.dominated_by]
                )
            )
        elif e.status == "extendedly_dominated" and e.dominated_by is not None:
            off.append(
                _("{alternative} is extendedly dominated (through {other})").format(
                    alternative=labels[e.index], other=labels[e.dominated_by]
                )
            )
    text = " → ".join(parts)
    return f"{text}; {'; '.join(off)}" if off else text


def table_rows(
    outcomes: OutcomeSet, labels: Mapping[str, str], groups: Sequence[str], lang: str
) -> list[dict[str, Any]]:
    """Per alternative (the comparison left out) and perspective: the figures as text."""
    _ = translator(lang)
    rows = []
    for a in outcomes.alternatives:
        if a.comparison:
            continue
        for p in CE_PERSPECTIVES:
            rows.append(
                {
                    "alternative": labels[a.alternative],
                    "perspective": _(PERSPECTIVE_TEXT[p]),
                    "first": p == CE_PERSPECTIVES[0],
                    "net_cost": money(a.net_cost[p], lang),
                    "qalys": None if a.qalys_gained is None else number(a.qalys_gained, lang, 2),
                    "per_qaly": ratio_text(a.cost_per_qaly.get(p), lang),
                    "groups": [
                        {
                            "avoided": number(a.person_years_avoided[g], lang, 1),
                            "per_year": ratio_text(a.cost_per_person_year_avoided[g][p], lang),
                        }
                        for g in groups
                    ],
                }
            )
    return rows


def welfare_lines(ce: CostEffectiveness, labels: Mapping[str, str], lang: str) -> list[str]:
    """One sentence per alternative with its welfare figure (empty without a value per QALY)."""
    _ = translator(lang)
    if ce.value_per_qaly is None:
        return []
    source = ce.value_per_qaly_source
    basis = source.title if source is not None else _("an assumption")
    lines = []
    means = ce.mean_over_draws
    for i, a in enumerate(ce.deterministic.alternatives):
        if a.comparison or a.welfare is None:
            continue
        text = _(
            "{alternative}: welfare {welfare} (socio-economic NPV plus {value} per QALY gained; "
            "value per QALY: {basis})."
        ).format(
            alternative=labels[a.alternative],
            welfare=money(a.welfare, lang),
            value=money(ce.value_per_qaly, lang),
            basis=basis,
        )
        if means is not None:
            m = means.alternatives[i]
            if m.welfare is not None and m.welfare_p_positive is not None:
                text += " " + _(
                    "Mean over {draws} draws {mean}; positive in {p} of the draws."
                ).format(
                    draws=number(ce.draws, lang),
                    mean=money(m.welfare, lang),
                    p=percent(m.welfare_p_positive, lang),
                )
        lines.append(text)
    return lines


def mean_lines(ce: CostEffectiveness, labels: Mapping[str, str], lang: str) -> list[str]:
    """With a probabilistic analysis, one sentence per alternative with the means over the
    draws (empty without one)."""
    _ = translator(lang)
    if ce.mean_over_draws is None:
        return []
    lines = []
    for a in ce.mean_over_draws.alternatives:
        if a.comparison:
            continue
        parts = [
            _("net cost {amount} (socio-economic)").format(
                amount=money(a.net_cost["socio_economic"], lang)
            )
        ]
        if a.qalys_gained is not None:
            parts.append(_("{n} QALYs gained").format(n=number(a.qalys_gained, lang, 2)))
        for g in ce.groups:
            parts.append(
                _("{n} person-years of {group} avoided").format(
                    n=number(a.person_years_avoided[g], lang, 1), group=group_label(g, lang)
                )
            )
        lines.append(
            _("{alternative}, mean over {draws} draws: {figures}.").format(
                alternative=labels[a.alternative],
                draws=number(ce.draws, lang),
                figures=", ".join(parts),
            )
        )
    return lines


def frontier_lines(ce: CostEffectiveness, labels: Mapping[str, str], lang: str) -> list[str]:
    """The efficiency frontier of each perspective and effect in words (deterministic)."""
    _ = translator(lang)
    order = [labels[a.alternative] for a in ce.deterministic.alternatives]
    return [
        _("Efficiency frontier, {perspective}, {effect}: {frontier}").format(
            perspective=_(PERSPECTIVE_TEXT[p]),
            effect=effect_label(effect, lang),
            frontier=frontier_text(ce.deterministic.frontiers[p][effect], order, lang),
        )
        for p in CE_PERSPECTIVES
        for effect in ce.effects
    ]
