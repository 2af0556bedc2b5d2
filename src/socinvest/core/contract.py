"""Outcome contracts (social impact bonds): outcome payments with caps, the investor's cash
flow and rate of return, over draws and years. Pure numpy.

An investor pays the intervention's costs as they fall due; the public payers pay the
investor a price per achieved outcome (e.g. per avoided placement-year), at most a cap per
year and a cap over the contract (Gustafsson-Wright, Gardiner and Putcha, "The potential and
limitations of impact bonds", Brookings 2015, describe these terms). The investor's internal
rate of return solves ``sum_t c_t / (1 + r)^t = 0`` (:func:`socinvest.core.metrics.irr`).
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt

from socinvest.core.fund import capped_cumulative
from socinvest.core.metrics import irr

FloatArray = npt.NDArray[np.float64]


def outcome_payments(
    outcomes: FloatArray,
    prices: npt.ArrayLike,
    cap_per_year: float = math.inf,
    cap_total: float = math.inf,
) -> FloatArray:
    """Yearly outcome payments ``(D, T)``.

    Parameters
    ----------
    outcomes : ndarray, shape (D, T, M)
        Achieved outcomes of each of ``M`` kinds per draw and year (a negative count, more
        placements than without the intervention, earns nothing).
    prices : array, shape (M,)
        SEK per outcome of each kind.
    cap_per_year, cap_total : float
        The most paid in one year, and over the whole contract.

    Returns
    -------
    ndarray, shape (D, T)
        ``min(sum_m price_m max(outcome_m, 0), cap_per_year)`` in each year, then the running
        total held at ``cap_total``.
    """
    price = np.asarray(prices, dtype=np.float64)
    earned = np.maximum(outcomes, 0.0) @ price
    yearly = np.minimum(earned, cap_per_year)
    return capped_cumulative(np.asarray(yearly, dtype=np.float64), cap_total)


def investor_irr(flows: FloatArray) -> FloatArray:
    """The internal rate of return of each draw's yearly flows ``(D, T)`` (``nan`` where none
    exists, e.g. when nothing is paid back)."""
    return np.array([irr(row) for row in flows], dtype=np.float64)
