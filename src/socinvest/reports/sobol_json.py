"""The JSON of ``socinvest analyse sobol`` (documented in ``docs/results-json.md``)."""

from __future__ import annotations

from typing import Any

from socinvest.analysis.sobol import SobolResult
from socinvest.reports.json_meta import analysis_meta
from socinvest.scenario.model import Scenario

FORMAT_VERSION = 1
METHOD = (
    "Sobol indices (Sobol 2001): Saltelli design on a scrambled Sobol sequence, first-order "
    "and total (Jansen) estimators of Saltelli et al. (2010), bootstrap confidence intervals; "
    "SALib"
)


def sobol_json(result: SobolResult, scenario: Scenario, scenario_hash: str) -> dict[str, Any]:
    """The Sobol indices as a JSON-ready dictionary."""
    return {
        "format_version": FORMAT_VERSION,
        "analysis": "sobol",
        "meta": analysis_meta(
            scenario,
            scenario_hash,
            samples=result.samples,
            evaluations=result.evaluations,
            seed=result.seed,
            conf_level=result.conf_level,
            resamples=result.resamples,
            method=METHOD,
        ),
        "alternative": result.alternative,
        "scope": result.scope,
        "npv": {"mean": result.npv_mean, "variance": result.npv_variance},
        "constant": result.constant,
        "sum_first_order": result.sum_first_order,
        "transition_blocks_at_means": list(result.fixed_transition_blocks),
        "indices": [
            {
                "parameter": i.parameter.id,
                "label": {"sv": i.parameter.label.sv, "en": i.parameter.label.en},
                "unit": i.parameter.unit,
                "distribution": i.parameter.uncertainty.distribution,
                "value": i.parameter.value,
                "s1": i.s1,
                "s1_conf": i.s1_conf,
                "s1_interval": list(i.s1_interval),
                "st": i.st,
                "st_conf": i.st_conf,
                "st_interval": list(i.st_interval),
            }
            for i in result.indices
        ],
    }
