"""One-way sensitivity (tornado): low and high values, order, base NPV."""

from __future__ import annotations

from pathlib import Path

import pytest

from socinvest.analysis.results import analyse
from socinvest.analysis.sensitivity import PinnedLibrary, tornado
from socinvest.params.library import default_library
from socinvest.scenario.load import example_text, load_scenario, parse_scenario

HAND = Path(__file__).resolve().parent / "data" / "hand-pathway-scenario.yaml"
Z95 = 1.6448536269514722  # the 95th percentile of the standard normal


def test_low_and_high_are_declared_bounds_or_percentiles() -> None:
    (result,) = tornado(load_scenario(HAND), scope="kommun.socialtjanst")
    bars = {b.parameter.id: b for b in result.bars}
    pert = bars["lokal.insats_per_deltagare"]
    assert (pert.low, pert.high, pert.basis) == (30000.0, 90000.0, "declared")
    normal = bars["lokal.kostnad_per_ar"]
    assert normal.basis == "percentiles"
    assert normal.low == pytest.approx(100000 - Z95 * 20000, rel=1e-12)
    assert normal.high == pytest.approx(100000 + Z95 * 20000, rel=1e-12)


def test_intervention_cost_moves_npv_by_its_cost() -> None:
    (result,) = tornado(load_scenario(HAND), scope="kommun.socialtjanst")
    pert = next(b for b in result.bars if b.parameter.id == "lokal.insats_per_deltagare")
    # Ten participants, paid in year 0 (discount factor 1).
    assert result.npv_base - pert.npv_low == pytest.approx(-10 * 20000, abs=1e-6)
    assert result.npv_base - pert.npv_high == pytest.approx(10 * 40000, abs=1e-6)


def test_swings_are_sorted_and_base_equals_the_run() -> None:
    scenario = parse_scenario(example_text("parenting-programme"), "example")
    results = tornado(scenario)
    run = analyse(scenario)
    assert [t.alternative for t in results] == ["universal", "indicated"]
    for t in results:
        swings = [b.swing for b in t.bars]
        assert swings == sorted(swings, reverse=True)
        comparison = run.comparison_for(t.alternative)
        assert t.npv_base == comparison.horizon["socio_economic"].npv
        assert t.npv_base_term == comparison.term_of_office["socio_economic"].npv
        assert "diskontering.ranta" in t.fixed
        for b in t.bars:
            assert b.low < b.parameter.value < b.high or b.low <= b.parameter.value <= b.high


def test_pinned_library_leaves_the_defaults_alone() -> None:
    library = default_library()
    pinned = PinnedLibrary.on(library, {"halsa.bup_besok": 1.0})
    import datetime as dt

    when = dt.date(2026, 1, 1)
    assert pinned.resolve("halsa.bup_besok", 2024, when).value == 1.0
    assert library.resolve("halsa.bup_besok", 2024, when).value != 1.0


def test_unknown_scope_or_alternative_is_refused() -> None:
    scenario = load_scenario(HAND)
    with pytest.raises(ValueError, match="unknown scope"):
        tornado(scenario, scope="nope")
    with pytest.raises(ValueError, match="unknown alternative"):
        tornado(scenario, alternative="as_today")
