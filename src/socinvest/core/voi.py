"""Value of information from probabilistic draws: EVPI, EVPPI and population scaling.

Every function takes net benefits as a ``(D, A)`` array: one row per draw, one column per
alternative, in money (net monetary benefit, or net present value from one perspective).
The value of information is the expected gain from choosing the alternative after
uncertainty is resolved instead of now, on the mean:

- EVPI (perfect information on everything): ``E[max_a NB] - max_a E[NB]``;
- EVPPI (perfect information on a parameter or group ``theta``):
  ``E_theta[max_a E[NB_a | theta]] - max_a E[NB_a]``, with the conditional expectations
  estimated by regressing the net benefits on ``theta`` across the draws (Strong, Oakley
  and Brennan 2014), so the same draws serve every parameter; no nested simulation.

Both are per person (or per decision unit) as the net benefits are; :func:`population_value`
scales a value to the population affected over a horizon.

References
----------
Strong, M., Oakley, J. E. and Brennan, A. (2014). Estimating multiparameter partial expected
value of perfect information from a probabilistic sensitivity analysis sample: a
nonparametric regression approach. *Medical Decision Making* 34(3), 311-326.

Eilers, P. H. C. and Marx, B. D. (1996). Flexible smoothing with B-splines and penalties.
*Statistical Science* 11(2), 89-121.

Craven, P. and Wahba, G. (1979). Smoothing noisy data with spline functions. *Numerische
Mathematik* 31, 377-403 (generalised cross-validation).

Claxton, K. and Posnett, J. (1996). An economic approach to clinical trial design and
research priority-setting. *Health Economics* 5(6), 513-524 (population EVPI).

Strong, M., Oakley, J. E., Brennan, A. and Breeze, P. (2015). Estimating the expected value
of sample information using the probabilistic sensitivity analysis sample: a fast,
nonparametric regression-based method. *Medical Decision Making* 35(5), 570-583 (EVSI).

Raiffa, H. and Schlaifer, R. (1961). *Applied Statistical Decision Theory*. Harvard
University, chapter 5 (the normal prior, the normal sample and the unit normal loss).

Willan, A. R. and Pinto, E. M. (2005). The value of information and optimal clinical trial
design. *Statistics in Medicine* 24(12), 1791-1806 (EVSI of a trial in closed form).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence

import numpy as np
import numpy.typing as npt

from socinvest.core.timing import TIMING_OFFSET, Timing

FloatArray = npt.NDArray[np.float64]

SPLINE_DEGREE = 3
"""Cubic B-splines for the one-parameter smoother."""

MAX_SPLINE_SEGMENTS = 20
"""At most this many knot intervals (at quantiles of the parameter) for one parameter."""

DRAWS_PER_SEGMENT = 100
"""At least this many draws per knot interval: fewer draws, fewer intervals."""

GCV_LAMBDAS = np.logspace(-6.0, 6.0, 25)
"""Grid of (scaled) smoothing parameters searched by generalised cross-validation."""

GROUP_DEGREE = 2
"""Default degree of the polynomial in a group of parameters (all terms, interactions
included)."""


def _net_benefit(net_benefit: npt.ArrayLike) -> FloatArray:
    nb = np.asarray(net_benefit, dtype=np.float64)
    if nb.ndim != 2 or nb.shape[0] < 2 or nb.shape[1] < 1:
        raise ValueError(
            f"expected net benefits of shape (draws, alternatives) with at least 2 draws, "
            f"found shape {nb.shape}"
        )
    if not np.all(np.isfinite(nb)):
        raise ValueError("the net benefits contain NaN or infinite values")
    return nb


def _value_gap(values: FloatArray) -> float:
    """``mean_d max_a values - max_a mean_d values`` (never negative beyond rounding)."""
    return float(np.mean(np.max(values, axis=1)) - np.max(np.mean(values, axis=0)))


def evpi(net_benefit: npt.ArrayLike) -> float:
    """Expected value of perfect information per person.

    Parameters
    ----------
    net_benefit : array_like, shape (D, A)
        Net benefit of each alternative in each draw.

    Returns
    -------
    float
        ``mean_d max_a NB[d, a] - max_a mean_d NB[d, a]``, at least 0 (a negative from
        rounding is returned as 0).
    """
    nb = _net_benefit(net_benefit)
    return max(_value_gap(nb), 0.0)


def evppi(
    net_benefit: npt.ArrayLike,
    parameters: npt.ArrayLike,
    *,
    degree: int = GROUP_DEGREE,
) -> float:
    """Expected value of partial perfect information on one parameter or a group.

    The regression method of Strong, Oakley and Brennan (2014): the conditional expected
    net benefit given the parameter(s) is estimated by a smoother fitted across the
    probabilistic draws, and ``EVPPI = mean_d max_a g_a(theta_d) - max_a mean_d g_a``.
    The incremental net benefits against the first alternative are regressed (``A - 1``
    fits; the smoothers are linear, so this gives the same value as fitting every
    alternative).

    The smoother (a dependency-free stand-in for the GAM of the paper):

    - one parameter: a penalised cubic B-spline (P-spline; Eilers and Marx 1996) with up to
      20 knot intervals at quantiles of the parameter, a second-order difference penalty and
      the smoothing parameter chosen per alternative by generalised cross-validation
      (Craven and Wahba 1979). A parameter with fewer distinct values than basis functions
      is treated as discrete: the fit is the mean within each value (exact);
    - a group of ``k >= 2`` parameters: least squares on every monomial of the standardised
      parameters up to ``degree`` (default 2: intercept, linear, squares and pairwise
      interactions). Enough for net benefits that are smooth in the group; a strongly
      non-linear dependence on a group is under-fitted, which biases EVPPI downwards.

    Parameters
    ----------
    net_benefit : array_like, shape (D, A)
        Net benefit of each alternative in each draw.
    parameters : array_like, shape (D,) or (D, k)
        The draws of the parameter (or of each parameter of the group), row ``d`` belonging
        to row ``d`` of ``net_benefit``.
    degree : int, optional
        Degree of the polynomial for a group (ignored for one parameter).

    Returns
    -------
    float
        EVPPI per person, clipped to ``[0, evpi(net_benefit)]``: both smoothers contain the
        constant, so the fitted means equal the sample means and the value is never below 0
        beyond rounding; over-fitting noise can push it above the EVPI of the same draws,
        which is impossible in expectation, so it is capped there.
    """
    nb = _net_benefit(net_benefit)
    theta = np.asarray(parameters, dtype=np.float64)
    if theta.ndim == 1:
        theta = theta[:, None]
    if theta.ndim != 2 or theta.shape[0] != nb.shape[0]:
        raise ValueError(
            f"expected parameter draws of shape ({nb.shape[0]},) or ({nb.shape[0]}, k), "
            f"found shape {np.shape(parameters)}"
        )
    if not np.all(np.isfinite(theta)):
        raise ValueError("the parameter draws contain NaN or infinite values")
    if degree < 1:
        raise ValueError(f"the polynomial degree must be at least 1, found {degree}")
    total = evpi(nb)
    if nb.shape[1] == 1 or total == 0.0:
        return 0.0
    varying = theta[:, np.ptp(theta, axis=0) > 0]
    if varying.shape[1] == 0:
        return 0.0
    incremental = nb[:, 1:] - nb[:, :1]
    if varying.shape[1] == 1:
        fitted = _fit_one(varying[:, 0], incremental)
    else:
        fitted = _fit_group(varying, incremental, degree)
    with_reference = np.column_stack([np.zeros(nb.shape[0]), fitted])
    return min(max(_value_gap(with_reference), 0.0), total)


def evppi_each(
    net_benefit: npt.ArrayLike,
    draws: Mapping[str, npt.ArrayLike],
    groups: Mapping[str, Sequence[str]] | None = None,
    *,
    degree: int = GROUP_DEGREE,
) -> dict[str, float]:
    """EVPPI of each parameter in ``draws`` and of each named group.

    Parameters
    ----------
    net_benefit : array_like, shape (D, A)
    draws : mapping of id to array_like, shape (D,)
        The parameters' draws (the same draws that produced ``net_benefit``).
    groups : mapping of name to sequence of ids, optional
        Groups whose joint EVPPI is wanted (e.g. all effect sizes); a name may not repeat a
        parameter id.

    Returns
    -------
    dict of name to float
        One entry per parameter (in sorted id order), then one per group.
    """
    nb = _net_benefit(net_benefit)
    out = {pid: evppi(nb, draws[pid], degree=degree) for pid in sorted(draws)}
    for name, members in (groups or {}).items():
        if name in out:
            raise ValueError(f"the group name {name!r} is also a parameter id")
        missing = [pid for pid in members if pid not in draws]
        if missing:
            raise ValueError(f"group {name!r}: no draws for {', '.join(missing)}")
        columns = np.column_stack([np.asarray(draws[pid], dtype=np.float64) for pid in members])
        out[name] = evppi(nb, columns, degree=degree)
    return out


def evsi(net_benefit: npt.ArrayLike, statistic: npt.ArrayLike) -> float:
    """Expected value of sample information per person, by the regression method of Strong,
    Oakley, Brennan and Breeze (2015).

    Each draw ``d`` of the probabilistic analysis carries a simulated summary statistic
    ``X_d`` of the study's data, drawn given that draw's parameters. The expected net benefit
    after the study, ``E[NB_a | X]``, is estimated by the one-parameter smoother of
    :func:`evppi` fitted on ``X``, and
    ``EVSI = mean_d max_a g_a(X_d) - max_a mean_d g_a(X_d)``.

    Parameters
    ----------
    net_benefit : array_like, shape (D, A)
        Net benefit of each alternative in each draw.
    statistic : array_like, shape (D,)
        The simulated summary statistic of the study in each draw.

    Returns
    -------
    float
        At least 0. Not capped: the caller compares it with the EVPI (a value above it is
        Monte Carlo noise of the smoother).
    """
    nb = _net_benefit(net_benefit)
    x = np.asarray(statistic, dtype=np.float64)
    if x.shape != (nb.shape[0],):
        raise ValueError(
            f"expected a statistic of shape ({nb.shape[0]},), found shape {np.shape(statistic)}"
        )
    if not np.all(np.isfinite(x)):
        raise ValueError("the simulated statistic contains NaN or infinite values")
    if nb.shape[1] == 1 or np.ptp(x) == 0.0:
        return 0.0
    fitted = _fit_one(x, nb[:, 1:] - nb[:, :1])
    return max(_value_gap(np.column_stack([np.zeros(nb.shape[0]), fitted])), 0.0)


def unit_normal_loss(z: float) -> float:
    """The unit normal loss integral ``L(z) = phi(z) - z (1 - Phi(z))`` (Raiffa and
    Schlaifer 1961): ``E[max(Z - z, 0)]`` for a standard normal ``Z``."""
    from scipy.stats import norm

    return float(norm.pdf(z) - z * norm.sf(z))


def evsi_linear_normal(
    intercept: float, slope: float, mean: float, sd: float, sample_sd: float, n: float
) -> float:
    """EVSI in closed form for two alternatives whose incremental net benefit is linear in a
    normal parameter, ``INB = intercept + slope theta`` with ``theta ~ N(mean, sd^2)``, and a
    study whose mean of ``n`` observations is ``N(theta, sample_sd^2 / n)``.

    The posterior mean of ``theta`` after the study is normal around ``mean`` with the
    variance ``sd^4 / (sd^2 + sample_sd^2 / n)`` (preposterior analysis), so with ``tau`` the
    standard deviation of the posterior mean of INB,
    ``EVSI = tau L(|E INB| / tau)``, ``L`` the unit normal loss (Raiffa and Schlaifer 1961;
    Willan and Pinto 2005). ``n = infinity`` gives the EVPI, ``|slope| sd L(|E INB| / (|slope|
    sd))``.
    """
    if sd < 0 or sample_sd < 0 or n < 0:
        raise ValueError("sd, sample_sd and n must not be negative")
    if n == 0 or sd == 0 or slope == 0:
        return 0.0
    variance = sd**4 / (sd**2 + sample_sd**2 / n) if math.isfinite(n) else sd**2
    tau = abs(slope) * math.sqrt(variance)
    if tau == 0.0:
        return 0.0
    expected = abs(intercept + slope * mean)
    return tau * unit_normal_loss(expected / tau)


# --------------------------------------------------------------------------------------------
# Smoothers


def _fit_one(x: FloatArray, y: FloatArray) -> FloatArray:
    """Fitted values of each column of ``y`` on one parameter ``x`` (P-spline with GCV, or
    the within-value means of a discrete parameter)."""
    d = x.size
    segments = int(min(MAX_SPLINE_SEGMENTS, max(1, d // DRAWS_PER_SEGMENT)))
    values, index = np.unique(x, return_inverse=True)
    if values.size <= segments + SPLINE_DEGREE:
        counts = np.bincount(index, minlength=values.size).astype(np.float64)
        means = np.stack(
            [
                np.bincount(index, weights=y[:, j], minlength=values.size) / counts
                for j in range(y.shape[1])
            ],
            axis=1,
        )
        return np.asarray(means[index], dtype=np.float64)
    inner = np.unique(np.quantile(x, np.linspace(0.0, 1.0, segments + 1)))
    knots = np.concatenate(
        [np.repeat(inner[0], SPLINE_DEGREE), inner, np.repeat(inner[-1], SPLINE_DEGREE)]
    )
    from scipy.interpolate import BSpline  # here, not at import (slow to load)

    basis = BSpline.design_matrix(x, knots, SPLINE_DEGREE).toarray()
    m = basis.shape[1]
    difference = np.diff(np.eye(m), n=2, axis=0)
    penalty = difference.T @ difference
    gram = basis.T @ basis
    cross = basis.T @ y
    scale = np.trace(gram) / np.trace(penalty)
    best_score = np.full(y.shape[1], np.inf)
    best_coef = np.zeros((m, y.shape[1]))
    for lam in GCV_LAMBDAS:
        system = gram + lam * scale * penalty
        coef = np.linalg.solve(system, cross)
        edf = float(np.trace(np.linalg.solve(system, gram)))
        residual = y - basis @ coef
        score = d * np.sum(residual**2, axis=0) / max(d - edf, 1.0) ** 2
        better = score < best_score
        best_score = np.where(better, score, best_score)
        best_coef[:, better] = coef[:, better]
    return np.asarray(basis @ best_coef, dtype=np.float64)


def _fit_group(x: FloatArray, y: FloatArray, degree: int) -> FloatArray:
    """Fitted values of each column of ``y`` on a full polynomial of the given degree in the
    standardised columns of ``x`` (least squares, SVD-based)."""
    z = (x - x.mean(axis=0)) / x.std(axis=0)
    k = z.shape[1]
    columns = [np.ones(z.shape[0])]
    for power in range(1, degree + 1):
        for combo in itertools.combinations_with_replacement(range(k), power):
            columns.append(np.prod(z[:, list(combo)], axis=1))
    design = np.column_stack(columns)
    if design.shape[1] >= z.shape[0]:
        raise ValueError(
            f"a degree-{degree} polynomial in {k} parameters has {design.shape[1]} terms, "
            f"too many for {z.shape[0]} draws; use more draws or a lower degree"
        )
    coef, *_ = np.linalg.lstsq(design, y, rcond=None)
    return np.asarray(design @ coef, dtype=np.float64)


# --------------------------------------------------------------------------------------------
# Population scaling


def annuity_factor(rate: float, years: int, timing: Timing = "start") -> float:
    """Present value of 1 a year for ``years`` years:
    ``sum_{t=0}^{T-1} (1 + r) ** -(t + offset)``.

    In closed form ``(1 + r) ** -offset * (1 - (1 + r) ** -T) / (1 - (1 + r) ** -1)``
    (``T`` when ``r = 0``), where ``offset`` is 0, 1 or 0.5 for the ``start``, ``end`` and
    ``mid`` timing conventions of :mod:`socinvest.core.timing` (``end`` gives the ordinary
    annuity ``(1 - (1 + r) ** -T) / r``).

    Raises
    ------
    ValueError
        For a rate not above -1, a negative number of years or an unknown timing.
    """
    if not (math.isfinite(rate) and rate > -1.0):
        raise ValueError(f"a discount rate must be greater than -1, found {rate}")
    if years < 0:
        raise ValueError(f"the number of years must not be negative, found {years}")
    if timing not in TIMING_OFFSET:
        raise ValueError(f"unknown timing convention {timing!r}; expected start, end or mid")
    log_v = -math.log1p(rate)  # log of the one-year discount factor
    if rate == 0.0:
        return float(years)
    # expm1 keeps the ratio accurate for rates near zero.
    return math.exp(TIMING_OFFSET[timing] * log_v) * math.expm1(years * log_v) / math.expm1(log_v)


def population_value(
    per_person: float,
    persons_per_year: float,
    years: int,
    rate: float,
    timing: Timing = "start",
) -> float:
    """A per-person value of information for the population it concerns: ``per_person *
    persons_per_year * annuity_factor(rate, years, timing)`` (Claxton and Posnett 1996).

    Parameters
    ----------
    per_person : float
        EVPI or EVPPI per person (or per decision unit).
    persons_per_year : float
        Persons affected by the decision each year (e.g. a yearly intake), constant.
    years : int
        Years over which the decision applies (the decision's lifetime).
    rate : float
        Annual discount rate as a fraction.
    timing : {"start", "end", "mid"}
        When in each year the year's persons count (see :func:`annuity_factor`).
    """
    if persons_per_year < 0:
        raise ValueError(f"persons per year must not be negative, found {persons_per_year}")
    return per_person * persons_per_year * annuity_factor(rate, years, timing)
