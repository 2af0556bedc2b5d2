"""What ``validate`` accepts is what ``run`` runs: values after parameter references, 'times'
and --params overrides are checked against the same field ranges (issue 12, item 2)."""

from __future__ import annotations

from pathlib import Path

import pytest

from clitools import run_cli

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "src/socinvest/data/examples"
PARENTING = (EXAMPLES / "parenting-programme.yaml").read_text(encoding="utf-8")
GNESTA = (ROOT / "docs/examples/gnesta-params.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize("command", ["validate", "run"])
def test_a_reference_times_a_factor_out_of_range(tmp_path: Path, command: str) -> None:
    text = PARENTING.replace(
        "discount_rate: {param: diskontering.ranta}",
        "discount_rate: {param: diskontering.ranta, times: 40}",
    )
    assert text != PARENTING
    path = tmp_path / "s.yaml"
    path.write_text(text, encoding="utf-8")
    line = text[: text.index("times: 40")].count("\n") + 1
    result = run_cli(command, path, "--lang", "en")
    assert result.returncode == 2, result.describe()
    assert "Traceback" not in result.output
    assert f"s.yaml:{line}: analysis.discount_rate: " in result.output, result.describe()
    assert "value of diskontering.ranta from the parameter library" in result.output
    assert "mapping" not in result.output  # the union's other member is not a choice here


@pytest.mark.parametrize("command", ["validate", "run"])
def test_a_negative_params_override_on_a_cost(tmp_path: Path, command: str) -> None:
    params = tmp_path / "p.yaml"
    params.write_text(GNESTA.replace("value: 4600", "value: -4600"), encoding="utf-8")
    scenario = EXAMPLES / "family-home-school-support.yaml"
    result = run_cli(command, scenario, "--params", params)
    assert result.returncode == 2, result.describe()
    assert "Traceback" not in result.output
    assert "model.costs[" in result.output
    assert "värdet av socialtjanst.hvb_per_dygn från parameterbiblioteket" in result.output


@pytest.mark.parametrize("command", ["validate", "run"])
def test_a_dirichlet_uncertainty_on_money_is_refused_at_load(tmp_path: Path, command: str) -> None:
    params = tmp_path / "p.yaml"
    params.write_text(
        GNESTA.replace(
            "  status: illustrative\n",
            "  status: illustrative\n  uncertainty: {distribution: dirichlet, concentration: 10}\n",
            1,
        ),
        encoding="utf-8",
    )
    scenario = EXAMPLES / "family-home-school-support.yaml"
    result = run_cli(command, scenario, "--params", params)
    assert result.returncode == 2, result.describe()
    assert "Traceback" not in result.output
    assert "dirichlet" in result.output and "SEK/day" in result.output


def test_error_lines_escape_control_characters() -> None:
    from socinvest.cli.common import terminal_safe

    assert terminal_safe("a\x1b]0;x\x07b\tc") == "a\\x1b]0;x\\x07b\tc"
