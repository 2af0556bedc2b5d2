"""The JSON of ``socinvest analyse voi`` (documented in ``docs/results-json.md``)."""

from __future__ import annotations

from typing import Any

from socinvest.analysis.value_of_information import ValueOfInformation
from socinvest.reports.json_meta import analysis_meta
from socinvest.scenario.model import Scenario

FORMAT_VERSION = 1


def voi_json(voi: ValueOfInformation, scenario: Scenario, scenario_hash: str) -> dict[str, Any]:
    """The value of information as a JSON-ready dictionary."""
    return {
        "format_version": FORMAT_VERSION,
        "analysis": "voi",
        "meta": analysis_meta(
            scenario,
            scenario_hash,
            draws=voi.draws,
            seed=voi.seed,
            method="regression (Strong, Oakley and Brennan 2014)",
        ),
        "scope": voi.scope,
        "comparison": voi.comparison,
        "alternatives": list(voi.alternatives),
        "mean_net_benefit_per_person": voi.mean_net_benefit,
        "best_alternative": voi.best,
        "p_best_is_wrong": voi.p_best_wrong,
        "population": {
            "persons_in_scenario": voi.persons,
            "persons_per_year": voi.persons_per_year,
            "years": voi.years,
            "discount_rate": voi.discount_rate,
            "timing": voi.timing,
            "annuity_factor": voi.annuity,
        },
        "evpi": {"per_person": voi.evpi_per_person, "population": voi.evpi_population},
        "uncertain_transition_blocks": list(voi.transition_blocks),
        "evppi": [
            {
                "name": e.name,
                "kind": e.kind,
                "members": list(e.members),
                "label": (
                    {"sv": voi.parameters[e.name].label.sv, "en": voi.parameters[e.name].label.en}
                    if e.kind == "parameter"
                    else None
                ),
                "per_person": e.per_person,
                "population": e.population,
                "share_of_evpi": e.share_of_evpi,
            }
            for e in voi.entries
        ],
    }
