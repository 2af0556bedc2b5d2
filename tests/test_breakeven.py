"""Break-even effect, largest cost and number to help ("hur många måste vi hjälpa?")."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from clitools import run_cli
from socinvest.analysis.breakeven import Pathway, break_even
from socinvest.scenario.load import example_text, parse_scenario

HAND = Path(__file__).resolve().parent / "data" / "hand-pathway-scenario.yaml"
PAYER = "kommun.socialtjanst"


def _hand(text_edit: tuple[str, str] | None = None):  # type: ignore[no-untyped-def]
    text = HAND.read_text(encoding="utf-8")
    if text_edit is not None:
        assert text_edit[0] in text
        text = text.replace(*text_edit)
    return parse_scenario(text, str(HAND))


def test_break_even_effect_puts_npv_within_one_sek_of_zero() -> None:
    scenario = parse_scenario(example_text("parenting-programme"), "example")
    for result in break_even(scenario):
        for effect in result.effects:
            for root in effect.roots:
                assert root.status == "found", root
                assert root.npv is not None and abs(root.npv) < 1.0
    (hand,) = break_even(_hand(), scopes=[PAYER])
    for root in hand.effects[0].roots:
        assert root.status == "found" and root.npv is not None and abs(root.npv) < 1.0


def test_no_break_even_is_reported() -> None:
    # An intervention far too dear: NPV < 0 whatever the effect.
    scenario = _hand(
        ("per_participant: {param: lokal.insats_per_deltagare}", "per_participant: 5000000")
    )
    (result,) = break_even(scenario, scopes=[PAYER])
    statuses = {r.status for r in result.effects[0].roots}
    assert statuses == {"always_negative"}
    assert all(r.value is None for r in result.effects[0].roots)


def test_cost_factor_closed_form_equals_the_root_finder() -> None:
    scenario = parse_scenario(example_text("parenting-programme"), "example")
    for result in break_even(scenario):
        for cost in result.costs:
            if cost.status != "found":
                continue
            assert cost.factor is not None and cost.factor_root is not None
            assert cost.factor_root == pytest.approx(cost.factor, rel=1e-9)
            assert cost.max_pv_costs == pytest.approx(cost.pv_benefits, rel=1e-12)
    (hand,) = break_even(_hand(), scopes=[PAYER])
    horizon = next(c for c in hand.costs if c.period == "horizon")
    assert horizon.factor_root == pytest.approx(horizon.factor, rel=1e-9)


def test_never_pays_when_there_are_no_benefits() -> None:
    scenario = _hand(("relative_risk: 2.0", "relative_risk: 1.0"))
    (result,) = break_even(scenario, scopes=[PAYER])
    assert {c.status for c in result.costs} == {"never_pays"}
    assert all(c.factor is None and c.max_pv_costs is None for c in result.costs)


def test_number_to_help_in_a_one_pathway_model() -> None:
    pathway = Pathway("pathway", "good", (10, 19))
    (result,) = break_even(_hand(), scopes=[PAYER], pathway=pathway)
    (n,) = result.number_to_help
    avoided = sum(100000 / 1.03**t for t in range(10))  # start-of-year timing
    assert n.definition == "pathway"
    assert n.pv_costs == pytest.approx(10 * 50000, rel=1e-12)
    assert n.avoided_per_person == pytest.approx(avoided, rel=1e-12)
    assert n.number == pytest.approx(10 * 50000 / avoided, rel=1e-12)


def test_typfall_for_the_swedish_model() -> None:
    scenario = parse_scenario(example_text("parenting-programme"), "example")
    results = break_even(scenario, alternative="indicated", scopes=["socio_economic"])
    definitions = {n.definition: n for n in results[0].number_to_help}
    assert set(definitions) == {"typfall", "pathway"}
    typfall = definitions["typfall"]
    assert typfall.number == pytest.approx(typfall.pv_costs / typfall.avoided_per_person)
    assert 1e6 < typfall.avoided_per_person < 2e7
    assert np.isfinite(results[0].npv["socio_economic"]["horizon"])


def test_bad_options_are_refused() -> None:
    with pytest.raises(ValueError, match="unknown state"):
        break_even(_hand(), pathway=Pathway("nope", "good", (10, 19)))
    with pytest.raises(ValueError, match="ages"):
        break_even(_hand(), pathway=Pathway("pathway", "good", (10, 40)))


# --------------------------------------------------------------------------------------
# Through the real entry point


@pytest.mark.parametrize("command", ["tornado", "breakeven"])
def test_cli_table_in_both_languages_and_json(command: str) -> None:
    hand = str(HAND)
    extra = ["--pathway", "pathway", "--good", "good"] if command == "breakeven" else []
    en = run_cli("analyse", command, hand, "--lang", "en", "--scope", PAYER, *extra)
    assert en.returncode == 0, en.stderr
    sv = run_cli("analyse", command, hand, "--lang", "sv", "--scope", PAYER, *extra)
    assert sv.returncode == 0, sv.stderr
    if command == "tornado":
        assert "One-way sensitivity" in en.stdout and "Swing" in en.stdout
        assert "Envägs känslighetsanalys" in sv.stdout and "Utslag" in sv.stdout
    else:
        assert "Smallest effect at which NPV = 0" in en.stdout
        assert "Hur många måste vi hjälpa?" in sv.stdout
    data = run_cli("analyse", command, hand, "--format", "json", "--scope", PAYER)
    assert data.returncode == 0, data.stderr
    document = json.loads(data.stdout)
    assert document["analysis"] == command
    assert document["alternatives"][0]["alternative"] == "helped"


def test_cli_example_json_and_help() -> None:
    tornado = json.loads(run_cli("analyse", "tornado", "--format", "json").stdout)
    bars = tornado["alternatives"][0]["bars"]
    assert [b["swing"] for b in bars] == sorted((b["swing"] for b in bars), reverse=True)
    helped = run_cli("analyse", "breakeven", "--help", "--lang", "en")
    assert helped.returncode == 0 and "--pathway" in helped.stdout


@pytest.mark.parametrize("command", ["tornado", "breakeven"])
def test_cli_bad_input_exits_2(command: str, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    text = HAND.read_text(encoding="utf-8").replace("size: 10", "size: -10")
    bad.write_text(text, encoding="utf-8")
    result = run_cli("analyse", command, str(bad), "--lang", "en")
    assert result.returncode == 2
    line = 1 + text.splitlines().index("  size: -10")
    assert f"{bad}:{line}" in result.stderr or f"line {line}" in result.stderr, result.stderr
    scope = run_cli("analyse", command, str(HAND), "--scope", "nope", "--format", "json")
    assert scope.returncode == 2
    problem = json.loads(scope.stdout)["problems"][0]
    assert problem["field"] == "--scope" and problem["file"] == str(HAND)


def test_every_analysis_names_the_option_it_refuses() -> None:
    """Option errors are typed (OptionError with the option), not guessed from the text."""
    from socinvest.analysis.errors import OptionError
    from socinvest.analysis.sensitivity import check_scope
    from socinvest.scenario.compile import compile_scenario
    from socinvest.scenario.references import library_for, resolve_scenario

    scenario = _hand()
    resolved = resolve_scenario(scenario, library_for(scenario)).scenario
    with pytest.raises(OptionError) as info:
        check_scope(compile_scenario(resolved), "no_such_payer")
    assert info.value.option == "--scope"
    assert "unknown scope 'no_such_payer'" in str(info.value)
