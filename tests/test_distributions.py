"""Random draws for probabilistic analysis (core.distributions, params.sampling).

Known answers: each distribution's sample mean, sd, median or mode lies within Monte Carlo
error of its closed form (large n, fixed seed; tolerance 5 standard errors); PERT's mean is
(low + 4 mode + high) / 6; Dirichlet rows sum to one and keep their zeros; Iman-Conover
reaches the target Spearman correlation and moves no marginal. Reproducibility: the same
seed gives bit-identical draws, a different seed different ones, and a parameter drawn
alone equals the same parameter drawn with others.
"""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from scipy.stats import spearmanr

from socinvest.core import distributions as dist
from socinvest.core.distributions import Spec, draw_matrix
from socinvest.params.library import ResolvedParameter
from socinvest.params.model import Citation, Label, Uncertainty
from socinvest.params.sampling import draw_parameters, row_spec, spec_for

N = 200_000
Z = 5.0  # standard errors allowed


def rng(seed: int = 20240601) -> np.random.Generator:
    return np.random.Generator(np.random.PCG64(seed))


def assert_mean_sd(x: np.ndarray, mean: float, sd: float) -> None:
    n = x.size
    assert abs(x.mean() - mean) < Z * sd / math.sqrt(n)
    # The sd of a sample sd is about sd * sqrt((kurtosis - 1) / (4 n)); allow for heavy tails.
    kurtosis = float(np.mean((x - x.mean()) ** 4) / x.var() ** 2)
    assert abs(x.std() - sd) < Z * sd * math.sqrt((kurtosis - 1) / (4 * n))


# --------------------------------------------------------------------------------------------
# Each distribution against its closed form


def test_normal_mean_and_sd() -> None:
    assert_mean_sd(dist.normal(rng(), N, 12.5, 3.0), 12.5, 3.0)


def test_lognormal_median_and_mean() -> None:
    median, s = 40_000.0, 0.4
    x = dist.lognormal(rng(), N, median, s)
    # Standard error of a sample median: 1 / (2 f(median) sqrt(n)), f the density.
    density = 1.0 / (median * s * math.sqrt(2 * math.pi))
    assert abs(np.median(x) - median) < Z / (2 * density * math.sqrt(N))
    mean = median * math.exp(s**2 / 2)
    sd = mean * math.sqrt(math.expm1(s**2))
    assert_mean_sd(x, mean, sd)


def test_gamma_by_the_method_of_moments() -> None:
    mean, sd = 163_000.0, 16_300.0
    shape, scale = dist.gamma_shape_scale(mean, sd)
    assert shape == pytest.approx(100.0, rel=1e-12)
    assert shape * scale == pytest.approx(mean, rel=1e-12)
    assert_mean_sd(dist.gamma(rng(), N, mean, sd), mean, sd)


def test_beta_by_the_method_of_moments() -> None:
    mean, sd = 0.3, 0.1
    a, b = dist.beta_shape(mean, sd)
    assert a / (a + b) == pytest.approx(mean, rel=1e-12)
    assert a * b / ((a + b) ** 2 * (a + b + 1)) == pytest.approx(sd**2, rel=1e-12)
    x = dist.beta(rng(), N, mean, sd)
    assert x.min() >= 0.0 and x.max() <= 1.0
    assert_mean_sd(x, mean, sd)


def test_beta_refuses_an_sd_too_large_for_its_mean() -> None:
    with pytest.raises(ValueError, match=r"mean 0.1 needs sd < 0.3.*found sd 0.35"):
        dist.beta(rng(), 10, 0.1, 0.35)
    with pytest.raises(ValueError, match="strictly between 0 and 1"):
        dist.beta_shape(1.0, 0.1)


def test_uniform_mean_and_sd() -> None:
    x = dist.uniform(rng(), N, -2.0, 6.0)
    assert x.min() >= -2.0 and x.max() < 6.0
    assert_mean_sd(x, 2.0, 8.0 / math.sqrt(12))


def test_triangular_mean_sd_and_mode() -> None:
    low, mode, high = 1.0, 2.0, 7.0
    x = dist.triangular(rng(), N, low, mode, high)
    mean = (low + mode + high) / 3
    var = (low**2 + mode**2 + high**2 - low * mode - low * high - mode * high) / 18
    assert_mean_sd(x, mean, math.sqrt(var))
    # The mode splits the mass in the ratio of the two sides: P(X <= mode) = 1/6 here.
    share = (mode - low) / (high - low)
    assert abs(np.mean(x <= mode) - share) < Z * math.sqrt(share * (1 - share) / N)


def test_pert_mean_sd_and_mode() -> None:
    low, mode, high = 97_234.0, 120_000.0, 174_264.0
    a, b = dist.pert_shape(low, mode, high)
    # Exactly the standard PERT: lambda = 4.
    assert a == pytest.approx(1 + 4 * (mode - low) / (high - low), rel=1e-15)
    assert b == pytest.approx(1 + 4 * (high - mode) / (high - low), rel=1e-15)
    mean = (low + 4 * mode + high) / 6
    assert low + (high - low) * a / (a + b) == pytest.approx(mean, rel=1e-14)
    # The mode of the scaled Beta(a, b) is the declared mode.
    assert low + (high - low) * (a - 1) / (a + b - 2) == pytest.approx(mode, rel=1e-14)
    x = dist.pert(rng(), N, low, mode, high)
    assert x.min() >= low and x.max() <= high
    assert_mean_sd(x, mean, math.sqrt((mean - low) * (high - mean) / 7))


def test_range_distributions_refuse_a_mode_outside_the_range() -> None:
    with pytest.raises(ValueError, match="low <= mode <= high"):
        dist.pert(rng(), 10, 1.0, 5.0, 3.0)
    with pytest.raises(ValueError, match="low < high"):
        dist.triangular(rng(), 10, 3.0, 3.0, 3.0)


def test_dirichlet_rows_sum_to_one_keep_zeros_and_have_the_right_moments() -> None:
    p = np.array([0.6, 0.0, 0.25, 0.15, 0.0])
    c = 40.0
    x = dist.dirichlet(rng(), N, p, c)
    assert x.shape == (N, 5)
    np.testing.assert_allclose(x.sum(axis=1), 1.0, rtol=0, atol=1e-12)
    assert np.all(x[:, [1, 4]] == 0.0)
    sd = np.sqrt(p * (1 - p) / (c + 1))
    for j in (0, 2, 3):
        assert_mean_sd(x[:, j], p[j], sd[j])


def test_dirichlet_refuses_a_row_that_does_not_sum_to_one() -> None:
    with pytest.raises(ValueError, match=r"must sum to 1, found 0\.9"):
        dist.dirichlet(rng(), 10, [0.5, 0.4], 10.0)
    with pytest.raises(ValueError, match="non-negative"):
        dist.dirichlet(rng(), 10, [1.5, -0.5], 10.0)


@settings(max_examples=40, deadline=None)
@given(
    weights=st.lists(st.floats(0.0, 10.0), min_size=1, max_size=8).filter(lambda w: sum(w) > 0),
    concentration=st.floats(0.05, 1e4),
    seed=st.integers(0, 2**32 - 1),
)
def test_dirichlet_property_rows_sum_to_one_and_zeros_stay_zero(
    weights: list[float], concentration: float, seed: int
) -> None:
    p = np.array(weights) / sum(weights)
    x = dist.dirichlet(rng(seed), 200, p, concentration)
    np.testing.assert_allclose(x.sum(axis=1), 1.0, rtol=0, atol=1e-12)
    assert np.all(x[:, p == 0] == 0.0)
    assert np.all(x >= 0.0)


@settings(max_examples=40, deadline=None)
@given(
    low=st.floats(-1e6, 1e6),
    width=st.floats(1e-3, 1e6),
    at=st.floats(0.0, 1.0),
    seed=st.integers(0, 2**32 - 1),
)
def test_pert_and_triangular_property_draws_stay_in_range(
    low: float, width: float, at: float, seed: int
) -> None:
    high = low + width
    mode = min(max(low + at * width, low), high)
    for draw in (dist.pert, dist.triangular):
        x = draw(rng(seed), 500, low, mode, high)
        assert x.min() >= low and x.max() <= high


# --------------------------------------------------------------------------------------------
# Iman-Conover


TARGET = np.array([[1.0, 0.7, -0.4], [0.7, 1.0, -0.2], [-0.4, -0.2, 1.0]])


def independent_draws(n: int, seed: int = 7) -> np.ndarray:
    g = rng(seed)
    return np.column_stack(
        [
            dist.gamma(g, n, 100.0, 30.0),
            dist.lognormal(g, n, 5.0, 0.8),
            dist.pert(g, n, 0.0, 0.2, 1.0),
        ]
    )


def test_iman_conover_reaches_the_target_rank_correlation() -> None:
    x = independent_draws(10_000)
    y = dist.iman_conover(x, TARGET, rng(11))
    achieved = spearmanr(y).statistic
    np.testing.assert_allclose(achieved, TARGET, atol=0.02)


def test_iman_conover_moves_no_marginal() -> None:
    x = independent_draws(10_000)
    y = dist.iman_conover(x, TARGET, rng(11))
    np.testing.assert_array_equal(np.sort(y, axis=0), np.sort(x, axis=0))


@settings(max_examples=30, deadline=None)
@given(
    rho=st.floats(-0.95, 0.95),
    n=st.integers(5, 400),
    seed=st.integers(0, 2**32 - 1),
)
@example(rho=0.0, n=5, seed=2104)  # the random scores are collinear at the first try
def test_iman_conover_property_keeps_marginals(rho: float, n: int, seed: int) -> None:
    g = rng(seed)
    x = np.column_stack([g.normal(size=n), g.gamma(2.0, size=n)])
    y = dist.iman_conover(x, [[1.0, rho], [rho, 1.0]], g)
    np.testing.assert_array_equal(np.sort(y, axis=0), np.sort(x, axis=0))


def test_an_inconsistent_correlation_matrix_is_refused_naming_the_pairs() -> None:
    pairs = {("a", "b"): 0.9, ("b", "c"): 0.9, ("a", "c"): -0.9, ("c", "d"): 0.1}
    with pytest.raises(ValueError, match="not positive definite") as info:
        dist.correlation_matrix(["a", "b", "c", "d"], pairs)
    message = str(info.value)
    assert "(a, b)" in message and "(b, c)" in message and "(a, c)" in message
    assert "(c, d)" not in message
    with pytest.raises(ValueError, match="not positive definite"):
        dist.iman_conover(
            independent_draws(50), [[1, 0.9, 0.9], [0.9, 1, -0.9], [0.9, -0.9, 1]], rng()
        )


def test_a_correlation_out_of_range_is_refused() -> None:
    with pytest.raises(ValueError, match=r"correlation \(a, b\).*strictly between -1 and 1"):
        dist.correlation_matrix(["a", "b"], {("a", "b"): 1.0})


# --------------------------------------------------------------------------------------------
# The draw matrix: reproducible, independent of which parameters are drawn together


SPECS = {
    "kostnader.a": Spec("gamma", value=100.0, sd=20.0),
    "kostnader.b": Spec("pert", value=3.0, low=1.0, high=9.0),
    "effekt.rr": Spec("lognormal", value=0.8, sd_log=0.2),
    "andel.c": Spec("beta", value=0.3, sd=0.05),
    "andel.fast": Spec("fixed", value=0.25),
    "rad.x": Spec("dirichlet", probabilities=(0.7, 0.2, 0.1, 0.0), concentration=30.0),
}
CORRELATED = {("kostnader.a", "kostnader.b"): 0.6, ("kostnader.b", "andel.c"): -0.3}


def test_the_same_seed_gives_bit_identical_draws() -> None:
    first = draw_matrix(SPECS, 1_000, 42, CORRELATED)
    second = draw_matrix(SPECS, 1_000, 42, CORRELATED)
    assert list(first) == sorted(SPECS)
    for pid in SPECS:
        assert first[pid].tobytes() == second[pid].tobytes()


def test_a_different_seed_gives_different_draws() -> None:
    first = draw_matrix(SPECS, 1_000, 42)
    other = draw_matrix(SPECS, 1_000, 43)
    for pid, spec in SPECS.items():
        if spec.is_random:
            assert not np.array_equal(first[pid], other[pid])
    np.testing.assert_array_equal(first["andel.fast"], np.full(1_000, 0.25))


def test_parameters_drawn_one_at_a_time_equal_those_drawn_together() -> None:
    together = draw_matrix(SPECS, 2_000, 7)
    for pid, spec in SPECS.items():
        alone = draw_matrix({pid: spec}, 2_000, 7)[pid]
        assert alone.tobytes() == together[pid].tobytes()
    # A correlated group drawn on its own equals the group drawn among the others.
    group = {pid: SPECS[pid] for pid in ("kostnader.a", "kostnader.b", "andel.c")}
    with_others = draw_matrix(SPECS, 2_000, 7, CORRELATED)
    on_its_own = draw_matrix(group, 2_000, 7, CORRELATED)
    for pid in group:
        assert on_its_own[pid].tobytes() == with_others[pid].tobytes()
    # ... and the uncorrelated parameters are untouched by the correlation.
    assert with_others["effekt.rr"].tobytes() == together["effekt.rr"].tobytes()


def test_correlations_with_fixed_parameters_or_rows_are_refused() -> None:
    with pytest.raises(ValueError, match=r"'andel\.fast' is fixed"):
        draw_matrix(SPECS, 100, 1, {("kostnader.a", "andel.fast"): 0.5})
    with pytest.raises(ValueError, match=r"'rad\.x' is dirichlet"):
        draw_matrix(SPECS, 100, 1, {("kostnader.a", "rad.x"): 0.5})


def test_a_spec_checks_its_numbers_when_made() -> None:
    with pytest.raises(ValueError, match="'gamma' needs sd"):
        Spec("gamma", value=1.0)
    with pytest.raises(ValueError, match="'pert' does not take sd"):
        Spec("pert", value=1.0, low=0.0, high=2.0, sd=1.0)
    with pytest.raises(ValueError, match="needs sd <"):
        Spec("beta", value=0.5, sd=0.6)


# --------------------------------------------------------------------------------------------
# params.sampling: resolved parameters to draws


def resolved(pid: str, value: float, unit: str = "sek", **uncertainty: object) -> ResolvedParameter:
    return ResolvedParameter(
        id=pid,
        label=Label(sv=pid, en=pid),
        unit=unit,
        value=value,
        original_value=value,
        original_price_year=None,
        price_year=None,
        index=None,
        factor=1.0,
        date=dt.date(2024, 1, 1),
        status="illustrative",
        derivation=None,
        sources=(Citation(title="test"),),
        payer=None,
        uncertainty=Uncertainty.model_validate(uncertainty),
        origin="test",
    )


def test_each_declaration_maps_to_its_spec() -> None:
    assert spec_for(resolved("a.b", 5.0)) == Spec("fixed", value=5.0)
    assert spec_for(resolved("a.b", 5.0, distribution="gamma", sd=1.0)) == Spec(
        "gamma", value=5.0, sd=1.0
    )
    assert spec_for(resolved("a.b", 5.0, distribution="lognormal", sd_log=0.1)) == Spec(
        "lognormal", value=5.0, sd_log=0.1
    )
    assert spec_for(resolved("a.b", 5.0, distribution="pert", low=1.0, high=9.0)) == Spec(
        "pert", value=5.0, low=1.0, high=9.0
    )
    assert spec_for(resolved("a.b", 5.0, distribution="uniform", low=1.0, high=9.0)) == Spec(
        "uniform", low=1.0, high=9.0
    )


def test_a_fixed_parameter_is_its_value_repeated() -> None:
    draws = draw_parameters([resolved("a.fast", 3202.5)], 500, 1)
    np.testing.assert_array_equal(draws["a.fast"], np.full(500, 3202.5))


def test_psa_mean_equals_the_deterministic_result_for_a_linear_model() -> None:
    # A model linear in its drawn parameters: cost = 50 000 + 12 * days * price.
    # The mean over draws equals the model at the means (value = mean for gamma and
    # normal) within Monte Carlo error.
    price = resolved("kost.dygn", 3500.0, distribution="gamma", sd=700.0)
    days = resolved("tid.dagar", 20.0, unit="count", distribution="normal", sd=4.0)
    draws = draw_parameters([price, days], N, 99)
    cost = 50_000.0 + 12.0 * draws["tid.dagar"] * 3500.0 + 12.0 * 20.0 * draws["kost.dygn"]
    deterministic = 50_000.0 + 2 * 12.0 * 20.0 * 3500.0
    assert abs(cost.mean() - deterministic) < Z * cost.std() / math.sqrt(N)


def test_a_bad_declaration_names_its_parameter() -> None:
    # A beta sd too large for its mean (the library refuses it; a caller may not have).
    parameter = resolved("andel.x", 0.1, "fraction", distribution="beta", sd=0.4)
    with pytest.raises(ValueError, match=r"parameter 'andel.x': .*needs sd < 0.3"):
        spec_for(parameter)
    with pytest.raises(ValueError, match=r"parameter 'andel.x'"):
        draw_parameters([parameter], 10, 0)


def test_a_lone_dirichlet_probability_has_its_beta_marginal() -> None:
    p, c = 0.2, 24.0
    spec = spec_for(
        resolved("overgang.ut", p, "fraction", distribution="dirichlet", concentration=c)
    )
    assert spec.kind == "beta"
    assert spec.sd is not None
    a, b = dist.beta_shape(spec.value, spec.sd)
    assert a == pytest.approx(c * p, rel=1e-12) and b == pytest.approx(c * (1 - p), rel=1e-12)


def test_a_dirichlet_row_is_drawn_jointly_with_the_remainder() -> None:
    members = [
        resolved("overgang.a", 0.1, "fraction", distribution="dirichlet", concentration=50.0),
        resolved("overgang.b", 0.05, "fraction", distribution="dirichlet", concentration=50.0),
        resolved("overgang.c", 0.0, "fraction", distribution="dirichlet", concentration=50.0),
    ]
    assert row_spec(members).probabilities == pytest.approx((0.1, 0.05, 0.0, 0.85))
    draws = draw_parameters(members, 5_000, 3, rows={"fran_risk": [m.id for m in members]})
    exits = draws["overgang.a"] + draws["overgang.b"] + draws["overgang.c"]
    assert np.all(exits <= 1.0) and np.all(draws["overgang.c"] == 0.0)
    assert abs(draws["overgang.a"].mean() - 0.1) < Z * math.sqrt(0.09 / 51 / 5_000)
    other = resolved("overgang.d", 0.3, "fraction", distribution="dirichlet", concentration=9.0)
    with pytest.raises(ValueError, match="one concentration"):
        draw_parameters([*members, other], 10, 3, rows={"r": ["overgang.a", "overgang.d"]})


def test_inconsistent_rank_correlations_are_refused_naming_the_pairs() -> None:
    parameters = [resolved(f"kost.{name}", 100.0, distribution="gamma", sd=10.0) for name in "abcd"]
    pairs = {("kost.a", "kost.b"): 0.8, ("kost.b", "kost.c"): 0.8, ("kost.a", "kost.c"): -0.5}
    with pytest.raises(ValueError, match="not positive definite") as info:
        draw_parameters(parameters, 100, 1, correlations=pairs)
    for a, b in pairs:
        assert f"({a}, {b})" in str(info.value)
    with pytest.raises(ValueError, match=r"unknown parameter 'kost\.x'"):
        draw_parameters(parameters, 100, 1, correlations={("kost.a", "kost.x"): 0.3})


def test_resolved_parameters_drawn_with_a_correlation_keep_their_marginals() -> None:
    a = resolved("kost.a", 100.0, distribution="gamma", sd=10.0)
    b = resolved("kost.b", 5.0, distribution="pert", low=1.0, high=20.0)
    plain = draw_parameters([a, b], 10_000, 5)
    tied = draw_parameters([a, b], 10_000, 5, correlations={("kost.a", "kost.b"): 0.5})
    assert abs(spearmanr(tied["kost.a"], tied["kost.b"]).statistic - 0.5) < 0.02
    for pid in ("kost.a", "kost.b"):
        np.testing.assert_array_equal(np.sort(tied[pid]), np.sort(plain[pid]))


def test_dirichlet_rows_threaded_is_bit_identical_to_one_thread() -> None:
    """Threads only change who draws which row: each row keeps its own keyed generator."""
    keys = [f"transitions.{b}.{i}" for b in range(3) for i in range(4)]
    assert dist.MIN_THREADED_DRAWS <= 3_000  # so that the threads are used
    rng = np.random.default_rng(7)
    probabilities = [p / p.sum() for p in rng.uniform(0.1, 1.0, size=(len(keys), 5))]
    concentrations = [float(c) for c in rng.uniform(5.0, 50.0, size=len(keys))]
    single = dist.dirichlet_rows(keys, 3_000, probabilities, concentrations, 11, workers=1)
    for workers in (2, 3, 16):
        threaded = dist.dirichlet_rows(
            keys, 3_000, probabilities, concentrations, 11, workers=workers
        )
        assert len(threaded) == len(keys)
        for a, b in zip(single, threaded, strict=True):
            assert np.array_equal(a, b)
    # The engine's draw-last layout holds the same draws, transposed and contiguous.
    draw_last = dist.dirichlet_rows(
        keys, 3_000, probabilities, concentrations, 11, workers=2, draw_last=True
    )
    for a, b in zip(single, draw_last, strict=True):
        assert b.flags.c_contiguous
        assert np.array_equal(a.T, b)
    # Each row is the plain keyed draw of that row alone.
    alone = dist.dirichlet(
        dist.child_generator(11, keys[5]), 3_000, probabilities[5], concentrations[5]
    )
    assert np.array_equal(single[5], alone)
