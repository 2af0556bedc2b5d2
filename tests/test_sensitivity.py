"""One-way sensitivity (tornado): low and high values, order, base NPV."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from clitools import run_cli
from socinvest.analysis.results import analyse
from socinvest.analysis.run import run_scenario
from socinvest.analysis.sensitivity import (
    DISCOUNT_RANGE,
    DISCOUNT_SETTING,
    PinnedLibrary,
    TornadoBar,
    tornado,
)
from socinvest.analysis.summary import compare
from socinvest.params.library import default_library
from socinvest.reports.labels import tornado_bar_label
from socinvest.scenario.compile import compile_scenario
from socinvest.scenario.load import example_text, load_scenario, parse_scenario
from socinvest.scenario.references import library_for, resolve_scenario

HAND = Path(__file__).resolve().parent / "data" / "hand-pathway-scenario.yaml"
Z95 = 1.6448536269514722  # the 95th percentile of the standard normal


def test_low_and_high_are_declared_bounds_or_percentiles() -> None:
    (result,) = tornado(load_scenario(HAND), scope="kommun.socialtjanst")
    bars = {b.id: b for b in result.bars}
    pert = bars["lokal.insats_per_deltagare"]
    assert (pert.low, pert.high, pert.basis) == (30000.0, 90000.0, "declared")
    normal = bars["lokal.kostnad_per_ar"]
    assert normal.basis == "percentiles"
    assert normal.low == pytest.approx(100000 - Z95 * 20000, rel=1e-12)
    assert normal.high == pytest.approx(100000 + Z95 * 20000, rel=1e-12)


def test_intervention_cost_moves_npv_by_its_cost() -> None:
    (result,) = tornado(load_scenario(HAND), scope="kommun.socialtjanst")
    pert = next(b for b in result.bars if b.id == "lokal.insats_per_deltagare")
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
            assert b.low <= b.value <= b.high
        assert sum(b.parameter is None for b in t.bars) == 1  # the discount rate


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


# --------------------------------------------------------------------------------------------
# The discount rate: a setting with a bar of its own


def _npv_at_rate(rate: float) -> tuple[float, float]:
    """NPV of 'helped' for kommun.socialtjanst (horizon, term of office): a full run of the
    hand scenario with its file's discount rate replaced by ``rate``."""
    text = HAND.read_text(encoding="utf-8")
    assert "  discount_rate: 0.03\n" in text
    scenario = parse_scenario(text.replace("  discount_rate: 0.03\n", f"  discount_rate: {rate}\n"))
    compiled = compile_scenario(resolve_scenario(scenario, library_for(scenario)).scenario)
    run = run_scenario(compiled)
    helped = next(a for a in run.alternatives if a.id == "helped")
    comparison = compare(run, helped)
    scope = "kommun.socialtjanst"
    return comparison.horizon[scope].npv, comparison.term_of_office[scope].npv


def _closed_form(rate: float, years: int = 10) -> float:
    """The hand case by hand: ten children, 500 000 SEK of intervention in year 0; the
    intervention doubles the 10 % chance of leaving in year 0, so from year 1 on
    0.9**(t - 1) fewer person-years on the pathway (10 * (0.9 - 0.8) * 0.9**(t - 1)), each
    100 000 SEK, at the start of year t."""
    return -500000.0 + sum(100000.0 * 0.9 ** (t - 1) / (1 + rate) ** t for t in range(1, years))


def test_discount_rate_bar_is_two_full_runs_at_those_rates() -> None:
    (result,) = tornado(
        load_scenario(HAND), scope="kommun.socialtjanst", discount_range=(0.01, 0.05)
    )
    bar = next(b for b in result.bars if b.id == DISCOUNT_SETTING)
    assert bar.parameter is None and bar.setting == DISCOUNT_SETTING
    assert (bar.low, bar.high, bar.basis, bar.value, bar.unit) == (
        0.01,
        0.05,
        "setting",
        0.03,
        "fraction",
    )
    low, low_term = _npv_at_rate(0.01)
    high, high_term = _npv_at_rate(0.05)
    assert (bar.npv_low, bar.npv_high) == (low, high)
    assert (bar.npv_low_term, bar.npv_high_term) == (low_term, high_term)
    assert bar.swing == abs(high - low)
    assert bar.npv_low == pytest.approx(_closed_form(0.01), rel=1e-12)
    assert bar.npv_high == pytest.approx(_closed_form(0.05), rel=1e-12)
    assert result.npv_base == pytest.approx(_closed_form(0.03), rel=1e-12)
    # Savings come later than the cost: a higher rate lowers the NPV.
    assert bar.npv_low > result.npv_base > bar.npv_high


def test_the_default_discount_range_is_tlvs_and_applies_to_money_only() -> None:
    assert DISCOUNT_RANGE == (0.0, 0.05)
    scenario = parse_scenario(example_text("parenting-programme"), "example")
    (result,) = tornado(scenario, alternative="indicated")
    bar = next(b for b in result.bars if b.id == DISCOUNT_SETTING)
    assert (bar.low, bar.high) == DISCOUNT_RANGE
    assert tornado_bar_label(bar, "sv") == "Diskonteringsränta 0–5\xa0%"
    assert tornado_bar_label(bar, "en") == "Discount rate 0–5%"
    # Everything else is unchanged: the person-years are discounted at the outcome rate, so
    # a run at another money rate keeps them.
    changed = scenario.model_copy(
        update={"analysis": scenario.analysis.model_copy(update={"discount_rate": 0.05})}
    )
    base, other = analyse(scenario), analyse(changed)
    before, after = base.comparison_for("indicated"), other.comparison_for("indicated")
    assert after.person_years_diff == before.person_years_diff
    assert after.horizon["socio_economic"].npv == bar.npv_high
    assert after.horizon["socio_economic"].npv != before.horizon["socio_economic"].npv


def test_a_bad_discount_range_is_refused_naming_the_option() -> None:
    scenario = load_scenario(HAND)
    with pytest.raises(ValueError, match="below the high one") as low_above:
        tornado(scenario, discount_range=(0.05, 0.01))
    assert getattr(low_above.value, "option", None) == "--discount-low"
    with pytest.raises(ValueError, match="at most 1") as too_high:
        tornado(scenario, discount_range=(0.01, 3.0))
    assert getattr(too_high.value, "option", None) == "--discount-high"


def test_cli_discount_options_reach_the_bar_in_json_and_table() -> None:
    hand = str(HAND)
    options = [
        "--scope",
        "kommun.socialtjanst",
        "--discount-low",
        "0.01",
        "--discount-high",
        "0.05",
    ]
    data = run_cli("analyse", "tornado", hand, "--format", "json", *options)
    assert data.returncode == 0, data.stderr
    bars = json.loads(data.stdout)["alternatives"][0]["bars"]
    (bar,) = [b for b in bars if b["kind"] == "setting"]
    assert bar["id"] == DISCOUNT_SETTING and bar["parameter"] is None
    assert (bar["low"], bar["high"], bar["value"], bar["basis"]) == (0.01, 0.05, 0.03, "setting")
    assert bar["label"] == {"sv": "Diskonteringsränta 1–5\xa0%", "en": "Discount rate 1–5%"}
    assert bar["npv_low"] == pytest.approx(_closed_form(0.01), rel=1e-12)
    assert all(b["kind"] == "parameter" and b["parameter"] == b["id"] for b in bars if b != bar)
    table = run_cli("analyse", "tornado", hand, "--lang", "sv", *options)
    assert table.returncode == 0, table.stderr
    assert "Diskonteringsränta 1–5" in table.stdout and DISCOUNT_SETTING in table.stdout
    bad = run_cli("analyse", "tornado", hand, "--format", "json", "--discount-low", "0.06")
    assert bad.returncode == 2
    assert json.loads(bad.stdout)["problems"][0]["field"] == "--discount-low"


def test_a_setting_bar_has_no_parameter() -> None:
    bar = TornadoBar(None, 0.0, 0.05, "setting", 2.0, 1.0, 0.5, 0.4, DISCOUNT_SETTING, 0.03)
    assert (bar.id, bar.unit, bar.value, bar.swing) == (DISCOUNT_SETTING, "fraction", 0.03, 1.0)
    assert bar.swing_term == pytest.approx(0.1)
