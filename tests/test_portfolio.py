"""The portfolio from scenarios (socinvest.analysis.portfolio) and ``socinvest portfolio``:
budgets respected per payer and year, the risk limit in the draws, infeasible budgets and
bad budget files refused with a clear message, the linear-scale assumption checked against
the cohort model."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import numpy as np
import pytest
from tests.clitools import cli_env, run_cli
from typer.testing import CliRunner

from socinvest.analysis.portfolio import (
    PortfolioInputs,
    build_problem,
    candidate_inputs,
    optimise,
    risk_limit,
)
from socinvest.analysis.portfolio_input import PortfolioSpec, load_budget_file
from socinvest.analysis.results import analyse
from socinvest.cli.main import app
from socinvest.core.portfolio import ChanceLimit, CvarLimit, cvar_of_loss
from socinvest.params.errors import InputError
from socinvest.scenario.load import example_text, parse_scenario
from socinvest.scenario.model import Scenario

EXAMPLES = Path(__file__).resolve().parents[1] / "src" / "socinvest" / "data" / "examples"
DRAWS = 200

BUDGET_YAML = """\
budgets:
  - {payer: kommun, year: 2026, amount: 1200000}
  - {payer: kommun, year: 2027, amount: 1500000}
  - {payer: kommun.skola, year: 2026, amount: 400000}
  - {payer: region, year: 2026, amount: 100000}
"""


def example(name: str) -> tuple[Scenario, str]:
    return parse_scenario(example_text(name), f"example:{name}"), f"example:{name}"


@pytest.fixture(scope="module")
def budget_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("portfolio") / "budget.yaml"
    path.write_text(BUDGET_YAML, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def spec(budget_file: Path) -> PortfolioSpec:
    return load_budget_file(budget_file)


@pytest.fixture(scope="module")
def inputs(spec: PortfolioSpec) -> PortfolioInputs:
    return candidate_inputs(
        [example("parenting-programme"), example("school-attendance")], spec, None, DRAWS, 7
    )


def test_candidates_are_alternatives_with_common_draws(inputs: PortfolioInputs) -> None:
    ids = [c.id for c in inputs.candidates]
    assert ids == [
        "parenting_programme/universal",
        "parenting_programme/indicated",
        "school_attendance/attendance_team",
    ]
    # The two parenting alternatives share one target group; the attendance team its own.
    assert [c.group for c in inputs.candidates] == [0, 0, 1]
    assert inputs.seed == 7 and all(
        c.npv.shape == (DRAWS, len(inputs.scopes)) for c in inputs.candidates
    )


def test_costs_roll_up_the_payer_tree(inputs: PortfolioInputs, spec: PortfolioSpec) -> None:
    """The kommun's cost is that of its committees together: at least the school's, and the
    parenting programme (paid by the kommun) costs the region nothing."""
    rows = [(b.payer, b.year) for b in spec.budgets]
    k_kommun, k_school = rows.index(("kommun", 2026)), rows.index(("kommun.skola", 2026))
    k_region = rows.index(("region", 2026))
    for c in inputs.candidates:
        assert c.costs[k_kommun] >= c.costs[k_school] - 1e-6
        assert c.costs[k_kommun] > 0
    assert inputs.candidates[1].costs[k_region] == 0.0


def test_costs_match_the_ledger_by_hand(inputs: PortfolioInputs) -> None:
    """The attendance team's 2026 cost for the kommun, against the deterministic ledger's
    programme costs summed over the kommun's nodes and categories."""
    scenario, _ = example("school-attendance")
    results = analyse(scenario)
    tree = results.compiled.payers
    alt = next(a for a in results.run.alternatives if not a.comparison)
    nodes = [i for i, p in enumerate(tree.ids) if p == "kommun" or p.startswith("kommun.")]
    expected = float((alt.programme - results.run.comparison.programme)[0, 0][nodes].sum())
    assert inputs.candidates[2].costs[0] == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize(
    "risk", [None, ChanceLimit(0.1), ChanceLimit(0.0), CvarLimit(0.1, 0.0)], ids=str
)
def test_budgets_and_risk_respected(
    inputs: PortfolioInputs, spec: PortfolioSpec, risk: ChanceLimit | CvarLimit | None
) -> None:
    result = optimise(inputs, spec, "kommun", risk)
    for b in result.budgets:
        assert b.used <= b.amount * (1 + 1e-7) + 1e-3
    # The portfolio's draws, recomputed from the candidates' own draws and the chosen shares.
    q = inputs.scopes.index("kommun")
    shares = {c.id: c.share for c in result.candidates}
    draws = sum(c.npv[:, q] * shares[c.id] for c in inputs.candidates)
    assert float(np.mean(draws)) == pytest.approx(result.expected_npv, rel=1e-9, abs=1e-6)
    tol = 1e-6 * max(float(np.abs(c.npv[:, q]).max()) for c in inputs.candidates)
    if isinstance(risk, ChanceLimit):
        assert np.mean(draws < -tol) <= risk.alpha + 1e-12
    if isinstance(risk, CvarLimit):
        assert cvar_of_loss(draws, risk.alpha) <= risk.limit + tol
    groups = {0: 0.0, 1: 0.0}
    for c in inputs.candidates:
        groups[c.group] += shares[c.id]
    assert all(v <= 1 + 1e-9 for v in groups.values())


def test_budget_frontier_is_monotone(inputs: PortfolioInputs, spec: PortfolioSpec) -> None:
    result = optimise(inputs, spec, "socio_economic", None, frontier_kind="budget")
    values = [p.expected_npv for p in result.frontier]
    assert values[0] == 0.0
    assert all(b >= a - 1e-6 for a, b in itertools.pairwise(values))


def test_infeasible_budget_names_payer_and_year(tmp_path: Path, inputs: PortfolioInputs) -> None:
    path = tmp_path / "b.yaml"
    path.write_text(
        BUDGET_YAML
        + "candidates:\n  school_attendance/attendance_team: {required: true, min_share: 0.5}\n",
        encoding="utf-8",
    )
    spec = load_budget_file(path)
    tight = PortfolioInputs(**{**inputs.__dict__, "budgets": spec.budgets})
    cost = inputs.candidates[2].costs[0] * 0.5
    # Half the team costs more than the 2026 budget once that budget is below it.
    spec.budgets[0] = type(spec.budgets[0])("kommun", 2026, cost / 2, spec.budgets[0].line)
    with pytest.raises(InputError) as caught:
        optimise(tight, spec, "kommun", None)
    text = caught.value.render("en")
    assert "kommun" in text and "2026" in text and "budget" in text and ":2:" in text


def test_linear_in_the_number_of_children(spec: PortfolioSpec) -> None:
    """The assumption behind scaling: half the intake gives half of every draw's NPV and half
    the costs (the school-attendance example has no fixed costs)."""
    text = example_text("school-attendance")
    half = text.replace("intake: {per_year: 20, years: 5}", "intake: {per_year: 10, years: 5}")
    assert half != text
    full_in = candidate_inputs([example("school-attendance")], spec, None, 50, 3)
    half_in = candidate_inputs([(parse_scenario(half, "half"), "half")], spec, None, 50, 3)
    a, b = full_in.candidates[0], half_in.candidates[0]
    assert b.group_size == a.group_size / 2
    np.testing.assert_allclose(b.npv, a.npv / 2, rtol=1e-9, atol=1e-3)
    np.testing.assert_allclose(b.costs, a.costs / 2, rtol=1e-12)


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("budgets:\n  - {payer: kommun, year: 2026, amount: -5}\n", "budgets[0].amount"),
        ("budgets:\n  - {payer: kommun, year: twenty, amount: 5}\n", "budgets[0].year"),
        ("budgets:\n  - {payer: kommun, year: 2026, amount: 5, extra: 1}\n", "budgets[0]"),
        ("budgets: []\n", "budgets"),
        (
            "budgets:\n  - {payer: kommun, year: 2026, amount: 5}\n"
            "  - {payer: kommun, year: 2026, amount: 6}\n",
            "budgets",
        ),
        (
            "budgets:\n  - {payer: kommun, year: 2026, amount: 5}\n"
            "candidates:\n  a/b: {max_share: 1.5}\n",
            "candidates.a/b.max_share",
        ),
    ],
)
def test_bad_budget_files(tmp_path: Path, text: str, field: str) -> None:
    path = tmp_path / "b.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_budget_file(path)
    assert any(p.field == field for p in caught.value.problems), caught.value.render("en")


def test_csv_and_yaml_agree(tmp_path: Path, spec: PortfolioSpec) -> None:
    path = tmp_path / "b.csv"
    path.write_text(
        "payer;year;amount\nkommun;2026;1200000\nkommun;2027;1500000\n"
        "kommun.skola;2026;400000\nregion;2026;100000\n",
        encoding="utf-8",
    )
    rows = load_budget_file(path).budgets
    assert [(r.payer, r.year, r.amount) for r in rows] == [
        (r.payer, r.year, r.amount) for r in spec.budgets
    ]
    assert [r.line for r in rows] == [2, 3, 4, 5]


def test_unknown_payer_and_candidate(tmp_path: Path, inputs: PortfolioInputs) -> None:
    path = tmp_path / "b.yaml"
    path.write_text("budgets:\n  - {payer: landsting, year: 2026, amount: 5}\n", encoding="utf-8")
    with pytest.raises(InputError, match="landsting"):
        candidate_inputs([example("school-attendance")], load_budget_file(path), None, 5, 1)
    path.write_text(
        "budgets:\n  - {payer: kommun, year: 2026, amount: 5}\ncandidates:\n  x/y: {}\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError, match="x/y"):
        optimise(inputs, load_budget_file(path), "kommun", None)


def test_risk_limit_options() -> None:
    assert risk_limit(None, None) is None
    assert risk_limit(0.1, None) == ChanceLimit(0.1)
    assert risk_limit(None, 0.0) == CvarLimit(0.05, 0.0)
    with pytest.raises(ValueError):
        risk_limit(0.0, 0.0)


def test_cli_json_through_the_entry_point(budget_file: Path) -> None:
    result = run_cli(
        "portfolio",
        EXAMPLES / "parenting-programme.yaml",
        EXAMPLES / "school-attendance.yaml",
        "--budget",
        budget_file,
        "--scope",
        "kommun",
        "--alpha",
        "0.2",
        "--draws",
        "100",
        "--seed",
        "5",
        "--format",
        "json",
    )
    assert result.returncode == 0, result.describe()
    data = result.json()
    assert data["analysis"] == "portfolio" and data["scope"] == "kommun"
    assert data["risk_limit"] == {"kind": "chance", "alpha": 0.2}
    assert data["p_loss"] <= 0.2
    assert all(b["used"] <= b["amount"] * (1 + 1e-7) + 1e-3 for b in data["budgets"])
    assert {"p_gain", "p_gain_term_of_office"} <= set(data["by_scope"]["kommun"])
    assert len(data["candidates"]) == 3


def test_cli_table_and_bad_input(tmp_path: Path, budget_file: Path) -> None:
    runner = CliRunner()
    env = cli_env()
    ok = runner.invoke(
        app,
        [
            "portfolio",
            str(EXAMPLES / "school-attendance.yaml"),
            "--budget",
            str(budget_file),
            "--draws",
            "50",
            "--frontier",
            "risk",
            "--lang",
            "en",
        ],
        env=env,
    )
    assert ok.exit_code == 0, ok.output
    assert "Efficient frontier over the risk level" in ok.output
    bad = tmp_path / "bad.csv"
    bad.write_text("payer,year,amount\nkommun,2026,-1\n", encoding="utf-8")
    refused = runner.invoke(
        app,
        [
            "portfolio",
            str(EXAMPLES / "school-attendance.yaml"),
            "--budget",
            str(bad),
            "--format",
            "json",
        ],
        env=env,
    )
    assert refused.exit_code == 2
    problems = json.loads(refused.output)["problems"]
    assert problems[0]["line"] == 2 and problems[0]["field"] == "row 1.amount"


def test_html_page(tmp_path: Path, budget_file: Path) -> None:
    """``--report`` writes one self-contained page in the chosen language: the chosen
    candidate, the budgets, the frontier, and no untranslated English headings."""
    page = tmp_path / "portfolio.html"
    ran = CliRunner().invoke(
        app,
        [
            "portfolio",
            str(EXAMPLES / "school-attendance.yaml"),
            "--budget",
            str(budget_file),
            "--draws",
            "50",
            "--frontier",
            "budget",
            "--report",
            str(page),
            "--lang",
            "sv",
            "--format",
            "json",
        ],
        env=cli_env(),
    )
    assert ran.exit_code == 0, ran.output
    html = page.read_text(encoding="utf-8")
    data = json.loads(ran.output)
    assert html.startswith("<!DOCTYPE html>") and "<style>" in html
    assert "Utnyttjade budgetar" in html and "Effektiv front över budgeten" in html
    assert "school_attendance/attendance_team" in html
    assert "Budgets used" not in html and "Risk limit" not in html
    assert len([p for p in data["frontier"]["points"]]) == 9


def test_candidate_settings_in_participants_and_shares(
    tmp_path: Path, inputs: PortfolioInputs
) -> None:
    """Participants become shares of the target group (the attendance team's intake is
    5 x 20 = 100 children; the parenting programme's 5 000), and the flags carry over."""
    path = tmp_path / "b.yaml"
    path.write_text(
        BUDGET_YAML
        + "candidates:\n"
        + "  school_attendance/attendance_team: {max_participants: 60, min_participants: 25}\n"
        + "  parenting_programme/indicated: {max_share: 0.5, all_or_nothing: true}\n"
        + "  parenting_programme/universal: {required: true, min_share: 0.1}\n",
        encoding="utf-8",
    )
    p = build_problem(inputs, load_budget_file(path), "kommun", None, binary=False)
    assert p.upper.tolist() == [1.0, 0.5, 0.6]
    assert p.lower.tolist() == [0.1, 0.0, 0.25]
    assert p.binary.tolist() == [False, True, False]
    assert p.required.tolist() == [True, False, False]
    assert p.groups.tolist() == [0, 0, 1]
    result = optimise(inputs, load_budget_file(path), "kommun", None)
    shares = {c.id: c for c in result.candidates}
    team = shares["school_attendance/attendance_team"]
    assert team.share == 0.0 or 0.25 - 1e-9 <= team.share <= 0.6 + 1e-9
    assert team.participants == pytest.approx(team.share * 100)
    assert shares["parenting_programme/indicated"].share in (0.0, 0.5)
    universal = shares["parenting_programme/universal"].share
    assert universal >= 0.1 - 1e-9
    assert universal + shares["parenting_programme/indicated"].share <= 1.0 + 1e-9
    # Required without a minimum: at its maximum.
    path.write_text(
        BUDGET_YAML + "candidates:\n  parenting_programme/universal: {required: true}\n",
        encoding="utf-8",
    )
    fixed = build_problem(inputs, load_budget_file(path), "kommun", None, binary=False)
    assert fixed.lower.tolist() == [1.0, 0.0, 0.0] and fixed.required.tolist()[0]
