"""Funds and outcome contracts on a scenario's draws (socinvest.analysis.fund, .contract,
.yearly_draws), the rules files and the ``fund`` and ``contract`` commands."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from clitools import cli_env, finite_json, run_cli
from socinvest.analysis import psa as psa_module
from socinvest.analysis import yearly_draws as yearly_module
from socinvest.analysis.contract import simulate_contract
from socinvest.analysis.fund import simulate_fund
from socinvest.analysis.psa import run_psa
from socinvest.analysis.yearly_draws import YearlyDraws, yearly_draws
from socinvest.cli.main import app
from socinvest.params.errors import InputError
from socinvest.reports.fund_report import contract_html, fund_html
from socinvest.scenario.contract_terms import parse_contract_terms
from socinvest.scenario.fund_rules import example_fund, example_funds, parse_fund_rules
from socinvest.scenario.load import load_scenario
from socinvest.scenario.model import Scenario
from socinvest.scenario.validate import payer_tree_of

EXAMPLE = Path(__file__).resolve().parent.parent / "src/socinvest/data/examples"
SCENARIO = EXAMPLE / "school-attendance.yaml"
DRAWS = 40
SEED = 7

TERMS = """\
id: test-contract
name: {sv: Testkontrakt, en: Test contract}
years: 10
outcomes:
  - states: [placed]
    measure: person_years_avoided
    price: 600000
  - states: [upper_secondary]
    measure: person_years_gained
    price: 50000
payers: {kommun.socialtjanst: 0.7, kommun.skola: 0.3}
cap_per_year: 400000
cap_total: 2000000
"""


@pytest.fixture(scope="module")
def scenario() -> Scenario:
    return load_scenario(SCENARIO)


@pytest.fixture(scope="module")
def draws(scenario: Scenario) -> YearlyDraws:
    return yearly_draws(scenario, draws=DRAWS, seed=SEED)


@pytest.mark.parametrize("block", [500, 5], ids=["one-block", "blocks-of-5"])
def test_yearly_draws_are_the_psa_draws(
    scenario: Scenario, block: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The present value of each draw's yearly flows is the PSA's NPV of that draw, for every
    payer node (same parameter and transition draws), also when the draws span several of
    the PSA's blocks of draws (5 draws a block here instead of 500)."""
    monkeypatch.setattr(psa_module, "BLOCK_DRAWS", block)
    monkeypatch.setattr(yearly_module, "BLOCK_DRAWS", block)
    psa = run_psa(scenario, draws=12, seed=SEED)
    full = yearly_draws(scenario, draws=12, seed=SEED, cash=False)
    alt = psa.alternatives[0]
    ours = full.alternatives[alt.alternative]
    for q, scope in enumerate(psa.scopes):
        if scope not in full.payers:
            continue
        i = full.payers.index(scope)
        npv = (ours.savings[:, :, i] - ours.programme[:, :, i]) @ full.money_factors
        scale = max(1.0, float(np.max(np.abs(alt.npv[:, q]))))
        assert np.max(np.abs(npv - alt.npv[:, q])) <= 1e-9 * scale, scope
    # The draws differ from each other, and the same seed gives the same numbers bit for bit.
    assert np.std(ours.savings.sum(axis=(1, 2))) > 0
    again = yearly_draws(scenario, draws=12, seed=SEED, cash=False)
    assert np.array_equal(again.alternatives[alt.alternative].savings, ours.savings)


@pytest.mark.parametrize("name", ["norrkoping", "pitea", "gavleborg", "orebro"])
def test_every_example_fund_balances_and_respects_its_rule(name: str, draws: YearlyDraws) -> None:
    rules, _lines = example_fund(name)
    result = simulate_fund(rules, draws)
    book = result.ledger
    assert np.array_equal(
        book.opening + book.allocations[None] + book.repayments - book.disbursements, book.closing
    )
    assert np.all(book.closing == np.round(book.closing))
    limits = rules.limits
    for inv in result.investments:
        assert np.all(inv.disbursed <= limits.fund_share * inv.cost + 0.5)
        if limits.max_per_year is not None:
            assert np.all(inv.disbursed <= limits.max_per_year)
        if limits.max_years is not None:
            assert not np.any(inv.disbursed[:, limits.max_years :])
        assert np.all(inv.repaid.sum(axis=1) <= inv.cap)
    for c in result.committees:
        if rules.repayment.rule == "share_of_savings":
            share = rules.repayment.share
            assert np.all(c.repaid <= share * np.maximum(c.savings, 0.0) + 1e-6)
        if rules.repayment.rule == "budget_frame":
            # The same in every draw: the expected savings, whatever is realised.
            assert np.all(c.repaid == c.repaid[0])
            expected = np.floor(np.maximum(c.savings.mean(axis=0), 0.0))
            assert np.array_equal(c.repaid[0], expected)
        if rules.repayment.rule == "none":
            assert not np.any(c.repaid)
    assert 0.0 <= result.p_depleted <= 1.0


def test_depletion_on_a_scenario(draws: YearlyDraws) -> None:
    """A fund with too little capital and no repayment is depleted in every draw, in the year
    its payments out pass the capital; with plenty it never is."""
    small, _ = parse_fund_rules(
        "id: small\nname: {sv: Liten, en: Small}\ncapital: 1000000\nrepayment: {rule: none}\n",
        "small.yaml",
    )
    result = simulate_fund(small, draws)
    assert result.p_depleted == 1.0
    paid = np.cumsum(result.ledger.disbursements, axis=1)
    first = np.argmax(paid > 1_000_000, axis=1)
    assert np.array_equal(result.ledger.first_depleted, first)
    rich, _ = parse_fund_rules(
        "id: rich\nname: {sv: Rik, en: Rich}\ncapital: 100000000\nrepayment: {rule: none}\n",
        "rich.yaml",
    )
    assert simulate_fund(rich, draws).p_depleted == 0.0


def test_investments_start_later_and_committees_own_costs(draws: YearlyDraws) -> None:
    start = draws.years[0]
    rules, _ = parse_fund_rules(
        f"""\
id: two
name: {{sv: Två, en: Two}}
capital: 20000000
allocations: [{{amount: 1000000, years: 5}}]
limits: {{fund_share: 0.5}}
repayment: {{rule: share_of_savings, share: 0.5, from_year: 2, cap: {{times_disbursed: 1}}}}
investments:
  - {{alternative: attendance_team}}
  - {{alternative: attendance_team, start_year: {start + 3}}}
""",
        "two.yaml",
    )
    result = simulate_fund(rules, draws)
    first, second = result.investments
    assert np.array_equal(second.disbursed[:, 3:], first.disbursed[:, :-3])
    assert not np.any(second.disbursed[:, :3])
    assert result.ledger.allocations[:5].tolist() == [1e6] * 5
    assert not np.any(result.ledger.allocations[5:])
    # Half the cost is the fund's; the other half falls on the payers as in the scenario.
    alt = draws.alternatives["attendance_team"]
    social = draws.payers.index("kommun.socialtjanst")
    c = next(c for c in result.committees if c.payer == "kommun.socialtjanst")
    # The first three years hold only the first investment.
    own_first = alt.programme[:, :3, social] * (1 - first.disbursed[:, :3] / first.cost[:, :3])
    assert np.allclose(c.own_cost[:, :3], own_first, rtol=1e-12, atol=1e-6)
    assert np.all(first.disbursed[:, :3] > 0)
    assert np.allclose(first.disbursed, np.round(0.5 * first.cost), atol=0.5)


def test_contract_caps_and_payers(draws: YearlyDraws) -> None:
    terms, _ = parse_contract_terms(TERMS, "terms.yaml")
    result = simulate_contract(terms, draws)
    assert np.all(result.payments <= 400_000.0)
    assert np.all(result.payments.sum(axis=1) <= 2_000_000.0 + 1e-6)
    assert not np.any(result.payments[:, 10:]) and not np.any(result.costs[:, 10:])
    # Outcomes as read from the person-years: placements avoided, diplomas gained.
    alt = draws.alternatives["attendance_team"]
    placed = draws.states.index("placed")
    assert np.allclose(result.outcomes[:, :10, 0], -alt.person_years[:, :10, placed])
    # Each payer with the contract: its savings less its share of the payments (the investor
    # pays the costs in the contract's years).
    i = draws.payers.index("kommun.socialtjanst")
    later = np.arange(len(draws.years)) >= 10
    expected = (
        alt.savings[:, :, i] - 0.7 * result.payments - alt.programme[:, :, i] * later
    ) @ draws.money_factors
    assert abs(result.payers[0].with_contract.mean - float(expected.mean())) <= 0.005  # öre
    assert 0.0 <= result.p_loss <= 1.0
    finite = result.irr[np.isfinite(result.irr)]
    assert finite.size > 0


BAD_RULES = """\
id: bad
name: {sv: Dålig, en: Bad}
capital: 1000000
repayment:
  rule: share_of_savings
  share: 1.5
"""


def test_bad_rules_name_file_line_and_field() -> None:
    with pytest.raises(InputError) as info:
        parse_fund_rules(BAD_RULES, "bad.yaml")
    problem = info.value.problems[0]
    assert problem.field == "repayment.share"
    assert problem.line == 6
    assert "bad.yaml" in info.value.render("en")


def test_examples_are_sourced() -> None:
    for name in example_funds():
        rules, _ = example_fund(name)
        sourced = rules.figure_sources()
        for figure in rules.figures():
            assert figure in sourced, (name, figure)
        for s in rules.sources:
            assert s.status != "verified" or s.grade == "primary"


def test_fund_command_errors(tmp_path: Path) -> None:
    runner = CliRunner()
    rules = tmp_path / "rules.yaml"
    rules.write_text(
        "id: r\nname: {sv: R, en: R}\ncapital: 1\nrepayment: {rule: none}\n"
        "investments:\n  - alternative: nothing_like_it\n",
        encoding="utf-8",
    )
    result = runner.invoke(
        app, ["fund", str(SCENARIO), "--rules", str(rules), "--draws", "0", "--lang", "en"]
    )
    assert result.exit_code == 2
    assert f"{rules}:6" in result.output and "investments[0].alternative" in result.output
    assert "attendance_team" in result.output
    both = runner.invoke(app, ["fund", str(SCENARIO), "--draws", "0", "--lang", "en"])
    assert both.exit_code == 2 and "--rules" in both.output
    unknown = runner.invoke(
        app, ["fund", str(SCENARIO), "--example", "atlantis", "--draws", "0", "--lang", "en"]
    )
    assert unknown.exit_code == 2 and "norrkoping" in unknown.output


def test_contract_command_in_text(tmp_path: Path) -> None:
    terms = tmp_path / "terms.yaml"
    terms.write_text(TERMS, encoding="utf-8")
    result = CliRunner().invoke(
        app,
        ["contract", str(SCENARIO), "--terms", str(terms), "--draws", "20", "--lang", "en"],
    )
    assert result.exit_code == 0, result.output
    assert "IRR" in result.output and "probability of a loss" in result.output


def test_fund_through_the_entry_point() -> None:
    result = run_cli(
        "fund",
        SCENARIO,
        "--example",
        "norrkoping",
        "--draws",
        "20",
        "--format",
        "json",
        env=cli_env(),
    )
    assert result.returncode == 0, result.describe()
    data = finite_json(result.stdout)
    assert data["analysis"] == "fund" and data["fund"]["repayment"]["rule"] == "budget_frame"
    assert data["meta"]["draws"] == 20
    assert len(data["balance"]["mean"]) == len(data["years"])
    assert {c["payer"] for c in data["committees"]} >= {"kommun.socialtjanst"}
    mean = data["ledger_mean"]
    for t in range(len(data["years"])):
        assert math.isclose(
            mean["opening"][t]
            + mean["allocations"][t]
            + mean["repayments"][t]
            - mean["disbursements"][t],
            mean["closing"][t],
            abs_tol=1e-6,
        )


def test_pages(draws: YearlyDraws, scenario: Scenario) -> None:
    tree = payer_tree_of(scenario)
    rules, _ = example_fund("pitea")
    page = fund_html(simulate_fund(rules, draws), tree, "sv")
    assert "Sannolikhet att fonden töms" in page and "Socialtjänsten" in page
    assert 'id="fund-balance"' in page and "docplayer.se" in page
    terms, _ = parse_contract_terms(TERMS, "terms.yaml")
    page = contract_html(simulate_contract(terms, draws), tree, "en")
    assert "probability of a loss" in page and 'id="contract-investor"' in page
    assert "Social services" in page


def test_report_option(tmp_path: Path) -> None:
    runner = CliRunner()
    wrong = runner.invoke(
        app,
        [
            "fund",
            str(SCENARIO),
            "--example",
            "orebro",
            "--draws",
            "0",
            "--report",
            str(tmp_path / "page.pdf"),
            "--lang",
            "en",
        ],
    )
    assert wrong.exit_code == 2 and "--report" in wrong.output and ".html" in wrong.output
    out = tmp_path / "page.html"
    ok = runner.invoke(
        app,
        ["fund", str(SCENARIO), "--example", "orebro", "--draws", "0", "--report", str(out)],
    )
    assert ok.exit_code == 0, ok.output
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_bad_terms_name_the_field_in_both_languages() -> None:
    text = TERMS.replace("kommun.skola: 0.3", "kommun.skola: 0.2")
    with pytest.raises(InputError) as info:
        parse_contract_terms(text, "terms.yaml")
    assert "terms.yaml:11: payers: the payers' shares must sum to 1" in info.value.render("en")
    assert "aktörernas andelar måste summera till 1" in info.value.render("sv")
    unverified = BAD_RULES.replace("  share: 1.5\n", "") + (
        "sources:\n  - {title: A blog, grade: secondary, status: verified, figures: [capital]}\n"
    )
    with pytest.raises(InputError) as info:
        parse_fund_rules(unverified, "rules.yaml")
    assert info.value.problems[0].field == "sources[0]"
    assert "primary source" in info.value.render("en")
