"""Brute force over every subset of all-or-nothing candidates: the reference the
mixed-integer programme of :mod:`socinvest.core.portfolio` is checked and timed against."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from socinvest.core.portfolio import (
    ChanceLimit,
    CvarLimit,
    PortfolioInfeasibleError,
    PortfolioProblem,
    allowed_losses,
)

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

MAX_CANDIDATES = 24
"""More candidates than this make 2^n subsets too many to enumerate."""

CHUNK_SUBSETS = 1024
"""Subsets evaluated at once (memory: chunk x draws floats)."""

FEASIBILITY_TOLERANCE = 1e-9
"""Relative slack on the budget and group rows (rounding of the sums)."""


@dataclass(frozen=True)
class BruteForceResult:
    """The best subset (``chosen``), its scales and expected NPV, and how many were tried."""

    chosen: BoolArray
    scale: FloatArray
    expected_npv: float
    subsets: int


def _cvar(npv: FloatArray, alpha: float) -> FloatArray:
    """Rockafellar-Uryasev CVaR of the loss of each row of ``npv`` (subsets x draws): the
    mean of the worst ``alpha`` share of the losses, the boundary draw counted in part."""
    d = npv.shape[1]
    loss = -np.sort(npv, axis=1)  # largest loss first
    k = alpha * d
    whole = int(np.floor(k + 1e-12))
    total = loss[:, :whole].sum(axis=1)
    if whole < d:
        total = total + (k - whole) * loss[:, whole]
    return np.asarray(total / k)


def brute_force(problem: PortfolioProblem) -> BruteForceResult:
    """The best subset of candidates, each at ``upper`` or not at all, meeting the budgets,
    the groups, the required candidates and the risk limit, by enumerating all ``2^n``.

    Every candidate is treated as all-or-nothing (``binary`` must be set for all of them).
    Ties go to the subset enumerated first (the lowest bit pattern).

    Raises
    ------
    PortfolioInfeasibleError
        When no subset is feasible.
    """
    p = problem
    n = p.size
    if n > MAX_CANDIDATES:
        raise ValueError(f"at most {MAX_CANDIDATES} candidates for brute force")
    if not bool(np.all(p.binary)):
        raise ValueError("brute force needs every candidate all-or-nothing")
    mean = p.npv.mean(axis=0) * p.upper
    npv_t = (p.npv * p.upper).T  # (n, D)
    costs = p.costs * p.upper[:, None]  # (n, K)
    cost_tol = FEASIBILITY_TOLERANCE * (1.0 + np.abs(p.budgets))
    group_ids = np.unique(p.groups)
    member = (p.groups[:, None] == group_ids[None, :]).astype(np.float64) * p.upper[:, None]
    bits = 1 << np.arange(n)
    best_value = -np.inf
    best_mask = -1
    total = 1 << n
    for start in range(0, total, CHUNK_SUBSETS):
        masks = np.arange(start, min(total, start + CHUNK_SUBSETS))
        s = ((masks[:, None] & bits[None, :]) != 0).astype(np.float64)  # (m, n)
        ok = np.all(s @ costs <= p.budgets + cost_tol, axis=1)
        ok &= np.all(s @ member <= 1.0 + FEASIBILITY_TOLERANCE, axis=1)
        ok &= np.all(s[:, p.required] == 1.0, axis=1)
        if isinstance(p.risk, ChanceLimit | CvarLimit):
            draws = s @ npv_t
            if isinstance(p.risk, ChanceLimit):
                losses = np.sum(draws < 0.0, axis=1)
                ok &= losses <= allowed_losses(p.draws, p.risk.alpha)
            else:
                ok &= _cvar(draws, p.risk.alpha) <= p.risk.limit + FEASIBILITY_TOLERANCE * (
                    1.0 + np.max(np.abs(draws), axis=1)
                )
        if not np.any(ok):
            continue
        values = np.where(ok, s @ mean, -np.inf)
        i = int(np.argmax(values))
        if values[i] > best_value:
            best_value, best_mask = float(values[i]), int(masks[i])
    if best_mask < 0:
        raise PortfolioInfeasibleError("no subset meets the budgets, required candidates and risk")
    chosen = (best_mask & bits) != 0
    scale = np.where(chosen, p.upper, 0.0)
    return BruteForceResult(
        chosen=chosen,
        scale=scale,
        expected_npv=float(np.mean(p.npv @ scale)),
        subsets=total,
    )
