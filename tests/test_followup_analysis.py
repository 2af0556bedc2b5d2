"""The follow-up analysis (socinvest.analysis.followup, socinvest.core.bayes): plan against
actual by hand, Bayes' rule against closed forms and scipy, the prior as the model draws it,
the posterior scenario, and the re-forecast of the parenting example."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import special, stats

from socinvest.analysis.evsi import EvsiSettings
from socinvest.analysis.followup import (
    FollowUpError,
    case_statement,
    deviations,
    effect_parts,
    effect_updates,
    follow_up,
    forecast,
    posterior_scenario,
    prior_of,
)
from socinvest.analysis.followup_types import (
    EffectLink,
    FollowUpPlan,
    FollowUpResult,
    IndicatorPlan,
    Observation,
)
from socinvest.analysis.psa import run_psa
from socinvest.core.bayes import (
    Normal,
    beta_binomial_update,
    beta_log_ratio,
    log_ratio_from_counts,
    normal_update,
)
from socinvest.core.effect_sizes import CHINN, Z95
from socinvest.i18n import translator
from socinvest.params.yaml_source import LineMap
from socinvest.scenario.load import load_scenario, scenario_from_data
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
DRAWS = 300
SEED = 11


@pytest.fixture(scope="module")
def parenting() -> Scenario:
    return load_scenario(EXAMPLE)


def _plan(link: EffectLink | None = LINK) -> FollowUpPlan:
    return FollowUpPlan(
        periods=("2026", "2027"),
        reach={"2026": 30, "2027": 30},
        cost={"2026": {"kommun.socialtjanst": 200_000.0}},
        indicators=(
            IndicatorPlan(
                "moved",
                "Lämnade riskzonen",
                "Left the risk zone",
                "proportion",
                {"2026": 0.20, "2027": 0.20},
                link,
                lower_is_better=False,
            ),
        ),
        tolerance=0.10,
    )


def _counts(e1: int, n1: int, e0: int, n0: int, period: str = "2026") -> list[Observation]:
    return [
        Observation(period, "indicator", e1 / n1, indicator="moved", n=n1, events=e1),
        Observation(
            period, "indicator", e0 / n0, indicator="moved", n=n0, events=e0, group="comparison"
        ),
    ]


# --------------------------------------------------------------------------------------------
# Plan against actual


def test_deviations_by_hand() -> None:
    plan = FollowUpPlan(
        periods=("2026", "2027", "2028"),
        reach={"2026": 100, "2027": 100, "2028": 100},
        cost={"2026": {"kommun.socialtjanst": 1000.0}, "2027": {"kommun.socialtjanst": 1000.0}},
        indicators=(
            IndicatorPlan("placed", "Placerade", "Placed", "proportion", {"2026": 0.10}),
            IndicatorPlan(
                "school", "Skola", "School", "proportion", {"2026": 0.80}, lower_is_better=False
            ),
        ),
        tolerance=0.10,
    )
    obs = [
        # reach 2026 in two rows: 50 + 40 = 90, exactly 10 % under: not beyond the tolerance
        Observation("2026", "reach", 50.0),
        Observation("2026", "reach", 40.0),
        Observation("2026", "reach", 999.0, group="comparison"),  # not the plan's group
        Observation("2026", "cost", 1150.0, payer="kommun.socialtjanst"),  # +15 %: flagged
        # placed: (3 + 9) / (40 + 60) = 0.12, 20 % worse (higher): flagged
        Observation("2026", "indicator", 3 / 40, indicator="placed", n=40, events=3),
        Observation("2026", "indicator", 9 / 60, indicator="placed", n=60, events=9),
        # school: 0.85 > planned 0.80, better: not flagged
        Observation("2026", "indicator", 0.85, indicator="school", n=20, events=17),
        # 2027: reach 80 (-20 %: flagged); cost missing (flagged: the period is due)
        Observation("2027", "reach", 80.0),
    ]
    found = {(d.period, d.item): d for d in deviations(plan, obs)}
    reach = found[("2026", "reach")]
    assert (reach.planned, reach.actual, reach.flagged) == (100.0, 90.0, False)
    assert reach.relative == pytest.approx(-0.10)
    cost = found[("2026", "cost:kommun.socialtjanst")]
    assert cost.actual == 1150.0 and cost.relative == pytest.approx(0.15) and cost.flagged
    placed = found[("2026", "indicator:placed")]
    assert placed.actual == pytest.approx(0.12) and placed.n == 100 and placed.flagged
    assert placed.relative == pytest.approx(0.20)
    school = found[("2026", "indicator:school")]
    assert school.actual == pytest.approx(0.85) and not school.flagged
    assert found[("2027", "reach")].flagged
    missing_cost = found[("2027", "cost:kommun.socialtjanst")]
    assert missing_cost.actual is None and missing_cost.flagged
    # 2028 is after the last observed period: not yet due, so not flagged as missing
    assert not found[("2028", "reach")].flagged
    # ... unless the caller says it is due
    late = {(d.period, d.item): d for d in deviations(plan, obs, as_of="2028")}
    assert late[("2028", "reach")].flagged
    # Nothing planned for a period observed: shown, never flagged
    extra = deviations(plan, [*obs, Observation("2029", "reach", 5.0)])
    d2029 = next(d for d in extra if d.period == "2029" and d.item == "reach")
    assert d2029.planned is None and d2029.actual == 5.0 and not d2029.flagged


def test_deviation_of_a_lower_is_better_indicator_that_improves_is_not_flagged() -> None:
    plan = FollowUpPlan(
        periods=("2026",),
        indicators=(IndicatorPlan("p", "P", "P", "proportion", {"2026": 0.5}),),
    )
    found = deviations(plan, [Observation("2026", "indicator", 0.2, indicator="p")])
    (d,) = [x for x in found if x.item == "indicator:p"]
    assert d.actual == pytest.approx(0.2) and d.relative == pytest.approx(-0.6)
    assert not d.flagged


def test_an_observation_of_an_unknown_indicator_names_its_line() -> None:
    obs = [Observation("2026", "indicator", 0.1, indicator="nope", line=7)]
    with pytest.raises(FollowUpError, match=r"line 7.*'nope'.*moved"):
        deviations(_plan(), obs)
    bad = [Observation("2026", "indicator", 2.0, indicator="moved", n=3, events=6, line=9)]
    with pytest.raises(FollowUpError, match=r"line 9.*6 events of 3"):
        deviations(_plan(), bad)


# --------------------------------------------------------------------------------------------
# Bayes' rule: closed forms


def test_log_odds_ratio_and_woolf_standard_error_by_hand() -> None:
    local = log_ratio_from_counts(30, 100, 20, 100)
    assert local.mean == pytest.approx(math.log(30 * 80 / (70 * 20)))
    assert local.sd == pytest.approx(math.sqrt(1 / 30 + 1 / 70 + 1 / 20 + 1 / 80))
    rr = log_ratio_from_counts(30, 100, 20, 100, "relative_risk")
    assert rr.mean == pytest.approx(math.log(0.30 / 0.20))
    assert rr.sd == pytest.approx(math.sqrt(1 / 30 - 1 / 100 + 1 / 20 - 1 / 100))
    # A zero cell: 1/2 added to every cell (Haldane)
    zero = log_ratio_from_counts(0, 10, 4, 10)
    assert zero.mean == pytest.approx(math.log(0.5 * 6.5 / (10.5 * 4.5)))
    assert zero.sd == pytest.approx(math.sqrt(1 / 0.5 + 1 / 10.5 + 1 / 4.5 + 1 / 6.5))


def test_normal_update_by_hand() -> None:
    prior, local = Normal(0.3, 0.2), Normal(0.9, 0.4)
    post = normal_update(prior, local)
    # precisions 25 and 6.25: mean (25 x 0.3 + 6.25 x 0.9) / 31.25 = 0.42, sd 1 / sqrt(31.25)
    assert post.mean == pytest.approx(0.42)
    assert post.sd == pytest.approx(1 / math.sqrt(31.25))
    assert normal_update(Normal(0.3, 0.0), local) == Normal(0.3, 0.0)


@settings(max_examples=60, deadline=None)
@given(
    m0=st.floats(-2, 2),
    s0=st.floats(0.01, 2),
    y=st.floats(-3, 3),
    se=st.floats(0.01, 3),
)
def test_property_normal_posterior_is_between_and_narrower(
    m0: float, s0: float, y: float, se: float
) -> None:
    post = normal_update(Normal(m0, s0), Normal(y, se))
    assert post.sd <= min(s0, se) * (1 + 1e-12)
    assert min(m0, y) - 1e-12 <= post.mean <= max(m0, y) + 1e-12


def test_beta_log_ratio_moments_against_scipy() -> None:
    e1, n1, e0, n0 = 7, 25, 3, 30
    b1, b0 = stats.beta(0.5 + e1, 0.5 + n1 - e1), stats.beta(0.5 + e0, 0.5 + n0 - e0)
    for scale, g in (
        ("odds_ratio", lambda p: special.logit(p)),
        ("relative_risk", lambda p: np.log(p)),
    ):
        got = beta_log_ratio(e1, n1, e0, n0, scale)  # type: ignore[arg-type]
        m1, m0 = b1.expect(g), b0.expect(g)
        v1 = b1.expect(lambda p, g=g, m=m1: (g(p) - m) ** 2)
        v0 = b0.expect(lambda p, g=g, m=m0: (g(p) - m) ** 2)
        assert got.mean == pytest.approx(m1 - m0, rel=1e-6)
        assert got.sd == pytest.approx(math.sqrt(v1 + v0), rel=1e-6)


def test_beta_binomial_update_against_importance_sampling_with_scipy() -> None:
    prior = Normal(0.3, 0.4)
    e1, n1, e0, n0 = 9, 30, 4, 35
    got = beta_binomial_update(prior, e1, n1, e0, n0)
    rng = np.random.default_rng(5)
    k = 400_000
    theta = stats.norm(prior.mean, prior.sd).rvs(k, random_state=rng)
    p0 = stats.beta(0.5 + e0, 0.5 + n0 - e0).rvs(k, random_state=rng)
    p1 = special.expit(special.logit(p0) + theta)
    w = stats.binom(n1, p1).pmf(e1)
    w /= w.sum()
    mean = float(np.sum(w * theta))
    sd = math.sqrt(float(np.sum(w * (theta - mean) ** 2)))
    assert got.mean == pytest.approx(mean, abs=0.01)
    assert got.sd == pytest.approx(sd, rel=0.02)
    # the same for a relative risk
    got_rr = beta_binomial_update(prior, e1, n1, e0, n0, "relative_risk")
    p1 = np.minimum(p0 * np.exp(theta), 1.0)
    w = stats.binom(n1, p1).pmf(e1)
    w /= w.sum()
    mean = float(np.sum(w * theta))
    assert got_rr.mean == pytest.approx(mean, abs=0.01)


@pytest.mark.parametrize("method", ["normal", "beta"])
def test_huge_local_study_gives_the_local_estimate_and_none_gives_the_prior(method: str) -> None:
    prior = Normal(0.3, 0.2)
    e1, n1, e0, n0 = 300_000, 1_000_000, 200_000, 1_000_000
    local = math.log(0.3 * 0.8 / (0.7 * 0.2))

    def update(counts: tuple[int, int, int, int]) -> Normal:
        if method == "normal":
            if counts[1] == 0:
                return prior
            return normal_update(prior, log_ratio_from_counts(*counts))
        return beta_binomial_update(prior, *counts)

    big = update((e1, n1, e0, n0))
    assert big.mean == pytest.approx(local, abs=1e-3)
    assert big.sd < 0.01
    assert update((0, 0, e0, n0)) == prior


@settings(max_examples=10, deadline=None)
@given(
    m0=st.floats(-1, 1),
    s0=st.floats(0.05, 1),
    n1=st.integers(1, 80),
    n0=st.integers(1, 80),
    f1=st.floats(0, 1),
    f0=st.floats(0, 1),
)
def test_property_beta_binomial_posterior_is_narrower_than_the_prior(
    m0: float, s0: float, n1: int, n0: int, f1: float, f0: float
) -> None:
    """A normal prior times a log-concave likelihood has a variance at most the prior's
    (Brascamp-Lieb); the likelihood here is log-concave in the log odds ratio. (Its mean need
    not lie between the prior's and a local estimate: with one child in each group and no
    events, the Jeffreys estimate is 0 but the likelihood leans towards fewer events.)"""
    e1, e0 = round(f1 * n1), round(f0 * n0)
    post = beta_binomial_update(Normal(m0, s0), e1, n1, e0, n0)
    assert post.sd <= s0 * (1 + 1e-3)


# --------------------------------------------------------------------------------------------
# The prior as the model uses it


def _triangular(a: float, c: float, b: float) -> tuple[float, float]:
    return (a + b + c) / 3, (a * a + b * b + c * c + a * b + a * c + b * c) / 6


def test_prior_of_the_parenting_effect_by_hand_and_against_the_psa_draws(
    parenting: Scenario,
) -> None:
    parts = effect_parts(parenting, None, LINK)
    prior = prior_of(parts, parenting)
    # ln OR = 0.44 pi / sqrt(3), se from the SMD's interval; four triangular adjustments
    mean_log = 0.44 * CHINN
    se_log = (0.77 - 0.11) / (2 * Z95) * CHINN
    m1, m2 = 1.0, 1.0
    for a, c, b in ((0.5, 0.75, 1.0), (0.5, 0.75, 1.0), (0.7, 0.9, 1.0), (0.5, 0.75, 1.0)):
        e, e2 = _triangular(a, c, b)
        m1, m2 = m1 * e, m2 * e2
    mean = mean_log * m1
    sd = math.sqrt((mean_log**2 + se_log**2) * m2 - mean**2)
    assert prior.mean == pytest.approx(mean, rel=1e-9)
    assert prior.sd == pytest.approx(sd, rel=1e-9)
    psa = run_psa(parenting, None, 2000, 3)
    drawn = parts.log_effect(psa.parameter_draws, psa.draws)
    assert float(drawn.mean()) == pytest.approx(prior.mean, abs=4 * prior.sd / math.sqrt(2000))
    assert float(drawn.std()) == pytest.approx(prior.sd, rel=0.08)


def _with_effect(parenting: Scenario, effect: dict[str, Any]) -> Scenario:
    data = parenting.model_dump(by_alias=True, exclude_unset=True)
    old = data["interventions"][1]["effects"][0]
    for key in ("study", "adjustments", "odds_ratio", "relative_risk", "note"):
        old.pop(key, None)
    old.update(effect)
    return scenario_from_data(data, LineMap(), "test", None)


def test_a_fixed_effect_is_not_updated(parenting: Scenario) -> None:
    fixed = _with_effect(parenting, {"odds_ratio": 1.4})
    (update,) = effect_updates(fixed, None, _plan(), _counts(20, 40, 5, 40))
    assert update.prior_fixed and update.prior_sd == 0.0
    assert update.prior_mean == pytest.approx(math.log(1.4))
    assert update.posterior_mean == update.prior_mean and update.posterior_sd == 0.0
    assert update.local_mean == pytest.approx(math.log(20 * 35 / (20 * 5)))
    assert posterior_scenario(fixed, [update]) is fixed


def test_effect_updates_choose_the_method_and_pool_the_periods(parenting: Scenario) -> None:
    obs = _counts(9, 30, 3, 30) + _counts(11, 30, 6, 30, "2027")
    (auto,) = effect_updates(parenting, None, _plan(), obs)
    assert (auto.events_intervention, auto.n_intervention) == (20, 60)
    assert (auto.events_comparison, auto.n_comparison) == (9, 60)
    assert auto.method == "normal_log_ratio"  # every cell has at least 5
    expected = normal_update(
        Normal(auto.prior_mean, auto.prior_sd), log_ratio_from_counts(20, 60, 9, 60)
    )
    assert auto.posterior_mean == pytest.approx(expected.mean)
    assert auto.posterior_sd == pytest.approx(expected.sd)
    (small,) = effect_updates(parenting, None, _plan(), _counts(2, 10, 1, 10))
    assert small.method == "beta_binomial"
    (chosen,) = effect_updates(parenting, None, _plan(), obs, method={"moved": "beta_binomial"})
    assert chosen.method == "beta_binomial"
    (early,) = effect_updates(parenting, None, _plan(), obs, as_of="2026")
    assert early.n_intervention == 30
    (none,) = effect_updates(parenting, None, _plan(), [])
    assert none.local_mean is None and none.posterior_mean == none.prior_mean


def test_bad_links_are_refused_with_a_message(parenting: Scenario) -> None:
    with pytest.raises(FollowUpError, match=r"'nope'.*universal_offer, indicated_group"):
        effect_updates(parenting, None, _plan(EffectLink("nope", 0)), [])
    with pytest.raises(FollowUpError, match="effect 3 of indicated_group, which has 1"):
        effect_updates(parenting, None, _plan(EffectLink("indicated_group", 3)), [])
    plan = FollowUpPlan(
        periods=("2026",),
        indicators=(IndicatorPlan("c", "C", "C", "count", effect=LINK),),
    )
    with pytest.raises(FollowUpError, match="is a count"):
        effect_updates(parenting, None, plan, [])


# --------------------------------------------------------------------------------------------
# The posterior scenario and the re-forecast


def test_posterior_scenario_changes_only_the_linked_effect(parenting: Scenario) -> None:
    (update,) = effect_updates(parenting, None, _plan(), _counts(15, 40, 5, 40))
    posterior = posterior_scenario(parenting, [update])
    before = parenting.model_dump(by_alias=True, exclude_unset=True)
    after = posterior.model_dump(by_alias=True, exclude_unset=True)
    effect = after["interventions"][1]["effects"].pop(0)
    before["interventions"][1]["effects"].pop(0)
    assert after == before
    assert "study" not in effect and "adjustments" not in effect
    ratio = effect["odds_ratio"]
    assert ratio["distribution"] == "lognormal"
    assert math.log(ratio["value"]) == pytest.approx(update.posterior_mean)
    assert ratio["sd_log"] == pytest.approx(update.posterior_sd)
    assert "adjustments are removed" in effect["note"]
    # The posterior, as the model now uses it, is the update's posterior
    parts = effect_parts(posterior, None, LINK)
    prior = prior_of(parts, posterior)
    assert prior.mean == pytest.approx(update.posterior_mean)
    assert prior.sd == pytest.approx(update.posterior_sd)


@pytest.fixture(scope="module")
def followed(parenting: Scenario) -> dict[str, FollowUpResult]:
    # The study's effect as used is an odds ratio of about exp(0.29) = 1.34 on leaving the
    # risk zone; locally 3.4 (much better) or 0.25 (much worse), on 2 x 400 children.
    # What a further evaluation is worth is asked of the first only.
    worth = EvsiSettings(sizes=(50, 5000), cost_per_participant_year=2000.0, fixed_cost=1e5)
    return {
        name: follow_up(
            parenting,
            None,
            _plan(),
            obs,
            draws=DRAWS,
            seed=SEED,
            evsi=worth if name == "better" else None,
            investment=f"inv-{name}",
        )
        for name, obs in (
            ("better", _counts(180, 400, 80, 400)),
            ("worse", _counts(20, 400, 70, 400)),
            ("none", []),
        )
    }


def _kommun(forecasts: Any) -> Any:
    return next(f for f in forecasts if f.scope == "kommun")


def test_a_much_better_local_effect_raises_the_kommun_npv(
    followed: dict[str, FollowUpResult],
) -> None:
    result = followed["better"]
    assert result.updates[0].posterior_mean > result.updates[0].prior_mean + 0.3
    assert _kommun(result.updated).npv_mean > _kommun(result.decided).npv_mean
    assert _kommun(result.updated).p_gain >= _kommun(result.decided).p_gain
    assert result.case_holds


def test_follow_up_values_the_next_evaluation_on_the_updated_forecast(
    followed: dict[str, FollowUpResult],
) -> None:
    result = followed["better"]
    worth = result.evsi
    assert worth is not None and followed["none"].evsi is None
    assert result.investment == "inv-better"
    assert worth.scope == "kommun" and worth.indicator == "moved"
    assert worth.baseline == pytest.approx(80 / 400)  # the comparison group's share
    assert [p.n for p in worth.points] == [50, 5000]
    assert all(0.0 <= p.evsi_per_person <= worth.evpi_per_person for p in worth.points)
    assert worth.points[1].cost == pytest.approx(2000.0 * 5000 + 1e5)


def test_a_much_worse_local_effect_lowers_the_kommun_npv(
    followed: dict[str, FollowUpResult],
) -> None:
    result = followed["worse"]
    assert result.updates[0].posterior_mean < 0
    assert _kommun(result.updated).npv_mean < _kommun(result.decided).npv_mean
    assert result.case_holds == (_kommun(result.updated).npv_mean > 0)
    assert not result.case_holds


def test_without_observations_the_reforecast_is_the_decided_forecast(
    parenting: Scenario, followed: dict[str, FollowUpResult]
) -> None:
    result = followed["none"]
    assert result.updated == result.decided
    assert result.decided == followed["better"].decided  # the same seed, the same scenario
    assert result.draws == DRAWS and result.seed == SEED
    alone = forecast(parenting, None, ["kommun"], DRAWS, SEED, alternative="indicated")
    assert alone == (_kommun(result.decided),)


def test_the_statement_whether_the_case_holds_in_both_languages(
    followed: dict[str, FollowUpResult],
) -> None:
    holds = case_statement(followed["better"])
    fails = case_statement(followed["worse"])
    assert holds.english.startswith("The case still holds for kommun")
    assert fails.english.startswith("The case no longer holds for kommun")
    swedish = fails.translate(translator("sv"))
    assert swedish != fails.english and "kommun" in swedish


def test_forecast_options_are_checked(parenting: Scenario) -> None:
    with pytest.raises(FollowUpError, match="universal, indicated"):
        forecast(parenting, None, ["kommun"], 2, 1)
    with pytest.raises(FollowUpError, match="unknown scope 'nowhere'"):
        forecast(parenting, None, ["nowhere"], 2, 1, alternative="indicated")


def test_the_posterior_is_applied_as_is_under_an_optimism_bias_and_an_inverse(
    parenting: Scenario,
) -> None:
    """What the scenario still applies to a replaced effect (the optimism-bias haircut, the
    sign of an inverse effect) is divided out, so the model uses the posterior itself."""
    data = parenting.model_dump(by_alias=True, exclude_unset=True)
    data["analysis"]["optimism_bias"] = {"effects": 0.3}
    effect = data["interventions"][1]["effects"][0]
    effect["inverse"] = True
    effect["study"]["reverse"] = False  # the same direction of the moves as before
    biased = scenario_from_data(data, LineMap(), "test", None)
    parts = effect_parts(biased, None, LINK)
    assert parts.kept_multiplier == pytest.approx(-0.7)
    (update,) = effect_updates(biased, None, _plan(), _counts(15, 40, 5, 40))
    posterior = posterior_scenario(biased, [update])
    now = prior_of(effect_parts(posterior, None, LINK), posterior)
    assert now.mean == pytest.approx(update.posterior_mean)
    assert now.sd == pytest.approx(update.posterior_sd)
