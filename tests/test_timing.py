"""The timing analysis: NPV against the start age and the cost of waiting one year."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from clitools import run_cli
from socinvest.analysis.run import run_scenario
from socinvest.analysis.summary import compare
from socinvest.analysis.timing import shift_range, timing
from socinvest.scenario.compile import compile_scenario
from socinvest.scenario.load import parse_scenario
from socinvest.scenario.references import library_for, resolve_scenario

HAND = Path(__file__).resolve().parent / "data" / "hand-pathway-scenario.yaml"
PAYER = "kommun.socialtjanst"
# Age-dependent transitions, so that the start age matters, and an effect window by ages.
TRANSITIONS = (
    "    - ages: 0+\n"
    "      probabilities:\n"
    "        good: {good: 1.0}\n"
    "        pathway: {pathway: 0.9, good: 0.1}\n",
    "    - ages: 0-10\n"
    "      probabilities:\n"
    "        good: {good: 1.0}\n"
    "        pathway: {pathway: 0.8, good: 0.2}\n"
    "    - ages: 11+\n"
    "      probabilities:\n"
    "        good: {good: 1.0}\n"
    "        pathway: {pathway: 0.95, good: 0.05}\n",
)
EFFECT = (
    "{from: pathway, to: good, relative_risk: 2.0, years: 0}",
    "{from: pathway, to: good, relative_risk: 2.0, ages: 10-11}",
)


def _text(start_age: int = 10, window: str = "10-11") -> str:
    text = HAND.read_text(encoding="utf-8").replace(*TRANSITIONS).replace(*EFFECT)
    text = text.replace("ages: 10-11}", f"ages: {window}}}")
    return text.replace("start_age: 10", f"start_age: {start_age}")


def _npv_by_hand(start_age: int, window: str, scope: str) -> float:
    model = parse_scenario(_text(start_age, window), str(HAND))
    resolved = resolve_scenario(model, library_for(model, None)).scenario
    run = run_scenario(compile_scenario(resolved))
    return compare(run, run.alternatives[1]).horizon[scope].npv


def test_shift_range() -> None:
    assert shift_range("10-11", 2) == "12-13"
    assert shift_range("3-5", -4) == "0-1"
    assert shift_range("20+", 3) == "23+"
    assert shift_range(7, 1) == "8-8"


def test_npv_per_start_age_equals_runs_edited_by_hand() -> None:
    model = parse_scenario(_text(), str(HAND))
    (result,) = timing(model, ages=(8, 12), scopes=[PAYER, "socio_economic"])
    assert [p.start_age for p in result.points] == [8, 9, 10, 11, 12]
    for p in result.points:
        shift = p.start_age - 10
        window = f"{10 + shift}-{11 + shift}"
        for scope in (PAYER, "socio_economic"):
            assert p.npv[scope] == pytest.approx(
                _npv_by_hand(p.start_age, window, scope), rel=1e-12, abs=1e-6
            )
    # The start age matters here (transitions differ before and after 11).
    assert result.points[0].npv[PAYER] != pytest.approx(result.points[-1].npv[PAYER])


def test_cost_of_waiting_is_the_discounted_difference() -> None:
    model = parse_scenario(_text(), str(HAND))
    (result,) = timing(model, ages=(9, 12))
    assert result.discount_rate == 0.03
    assert "kommun" in result.scopes and "socio_economic" in result.scopes
    for now, later in zip(result.points, result.points[1:], strict=False):
        assert now.cost_of_waiting is not None
        for scope in result.scopes:
            expected = now.npv[scope] - later.npv[scope] / 1.03
            assert now.cost_of_waiting[scope] == pytest.approx(expected)
    assert result.points[-1].cost_of_waiting is None


def test_start_age_effects_scale_the_log_of_the_effect() -> None:
    text = _text().replace("ages: 10-11}", "ages: 10-11, start_age_effects: {10: 1.0, 12: 0.0}}")
    model = parse_scenario(text, str(HAND))
    (result,) = timing(model, ages=(10, 12), scopes=[PAYER])
    by_age = {p.start_age: p.npv[PAYER] for p in result.points}
    # At 12 there is no effect left: the NPV is minus the intervention costs (10 x 50 000).
    assert by_age[12] == pytest.approx(-500_000.0)
    # At 11 the log is halved: RR sqrt(2), the same as a plain run with that effect.
    plain = _text(11, "11-12").replace("relative_risk: 2.0", f"relative_risk: {2**0.5!r}")
    model_11 = parse_scenario(plain, str(HAND))
    resolved = resolve_scenario(model_11, library_for(model_11, None)).scenario
    run = run_scenario(compile_scenario(resolved))
    assert by_age[11] == pytest.approx(compare(run, run.alternatives[1]).horizon[PAYER].npv)


def test_bad_alternative_and_ages_are_refused() -> None:
    model = parse_scenario(_text(), str(HAND))
    with pytest.raises(ValueError, match="unknown alternative"):
        timing(model, alternative="as_today")
    with pytest.raises(ValueError, match="unknown scope"):
        timing(model, scopes=["nowhere"])


# --------------------------------------------------------------------------------------
# Through the real entry point


def test_cli_timing_table_in_both_languages_json_and_bad_option() -> None:
    base = ["analyse", "timing", "--alternative", "indicated", "--ages", "3-6"]
    sv = run_cli(*base, "--lang", "sv")
    assert sv.returncode == 0, sv.stderr
    assert "Kostnad för att vänta ett år" in sv.stdout
    en = run_cli(*base, "--lang", "en")
    assert en.returncode == 0, en.stderr
    assert "Cost of waiting one year" in en.stdout and "Start age" in en.stdout
    js = run_cli(*base, "--format", "json", "--scope", "socio_economic")
    assert js.returncode == 0, js.stderr
    data = json.loads(js.stdout)
    assert data["analysis"] == "timing"
    (alt,) = data["alternatives"]
    assert [p["start_age"] for p in alt["start_ages"]] == [3, 4, 5, 6]
    first, second = alt["start_ages"][:2]
    rate = data["meta"]["discount_rate"]
    assert first["cost_of_waiting"]["socio_economic"] == pytest.approx(
        first["npv"]["socio_economic"] - second["npv"]["socio_economic"] / (1 + rate)
    )
    assert alt["start_ages"][-1]["cost_of_waiting"] is None
    assert run_cli(*base[:2], "--ages", "x").returncode == 2
    assert run_cli(*base[:2], "--alternative", "nowhere").returncode == 2
