"""Sizes, amounts, rates and draws have documented bounds, checked before any work, and
results are never NaN or infinite (issue 12, items 2 and 3)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from clitools import run_cli
from socinvest.analysis.errors import OptionError
from socinvest.analysis.psa import MAX_DRAWS, check_draws_memory, draws_memory_bytes
from socinvest.cli.common import non_finite_path
from socinvest.params.errors import InputError
from socinvest.scenario.load import parse_scenario
from socinvest.scenario.model import MAX_AMOUNT, MAX_CHILDREN, MAX_INTAKE_YEARS

ROOT = Path(__file__).resolve().parent.parent
PARENTING = (ROOT / "src/socinvest/data/examples/parenting-programme.yaml").read_text("utf-8")
INTAKE = "intake: {per_year: 1000, years: 5}"


def problems(text: str) -> dict[str, str]:
    with pytest.raises(InputError) as info:
        parse_scenario(text, source="s.yaml")
    return {p.field: p.message for p in info.value.problems}


@pytest.mark.parametrize(
    ("replacement", "field"),
    [
        (f"intake: {{per_year: {MAX_CHILDREN * 10}.0, years: 5}}", "target_group.intake.per_year"),
        ("size: 0.5", "target_group.size"),
        (f"size: {MAX_CHILDREN * 100}.0", "target_group.size"),
        ("intake: [" + ", ".join(["1"] * (MAX_INTAKE_YEARS + 1)) + "]", "target_group.intake"),
    ],
)
def test_sizes_out_of_bounds_are_refused(replacement: str, field: str) -> None:
    assert INTAKE in PARENTING
    found = problems(PARENTING.replace(INTAKE, replacement))
    assert field in found, found


def test_a_discount_rate_near_minus_one_is_refused() -> None:
    text = PARENTING.replace(
        "discount_rate: {param: diskontering.ranta}", "discount_rate: -0.999999"
    )
    found = problems(text)
    assert "analysis.discount_rate" in found
    assert "-0.1" in found["analysis.discount_rate"]


def test_amounts_beyond_a_trillion_are_refused() -> None:
    text = PARENTING
    assert "per_participant_year: {param:" in text or "per_participant: {param:" in text
    # an inline amount of 1e13 SEK on the first intervention cost
    key = (
        "per_participant_year: {param:"
        if "per_participant_year: {param:" in text
        else ("per_participant: {param:")
    )
    start = text.index(key)
    end = text.index("}", start) + 1
    bad = text[:start] + key.split(":")[0] + f": {MAX_AMOUNT * 10:.1f}" + text[end:]
    found = problems(bad)
    assert any("interventions" in field for field in found), found


def test_draws_beyond_the_limit_or_the_memory_are_refused() -> None:
    with pytest.raises(OptionError) as info:
        check_draws_memory(MAX_DRAWS + 1, 2, 10, 10, 10)
    assert info.value.option == "--draws"
    # an estimate that grows with every dimension
    small = draws_memory_bytes(1000, 2, 10, 10, 10)
    assert draws_memory_bytes(2000, 2, 10, 10, 10) == 2 * small
    assert draws_memory_bytes(1000, 3, 10, 10, 10) > small
    # a number of draws whose estimate exceeds any machine's memory (within MAX_DRAWS
    # because of many alternatives, scopes and states) is refused naming what fits
    with pytest.raises(OptionError) as info:
        check_draws_memory(MAX_DRAWS, 1000, 1000, 1000, 1000)
    assert "GB" in str(info.value)


def test_cli_refuses_too_many_draws_with_exit_2() -> None:
    result = run_cli("run", "--draws", str(MAX_DRAWS * 10), "--format", "json")
    assert result.returncode == 2, result.describe()
    data = json.loads(result.stdout)
    assert data["valid"] is False
    assert data["problems"][0]["field"] == "--draws"


def test_non_finite_path_names_where() -> None:
    assert non_finite_path({"a": [1.0, {"b": float("inf")}]}) == "a[1].b"
    assert non_finite_path({"a": [1.0, 2]}) is None
