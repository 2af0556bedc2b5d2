"""The JSON of ``socinvest analyse compare`` and ``socinvest analyse timing`` (documented in
``docs/results-json.md``)."""

from __future__ import annotations

from typing import Any

from socinvest.analysis.compare import AlternativesComparison
from socinvest.analysis.timing import Timing
from socinvest.reports.json_meta import analysis_meta
from socinvest.reports.sensitivity_json import FORMAT_VERSION
from socinvest.scenario.model import Scenario


def compare_json(
    result: AlternativesComparison, scenario: Scenario, scenario_hash: str
) -> dict[str, Any]:
    """The ranking, probability best and CEAC as a JSON-ready dictionary."""
    ids = [a.alternative for a in result.alternatives]
    return {
        "format_version": FORMAT_VERSION,
        "analysis": "compare",
        "meta": {
            **analysis_meta(scenario, scenario_hash),
            "scope": result.scope,
            "draws": result.draws,
            "seed": result.seed,
            "outcome": result.outcome,
            "outcome_states": result.outcome_states,
            "person_years_per_draw": True,
        },
        "alternatives": [
            {
                "alternative": a.alternative,
                "comparison": a.comparison,
                "rank": a.rank,
                "expected_npv": a.expected_npv,
                "deterministic_npv": a.deterministic_npv,
                "probability_best": a.probability_best,
                "person_years_avoided": a.person_years_avoided,
            }
            for a in result.ranking
        ],
        "ceac": [
            {"value": v, "probability_best": dict(zip(ids, shares, strict=True))}
            for v, shares in zip(result.values, result.ceac, strict=True)
        ],
    }


def timing_json(results: list[Timing], scenario: Scenario, scenario_hash: str) -> dict[str, Any]:
    """NPV by start age and the cost of waiting as a JSON-ready dictionary."""
    return {
        "format_version": FORMAT_VERSION,
        "analysis": "timing",
        "meta": {
            **analysis_meta(scenario, scenario_hash),
            "base_start_age": scenario.target_group.start_age,
            "discount_rate": results[0].discount_rate if results else None,
        },
        "alternatives": [
            {
                "alternative": t.alternative,
                "scopes": t.scopes,
                "start_ages": [
                    {
                        "start_age": p.start_age,
                        "npv": p.npv,
                        "npv_term_of_office": p.npv_term,
                        "cost_of_waiting": p.cost_of_waiting,
                    }
                    for p in t.points
                ],
            }
            for t in results
        ],
    }
