"""The ``cost_effectiveness`` block of the results JSON (``docs/results-json.md``)."""

from __future__ import annotations

from typing import Any

from socinvest.analysis.cost_effectiveness import CostEffectiveness, OutcomeSet, Ratio
from socinvest.core.cost_effectiveness import FrontierEntry


def _ratio(r: Ratio) -> dict[str, Any]:
    return {"value": r.value, "flag": r.flag}


def _entry(e: FrontierEntry, ids: list[str]) -> dict[str, Any]:
    def name(i: int | None) -> str | None:
        return None if i is None else ids[i]

    return {
        "id": ids[e.index],
        "cost": e.cost,
        "effect": e.effect,
        "status": e.status,
        "icer": e.icer,
        "reference": name(e.reference),
        "dominated_by": name(e.dominated_by),
    }


def _set(s: OutcomeSet) -> dict[str, Any]:
    ids = [a.alternative for a in s.alternatives]
    return {
        "alternatives": [
            {
                "id": a.alternative,
                "comparison": a.comparison,
                "qalys": a.qalys,
                "qalys_gained": a.qalys_gained,
                "person_years_avoided": a.person_years_avoided,
                "net_cost": a.net_cost,
                "cost_per_qaly": {p: _ratio(r) for p, r in a.cost_per_qaly.items()},
                "cost_per_person_year_avoided": {
                    g: {p: _ratio(r) for p, r in by.items()}
                    for g, by in a.cost_per_person_year_avoided.items()
                },
                "welfare": a.welfare,
                "welfare_p_positive": a.welfare_p_positive,
            }
            for a in s.alternatives
        ],
        "frontiers": {
            p: {effect: [_entry(e, ids) for e in entries] for effect, entries in by.items()}
            for p, by in s.frontiers.items()
        },
    }


def cost_effectiveness_json(ce: CostEffectiveness | None) -> dict[str, Any] | None:
    """The ``cost_effectiveness`` block; ``None`` when the model has neither quality weights
    nor groups."""
    if ce is None:
        return None
    source = ce.value_per_qaly_source
    return {
        "quality_weights": ce.quality_weights,
        "groups": ce.groups,
        "value_per_qaly": ce.value_per_qaly,
        "value_per_qaly_source": None if source is None else source.model_dump(),
        "value_per_qaly_assumption": ce.value_per_qaly is not None and source is None,
        "effects": list(ce.effects),
        "deterministic": _set(ce.deterministic),
        "mean_over_draws": None if ce.mean_over_draws is None else _set(ce.mean_over_draws),
        "draws": ce.draws,
    }
