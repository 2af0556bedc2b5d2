"""The last sections of the report: the cost of a child (the public investment in one child
from birth to 19, by payer, category, component and age) and the appendix (every parameter
with its value, rebasing, status and sources; the version, hashes, seed, draws and date)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from socinvest.analysis.case import Case
from socinvest.i18n import translator
from socinvest.params.library import ResolvedParameter
from socinvest.params.model import Citation
from socinvest.params.units import UNIT_LABELS
from socinvest.reports import charts
from socinvest.reports.charts import AddChart, Chart
from socinvest.reports.child_cost import reference_sentence
from socinvest.reports.formatting import money, number, percent
from socinvest.reports.labels import STATUS_TEXT
from socinvest.reports.report_text import (
    SMALL_SEK,
    citation,
    parameter_label,
    short_money,
    year_span,
)
from socinvest.reports.sources import grade_text, value_text


def child_cost(case: Case, lang: str, add_chart: AddChart) -> dict[str, Any] | None:
    """The cost of a child from birth to 19: by payer, category, component and age."""
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
                "status": _(STATUS_TEXT.get(c.status, c.status)),
            }
            for c in cost.components
        ],
        "chart": chart,
        "reference": reference_sentence(cost, lang),
        "included": [(x.sv if lang == "sv" else x.en) for x in cost.included],
        "excluded": [(e.label.sv if lang == "sv" else e.label.en) for e in cost.excluded],
    }


def parameter_rows(parameters: Iterable[ResolvedParameter], lang: str) -> list[dict[str, Any]]:
    """One row per parameter: value, unit, price year and rebasing, status and source grade
    (the best of its sources), sources each with its grade."""
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
                "label": parameter_label(p, lang),
                "value": value_text(p, lang),
                "unit": unit,
                "price_year": years,
                "factor": number(p.factor, lang, 4)
                + (f" ({p.index.upper()})" if p.index and p.factor != 1.0 else ""),
                "status": _(STATUS_TEXT.get(p.status, p.status)),
                "grade": grade_text(p.grade, lang),
                "derivation": p.derivation or "",
                "sources": [_graded(s, lang) for s in p.sources],
            }
        )
    return rows


def _graded(source: Citation, lang: str) -> dict[str, Any] | None:
    """A citation for the template with its grade in front of the details."""
    item = citation(source)
    if item is not None:
        grade = grade_text(source.grade, lang)
        item["details"] = f"[{grade}] {item['details']}" if item["details"] else f"[{grade}]"
    return item


def appendix(case: Case, lang: str, libraries: Sequence[str]) -> dict[str, Any]:
    """The parameters, and the version, hashes, seed, draws and date of the run.

    Parameters
    ----------
    case : Case
        From :func:`socinvest.analysis.case.build_case`.
    lang : str
        ``"sv"`` or ``"en"``.
    libraries : sequence of str
        The chart libraries inlined in the page (``"vega 6.2.0"``, ...).

    Returns
    -------
    dict
        The appendix's context for the template.
    """
    from socinvest import __version__

    results = case.results
    extra: dict[str, ResolvedParameter] = {}
    if case.child_cost is not None:
        extra = {
            pid: p for pid, p in case.child_cost.parameters.items() if pid not in results.parameters
        }
    return {
        "parameters": parameter_rows(results.parameters.values(), lang),
        "child_parameters": parameter_rows(extra.values(), lang),
        "version": __version__,
        "scenario_hash": results.scenario_hash,
        "parameter_hash": results.parameter_hash,
        "seed": case.seed,
        "draws": number(case.draws, lang),
        "date": case.created.isoformat(),
        "source": case.source,
        "price_year": results.scenario.analysis.price_year,
        "model_factor": number(results.model_rebasing_factor, lang, 4),
        "libraries": list(libraries),
    }
