"""Yearly transition matrices: construction from probabilities, counts or rates, and effects.

All functions are pure numpy/scipy. A transition matrix ``P`` is row-stochastic:
``P[..., i, j]`` is the probability of moving from state ``i`` to state ``j`` in one
yearly cycle, and every row sums to one.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]

ROW_SUM_TOLERANCE = 1e-9
"""Absolute tolerance with which a row of probabilities must sum to one."""


def probabilities_from_counts(counts: npt.ArrayLike) -> FloatArray:
    """Normalise observed transition counts row by row.

    Parameters
    ----------
    counts : array_like, shape (S, S)
        Observed number of moves from state ``i`` (row) to state ``j`` (column) over
        one year. Must be non-negative, with a positive total in every row.

    Returns
    -------
    ndarray, shape (S, S)
        The maximum-likelihood estimate of the yearly transition matrix,
        ``p_ij = n_ij / sum_j n_ij`` (Briggs, Claxton and Sculpher 2006,
        *Decision Modelling for Health Economic Evaluation*, ch. 3).

    Raises
    ------
    ValueError
        If a count is negative or a row has no observations.
    """
    n = np.asarray(counts, dtype=np.float64)
    if np.any(n < 0):
        raise ValueError("transition counts must be non-negative")
    totals = n.sum(axis=-1, keepdims=True)
    if np.any(totals <= 0):
        raise ValueError("every row of transition counts needs at least one observation")
    p: FloatArray = n / totals
    return p


def probabilities_from_rates(rates: npt.ArrayLike, years: float = 1.0) -> FloatArray:
    """Convert annual transition rates to a transition matrix with the matrix exponential.

    Parameters
    ----------
    rates : array_like, shape (S, S)
        Instantaneous annual rates ``q_ij`` of moving from ``i`` to ``j`` (``i != j``),
        non-negative. The diagonal is ignored and set to ``-sum_{j != i} q_ij`` so that the
        generator's rows sum to zero.
    years : float
        Cycle length in years.

    Returns
    -------
    ndarray, shape (S, S)
        ``P = expm(Q * years)``, which correctly accounts for competing risks and for
        several moves within one cycle (Jones, Epstein and García 2017, "Estimating
        transition probabilities for a Markov model", *Med Decis Making* 37(5)).
    """
    q = np.array(rates, dtype=np.float64)
    if q.ndim != 2 or q.shape[0] != q.shape[1]:
        raise ValueError("rates must be a square matrix")
    np.fill_diagonal(q, 0.0)
    if np.any(q < 0):
        raise ValueError("transition rates must be non-negative")
    np.fill_diagonal(q, -q.sum(axis=1))
    from scipy.linalg import expm  # here, not at import: scipy.linalg is slow to load

    p: FloatArray = expm(q * years)
    # expm is accurate to rounding; clip tiny negative round-off and renormalise rows.
    p = np.clip(p, 0.0, None)
    normalised: FloatArray = p / p.sum(axis=1, keepdims=True)
    return normalised


def check_stochastic(p: npt.ArrayLike, tolerance: float = ROW_SUM_TOLERANCE) -> list[str]:
    """Return human-readable problems with a (stack of) transition matrices.

    An empty list means that every entry lies in [0, 1] and every row sums to one within
    ``tolerance``.
    """
    a = np.asarray(p, dtype=np.float64)
    problems: list[str] = []
    if np.any(a < 0) or np.any(a > 1):
        problems.append("probabilities outside [0, 1]")
    sums = a.sum(axis=-1)
    if np.any(np.abs(sums - 1.0) > tolerance):
        worst = float(sums.flat[int(np.argmax(np.abs(sums - 1.0)))])
        problems.append(f"a row sums to {worst:.12g}, not 1")
    return problems


EffectKind = Literal["relative_risk", "odds_ratio"]

_TINY = float(np.finfo(np.float64).tiny)


def _rescale_rows(
    p: FloatArray, targets: npt.NDArray[np.bool_], factor: FloatArray
) -> FloatArray | None:
    """The common case of a relative risk with proportional re-normalisation, as a rescaling.

    While the scaled targeted mass ``RR * s_t`` stays at most one and the untargeted mass
    ``s_u`` is a normal number, each row is only rescaled: targeted entries by ``RR`` and
    untargeted ones by ``(1 - RR * s_t) / s_u``, which is what the general path computes.
    Returns ``None`` when the general path is needed.
    """
    mask = targets.astype(np.float64)
    s_t = np.einsum("drs,rs->dr", p, mask)
    s_u = np.einsum("drs,rs->dr", p, 1.0 - mask)
    f = factor[:, :, 0]
    if not (np.all(s_t * f <= 1.0) and np.all(s_u >= _TINY)):
        return None
    g = (1.0 - f * s_t) / s_u
    return p * np.where(targets[None], f[:, :, None], g[:, :, None])


Complement = Literal["proportional", "stay"]


def apply_effect_to_rows(
    rows: FloatArray,
    targets: npt.NDArray[np.bool_],
    log_effect: FloatArray,
    kind: EffectKind,
    stay_index: npt.NDArray[np.intp] | None = None,
    complement: Complement = "proportional",
) -> FloatArray:
    """Apply a relative risk or odds ratio to some transitions of a set of rows.

    Parameters
    ----------
    rows : ndarray, shape (D, R, S)
        ``R`` rows (from-states) of transition matrices for ``D`` draws; each row sums to one.
    targets : ndarray of bool, shape (R, S)
        Which transitions of each row the effect acts on.
    log_effect : ndarray, shape (D,)
        Natural log of the effect (relative risk or odds ratio) per draw; 0 means no effect.
        Decay over time is applied by the caller as a weight on this log.
    kind : {"relative_risk", "odds_ratio"}
        ``relative_risk``: ``q = p * RR``. ``odds_ratio``: ``q/(1-q) = OR * p/(1-p)``
        (Higgins et al., *Cochrane Handbook* 6.4, ch. 6.4.1).
    stay_index : ndarray of int, shape (R,), optional
        Column of each row's own state; used with ``complement="stay"``.
    complement : {"proportional", "stay"}
        How rows are re-normalised. ``proportional``: the probability freed (or taken) by the
        targeted transitions is shared by the row's untargeted transitions in proportion to
        their probabilities. ``stay``: it is given to (or taken from) staying in the same
        state, falling back to ``proportional`` if staying is targeted or too small.

    Returns
    -------
    ndarray, shape (D, R, S)
        The modified rows; entries in [0, 1], each row summing to one. If the targeted
        transitions would sum to more than one, they are scaled to sum to exactly one.
    """
    d = max(rows.shape[0], log_effect.shape[0])
    p = np.broadcast_to(rows, (d, *rows.shape[1:]))
    factor = np.exp(log_effect)[:, None, None]
    if kind == "relative_risk" and complement == "proportional":
        fast = _rescale_rows(p, targets, factor)
        if fast is not None:
            return _unchanged_without_effect(p, fast, log_effect)
    if kind == "relative_risk":
        modified = p * factor
    else:
        with np.errstate(divide="ignore", invalid="ignore"):
            odds = p / (1.0 - p)
            q = odds * factor / (1.0 + odds * factor)
        modified = np.where(p >= 1.0, 1.0, q)
    t = targets[None, :, :]
    q_t = np.where(t, np.minimum(modified, 1.0), 0.0)
    sum_t = q_t.sum(axis=-1, keepdims=True)
    over = sum_t > 1.0
    q_t = np.where(over, q_t / np.where(over, sum_t, 1.0), q_t)
    sum_t = np.minimum(sum_t, 1.0)
    residual = 1.0 - sum_t  # what the untargeted transitions must hold
    p_u = np.where(t, 0.0, p)
    sum_u = p_u.sum(axis=-1, keepdims=True)

    if complement == "stay" and stay_index is not None:
        r_idx = np.arange(targets.shape[0])
        stay_targeted = targets[r_idx, stay_index]
        onehot = np.zeros(targets.shape, dtype=bool)
        onehot[r_idx, stay_index] = True
        others = np.where(onehot[None], 0.0, p_u)
        stay_new = residual[..., 0] - others.sum(axis=-1)
        usable = (~stay_targeted)[None, :] & (stay_new >= 0.0)
        stay_rows = np.where(onehot[None], stay_new[..., None], others)
    else:
        usable = np.zeros((1, targets.shape[0]), dtype=bool)
        stay_rows = p_u

    # Divide before multiplying: residual / sum_u overflows when sum_u is subnormal.
    proportional = p_u / np.where(sum_u > 0.0, sum_u, 1.0) * residual
    untargeted = np.where(usable[..., None], stay_rows, proportional)
    out = q_t + untargeted
    # Rows whose whole mass was targeted and shrank have nowhere to put the residual:
    # give it back to the targeted transitions in proportion (no net change in the row).
    stranded = (sum_u <= 0.0) & (residual > 0.0) & ~usable[..., None]
    if np.any(stranded):
        with np.errstate(divide="ignore", invalid="ignore"):
            rescaled = np.where(sum_t > 0, q_t / sum_t, p)
        out = np.where(stranded, rescaled, out)
    return _unchanged_without_effect(p, out, log_effect)


def effect_can_change_rows(
    rows: FloatArray,
    targets: npt.NDArray[np.bool_],
    kind: EffectKind,
    stay_index: npt.NDArray[np.intp],
    complement: Complement = "proportional",
) -> npt.NDArray[np.bool_]:
    """Whether an effect of some size can change how likely each row's targeted moves are.

    A relative risk or odds ratio on a set of moves makes them more or less likely: what
    :func:`apply_effect_to_rows` can change is the row's targeted total ``s`` (the sum of the
    targeted probabilities) and, with it, the untargeted rest. That total stays as it is,
    whatever the effect's size, when

    - no targeted transition has a probability above 0 (``s = 0``; an effect never creates a
      move); or
    - every transition with a probability above 0 is targeted (``s = 1``; staying, never
      targeted by a scenario, then has probability 0) and the difference has nowhere to go:
      with complement ``proportional`` the targeted transitions are scaled back to sum to 1;
      with complement ``stay`` the same holds for an odds ratio on a row's only move
      (``p = 1`` stays 1), while a relative risk below 1, or an odds ratio below 1 on two or
      more moves, frees probability for staying, a change.

    With ``s = 1`` and complement ``proportional`` the row can still be reshaped *within*
    the targeted moves (a relative risk with ``RR p > 1`` is capped at 1 before the row is
    scaled back; an odds ratio does not scale all probabilities alike), which moves
    probability between the targeted moves but not toward or away from them: not the
    effect's meaning, so it does not count. In every other case (``0 < s < 1``) every size
    other than 1 changes ``s``: to ``min(1, RR s)``, or each targeted ``p`` moves with the
    odds. Only whether an entry is above 0 is used, so the answer holds for every draw of
    the rows that keeps their zeros (as Dirichlet draws do).

    Parameters
    ----------
    rows : ndarray, shape (..., R, S)
        Rows (from-states) of transition matrices, e.g. one per age band.
    targets : ndarray of bool, shape (R, S)
        The targeted transitions of each row.
    kind : {"relative_risk", "odds_ratio"}
    stay_index : ndarray of int, shape (R,)
        Column of each row's own state.
    complement : {"proportional", "stay"}
        As for :func:`apply_effect_to_rows`; ``stay`` falls back to ``proportional`` in a row
        whose staying is targeted.

    Returns
    -------
    ndarray of bool, shape (..., R)
        True where some effect size changes the row's targeted total.
    """
    positive = np.asarray(rows) > 0.0
    hit = positive & targets
    n_hit = hit.sum(axis=-1)
    free = (positive & ~targets).any(axis=-1)
    r_idx = np.arange(targets.shape[0])
    to_staying = (complement == "stay") & ~targets[r_idx, stay_index]
    # With every possible move targeted, only staying can take up a change of the total,
    # and an odds ratio cannot change a row's only (certain) move.
    room = to_staying & ((kind == "relative_risk") | (n_hit >= 2))
    result: npt.NDArray[np.bool_] = (n_hit > 0) & (free | room)
    return result


def _unchanged_without_effect(p: FloatArray, out: FloatArray, log_effect: FloatArray) -> FloatArray:
    """No effect in a draw (log 0) leaves its rows exactly as they were, bit for bit."""
    none = log_effect == 0.0
    if not np.any(none):
        return out
    return np.where(none[:, None, None], p, out)
