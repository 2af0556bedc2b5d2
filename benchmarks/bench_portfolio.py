"""Benchmark of the portfolio programme (``socinvest.core.portfolio.solve``, HiGHS through
``scipy.optimize.milp``) against brute force over every subset, in the same run.

The configuration of issue 14: 20 candidate interventions x 1 000 draws under 5 payers'
yearly budgets (5 years each, 25 budget rows), all-or-nothing candidates, generated with a
seeded ``numpy.random.Generator`` before any timer starts. Three risk settings: none, a chance
limit (probability of a loss at most ``--alpha``, 0.01, one binary per draw) and a CVaR limit (mean
loss in the worst ``--cvar-alpha``, 0.02, of the draws at most ``--cvar-limit``, 1 MSEK).

Brute force (``socinvest.core.portfolio_brute.brute_force``: every subset, vectorised in
chunks of 1 024 subsets) is timed on the first ``--brute-size`` candidates (14: 16 384
subsets), where the programme is timed too and both optima are compared; its time for all 20
is extrapolated by 2^(20 - n) (brute force is linear in the number of subsets), or measured
with ``--full-brute``.

Run with ``python benchmarks/bench_portfolio.py`` (``--help`` for the options). The script
prints figures only; nothing here asserts on timings.
"""

from __future__ import annotations

import argparse
import os
import platform
import time
from collections.abc import Callable
from typing import TypeVar

import numpy as np
import numpy.typing as npt
import scipy

from socinvest.core.portfolio import (
    ChanceLimit,
    CvarLimit,
    PortfolioProblem,
    RiskLimit,
    cvar_of_loss,
    loss_probability,
    solve,
)
from socinvest.core.portfolio_brute import brute_force

FloatArray = npt.NDArray[np.float64]
R = TypeVar("R")

PAYERS = ("kommun.socialtjanst", "kommun.skola", "region", "stat.forsakringskassan", "stat.sis")
YEARS = 5
COMMON_LOADING = 0.5
"""Weight of the common factor in every candidate's draws (correlated outcomes)."""
BUDGET_SHARE = 0.3
"""Each budget row is this share of what all candidates together would cost there."""


def generate(n: int, draws: int, seed: int) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Per-draw NPV ``(D, n)``, costs ``(n, K)`` and budgets ``(K,)``, K = payers x years.

    NPVs: mean U(0.5, 3) MSEK, standard deviation U(0.5, 4) MSEK, a common normal factor
    (loading 0.5) plus an own one. Costs: each candidate is paid by each payer with
    probability 0.5, U(0, 1) MSEK a year for its first 1-5 years.
    """
    rng = np.random.default_rng(seed)
    mean = rng.uniform(0.5, 3.0, n) * 1e6
    sd = rng.uniform(0.5, 4.0, n) * 1e6
    common = rng.standard_normal((draws, 1))
    own = rng.standard_normal((draws, n))
    npv = mean + sd * (COMMON_LOADING * common + np.sqrt(1 - COMMON_LOADING**2) * own)
    pays = rng.uniform(size=(n, len(PAYERS))) < 0.5
    amount = rng.uniform(0.0, 1.0, (n, len(PAYERS))) * 1e6 * pays
    duration = rng.integers(1, YEARS + 1, n)
    running = np.arange(YEARS)[None, :] < duration[:, None]  # (n, years)
    costs = (amount[:, :, None] * running[:, None, :]).reshape(n, len(PAYERS) * YEARS)
    budgets = BUDGET_SHARE * costs.sum(axis=0)
    return npv, costs, budgets


def problem(
    npv: FloatArray, costs: FloatArray, budgets: FloatArray, risk: RiskLimit | None
) -> PortfolioProblem:
    n = npv.shape[1]
    return PortfolioProblem(
        npv=npv,
        costs=costs,
        budgets=budgets,
        upper=np.ones(n),
        lower=np.zeros(n),
        binary=np.ones(n, dtype=bool),
        required=np.zeros(n, dtype=bool),
        groups=np.arange(n),
        risk=risk,
    )


def best_of(repeats: int, run: Callable[[], R]) -> tuple[float, R]:
    best, out = float("inf"), None
    for _ in range(repeats):
        start = time.perf_counter()
        out = run()
        best = min(best, time.perf_counter() - start)
    assert out is not None
    return best, out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--candidates", type=int, default=20)
    parser.add_argument("--draws", type=int, default=1000)
    parser.add_argument("--brute-size", type=int, default=14)
    parser.add_argument("--alpha", type=float, default=0.01, help="chance limit: P(loss)")
    parser.add_argument("--cvar-alpha", type=float, default=0.02, help="CVaR's tail share")
    parser.add_argument("--cvar-limit", type=float, default=1e6, help="CVaR limit, SEK")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--seed", type=int, default=20261206)
    parser.add_argument("--full-brute", action="store_true", help="brute force on all candidates")
    args = parser.parse_args()

    npv, costs, budgets = generate(args.candidates, args.draws, args.seed)
    m = args.brute_size
    print(
        f"portfolio: {args.candidates} candidates x {args.draws} draws, {len(PAYERS)} payers x "
        f"{YEARS} years = {costs.shape[1]} budget rows, seed {args.seed}; brute force on "
        f"{m} candidates ({2**m} subsets)"
    )
    print(
        f"numpy {np.__version__}, scipy {scipy.__version__}, python {platform.python_version()}, "
        f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}"
    )
    header = (
        f"{'risk limit':<22}{'MIP n=' + str(args.candidates):>12}{'MIP n=' + str(m):>11}"
        f"{'brute n=' + str(m):>13}{'ratio':>8}{'brute n=' + str(args.candidates):>16}"
        f"{'ratio':>9}  same optimum  chosen  E[NPV] MSEK  P(loss)  CVaR_{args.cvar_alpha:g} MSEK"
    )
    print(header)
    limits: list[tuple[str, RiskLimit | None]] = [
        ("none", None),
        (f"P(loss) <= {args.alpha:g}", ChanceLimit(args.alpha)),
        (
            f"CVaR_{args.cvar_alpha:g} <= {args.cvar_limit / 1e6:g}M",
            CvarLimit(args.cvar_alpha, args.cvar_limit),
        ),
    ]
    for name, risk in limits:
        full = problem(npv, costs, budgets, risk)
        sub = problem(npv[:, :m], costs[:m], budgets, risk)
        t_full, s_full = best_of(args.repeats, lambda p=full: solve(p))
        t_sub, s_sub = best_of(args.repeats, lambda p=sub: solve(p))
        t_brute, b_sub = best_of(args.repeats, lambda p=sub: brute_force(p))
        same = bool(np.array_equal(s_sub.scale > 0, b_sub.chosen)) and np.isclose(
            s_sub.expected_npv, b_sub.expected_npv, rtol=1e-9
        )
        if args.full_brute:
            t_brute_full, b_full = best_of(1, lambda p=full: brute_force(p))
            same = same and bool(np.array_equal(s_full.scale > 0, b_full.chosen))
            brute_text = f"{t_brute_full:14.2f}s "
        else:
            t_brute_full = t_brute * 2.0 ** (args.candidates - m)
            brute_text = f"{t_brute_full:13.1f}s* "
        cvar = cvar_of_loss(s_full.npv_draws, args.cvar_alpha)
        print(
            f"{name:<22}{t_full:11.3f}s{t_sub:10.3f}s{t_brute:12.3f}s{t_brute / t_sub:7.1f}x"
            f"{brute_text}{t_brute_full / t_full:8.0f}x  {'yes' if same else 'NO':<13}"
            f"{int(s_full.chosen.sum()):>6}  {s_full.expected_npv / 1e6:11.2f}"
            f"  {loss_probability(s_full.npv_draws):7.3f}  {cvar / 1e6:9.2f}"
        )
    if not args.full_brute:
        print(f"* extrapolated: brute force on {m} candidates x 2^{args.candidates - m}")


if __name__ == "__main__":
    main()
