"""The report's sections between committees and per participant, and page 1's line of
participants.

:func:`committees` splits the kommun's net over its committees
(:mod:`socinvest.analysis.committees`): a table per year (each of the first ten years, then
five-year periods) and in total, undiscounted and in present value; a chart of the net per
year; a plain sentence of who pays and who gains; and the proportional transfer that would
leave every committee whole, or a plain statement that the kommun as a whole loses.
:func:`per_participant` counts the participants (:mod:`socinvest.analysis.participants`)
and divides each payer's costs, benefits and net by them. Every number comes from the case.
"""

from __future__ import annotations

import math
from typing import Any

from socinvest.analysis.case import Case
from socinvest.analysis.committees import CommitteeSplit, PartNet, committee_split
from socinvest.analysis.participants import (
    Participants,
    PerHead,
    participants,
)
from socinvest.analysis.participants import per_participant as per_participant_figures
from socinvest.analysis.summary import PERSPECTIVES
from socinvest.i18n import N_, translator
from socinvest.reports import charts
from socinvest.reports.charts import AddChart, Chart
from socinvest.reports.committee_page import terms_text
from socinvest.reports.formatting import money, number, percent, rounded_money
from socinvest.reports.labels import scope_label

OWN_TEXT = N_("Common budget (e.g. tax income)")
"""The kommun's own flows, booked on no committee."""
FIRST_YEARS = 10
"""Years shown one by one in the table; later years in five-year periods."""
PERIOD = 5
SMALL_SHARE = 0.01
"""Parts whose NPV is below this share of the largest are summed up in the sentence."""


def short_money(value: float, lang: str) -> str:
    """An amount for a sentence, rounded to two or three significant figures: ``7,7 mnkr``
    or ``640 tkr`` (sv), ``SEK 7.7 million`` or ``SEK 640,000`` (en); the sign is dropped
    (the sentence says who pays)."""
    v = abs(value)
    if v >= 1e6:
        digits = 0 if v >= 100e6 else 1
        figure = number(v / 1e6, lang, digits)
        return f"{figure}\xa0mnkr" if lang == "sv" else f"SEK\xa0{figure}\xa0million"
    if v == 0:
        return money(0.0, lang)
    magnitude = 10 ** max(0, math.floor(math.log10(v)) - 1)
    rounded = round(v / magnitude) * magnitude
    if lang == "sv":
        return f"{number(rounded / 1e3, lang, 0 if rounded >= 1e3 else 1)}\xa0tkr"
    return money(rounded, lang)


def part_label(case: Case, part: PartNet, lang: str) -> str:
    """A committee's label, or the kommun's own flows'."""
    if part.own:
        return translator(lang)(OWN_TEXT)
    return scope_label(case.results.compiled.payers, part.payer, lang)


def _inner(label: str, lang: str) -> str:
    """A label inside a sentence: in Swedish (definite nouns: *skolan*, *socialtjänsten*)
    with its first letter in lower case unless it is an acronym; in English unchanged (the
    committees' names)."""
    if lang != "sv" or (len(label) > 1 and label[1].isupper()):
        return label
    return label[:1].lower() + label[1:]


def _lower(label: str) -> str:
    """A payer's or perspective's name inside a sentence in either language (*kommunen*,
    *the municipality* is named "municipality"): first letter in lower case unless it is an
    acronym."""
    if len(label) > 1 and label[1].isupper():
        return label
    return label[:1].lower() + label[1:]


def _join(items: list[str], lang: str) -> str:
    """``a, b and c`` in the language."""
    if len(items) <= 1:
        return "".join(items)
    word = " och " if lang == "sv" else " and "
    return ", ".join(items[:-1]) + word + items[-1]


def split_sentences(case: Case, split: CommitteeSplit, lang: str) -> list[str]:
    """Who pays and who gains between the committees, and the transfer that would leave
    every committee whole (or why none can)."""
    _ = translator(lang)
    labels = {p.payer: part_label(case, p, lang) for p in split.parts}
    end = case.years[-1]
    losers, gainers = split.losers, split.gainers
    # Parts below a hundredth of the largest amount are left out of the sentence (the table
    # has them) and summed up as "the others".
    largest = max((abs(p.npv) for p in split.parts), default=0.0)
    small = [p for p in split.parts if p.npv != 0 and abs(p.npv) < SMALL_SHARE * largest]
    losers = [p for p in losers if p not in small]
    gainers = [p for p in gainers if p not in small]
    others = (
        [
            _("the others less than {amount} each").format(
                amount=short_money(max(abs(p.npv) for p in small), lang)
            )
        ]
        if small
        else []
    )
    out: list[str] = []

    def amounts(chosen: list[Any]) -> list[str]:
        return [f"{_inner(labels[p.payer], lang)} {short_money(p.npv, lang)}" for p in chosen]

    if losers and gainers:
        pays = [
            _("the net cost to {committee} is {amount}").format(
                committee=labels[p.payer] if i == 0 else _inner(labels[p.payer], lang),
                amount=short_money(p.npv, lang),
            )
            for i, p in enumerate(losers)
        ]
        gains = [
            _("the net gain to {committee} is {amount}").format(
                committee=_inner(labels[p.payer], lang), amount=short_money(p.npv, lang)
            )
            for p in gainers
        ]
        out.append(
            _("In present value up to {end}: {pays}, while {gains}.").format(
                end=end, pays=_join(pays, lang), gains=_join(gains + others, lang)
            )
        )
    elif losers:
        out.append(
            _("Every committee with flows pays: {pays} in present value up to {end}.").format(
                pays=_join([*amounts(losers), *others], lang),
                end=end,
            )
        )
    elif gainers:
        out.append(
            _("No committee loses; in present value up to {end} they gain: {gains}.").format(
                gains=_join([*amounts(gainers), *others], lang),
                end=end,
            )
        )
    kommun = scope_label(case.results.compiled.payers, split.parent, lang)
    if not split.whole:
        out.append(
            _(
                "{payer} as a whole loses {amount}, so no transfer between its committees can "
                "leave every committee whole; the loss has to be met from the common budget or "
                "shared with those outside it who gain."
            ).format(payer=kommun, amount=short_money(split.total.npv, lang))
        )
    elif split.transfers:
        moves = [
            _("from {payer} to {recipient}: {amount}").format(
                payer=_inner(labels[t.payer], lang),
                amount=short_money(t.amount, lang),
                recipient=_inner(labels[t.recipient], lang),
            )
            for t in split.transfers
        ]
        out.append(
            _(
                "A transfer that leaves every committee at zero or better, each committee that "
                "gains paying in proportion to its gain: {moves} (present value)."
            ).format(moves=_join(moves, lang))
        )
    return out


def _periods(years: list[int]) -> list[tuple[str, list[int]]]:
    """Row labels and year indices: each of the first years, then five-year periods."""
    out = [(str(y), [t]) for t, y in enumerate(years[:FIRST_YEARS])]
    for start in range(FIRST_YEARS, len(years), PERIOD):
        idx = list(range(start, min(start + PERIOD, len(years))))
        first, last = years[idx[0]], years[idx[-1]]
        out.append((str(first) if first == last else f"{first}–{last}", idx))
    return out


def committees(case: Case, lang: str, add_chart: AddChart) -> dict[str, Any] | None:
    """The section between committees (``None`` when the kommun has no committee with any
    flow, e.g. a scenario whose payer tree has none)."""
    tree = case.results.compiled.payers
    if "kommun" not in tree.ids:
        return None
    split = committee_split(case.results.run, case.alternative)
    if not any(not p.own for p in split.parts):
        return None
    _ = translator(lang)
    parts = split.parts
    kommun = scope_label(tree, split.parent, lang)
    rows = [
        {
            "period": label,
            "cells": [money(float(p.net[idx].sum()), lang) for p in parts],
            "total": money(float(split.total.net[idx].sum()), lang),
        }
        for label, idx in _periods(case.years)
    ]
    # The council term the decision falls in (as on page 1), within the analysed years.
    _terms, decision = terms_text(case, lang)
    covered = decision.covered or (case.years[0], case.years[0])
    term_from = case.years.index(covered[0]) if covered[0] in case.years else 0
    term_to = case.years.index(covered[1]) + 1 if covered[1] in case.years else len(case.years)
    chart_rows: list[dict[str, Any]] = []
    for t, year in enumerate(case.years):
        for p in [*parts, split.total]:
            value = float(p.net[t])
            chart_rows.append(
                {
                    "year": year,
                    "committee": kommun if p is split.total else part_label(case, p, lang),
                    "value": value / charts.MILLION,
                    "text": money(value, lang),
                }
            )
    chart = add_chart(
        Chart(
            "chart-committees",
            charts.committee_net_by_year(
                chart_rows,
                x_title=_("Year"),
                y_title=_("Net (million kronor)"),
                committee_title=_("Committee"),
                total_title=kommun,
            ),
        )
    )
    after = split.after_transfers()
    return {
        "kommun": kommun,
        "headings": [part_label(case, p, lang) for p in parts],
        "rows": rows,
        "term": [money(float(p.net[term_from:term_to].sum()), lang) for p in parts],
        "term_total": money(float(split.total.net[term_from:term_to].sum()), lang),
        "term_years": f"{case.years[term_from]}–{case.years[term_to - 1]}",
        "undiscounted": [money(p.undiscounted, lang) for p in parts],
        "undiscounted_total": money(split.total.undiscounted, lang),
        "npv": [money(p.npv, lang) for p in parts],
        "npv_total": money(split.total.npv, lang),
        "gain": [p.npv >= 0 for p in parts],
        "after": [money(after[p.payer], lang) for p in parts] if split.transfers else None,
        "transfers": [
            {
                "payer": part_label(case, next(p for p in parts if p.payer == t.payer), lang),
                "recipient": part_label(
                    case, next(p for p in parts if p.payer == t.recipient), lang
                ),
                "amount": money(t.amount, lang),
            }
            for t in split.transfers
        ],
        "sentences": split_sentences(case, split, lang),
        "chart": chart,
        "end": case.years[-1],
    }


def counted(case: Case) -> Participants:
    """The participants of the presented alternative."""
    return participants(case.results.scenario, case.alternative)


def per_participant_scopes(case: Case) -> list[str]:
    """The scopes of the figures per participant: the top-level payers and the
    perspectives."""
    return [*case.top_level_payers, *PERSPECTIVES]


def _head(h: PerHead | None, lang: str) -> dict[str, Any] | None:
    if h is None:
        return None
    return {
        "costs": money(h.costs, lang),
        "benefits": money(h.benefits, lang),
        "net": money(h.net, lang),
        "gain": h.net >= 0,
    }


def count_text(p: Participants, lang: str) -> str:
    """The participants in words: offered and participating kept apart."""
    _ = translator(lang)
    if p.universal_offer:
        return _(
            "{offered} offered, of whom {participating} take part ({share}); the target group "
            "is {children}."
        ).format(
            offered=number(p.offered, lang),
            participating=number(p.participating, lang),
            share=percent(p.participating / p.offered, lang, 0),
            children=number(p.children, lang),
        )
    return _(
        "{participating} participants (all offered take part); the target group is {children}."
    ).format(participating=number(p.participating, lang), children=number(p.children, lang))


def per_participant(case: Case, lang: str) -> dict[str, Any] | None:
    """The section per participant: the counts and, per payer and perspective, the present
    values of costs, benefits and net per participant (and per person offered); ``None``
    for an alternative that offers nobody anything."""
    p = counted(case)
    if p.participating <= 0:
        return None
    comp = case.results.comparison_for(case.alternative)
    scopes = per_participant_scopes(case)
    figures = per_participant_figures(comp, p, scopes)
    tree = case.results.compiled.payers
    return {
        "count": count_text(p, lang),
        "participating": number(p.participating, lang),
        "offered": number(p.offered, lang),
        "universal": p.universal_offer,
        "rows": [
            {
                "label": scope_label(tree, s, lang),
                "perspective": s in PERSPECTIVES,
                "participant": _head(figures[s][0], lang),
                "offered": _head(figures[s][1], lang),
                "total": money(comp.horizon[s].npv, lang),
            }
            for s in scopes
        ],
    }


def page_one_line(case: Case, lang: str) -> str | None:
    """Page 1's one line: the participants and the net per participant for the kommun and
    in total (socio-economic)."""
    try:
        p = counted(case)
    except ValueError:
        return None
    if p.participating <= 0:
        return None
    _ = translator(lang)
    comp = case.results.comparison_for(case.alternative)
    scopes = [s for s in ("kommun", "socio_economic") if s in comp.horizon]
    figures = per_participant_figures(comp, p, scopes)
    nets = {s: figures[s][0] for s in scopes}
    who = (
        _("{participating} participants of {offered} offered").format(
            participating=number(p.participating, lang), offered=number(p.offered, lang)
        )
        if p.universal_offer
        else _("{participating} participants").format(participating=number(p.participating, lang))
    )
    parts = [
        _("{scope} {amount}").format(
            scope=_lower(scope_label(case.results.compiled.payers, s, lang)),
            amount=rounded_money(h.net, lang),
        )
        for s, h in nets.items()
        if h is not None
    ]
    return _("{who}; net present value per participant: {figures}.").format(
        who=who, figures=", ".join(parts)
    )
