"""A portfolio of interventions under budgets and a risk limit, as a mixed-integer programme.

Each candidate intervention ``i`` has a scale ``x_i`` in ``[0, upper_i]``: the share of its
target group it reaches (1 = the whole group as the scenario describes it). Its NPV in draw
``d`` and its cost against budget row ``k`` (a payer in a year) are linear in the scale:
``x_i * npv[d, i]`` and ``x_i * costs[i, k]`` (the cohort model is linear in the number of
children). The programme

    maximise    sum_i mean_d(npv[d, i]) x_i
    subject to  sum_i costs[i, k] x_i <= budgets[k]              for every budget row k
                sum_{i in g} x_i <= 1                            for every target group g
                lower_i y_i <= x_i <= upper_i y_i, y_i in {0, 1}  (a minimum scale if chosen)
                x_i = upper_i y_i                                (all-or-nothing candidates)
                y_i = 1                                          (required candidates)

plus one of two risk limits over the draws (the portfolio's NPV in draw ``d`` is
``n_d = sum_i npv[d, i] x_i``, its loss ``-n_d``):

* a chance constraint, ``P(n_d < 0) <= alpha``: one binary ``z_d`` per draw with
  ``n_d + M_d z_d >= 0`` and ``sum_d z_d <= floor(alpha D)``, where the big-M
  ``M_d = sum_i upper_i max(0, -npv[d, i])`` is the largest loss draw ``d`` can have;
* a limit on the conditional value at risk of the loss at tail share ``alpha``,
  ``CVaR_alpha(-n) <= limit``, linear by Rockafellar & Uryasev (2000, "Optimization of
  conditional value-at-risk", Journal of Risk 2(3), 21-41, Theorem 1 and eq. 17):
  ``t + 1 / (alpha D) sum_d s_d <= limit``, ``s_d >= -n_d - t``, ``s_d >= 0``, ``t`` free.

Solved with :func:`scipy.optimize.milp` (HiGHS). Pure numpy/scipy: no scenario here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Literal

import numpy as np
import numpy.typing as npt
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_array, csr_array, hstack, vstack

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]
IntArray = npt.NDArray[np.intp]

SCALE_TOLERANCE = 1e-9
"""A scale below this is reported as not chosen (0)."""

TIME_LIMIT_SECONDS = 600.0
"""HiGHS's time limit for one programme."""


@dataclass(frozen=True)
class ChanceLimit:
    """The probability of a loss (portfolio NPV below 0) at most ``alpha``, over the draws."""

    alpha: float


@dataclass(frozen=True)
class CvarLimit:
    """The mean loss in the worst ``alpha`` share of the draws (CVaR) at most ``limit`` SEK
    (``limit = 0``: on average over that tail, the portfolio still does not lose)."""

    alpha: float
    limit: float = 0.0


RiskLimit = ChanceLimit | CvarLimit


class PortfolioInfeasibleError(ValueError):
    """No portfolio meets the budgets, the required candidates and the risk limit."""


@dataclass(frozen=True)
class PortfolioProblem:
    """The data of the programme (see the module docstring).

    Attributes
    ----------
    npv : ndarray, shape (D, I)
        NPV of each candidate at scale 1 in each draw (SEK).
    costs : ndarray, shape (I, K)
        Cost of each candidate at scale 1 against each budget row (SEK).
    budgets : ndarray, shape (K,)
        The budget rows' amounts (SEK).
    upper, lower : ndarray, shape (I,)
        The largest scale, and the smallest scale if chosen (0 for none); ``lower <= upper``.
    binary : ndarray of bool, shape (I,)
        All-or-nothing: the scale is 0 or ``upper``.
    required : ndarray of bool, shape (I,)
        Must be chosen (at least at ``lower``).
    groups : ndarray of int, shape (I,)
        Target group of each candidate; the scales within one group sum to at most 1.
    risk : ChanceLimit or CvarLimit or None
    """

    npv: FloatArray
    costs: FloatArray
    budgets: FloatArray
    upper: FloatArray
    lower: FloatArray
    binary: BoolArray
    required: BoolArray
    groups: IntArray
    risk: RiskLimit | None = None

    def __post_init__(self) -> None:
        d, n = self.npv.shape
        if self.costs.shape != (n, self.budgets.shape[0]):
            raise ValueError(f"costs must have shape ({n}, {self.budgets.shape[0]})")
        for name in ("upper", "lower", "binary", "required", "groups"):
            if getattr(self, name).shape != (n,):
                raise ValueError(f"{name} must have shape ({n},)")
        if d < 1:
            raise ValueError("at least one draw is needed")
        if np.any(self.lower < 0) or np.any(self.lower > self.upper) or np.any(self.upper > 1):
            raise ValueError("expected 0 <= lower <= upper <= 1")
        if self.risk is not None and not 0.0 <= self.risk.alpha <= 1.0:
            raise ValueError("alpha must lie in [0, 1]")
        if isinstance(self.risk, CvarLimit) and self.risk.alpha <= 0.0:
            raise ValueError("the CVaR's tail share alpha must be above 0")

    @property
    def draws(self) -> int:
        return int(self.npv.shape[0])

    @property
    def size(self) -> int:
        return int(self.npv.shape[1])

    def with_budgets(self, budgets: FloatArray) -> PortfolioProblem:
        return replace(self, budgets=budgets)

    def with_risk(self, risk: RiskLimit | None) -> PortfolioProblem:
        return replace(self, risk=risk)


@dataclass(frozen=True)
class PortfolioSolution:
    """An optimal portfolio: the scales, the expected NPV, and the per-draw NPV."""

    scale: FloatArray
    expected_npv: float
    npv_draws: FloatArray
    status: Literal["optimal", "time_limit"]
    mip_gap: float

    @property
    def chosen(self) -> BoolArray:
        return np.asarray(self.scale > SCALE_TOLERANCE)


def loss_probability(npv_draws: FloatArray) -> float:
    """Share of the draws with a loss (NPV below 0)."""
    return float(np.mean(npv_draws < 0.0))


def cvar_of_loss(npv_draws: FloatArray, alpha: float) -> float:
    """``CVaR_alpha`` of the loss ``-npv`` over equally likely draws, as Rockafellar & Uryasev
    (2000) define it: ``min_t t + E[max(0, loss - t)] / alpha``; the minimum of this convex
    piecewise-linear function lies at one of the losses, so it is found exactly."""
    loss = -np.asarray(npv_draws, dtype=np.float64)
    t = loss[:, None]
    values = loss + np.mean(np.maximum(0.0, loss[None, :] - t), axis=1) / alpha
    return float(np.min(values))


def allowed_losses(draws: int, alpha: float) -> int:
    """The number of draws with a loss a chance limit ``alpha`` allows, ``floor(alpha D)``
    (with a small tolerance so that 0.1 x 50 is 5)."""
    return math.floor(alpha * draws + 1e-9)


def solve(problem: PortfolioProblem, time_limit: float = TIME_LIMIT_SECONDS) -> PortfolioSolution:
    """Solve the programme of the module docstring.

    Raises
    ------
    PortfolioInfeasibleError
        When no portfolio meets the budgets, required candidates and risk limit.
    """
    p = problem
    d, n = p.npv.shape
    # Scale money to about 1, so that HiGHS's absolute tolerances mean the same at every size.
    unit = float(max(np.max(np.abs(p.npv), initial=0.0), np.max(np.abs(p.costs), initial=0.0)))
    unit = unit if unit > 0.0 else 1.0
    npv = p.npv / unit
    mean = npv.mean(axis=0)
    # Variables: x (n), y (n), then the risk's own.
    n_vars = 2 * n
    c = np.concatenate([-mean, np.zeros(n)])
    lb = np.concatenate([np.zeros(n), p.required.astype(np.float64)])
    ub = np.concatenate([p.upper, np.ones(n)])
    integrality = np.concatenate([np.zeros(n), np.ones(n)])
    eye = csr_array(np.eye(n))
    rows: list[csr_array] = []
    lo: list[FloatArray] = []
    hi: list[FloatArray] = []

    def add(block: csr_array, low: FloatArray, high: FloatArray) -> None:
        rows.append(block)
        lo.append(low)
        hi.append(high)

    if p.budgets.shape[0]:
        costs = p.costs / unit
        add(
            csr_array(hstack([csr_array(costs.T), csr_array((p.budgets.shape[0], n))])),
            np.full(p.budgets.shape[0], -np.inf),
            p.budgets / unit,
        )
    group_ids = np.unique(p.groups)
    member = (p.groups[None, :] == group_ids[:, None]).astype(np.float64)
    add(
        csr_array(hstack([csr_array(member), csr_array((len(group_ids), n))])),
        np.full(len(group_ids), -np.inf),
        np.ones(len(group_ids)),
    )
    # x - upper y <= 0; x - lower y >= 0; all-or-nothing: x - upper y = 0.
    add(
        csr_array(hstack([eye, csr_array(np.diag(-p.upper))])),
        np.where(p.binary, 0.0, -np.inf),
        np.zeros(n),
    )
    add(csr_array(hstack([eye, csr_array(np.diag(-p.lower))])), np.zeros(n), np.full(n, np.inf))

    extra = 0
    if isinstance(p.risk, ChanceLimit):
        big_m = np.maximum(0.0, -npv) @ p.upper
        extra = d
        add(
            csr_array(hstack([csr_array(npv), csr_array((d, n)), csr_array(np.diag(big_m))])),
            np.zeros(d),
            np.full(d, np.inf),
        )
        add(
            csr_array(hstack([csr_array((1, 2 * n)), csr_array(np.ones((1, d)))])),
            np.array([-np.inf]),
            np.array([float(allowed_losses(d, p.risk.alpha))]),
        )
        c = np.concatenate([c, np.zeros(d)])
        lb = np.concatenate([lb, np.zeros(d)])
        # A draw in which no portfolio can lose needs no binary.
        ub = np.concatenate([ub, (big_m > 0).astype(np.float64)])
        integrality = np.concatenate([integrality, np.ones(d)])
    elif isinstance(p.risk, CvarLimit):
        extra = d + 1
        # s_d + n_d + t >= 0, variables (x, y, s, t)
        add(
            csr_array(
                hstack([csr_array(npv), csr_array((d, n)), csr_array(np.eye(d)), np.ones((d, 1))])
            ),
            np.zeros(d),
            np.full(d, np.inf),
        )
        tail = np.full((1, d), 1.0 / (p.risk.alpha * d))
        add(
            csr_array(hstack([csr_array((1, 2 * n)), csr_array(tail), np.ones((1, 1))])),
            np.array([-np.inf]),
            np.array([p.risk.limit / unit]),
        )
        c = np.concatenate([c, np.zeros(d + 1)])
        lb = np.concatenate([lb, np.zeros(d), [-np.inf]])
        ub = np.concatenate([ub, np.full(d + 1, np.inf)])
        integrality = np.concatenate([integrality, np.zeros(d + 1)])
    n_vars += extra
    matrix = vstack(
        [
            r if r.shape[1] == n_vars else hstack([r, coo_array((r.shape[0], n_vars - r.shape[1]))])
            for r in rows
        ]
    ).tocsr()
    result = milp(
        c,
        constraints=LinearConstraint(matrix, np.concatenate(lo), np.concatenate(hi)),
        integrality=integrality,
        bounds=Bounds(lb, ub),
        options={"time_limit": time_limit, "mip_rel_gap": 1e-9},
    )
    if result.status == 2:
        raise PortfolioInfeasibleError("no portfolio meets the budgets, required candidates, risk")
    if result.x is None:
        raise RuntimeError(f"the portfolio programme was not solved: {result.message}")
    y = np.round(result.x[n : 2 * n])
    scale = np.where(p.binary, p.upper * y, np.clip(result.x[:n], 0.0, p.upper) * y)
    scale = np.where(scale < SCALE_TOLERANCE, 0.0, scale)
    draws = p.npv @ scale
    gap = getattr(result, "mip_gap", 0.0)
    return PortfolioSolution(
        scale=scale,
        expected_npv=float(np.mean(draws)),
        npv_draws=draws,
        status="optimal" if result.status == 0 else "time_limit",
        mip_gap=float(gap) if gap is not None else 0.0,
    )


def frontier(
    problem: PortfolioProblem, multipliers: FloatArray, time_limit: float = TIME_LIMIT_SECONDS
) -> list[PortfolioSolution | None]:
    """The efficient frontier over the budget: the optimum with every budget row times each
    multiplier (``None`` where no portfolio is feasible)."""
    out: list[PortfolioSolution | None] = []
    for m in multipliers:
        try:
            out.append(solve(problem.with_budgets(problem.budgets * float(m)), time_limit))
        except PortfolioInfeasibleError:
            out.append(None)
    return out


def risk_frontier(
    problem: PortfolioProblem, alphas: FloatArray, time_limit: float = TIME_LIMIT_SECONDS
) -> list[PortfolioSolution | None]:
    """The frontier over the risk limit: the optimum at each ``alpha`` (the chance limit's,
    or the CVaR's tail share with the same limit; without a risk limit, chance limits)."""
    out: list[PortfolioSolution | None] = []
    for a in alphas:
        risk: RiskLimit = (
            CvarLimit(float(a), problem.risk.limit)
            if isinstance(problem.risk, CvarLimit)
            else ChanceLimit(float(a))
        )
        try:
            out.append(solve(problem.with_risk(risk), time_limit))
        except PortfolioInfeasibleError:
            out.append(None)
    return out
