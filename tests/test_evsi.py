"""What the next evaluation is worth (socinvest.analysis.evsi, socinvest.core.voi.evsi):
the regression EVSI against the closed form of the normal-normal linear case, EVSI rising
with the study's size and never above EVPI, the optimal size against brute force."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
from scipy import integrate, stats

from socinvest.analysis.evsi import EvsiSettings, evsi, evsi_from_psa
from socinvest.analysis.followup import FollowUpError, effect_parts
from socinvest.analysis.followup_types import (
    EffectLink,
    EvsiResult,
    FollowUpPlan,
    IndicatorPlan,
    Observation,
)
from socinvest.analysis.psa import PsaResults, run_psa
from socinvest.core.bayes import log_ratio_estimates, log_ratio_from_counts
from socinvest.core.voi import evpi, evppi, evsi_linear_normal, unit_normal_loss
from socinvest.core.voi import evsi as evsi_regression
from socinvest.scenario.load import load_scenario
from socinvest.scenario.model import Scenario

EXAMPLE = (
    Path(__file__).resolve().parent.parent
    / "src"
    / "socinvest"
    / "data"
    / "examples"
    / "parenting-programme.yaml"
)
LINK = EffectLink("indicated_group", 0)
SCOPE = "kommun.socialtjanst"  # the payer whose gain is least sure (about 80 %)


# --------------------------------------------------------------------------------------------
# Closed forms


def test_unit_normal_loss_is_the_expected_excess() -> None:
    for z in (-1.5, 0.0, 0.4, 2.0):
        value, _err = integrate.quad(lambda x, z=z: (x - z) * stats.norm.pdf(x), z, np.inf)
        assert unit_normal_loss(z) == pytest.approx(value, rel=1e-9)
    assert unit_normal_loss(0.0) == pytest.approx(1 / math.sqrt(2 * math.pi))


def test_closed_form_evsi_rises_to_the_evpi() -> None:
    a, b, mu, sd, s = 0.2, 1.5, 0.0, 1.0, 2.0
    evpi_closed = abs(b) * sd * unit_normal_loss(abs(a + b * mu) / (abs(b) * sd))
    values = [evsi_linear_normal(a, b, mu, sd, s, n) for n in (1, 4, 16, 64, 1e9)]
    assert values == sorted(values)
    assert values[-1] == pytest.approx(evpi_closed, rel=1e-6)
    assert evsi_linear_normal(a, b, mu, sd, s, math.inf) == pytest.approx(evpi_closed)
    assert evsi_linear_normal(a, b, mu, sd, s, 0) == 0.0


def _normal_case(n: float, draws: int = 20_000) -> tuple[float, float, float]:
    """Regression EVSI, closed-form EVSI and closed-form EVPI of INB = a + b theta,
    theta ~ N(mu, sd^2), a study mean of n observations of sd s."""
    a, b, mu, sd, s = 0.2, 1.0, 0.0, 1.0, 2.0
    rng = np.random.default_rng(2015)
    theta = rng.normal(mu, sd, draws)
    xbar = theta + rng.normal(0.0, s / math.sqrt(n), draws)
    nb = np.column_stack([np.zeros(draws), a + b * theta])
    closed = evsi_linear_normal(a, b, mu, sd, s, n)
    ceiling = evsi_linear_normal(a, b, mu, sd, s, math.inf)
    return evsi_regression(nb, xbar), closed, ceiling


@pytest.mark.parametrize("n", [1, 4, 25])
def test_regression_evsi_matches_the_closed_form(n: int) -> None:
    """Strong et al. (2015) against Raiffa and Schlaifer's closed form (Willan and Pinto
    2005): within Monte Carlo tolerance (20 000 draws)."""
    got, closed, ceiling = _normal_case(n)
    assert got == pytest.approx(closed, rel=0.04)
    assert got <= ceiling * 1.03


def test_regression_evsi_rises_with_the_study_size_and_stays_below_evpi() -> None:
    values = [_normal_case(n, 8000)[0] for n in (1, 10, 100)]
    assert values[0] < values[1] < values[2]
    ceiling = _normal_case(1, 8000)[2]
    assert values[-1] <= ceiling * 1.05


def test_simulated_log_ratios_match_the_two_by_two_formula() -> None:
    e1 = np.array([0, 3, 10, 20])
    e0 = np.array([5, 0, 7, 20])
    for scale in ("odds_ratio", "relative_risk"):
        got = log_ratio_estimates(e1, 20, e0, 20, scale)  # type: ignore[arg-type]
        expected = [
            log_ratio_from_counts(int(x), 20, int(y), 20, scale).mean  # type: ignore[arg-type]
            for x, y in zip(e1, e0, strict=True)
        ]
        assert got == pytest.approx(expected)


# --------------------------------------------------------------------------------------------
# The parenting example


@pytest.fixture(scope="module")
def parenting() -> Scenario:
    return load_scenario(EXAMPLE)


@pytest.fixture(scope="module")
def psa(parenting: Scenario) -> PsaResults:
    return run_psa(parenting, None, 500, 7)


def _settings(**kwargs: object) -> EvsiSettings:
    base: dict[str, object] = {
        "sizes": (10, 1000, 100_000),
        "baseline": 0.12,
        "link": LINK,
        "indicator": "moved",
    }
    base.update(kwargs)
    return EvsiSettings(**base)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def result(parenting: Scenario, psa: PsaResults) -> EvsiResult:
    return evsi_from_psa(parenting, None, psa, _settings(), scope=SCOPE)


def test_evsi_rises_with_n_stays_below_evpi_and_approaches_the_evppi_of_the_effect(
    parenting: Scenario, psa: PsaResults, result: EvsiResult
) -> None:
    values = [p.evsi_per_person for p in result.points]
    assert values == sorted(values)
    assert values[-1] > 0
    assert all(v <= result.evpi_per_person for v in values)
    persons = sum(parenting.target_group.intake_sizes())
    nb = np.column_stack(
        [np.zeros(psa.draws), psa.for_alternative("indicated").npv[:, psa.scopes.index(SCOPE)]]
    )
    assert result.evpi_per_person == pytest.approx(evpi(nb / persons))
    # A study of 100 000 per group all but reveals the effect: EVSI near its EVPPI
    theta = effect_parts(parenting, None, LINK).log_effect(psa.parameter_draws, psa.draws)
    assert values[-1] == pytest.approx(evppi(nb / persons, theta), rel=0.15)


def test_population_value_cost_and_enbs(result: EvsiResult) -> None:
    # 1 000 children a year for 5 years at 3.5 %, mid-year: the annuity factor
    annuity = sum(1.035 ** -(t + 0.5) for t in range(5))
    assert result.population == pytest.approx(1000 * annuity)
    for p in result.points:
        assert p.evsi_population == pytest.approx(p.evsi_per_person * result.population)
        assert p.cost == 0.0 and p.enbs == p.evsi_population


def test_optimal_n_against_brute_force(parenting: Scenario, psa: PsaResults) -> None:
    sizes = (10, 100, 1000, 10_000, 100_000)
    for per_year, fixed in ((0.0, 0.0), (1.0, 1000.0), (50.0, 0.0), (1e9, 0.0)):
        got = evsi_from_psa(
            parenting,
            None,
            psa,
            _settings(sizes=sizes, cost_per_participant_year=per_year, fixed_cost=fixed, years=2),
            scope=SCOPE,
        )
        for p in got.points:
            assert p.cost == pytest.approx(per_year * p.n * 2 + fixed)
        best = None
        for p in got.points:
            if p.enbs > 0 and (best is None or p.enbs > best.enbs):
                best = p
        assert got.optimal_n == (best.n if best is not None else None)
    assert got.optimal_n is None  # a billion a participant-year never pays


def test_evsi_runs_its_own_analysis_the_same_as_from_a_psa(
    parenting: Scenario, result: EvsiResult
) -> None:
    again = evsi(parenting, None, _settings(), scope=SCOPE, draws=500, seed=7)
    assert again == result


def test_settings_are_filled_from_the_plan_and_checked() -> None:
    plan = FollowUpPlan(
        periods=("2026",),
        indicators=(
            IndicatorPlan("other", "A", "A", "proportion"),
            IndicatorPlan("moved", "B", "B", "proportion", effect=LINK, lower_is_better=False),
        ),
    )
    obs = [
        Observation("2026", "indicator", 0.1, indicator="moved", n=n, events=e, group="comparison")
        for e, n in ((4, 40),)
    ] + [
        Observation("2027", "indicator", 0.3, indicator="moved", n=n, events=e, group="comparison")
        for e, n in ((18, 60),)
    ]
    filled = EvsiSettings().resolved_for(plan, obs)
    assert filled.indicator == "moved" and filled.link == LINK
    assert filled.baseline == pytest.approx(22 / 100)
    assert EvsiSettings().resolved_for(plan, obs, as_of="2026").baseline == pytest.approx(0.1)
    assert EvsiSettings(baseline=0.3).resolved_for(plan, obs).baseline == 0.3
    with pytest.raises(FollowUpError, match="comparison group's proportion of moved"):
        EvsiSettings().resolved_for(plan, [])
    with pytest.raises(FollowUpError, match="'other' is not linked"):
        EvsiSettings(indicator="other").resolved_for(plan, obs)
    with pytest.raises(FollowUpError, match="the plan has none"):
        EvsiSettings().resolved_for(FollowUpPlan(periods=("2026",)), obs)


def test_bad_settings_are_refused(parenting: Scenario, psa: PsaResults) -> None:
    with pytest.raises(FollowUpError, match="at least 1"):
        evsi_from_psa(parenting, None, psa, _settings(sizes=(0, 10)), scope=SCOPE)
    with pytest.raises(FollowUpError, match="strictly between 0 and 1"):
        evsi_from_psa(parenting, None, psa, _settings(baseline=1.0), scope=SCOPE)
    with pytest.raises(FollowUpError, match="must not be negative"):
        evsi_from_psa(parenting, None, psa, _settings(fixed_cost=-1.0), scope=SCOPE)
    with pytest.raises(FollowUpError, match="unknown scope 'nowhere'"):
        evsi_from_psa(parenting, None, psa, _settings(), scope="nowhere")
