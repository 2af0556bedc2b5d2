"""Comparing alternatives: ranking, probability best and the CEAC on constructed cases."""

from __future__ import annotations

import json
from itertools import pairwise
from pathlib import Path

import numpy as np
import pytest

from clitools import run_cli
from socinvest.analysis.compare import compare_alternatives
from socinvest.analysis.psa import run_psa
from socinvest.scenario.load import parse_scenario

HAND = Path(__file__).resolve().parent / "data" / "hand-pathway-scenario.yaml"
PAYER = "kommun.socialtjanst"

# A second intervention: the same as 'help' plus a fixed cost (not drawn) every year.
DEARER = """  - id: dearer
    eligible_states: [pathway]
    costs:
      - {payer: kommun.socialtjanst, per_participant: {param: lokal.insats_per_deltagare}}
      - {payer: kommun.socialtjanst, fixed_per_year: 1000, years: 0}
    effects:
      - {from: pathway, to: good, relative_risk: 2.0, years: 0}
alternatives:
"""
# Two interventions alike but for their (independent, identically distributed) cheap costs.
TWINS = """  - id: twin_a
    eligible_states: [pathway]
    costs:
      - {payer: kommun.socialtjanst, per_participant: {param: lokal.a}}
    effects:
      - {from: pathway, to: good, relative_risk: 2.0, years: 0}
  - id: twin_b
    eligible_states: [pathway]
    costs:
      - {payer: kommun.socialtjanst, per_participant: {param: lokal.b}}
    effects:
      - {from: pathway, to: good, relative_risk: 2.0, years: 0}
alternatives:
"""
TWIN_PARAMS = "".join(
    f"""  lokal.{x}:
    label: {{sv: Tvilling {x}, en: Twin {x}}}
    unit: SEK
    values: [{{date: 2024-01-01, value: 10000}}]
    status: illustrative
    sources: [{{title: Hand case}}]
    last_reviewed: 2026-01-01
    uncertainty: {{distribution: uniform, low: 0, high: 20000}}
"""
    for x in ("a", "b")
)
# A stronger, dearer intervention: more person-years out of the pathway, lower NPV at value 0.
STRONG = """  - id: strong
    eligible_states: [pathway]
    costs:
      - {payer: kommun.socialtjanst, per_participant: {param: lokal.insats_per_deltagare}}
      - {payer: kommun.socialtjanst, fixed_per_year: 2000000, years: 0}
    effects:
      - {from: pathway, to: good, relative_risk: 4.0, years: 0}
alternatives:
"""

# The same intervention with its relative risk drawn (lognormal around 2.0).
DRAWN = """  - id: drawn
    eligible_states: [pathway]
    costs:
      - {payer: kommun.socialtjanst, per_participant: {param: lokal.insats_per_deltagare}}
    effects:
      - {from: pathway, to: good, relative_risk: {param: lokal.rr}, years: 0}
alternatives:
"""
RR_PARAM = """  lokal.rr:
    label: {sv: Relativ risk, en: Relative risk}
    unit: ratio
    values: [{date: 2024-01-01, value: 2.0}]
    status: illustrative
    sources: [{title: Hand case}]
    last_reviewed: 2026-01-01
    uncertainty: {distribution: lognormal, sd_log: 0.3}
"""


def _scenario(interventions: str, alternatives: str, params: str = ""):  # type: ignore[no-untyped-def]
    text = HAND.read_text(encoding="utf-8")
    text = text.replace("alternatives:\n", interventions, 1)
    text = text.replace("  - {id: helped, interventions: [help]}\n", alternatives)
    text = text.replace("parameters:\n", "parameters:\n" + params)
    return parse_scenario(text, str(HAND))


def test_constant_difference_probability_best_is_one_or_zero() -> None:
    model = _scenario(
        DEARER,
        "  - {id: helped, interventions: [help]}\n  - {id: dearer, interventions: [dearer]}\n",
    )
    result = compare_alternatives(model, scope=PAYER, draws=1000, seed=3, outcome="pathway")
    by_id = {a.alternative: a for a in result.alternatives}
    psa = run_psa(model, None, 1000, 3)
    q = psa.scopes.index(PAYER)
    helped = psa.for_alternative("helped").npv[:, q]
    dearer = psa.for_alternative("dearer").npv[:, q]
    np.testing.assert_allclose(helped - dearer, 1000.0, rtol=1e-9)
    assert by_id["dearer"].probability_best == 0.0
    # helped is best exactly when its NPV beats the comparison's 0.
    assert by_id["helped"].probability_best == pytest.approx(np.mean(helped > 0.0))
    assert by_id["as_today"].probability_best == pytest.approx(np.mean(helped <= 0.0))
    assert by_id["helped"].expected_npv == pytest.approx(helped.mean())
    assert by_id["as_today"].expected_npv == 0.0
    assert by_id["helped"].rank < by_id["dearer"].rank
    assert sum(a.probability_best for a in result.alternatives) == pytest.approx(1.0)


def test_deterministic_probability_best_is_one_for_the_best() -> None:
    model = _scenario(
        DEARER,
        "  - {id: helped, interventions: [help]}\n  - {id: dearer, interventions: [dearer]}\n",
    )
    result = compare_alternatives(model, scope=PAYER, draws=0, outcome="pathway")
    by_id = {a.alternative: a for a in result.alternatives}
    assert by_id["helped"].probability_best == 1.0
    assert by_id["dearer"].probability_best == 0.0
    assert by_id["as_today"].probability_best == 0.0
    assert by_id["helped"].expected_npv - by_id["dearer"].expected_npv == pytest.approx(1000.0)
    assert [a.alternative for a in result.ranking] == ["helped", "dearer", "as_today"]


def test_symmetric_alternatives_are_each_best_about_half_the_time() -> None:
    model = _scenario(
        TWINS,
        "  - {id: a, interventions: [twin_a]}\n  - {id: b, interventions: [twin_b]}\n",
        TWIN_PARAMS,
    )
    result = compare_alternatives(model, scope=PAYER, draws=4000, seed=7, outcome="pathway")
    by_id = {a.alternative: a for a in result.alternatives}
    assert by_id["as_today"].probability_best == 0.0
    assert by_id["a"].probability_best == pytest.approx(0.5, abs=0.04)
    assert by_id["a"].probability_best + by_id["b"].probability_best == pytest.approx(1.0)


def test_ceac_sums_to_one_and_moves_towards_more_person_years_avoided() -> None:
    model = _scenario(
        STRONG,
        "  - {id: helped, interventions: [help]}\n  - {id: strong, interventions: [strong]}\n",
    )
    result = compare_alternatives(
        model, scope=PAYER, draws=500, outcome="pathway", max_value=2_000_000, steps=11
    )
    by_id = {a.alternative: a for a in result.alternatives}
    assert by_id["strong"].person_years_avoided > by_id["helped"].person_years_avoided > 0
    assert by_id["as_today"].person_years_avoided == 0.0
    assert len(result.values) == 11 and result.values[0] == 0.0
    assert result.values[-1] == 2_000_000
    for shares in result.ceac:
        assert sum(shares) == pytest.approx(1.0)
    strong = [shares[2] for shares in result.ceac]
    assert strong[0] < 0.05
    assert strong[-1] > 0.95
    assert all(b >= a for a, b in pairwise(strong))


def test_ceac_uses_the_person_years_avoided_of_each_draw() -> None:
    """'helped' and 'drawn' differ only in that drawn's relative risk is drawn around helped's:
    at a very high value the CEAC picks, draw by draw, the one avoiding more person-years."""
    model = _scenario(
        DRAWN,
        "  - {id: helped, interventions: [help]}\n  - {id: drawn, interventions: [drawn]}\n",
        RR_PARAM,
    )
    draws, seed = 1000, 5
    result = compare_alternatives(
        model, scope=PAYER, draws=draws, seed=seed, outcome="pathway", max_value=1e12, steps=2
    )
    psa = run_psa(model, None, draws, seed)
    state = psa.states.index("pathway")
    helped = -psa.for_alternative("helped").person_years_diff[:, state]
    drawn = -psa.for_alternative("drawn").person_years_diff[:, state]
    assert np.std(drawn) > 0.0 and np.ptp(helped) == 0.0
    share = float(np.mean(drawn > helped))
    assert 0.2 < share < 0.8
    ids = [a.alternative for a in result.alternatives]
    assert result.ceac[-1][ids.index("drawn")] == pytest.approx(share)
    assert result.ceac[-1][ids.index("helped")] == pytest.approx(1.0 - share)
    assert result.ceac[-1][ids.index("as_today")] == 0.0
    by_id = {a.alternative: a for a in result.alternatives}
    assert by_id["drawn"].person_years_avoided == pytest.approx(helped[0], rel=1e-9)


def test_unknown_outcome_and_scope_are_refused() -> None:
    model = _scenario("alternatives:\n", "  - {id: helped, interventions: [help]}\n")
    with pytest.raises(ValueError, match="unknown outcome"):
        compare_alternatives(model, draws=0, outcome="nowhere")
    with pytest.raises(ValueError, match="unknown scope"):
        compare_alternatives(model, draws=0, scope="nowhere", outcome="pathway")


# --------------------------------------------------------------------------------------
# Through the real entry point


def test_cli_compare_table_in_both_languages_json_and_bad_option() -> None:
    base = ["analyse", "compare", "--draws", "200"]
    sv = run_cli(*base, "--lang", "sv")
    assert sv.returncode == 0, sv.stderr
    assert "Sannolikhet bäst" in sv.stdout
    en = run_cli(*base, "--lang", "en")
    assert en.returncode == 0, en.stderr
    assert "Probability best" in en.stdout and "Indicated offer" in en.stdout
    js = run_cli(*base, "--format", "json", "--steps", "3", "--max-value", "100000")
    assert js.returncode == 0, js.stderr
    data = json.loads(js.stdout)
    assert data["analysis"] == "compare"
    assert data["alternatives"][0]["alternative"] == "indicated"
    assert data["alternatives"][0]["rank"] == 1
    assert [c["value"] for c in data["ceac"]] == [0.0, 50000.0, 100000.0]
    for point in data["ceac"]:
        assert sum(point["probability_best"].values()) == pytest.approx(1.0)
    assert run_cli(*base, "--steps", "1").returncode == 2
    bad = run_cli(*base, "--outcome", "nowhere", "--format", "json")
    assert bad.returncode == 2
    assert json.loads(bad.stdout)["problems"][0]["field"] == "--outcome"
