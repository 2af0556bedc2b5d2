"""The probabilistic analysis's per-draw paths through the compiled cohort kernel.

:mod:`socinvest.analysis.psa` evaluates the draws whose path is their own (drawn transition
rows or a drawn effect) by building each block's extended occupancy ``(D, T + lag, B S)``
(person-years by the timing convention, entries, starters, and with a payment lag the same
``lag`` years later) and contracting it with the money. This module gives the same numbers
(up to rounding) from :func:`socinvest.core.cohort_kernel.present_values`, which never builds
that occupancy: the money weights of each column of the extended occupancy are moved onto the
cohort's occupancy at the start of each cycle and its entries (:func:`kernel_layout`), with
the effective discount factors folded in.

Outputs per draw: the present values of every scope to the horizon and to the term of office,
the person-years in each state (outcome discounting), and, when a payback year is needed,
each unit-cohort year's flows of the payback scopes (memory ``O(draws x years x payback
scopes)``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from socinvest.core.cohort import TransitionEffect
from socinvest.core.cohort_kernel import ENTRIES, OCCUPANCY, Pairs, YearlyFold, present_values
from socinvest.core.timing import Timing

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.intp]

_WEIGHT = {"start": (1.0, 0.0), "end": (0.0, 1.0), "mid": (0.5, 0.5)}
"""Year ``u``'s occupancy as ``a occ[u] + b occ[u + 1]`` for each timing convention."""


@dataclass(frozen=True)
class KernelLayout:
    """An alternative's money laid out for the kernel: ``pairs`` with present-value weights
    on ``Q`` horizon scopes, ``Q`` term-of-office scopes and ``S`` person-year states, and
    ``yearly`` weights ``(T + 1, M, 4 P)`` on the payback scopes (``None`` without any)."""

    pairs: Pairs
    yearly: FloatArray | None
    n_scopes: int
    n_payback: int
    lag: int


def kernel_layout(
    cols: IntArray,
    params: IntArray,
    flows: FloatArray,
    n_states: int,
    n_cycles: int,
    lag: int,
    timing: Timing,
    g_h: FloatArray,
    g_t: FloatArray,
    g_o: FloatArray,
    payback_q: IntArray,
) -> KernelLayout:
    """Kernel pairs of an alternative's money: ``flows[:, m, :]`` ``(T + lag, Q)`` is column
    ``cols[m]`` of the extended occupancy times coefficient ``params[m]`` (the pairs with
    any money of the dense ``(T + lag, B S, K + 1, Q)`` arrays).

    Column block 0 of the extended occupancy is year ``u``'s occupancy ``a occ[u] + b
    occ[u + 1]`` (:data:`_WEIGHT`), block 1 the entries of year ``u``, block 2 the starters
    (``occ[0]`` in year 0), blocks 3 and 4 blocks 0 and 1 ``lag`` years later. A weight ``w[u]``
    on block 0 therefore becomes ``a w[u]`` on ``occ[u]`` and ``b w[u]`` on ``occ[u + 1]``.

    The yearly (payback) outputs hold four groups of ``P`` columns per cycle ``t``: flows of
    year ``t`` and of year ``t - 1``, and the same ``lag`` years later; :func:`yearly_fold`
    puts them together.
    """
    a, b = _WEIGHT[timing]
    n_q = flows.shape[2]
    n_p = payback_q.size
    keys: dict[tuple[int, int, int], int] = {}
    pv_rows: list[FloatArray] = []
    year_rows: list[FloatArray] = []
    n_out = 2 * n_q + n_states

    def slot(state: int, kind: int, param: int) -> int:
        key = (state, kind, param)
        if key not in keys:
            keys[key] = len(keys)
            pv_rows.append(np.zeros((n_cycles + 1, n_out)))
            year_rows.append(np.zeros((n_cycles + 1, 4 * n_p)))
        return keys[key]

    t = n_cycles
    for m, (col, k) in enumerate(zip(cols.tolist(), params.tolist(), strict=True)):
        block, state = divmod(col, n_states)
        money = flows[:, m, :]  # (T + lag, Q)
        present = np.concatenate([money * g_h[:, None], money * g_t[:, None]], axis=1)
        pay = money[:, payback_q]
        if block in (0, 3):
            shift = 0 if block == 0 else lag
            group = 0 if block == 0 else 2
            m = slot(state, OCCUPANCY, k)
            w = present[shift : shift + t]
            pv_rows[m][:t, : 2 * n_q] += a * w
            pv_rows[m][1:, : 2 * n_q] += b * w
            y = pay[shift : shift + t]
            year_rows[m][:t, group * n_p : (group + 1) * n_p] += a * y
            year_rows[m][1:, (group + 1) * n_p : (group + 2) * n_p] += b * y
        elif block in (1, 4):
            shift = 0 if block == 1 else lag
            group = 0 if block == 1 else 2
            m = slot(state, ENTRIES, k)
            pv_rows[m][:t, : 2 * n_q] += present[shift : shift + t]
            year_rows[m][:t, group * n_p : (group + 1) * n_p] += pay[shift : shift + t]
        else:  # starters: the occupancy at the start, in year 0
            m = slot(state, OCCUPANCY, k)
            pv_rows[m][0, : 2 * n_q] += present[0]
            year_rows[m][0, :n_p] += pay[0]
    for state in range(n_states):  # person-years at the outcome discount rate
        m = slot(state, OCCUPANCY, 0)
        pv_rows[m][:t, 2 * n_q + state] += a * g_o[:t]
        pv_rows[m][1:, 2 * n_q + state] += b * g_o[:t]
    order = list(keys)
    pairs = Pairs(
        state=np.array([s for s, _, _ in order], dtype=np.intp),
        kind=np.array([kind for _, kind, _ in order], dtype=np.intp),
        coef=np.array([k for _, _, k in order], dtype=np.intp),
        weights=np.ascontiguousarray(np.stack(pv_rows, axis=1)),
    )
    yearly = np.ascontiguousarray(np.stack(year_rows, axis=1)) if n_p else None
    return KernelLayout(pairs, yearly, n_q, n_p, lag)


def yearly_fold(layout: KernelLayout, n_years: int) -> YearlyFold:
    """Where the kernel adds its per-cycle payback outputs (:func:`kernel_layout`): group
    ``g`` of ``P`` columns at cycle ``t`` is year ``t + offset`` with the offsets ``0, -1,
    lag, lag - 1``, each scope in its own column: ``(D, n_years, P)``."""
    p = layout.n_payback
    offsets = (0, -1, layout.lag, layout.lag - 1)
    return YearlyFold(
        shift=np.repeat(np.array(offsets, dtype=np.intp), p),
        column=np.tile(np.arange(p, dtype=np.intp), 4),
        n_years=n_years,
        n_columns=p,
    )


def kernel_block(
    layout: KernelLayout,
    initial: FloatArray,
    transitions: object,
    band_of_cycle: IntArray,
    effects: Sequence[TransitionEffect],
    coefficients: FloatArray,
    n_years: int,
    engine: str,
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray | None]:
    """One block's present values to the horizon and the term ``(D, Q)`` (without the
    fixed costs), person-years ``(D, S)`` and unit-cohort yearly payback flows ``(D, T + lag,
    P)`` (``None`` without payback scopes)."""
    out, per_cycle = present_values(
        initial,
        transitions,  # type: ignore[arg-type]
        band_of_cycle,
        layout.pairs,
        effects,
        coefficients,
        engine=engine,
        threads=1,  # the blocks of the analysis are evaluated in threads of their own
        yearly_weights=layout.yearly,
        yearly_fold=None if layout.yearly is None else yearly_fold(layout, n_years),
    )
    q = layout.n_scopes
    yearly = per_cycle
    return out[:, :q], out[:, q : 2 * q], out[:, 2 * q :], yearly
