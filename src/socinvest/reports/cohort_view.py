"""The cohort view as JSON (documented in docs/results-json.md)."""

from __future__ import annotations

from typing import Any

from socinvest.analysis.cohort_view import HELP_COUNTS, TYPFALL_AGES, TYPFALL_STATE, CohortView


def cohort_json(view: CohortView) -> dict[str, Any]:
    """A JSON-ready dictionary of a cohort view; money in SEK of ``price_year``."""
    from socinvest import __version__

    typfall = view.typfall
    return {
        "meta": {
            "version": __version__,
            "price_year": view.price_year,
            "discount_rate": view.discount_rate,
            "parameter_hash": view.parameter_hash,
            "parameters": list(view.parameters),
        },
        "size": view.size,
        "start_age": view.start_age,
        "horizon_age": view.horizon_age,
        "exclusion": {
            "definition": {"age": view.exclusion_age, "states": view.exclusion_states},
            "share": view.share_in_exclusion,
            "expected_persons": view.expected_in_exclusion,
            "person_years": view.person_years_in_exclusion,
        },
        "cost_to_horizon": {
            "by_payer": view.cost_by_payer,
            "welfare": view.welfare_cost,
            "production_loss": view.production_loss,
            "total": view.welfare_cost + view.production_loss,
            "pv_by_payer": view.pv_cost_by_payer,
            "pv_welfare": view.pv_welfare_cost,
            "pv_production_loss": view.pv_production_loss,
            "pv_total": view.pv_welfare_cost + view.pv_production_loss,
        },
        "typfall": {
            "state": TYPFALL_STATE,
            "ages": list(TYPFALL_AGES),
            "welfare_by_payer": typfall.welfare_by_payer,
            "welfare": typfall.welfare,
            "production_loss": typfall.production_loss,
            "total": typfall.total,
            "pv_total": typfall.pv_total,
        },
        "value_of_helping": [
            {
                "persons": n,
                "total": view.value_of_helping(n)[0],
                "pv_total": view.value_of_helping(n)[1],
            }
            for n in HELP_COUNTS
        ],
    }
