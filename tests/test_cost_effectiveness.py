"""Human outcomes beside money: the efficiency frontier (hand-computed), QALYs of a two-state
model (closed form), the welfare figure, validation through the loader and the JSON through
the real entry point."""

from __future__ import annotations

import json
import math
from itertools import pairwise
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clitools import run_cli
from scenario_edits import SOURCE, VALID
from socinvest.analysis.cost_effectiveness import (
    Ratio,
    cost_effectiveness,
    cost_per_unit,
    qalys,
    quality_weights,
)
from socinvest.analysis.results import analyse
from socinvest.core.cost_effectiveness import efficiency_frontier
from socinvest.params.errors import InputError, Problem
from socinvest.scenario.load import parse_scenario
from socinvest.scenario.references import references

# --------------------------------------------------------------------------------------------
# The efficiency frontier


def test_frontier_of_four_alternatives_by_hand() -> None:
    # A (0 SEK, 0 QALY), B (100, 1), C (300, 2), D (250, 0.5), E (400, 4).
    # D costs more than B and gains less: strongly dominated by B.
    # A -> B: 100/1 = 100; B -> C: 200/1 = 200; C -> E: 100/2 = 50 < 200, so C is extendedly
    # dominated; then B -> E: 300/3 = 100.
    entries = efficiency_frontier([0, 100, 300, 250, 400], [0, 1, 2, 0.5, 4])
    by = {e.index: e for e in entries}
    assert [e.index for e in entries] == [0, 3, 1, 2, 4]  # sorted by effect
    assert by[0].status == "frontier" and by[0].icer is None and by[0].reference is None
    assert by[3].status == "strongly_dominated" and by[3].dominated_by == 1
    assert by[1].status == "frontier" and by[1].icer == pytest.approx(100.0)
    assert by[1].reference == 0
    assert by[2].status == "extendedly_dominated" and by[2].dominated_by == 4
    assert by[2].icer is None
    assert by[4].status == "frontier" and by[4].icer == pytest.approx(100.0)
    assert by[4].reference == 1


def test_extended_dominance_needs_a_second_pass() -> None:
    # A (0, 0), B (10, 1), C (40, 2), D (60, 4).
    # ICERs A->B 10, B->C 30, C->D 10: C out (30 > 10); then B->D 50/3 = 16.67 > 10 (A->B)
    # stays. Now A (0,0), B (10,1), C (13,1.1), D (20, 3): A->B 10, B->C 30, C->D 7/1.9 = 3.68:
    # C out; B->D 10/2 = 5 < 10 (A->B): B out too; A->D 20/3.
    first = {e.index: e for e in efficiency_frontier([0, 10, 40, 60], [0, 1, 2, 4])}
    assert [first[i].status for i in range(4)] == [
        "frontier",
        "frontier",
        "extendedly_dominated",
        "frontier",
    ]
    assert first[3].icer == pytest.approx(50 / 3)
    second = {e.index: e for e in efficiency_frontier([0, 10, 13, 20], [0, 1, 1.1, 3])}
    assert second[1].status == "extendedly_dominated" and second[1].dominated_by == 3
    assert second[2].status == "extendedly_dominated" and second[2].dominated_by == 3
    assert second[3].status == "frontier" and second[3].icer == pytest.approx(20 / 3)
    assert second[3].reference == 0


def test_three_alternatives_with_a_dominant_one() -> None:
    # The intervention saves money and gains: the comparison is dominated by it.
    entries = {e.index: e for e in efficiency_frontier([0.0, -50.0, 80.0], [0.0, 2.0, 3.0])}
    assert entries[0].status == "strongly_dominated" and entries[0].dominated_by == 1
    assert entries[1].status == "frontier" and entries[1].icer is None
    assert entries[2].status == "frontier" and entries[2].icer == pytest.approx(130.0)
    assert entries[2].reference == 1


def test_an_exact_copy_is_dominated_by_the_first() -> None:
    entries = {e.index: e for e in efficiency_frontier([0, 5, 5], [0, 1, 1])}
    assert entries[1].status == "frontier"
    assert entries[2].status == "strongly_dominated" and entries[2].dominated_by == 1


def test_frontier_refuses_bad_input() -> None:
    with pytest.raises(ValueError, match="same length"):
        efficiency_frontier([1, 2], [1])
    with pytest.raises(ValueError, match="finite"):
        efficiency_frontier([1, math.nan], [1, 2])


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(min_value=-1000, max_value=1000), st.integers(min_value=-50, max_value=50)
        ),
        min_size=1,
        max_size=7,
    )
)
def test_frontier_invariants(points: list[tuple[int, int]]) -> None:
    costs = np.array([p[0] for p in points], dtype=float)
    effects = np.array([p[1] for p in points], dtype=float)
    entries = efficiency_frontier(costs, effects)
    assert sorted(e.index for e in entries) == list(range(len(points)))
    on = [e for e in entries if e.status == "frontier"]
    assert on, "at least one alternative is on the frontier"
    # Costs and effects rise along the frontier, and so do the ICERs.
    icers = [e.icer for e in on[1:]]
    assert all(i is not None and i > 0 for i in icers)
    assert all(a <= b + 1e-9 for a, b in pairwise(icers))  # type: ignore[operator]
    for e in on:
        # No alternative on the frontier is strongly dominated by another.
        for j in range(len(points)):
            if j != e.index and (costs[j], effects[j]) != (e.cost, e.effect):
                assert not (costs[j] <= e.cost and effects[j] >= e.effect)
    for e in entries:
        if e.status != "frontier":
            assert e.dominated_by is not None
            other = costs[e.dominated_by], effects[e.dominated_by]
            if e.status == "strongly_dominated":
                assert other[0] <= e.cost and other[1] >= e.effect
            else:
                assert other[1] > e.effect


def test_cost_per_unit_quadrants() -> None:
    assert cost_per_unit(100.0, 4.0) == Ratio(25.0, None)
    assert cost_per_unit(-1.0, 4.0) == Ratio(None, "dominant")
    assert cost_per_unit(1.0, -4.0) == Ratio(None, "dominated")
    assert cost_per_unit(-100.0, -4.0) == Ratio(25.0, "less_effective_cheaper")
    assert cost_per_unit(100.0, 0.0) == Ratio(None, "no_gain")


# --------------------------------------------------------------------------------------------
# QALYs of a two-state model against the closed form

P_SICK = 0.1
RATE = 0.03
YEARS = 20
SIZE = 100.0
W_SICK = 0.5


def two_state(extra_model: str = "", extra_analysis: str = "", alternatives: str = "") -> str:
    return f"""\
socinvest: 1
id: qaly_closed_form
title: Two states
model:
  states:
    - id: healthy
    - id: sick
      absorbing: true
  transitions:
    - ages: 0-120
      probabilities:
        healthy: {{healthy: rest, sick: {P_SICK}}}
  quality_weights: {{healthy: 1, sick: {W_SICK}}}
{extra_model}target_group:
  start_age: 10
  level: universal
  initial_states: {{healthy: 1}}
  size: {SIZE}
alternatives:
  - id: as_today
    comparison: true
  - id: same
{alternatives}analysis:
  horizon: {{years: {YEARS}}}
  discount_rate: {RATE}
  outcome_discount_rate: {RATE}
  timing: start
{extra_analysis}"""


def geometric(x: float, n: int) -> float:
    return (1 - x**n) / (1 - x)


def test_qalys_of_a_two_state_model_match_the_closed_form() -> None:
    # Healthy share at the start of year t: (1 - p)^t; sick: 1 - (1 - p)^t. With d = 1/(1+r):
    # QALYs = N sum_t d^t [q^t + w (1 - q^t)] = N [w G(d) + (1 - w) G(d q)], G(x) = sum x^t.
    results = analyse(parse_scenario(two_state()))
    ce = cost_effectiveness(results)
    assert ce is not None and ce.quality_weights == {"healthy": 1.0, "sick": W_SICK}
    d, q = 1 / (1 + RATE), 1 - P_SICK
    expected = SIZE * (W_SICK * geometric(d, YEARS) + (1 - W_SICK) * geometric(d * q, YEARS))
    comparison = ce.deterministic.alternatives[0]
    assert comparison.qalys == pytest.approx(expected, rel=1e-12)
    # Two alternatives without interventions: nothing gained.
    same = ce.deterministic.alternatives[1]
    assert same.qalys_gained == 0.0
    assert same.cost_per_qaly["socio_economic"] == Ratio(None, "no_gain")
    # The dot product of the results' person-years.
    assert qalys(results.totals[0].person_years, ce.quality_weights) == comparison.qalys


def test_an_absorbing_state_left_out_weighs_zero() -> None:
    text = two_state().replace(
        "    - id: sick\n      absorbing: true\n",
        "    - id: sick\n    - id: dead\n      absorbing: true\n",
    )
    text = text.replace("sick: 0.1}", "sick: 0.1}\n        sick: {sick: rest, dead: 0.2}")
    scenario = parse_scenario(text)
    assert quality_weights(scenario) == {"healthy": 1.0, "sick": W_SICK, "dead": 0.0}


# --------------------------------------------------------------------------------------------
# Welfare: socio-economic NPV + value x QALYs gained, kept apart

INTERVENTION = """\
interventions:
  - id: care
    costs:
      - payer: region.halso_sjukvard
        per_participant: 2000
    effects:
      - from: healthy
        to: sick
        relative_risk: 0.7
        years: 0-4
"""
COSTS = """\
  costs:
    - state: sick
      payer: region.halso_sjukvard
      annual: 30000
"""
VALUE = 250000.0


def welfare_scenario() -> str:
    text = two_state(
        extra_model=COSTS,
        extra_analysis=f"  value_per_qaly: {VALUE}\n",
        alternatives="    interventions: [care]\n",
    )
    return text.replace("alternatives:\n", INTERVENTION + "alternatives:\n")


def test_welfare_is_npv_plus_value_times_qalys_gained() -> None:
    results = analyse(parse_scenario(welfare_scenario()))
    ce = cost_effectiveness(results)
    assert ce is not None and ce.value_per_qaly == VALUE and ce.value_per_qaly_source is None
    alt = ce.deterministic.alternatives[1]
    comp = results.comparison_for("same")
    gained = sum(w * comp.person_years_diff[s] for s, w in {"healthy": 1.0, "sick": 0.5}.items())
    assert gained > 0
    assert alt.qalys_gained == pytest.approx(gained, rel=1e-12)
    npv = comp.horizon["socio_economic"].npv
    assert alt.welfare == pytest.approx(npv + VALUE * gained, rel=1e-12)
    assert alt.net_cost["socio_economic"] == pytest.approx(-npv)
    assert alt.net_cost["public_finances"] == pytest.approx(-comp.horizon["public_finances"].npv)
    # The money figures are not changed by the value per QALY.
    without = analyse(
        parse_scenario(welfare_scenario().replace(f"  value_per_qaly: {VALUE}\n", ""))
    )
    assert without.comparison_for("same").horizon == comp.horizon
    assert cost_effectiveness(without).deterministic.alternatives[1].welfare is None  # type: ignore[union-attr]


def test_means_over_draws_equal_the_deterministic_figures_without_uncertainty() -> None:
    results = analyse(parse_scenario(welfare_scenario()), draws=3)
    ce = cost_effectiveness(results)
    assert ce is not None and ce.mean_over_draws is not None and ce.draws == 3
    det, mean = ce.deterministic.alternatives[1], ce.mean_over_draws.alternatives[1]
    assert mean.qalys_gained == pytest.approx(det.qalys_gained, rel=1e-9)
    assert mean.welfare == pytest.approx(det.welfare, rel=1e-9)
    assert mean.welfare_p_positive == (1.0 if det.welfare > 0 else 0.0)  # type: ignore[operator]


def test_no_block_without_weights_or_groups() -> None:
    text = two_state().replace(f"  quality_weights: {{healthy: 1, sick: {W_SICK}}}\n", "")
    assert cost_effectiveness(analyse(parse_scenario(text))) is None


# --------------------------------------------------------------------------------------------
# Validation through the loader


def problems_of(text: str) -> list[Problem]:
    with pytest.raises(InputError) as info:
        parse_scenario(text, source=SOURCE)
    return info.value.problems


def with_weights(line: str) -> str:
    # VALID line 24 is the last line of the model's costs; the weights become line 25.
    return VALID.replace("target_group:\n", f"  {line}\ntarget_group:\n", 1)


def test_weight_outside_the_range_is_refused() -> None:
    problems = problems_of(with_weights("quality_weights: {well: 1.2, ill: 0.5}"))
    assert [(p.field, p.line) for p in problems] == [("model.quality_weights.well", 25)]
    assert "expected a quality weight from -0.6 to 1" in problems[0].message
    assert "found 1.2" in problems[0].message


def test_unknown_state_in_the_weights_is_refused() -> None:
    problems = problems_of(with_weights("quality_weights: {well: 1, ill: 0.5, sik: 0.4}"))
    assert [p.field for p in problems] == ["model.quality_weights.sik"]
    assert "unknown state 'sik'" in problems[0].message


def test_a_state_that_is_not_absorbing_needs_a_weight() -> None:
    problems = problems_of(with_weights("quality_weights: {well: 1}"))
    assert [p.field for p in problems] == ["model.quality_weights"]
    assert "no quality weight for state(s) ill" in problems[0].message
    # 'dead' is absorbing and may be left out.
    assert parse_scenario(with_weights("quality_weights: {well: 1, ill: 0.5}"))


def test_value_per_qaly_needs_weights() -> None:
    problems = problems_of(VALID + "  value_per_qaly: 500000\n")
    assert [p.field for p in problems] == ["analysis.value_per_qaly"]
    assert "needs quality weights" in problems[0].message


def test_a_weight_from_the_library_must_be_a_fraction() -> None:
    scenario = parse_scenario(
        with_weights("quality_weights: {well: {param: skatt.skattesats_kommun}, ill: 0.5}")
    )
    uses = {path: use for path, _ref, use in references(scenario)}
    assert uses[("model", "quality_weights", "well")] == "fraction"
    problems = problems_of(
        with_weights("quality_weights: {well: {param: skola.extra_stod_per_manad}, ill: 0.5}")
    )
    assert [p.field for p in problems] == ["model.quality_weights.well.param"]
    assert "needs a fraction" in problems[0].message


# --------------------------------------------------------------------------------------------
# The report


def test_report_table_only_with_weights_or_groups() -> None:
    from socinvest.analysis.case import build_case
    from socinvest.reports.html_report import render_html

    with_weights = render_html(build_case(parse_scenario(welfare_scenario()), draws=20), "sv")
    assert "<h3>Kostnadseffektivitet</h3>" in with_weights
    assert "Vunna QALY" in with_weights and "välfärd" in with_weights
    plain = two_state().replace(f"  quality_weights: {{healthy: 1, sick: {W_SICK}}}\n", "")
    without = render_html(build_case(parse_scenario(plain), draws=20), "sv")
    assert "Kostnadseffektivitet" not in without


# --------------------------------------------------------------------------------------------
# The JSON through the real entry point


def test_json_keys_through_the_cli(tmp_path: Path) -> None:
    path = tmp_path / "welfare.yaml"
    path.write_text(welfare_scenario(), encoding="utf-8")
    result = run_cli("run", path, "--format", "json", "--draws", "2")
    assert result.returncode == 0, result.stderr
    block = json.loads(result.stdout)["cost_effectiveness"]
    assert block["quality_weights"] == {"healthy": 1.0, "sick": W_SICK}
    assert block["value_per_qaly"] == VALUE and block["value_per_qaly_assumption"] is True
    assert block["effects"] == ["qalys"] and block["draws"] == 2
    alt = block["deterministic"]["alternatives"][1]
    assert set(alt) == {
        "id",
        "comparison",
        "qalys",
        "qalys_gained",
        "person_years_avoided",
        "net_cost",
        "cost_per_qaly",
        "cost_per_person_year_avoided",
        "welfare",
        "welfare_p_positive",
    }
    assert set(alt["cost_per_qaly"]) == {"public_finances", "socio_economic"}
    frontier = block["deterministic"]["frontiers"]["socio_economic"]["qalys"]
    assert {e["id"] for e in frontier} == {"as_today", "same"}
    assert set(frontier[0]) == {
        "id",
        "cost",
        "effect",
        "status",
        "icer",
        "reference",
        "dominated_by",
    }
    assert block["mean_over_draws"]["alternatives"][1]["welfare_p_positive"] in (0.0, 1.0)
    # The terminal shows the table and the welfare figure.
    table = run_cli("run", path, "--lang", "en")
    assert table.returncode == 0, table.stderr
    assert "Cost-effectiveness" in table.stdout and "welfare" in table.stdout
