"""Value of information (core.voi): EVPI, EVPPI by regression, population scaling.

Known answers: EVPI of two options with a normally distributed incremental net benefit
against its closed form; EVPPI of a parameter that a net benefit is linear in, against the
same closed form; EVPPI of the only uncertain parameter equals EVPI; EVPPI of a parameter
the net benefit does not depend on is about 0; EVPI >= EVPPI >= 0 on random cases.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import norm

from socinvest.core.timing import Timing, discount_factors
from socinvest.core.voi import annuity_factor, evpi, evppi, evppi_each, population_value


def rng(seed: int = 2014) -> np.random.Generator:
    return np.random.Generator(np.random.PCG64(seed))


def normal_evpi(mu: float, sigma: float) -> float:
    """EVPI of choosing between two options whose incremental net benefit is
    ``Delta ~ N(mu, sigma ** 2)``.

    With current information the better option on the mean is chosen, worth
    ``max(mu, 0)`` over the reference; with perfect information the better option in each
    draw, worth ``E[max(Delta, 0)]``. For ``Delta = mu + sigma Z``:

        E[max(Delta, 0)] = mu Phi(mu / sigma) + sigma phi(mu / sigma)

    (integrate ``(mu + sigma z) phi(z)`` over ``z > -mu / sigma``; ``z phi(z) = -phi'(z)``).
    Subtracting ``max(mu, 0)``: for ``mu >= 0``, ``mu Phi(mu/sigma) - mu = -mu Phi(-mu/sigma)``;
    for ``mu < 0``, ``mu Phi(mu/sigma) = -|mu| Phi(-|mu|/sigma)``. Both cases, with phi even:

        EVPI = sigma phi(mu / sigma) - |mu| Phi(-|mu| / sigma).
    """
    return float(sigma * norm.pdf(mu / sigma) - abs(mu) * norm.cdf(-abs(mu) / sigma))


# --------------------------------------------------------------------------------------------
# EVPI


def test_evpi_hand_example() -> None:
    # Draw 1: A is better by 1; draw 2: B is better by 2. On the mean B (1.0 against 0.5).
    nb = np.array([[1.0, 0.0], [0.0, 2.0]])
    assert evpi(nb) == pytest.approx((1.0 + 2.0) / 2 - 1.0, abs=1e-15)


def test_evpi_of_one_alternative_or_no_uncertainty_is_zero() -> None:
    assert evpi(np.ones((10, 1))) == 0.0
    assert evpi(np.tile([3.0, 5.0, 1.0], (10, 1))) == 0.0


@pytest.mark.parametrize(("mu", "sigma"), [(0.0, 1.0), (0.5, 2.0), (-1.5, 1.0), (3.0, 1.5)])
def test_evpi_matches_the_closed_form_for_a_normal_incremental_net_benefit(
    mu: float, sigma: float
) -> None:
    n = 400_000
    delta = rng().normal(mu, sigma, n)
    nb = np.column_stack([np.zeros(n), delta])
    # The estimator's error is dominated by the mean of max(Delta, 0), sd at most sigma.
    assert evpi(nb) == pytest.approx(normal_evpi(mu, sigma), abs=5 * sigma / math.sqrt(n))


def test_evpi_ignores_what_all_alternatives_share() -> None:
    g = rng()
    nb = g.normal(size=(1_000, 3))
    common = g.normal(100.0, 50.0, size=(1_000, 1))
    assert evpi(nb + common) == pytest.approx(evpi(nb), abs=1e-9)


# --------------------------------------------------------------------------------------------
# EVPPI


def test_evppi_of_a_parameter_the_net_benefit_is_linear_in() -> None:
    # Delta = theta + noise: E[Delta | theta] = theta ~ N(mu, s), so the EVPPI of theta is
    # the normal closed form with sd s (the noise is the part never learnt).
    n, mu, s = 20_000, 0.3, 1.0
    g = rng()
    theta = g.normal(mu, s, n)
    delta = theta + g.normal(0.0, 2.0, n)
    nb = np.column_stack([np.zeros(n), delta])
    assert evppi(nb, theta) == pytest.approx(normal_evpi(mu, s), abs=0.02)
    assert evppi(nb, theta) < evpi(nb)


def test_evppi_of_the_only_uncertain_parameter_equals_evpi() -> None:
    # Three alternatives, non-linear in a skewed parameter, nothing else uncertain.
    n = 10_000
    x = rng().lognormal(0.0, 1.0, n)
    nb = np.column_stack([np.zeros(n), np.sin(x) - 0.3, 2.0 - 1.5 * np.sqrt(x)])
    assert evppi(nb, x) == pytest.approx(evpi(nb), rel=0.03)


def test_evppi_of_a_parameter_the_net_benefit_does_not_depend_on_is_about_zero() -> None:
    n = 10_000
    g = rng()
    theta = g.normal(0.0, 1.0, n)
    unrelated = g.gamma(2.0, 1.0, n)
    nb = np.column_stack([np.zeros(n), theta, 0.5 * theta**2 - 0.4])
    assert evppi(nb, unrelated) < 0.01 * evpi(nb)
    assert evppi(nb, theta) == pytest.approx(evpi(nb), rel=0.02)


def test_evppi_of_a_group_holding_every_uncertain_parameter_equals_evpi() -> None:
    n = 10_000
    g = rng()
    a, b, c = g.normal(1.0, 1.0, n), g.normal(0.0, 2.0, n), g.uniform(0.0, 1.0, n)
    nb = np.column_stack([np.zeros(n), a - 0.5 * b + c, 0.3 * a * b - 0.2 + 0.5 * c**2])
    group = np.column_stack([a, b, c])
    assert evppi(nb, group) == pytest.approx(evpi(nb), rel=0.01)
    alone = evppi_each(nb, {"a": a, "b": b, "c": c}, {"ab": ["a", "b"]})
    assert list(alone) == ["a", "b", "c", "ab"]
    assert alone["ab"] >= max(alone["a"], alone["b"]) - 1e-3 * evpi(nb)


def test_evppi_of_a_discrete_parameter_is_exact() -> None:
    # A two-valued parameter: E[NB | theta] is the mean within each value.
    n = 4_000
    g = rng()
    theta = g.integers(0, 2, n).astype(float)
    delta = np.where(theta == 1.0, 1.0, -2.0) + g.normal(0.0, 1.0, n)
    nb = np.column_stack([np.zeros(n), delta])
    means = np.array([delta[theta == v].mean() for v in (0.0, 1.0)])
    shares = np.array([np.mean(theta == v) for v in (0.0, 1.0)])
    exact = float(shares @ np.maximum(means, 0.0) - max(delta.mean(), 0.0))
    assert evppi(nb, theta) == pytest.approx(exact, rel=1e-10)


def test_evppi_does_not_depend_on_the_order_of_alternatives_or_a_shared_term() -> None:
    n = 3_000
    g = rng()
    theta = g.normal(size=n)
    nb = np.column_stack([theta + g.normal(size=n), np.zeros(n), 0.2 - 0.5 * theta])
    base = evppi(nb, theta)
    assert evppi(nb[:, [2, 0, 1]], theta) == pytest.approx(base, rel=1e-8)
    shared = g.normal(1e5, 1e3, size=(n, 1))
    assert evppi(nb + shared, theta) == pytest.approx(base, rel=1e-6)


def test_evppi_refuses_mismatched_draws() -> None:
    with pytest.raises(ValueError, match=r"shape \(10,\) or \(10, k\)"):
        evppi(np.zeros((10, 2)), np.zeros(9))
    with pytest.raises(ValueError, match="NaN"):
        evppi(np.full((10, 2), np.nan), np.zeros(10))
    with pytest.raises(ValueError, match="also a parameter id"):
        evppi_each(np.zeros((10, 2)), {"a": np.arange(10.0)}, {"a": ["a"]})


@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    n=st.integers(20, 600),
    alternatives=st.integers(1, 4),
    noise=st.floats(0.0, 3.0),
    group=st.booleans(),
)
def test_property_evpi_at_least_evppi_at_least_zero(
    seed: int, n: int, alternatives: int, noise: float, group: bool
) -> None:
    g = rng(seed)
    theta = g.normal(size=(n, 2))
    slopes = g.normal(size=(2, alternatives))
    curvature = g.normal(size=alternatives)
    nb = (
        theta @ slopes
        + curvature * theta[:, :1] ** 2
        + g.normal(0.0, 1.0, alternatives)
        + noise * g.normal(size=(n, alternatives))
    )
    total = evpi(nb)
    partial = evppi(nb, theta if group else theta[:, 0])
    assert total >= partial >= 0.0


# --------------------------------------------------------------------------------------------
# Population scaling


@pytest.mark.parametrize("timing", ["start", "end", "mid"])
@pytest.mark.parametrize("rate", [0.0, 1e-12, 0.03, 0.5])
def test_annuity_factor_is_the_sum_of_discount_factors(rate: float, timing: Timing) -> None:
    years = 25
    expected = float(discount_factors(rate, years, timing).sum())
    assert annuity_factor(rate, years, timing) == pytest.approx(expected, rel=1e-12)


def test_annuity_factor_closed_forms() -> None:
    assert annuity_factor(0.0, 10) == 10.0
    assert annuity_factor(0.05, 10, "end") == pytest.approx((1 - 1.05**-10) / 0.05, rel=1e-14)
    assert annuity_factor(0.05, 0) == 0.0
    with pytest.raises(ValueError, match="greater than -1"):
        annuity_factor(-1.0, 5)


def test_population_value_scales_per_person_value() -> None:
    # 1 200 SEK per child, 300 children a year, 10 years at 3.5 % (first year undiscounted).
    factor = sum(1.035**-t for t in range(10))
    assert population_value(1_200.0, 300.0, 10, 0.035) == pytest.approx(
        1_200.0 * 300.0 * factor, rel=1e-12
    )
    assert population_value(1_200.0, 300.0, 10, 0.0) == pytest.approx(3_600_000.0, rel=1e-15)
