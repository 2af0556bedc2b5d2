"""The portfolio programme (socinvest.core.portfolio) against brute force and hand-computed
cases: budgets, target groups, minimum scales, the chance and CVaR risk limits."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from socinvest.core.portfolio import (
    ChanceLimit,
    CvarLimit,
    PortfolioInfeasibleError,
    PortfolioProblem,
    allowed_losses,
    cvar_of_loss,
    frontier,
    loss_probability,
    risk_frontier,
    solve,
)
from socinvest.core.portfolio_brute import brute_force


def problem(
    npv: list[list[float]] | np.ndarray,
    costs: list[list[float]] | np.ndarray,
    budgets: list[float],
    *,
    binary: bool = True,
    upper: list[float] | None = None,
    lower: list[float] | None = None,
    required: list[bool] | None = None,
    groups: list[int] | None = None,
    risk: ChanceLimit | CvarLimit | None = None,
) -> PortfolioProblem:
    v = np.asarray(npv, dtype=np.float64)
    n = v.shape[1]
    return PortfolioProblem(
        npv=v,
        costs=np.asarray(costs, dtype=np.float64).reshape(n, len(budgets)),
        budgets=np.asarray(budgets, dtype=np.float64),
        upper=np.ones(n) if upper is None else np.asarray(upper),
        lower=np.zeros(n) if lower is None else np.asarray(lower),
        binary=np.full(n, binary),
        required=np.zeros(n, bool) if required is None else np.asarray(required),
        groups=np.arange(n) if groups is None else np.asarray(groups),
        risk=risk,
    )


# -- Hand-computed cases ----------------------------------------------------------------------


def test_knapsack_by_hand() -> None:
    # Values 6, 5, 4 (one draw), costs 4, 3, 2, budget 5: {B, C} = 9 beats {A} = 6.
    p = problem([[6.0, 5.0, 4.0]], [[4.0], [3.0], [2.0]], [5.0])
    s = solve(p)
    assert s.scale.tolist() == [0.0, 1.0, 1.0]
    assert s.expected_npv == pytest.approx(9.0)


def test_continuous_scale_fills_the_budget_by_hand() -> None:
    # Divisible: best value per krona first. A: 6/4 = 1.5, B: 5/2 = 2.5. Budget 4: B whole
    # (cost 2) then half of A (cost 2): 5 + 3 = 8.
    p = problem([[6.0, 5.0]], [[4.0], [2.0]], [4.0], binary=False)
    s = solve(p)
    assert s.scale == pytest.approx([0.5, 1.0])
    assert s.expected_npv == pytest.approx(8.0)


def test_minimum_scale_if_chosen() -> None:
    # A may run at 0 or between 0.8 and 1; the budget 3 allows at most 0.75 of A: not chosen.
    p = problem([[6.0, 1.0]], [[4.0], [1.0]], [3.0], binary=False, lower=[0.8, 0.0])
    s = solve(p)
    assert s.scale == pytest.approx([0.0, 1.0])


def test_target_group_shared_by_alternatives() -> None:
    # Two alternatives for the same group: shares sum to at most 1; the better one takes all.
    p = problem([[3.0, 5.0]], [[0.0], [0.0]], [1.0], binary=False, groups=[0, 0])
    s = solve(p)
    assert s.scale == pytest.approx([0.0, 1.0])


def test_chance_limit_by_hand() -> None:
    # Draws of A: 10, 10, -1, -1 (mean 4.5, loses in half); B: 1, 1, 1, -1 (mean 0.5, loses in
    # a quarter). alpha 0.25: A alone loses in 2 draws; A + B: 11, 11, 0, -2 loses in 1 draw
    # (a 0 is no loss): chosen, mean 5.
    npv = [[10.0, 1.0], [10.0, 1.0], [-1.0, 1.0], [-1.0, -1.0]]
    p = problem(npv, [[0.0], [0.0]], [0.0], risk=ChanceLimit(0.25))
    s = solve(p)
    assert s.scale.tolist() == [1.0, 1.0]
    assert s.npv_draws.tolist() == [11.0, 11.0, 0.0, -2.0]
    assert loss_probability(s.npv_draws) == 0.25
    # alpha 0: only B's draws... B loses once too; nothing is the only portfolio without loss.
    assert solve(p.with_risk(ChanceLimit(0.0))).scale.tolist() == [0.0, 0.0]


def test_cvar_by_hand() -> None:
    # Losses of A over 4 draws: -10, -10, 1, 3 (NPV 10, 10, -1, -3). CVaR at 0.5: mean of the
    # two worst losses (3, 1) = 2; at 0.25: 3; at 0.375: (3 + 0.5 * 1) / 1.5 = 7/3.
    npv = np.array([10.0, 10.0, -1.0, -3.0])
    assert cvar_of_loss(npv, 0.5) == pytest.approx(2.0)
    assert cvar_of_loss(npv, 0.25) == pytest.approx(3.0)
    assert cvar_of_loss(npv, 0.375) == pytest.approx(7.0 / 3.0)
    # Limit 2.5 at 0.25: A whole has CVaR 3, so A is cut to 2.5/3 of its scale (divisible).
    p = problem(npv[:, None], [[0.0]], [0.0], binary=False, risk=CvarLimit(0.25, 2.5))
    s = solve(p)
    assert s.scale == pytest.approx([2.5 / 3.0])
    assert cvar_of_loss(s.npv_draws, 0.25) == pytest.approx(2.5)


def test_infeasible_when_required_exceeds_budget() -> None:
    p = problem([[1.0, 1.0]], [[5.0], [1.0]], [4.0], required=[True, False])
    with pytest.raises(PortfolioInfeasibleError):
        solve(p)
    with pytest.raises(PortfolioInfeasibleError):
        brute_force(p)


def test_allowed_losses_rounds_down() -> None:
    assert allowed_losses(50, 0.1) == 5
    assert allowed_losses(30, 0.1) == 3
    assert allowed_losses(7, 0.1) == 0


def test_frontiers_are_monotone() -> None:
    rng = np.random.default_rng(3)
    npv = rng.normal(1.0, 2.0, (40, 6))
    costs = rng.uniform(0.0, 1.0, (6, 3))
    p = problem(npv, costs, [1.0, 1.0, 1.0], risk=ChanceLimit(0.2))
    values = [s.expected_npv for s in frontier(p, np.array([0.0, 0.5, 1.0, 2.0, 4.0])) if s]
    assert values == sorted(values)
    risky = [s.expected_npv for s in risk_frontier(p, np.array([0.0, 0.1, 0.3, 1.0])) if s]
    assert risky == sorted(risky)


# -- Against brute force ----------------------------------------------------------------------


@st.composite
def small_instances(draw: st.DrawFn) -> PortfolioProblem:
    """3-6 all-or-nothing candidates, 20-50 draws, 1-3 budget rows, integer money (exact
    sums), maybe shared target groups, a required candidate and a risk limit."""
    n = draw(st.integers(3, 6))
    d = draw(st.integers(20, 50))
    k = draw(st.integers(1, 3))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    mean = rng.integers(-20, 60, n)
    npv = (mean + rng.integers(-100, 101, (d, n))).astype(np.float64) * 1000.0
    costs = rng.integers(0, 50, (n, k)).astype(np.float64) * 1000.0
    budgets = rng.integers(0, 120, k).astype(np.float64) * 1000.0
    groups = rng.integers(0, n, n) if draw(st.booleans()) else np.arange(n)
    kind = draw(st.sampled_from(["none", "chance", "cvar"]))
    alpha = draw(st.sampled_from([0.0, 0.05, 0.1, 0.25, 0.5]))
    risk: ChanceLimit | CvarLimit | None = None
    if kind == "chance":
        risk = ChanceLimit(alpha)
    elif kind == "cvar":
        risk = CvarLimit(max(alpha, 0.05), float(rng.integers(-20, 60)) * 1000.0)
    required = np.zeros(n, bool)
    if draw(st.booleans()):
        required[draw(st.integers(0, n - 1))] = True
    return PortfolioProblem(
        npv=npv,
        costs=costs,
        budgets=budgets,
        upper=np.ones(n),
        lower=np.zeros(n),
        binary=np.ones(n, bool),
        required=required,
        groups=groups.astype(np.intp),
        risk=risk,
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_instances())
def test_optimum_equals_brute_force(p: PortfolioProblem) -> None:
    try:
        reference = brute_force(p)
    except PortfolioInfeasibleError:
        with pytest.raises(PortfolioInfeasibleError):
            solve(p)
        return
    s = solve(p)
    assert s.expected_npv == pytest.approx(reference.expected_npv, rel=1e-9, abs=1e-6)
    # What the MIP chose meets every constraint, checked in the draws themselves.
    scale = s.scale
    assert np.all(scale @ (p.costs) <= p.budgets + 1e-6)
    for g in np.unique(p.groups):
        assert scale[p.groups == g].sum() <= 1.0 + 1e-9
    assert np.all(scale[p.required] == 1.0)
    draws = p.npv @ scale
    if isinstance(p.risk, ChanceLimit):
        assert np.sum(draws < 0.0) <= allowed_losses(p.draws, p.risk.alpha)
    elif isinstance(p.risk, CvarLimit):
        assert cvar_of_loss(draws, p.risk.alpha) <= p.risk.limit + 1e-6 * (
            1.0 + np.abs(draws).max()
        )


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_instances(), st.floats(0.1, 1.0))
def test_divisible_scales_respect_limits_and_beat_binary(p: PortfolioProblem, up: float) -> None:
    """With divisible scales (at most ``up`` of each group), budgets, groups and the risk
    limit hold in the draws, and the optimum is at least that of every feasible subset at
    those scales (the binary programme's optimum)."""
    divisible = PortfolioProblem(
        npv=p.npv,
        costs=p.costs,
        budgets=p.budgets,
        upper=np.full(p.size, up),
        lower=np.zeros(p.size),
        binary=np.zeros(p.size, bool),
        required=np.zeros(p.size, bool),
        groups=p.groups,
        risk=p.risk,
    )
    binary = PortfolioProblem(
        npv=p.npv,
        costs=p.costs,
        budgets=p.budgets,
        upper=np.full(p.size, up),
        lower=np.zeros(p.size),
        binary=np.ones(p.size, bool),
        required=np.zeros(p.size, bool),
        groups=p.groups,
        risk=p.risk,
    )
    try:
        s = solve(divisible)
    except PortfolioInfeasibleError:
        # A CVaR limit below 0 can rule out even the empty portfolio; then every subset too.
        with pytest.raises(PortfolioInfeasibleError):
            brute_force(binary)
        return
    assert np.all(s.scale >= 0.0) and np.all(s.scale <= up + 1e-12)
    assert np.all(s.scale @ p.costs <= p.budgets + 1e-6 * (1.0 + p.budgets))
    for g in np.unique(p.groups):
        assert s.scale[p.groups == g].sum() <= 1.0 + 1e-7
    if isinstance(p.risk, ChanceLimit):
        # Rounding may leave a draw at -1e-9 of the scale of the money: count real losses.
        tol = 1e-6 * (1.0 + np.abs(p.npv).max())
        assert np.sum(s.npv_draws < -tol) <= allowed_losses(p.draws, p.risk.alpha)
    elif isinstance(p.risk, CvarLimit):
        assert cvar_of_loss(s.npv_draws, p.risk.alpha) <= p.risk.limit + 1e-6 * (
            1.0 + np.abs(p.npv).max()
        )
    try:
        best_subset = brute_force(binary).expected_npv
    except PortfolioInfeasibleError:
        return
    assert s.expected_npv >= best_subset - 1e-6 * (1.0 + np.abs(p.npv).max())
