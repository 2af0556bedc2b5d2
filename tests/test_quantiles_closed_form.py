"""The quantiles of normal, lognormal, gamma, beta, PERT, uniform and triangular specs are
computed without importing scipy.stats (it was most of ``socinvest run``'s time, and of the
tornado's in ``socinvest report``), with the same operations as scipy.stats, so the same
numbers bit for bit (Hypothesis over the specs and quantiles)."""

from __future__ import annotations

from typing import Any

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from socinvest.core.distributions import (
    Spec,
    _closed_form_quantiles,
    beta_shape,
    gamma_shape_scale,
    inverse_cdf,
    pert_shape,
)

positive = st.floats(min_value=1e-6, max_value=1e9, allow_nan=False)
anywhere = st.floats(min_value=-1e9, max_value=1e9, allow_nan=False)
quantiles = st.lists(
    st.floats(min_value=1e-12, max_value=1 - 1e-12, exclude_min=True), min_size=1, max_size=8
)


def scipy_quantiles(spec: Spec, q: np.ndarray) -> np.ndarray:
    dist: Any
    if spec.kind == "normal":
        dist = stats.norm(loc=spec.value, scale=spec.sd)
    elif spec.kind == "lognormal":
        dist = stats.lognorm(s=spec.sd_log, scale=spec.value)
    elif spec.kind == "gamma":
        assert spec.sd is not None
        shape, scale = gamma_shape_scale(spec.value, spec.sd)
        dist = stats.gamma(a=shape, scale=scale)
    elif spec.kind == "beta":
        assert spec.sd is not None
        dist = stats.beta(*beta_shape(spec.value, spec.sd))
    elif spec.kind == "pert":
        assert spec.low is not None and spec.high is not None
        a, b = pert_shape(spec.low, spec.value, spec.high)
        dist = stats.beta(a, b, loc=spec.low, scale=spec.high - spec.low)
    elif spec.kind == "uniform":
        assert spec.low is not None and spec.high is not None
        dist = stats.uniform(loc=spec.low, scale=spec.high - spec.low)
    else:
        assert spec.low is not None and spec.high is not None
        width = spec.high - spec.low
        dist = stats.triang(c=(spec.value - spec.low) / width, loc=spec.low, scale=width)
    return np.asarray(dist.ppf(q), dtype=np.float64)


@st.composite
def specs(draw: st.DrawFn) -> Spec:
    kind = draw(
        st.sampled_from(["normal", "lognormal", "gamma", "beta", "pert", "uniform", "triangular"])
    )
    if kind == "gamma":
        mean = draw(positive)
        return Spec("gamma", value=mean, sd=mean * draw(st.floats(min_value=1e-3, max_value=5.0)))
    if kind == "beta":
        mean = draw(st.floats(min_value=1e-4, max_value=1 - 1e-4))
        limit = (mean * (1 - mean)) ** 0.5
        return Spec("beta", value=mean, sd=limit * draw(st.floats(min_value=1e-3, max_value=0.99)))
    if kind == "normal":
        return Spec("normal", value=draw(anywhere), sd=draw(positive))
    if kind == "lognormal":
        return Spec(
            "lognormal",
            value=draw(positive),
            sd_log=draw(st.floats(min_value=1e-4, max_value=3.0)),
        )
    low = draw(anywhere)
    high = low + draw(positive)
    if kind == "uniform":
        return Spec("uniform", low=low, high=high)
    mode = draw(st.floats(min_value=0.0, max_value=1.0)) * (high - low) + low
    return Spec(kind, low=low, value=min(max(mode, low), high), high=high)


@settings(max_examples=300, deadline=None)
@given(specs(), quantiles)
def test_closed_form_quantiles_equal_scipy_stats_bit_for_bit(spec: Spec, u: list[float]) -> None:
    q = np.asarray(u, dtype=np.float64)
    closed = _closed_form_quantiles(spec, q)
    assert closed is not None
    expected = scipy_quantiles(spec, q)
    np.testing.assert_array_equal(closed, expected)
    np.testing.assert_array_equal(inverse_cdf(spec, q), expected)


def test_the_bounds_and_other_kinds_go_through_scipy_stats() -> None:
    spec = Spec("normal", value=1.0, sd=2.0)
    assert _closed_form_quantiles(spec, np.array([0.0, 0.5])) is None
    assert inverse_cdf(spec, np.array([0.0, 1.0])).tolist() == [-np.inf, np.inf]
    gamma = Spec("gamma", value=2.0, sd=1.0)
    assert _closed_form_quantiles(gamma, np.array([1.0])) is None
    shape = 4.0  # mean 2, sd 1: shape (2/1)^2, scale 1/2
    assert inverse_cdf(gamma, np.array([0.5]))[0] == stats.gamma(a=shape, scale=0.5).ppf(0.5)
    assert inverse_cdf(gamma, np.array([0.0, 1.0])).tolist() == [0.0, np.inf]
    pert = Spec("pert", low=1.0, value=2.0, high=4.0)
    assert inverse_cdf(pert, np.array([0.0, 1.0])).tolist() == [1.0, 4.0]


def test_the_quantiles_of_a_scalar_keep_its_shape() -> None:
    spec = Spec("triangular", low=0.5, value=0.8, high=1.2)
    out = inverse_cdf(spec, 0.975)
    assert out.shape == ()
    assert float(out) == float(scipy_quantiles(spec, np.asarray(0.975)))
