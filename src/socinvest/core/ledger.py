"""Turning occupancy into money: the ledger of flows by year, payer and flow category.

The ledger of an alternative is an array with the fixed axis order
``(draw, year, payer, category)``; costs are positive, income (taxes received, earnings,
benefits received) negative. Payers are the nodes of the payer tree, each holding only the
flows booked directly on it; :mod:`socinvest.core.payers` rolls them up.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]

CATEGORIES: tuple[str, ...] = ("resource", "transfer", "production")
"""Flow categories, in the order of the ledger's last axis."""


def state_flows(year_occupancy: FloatArray, annual: FloatArray) -> FloatArray:
    """Annual flows of the persons in each state.

    Parameters
    ----------
    year_occupancy : ndarray, shape (D, T, S)
        Persons in each state in each year (as the timing convention defines it).
    annual : ndarray, shape (T, S, K) or (D, T, S, K)
        Flow per person-year in state ``s`` in year ``t`` for each of ``K`` ledger cells
        (payer x category, flattened), per draw if it has a draw axis.

    Returns
    -------
    ndarray, shape (D, T, K)
        ``sum_s occupancy[d, t, s] * annual[(d,) t, s, k]``.
    """
    if annual.ndim == 3:
        # One batched matrix product per year: (T, D, S) @ (T, S, K) -> (T, D, K).
        out = np.matmul(year_occupancy.transpose(1, 0, 2), annual)
        return np.ascontiguousarray(out.transpose(1, 0, 2))
    if annual.shape[0] == 1:
        return state_flows(year_occupancy, annual[0])
    flows: FloatArray = np.einsum("dts,dtsk->dtk", year_occupancy, annual)
    return flows


def spread_intake(unit: FloatArray, intake: npt.ArrayLike, n_years: int) -> FloatArray:
    """Combine a unit cohort's yearly flows into a programme with intake over several years.

    Parameters
    ----------
    unit : ndarray, shape (D, T_unit, ...)
        Flows (or occupancy) of a cohort of one person, by years since its start.
    intake : array_like, shape (K,)
        Persons starting in each of the programme's first ``K`` years.
    n_years : int
        Length of the calendar horizon; flows beyond it are cut off.

    Returns
    -------
    ndarray, shape (D, n_years, ...)
        ``out[:, y] = sum_k intake[k] * unit[:, y - k]`` (a discrete convolution), so each
        intake cohort is the same process shifted by its start year.
    """
    sizes = np.asarray(intake, dtype=np.float64)
    out = np.zeros((unit.shape[0], n_years, *unit.shape[2:]))
    for k, size in enumerate(sizes):
        if size == 0.0 or k >= n_years:
            continue
        length = min(unit.shape[1], n_years - k)
        out[:, k : k + length] += size * unit[:, :length]
    return out
