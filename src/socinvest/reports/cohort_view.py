"""The cohort view as JSON (documented in docs/results-json.md)."""

from __future__ import annotations

from typing import Any

from socinvest.analysis.cohort_view import (
    HELP_COUNTS,
    LULEA_SPLIT,
    SOURCE_CONVENTION,
    TYPFALL_AGES,
    TYPFALL_STATE,
    CohortView,
)


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
            "transfers": view.transfers,
            "production_loss": view.production_loss,
            "total": view.total,
            "socio_economic": view.socio_economic,
            "pv_by_payer": view.pv_cost_by_payer,
            "pv_welfare": view.pv_welfare_cost,
            "pv_transfers": view.pv_transfers,
            "pv_production_loss": view.pv_production_loss,
            "pv_total": view.pv_total,
            "pv_socio_economic": view.pv_socio_economic,
            "split": view.split,
            "split_source_convention": view.source_split,
            "source_convention": SOURCE_CONVENTION if view.source_split is not None else None,
            "lost_taxable_income": view.lost_taxable_income,
            "lost_local_income_tax": view.lost_local_tax,
            "split_lulea": LULEA_SPLIT,
        },
        "value_of_work": {
            level: {
                "value": v.value,
                "employment_rate": v.employment_rate,
                "expected": v.expected if v.employment_rate is not None else None,
            }
            for level, v in view.value_of_work.items()
        },
        "education_of_state": view.education_of_state,
        "typfall": {
            "state": TYPFALL_STATE,
            "ages": list(TYPFALL_AGES),
            "education": typfall.education,
            "welfare_by_payer": typfall.welfare_by_payer,
            "welfare": typfall.welfare,
            "transfers": typfall.transfers,
            "production_loss": typfall.production_loss,
            "production_loss_per_year": typfall.production_loss_per_year,
            "total": typfall.total,
            "socio_economic": typfall.socio_economic,
            "pv_total": typfall.pv_total,
            "pv_socio_economic": typfall.pv_socio_economic,
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
