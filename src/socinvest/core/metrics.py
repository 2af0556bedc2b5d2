"""Investment metrics from yearly flows: present value, payback, IRR, benefit-cost ratio.

Every function takes flows with the years on the last axis, so the same code serves one
deterministic run and thousands of draws.
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.intp]

PAYBACK_TOLERANCE_SEK = 1e-6
"""A cumulative net below zero by less than this (in SEK) counts as paid back."""

NO_COST_SEK = 0.5
"""Present value of costs (SEK) below which a benefit-cost ratio and ROI are not defined."""

SMALL_COST_SHARE = 0.01
"""Costs below this share of the benefits make a benefit-cost ratio flagged as unstable."""


def present_value(flows: FloatArray, factors: FloatArray, axis: int = -1) -> FloatArray:
    """Present value ``sum_t flows[..., t, ...] * factors[t]`` over the years on ``axis``
    (a contraction: the year axis need not be moved or copied).

    The operations of ``np.tensordot(flows, factors, axes=([axis], [0]))`` for a vector of
    factors (the year axis moved last, both reshaped to matrices, one ``np.dot``), without
    its general checks, which were most of the time of the many small present values of
    the searches; the same operations, so the same numbers bit for bit (tested).
    """
    a, b = np.asarray(flows), np.asarray(factors)
    if b.ndim != 1 or a.ndim == 0:
        return np.asarray(np.tensordot(a, b, axes=([axis], [0])), dtype=np.float64)
    shape = a.shape
    year = axis + a.ndim if axis < 0 else axis
    if not 0 <= year < a.ndim or shape[year] != b.shape[0]:
        raise ValueError("shape-mismatch for sum")
    others = [k for k in range(a.ndim) if k != year]
    kept = [shape[k] for k in others]
    at = a.transpose([*others, year]).reshape((math.prod(kept), shape[year]))
    bt = b.transpose([0]).reshape((b.shape[0], 1))
    return np.asarray(np.dot(at, bt).reshape(kept), dtype=np.float64)


def payback_index(net_benefit: FloatArray, factors: FloatArray | None = None) -> IntArray:
    """Index of the year from which the cumulative net benefit stays non-negative.

    Parameters
    ----------
    net_benefit : ndarray, shape (..., T)
        Benefits minus costs in each year.
    factors : ndarray, shape (T,), optional
        Discount factors; without them the payback is undiscounted.

    Returns
    -------
    ndarray of int, shape (...)
        The first year ``t`` such that ``cumsum(net)[u] >= 0`` for every ``u >= t``, or -1
        when the cumulative net is still negative at the end of the horizon. Requiring the
        cumulative to *stay* non-negative keeps a late cost (a relapse) from hiding behind an
        early crossing.
    """
    flows = net_benefit if factors is None else net_benefit * factors
    cumulative = np.cumsum(flows, axis=-1)
    n = cumulative.shape[-1]
    negative = cumulative < -PAYBACK_TOLERANCE_SEK
    any_negative = negative.any(axis=-1)
    last_negative = n - 1 - np.argmax(negative[..., ::-1], axis=-1)
    result = np.where(any_negative, last_negative + 1, 0)
    return np.asarray(np.where(result >= n, -1, result), dtype=np.intp)


def _roots(coefficients: npt.NDArray[np.float64]) -> npt.NDArray[np.complex128] | None:
    """``np.roots``, or ``None`` where it fails (a companion matrix with infinities)."""
    with np.errstate(all="ignore"):
        try:
            return np.asarray(np.roots(coefficients), dtype=np.complex128)
        except (ValueError, np.linalg.LinAlgError):
            return None


def irr(net_benefit: npt.ArrayLike) -> float:
    """Internal rate of return of a series of yearly net flows.

    Solves ``sum_t c_t / (1 + r) ** t = 0`` through the roots of the polynomial in
    ``x = 1 / (1 + r)`` (the method of numpy-financial's ``irr``), keeping real roots with
    ``x > 0`` and, where several exist, the rate closest to zero.

    Returns
    -------
    float
        The rate, or ``nan`` when no IRR exists (no sign change in the flows).
    """
    c = np.asarray(net_benefit, dtype=np.float64)
    if c.ndim != 1:
        raise ValueError("irr takes one series of flows")
    nonzero = c[np.abs(c) > 0.0]
    if nonzero.size == 0 or np.all(nonzero > 0) or np.all(nonzero < 0):
        return math.nan
    roots = _roots(c[::-1])
    if roots is None or not np.all(np.isfinite(roots)):
        # Flows many orders of magnitude apart (e.g. a last flow of 1e-320 SEK) make the
        # companion matrix overflow: solve again with the flows scaled to the largest and
        # those below 1e-12 of it taken as zero (they cannot move the rate).
        scaled = c / np.max(np.abs(c))
        scaled[np.abs(scaled) < 1e-12] = 0.0
        roots = _roots(scaled[::-1])
        if roots is None or not np.all(np.isfinite(roots)):
            return math.nan
    real = roots[np.abs(roots.imag) <= 1e-10 * np.maximum(1.0, np.abs(roots))].real
    real = real[real > 0.0]
    if real.size == 0:
        return math.nan
    rates = 1.0 / real - 1.0
    return float(rates[np.argmin(np.abs(rates))])


def benefit_cost_ratio(pv_benefits: float, pv_costs: float) -> tuple[float | None, str | None]:
    """Benefit-cost ratio with a flag.

    Returns
    -------
    (ratio, flag)
        ``ratio`` is ``pv_benefits / pv_costs``, or ``None`` when the costs are below
        :data:`NO_COST_SEK`. ``flag`` is ``"no_costs"`` in that case, ``"small_costs"`` when
        the costs are below :data:`SMALL_COST_SHARE` of the absolute benefits (the ratio is
        then dominated by a small denominator), else ``None``.
    """
    if pv_costs < NO_COST_SEK:
        return None, "no_costs"
    ratio = pv_benefits / pv_costs
    if pv_costs < SMALL_COST_SHARE * abs(pv_benefits):
        return ratio, "small_costs"
    return ratio, None
