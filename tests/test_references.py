"""Scenario values from the parameter library: checked with lines, resolved in the price year,
overridden locally without touching the defaults."""

from __future__ import annotations

from pathlib import Path

import pytest

import socinvest
from clitools import run_cli
from socinvest.params.errors import InputError
from socinvest.params.library import default_library, load_overrides

KPI_2019 = 334.26
KPI_2024 = 415.01
LON_2019 = 109.40  # the wage index (data/indices/indices.yaml)
LON_2024 = 124.95
PRISON_2019 = 3202.0

BASE = """\
id: refs
title: Referenser
model:
  states:
    - {id: free}
    - {id: prison}
    - {id: dead, absorbing: true}
  transitions:
    - ages: 15-30
      probabilities:
        free: {free: rest, prison: 0.1, dead: 0.01}
        prison: {free: 0.5, prison: rest}
  costs:
    - state: prison
      payer: stat.kriminalvarden
      annual: {param: rattsvasende.anstalt_per_dygn, times: 100}
target_group:
  start_age: 15
  level: indicated
  initial_states: {free: 1.0}
  size: 10
interventions:
  - id: support
    effects:
      - {from: free, to: prison, relative_risk: 0.5}
alternatives:
  - {id: today, comparison: true}
  - {id: support, interventions: [support]}
analysis:
  price_year: 2024
  horizon: {years: 3}
  discount_rate: {param: diskontering.ranta}
"""


def test_reference_is_rebased_with_its_index_and_multiplied() -> None:
    results = socinvest.analyse(socinvest.parse_scenario(BASE))
    # a prison day is staff time: the wage index (issue 10); 100 days a year, 2024 wages
    expected = PRISON_2019 * LON_2024 / LON_2019 * 100
    cost = results.scenario.model.costs[0].annual
    assert cost == pytest.approx(expected, rel=1e-12)
    used = results.parameters["rattsvasende.anstalt_per_dygn"]
    assert used.original_value == PRISON_2019
    assert used.original_price_year == 2019
    assert used.index == "lon"
    assert used.factor == pytest.approx(LON_2024 / LON_2019, rel=1e-12)
    assert results.scenario.analysis.discount_rate == 0.035
    assert set(results.parameters) == {"rattsvasende.anstalt_per_dygn", "diskontering.ranta"}
    data = socinvest.results_json(results)
    assert data["meta"]["parameters"] == ["diskontering.ranta", "rattsvasende.anstalt_per_dygn"]
    assert len(data["meta"]["parameter_hash"]) == 64


def _problem(text: str) -> tuple[str, int | None, str]:
    with pytest.raises(InputError) as info:
        socinvest.parse_scenario(text, "s.yaml")
    p = info.value.problems[0]
    return p.field, p.line, p.message


def test_unknown_parameter_names_line_and_field() -> None:
    field, line, message = _problem(BASE.replace("rattsvasende.anstalt_per_dygn", "ratts.fange"))
    assert (field, line) == ("model.costs[0].annual.param", 16)
    assert "unknown parameter 'ratts.fange'" in message


def test_unit_that_does_not_fit_is_refused() -> None:
    # a daily cost for a yearly field needs 'times'
    field, line, message = _problem(BASE.replace(", times: 100}", "}"))
    assert (field, line) == ("model.costs[0].annual.param", 16)
    assert "SEK/day" in message and "per year" in message
    # a discount rate cannot be an amount
    field, line, message = _problem(
        BASE.replace("{param: diskontering.ranta}", "{param: rattsvasende.anstalt_per_dygn}")
    )
    assert field == "analysis.discount_rate.param"
    assert line == 32
    assert "a fraction" in message


def test_price_year_outside_the_index_is_refused() -> None:
    field, _line, message = _problem(BASE.replace("price_year: 2024", "price_year: 2031"))
    assert field == "model.costs[0].annual.param"
    assert "'lon' has no value for 2031" in message


def test_scenario_parameters_override_only_what_they_name() -> None:
    local = (
        BASE
        + """\
parameters:
  rattsvasende.anstalt_per_dygn:
    values: [{date: 2024-01-01, value: 4000}]
    status: verified
    sources: [{title: Lokal uppgift}]
    last_reviewed: 2026-11-01
"""
    )
    results = socinvest.analyse(socinvest.parse_scenario(local))
    assert results.scenario.model.costs[0].annual == pytest.approx(4000 * 100)
    assert results.scenario.analysis.discount_rate == 0.035
    default = socinvest.analyse(socinvest.parse_scenario(BASE))
    assert default.parameter_hash != results.parameter_hash
    # the shipped defaults are untouched
    assert default_library().parameters["rattsvasende.anstalt_per_dygn"].values[0].value == 3202


def test_bad_scenario_parameter_has_its_line() -> None:
    local = (
        BASE
        + """\
parameters:
  rattsvasende.anstalt_per_dygn:
    unit: SEK/year
    values: [{date: 2024-01-01, value: 4000}]
    status: verified
    sources: [{title: Lokal uppgift}]
    last_reviewed: 2026-11-01
"""
    )
    with pytest.raises(InputError) as info:
        socinvest.parse_scenario(local, "s.yaml")
    p = info.value.problems[0]
    assert p.field == "parameters.rattsvasende.anstalt_per_dygn.unit"
    assert p.line == 35
    assert "SEK/day" in p.message


def test_override_file_through_the_cli(tmp_path: Path) -> None:
    scenario = tmp_path / "s.yaml"
    scenario.write_text(BASE, encoding="utf-8")
    local = tmp_path / "gnesta.yaml"
    local.write_text(
        """\
rattsvasende.anstalt_per_dygn:
  values: [{date: 2024-01-01, value: 5000}]
  status: verified
  sources: [{title: Gnesta kommun, publisher: Gnesta kommun, year: 2024}]
  last_reviewed: 2026-11-01
""",
        encoding="utf-8",
    )
    out = run_cli("sources", scenario, "--params", local, "--format", "json")
    assert out.returncode == 0, out.describe()
    data = out.json()
    prison = next(p for p in data["parameters"] if p["id"] == "rattsvasende.anstalt_per_dygn")
    assert prison["value"] == 5000
    assert prison["origin"] == str(local)
    table = run_cli("sources", scenario, "--lang", "sv")
    assert table.returncode == 0
    assert "3\xa0202\xa0kr/dygn (2019) → 3\xa0657\xa0kr/dygn (2024, LON)" in table.stdout
    bad = tmp_path / "bad.yaml"
    bad.write_text("rattsvasende.anstalt_per_dygn:\n  values: 5000\n", encoding="utf-8")
    result = run_cli("run", scenario, "--params", bad)
    assert result.returncode == 2
    assert f"{bad}:2: rattsvasende.anstalt_per_dygn.values" in result.stderr
    assert "Traceback" not in result.stderr


def test_load_overrides_refuses_unknown_ids(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text(
        "skola.grundskola_per_ev:\n  values: [{date: 2024-01-01, value: 1}]\n"
        "  status: verified\n  sources: [{title: x}]\n  last_reviewed: 2026-01-01\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as info:
        load_overrides(default_library(), path)
    p = info.value.problems[0]
    assert p.line == 1
    assert "unknown parameter 'skola.grundskola_per_ev'" in p.message


def test_inline_model_amounts_are_rebased_from_the_model_price_year() -> None:
    text = BASE.replace("model:\n", "model:\n  price_year: 2019\n", 1).replace(
        "      annual: {param: rattsvasende.anstalt_per_dygn, times: 100}",
        "      annual: 100000",
    )
    results = socinvest.analyse(socinvest.parse_scenario(text))
    assert results.scenario.model.costs[0].annual == pytest.approx(
        100000 * KPI_2024 / KPI_2019, rel=1e-12
    )
    assert results.model_rebasing_factor == pytest.approx(KPI_2024 / KPI_2019, rel=1e-12)
    data = socinvest.results_json(results)
    assert data["meta"]["model_price_year"] == 2019
    same_year = socinvest.analyse(socinvest.parse_scenario(text.replace("2019", "2024", 1)))
    assert same_year.scenario.model.costs[0].annual == 100000
    with pytest.raises(InputError) as info:
        socinvest.parse_scenario(text.replace("price_year: 2019", "price_year: 1999"), "s.yaml")
    assert info.value.problems[0].field == "model.price_year"
    assert "no value for 1999" in info.value.problems[0].message


def test_production_split_from_the_library_must_sum_to_one() -> None:
    text = BASE.replace(
        "target_group:",
        """  earnings:
    - {state: free, ages: 20-30, annual: 300000}
  production_split:
    individ: 0.5
    kommun: {param: skatt.skattesats_kommun}
    stat: 0.2
target_group:""",
    )
    with pytest.raises(InputError) as info:
        socinvest.parse_scenario(text, "s.yaml")
    p = info.value.problems[0]
    assert p.field == "model.production_split"
    assert "expected shares summing to 1" in p.message
    # with the library's kommun rate (0.2074) the shares sum to one
    fixed = text.replace("stat: 0.2", "stat: 0.2926")
    socinvest.analyse(socinvest.parse_scenario(fixed))
