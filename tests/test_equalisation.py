"""Tax and income equalisation (socinvest.core.equalisation, socinvest.core.income_tax) and the
Swedish tax rules of a model (``model.tax_rules``): hand-computed cases, the two-year lag year by
year, invariants and the command line.

The hand computations follow the worked example of the project's reference
``shared/reference/equalisation.md`` § 4 (one extra worker with gross wage 141 600 SEK and
taxable income 100 000 SEK, 2025 rules, kommun 22 %, region 11.5 %, Västra Götaland county).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clitools import run_cli
from socinvest.analysis.psa import drawn_parameters, run_psa
from socinvest.analysis.results import analyse
from socinvest.analysis.run import run_scenario
from socinvest.core.equalisation import (
    PublicFinanceRules,
    TierRates,
    applicable_rate,
    kept_share,
    payment_matrices,
    shift_years,
    split_labour_cost,
    tier_rest,
)
from socinvest.core.income_tax import (
    earned_income_reduction,
    general_pension_contribution,
    grundavdrag,
    jobbskatteavdrag,
    state_income_tax,
)
from socinvest.core.ledger import CATEGORIES
from socinvest.params.counties import county_rates
from socinvest.params.errors import InputError
from socinvest.params.library import default_library
from socinvest.scenario.compile import compile_scenario
from socinvest.scenario.load import example_text, parse_scenario
from socinvest.scenario.references import library_for, resolve_scenario

PBB_2025 = 58_800.0
GROSS = 141_600.0
EMPLOYER = 0.3142
LABOUR_COST = GROSS * (1 + EMPLOYER)
BASE = 100_000.0  # the taxable income (uprated base) of the worked example

KOMMUN_BELOW = TierRates(0.22, 0.95, 0.003, 0.1941, 0.1734, 0.192)
KOMMUN_ABOVE = TierRates(0.22, 1.20, 0.003, 0.1941, 0.1734, 0.192)
REGION_VG = TierRates(0.115, 0.95, 0.167, 0.0967, 0.0915, 0.0947)


def rules(kommun: TierRates = KOMMUN_BELOW, region: TierRates = REGION_VG) -> PublicFinanceRules:
    return PublicFinanceRules(kommun, region, 1.15, EMPLOYER, 0.1021, 0.07, PBB_2025, 625_800, 0.2)


# --------------------------------------------------------------------------------------------
# Hand computations: what a unit keeps per 100 000 SEK of extra uprated base (reference § 4)


def test_kommun_below_the_guarantee_keeps_its_rate_less_the_grant_rate() -> None:
    # 22 000 - 19 410 + 0.003 (19 410 + 1.15 (19 410 - 19 200)) = 2 590 + 58.95 = 2 648.95
    kept = BASE * KOMMUN_BELOW.kept(1.15)
    assert kept == pytest.approx(2_648.9545, abs=1e-6)
    assert round(kept) == 2_649  # the reference's table
    assert BASE * float(tier_rest(0.22, KOMMUN_BELOW.kept(1.15))) == pytest.approx(19_351.0455)


def test_kommun_above_the_guarantee_keeps_its_rate_less_the_fee_rate() -> None:
    # The fee rate 17.34 applies: 22 000 - 17 340 + 0.003 (17 340 + 1.15 (17 340 - 19 200))
    # = 4 660 + 45.603 = 4 705.603
    assert float(applicable_rate(1.20, 0.1941, 0.1734)) == 0.1734
    kept = BASE * KOMMUN_ABOVE.kept(1.15)
    assert kept == pytest.approx(4_705.603, abs=1e-6)
    assert round(kept) == 4_706


def test_only_the_side_of_the_guarantee_matters() -> None:
    at_95 = TierRates(0.22, 0.95, 0.003, 0.1941, 0.1734, 0.192).kept(1.15)
    at_105 = TierRates(0.22, 1.05, 0.003, 0.1941, 0.1734, 0.192).kept(1.15)
    assert at_95 == at_105


def test_a_large_region_keeps_much_more_than_its_rate_less_the_grant_rate() -> None:
    # Region Västra Götaland, n = 0.167: 11 500 - 9 670 + 0.167 (9 670 + 1.15 (9 670 - 9 470))
    # = 1 830 + 1 653.3 = 3 483.3 (the reference rounds to 3 485), not the naive 1 830.
    kept = BASE * REGION_VG.kept(1.15)
    assert kept == pytest.approx(3_483.3, abs=1e-6)
    assert kept == pytest.approx(3_485, rel=1e-3)
    # Region Stockholm (fee 9.51, n = 0.233): 1 990 + 0.233 (9 510 + 1.15 x 40) = 4 216.5
    stockholm = TierRates(0.115, 1.2, 0.233, 0.1003, 0.0951, 0.0947)
    assert BASE * stockholm.kept(1.15) == pytest.approx(4_216.548, abs=1e-6)


def test_a_unit_that_is_the_whole_country_keeps_its_whole_rate() -> None:
    assert float(kept_share(0.2, 0.19, 1.0, 0.19)) == pytest.approx(0.2)


def test_the_personal_tax_of_the_worked_example() -> None:
    assert float(grundavdrag(GROSS, PBB_2025)) == 41_600  # 41 550 rounded up
    # (0.91 pbb + 38.74 % (G - 0.91 pbb) - GA) x 33.5 % = 46 034.84 x 0.335
    assert float(jobbskatteavdrag(GROSS, 41_600, 0.335, PBB_2025)) == pytest.approx(15_421.6717)
    assert float(general_pension_contribution(GROSS, 0.07, PBB_2025)) == 9_900  # 9 912
    assert float(earned_income_reduction(BASE)) == pytest.approx(450)
    assert float(state_income_tax(BASE, 625_800, 0.2)) == 0
    assert float(state_income_tax(725_800, 625_800, 0.2)) == pytest.approx(20_000)


def test_income_tax_bands_follow_the_law() -> None:
    pbb = 57_300.0
    # grundavdrag: 0.423 pbb at low income, 0.77 pbb at 3 pbb, 0.293 pbb above 7.88 pbb
    assert float(grundavdrag(0.5 * pbb, pbb)) == np.ceil(0.423 * pbb / 100) * 100
    assert float(grundavdrag(0.2 * pbb, pbb)) == pytest.approx(0.2 * pbb)  # never above income
    assert float(grundavdrag(3.0 * pbb, pbb)) == np.ceil(0.77 * pbb / 100) * 100
    assert float(grundavdrag(9.0 * pbb, pbb)) == np.ceil(0.293 * pbb / 100) * 100
    # JSA above 8.08 pbb: (2.776 pbb - GA) x rate
    ga = float(grundavdrag(10 * pbb, pbb))
    assert float(jobbskatteavdrag(10 * pbb, ga, 0.3, pbb)) == pytest.approx(
        (2.776 * pbb - ga) * 0.3
    )
    # between 3.24 and 8.08: 1.813 pbb + 19.9 % of the part above 3.24 pbb
    ai = 5 * pbb
    ga = float(grundavdrag(ai, pbb))
    expected = (1.813 * pbb + 0.199 * (ai - 3.24 * pbb) - ga) * 0.3
    assert float(jobbskatteavdrag(ai, ga, 0.3, pbb)) == pytest.approx(expected)
    assert float(earned_income_reduction(300_000)) == 1_500
    assert float(earned_income_reduction(30_000)) == 0
    assert float(general_pension_contribution(20_000, 0.07, pbb)) == 0  # below 42.3 % of pbb


def test_one_extra_worker_per_payer() -> None:
    """The reference's worked example split by payer (SEK a year, 2025 rules)."""
    split = split_labour_cost(LABOUR_COST, rules())
    assert float(split.gross_wage) == pytest.approx(GROSS)
    assert float(split.taxable_income) == pytest.approx(BASE)
    assert float(split.kommun) == pytest.approx(2_648.9545)
    assert float(split.other_kommuner) == pytest.approx(19_351.0455)
    assert float(split.region) == pytest.approx(3_483.3)
    assert float(split.other_regions) == pytest.approx(8_016.7)
    # State: 21.21 % x G - 9 900 - 15 421.67 - 450 = 4 261.69 (reference: about +4 260)
    assert float(split.state) == pytest.approx(0.2121 * GROSS - 9_900 - 15_421.6717 - 450)
    assert float(split.state) == pytest.approx(4_260, abs=5)
    # Pension: 10.21 % x G + 9 900 = 24 357.36; the individual's net tax 17 628
    assert float(split.individual_pension) == pytest.approx(0.1021 * GROSS + 9_900)
    # The individual's net income tax: 33 500 + 9 900 - (9 900 + 15 421.67 + 450) = 17 628.33
    assert GROSS - float(split.individual_net) == pytest.approx(17_628.3283, abs=1e-3)
    assert float(split.amounts().sum()) == pytest.approx(LABOUR_COST)


def test_above_the_guarantee_the_kommun_keeps_more_and_the_state_the_same() -> None:
    below = split_labour_cost(LABOUR_COST, rules(KOMMUN_BELOW))
    above = split_labour_cost(LABOUR_COST, rules(KOMMUN_ABOVE))
    assert float(above.kommun) == pytest.approx(4_705.603)
    assert float(above.kommun + above.other_kommuner) == pytest.approx(22_000)
    assert float(above.state) == pytest.approx(float(below.state))


# --------------------------------------------------------------------------------------------
# Invariants


rates = st.floats(0.05, 0.3)


@settings(max_examples=200, deadline=None)
@given(
    cost=st.floats(0.0, 3_000_000.0),
    t_k=rates,
    t_r=st.floats(0.05, 0.15),
    capacity=st.floats(0.5, 2.0),
    n_k=st.floats(0.0, 0.1),
    n_r=st.floats(0.0, 0.3),
)
def test_the_split_adds_up_to_the_labour_cost_and_each_tier_gets_its_rate(
    cost: float, t_k: float, t_r: float, capacity: float, n_k: float, n_r: float
) -> None:
    kommun = TierRates(t_k, capacity, n_k, 0.1941, 0.1734, 0.192)
    region = TierRates(t_r, capacity, n_r, 0.0967, 0.0915, 0.0947)
    split = split_labour_cost(cost, rules(kommun, region))
    assert float(split.amounts().sum()) == pytest.approx(cost, rel=1e-12, abs=1e-6)
    base = float(split.taxable_income)
    assert float(split.kommun + split.other_kommuner) == pytest.approx(t_k * base, abs=1e-6)
    assert float(split.region + split.other_regions) == pytest.approx(t_r * base, abs=1e-6)
    assert float(split.individual_net) >= 0
    assert float(split.individual_pension) >= 0


def test_payment_matrices_keep_the_total_and_shift_by_the_lag() -> None:
    lagged = np.array([False, True, True, False])
    now, later = payment_matrices(lagged, holder=3)
    np.testing.assert_array_equal(now + later, np.eye(4))
    flows = np.array([1.0, 2.0, 3.0, 4.0])
    np.testing.assert_array_equal(flows @ now, [1.0, 0.0, 0.0, 9.0])
    np.testing.assert_array_equal(flows @ later, [0.0, 2.0, 3.0, -5.0])
    shifted = shift_years(np.arange(3.0)[None, :, None] + 1, 2, axis=1)
    np.testing.assert_array_equal(shifted[0, :, 0], [0, 0, 1, 2, 3])
    with pytest.raises(ValueError, match="holding"):
        payment_matrices(lagged, holder=1)


# --------------------------------------------------------------------------------------------
# A model with tax_rules: one worker, year by year


TAX_RULES = """
  tax_rules:
    system: swedish
    payment_lag_years: {lag}
    kommun:
      tax_rate: 0.22
      tax_capacity: {capacity}
      population_share: 0.003
      grant_rate: 0.1941
      fee_rate: 0.1734
      mean_rate: 0.192
    region:
      tax_rate: 0.115
      tax_capacity: 0.95
      population_share: 0.167
      grant_rate: 0.0967
      fee_rate: 0.0915
      mean_rate: 0.0947
    guarantee: 1.15
    employer_contributions: 0.3142
    employer_pension_contribution: 0.1021
    general_pension_contribution: 0.07
    price_base_amount: 58800
    state_tax_threshold: 625800
    state_tax_rate: 0.2
"""

WORKER = """
socinvest: 1
id: one_worker
title: One extra worker
model:
  states:
    - {{id: idle}}
    - {{id: working}}
    - {{id: dead, absorbing: true}}
  transitions:
    - ages: 0-120
      probabilities:
        idle: {{idle: rest}}
        working: {{working: rest}}
  earnings:
    - state: working
      ages: "{ages}"
      annual: {cost}
{rules}
target_group:
  start_age: 30
  level: selective
  initial_states: {{working: 1.0}}
  size: 1
interventions:
  - id: nothing
    costs: [{{payer: kommun, fixed_per_year: 1.0}}]
alternatives:
  - {{id: as_today, comparison: true}}
  - {{id: other, interventions: [nothing]}}
analysis:
  start_year: 2026
  price_year: 2024
  horizon: {{years: {years}}}
  timing: start
  discount_rate: 0.0
"""


def worker(
    *, ages: str = "30", years: int = 6, capacity: float = 0.95, lag: int = 2, rules: str = ""
) -> str:
    block = rules or TAX_RULES.format(lag=lag, capacity=capacity)
    return WORKER.format(ages=ages, cost=repr(LABOUR_COST), rules=block, years=years)


def ledger_of(text: str) -> tuple[np.ndarray, list[str]]:
    compiled = compile_scenario(parse_scenario(text, "worker.yaml"))
    run = run_scenario(compiled)
    production = CATEGORIES.index("production")
    return -run.comparison.ledger[0, :, :, production], list(compiled.payers.ids)


@pytest.mark.parametrize("capacity", [0.95, 1.20])
def test_a_worker_in_year_y_pays_the_kommun_in_y_plus_2_only(capacity: float) -> None:
    """Income (positive here) by year and payer for one worker in year 0 only."""
    income, payers = ledger_of(worker(capacity=capacity))
    col = {p: payers.index(p) for p in payers}
    split = split_labour_cost(LABOUR_COST, rules(KOMMUN_BELOW if capacity < 1.15 else KOMMUN_ABOVE))
    local_tax = 0.335 * BASE
    for year in range(6):
        kommun = income[year, col["kommun"]]
        state = income[year, col["stat"]]
        if year == 0:
            assert kommun == 0
            assert income[year, col["ovriga_kommunsektorn.kommuner"]] == 0
            assert income[year, col["region"]] == 0
            # The state holds the local tax withheld in the year of work.
            assert state == pytest.approx(float(split.state) + local_tax)
            assert income[year, col["individ"]] == pytest.approx(
                float(split.individual_net + split.individual_pension)
            )
        elif year == 2:
            assert kommun == pytest.approx(float(split.kommun))
            assert kommun == pytest.approx(2_648.9545 if capacity < 1.15 else 4_705.603)
            assert income[year, col["ovriga_kommunsektorn.kommuner"]] == pytest.approx(
                float(split.other_kommuner)
            )
            assert income[year, col["region"]] == pytest.approx(3_483.3)
            assert income[year, col["ovriga_kommunsektorn.regioner"]] == pytest.approx(8_016.7)
            assert state == pytest.approx(-local_tax)  # paid on to kommun and region
            assert income[year, col["individ"]] == 0
        else:
            assert np.all(income[year] == 0), year
    assert income.sum() == pytest.approx(LABOUR_COST)


def test_without_a_lag_the_tax_arrives_in_the_year_of_work() -> None:
    income, payers = ledger_of(worker(lag=0))
    assert income[0, payers.index("kommun")] == pytest.approx(2_648.9545)
    assert np.all(income[1:] == 0)


def test_tax_paid_after_the_horizon_stays_with_the_state() -> None:
    """A worker in the horizon's last year: the state holds the tax, the kommun never gets it;
    the socio-economic total is unchanged."""
    income, payers = ledger_of(worker(ages="30-31", years=2))
    assert income[:, payers.index("kommun")].sum() == 0
    assert income.sum() == pytest.approx(2 * LABOUR_COST)


def test_fixed_shares_still_work() -> None:
    shares = "  production_split: {individ: 0.5, kommun: 0.2, region: 0.1, stat: 0.2}\n"
    income, payers = ledger_of(worker(rules=shares))
    assert income[0, payers.index("kommun")] == pytest.approx(0.2 * LABOUR_COST)
    assert np.all(income[1:] == 0)


def test_both_a_split_and_tax_rules_are_refused() -> None:
    both = TAX_RULES.format(lag=2, capacity=0.95) + "  production_split: {individ: 1.0}\n"
    with pytest.raises(InputError, match="either production_split"):
        parse_scenario(worker(rules=both), "worker.yaml")


def test_a_fractional_lag_is_refused_with_its_field() -> None:
    text = worker(rules=TAX_RULES.format(lag=1.5, capacity=0.95))
    with pytest.raises(InputError, match="payment_lag_years") as info:
        parse_scenario(text, "worker.yaml")
    assert "whole number of years" in str(info.value)


# --------------------------------------------------------------------------------------------
# The shipped model and the probabilistic analysis


def test_the_psa_with_the_values_reproduces_the_deterministic_result() -> None:
    """The lagged flows go through the PSA's own arrays: draws held at the values give the
    deterministic NPV of every scope, the rest of each tier and the state included."""
    model = parse_scenario(example_text("parenting-programme"), "parenting-programme.yaml")
    resolved = resolve_scenario(model, library_for(model))
    money, ratios = drawn_parameters(model, resolved.parameters)
    values = {p: np.full(3, resolved.parameters[p].value) for p in money + ratios}
    psa = run_psa(model, None, 3, parameter_draws=values, transition_rows=False)
    det = analyse(model)
    for alt in psa.alternatives:
        comparison = det.comparison_for(alt.alternative)
        for q, scope in enumerate(psa.scopes):
            assert alt.npv[0, q] == pytest.approx(comparison.horizon[scope].npv, abs=1e-3)
            term = comparison.term_of_office[scope].npv
            assert alt.npv_term[0, q] == pytest.approx(term, abs=1e-3)
    indicated = det.comparison_for("indicated").horizon
    assert (
        indicated["ovriga_kommunsektorn.kommuner"].npv
        > indicated["kommun"].npv
        - indicated["kommun.socialtjanst"].npv
        - indicated["kommun.skola"].npv
        - indicated["kommun.arbetsmarknad"].npv
    )


def test_cli_run_shows_the_other_municipalities_and_regions(tmp_path: Path) -> None:
    made = run_cli("example", "parenting-programme", "--out", "p.yaml", cwd=tmp_path)
    assert made.returncode == 0, made.describe()
    result = run_cli("run", "p.yaml", "--format", "json", "--lang", "en", cwd=tmp_path)
    assert result.returncode == 0, result.describe()
    data = json.loads(result.stdout)
    ids = [p["id"] for p in data["payers"]]
    assert "ovriga_kommunsektorn.kommuner" in ids and "ovriga_kommunsektorn.regioner" in ids
    indicated = next(a for a in data["alternatives"] if a["id"] == "indicated")
    by_payer = indicated["vs_comparison"]["npv"]["by_payer"]
    assert (
        by_payer["ovriga_kommunsektorn.kommuner"] > 0
        and by_payer["ovriga_kommunsektorn.regioner"] > 0
    )
    # The kommun keeps about an eighth of its tax: the rest of the tier gets far more of the
    # production gain than the kommun itself.
    direct = by_payer["kommun"] - sum(v for k, v in by_payer.items() if k.startswith("kommun."))
    assert 0 < direct < by_payer["ovriga_kommunsektorn.kommuner"] / 5


# --------------------------------------------------------------------------------------------
# The county table and the library defaults


def test_county_rates_by_kommunkod() -> None:
    gothenburg = county_rates("1480")
    assert gothenburg.name == "Västra Götalands län"
    assert (gothenburg.grant_kommun, gothenburg.grant_region) == pytest.approx((0.1941, 0.0967))
    assert (gothenburg.fee_kommun, gothenburg.fee_region) == pytest.approx((0.1734, 0.0915))
    assert county_rates("0180").grant_kommun == pytest.approx(0.1905)  # Stockholm
    with pytest.raises(ValueError, match="four digits"):
        county_rates("148")
    with pytest.raises(ValueError, match="no county with code '99'"):
        county_rates("9999")


def test_the_default_county_rates_are_vastra_gotalands() -> None:
    library = default_library()
    when = dt.date(2026, 1, 1)
    vg = county_rates("1480")

    def value(name: str) -> float:
        return library.resolve(f"skatt.{name}", 2024, when).value

    assert value("utjamningssats_bidrag_kommun") == pytest.approx(vg.grant_kommun)
    assert value("utjamningssats_avgift_kommun") == pytest.approx(vg.fee_kommun)
    assert value("utjamningssats_bidrag_region") == pytest.approx(vg.grant_region)
    assert value("utjamningssats_avgift_region") == pytest.approx(vg.fee_region)
    assert value("skattekraft_kommun") < value("garantiniva")  # a grant kommun
