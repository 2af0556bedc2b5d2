"""The cost of a child as JSON (``socinvest child-cost --format json``; documented in
``docs/results-json.md``, section "The cost of a child"), and the sentences every output
shares: the published figure in the same price year, and what is included and excluded."""

from __future__ import annotations

from typing import Any

from socinvest.analysis.child_cost import ChildCost, ComponentCost, ReferenceComparison
from socinvest.i18n import translator
from socinvest.reports.formatting import money, number

FORMAT_VERSION = 1


def reference_sentence(result: ChildCost, lang: str) -> str | None:
    """The published figure in the same price year as the total: its amount in its own price
    year, rebased with its index (KPI: ``amount = original * KPI[price_year] /
    KPI[original year]``), and how far the computed total is from it. ``None`` without a
    reference."""
    ref = result.reference
    if ref is None:
        return None
    _ = translator(lang)
    label = ref.parameter.label.sv if lang == "sv" else ref.parameter.label.en
    text = _(
        "Compared in the same price year: {label}, {original} in {year} prices, is {amount} "
        "in {price_year} prices ({index} {year} → {price_year}, factor {factor})."
    ).format(
        label=label,
        original=money(ref.original_amount, lang),
        year=ref.original_price_year,
        amount=money(ref.amount, lang),
        price_year=ref.price_year,
        index=(ref.index or "kpi").upper(),
        factor=number(ref.factor, lang, 4),
    )
    if ref.difference < 0:
        more = _("The total computed here is {amount} lower.")
    else:
        more = _("The total computed here is {amount} higher.")
    return text + " " + more.format(amount=money(abs(ref.difference), lang))


def included_excluded(result: ChildCost, lang: str) -> tuple[str, str]:
    """Two sentences: what the total includes and what it does not."""
    _ = translator(lang)
    included = ", ".join((x.sv if lang == "sv" else x.en) for x in result.included)
    excluded = "; ".join((e.label.sv if lang == "sv" else e.label.en) for e in result.excluded)
    return (
        _("Included: {items}.").format(items=included),
        _("Not included: {items}.").format(items=excluded) if excluded else "",
    )


def _component_json(c: ComponentCost, result: ChildCost) -> dict[str, Any]:
    first, last = c.ages
    return {
        "id": c.id,
        "label": {"sv": c.label.sv, "en": c.label.en},
        "amount": c.amount,
        "unit_amount": c.unit_amount,
        "years": c.years,
        "ages": {"first": first, "last": last},
        "by_age": list(c.by_age),
        "payer": c.payer,
        "category": c.category,
        "status": c.status,
        "parameters": [p.id for p in c.parameters],
        "sources": [p.as_json() for p in c.parameters],
    }


def child_cost_json(result: ChildCost) -> dict[str, Any]:
    """The cost of a child as a JSON-ready dictionary."""
    from socinvest import __version__

    tree = result.payers
    ids = tree.ids
    pv = result.present_value
    ref = result.reference
    return {
        "format_version": FORMAT_VERSION,
        "version": __version__,
        "currency": "SEK",
        "price_year": result.price_year,
        "undiscounted": result.undiscounted,
        "parameter_hash": result.parameter_hash,
        "ages": list(result.ages),
        "total": result.total,
        "by_payer": dict(result.by_payer),
        "by_category": dict(result.by_category),
        "by_age": [
            {
                "age": age,
                "total": result.by_age[i],
                "by_payer": {pid: float(result.by_age_payer[i, j]) for j, pid in enumerate(ids)},
            }
            for i, age in enumerate(result.ages)
        ],
        "present_value": None
        if pv is None
        else {
            "discount_rate": pv.discount_rate,
            "timing": pv.timing,
            "total": pv.total,
            "by_payer": dict(pv.by_payer),
        },
        "payers": [p.as_json() for p in tree.payers],
        "components": [_component_json(c, result) for c in result.components],
        "included": [c.id for c in result.components],
        "excluded": [
            {"id": e.id, "label": {"sv": e.label.sv, "en": e.label.en}} for e in result.excluded
        ],
        "reference": None if ref is None else _reference_json(ref),
    }


def _reference_json(ref: ReferenceComparison) -> dict[str, Any]:
    return {
        "parameter": ref.parameter.id,
        "label": {"sv": ref.parameter.label.sv, "en": ref.parameter.label.en},
        "original_amount": ref.original_amount,
        "original_price_year": ref.original_price_year,
        "amount": ref.amount,
        "price_year": ref.price_year,
        "index": ref.index,
        "rebasing_factor": ref.factor,
        "difference": ref.difference,
        "status": ref.parameter.status,
        "sources": ref.parameter.as_json()["sources"],
    }
