"""Effects entered as the studies report them, with their uncertainty, adjusted and decaying
(issue 9): conversions against their closed forms, drawn in the probabilistic analysis,
adjustments and decay in the compiled transitions, inline uncertainty anywhere."""

from __future__ import annotations

import itertools
import json
import math
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clitools import run_cli
from socinvest.analysis.psa import run_psa
from socinvest.analysis.results import analyse
from socinvest.core.effect_sizes import (
    CHINN,
    Z95,
    log_ratio_from_interval,
    risk_difference_to_log_odds_ratio,
    se_from_interval,
    smd_to_log_odds_ratio,
)
from socinvest.params.errors import InputError
from socinvest.scenario.compile import compile_scenario, effect_weights
from socinvest.scenario.inline import inline_id
from socinvest.scenario.load import parse_scenario
from socinvest.scenario.model import Effect, Scenario
from socinvest.scenario.references import library_for, resolve_scenario

SCENARIO = """
socinvest: 1
id: evidence_test
title: Evidence test
model:
  states:
    - {{id: well}}
    - {{id: ill}}
    - {{id: dead, absorbing: true}}
  transitions:
    - ages: 0-120
      probabilities:
        well: {{well: rest, ill: 0.1, dead: 0.01}}
        ill: {{ill: rest, well: 0.2, dead: 0.03}}
  costs:
    - state: ill
      payer: kommun.socialtjanst
      annual: 100000
target_group:
  start_age: 10
  level: selective
  initial_states: {{well: 0.5, ill: 0.5}}
  size: 100
interventions:
  - id: treat
    eligible_states: [ill]
    costs:
      - payer: kommun.socialtjanst
        per_participant: {programme}
    effects:
      - from: ill
        to: well
{effect}
        years: 0-2
{decay}
alternatives:
  - {{id: as_today, comparison: true}}
  - {{id: treat, interventions: [treat]}}
analysis:
  start_year: 2026
  price_year: 2024
  horizon: {{years: 20}}
  timing: mid
  seed: 7
"""

STUDY_ID = inline_id(("interventions", 0, "effects", 0, "study"))


def scenario(
    effect: str = "relative_risk: 1.8",
    *,
    programme: str = "30000",
    decay: str = "",
    adjustments: str = "",
) -> Scenario:
    body = "        " + effect
    if adjustments:
        body += "\n        adjustments:\n" + adjustments
    text = SCENARIO.format(effect=body, programme=programme, decay=decay)
    return parse_scenario(text, "evidence-test.yaml")


# --------------------------------------------------------------------------------------------
# Conversions (core.effect_sizes) against their closed forms


def test_chinn_conversion_of_a_standardised_mean_difference() -> None:
    """ln OR = d pi / sqrt(3) (Chinn 2000): d = 0.44 gives 0.798, OR 2.22 (the parenting
    example's hand computation); the standard error scales by the same factor."""
    effect = smd_to_log_odds_ratio(0.44, 0.1)
    assert pytest.approx(1.8138, abs=1e-4) == CHINN
    assert effect.mean == pytest.approx(0.44 * math.pi / math.sqrt(3))
    assert effect.ratio == pytest.approx(2.22, abs=0.005)
    assert effect.se == pytest.approx(0.18138, abs=1e-5)
    assert effect.reversed().mean == -effect.mean
    assert effect.reversed().se == effect.se


def test_standard_errors_from_intervals() -> None:
    assert se_from_interval(-0.77, -0.11) == pytest.approx(0.66 / (2 * 1.959964), rel=1e-6)
    ratio = log_ratio_from_interval(2.22, 1.22, 4.04)
    assert ratio.mean == pytest.approx(math.log(2.22))
    assert ratio.se == pytest.approx((math.log(4.04) - math.log(1.22)) / (2 * Z95))
    low, high = ratio.interval()
    assert math.log(low) == pytest.approx(ratio.mean - Z95 * ratio.se)
    assert math.log(high) == pytest.approx(ratio.mean + Z95 * ratio.se)


def test_risk_difference_at_a_baseline_risk() -> None:
    """RD 0.1 at a comparison risk of 0.2: OR = (0.3/0.7) / (0.2/0.8) = 1.7143."""
    effect = risk_difference_to_log_odds_ratio(0.1, 0.2, 0.05, 0.15)
    assert effect.ratio == pytest.approx((0.3 / 0.7) / (0.2 / 0.8))
    lo = math.log((0.25 / 0.75) / 0.25)
    hi = math.log((0.35 / 0.65) / 0.25)
    assert effect.se == pytest.approx((hi - lo) / (2 * Z95))
    with pytest.raises(ValueError, match="outside"):
        risk_difference_to_log_odds_ratio(0.9, 0.2)


# --------------------------------------------------------------------------------------------
# Drawn in the probabilistic analysis


def test_drawn_d_gives_chinns_log_odds_ratio_within_monte_carlo_error() -> None:
    """A study's d with its interval, drawn: the log odds ratio has the mean and sd of
    Chinn's formula, within Monte Carlo error."""
    model = scenario(
        "study: {measure: smd, value: -0.44, ci95: [-0.77, -0.11], reverse: true, studies: 13}"
    )
    draws = 4000
    psa = run_psa(model, None, draws)
    assert STUDY_ID in psa.drawn_parameters
    log_or = np.log(psa.parameter_draws[STUDY_ID])
    mean = 0.44 * CHINN
    sd = (0.66 / (2 * Z95)) * CHINN
    assert abs(float(np.mean(log_or)) - mean) <= 4 * sd / math.sqrt(draws)
    # The sample sd of n normal draws has a standard error of about sd / sqrt(2 (n - 1)).
    assert abs(float(np.std(log_or, ddof=1)) - sd) <= 4 * sd / math.sqrt(2 * (draws - 1))
    # The deterministic run uses the point estimate.
    compiled = compile_scenario(resolve_scenario(model, library_for(model)).scenario)
    (effect,) = compiled.alternatives[1].effects
    assert effect.log_effect[0] == pytest.approx(mean)
    assert effect.kind == "odds_ratio"


def test_a_relative_risk_study_stays_a_relative_risk() -> None:
    model = scenario("study: {measure: relative_risk, value: 1.5, ci95: [1.1, 2.0]}")
    compiled = compile_scenario(resolve_scenario(model, library_for(model)).scenario)
    (effect,) = compiled.alternatives[1].effects
    assert effect.kind == "relative_risk"
    assert effect.log_effect[0] == pytest.approx(math.log(1.5))


def test_every_draw_of_effect_and_adjustment_matches_a_deterministic_run() -> None:
    """The drawn ratio and the drawn adjustment enter each draw as if written as numbers."""
    adjustments = (
        "          - id: comparison\n"
        "            factor: {value: 0.7, low: 0.4, high: 1.0, distribution: triangular}\n"
        "          - id: design\n"
        "            factor: 0.9\n"
    )
    model = scenario(
        "relative_risk: {value: 1.8, ci95: [1.2, 2.7], distribution: lognormal}",
        adjustments=adjustments,
    )
    psa = run_psa(model, None, 4)
    rr_id = inline_id(("interventions", 0, "effects", 0, "relative_risk"))
    adj_id = inline_id(("interventions", 0, "effects", 0, "adjustments", 0, "factor"))
    assert set(psa.drawn_parameters) == {rr_id, adj_id}
    alt = psa.for_alternative("treat")
    q = psa.scopes.index("socio_economic")
    for d in range(4):
        rr = float(psa.parameter_draws[rr_id][d])
        factor = float(psa.parameter_draws[adj_id][d])
        fixed = scenario(
            f"relative_risk: {rr!r}",
            adjustments=(
                f"          - id: comparison\n            factor: {factor!r}\n"
                "          - id: design\n            factor: 0.9\n"
            ),
        )
        det = analyse(fixed).comparison_for("treat")
        assert alt.npv[d, q] == pytest.approx(det.horizon["socio_economic"].npv, rel=1e-9)


def test_inline_uncertain_cost_is_drawn() -> None:
    model = scenario(programme="{value: 30000, sd: 5000, distribution: normal}")
    psa = run_psa(model, None, 2000)
    pid = inline_id(("interventions", 0, "costs", 0, "per_participant"))
    assert psa.drawn_parameters == (pid,)
    values = psa.parameter_draws[pid]
    assert abs(float(np.mean(values)) - 30000) <= 4 * 5000 / math.sqrt(2000)
    resolved = resolve_scenario(model, library_for(model))
    assert resolved.parameters[pid].status == "not_verified"
    assert resolved.parameters[pid].uncertainty.sd == pytest.approx(5000)


# --------------------------------------------------------------------------------------------
# Adjustments and decay in the compiled transitions


def test_an_adjustment_of_one_changes_nothing() -> None:
    plain = analyse(scenario()).comparison_for("treat")
    adjusted = analyse(
        scenario(adjustments="          - id: design\n            factor: 1.0\n")
    ).comparison_for("treat")
    for scope, metrics in plain.horizon.items():
        assert adjusted.horizon[scope].npv == metrics.npv


def test_adjustments_multiply_the_log_of_the_effect() -> None:
    model = scenario(
        adjustments=(
            "          - id: design\n            factor: 0.5\n"
            "          - id: comparison\n            factor: 0.8\n"
        )
    )
    compiled = compile_scenario(resolve_scenario(model, library_for(model)).scenario)
    (effect,) = compiled.alternatives[1].effects
    assert effect.log_effect[0] == pytest.approx(math.log(1.8) * 0.5 * 0.8)


@pytest.mark.parametrize(
    ("decay", "expected"),
    [
        ("{type: yearly, rate: 0.2}", lambda u: 0.8**u),
        ("{type: follow_up_ratio, ratio: 0.5, years: 4}", lambda u: 0.5 ** (u / 4)),
        ("{type: exponential, years: 2}", lambda u: 0.5 ** (u / 2)),
        ("{type: linear, years: 4}", lambda u: max(0.0, 1 - u / 4)),
    ],
)
def test_decay_gives_the_declared_effect_in_each_year(decay: str, expected: object) -> None:
    """Full effect in programme years 0-2, then the declared share of its log each year."""
    model = scenario(decay=f"        decay: {decay}")
    effect: Effect = model.interventions[0].effects[0]
    weights = effect_weights(effect, 10, 20)
    assert list(weights[:3]) == [1.0, 1.0, 1.0]
    for t in range(3, 20):
        assert weights[t] == pytest.approx(expected(t - 2))  # type: ignore[operator]
    # The effect in year t is exp(weight x ln RR).
    compiled = compile_scenario(resolve_scenario(model, library_for(model)).scenario)
    (compiled_effect,) = compiled.alternatives[1].effects
    yearly = np.exp(compiled_effect.log_effect[0] * compiled_effect.weights)
    assert yearly[5] == pytest.approx(1.8 ** expected(3))  # type: ignore[operator]


# --------------------------------------------------------------------------------------------
# The probability of a gain and the width of the interval


def _p_gain(sd_log: float, median: float) -> float:
    model = scenario(
        f"relative_risk: {{value: {median}, sd_log: {sd_log}, distribution: lognormal}}",
        programme="60000",
    )
    psa = run_psa(model, None, 400)
    return psa.for_alternative("treat").horizon["kommun"].p_positive


@settings(max_examples=6, deadline=None)
@given(
    median=st.sampled_from([1.2, 1.5, 2.5]),
    widths=st.lists(st.floats(0.05, 1.5), min_size=2, max_size=3, unique=True),
)
def test_wider_intervals_move_the_probability_toward_one_half(
    median: float, widths: list[float]
) -> None:
    """With common random numbers, widening the effect's interval never moves the probability
    of a gain past the deterministic side, and moves it monotonely toward 0.5."""
    deterministic = analyse(scenario(f"relative_risk: {median}", programme="60000"))
    gain = deterministic.comparison_for("treat").horizon["kommun"].npv > 0
    probabilities = [_p_gain(w, median) for w in sorted(widths)]
    for p in probabilities:
        assert (p >= 0.5) if gain else (p <= 0.5)
    for narrow, wide in itertools.pairwise(probabilities):
        assert abs(wide - 0.5) <= abs(narrow - 0.5)


# --------------------------------------------------------------------------------------------
# Bad input


@pytest.mark.parametrize(
    ("effect", "message"),
    [
        ("study: {measure: smd, value: 0.9, ci95: [0.1, 0.5]}", "inside its 95% interval"),
        ("study: {measure: risk_difference, value: 0.1}", "baseline_risk"),
        ("study: {measure: odds_ratio, value: -2}", "must be positive"),
        (
            "study: {measure: smd, value: 0.3, se: 0.1, ci95: [0.1, 0.5]}",
            "'ci95' or 'se', not both",
        ),
        (
            "study: {measure: risk_difference, value: 0.5, baseline_risk: 0.6, se: 0.01}",
            "outside (0, 1)",
        ),
        ("study: {measure: smd, value: 0.3, used: 2.0}", "filled in by socinvest"),
        ("relative_risk: {value: 1.8, distribution: lognormal}", "needs sd_log or ci95"),
        ("relative_risk: 1.5\n        odds_ratio: 2.0", "exactly one of"),
    ],
)
def test_bad_effects_are_refused_naming_the_field(effect: str, message: str) -> None:
    with pytest.raises(InputError) as info:
        scenario(effect)
    text = str(info.value)
    assert message in text
    assert "evidence-test.yaml" in text
    assert "interventions[0].effects[0]" in text


def test_an_inverse_effect_applies_one_over_the_ratio() -> None:
    """``inverse: true`` applies 1 / ratio: the same as writing the inverse, and in the
    probabilistic analysis the draws of one shared parameter enter both ways."""
    inverse = scenario("relative_risk: 1.8\n        inverse: true")
    written = scenario(f"relative_risk: {1 / 1.8!r}")
    a = analyse(inverse).comparison_for("treat").horizon["socio_economic"].npv
    b = analyse(written).comparison_for("treat").horizon["socio_economic"].npv
    assert a == pytest.approx(b, rel=1e-12)
    drawn = scenario(
        "relative_risk: {value: 1.8, ci95: [1.2, 2.7], distribution: lognormal}\n"
        "        inverse: true"
    )
    psa = run_psa(drawn, None, 3)
    rr_id = inline_id(("interventions", 0, "effects", 0, "relative_risk"))
    q = psa.scopes.index("socio_economic")
    for d in range(3):
        rr = float(psa.parameter_draws[rr_id][d])
        det = analyse(scenario(f"relative_risk: {1 / rr!r}")).comparison_for("treat")
        value = psa.for_alternative("treat").npv[d, q]
        assert value == pytest.approx(det.horizon["socio_economic"].npv, rel=1e-9)


def test_results_json_shows_each_effect_from_study_to_figure_used(tmp_path: Path) -> None:
    """Through the real entry point: the study figure, its converted ratio with the interval
    of Chinn's formula, the adjustments and the figure used."""
    text = SCENARIO.format(
        effect=(
            "        study: {measure: smd, value: 0.44, ci95: [0.11, 0.77], studies: 13}\n"
            "        adjustments:\n"
            "          - id: comparison\n"
            "            factor: {value: 0.75, low: 0.5, high: 1.0, distribution: triangular}"
        ),
        programme="30000",
        decay="",
    )
    path = tmp_path / "evidence.yaml"
    path.write_text(text, encoding="utf-8")
    result = run_cli("run", path, "--format", "json")
    assert result.returncode == 0, result.stderr
    (effect,) = json.loads(result.stdout)["effects"]
    se = 0.66 / (2 * Z95) * CHINN
    assert effect["study"]["measure"] == "smd"
    assert effect["ratio"] == pytest.approx(math.exp(0.44 * CHINN))
    low, high = effect["ratio_interval95"]
    assert math.log(low) == pytest.approx(0.44 * CHINN - Z95 * se)
    assert math.log(high) == pytest.approx(0.44 * CHINN + Z95 * se)
    assert effect["adjustments"][0]["factor"] == 0.75
    assert effect["used"] == pytest.approx(math.exp(0.44 * CHINN * 0.75))
    assert effect["drawn"] is True
    assert effect["ratio_parameter"] == STUDY_ID


def test_value_of_information_groups_what_was_drawn_by_default() -> None:
    """Without --group the EVPPI is also given for the groups of what was drawn, and a
    group is worth at least as much as any of its members."""
    from socinvest.analysis.value_of_information import value_of_information

    model = scenario(
        "relative_risk: {value: 1.3, ci95: [0.8, 2.1], distribution: lognormal}",
        programme="{value: 60000, sd: 10000, distribution: normal}",
        adjustments=(
            "          - id: design\n"
            "            factor: {value: 0.8, low: 0.6, high: 1.0, distribution: triangular}\n"
        ),
    )
    voi = value_of_information(model, draws=1000, scope="kommun")
    by_name = {e.name: e for e in voi.entries}
    effects = by_name["effects"]
    assert effects.kind == "group"
    assert set(effects.members) == {
        inline_id(("interventions", 0, "effects", 0, "relative_risk")),
        inline_id(("interventions", 0, "effects", 0, "adjustments", 0, "factor")),
    }
    assert by_name["unit_costs"].members == (
        inline_id(("interventions", 0, "costs", 0, "per_participant")),
    )
    for group in ("effects", "unit_costs"):
        members = by_name[group].members
        assert by_name[group].per_person >= max(by_name[m].per_person for m in members)
    assert voi.evpi_per_person > 0
    assert effects.per_person > by_name["unit_costs"].per_person
    explicit = value_of_information(model, draws=1000, scope="kommun", groups={})
    assert all(e.kind == "parameter" for e in explicit.entries)


@pytest.mark.parametrize("workers", [1, 2, 3])
def test_bit_identical_whatever_the_number_of_block_threads(
    workers: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Effects, adjustments, amounts and transition rows all drawn: the results are the same,
    bit for bit, whether one, two or three threads evaluate the blocks."""
    import socinvest.analysis.psa as psa_module

    model = scenario(
        "study: {measure: smd, value: 0.44, ci95: [0.11, 0.77]}",
        programme="{value: 30000, sd: 5000, distribution: gamma}",
        adjustments=(
            "          - id: design\n"
            "            factor: {value: 0.8, low: 0.6, high: 1.0, distribution: triangular}\n"
        ),
    )
    model = Scenario.model_validate(
        {
            **model.model_dump(by_alias=True, exclude_unset=True),
            "model": {
                **model.model_dump(by_alias=True, exclude_unset=True)["model"],
                "transitions": [
                    {**block, "uncertainty": {"concentration": 200.0}}
                    for block in model.model_dump(by_alias=True, exclude_unset=True)["model"][
                        "transitions"
                    ]
                ],
            },
        }
    )

    def fingerprint() -> list[bytes]:
        psa = run_psa(model, None, 1700, chunk_draws=500)
        assert psa.uncertain_transition_blocks == (0,)
        out = []
        for alt in psa.alternatives:
            out += [alt.npv.tobytes(), alt.npv_term.tobytes(), alt.person_years_diff.tobytes()]
            out += [repr(sorted(alt.payback.items())).encode()]
        return out

    monkeypatch.setattr(psa_module, "BLOCK_WORKERS", 1)
    single = fingerprint()
    monkeypatch.setattr(psa_module, "BLOCK_WORKERS", workers)
    assert fingerprint() == single
