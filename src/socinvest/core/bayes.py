"""Bayes' rule for an effect on the log scale of a ratio, from local counts.

An effect is a normal distribution of the log of an odds ratio or a relative risk (the prior,
from the study); local follow-up gives events and participants in an intervention group and
a comparison group. Two updates:

- **normal on the log ratio** (:func:`normal_update` after :func:`log_ratio_from_counts`):
  the local log ratio with its standard error is treated as a normal likelihood, and prior
  and likelihood are combined by precision weighting (the conjugate normal update;
  Spiegelhalter, Abrams and Myles 2004, section 3.6.1):
  ``1 / s_post^2 = 1 / s_0^2 + 1 / se^2`` and
  ``m_post = s_post^2 (m_0 / s_0^2 + y / se^2)``;
- **beta-binomial** (:func:`beta_binomial_update`): the comparison group's proportion
  ``p0`` has the conjugate Beta posterior ``Beta(a + e0, b + n0 - e0)`` (Jeffreys prior
  ``a = b = 1/2``; Gelman et al. 2013, section 2.4); the intervention group's proportion is
  ``p1 = expit(logit(p0) + theta)`` for an odds ratio, ``p1 = min(1, p0 exp(theta))`` for a
  relative risk, with ``theta`` the log ratio (prior ``N(m_0, s_0^2)``); the intervention
  group's counts ``e1`` of ``n1`` are binomial in ``p1``. The posterior of ``theta`` is
  ``N(theta; m_0, s_0^2) E_p0[Bin(e1 | n1, p1(p0, theta))]``, computed by quadrature (the
  Beta posterior's quantiles for ``p0``, a refined grid for ``theta``) and summarised by
  its mean and standard deviation. Exact for the binomial counts (no normal approximation of
  the 2 x 2 table, zero cells need no correction); with no intervention-group counts it is
  the prior.

The local estimate alone (:func:`beta_log_ratio`) is the log ratio of the two groups'
Jeffreys Beta posteriors, with exact moments: ``E[logit p] = psi(a) - psi(b)``,
``Var[logit p] = psi'(a) + psi'(b)``, ``E[ln p] = psi(a) - psi(a + b)``,
``Var[ln p] = psi'(a) - psi'(a + b)`` for ``p ~ Beta(a, b)`` (``psi`` the digamma
function; Johnson, Kotz and Balakrishnan 1995, *Continuous Univariate Distributions* vol.
2, chapter 25).

References
----------
Spiegelhalter, D. J., Abrams, K. R. and Myles, J. P. (2004). *Bayesian Approaches to
Clinical Trials and Health-Care Evaluation*. Wiley, chapter 3.

Woolf, B. (1955). On estimating the relation between blood group and disease. *Annals of
Human Genetics* 19, 251-253 (the standard error of the log odds ratio).

Haldane, J. B. S. (1956). The estimation and significance of the logarithm of a ratio of
frequencies. *Annals of Human Genetics* 20, 309-311 (adding 1/2 to every cell).

Katz, D., Baptista, J., Azen, S. P. and Pike, M. C. (1978). Obtaining confidence intervals
for the risk ratio in cohort studies. *Biometrics* 34, 469-474 (the standard error of the
log relative risk).

Gelman, A., Carlin, J. B., Stern, H. S., Dunson, D. B., Vehtari, A. and Rubin, D. B. (2013).
*Bayesian Data Analysis*, 3rd ed. CRC Press, chapter 2.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt
from scipy import special, stats

from socinvest.core.distributions import Spec, inverse_cdf, pert_shape

FloatArray = npt.NDArray[np.float64]
Scale = Literal["odds_ratio", "relative_risk"]

HALDANE = 0.5
"""Added to every cell of a 2 x 2 table with a zero cell (Haldane 1956)."""

JEFFREYS = (0.5, 0.5)
"""The Jeffreys prior ``Beta(1/2, 1/2)`` of the comparison group's proportion."""

P0_NODES = 256
"""Quantile nodes of the comparison group's Beta posterior in the beta-binomial quadrature."""

THETA_NODES = 801
"""Grid points of the log ratio in each pass of the beta-binomial quadrature."""

GRID_NODES = 20_001
"""Quantile nodes for the moments of a distribution without a closed form of its log."""


@dataclass(frozen=True)
class Normal:
    """A normal distribution by mean and standard deviation."""

    mean: float
    sd: float


def _check_counts(events: int, n: int, group: str) -> None:
    if n < 0 or events < 0 or events > n:
        raise ValueError(f"the {group} group needs 0 <= events <= n, found {events} events of {n}")


def log_ratio_from_counts(
    events_1: int, n_1: int, events_0: int, n_0: int, scale: Scale = "odds_ratio"
) -> Normal:
    """The log odds ratio (or log relative risk) of a 2 x 2 table and its standard error.

    With ``a = events_1``, ``b = n_1 - a``, ``c = events_0``, ``d = n_0 - c``:
    ``ln OR = ln(a d / (b c))`` with ``se = sqrt(1/a + 1/b + 1/c + 1/d)`` (Woolf 1955);
    ``ln RR = ln((a / n_1) / (c / n_0))`` with ``se = sqrt(1/a - 1/n_1 + 1/c - 1/n_0)`` (Katz
    et al. 1978). When a cell is 0, 1/2 is added to every cell (Haldane 1956), so each group's
    ``n`` grows by 1.

    Raises
    ------
    ValueError
        For counts out of range or a group without participants.
    """
    _check_counts(events_1, n_1, "intervention")
    _check_counts(events_0, n_0, "comparison")
    if n_1 == 0 or n_0 == 0:
        raise ValueError("a log ratio needs participants in both groups")
    a, b = float(events_1), float(n_1 - events_1)
    c, d = float(events_0), float(n_0 - events_0)
    if min(a, b, c, d) == 0.0:
        a, b, c, d = a + HALDANE, b + HALDANE, c + HALDANE, d + HALDANE
    if scale == "odds_ratio":
        return Normal(math.log(a * d / (b * c)), math.sqrt(1 / a + 1 / b + 1 / c + 1 / d))
    m1, m0 = a + b, c + d
    return Normal(math.log((a / m1) / (c / m0)), math.sqrt(1 / a - 1 / m1 + 1 / c - 1 / m0))


def normal_update(prior: Normal, local: Normal) -> Normal:
    """The conjugate normal update by precision weighting (Spiegelhalter et al. 2004, 3.6.1).

    A prior standard deviation of 0 (a fixed effect) returns the prior; a local standard
    error of infinity returns the prior.

    Raises
    ------
    ValueError
        For a negative or non-finite prior standard deviation, or a local standard error not
        above 0.
    """
    if not (math.isfinite(prior.sd) and prior.sd >= 0.0):
        raise ValueError(f"a prior standard deviation must be finite and >= 0, found {prior.sd}")
    if not local.sd > 0.0:
        raise ValueError(f"a local standard error must be above 0, found {local.sd}")
    if prior.sd == 0.0 or math.isinf(local.sd):
        return prior
    w0, w1 = 1.0 / prior.sd**2, 1.0 / local.sd**2
    precision = w0 + w1
    return Normal((w0 * prior.mean + w1 * local.mean) / precision, math.sqrt(1.0 / precision))


def beta_log_ratio(
    events_1: int, n_1: int, events_0: int, n_0: int, scale: Scale = "odds_ratio"
) -> Normal:
    """The log ratio of two independent Jeffreys Beta posteriors, ``p_g ~ Beta(1/2 + e_g,
    1/2 + n_g - e_g)``: its exact mean and standard deviation by the digamma and trigamma
    functions (see the module docstring)."""
    _check_counts(events_1, n_1, "intervention")
    _check_counts(events_0, n_0, "comparison")
    a1, b1 = JEFFREYS[0] + events_1, JEFFREYS[1] + n_1 - events_1
    a0, b0 = JEFFREYS[0] + events_0, JEFFREYS[1] + n_0 - events_0
    if scale == "odds_ratio":
        mean = (special.digamma(a1) - special.digamma(b1)) - (
            special.digamma(a0) - special.digamma(b0)
        )
        var = sum(float(special.polygamma(1, x)) for x in (a1, b1, a0, b0))
    else:
        mean = (special.digamma(a1) - special.digamma(a1 + b1)) - (
            special.digamma(a0) - special.digamma(a0 + b0)
        )
        var = float(
            special.polygamma(1, a1)
            - special.polygamma(1, a1 + b1)
            + special.polygamma(1, a0)
            - special.polygamma(1, a0 + b0)
        )
    return Normal(float(mean), math.sqrt(var))


def _intervention_p(p0: FloatArray, theta: FloatArray, scale: Scale) -> FloatArray:
    """``p1`` of every (theta, p0) pair: shape ``(len(theta), len(p0))``."""
    if scale == "odds_ratio":
        return np.asarray(special.expit(special.logit(p0)[None, :] + theta[:, None]))
    return np.minimum(p0[None, :] * np.exp(theta[:, None]), 1.0)


def _log_likelihood(
    theta: FloatArray, p0: FloatArray, events: int, n: int, scale: Scale
) -> FloatArray:
    """``ln E_p0[p1^e (1 - p1)^(n - e)]`` on the theta grid (the binomial coefficient, a
    constant, left out)."""
    p1 = _intervention_p(p0, theta, scale)
    with np.errstate(divide="ignore"):
        ll = special.xlogy(events, p1) + special.xlog1py(n - events, -p1)
    return np.asarray(special.logsumexp(ll, axis=1) - math.log(p0.size))


def _grid_moments(theta: FloatArray, log_post: FloatArray) -> tuple[float, float, FloatArray]:
    weights = np.exp(log_post - np.max(log_post))
    weights /= weights.sum()
    mean = float(np.sum(weights * theta))
    var = float(np.sum(weights * (theta - mean) ** 2))
    return mean, math.sqrt(max(var, 0.0)), weights


def beta_binomial_update(
    prior: Normal,
    events_1: int,
    n_1: int,
    events_0: int,
    n_0: int,
    scale: Scale = "odds_ratio",
) -> Normal:
    """The posterior of the log ratio from the groups' binomial counts (module docstring),
    summarised as a normal by its mean and standard deviation.

    A fixed prior (sd 0) or no intervention-group participants returns the prior.

    Raises
    ------
    ValueError
        For counts out of range or a prior sd not finite and >= 0.
    """
    _check_counts(events_1, n_1, "intervention")
    _check_counts(events_0, n_0, "comparison")
    if not (math.isfinite(prior.sd) and prior.sd >= 0.0 and math.isfinite(prior.mean)):
        raise ValueError(f"a prior needs a finite mean and sd >= 0, found {prior}")
    if prior.sd == 0.0 or n_1 == 0:
        return prior
    a0, b0 = JEFFREYS[0] + events_0, JEFFREYS[1] + n_0 - events_0
    u = (np.arange(P0_NODES) + 0.5) / P0_NODES
    p0 = np.asarray(stats.beta(a0, b0).ppf(u), dtype=np.float64)
    p0 = np.clip(p0, 1e-300, 1.0 - 1e-16)
    # First pass: a wide grid covering the prior and the local estimate; second pass: a
    # fine grid over where the posterior has its mass.
    local = log_ratio_from_counts(events_1, n_1, max(events_0, 0), max(n_0, 1), scale)
    low = min(prior.mean - 10.0 * prior.sd, local.mean - 12.0 * local.sd)
    high = max(prior.mean + 10.0 * prior.sd, local.mean + 12.0 * local.sd)
    for _pass in range(3):
        theta = np.linspace(low, high, THETA_NODES)
        log_post = stats.norm.logpdf(theta, prior.mean, prior.sd) + _log_likelihood(
            theta, p0, events_1, n_1, scale
        )
        mean, sd, weights = _grid_moments(theta, log_post)
        step = theta[1] - theta[0]
        if sd > 50.0 * step:
            break
        keep = np.flatnonzero(weights > 1e-14 * weights.max())
        low = float(theta[max(keep[0] - 2, 0)])
        high = float(theta[min(keep[-1] + 2, theta.size - 1)])
    return Normal(mean, sd)


# --------------------------------------------------------------------------------------------
# Moments of declared distributions (for the prior of an effect made of several parts)


def spec_moments(spec: Spec) -> tuple[float, float]:
    """``(E[X], E[X^2])`` of a declared scalar distribution, in closed form.

    Normal, gamma and beta by mean and sd; lognormal ``m exp(s^2 / 2)`` and
    ``m^2 exp(2 s^2)``; uniform, triangular (``(a + b + c) / 3`` and
    ``(a^2 + b^2 + c^2 + ab + ac + bc) / 6``) and PERT (a scaled Beta) from their limits.
    """
    match spec.kind:
        case "fixed":
            return spec.value, spec.value**2
        case "normal" | "gamma" | "beta":
            assert spec.sd is not None
            return spec.value, spec.value**2 + spec.sd**2
        case "lognormal":
            assert spec.sd_log is not None
            s2 = spec.sd_log**2
            return spec.value * math.exp(s2 / 2.0), spec.value**2 * math.exp(2.0 * s2)
        case "uniform":
            assert spec.low is not None and spec.high is not None
            lo, hi = spec.low, spec.high
            return (lo + hi) / 2.0, (lo * lo + lo * hi + hi * hi) / 3.0
        case "triangular":
            assert spec.low is not None and spec.high is not None
            a, c, b = spec.low, spec.value, spec.high
            return (a + b + c) / 3.0, (a * a + b * b + c * c + a * b + a * c + b * c) / 6.0
        case "pert":
            assert spec.low is not None and spec.high is not None
            alpha, beta = pert_shape(spec.low, spec.value, spec.high)
            width = spec.high - spec.low
            m = alpha / (alpha + beta)
            v = alpha * beta / ((alpha + beta) ** 2 * (alpha + beta + 1.0))
            mean = spec.low + width * m
            return mean, mean**2 + width**2 * v
    raise ValueError(f"no moments for distribution {spec.kind!r}")


def log_spec_moments(spec: Spec, times: float = 1.0) -> tuple[float, float]:
    """``(E[ln(times X)], E[ln(times X)^2])`` of a positive declared distribution: exact for
    a fixed value and a lognormal, otherwise by the midpoint rule on
    :data:`GRID_NODES` quantiles.

    Raises
    ------
    ValueError
        If the distribution can take values that are not positive.
    """
    if spec.kind == "fixed":
        if not spec.value > 0:
            raise ValueError(f"a ratio must be positive, found {spec.value}")
        x = math.log(spec.value * times)
        return x, x * x
    if spec.kind == "lognormal":
        assert spec.sd_log is not None
        x = math.log(spec.value * times)
        return x, x * x + spec.sd_log**2
    u = (np.arange(GRID_NODES) + 0.5) / GRID_NODES
    values = inverse_cdf(spec, u) * times
    if not np.all(values > 0):
        raise ValueError(f"a ratio drawn from a {spec.kind} distribution can be 0 or negative")
    logs = np.log(values)
    return float(np.mean(logs)), float(np.mean(logs**2))


def log_ratio_estimates(
    events_1: npt.ArrayLike,
    n_1: int,
    events_0: npt.ArrayLike,
    n_0: int,
    scale: Scale = "odds_ratio",
) -> FloatArray:
    """The estimate of :func:`log_ratio_from_counts` for arrays of event counts (the same
    group sizes), with Haldane's 1/2 added to the tables that have a zero cell."""
    if n_1 < 1 or n_0 < 1:
        raise ValueError("a log ratio needs participants in both groups")
    a = np.asarray(events_1, dtype=np.float64)
    c = np.asarray(events_0, dtype=np.float64)
    b, d = n_1 - a, n_0 - c
    zero = (a == 0) | (b == 0) | (c == 0) | (d == 0)
    add = np.where(zero, HALDANE, 0.0)
    a, b, c, d = a + add, b + add, c + add, d + add
    if scale == "odds_ratio":
        return np.asarray(np.log(a * d / (b * c)), dtype=np.float64)
    return np.asarray(np.log((a / (a + b)) / (c / (c + d))), dtype=np.float64)
