"""The numba kernel of :mod:`socinvest.core.cohort_kernel` (imported only when it runs).

Top-level functions so that numba can cache their machine code on disk (``cache=True``).

Layout: a thread takes a block of consecutive draws and keeps every work array draw-innermost
(``(states, draws of the block)``), reading the transition matrices draw-last ``(B, S, S, D)``
in place. Every step is then a loop along the draws with unit stride over independent
elements (no sum across draws), which LLVM vectorises (SIMD over draws) without fastmath: a
vector lane does the same IEEE operations in the same order as the scalar remainder loop, so
a draw's numbers do not depend on the block it falls in nor on the thread that runs it.
"""
# mypy: ignore-errors

from __future__ import annotations

from typing import Any

import numpy as np
from numba import njit

TINY = float(np.finfo(np.float64).tiny)


@njit(cache=True, nogil=True, inline="always", error_model="numpy")
def apply_effect(
    row: Any,
    work: Any,
    targets: Any,
    r: int,
    f: float,
    kind: int,
    complement: int,
    stay: int,
) -> None:
    """One row of :func:`socinvest.core.transitions.apply_effect_to_rows`, in place, with the
    ratio ``f`` (the exponential of the log ratio); ``targets[r]`` are the row's targets."""
    n = row.shape[0]
    sum_t = 0.0
    sum_u = 0.0
    for j in range(n):
        if targets[r, j]:
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
            if targets[r, j]:
                row[j] = work[j]
            else:
                row[j] = row[j] * g
        return
    if sum_t > 1.0:
        for j in range(n):
            work[j] = work[j] / sum_t
        sum_t = 1.0
    residual = 1.0 - sum_t
    if complement == 1 and not targets[r, stay]:
        others = 0.0
        for j in range(n):
            if not targets[r, j] and j != stay:
                others += row[j]
        stay_new = residual - others
        if stay_new >= 0.0:
            for j in range(n):
                if j == stay:
                    row[j] = stay_new
                elif targets[r, j]:
                    row[j] = work[j]
            return
    if sum_u <= 0.0 and residual > 0.0:
        # Stranded: the whole row was targeted and shrank; give the residual back.
        for j in range(n):
            if sum_t > 0.0:
                row[j] = work[j] / sum_t
        return
    scale = 1.0 / (sum_u if sum_u > 0.0 else 1.0)
    for j in range(n):
        if targets[r, j]:
            row[j] = work[j]
        else:
            row[j] = row[j] * scale * residual


@njit(cache=True, nogil=True, error_model="numpy")
def effect_on_row(
    rows: Any,
    targets: Any,
    r: int,
    logs: Any,
    lo: int,
    weight: float,
    kind: int,
    complement: int,
    stay: int,
    factor: Any,
    sum_t: Any,
    sum_u: Any,
    apply: Any,
    row: Any,
    work: Any,
) -> None:
    """An effect on row ``stay`` of the block's draws, ``rows (S, nb)`` in place: what
    :func:`apply_effect` does to each draw's row, with the log ratio ``logs[lo + d]`` (or
    ``logs[0]`` for all) times ``weight``; a draw whose log ratio is 0 is left as it is.

    The common case (a relative risk rescaling the other transitions, not stranded) runs along
    the draws, the others draw by draw through :func:`apply_effect`; both do the same
    operations in the same order for a draw, so its numbers do not depend on the path."""
    n, nb = rows.shape
    per_draw = logs.shape[0] > 1
    for d in range(nb):
        log = logs[lo + d] if per_draw else logs[0]
        apply[d] = log != 0.0
        factor[d] = np.exp(log * weight)
    if kind == 0 and complement == 0:
        for d in range(nb):
            sum_t[d] = 0.0
            sum_u[d] = 0.0
        for j in range(n):
            if targets[r, j]:
                for d in range(nb):
                    sum_t[d] += min(rows[j, d] * factor[d], 1.0)
            else:
                for d in range(nb):
                    sum_u[d] += rows[j, d]
        for d in range(nb):
            common = sum_t[d] <= 1.0 and sum_u[d] >= TINY
            rest = apply[d] and not common
            apply[d] = apply[d] and common
            # The rescaling factor of the others in sum_u, the draws left for apply_effect
            # marked in sum_t.
            sum_u[d] = (1.0 - sum_t[d]) / sum_u[d] if apply[d] else 1.0
            sum_t[d] = 1.0 if rest else 0.0
        for j in range(n):
            if targets[r, j]:
                for d in range(nb):
                    v = rows[j, d]
                    rows[j, d] = min(v * factor[d], 1.0) if apply[d] else v
            else:
                for d in range(nb):
                    v = rows[j, d]
                    rows[j, d] = v * sum_u[d] if apply[d] else v
        for d in range(nb):
            apply[d] = sum_t[d] == 1.0
    for d in range(nb):
        if not apply[d]:
            continue
        for j in range(n):
            row[j] = rows[j, d]
        apply_effect(row, work, targets, r, factor[d], kind, complement, stay)
        for j in range(n):
            rows[j, d] = row[j]


@njit(cache=True, nogil=True, error_model="numpy")
def step(occ: Any, m: Any, nxt: Any, ent: Any) -> None:
    """One cycle of a block, draws innermost: the occupancy at the end ``nxt[j] = sum_i
    occ[i] m[i, j]`` (added in the order of ``i``, four rows a pass so that ``nxt`` is read
    and written once per four: the same operations in the same order as one row a pass) and
    the entries ``ent[j] = nxt[j] - occ[j] m[j, j]`` (those in ``j`` at the end who were not
    in ``j`` at the start and stayed). A function of its own: compiled alone, its loops are
    vectorised along the draws."""
    n_states, nb = occ.shape
    for j in range(n_states):
        for d in range(nb):
            nxt[j, d] = 0.0
    i = 0
    while i + 4 <= n_states:
        for j in range(n_states):
            for d in range(nb):
                nxt[j, d] = (
                    ((nxt[j, d] + occ[i, d] * m[i, j, d]) + occ[i + 1, d] * m[i + 1, j, d])
                    + occ[i + 2, d] * m[i + 2, j, d]
                ) + occ[i + 3, d] * m[i + 3, j, d]
        i += 4
    while i < n_states:
        for j in range(n_states):
            for d in range(nb):
                nxt[j, d] += occ[i, d] * m[i, j, d]
        i += 1
    for j in range(n_states):
        for d in range(nb):
            ent[j, d] = nxt[j, d] - occ[j, d] * m[j, j, d]


@njit(cache=True, nogil=True, error_model="numpy")
def add_flows(
    t: int,
    with_entries: bool,
    occ: Any,
    ent: Any,
    cf: Any,
    pair_state: Any,
    pair_kind: Any,
    pair_coef: Any,
    pair_ptr: Any,
    pair_out: Any,
    weights: Any,
    acc: Any,
    yearly_ptr: Any,
    yearly_cols: Any,
    yearly_weights: Any,
    yearly_shift: Any,
    yearly_column: Any,
    year: Any,
    x: Any,
) -> None:
    """Cycle ``t``'s weighted flows of every pair added to the accumulators, draws innermost:
    ``x = occ[state] c`` (or the entries, when ``with_entries``), then ``acc[j] += x w`` for
    each output the pair reaches (a zero weight adds nothing and is skipped); likewise for the
    yearly outputs, each into ``year[t + yearly_shift[l], yearly_column[l]]`` (``year`` has
    shape ``(n_years, n_columns, nb)``; years outside it are left out)."""
    nb = x.shape[0]
    for k in range(pair_state.shape[0]):
        s = pair_state[k]
        c = pair_coef[k]
        if pair_kind[k] == 0:
            for d in range(nb):
                x[d] = occ[s, d] * cf[c, d]
        elif with_entries:
            for d in range(nb):
                x[d] = ent[s, d] * cf[c, d]
        else:
            continue
        for q in range(pair_ptr[k], pair_ptr[k + 1]):
            w = weights[t, q]
            if w == 0.0:
                continue
            j = pair_out[q]
            for d in range(nb):
                acc[j, d] += x[d] * w
        for q in range(yearly_ptr[k], yearly_ptr[k + 1]):
            w = yearly_weights[t, q]
            if w == 0.0:
                continue
            j = yearly_cols[q]
            y = t + yearly_shift[j]
            if y < 0 or y >= year.shape[0]:
                continue
            col = yearly_column[j]
            for d in range(nb):
                year[y, col, d] += x[d] * w


@njit(cache=True, nogil=True, error_model="numpy")
def run_block(
    lo: int,
    hi: int,
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
    out: Any,
    yearly_ptr: Any,
    yearly_cols: Any,
    yearly_weights: Any,
    yearly_shift: Any,
    yearly_column: Any,
    yearly_out: Any,
) -> None:
    """Draws ``lo:hi``: the cohort pass, the effects and the accumulation of the weighted
    flows, cycle by cycle, with work arrays ``(., hi - lo)`` (draws innermost)."""
    nb = hi - lo
    n_out = out.shape[1]
    n_states = p.shape[1]
    n_cycles = bands.shape[0]
    n_effects = e_kinds.shape[0]
    n_yearly = yearly_shift.shape[0]
    n_coef = coef.shape[1]
    shared_p = p.shape[3] == 1
    occ = np.empty((n_states, nb))
    nxt = np.empty((n_states, nb))
    ent = np.empty((n_states, nb))
    cf = np.empty((n_coef, nb))
    x = np.empty(nb)
    acc = np.zeros((n_out, nb))
    # The yearly outputs of the block, draws innermost, written out at the end.
    year = np.zeros((yearly_out.shape[1], yearly_out.shape[2], nb))
    # The band's rows that an effect changes in this cycle, kept to be put back after it:
    # slot_of[i] >= 0 for them.
    n_slots = min(n_states, e_rows.shape[0])
    changed = np.empty((n_slots, n_states, nb))
    slot_of = np.full(n_states, -1, dtype=np.intp)
    row = np.empty(n_states)
    work = np.empty(n_states)
    factor = np.empty(nb)
    sum_t = np.empty(nb)
    sum_u = np.empty(nb)
    apply = np.empty(nb, dtype=np.bool_)
    for s in range(n_states):
        if occ0.shape[0] > 1:
            for d in range(nb):
                occ[s, d] = occ0[lo + d, s]
        else:
            v = occ0[0, s]
            for d in range(nb):
                occ[s, d] = v
    for k in range(n_coef):
        if coef.shape[0] > 1:
            for d in range(nb):
                cf[k, d] = coef[lo + d, k]
        else:
            v = coef[0, k]
            for d in range(nb):
                cf[k, d] = v
    # The current band's matrices of the block's draws, copied when the band changes (the
    # cycles of an age band are consecutive): reading them from this contiguous copy keeps
    # the block's loops vectorised and in cache.
    m = np.empty((n_states, n_states, nb))
    band = -1
    for t in range(n_cycles + 1):
        if t < n_cycles:
            if bands[t] != band:
                band = bands[t]
                for i in range(n_states):
                    for j in range(n_states):
                        if shared_p:
                            v = p[band, i, j, 0]
                            for d in range(nb):
                                m[i, j, d] = v
                        else:
                            for d in range(nb):
                                m[i, j, d] = p[band, i, j, lo + d]
            # The effects of this cycle, in place on the rows they change (kept in `changed`).
            for i in range(n_states):
                slot_of[i] = -1
            used = 0
            for e in range(n_effects):
                if e_weights[e, t] == 0.0:
                    continue
                for r in range(e_offsets[e], e_offsets[e + 1]):
                    i = e_rows[r]
                    sl = slot_of[i]
                    if sl < 0:  # keep the band's row, to put it back after the cycle
                        sl = used
                        slot_of[i] = sl
                        used += 1
                        for j in range(n_states):
                            for d in range(nb):
                                changed[sl, j, d] = m[i, j, d]
                    effect_on_row(
                        m[i],
                        e_targets,
                        r,
                        e_logs[e],
                        lo,
                        e_weights[e, t],
                        e_kinds[e],
                        e_complements[e],
                        i,
                        factor,
                        sum_t,
                        sum_u,
                        apply,
                        row,
                        work,
                    )
            # Occupancy at the end of the cycle: nxt[j] = sum_i occ[i] m[i, j], i in order.
            step(occ, m, nxt, ent)
            for i in range(n_states):
                sl = slot_of[i]
                if sl >= 0:
                    for j in range(n_states):
                        for d in range(nb):
                            m[i, j, d] = changed[sl, j, d]
        # The pairs' weighted flows of cycle t.
        add_flows(
            t,
            t < n_cycles,
            occ,
            ent,
            cf,
            pair_state,
            pair_kind,
            pair_coef,
            pair_ptr,
            pair_out,
            weights,
            acc,
            yearly_ptr,
            yearly_cols,
            yearly_weights,
            yearly_shift,
            yearly_column,
            year,
            x,
        )
        if t < n_cycles:
            occ, nxt = nxt, occ
    for d in range(nb):
        for j in range(n_out):
            out[lo + d, j] = acc[j, d]
    if n_yearly:
        for d in range(nb):
            for y in range(yearly_out.shape[1]):
                for col in range(yearly_out.shape[2]):
                    yearly_out[lo + d, y, col] = year[y, col, d]


@njit(cache=True, nogil=True, error_model="numpy")
def kernel(
    first: int,
    last: int,
    block: int,
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
    out: Any,
    yearly_ptr: Any,
    yearly_cols: Any,
    yearly_weights: Any,
    yearly_shift: Any,
    yearly_column: Any,
    yearly_out: Any,
) -> None:
    """Present values of the draws of blocks ``first:last`` (block ``n`` holds draws
    ``n block`` to ``(n + 1) block``), one block after the other (:func:`run_block`), without
    the GIL: threads run disjoint ranges of blocks at once. ``p`` is draw-last ``(B, S, S, D
    or 1)``. The weights are sparse: pair ``k`` adds to the outputs
    ``pair_out[pair_ptr[k]:pair_ptr[k + 1]]`` with the weights ``weights[t, pair_ptr[k]:
    pair_ptr[k + 1]]`` (likewise for the yearly outputs)."""
    n_draws = out.shape[0]
    for blk in range(first, last):
        lo = blk * block
        hi = min(n_draws, lo + block)
        run_block(
            lo,
            hi,
            occ0,
            p,
            bands,
            e_offsets,
            e_rows,
            e_targets,
            e_logs,
            e_weights,
            e_kinds,
            e_complements,
            pair_state,
            pair_kind,
            pair_coef,
            pair_ptr,
            pair_out,
            weights,
            coef,
            out,
            yearly_ptr,
            yearly_cols,
            yearly_weights,
            yearly_shift,
            yearly_column,
            yearly_out,
        )
