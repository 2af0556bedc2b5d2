"""Timing conventions: which occupancy a year's costs use and when they are discounted.

Cycle ``t`` covers the year from ``t`` to ``t + 1`` after the start. The convention decides:

``start``
    Costs of year ``t`` use occupancy at the start of the year, discounted from year 0
    (``1 / (1 + r) ** t``).
``end``
    Costs of year ``t`` use occupancy after the year's transitions, discounted from year 1
    (``1 / (1 + r) ** (t + 1)``).
``mid``
    Half-cycle correction: the mean of the start and end occupancy, discounted at mid-year
    (``1 / (1 + r) ** (t + 0.5)``) (Briggs, Claxton and Sculpher 2006, sec. 2.3.1; Naimark
    et al. 2008, *Med Decis Making* 28(5)).

One-off costs of entering a state during cycle ``t`` are booked in year ``t`` under every
convention.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
Timing = Literal["start", "end", "mid"]

TIMING_OFFSET: dict[str, float] = {"start": 0.0, "end": 1.0, "mid": 0.5}


def year_occupancy(occupancy: FloatArray, timing: Timing) -> FloatArray:
    """Occupancy that each year's annual costs and person-years use.

    Parameters
    ----------
    occupancy : ndarray, shape (..., T + 1, S)
    timing : {"start", "end", "mid"}

    Returns
    -------
    ndarray, shape (..., T, S)
    """
    if timing == "start":
        return occupancy[..., :-1, :]
    if timing == "end":
        return occupancy[..., 1:, :]
    if timing == "mid":
        return 0.5 * (occupancy[..., :-1, :] + occupancy[..., 1:, :])
    raise ValueError(f"unknown timing convention {timing!r}; expected start, end or mid")


def discount_factors(rate: float, n_years: int, timing: Timing) -> FloatArray:
    """Discount factor of each year's flows: ``(1 + rate) ** -(t + offset)``.

    Parameters
    ----------
    rate : float
        Annual discount rate as a fraction (0.035 for 3.5 %); must exceed -1.
    n_years : int
        Number of years ``T``.
    timing : {"start", "end", "mid"}
        Sets ``offset`` to 0, 1 or 0.5.

    Returns
    -------
    ndarray, shape (T,)
    """
    if rate <= -1.0:
        raise ValueError("a discount rate must be greater than -1")
    if timing not in TIMING_OFFSET:
        raise ValueError(f"unknown timing convention {timing!r}; expected start, end or mid")
    times = np.arange(n_years, dtype=np.float64) + TIMING_OFFSET[timing]
    factors: FloatArray = (1.0 + rate) ** -times
    return factors
