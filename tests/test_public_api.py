"""Pins the public API: a change here is a change users notice."""

from __future__ import annotations

from pathlib import Path

import socinvest


def test_public_names() -> None:
    assert sorted(socinvest.__all__) == [
        "Case",
        "InputError",
        "Scenario",
        "ScenarioResults",
        "__version__",
        "analyse",
        "build_case",
        "compile_scenario",
        "load_scenario",
        "parse_scenario",
        "results_json",
        "write_report",
    ]
    for name in socinvest.__all__:
        assert getattr(socinvest, name) is not None


def test_unknown_attribute_is_an_attribute_error() -> None:
    try:
        socinvest.no_such_thing  # noqa: B018
    except AttributeError as exc:
        assert "no_such_thing" in str(exc)
    else:  # pragma: no cover
        raise AssertionError("expected AttributeError")


def test_load_analyse_json_round_trip(example_path: Path) -> None:
    scenario = socinvest.load_scenario(example_path)
    assert isinstance(scenario, socinvest.Scenario)
    results = socinvest.analyse(scenario)
    assert isinstance(results, socinvest.ScenarioResults)
    data = socinvest.results_json(results)
    assert data["meta"]["version"] == socinvest.__version__
    assert data["meta"]["scenario_hash"] == results.scenario_hash
    assert [a["comparison"] for a in data["alternatives"]] == [True, False, False]
    for alternative in data["alternatives"][1:]:
        block = alternative["vs_comparison"]
        npv = block["pv_benefits"]["total"] - block["pv_costs"]["total"]
        assert block["npv"]["total"] == npv


def test_bad_input_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("id: x\n", encoding="utf-8")
    try:
        socinvest.load_scenario(path)
    except socinvest.InputError as exc:
        assert exc.source == str(path)
        assert any(p.field == "model" for p in exc.problems)
    else:  # pragma: no cover
        raise AssertionError("expected InputError")


def test_importing_core_does_not_load_pydantic() -> None:
    import subprocess
    import sys

    code = "import socinvest.core.cohort, sys; print('pydantic' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_case_and_report_from_python(example_path: Path, tmp_path: Path) -> None:
    scenario = socinvest.load_scenario(example_path)
    case = socinvest.build_case(scenario, draws=0)
    assert isinstance(case, socinvest.Case)
    assert socinvest.write_report(case, tmp_path / "kalkyl.xlsx", "en") == "xlsx"
    assert (tmp_path / "kalkyl.xlsx").read_bytes()[:2] == b"PK"  # a zip: the workbook
