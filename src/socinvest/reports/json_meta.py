"""The ``meta`` block that every analysis JSON starts with (``docs/results-json.md``)."""

from __future__ import annotations

from typing import Any

from socinvest.scenario.model import Scenario


def analysis_meta(scenario: Scenario, scenario_hash: str, **extra: Any) -> dict[str, Any]:
    """Version, scenario id and hash, currency, price year, start year and term of office of
    an analysis's JSON, followed by the analysis's own ``extra`` entries."""
    from socinvest import __version__

    settings = scenario.analysis
    return {
        "version": __version__,
        "scenario_id": scenario.id,
        "scenario_hash": scenario_hash,
        "currency": "SEK",
        "price_year": settings.price_year,
        "start_year": settings.start_year,
        "term_of_office": settings.term_of_office,
        **extra,
    }
