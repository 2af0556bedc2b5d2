"""The numba kernel of :mod:`socinvest.core.cohort_kernel` (imported only when it runs).

Top-level functions so that numba can cache their machine code on disk (``cache=True``).
"""
# mypy: ignore-errors

from __future__ import annotations

from typing import Any

import numpy as np
from numba import njit, prange

TINY = float(np.finfo(np.float64).tiny)


@njit(cache=True, inline="always")
def apply_effect(
    row: Any, work: Any, targets: Any, log_effect: float, kind: int, complement: int, stay: int
) -> None:
    """One row of :func:`socinvest.core.transitions.apply_effect_to_rows`, in place."""
    n = row.shape[0]
    f = np.exp(log_effect)
    sum_t = 0.0
    sum_u = 0.0
    for j in range(n):
        if targets[j]:
            if kind == 0:
                q = row[j] * f
            elif row[j] >= 1.0:
                q = 1.0
            else:
                odds = row[j] / (1.0 - row[j])
                q = odds * f / (1.0 + odds * f)
            q = min(q, 1.0)
            work[j] = q
            sum_t += q
        else:
            work[j] = 0.0
            sum_u += row[j]
    if kind == 0 and complement == 0 and sum_t <= 1.0 and sum_u >= TINY:
        # The common case, a rescaling (transitions._rescale_rows).
        g = (1.0 - sum_t) / sum_u
        for j in range(n):
            if targets[j]:
                row[j] = work[j]
            else:
                row[j] = row[j] * g
        return
    if sum_t > 1.0:
        for j in range(n):
            work[j] = work[j] / sum_t
        sum_t = 1.0
    residual = 1.0 - sum_t
    usable = False
    if complement == 1 and not targets[stay]:
        others = 0.0
        for j in range(n):
            if not targets[j] and j != stay:
                others += row[j]
        stay_new = residual - others
        if stay_new >= 0.0:
            usable = True
            for j in range(n):
                if j == stay:
                    row[j] = stay_new
                elif targets[j]:
                    row[j] = work[j]
        if usable:
            return
    if sum_u <= 0.0 and residual > 0.0:
        # Stranded: the whole row was targeted and shrank; give the residual back.
        for j in range(n):
            if sum_t > 0.0:
                row[j] = work[j] / sum_t
        return
    scale = 1.0 / (sum_u if sum_u > 0.0 else 1.0)
    for j in range(n):
        if targets[j]:
            row[j] = work[j]
        else:
            row[j] = row[j] * scale * residual


@njit(cache=True, parallel=True)
def kernel(
    occ0: Any,
    p: Any,
    bands: Any,
    e_offsets: Any,
    e_rows: Any,
    e_targets: Any,
    e_logs: Any,
    e_weights: Any,
    e_kinds: Any,
    e_complements: Any,
    pair_state: Any,
    pair_kind: Any,
    pair_coef: Any,
    weights: Any,
    coef: Any,
    block: int,
    out: Any,
    yearly_weights: Any,
    yearly_out: Any,
) -> None:
    n_draws, n_out = out.shape
    n_states = p.shape[2]
    n_cycles = bands.shape[0]
    n_pairs = pair_state.shape[0]
    n_effects = e_kinds.shape[0]
    n_yearly = yearly_out.shape[2]
    n_blocks = (n_draws + block - 1) // block
    for blk in prange(n_blocks):
        m = np.empty((n_states, n_states))
        work = np.empty(n_states)
        occ = np.empty(n_states)
        nxt = np.empty(n_states)
        ent = np.zeros(n_states)
        c = np.empty(n_pairs)
        acc = np.empty(n_out)
        for d in range(blk * block, min(n_draws, (blk + 1) * block)):
            dp = d if p.shape[0] > 1 else 0
            d0 = d if occ0.shape[0] > 1 else 0
            dc = d if coef.shape[0] > 1 else 0
            dl = d if e_logs.shape[1] > 1 else 0
            for s in range(n_states):
                occ[s] = occ0[d0, s]
            for k in range(n_pairs):
                c[k] = coef[dc, pair_coef[k]]
            for j in range(n_out):
                acc[j] = 0.0
            for t in range(n_cycles + 1):
                # Entries of cycle t, known after the step; accumulate occupancy first.
                if t < n_cycles:
                    b = bands[t]
                    active = False
                    for e in range(n_effects):
                        if e_weights[e, t] != 0.0 and e_logs[e, dl] != 0.0:
                            active = True
                    if active:
                        # This draw's matrix, changed by the effects in order.
                        for i in range(n_states):
                            for j in range(n_states):
                                m[i, j] = p[dp, b, i, j]
                        for e in range(n_effects):
                            if e_weights[e, t] == 0.0 or e_logs[e, dl] == 0.0:
                                continue
                            le = e_logs[e, dl] * e_weights[e, t]
                            for r in range(e_offsets[e], e_offsets[e + 1]):
                                i = e_rows[r]
                                apply_effect(
                                    m[i], work, e_targets[r], le, e_kinds[e], e_complements[e], i
                                )
                        mat = m
                    else:
                        mat = p[dp, b]
                    for j in range(n_states):
                        nxt[j] = 0.0
                    for i in range(n_states):
                        oi = occ[i]
                        for j in range(n_states):
                            nxt[j] += oi * mat[i, j]
                    for j in range(n_states):
                        ent[j] = nxt[j] - occ[j] * mat[j, j]
                for k in range(n_pairs):
                    if pair_kind[k] == 0:
                        x = occ[pair_state[k]] * c[k]
                    elif t < n_cycles:
                        x = ent[pair_state[k]] * c[k]
                    else:
                        continue
                    if x == 0.0:
                        continue
                    for j in range(n_out):
                        acc[j] += x * weights[t, k, j]
                    for j in range(n_yearly):
                        yearly_out[d, t, j] += x * yearly_weights[t, k, j]
                if t < n_cycles:
                    for s in range(n_states):
                        occ[s] = nxt[s]
            for j in range(n_out):
                out[d, j] = acc[j]
