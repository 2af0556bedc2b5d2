"""What a probabilistic analysis varied and held fixed
(socinvest.analysis.uncertainty_inventory), the standard deviation and 95% interval of its
summaries, and how both are shown (terminal, JSON, report text)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from clitools import run_cli
from socinvest.analysis.psa import run_psa
from socinvest.analysis.uncertainty_inventory import (
    EffectTiming,
    UncertaintyInventory,
    group_of_path,
)
from socinvest.reports.uncertainty_text import inventory_table, varied_sentence
from socinvest.scenario.load import parse_scenario
from socinvest.scenario.model import Scenario

# Counted by hand below: every parameter's use and distribution is chosen to land in one
# place of the inventory.
SCENARIO = """\
socinvest: 1
id: inventory_test
title: Inventory test
model:
  states:
    - {id: well}
    - {id: ill}
    - {id: stuck}
    - {id: dead, absorbing: true}
  transitions:
    - ages: 0-9
      probabilities:
        well: {well: rest, ill: 0.1, dead: 0.01}
        ill: {ill: rest, well: 0.2, stuck: 0.05, dead: 0.03}
        stuck: {stuck: 1}
      uncertainty: {concentration: 50}
    - ages: 10-120
      probabilities:
        well: {well: rest, ill: 0.05, dead: 0.01}
        ill: {ill: rest, well: 0.1, dead: 0.03}
        stuck: {stuck: rest, dead: 0.02}
  costs:
    - {state: ill, payer: kommun.socialtjanst, annual: {param: t.cost_ill}}
    - {state: ill, payer: region, annual: {param: t.cost_fixed}}
    - {state: stuck, payer: kommun.socialtjanst, on_entry: {param: t.programme}}
  earnings:
    - {state: well, ages: 18-64, annual: {param: t.wage}}
  production_split: {individ: {param: t.share}, kommun: 0.3}
target_group:
  start_age: 5
  level: selective
  initial_states: {well: 0.5, ill: 0.5}
  size: 100
interventions:
  - id: treat
    eligible_states: [ill]
    costs:
      - {payer: kommun.socialtjanst, per_participant: {param: t.programme}}
    effects:
      - {from: ill, to: well, relative_risk: {param: t.rr}, years: 0-2}
      - {from: ill, to: dead, odds_ratio: 0.7, ages: 5-9, decay: {type: linear, years: 3}}
alternatives:
  - {id: as_today, comparison: true}
  - {id: treat, interventions: [treat]}
analysis:
  start_year: 2026
  price_year: 2024
  horizon: {years: 30}
  discount_rate: 0.02
  outcome_discount_rate: 0.01
  seed: 11
parameters:
  t.cost_ill:
    label: {sv: Kostnad, en: Cost}
    unit: SEK/year
    values: [{date: 2024-01-01, value: 100000, price_year: 2024}]
    status: illustrative
    sources: [{title: Test}]
    last_reviewed: 2026-01-01
    uncertainty: {distribution: normal, sd: 20000}
  t.cost_fixed:
    label: {sv: Fast, en: Fixed}
    unit: SEK/year
    values: [{date: 2024-01-01, value: 20000, price_year: 2024}]
    status: illustrative
    sources: [{title: Test}]
    last_reviewed: 2026-01-01
    uncertainty: {distribution: fixed}
  t.programme:
    label: {sv: Program, en: Programme}
    unit: SEK
    values: [{date: 2024-01-01, value: 30000, price_year: 2024}]
    status: illustrative
    sources: [{title: Test}]
    last_reviewed: 2026-01-01
    uncertainty: {distribution: normal, sd: 3000}
  t.wage:
    label: {sv: Lön, en: Wage}
    unit: SEK/year
    values: [{date: 2024-01-01, value: 400000, price_year: 2024}]
    status: illustrative
    sources: [{title: Test}]
    last_reviewed: 2026-01-01
    uncertainty: {distribution: normal, sd: 40000}
  t.share:
    label: {sv: Andel, en: Share}
    unit: fraction
    values: [{date: 2024-01-01, value: 0.7}]
    status: illustrative
    sources: [{title: Test}]
    last_reviewed: 2026-01-01
    uncertainty: {distribution: uniform, low: 0.6, high: 0.8}
  t.rr:
    label: {sv: RR, en: RR}
    unit: ratio
    values: [{date: 2024-01-01, value: 1.8}]
    status: illustrative
    sources: [{title: Test}]
    last_reviewed: 2026-01-01
    uncertainty: {distribution: lognormal, sd_log: 0.2}
  t.unused:
    label: {sv: Oanvänd, en: Unused}
    unit: SEK
    values: [{date: 2024-01-01, value: 1000, price_year: 2024}]
    status: illustrative
    sources: [{title: Test}]
    last_reviewed: 2026-01-01
    uncertainty: {distribution: normal, sd: 100}
"""

DRAWS = 600


@pytest.fixture(scope="module")
def scenario() -> Scenario:
    return parse_scenario(SCENARIO, "inventory-test.yaml")


def test_groups_of_paths() -> None:
    """A parameter's group follows its path, whatever its id (inline ones too)."""
    assert group_of_path(("interventions", 3, "effects", 0, "relative_risk")) == "effects"
    assert group_of_path(("interventions", 0, "effects", 1, "adjustments", 0, "factor")) == (
        "effects"
    )
    assert group_of_path(("model", "costs", 4, "on_entry")) == "unit_costs"
    assert group_of_path(("interventions", 1, "costs", 0, "fixed_per_year")) == "unit_costs"
    assert group_of_path(("model", "earnings", 0, "annual")) == "production"
    assert group_of_path(("model", "production_split", "kommun")) == "other"
    assert group_of_path(("analysis", "discount_rate")) == "other"


def test_counts_of_a_constructed_scenario(scenario: Scenario) -> None:
    """Counted by hand: t.rr is an effect; t.cost_ill (a state cost) and t.programme (a
    state's on-entry cost and an intervention cost, counted once) are unit costs; t.wage is
    production. Transition rows: block 0 declares uncertainty; of its rows, dead is absorbing
    and stuck cannot be left, so well and ill are drawn (2 rows); block 1 is held fixed.
    Held fixed: t.cost_fixed (a fixed distribution) and t.share (uncertain, but a share of
    production_split, which is not drawn); t.unused is not used at all."""
    psa = run_psa(scenario, draws=DRAWS)
    inv = psa.inventory
    assert inv is not None
    assert inv.effects == ("t.rr",)
    assert inv.unit_costs == ("t.cost_ill", "t.programme")
    assert inv.production == ("t.wage",)
    assert inv.other == ()
    assert inv.transition_rows == 2
    assert inv.transition_blocks == (0,)
    assert inv.varied == {
        "effects": 1,
        "transitions": 2,
        "unit_costs": 2,
        "production": 1,
        "other": 0,
    }
    # Every drawn parameter is in exactly one group.
    grouped = [*inv.effects, *inv.unit_costs, *inv.production, *inv.other]
    assert sorted(grouped) == sorted(psa.drawn_parameters)
    assert inv.fixed_parameters == ("t.cost_fixed", "t.share")
    assert (inv.discount_rate, inv.outcome_discount_rate) == (0.02, 0.01)
    assert inv.production_split == {"individ": 0.7, "kommun": 0.3}
    assert inv.effect_timing == (
        EffectTiming("treat", 0, None, "0-2", "none", None),
        EffectTiming("treat", 1, "5-9", None, "linear", 3.0),
    )
    assert inv.states == ("well", "ill", "stuck", "dead")
    # RR 1.8 raises ill -> well: the children reach well; OR 0.7 lowers ill -> dead: they
    # stay in ill.
    assert inv.effect_target_states == ("well", "ill")
    assert inv.fixed_transition_blocks == (1,)


def test_rows_held_fixed_are_not_counted(scenario: Scenario) -> None:
    psa = run_psa(scenario, draws=10, transition_rows=False)
    inv = psa.inventory
    assert inv is not None
    assert (inv.transition_rows, inv.transition_blocks) == (0, ())
    assert inv.fixed_transition_blocks == (0, 1)


def test_sd_and_percentiles_against_numpy(scenario: Scenario) -> None:
    """Each summary against numpy on the stored NPV of the draws; and ordered."""
    psa = run_psa(scenario, draws=DRAWS)
    alt = psa.alternatives[0]
    for stored, summaries in ((alt.npv, alt.horizon), (alt.npv_term, alt.term_of_office)):
        for q, scope in enumerate(psa.scopes):
            npv = stored[:, q]
            s = summaries[scope]
            assert s.sd == pytest.approx(np.std(npv, ddof=1), rel=1e-12, abs=1e-9)
            assert s.p2_5 == pytest.approx(np.percentile(npv, 2.5), rel=1e-12, abs=1e-9)
            assert s.p97_5 == pytest.approx(np.percentile(npv, 97.5), rel=1e-12, abs=1e-9)
            assert s.p2_5 <= s.p5 <= s.median <= s.p95 <= s.p97_5
    total = alt.horizon["socio_economic"]
    assert total.sd > 0.0  # something is drawn, so the NPV varies


def test_a_single_draw_has_no_spread(scenario: Scenario) -> None:
    s = run_psa(scenario, draws=1).alternatives[0].horizon["socio_economic"]
    assert s.sd == 0.0
    assert s.p2_5 == s.p5 == s.median == s.p95 == s.p97_5 == s.mean


def test_sentence_in_both_languages(scenario: Scenario) -> None:
    inv = run_psa(scenario, draws=10).inventory
    assert inv is not None
    assert varied_sentence(inv, 2000, "en") == (
        "The probability rests on 2,000 draws in which effects (1), transitions (2 rows), "
        "unit costs (2) and production value (1) were varied; the discount rates, parameters "
        "at their value (2), the split of the value of work, the effects' windows and decay, "
        "transitions without declared uncertainty (1 block) and the model's structure were "
        "held fixed."
    )
    assert varied_sentence(inv, 2000, "sv").replace("\xa0", " ") == (
        "Sannolikheten bygger på 2 000 dragningar där effekter (1), övergångar (2 rader), "
        "enhetskostnader (2) och produktionsvärde (1) varierades; diskonteringsräntorna, "
        "parametrar med fast värde (2), fördelningen av produktionsvärdet, effekternas "
        "tidsfönster och avtagande, övergångar utan angiven osäkerhet (1 block) och "
        "modellens struktur hölls fasta."
    )


def test_sentence_when_nothing_is_drawn() -> None:
    inv = UncertaintyInventory(states=("a", "b"))
    assert varied_sentence(inv, 5, "en") == (
        "The probability rests on 5 draws, but nothing uncertain was varied; the discount "
        "rates and the model's structure were held fixed."
    )


def test_table_lists_ids_per_group(scenario: Scenario) -> None:
    inv = run_psa(scenario, draws=10).inventory
    assert inv is not None
    table = inventory_table(inv, scenario, "en")
    varied = {row["name"]: row for row in table["varied"]}
    assert varied["Unit costs"]["ids"] == "t.cost_ill, t.programme"
    assert varied["Effects"]["count"] == "1"
    assert varied["Transitions"]["count"] == "2 rows"
    assert varied["Transitions"]["ids"] == "rows of the blocks for ages 0-9"
    fixed = {row["name"]: row for row in table["fixed"]}
    assert fixed["Parameters at their value"]["ids"] == "t.cost_fixed, t.share"
    assert fixed["Transitions without declared uncertainty"]["ids"] == "ages 10-120"
    assert fixed["Discount rates"]["ids"] == "2.0% for money, 1.0% for outcomes"
    assert "(well and ill)" in fixed["After an effect"]["ids"]


def test_cli_json_and_table_say_what_was_varied(tmp_path: Path) -> None:
    """Through the real entry point: the JSON's psa block has the inventory and the new
    summaries; the terminal shows the sentence beside the probability."""
    path = tmp_path / "inventory.yaml"
    path.write_text(SCENARIO, encoding="utf-8")
    result = run_cli("run", path, "--draws", "300", "--format", "json")
    assert result.returncode == 0, result.describe()
    data = result.json()
    block = next(a for a in data["alternatives"] if a["id"] == "treat")["psa"]
    assert set(block["npv"]["total"]) == {
        "mean",
        "median",
        "p5",
        "p95",
        "p_positive",
        "sd",
        "p2_5",
        "p97_5",
    }
    varied = block["varied"]
    assert {g: v["count"] for g, v in varied.items()} == {
        "effects": 1,
        "transitions": 2,
        "unit_costs": 2,
        "production": 1,
        "other": 0,
    }
    assert varied["effects"]["ids"] == ["t.rr"]
    assert varied["transitions"] == {"count": 2, "rows": 2, "blocks": [0]}
    fixed = block["held_fixed"]
    assert fixed["parameters"] == {"count": 2, "ids": ["t.cost_fixed", "t.share"]}
    assert fixed["discount_rates"] == {"discount_rate": 0.02, "outcome_discount_rate": 0.01}
    assert fixed["production_split"] == {"individ": 0.7, "kommun": 0.3}
    assert [e["effect"] for e in fixed["effect_timing"]] == [0, 1]
    assert fixed["structural"] == {
        "states": ["well", "ill", "stuck", "dead"],
        "effect_target_states": ["well", "ill"],
        "fixed_transition_blocks": [1],
    }

    table = run_cli("run", path, "--draws", "300", "--lang", "en")
    assert table.returncode == 0, table.describe()
    text = " ".join(table.stdout.split())
    assert "The probability rests on 300 draws in which effects (1), transitions (2 rows)" in text
    assert "SD" in text and "95% interval" in text
