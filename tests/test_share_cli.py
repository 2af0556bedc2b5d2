"""``socinvest share``: once through the real entry point (JSON), the rest through typer's
CliRunner (tables in both languages, bad input with exit 2)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from clitools import cli_env, finite_json, run_cli
from socinvest.cli.main import app
from socinvest.scenario.load import example_text

runner = CliRunner()


@pytest.fixture(scope="module")
def cheap(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The school-attendance example with the team's cost cut to a quarter."""
    path = tmp_path_factory.mktemp("share") / "cheap-team.yaml"
    path.write_text(
        example_text("school-attendance")
        .replace("times: 0.78852", "times: 0.19713")
        .replace("times: 0.39426", "times: 0.098565"),
        encoding="utf-8",
    )
    return path


def test_json_through_the_entry_point(cheap: Path) -> None:
    result = run_cli(
        "share",
        cheap,
        "--between",
        "committees",
        "--finsam",
        "--draws",
        "200",
        "--seed",
        "3",
        "--format",
        "json",
        env=cli_env(),
    )
    assert result.returncode == 0, result.describe()
    data = finite_json(result.stdout)
    assert data["analysis"] == "share" and data["between"] == "committees"
    assert data["meta"]["draws"] == 200 and data["meta"]["seed"] == 3
    methods = {p["method"]: p for p in data["proposals"]}
    assert list(methods) == ["proportional", "shapley", "minimal"]
    for proposal in methods.values():
        total = sum(o["share"] for o in proposal["outcomes"])
        assert total == pytest.approx(data["cost"])
        for outcome in proposal["outcomes"]:
            assert 0.0 <= outcome["p_gain"] <= 1.0 and 0.0 <= outcome["p_gain_term"] <= 1.0
    assert not methods["proportional"]["everyone_gains"]
    assert methods["minimal"]["everyone_gains"]
    finsam = data["finsam"]
    assert [m["law_share"] for m in finsam["members"]] == [0.5, 0.25, 0.25]
    assert "2003:1210" in finsam["source"]["title"] and "5 §" in finsam["source"]["title"]


def test_table_in_swedish_and_english(cheap: Path) -> None:
    sv = runner.invoke(app, ["share", str(cheap), "--draws", "0", "--method", "shapley"])
    assert sv.exit_code == 0, sv.output
    assert "Kommunen" in sv.output and "Shapley" in sv.output
    en = runner.invoke(
        app,
        ["share", str(cheap), "--draws", "0", "--between", "committees", "--lang", "en"],
    )
    assert en.exit_code == 0, en.output
    assert "Smallest transfers" in en.output and "Still below zero under this split: School" in (
        en.output
    )


def test_infeasible_is_said_plainly() -> None:
    result = runner.invoke(app, ["share", "--draws", "0", "--lang", "en", "--method", "minimal"])
    assert result.exit_code == 0, result.output
    assert "no split of the cost can leave every party at zero or better" in result.output


def test_bad_input_exits_2_naming_the_option(cheap: Path) -> None:
    result = runner.invoke(
        app, ["share", str(cheap), "--draws", "0", "--alternative", "nope", "--lang", "en"]
    )
    assert result.exit_code == 2
    assert "--alternative" in result.output and "attendance_team" in result.output
    result = runner.invoke(
        app,
        ["share", str(cheap), "--draws", "0", "--between", "committees", "--parent", "x"],
    )
    assert result.exit_code == 2 and "--parent" in result.output
