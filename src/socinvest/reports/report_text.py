"""Text helpers of the HTML report: money in a sentence, signed differences, year spans, the
labels of payers, perspectives, alternatives, states and parameters, citations, and the tables
of fixed texts (statuses, timing, levels, decay, analyses not run) marked for the gettext
catalogues (``socinvest.i18n``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from socinvest.i18n import N_, translator
from socinvest.params.library import ResolvedParameter
from socinvest.reports import labels
from socinvest.reports.formatting import number, percent, rounded_money
from socinvest.scenario.model import Scenario, text_in

if TYPE_CHECKING:  # only for the annotations: `run`'s tables import this module, and the
    # case's module brings in every analysis of the report.
    from socinvest.analysis.case import Case

SMALL_SEK = 0.5
"""Yearly amounts below half a krona count as none (e.g. a payer without costs that year)."""

DECAY_TEXT = {
    "linear": N_("fades linearly over {years} years"),
    "exponential": N_("fades with a half-life of {years} years"),
    "yearly": N_("fades by {rate} a year"),
    "follow_up_ratio": N_("{ratio} of it left after {years} years"),
}
MEASURE_TEXT = {
    "smd": N_("standardised mean difference"),
    "odds_ratio": N_("odds ratio"),
    "relative_risk": N_("relative risk"),
    "risk_difference": N_("risk difference"),
}
SKIPPED_TEXT = {
    "tornado": N_("One-way sensitivity (tornado)"),
    "break_even": N_("Break-even and switching values"),
    "value_of_information": N_("Value of information"),
    "comparison": N_("Alternatives compared"),
    "timing": N_("The right time"),
    "child_cost": N_("The cost of a child"),
}


def short_money(value: float, lang: str) -> str:
    """Money for a sentence: :func:`~socinvest.reports.formatting.rounded_money` (``3,2 mnkr``,
    ``875 tkr``; two or three significant figures)."""
    return rounded_money(value, lang)


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
    return labels.scope_label(case.results.compiled.payers, scope, lang)


def scope_in_text(case: Case, scope: str, lang: str) -> str:
    """How running text names a payer or a perspective ("kommunen", "the municipality")."""
    return labels.scope_in_text(case.results.compiled.payers, scope, lang)


def labels_of_alternatives(scenario: Scenario, lang: str) -> dict[str, str]:
    """The label of every alternative of ``scenario`` in ``lang``, by id."""
    return {a.id: text_in(a.label, lang, a.id) for a in scenario.alternatives}


def labels_of_states(scenario: Scenario, lang: str) -> dict[str, str]:
    """The label of every state of the life-course model in ``lang``, by id."""
    return {s.id: text_in(s.label, lang, s.id) for s in scenario.model.states}


def parameter_label(p: ResolvedParameter, lang: str) -> str:
    """A parameter's label in ``lang``."""
    return p.label.sv if lang == "sv" else p.label.en


def citation(source: Any) -> dict[str, Any] | None:
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


def window_text(ages: str | int | None, years: str | int | None, lang: str) -> str:
    """When an effect acts: "ages 13-14", "programme years 0-2" or "every year"."""
    _ = translator(lang)
    if ages is not None:
        return _("ages {ages}").format(ages=ages)
    if years is not None:
        return _("programme years {years}").format(years=years)
    return _("every year")


def decay_text(
    kind: str,
    years: float | None,
    rate: float | None,
    ratio: float | None,
    lang: str,
) -> str:
    """How an effect fades after its window ("" without decay)."""
    if kind not in DECAY_TEXT:
        return ""
    _ = translator(lang)
    return _(DECAY_TEXT[kind]).format(
        years=number(years or 0.0, lang, 1),
        rate=percent(rate or 0.0, lang),
        ratio=percent(ratio or 0.0, lang),
    )
