"""The JSON of ``socinvest analyse tornado`` and ``socinvest analyse breakeven`` (documented in
``docs/results-json.md``)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from socinvest.analysis.breakeven import EFFECT_BRACKET, BreakEven
from socinvest.analysis.sensitivity import HIGH_QUANTILE, LOW_QUANTILE, Tornado
from socinvest.reports.json_meta import analysis_meta
from socinvest.reports.labels import tornado_bar_label
from socinvest.scenario.model import Scenario

FORMAT_VERSION = 1


def tornado_json(tornados: list[Tornado], scenario: Scenario, scenario_hash: str) -> dict[str, Any]:
    """The one-way sensitivity analysis as a JSON-ready dictionary."""
    return {
        "format_version": FORMAT_VERSION,
        "analysis": "tornado",
        "meta": {
            **analysis_meta(scenario, scenario_hash),
            "low_quantile": LOW_QUANTILE,
            "high_quantile": HIGH_QUANTILE,
        },
        "alternatives": [
            {
                "alternative": t.alternative,
                "scope": t.scope,
                "npv_base": t.npv_base,
                "npv_base_term_of_office": t.npv_base_term,
                "fixed_parameters": t.fixed,
                "bars": [
                    {
                        "id": b.id,
                        "kind": "parameter" if b.parameter is not None else "setting",
                        "parameter": b.parameter.id if b.parameter is not None else None,
                        "label": {lang: tornado_bar_label(b, lang) for lang in ("sv", "en")},
                        "unit": b.unit,
                        "distribution": b.parameter.uncertainty.distribution
                        if b.parameter is not None
                        else None,
                        "basis": b.basis,
                        "value": b.value,
                        "low": b.low,
                        "high": b.high,
                        "npv_low": b.npv_low,
                        "npv_high": b.npv_high,
                        "swing": b.swing,
                        "npv_low_term_of_office": b.npv_low_term,
                        "npv_high_term_of_office": b.npv_high_term,
                        "swing_term_of_office": b.swing_term,
                    }
                    for b in t.bars
                ],
            }
            for t in tornados
        ],
    }


def breakeven_json(
    results: list[BreakEven], scenario: Scenario, scenario_hash: str
) -> dict[str, Any]:
    """The break-even and switching values as a JSON-ready dictionary."""
    return {
        "format_version": FORMAT_VERSION,
        "analysis": "breakeven",
        "meta": {**analysis_meta(scenario, scenario_hash), "effect_bracket": list(EFFECT_BRACKET)},
        "alternatives": [
            {
                "alternative": b.alternative,
                "scopes": b.scopes,
                "npv": b.npv,
                "effects": [asdict(e) for e in b.effects],
                "cost": [asdict(c) for c in b.costs],
                "number_to_help": [asdict(n) for n in b.number_to_help],
                "pathway": None
                if b.pathway is None
                else {
                    "pathway": b.pathway.pathway,
                    "good": b.pathway.good,
                    "ages": list(b.pathway.ages),
                },
            }
            for b in results
        ],
    }
