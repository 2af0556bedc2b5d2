"""Sharing the cost of a joint intervention between payers: proportional shares, the Shapley
value of the joint-project game, and the smallest transfers that leave every payer whole.

Notation: ``n`` payers; payer ``i`` bears the cost ``c_i`` of the intervention as the ledger
books it and gains ``g_i`` (present value of its avoided costs and extra income, which may be
negative); ``C = sum c_i`` is the intervention's cost and ``npv_i = g_i - c_i``. A *proposal*
gives each payer a share ``s_i`` of the cost with ``sum s_i = C``; payer ``i`` then receives
the net transfer ``x_i = c_i - s_i`` (``sum x_i = 0``) and its NPV becomes ``g_i - s_i``.

Coalitions are bit masks: coalition ``S`` is the integer whose bit ``i`` is set when payer
``i`` belongs to it, so a game on ``n`` players is an array of ``2**n`` values with
``v[0] = 0``.

Pure numpy/scipy; no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass
from math import factorial

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]

MAX_PLAYERS = 16
"""Players of an exact Shapley value (``2**n`` coalitions); more is refused."""

TOLERANCE_SEK = 1e-6
"""Amounts (SEK) this close to zero count as zero in the checks of the linear programme."""


class InfeasibleSharingError(ValueError):
    """No split of the cost leaves every payer at zero or better: the payers together lose
    (the sum of their NPVs is negative)."""

    def __init__(self, total_npv: float) -> None:
        super().__init__(
            f"the payers together lose {-total_npv:.0f} SEK in present value: no split of the "
            "cost can leave every payer at zero or better"
        )
        self.total_npv = total_npv


class TooManyPlayersError(ValueError):
    """More players than an exact Shapley value is computed for (:data:`MAX_PLAYERS`)."""


def coalition_sums(values: FloatArray) -> FloatArray:
    """``sum_{i in S} values_i`` for every coalition ``S`` (bit mask), shape ``(2**n,)``."""
    n = values.shape[0]
    out = np.zeros(1 << n)
    for i in range(n):
        bit = 1 << i
        out[bit : 2 * bit] = out[:bit] + values[i]
    return out


def joint_project_game(gains: FloatArray, cost: float) -> FloatArray:
    """The characteristic function of the joint-project game.

    ``v(S) = max(0, sum_{i in S} g_i - C)``: what coalition ``S`` secures if it must carry the
    whole cost ``C`` of the intervention alone, and does without it when its own gains do not
    cover the cost. This is the savings game of joint cost allocation (Young, Okada and
    Hashimoto 1982, "Cost allocation in water resources development", Water Resources
    Research 18(3): 463-475): each payer alone can do nothing (value 0), and cooperating
    saves what the intervention nets beyond its cost.

    Parameters
    ----------
    gains : ndarray, shape (n,)
        Each payer's gain ``g_i`` (present value).
    cost : float
        The intervention's cost ``C`` (present value).
    """
    return np.maximum(coalition_sums(gains) - cost, 0.0)


def shapley_value(game: FloatArray) -> FloatArray:
    """The Shapley value of a game in characteristic-function form.

    ``phi_i = sum_{S not containing i} |S|! (n - |S| - 1)! / n! (v(S + i) - v(S))``
    (Shapley 1953, "A value for n-person games", Contributions to the Theory of Games II,
    Annals of Mathematics Studies 28: 307-317). Exact, over all ``2**n`` coalitions.

    Parameters
    ----------
    game : ndarray, shape (2**n,)
        ``v(S)`` for every coalition bit mask ``S``; ``v(empty)`` is taken as given (the value
        sums to ``v(N) - v(empty)``).

    Raises
    ------
    ValueError
        When the length is not a power of two or ``n`` exceeds :data:`MAX_PLAYERS`.
    """
    size = game.shape[0]
    n = size.bit_length() - 1
    if size < 2 or (1 << n) != size:
        raise ValueError(f"a game needs 2**n values, one per coalition; found {size}")
    if n > MAX_PLAYERS:
        raise TooManyPlayersError(f"at most {MAX_PLAYERS} players; found {n}")
    masks = np.arange(size)
    sizes = np.array([bin(m).count("1") for m in range(size)])
    weight = np.array(
        [factorial(k) * factorial(n - k - 1) / factorial(n) for k in range(n)], dtype=np.float64
    )
    phi = np.zeros(n)
    for i in range(n):
        bit = 1 << i
        without = masks[(masks & bit) == 0]
        phi[i] = float(np.sum(weight[sizes[without]] * (game[without | bit] - game[without])))
    return phi


def proportional_shares(gains: FloatArray, cost: float) -> FloatArray:
    """Each payer's share of the cost in proportion to its positive gain:
    ``s_i = C max(g_i, 0) / sum_j max(g_j, 0)``.

    A payer whose gain is negative pays nothing, but stays below zero: proportional sharing
    moves only the cost, not the payer's other losses. With no positive gain at all the cost
    is split equally (there is nothing to be proportional to).
    """
    positive = np.maximum(gains, 0.0)
    total = float(positive.sum())
    if total <= 0.0:
        return np.full(gains.shape[0], cost / gains.shape[0])
    # The weights first, then the cost: cost * g / total loses the weights' precision when
    # the gains are subnormal (Hypothesis found 1.5 shared as 2.0 for a gain of 5e-324).
    return np.asarray((positive / total) * cost, dtype=np.float64)


def shapley_shares(gains: FloatArray, cost: float) -> FloatArray:
    """Each payer's share of the cost by the Shapley value of the joint-project game
    (:func:`joint_project_game`): ``s_i = g_i - phi_i``, the gain less the payer's value.

    The shares sum to ``C`` when the payers together gain (``sum g >= C``, by efficiency:
    ``sum phi = v(N) = sum g - C``).

    Raises
    ------
    InfeasibleSharingError
        When ``sum g < C``: then nobody should carry the intervention and no split exists.
    """
    total_npv = float(gains.sum()) - cost
    if total_npv < 0.0:
        raise InfeasibleSharingError(total_npv)
    if gains.shape[0] > MAX_PLAYERS:
        raise TooManyPlayersError(f"at most {MAX_PLAYERS} players; found {gains.shape[0]}")
    return np.asarray(gains - shapley_value(joint_project_game(gains, cost)), dtype=np.float64)


@dataclass(frozen=True)
class MinimalTransfers:
    """The smallest transfers that leave every payer at zero or better.

    Attributes
    ----------
    received : ndarray, shape (n,)
        Net transfer to each payer (positive: received; the entries sum to zero).
    total : float
        The sum of all payments (equal to the sum of all receipts).
    burden : float
        The share of its NPV each paying payer gives up (the same for all of them).
    """

    received: FloatArray
    total: float
    burden: float


def minimal_transfers(npv: FloatArray) -> MinimalTransfers:
    """Transfers ``x`` with ``npv_i + x_i >= 0`` for every payer, ``sum x = 0``, and the
    smallest total paid, found by two linear programmes (scipy's HiGHS).

    Stage 1 minimises the total paid, ``sum_i n_i``, over payments ``n >= 0`` and receipts
    ``p >= 0`` (``x = p - n``) subject to ``npv_i + p_i - n_i >= 0`` and ``sum p = sum n``.
    Its optimum is the sum of the deficits ``sum_i max(-npv_i, 0)`` (each payer below zero
    receives exactly what brings it to zero), but who pays it is not unique. Stage 2 keeps
    the total at that optimum and minimises the largest share ``f`` of its NPV that a gaining
    payer gives up (``n_i <= f max(npv_i, 0)``); its solution is unique: every gaining payer
    gives up the same share ``f = deficits / gains``, which is the proportional transfer of
    :func:`socinvest.analysis.committees.proportional_transfers`, here as the answer to an
    explicit programme.

    Raises
    ------
    InfeasibleSharingError
        When ``sum npv < 0`` (HiGHS reports the programme infeasible): no transfer between
        the payers can leave every one of them whole.
    RuntimeError
        When HiGHS fails for another reason.
    """
    from scipy.optimize import linprog  # here, not at import: scipy.optimize is slow to load

    n = npv.shape[0]
    total_npv = float(npv.sum())
    # Variables: p (n), n (n). Constraint rows: -(p_i - n_i) <= npv_i.
    a_ub = np.hstack([-np.eye(n), np.eye(n)])
    a_eq = np.hstack([np.ones((1, n)), -np.ones((1, n))])
    cost = np.concatenate([np.zeros(n), np.ones(n)])
    first = linprog(cost, A_ub=a_ub, b_ub=npv, A_eq=a_eq, b_eq=[0.0], method="highs")
    if first.status == 2:
        raise InfeasibleSharingError(total_npv)
    if first.status != 0:
        raise RuntimeError(f"HiGHS could not solve the transfer programme: {first.message}")
    optimum = float(first.fun)
    gains = np.maximum(npv, 0.0)
    if optimum <= TOLERANCE_SEK or gains.sum() <= 0.0:
        return MinimalTransfers(received=np.zeros(n), total=0.0, burden=0.0)
    # Stage 2, variables p (n), n (n), f: minimise f.
    slack = max(TOLERANCE_SEK, 1e-12 * optimum)
    a_ub2 = np.vstack(
        [
            np.hstack([a_ub, np.zeros((n, 1))]),
            np.hstack([np.zeros((n, n)), np.eye(n), -gains[:, None]]),
            np.concatenate([np.zeros(n), np.ones(n), [0.0]])[None, :],
        ]
    )
    b_ub2 = np.concatenate([npv, np.zeros(n), [optimum + slack]])
    a_eq2 = np.hstack([a_eq, np.zeros((1, 1))])
    cost2 = np.zeros(2 * n + 1)
    cost2[-1] = 1.0
    second = linprog(cost2, A_ub=a_ub2, b_ub=b_ub2, A_eq=a_eq2, b_eq=[0.0], method="highs")
    if second.status != 0:
        raise RuntimeError(f"HiGHS could not solve the transfer programme: {second.message}")
    x = np.asarray(second.x[:n] - second.x[n : 2 * n], dtype=np.float64)
    return MinimalTransfers(
        received=x, total=float(second.x[n : 2 * n].sum()), burden=float(second.x[-1])
    )


def minimal_shares(costs: FloatArray, gains: FloatArray) -> FloatArray:
    """Each payer's share of the cost after :func:`minimal_transfers`: ``s_i = c_i - x_i``."""
    return np.asarray(costs - minimal_transfers(gains - costs).received, dtype=np.float64)


def fixed_split_gap(gains: FloatArray, cost: float, shares: FloatArray) -> FloatArray:
    """Over-payment of each party under a fixed split ``shares`` (fractions summing to one)
    against the split matching the gains: ``C shares_i - C g_i / sum g`` (positive: the party
    pays more than its share of the gains). Needs ``sum g > 0``."""
    total = float(gains.sum())
    if total <= 0.0:
        raise ValueError("the parties together do not gain: no split matches the gains")
    return np.asarray(cost * shares - cost * gains / total, dtype=np.float64)
