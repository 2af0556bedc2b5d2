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


LANES = 8
"""Draws a thread keeps side by side: every step runs along them as one vector operation, and
each lane goes through the same operations as if it were alone, so a draw's numbers do not
depend on which draws share its vector."""


@njit(cache=True, parallel=True, error_model="numpy")
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
    pair_ptr: Any,
    pair_out: Any,
    weights: Any,
    coef: Any,
    block: int,
    out: Any,
    yearly_ptr: Any,
    yearly_cols: Any,
    yearly_weights: Any,
    yearly_out: Any,
) -> None:
    """Present values of draws in blocks of ``block`` (threads take whole blocks), ``LANES``
    draws at a time within a block; ``p`` is draw-last ``(B, S, S, D or 1)``. The weights are
    sparse: pair ``k`` adds to the outputs ``pair_out[pair_ptr[k]:pair_ptr[k + 1]]`` with the
    weights ``weights[t, pair_ptr[k]:pair_ptr[k + 1]]`` (likewise for the yearly outputs)."""
    n_draws, n_out = out.shape
    n_states = p.shape[1]
    n_cycles = bands.shape[0]
    n_pairs = pair_state.shape[0]
    n_effects = e_kinds.shape[0]
    n_yearly = yearly_out.shape[2]
    shared_p = p.shape[3] == 1
    n_blocks = (n_draws + block - 1) // block
    for blk in prange(n_blocks):
        m = np.empty((n_states, n_states, LANES))
        row = np.empty(n_states)
        work = np.empty(n_states)
        occ = np.empty((n_states, LANES))
        nxt = np.empty((n_states, LANES))
        ent = np.zeros((n_states, LANES))
        c = np.empty((n_pairs, LANES))
        x = np.empty(LANES)
        acc = np.empty((n_out, LANES))
        year = np.empty((n_yearly, LANES))
        lane_draw = np.empty(LANES, dtype=np.intp)
        hi = min(n_draws, (blk + 1) * block)
        for first in range(blk * block, hi, LANES):
            for lane in range(LANES):
                # Lanes past the block's end repeat its last draw and are not written.
                lane_draw[lane] = min(first + lane, hi - 1)
            for lane in range(LANES):
                d = lane_draw[lane]
                d0 = d if occ0.shape[0] > 1 else 0
                dc = d if coef.shape[0] > 1 else 0
                for s in range(n_states):
                    occ[s, lane] = occ0[d0, s]
                for k in range(n_pairs):
                    c[k, lane] = coef[dc, pair_coef[k]]
            acc[:, :] = 0.0
            for t in range(n_cycles + 1):
                if t < n_cycles:
                    b = bands[t]
                    if shared_p:
                        for i in range(n_states):
                            for j in range(n_states):
                                v = p[b, i, j, 0]
                                for lane in range(LANES):
                                    m[i, j, lane] = v
                    elif first + LANES <= hi:  # a whole group: contiguous draws
                        for i in range(n_states):
                            for j in range(n_states):
                                for lane in range(LANES):
                                    m[i, j, lane] = p[b, i, j, first + lane]
                    else:
                        for i in range(n_states):
                            for j in range(n_states):
                                for lane in range(LANES):
                                    m[i, j, lane] = p[b, i, j, lane_draw[lane]]
                    for e in range(n_effects):
                        if e_weights[e, t] == 0.0:
                            continue
                        for lane in range(LANES):
                            dl = lane_draw[lane] if e_logs.shape[1] > 1 else 0
                            if e_logs[e, dl] == 0.0:
                                continue
                            le = e_logs[e, dl] * e_weights[e, t]
                            for r in range(e_offsets[e], e_offsets[e + 1]):
                                i = e_rows[r]
                                for j in range(n_states):
                                    row[j] = m[i, j, lane]
                                apply_effect(
                                    row, work, e_targets[r], le, e_kinds[e], e_complements[e], i
                                )
                                for j in range(n_states):
                                    m[i, j, lane] = row[j]
                    nxt[:, :] = 0.0
                    for i in range(n_states):
                        for j in range(n_states):
                            for lane in range(LANES):
                                nxt[j, lane] += occ[i, lane] * m[i, j, lane]
                    for j in range(n_states):
                        for lane in range(LANES):
                            ent[j, lane] = nxt[j, lane] - occ[j, lane] * m[j, j, lane]
                if n_yearly:
                    year[:, :] = 0.0
                for k in range(n_pairs):
                    s = pair_state[k]
                    if pair_kind[k] == 0:
                        for lane in range(LANES):
                            x[lane] = occ[s, lane] * c[k, lane]
                    elif t < n_cycles:
                        for lane in range(LANES):
                            x[lane] = ent[s, lane] * c[k, lane]
                    else:
                        continue
                    for q in range(pair_ptr[k], pair_ptr[k + 1]):
                        w = weights[t, q]
                        j = pair_out[q]
                        for lane in range(LANES):
                            acc[j, lane] += x[lane] * w
                    for q in range(yearly_ptr[k], yearly_ptr[k + 1]):
                        w = yearly_weights[t, q]
                        j = yearly_cols[q]
                        for lane in range(LANES):
                            year[j, lane] += x[lane] * w
                if n_yearly:
                    for lane in range(min(LANES, hi - first)):
                        for j in range(n_yearly):
                            yearly_out[first + lane, t, j] = year[j, lane]
                if t < n_cycles:
                    for s in range(n_states):
                        for lane in range(LANES):
                            occ[s, lane] = nxt[s, lane]
            for lane in range(min(LANES, hi - first)):
                for j in range(n_out):
                    out[first + lane, j] = acc[j, lane]
