"""Every scenario under docs/ runs through every command, every shipped example through
``validate`` and ``run``, and every parameter file under docs/ is accepted by ``run --params``
(issue 12, item 6): no traceback, exit 0, valid and finite JSON. (The shipped examples go
through ``report`` and the analyses in their own test modules.)"""

from __future__ import annotations

from pathlib import Path

import pytest

from clitools import finite_json, run_cli

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "src/socinvest/data/examples").glob("*.yaml"))
DOCS_YAML = sorted((ROOT / "docs").rglob("*.yaml"))
DOCS_SCENARIOS = [
    p
    for p in DOCS_YAML
    if p.read_text(encoding="utf-8").startswith("socinvest:")
    or "\nsocinvest:" in p.read_text(encoding="utf-8")
]
DOCS_PARAMS = [p for p in DOCS_YAML if p not in DOCS_SCENARIOS]
SCENARIOS = [*DOCS_SCENARIOS, *EXAMPLES]

ANALYSES: list[tuple[str, ...]] = [
    ("tornado",),
    ("breakeven",),
    ("compare", "--draws", "40", "--steps", "5"),
    ("timing",),
    ("voi", "--draws", "40"),
    ("sobol", "--samples", "16"),
]


def test_the_docs_hold_the_worked_example_and_a_params_file() -> None:
    assert any(p.name == "worked-example.yaml" for p in DOCS_SCENARIOS)
    assert DOCS_PARAMS, "docs/ should hold at least one --params file"


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda p: p.name)
def test_run_and_validate(scenario: Path) -> None:
    result = run_cli("validate", scenario)
    assert result.returncode == 0, result.describe()
    result = run_cli("run", scenario, "--format", "json", "--draws", "30")
    assert result.returncode == 0, result.describe()
    finite_json(result.stdout)


@pytest.mark.parametrize("scenario", DOCS_SCENARIOS, ids=lambda p: p.name)
def test_report_of_a_docs_scenario(scenario: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    result = run_cli("report", scenario, "--out", out, "--draws", "30")
    assert result.returncode == 0, result.describe()
    assert out.stat().st_size > 10_000


@pytest.mark.parametrize("analysis", ANALYSES, ids=lambda a: a[0])
@pytest.mark.parametrize("scenario", DOCS_SCENARIOS, ids=lambda p: p.name)
def test_every_analysis(scenario: Path, analysis: tuple[str, ...]) -> None:
    if analysis[0] == "compare" and scenario.name == "worked-example.yaml":
        # A model without the default outcome group: the command says so (exit 2) and names
        # the choices; the analysis runs with one of them.
        refused = run_cli("analyse", *analysis, scenario)
        assert refused.returncode == 2, refused.describe()
        assert "--outcome" in refused.output and "Traceback" not in refused.output
        analysis = (*analysis, "--outcome", "neet")
    result = run_cli("analyse", *analysis, scenario, "--format", "json")
    assert "Traceback" not in result.output, result.describe()
    assert result.returncode == 0, result.describe()
    finite_json(result.stdout)


@pytest.mark.parametrize("params", DOCS_PARAMS, ids=lambda p: p.name)
def test_docs_params_file_is_accepted(params: Path) -> None:
    result = run_cli("run", EXAMPLES[0], "--params", params, "--format", "json")
    assert result.returncode == 0, result.describe()
    finite_json(result.stdout)
