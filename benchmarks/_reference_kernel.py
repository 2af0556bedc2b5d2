"""The compiled reference of ``bench_kernel.py``: the straightforward numba kernel for W1.

What one would write first: the draws split over numba's threads (``prange``), each draw on
its own, its transition matrices read where they are (``(D, B, S, S)``, draw-major, no
copy), its occupancy a vector of ``S``, the effect applied to a copy of the rows it changes,
and the folded weights ``(T + 1, M, J)`` read densely (every pair, every output). Scalar code
per draw; no fastmath. It does the work of :func:`socinvest.core.cohort_kernel.present_values`
for the W1 inputs (dense pairs: each state's occupancy, then each state's entries; one
relative-risk effect with proportional complement on Dirichlet rows, which are never empty).
"""
# mypy: ignore-errors

from __future__ import annotations

from typing import Any

import numpy as np
from numba import njit, prange


@njit(parallel=True, cache=True, error_model="numpy")
def reference_kernel(
    initial: Any,
    transitions: Any,
    bands: Any,
    effect_rows: Any,
    effect_targets: Any,
    effect_logs: Any,
    effect_weights: Any,
    weights: Any,
    out: Any,
) -> None:
    """``out[d, j] = sum_t sum_m x_m[d, t] weights[t, m, j]`` with ``x`` the occupancy of each
    state at the start of cycle ``t`` (pairs ``0..S-1``) and the entries into each state
    during cycle ``t`` (pairs ``S..2S-1``)."""
    n_draws, n_out = out.shape
    n_states = initial.shape[1]
    n_cycles = bands.shape[0]
    for d in prange(n_draws):
        occ = initial[d].copy()
        nxt = np.empty(n_states)
        m = np.empty((n_states, n_states))
        acc = np.zeros(n_out)
        for t in range(n_cycles + 1):
            for s in range(n_states):
                for j in range(n_out):
                    acc[j] += occ[s] * weights[t, s, j]
            if t == n_cycles:
                break
            m[:, :] = transitions[d, bands[t]]
            w = effect_weights[t]
            if w != 0.0 and effect_logs[d] != 0.0:
                rr = np.exp(effect_logs[d] * w)
                for r in range(effect_rows.shape[0]):
                    i = effect_rows[r]
                    sum_t = 0.0
                    sum_u = 0.0
                    for j in range(n_states):
                        if effect_targets[r, j]:
                            m[i, j] = min(m[i, j] * rr, 1.0)
                            sum_t += m[i, j]
                        else:
                            sum_u += m[i, j]
                    if sum_t > 1.0:
                        for j in range(n_states):
                            if effect_targets[r, j]:
                                m[i, j] /= sum_t
                        sum_t = 1.0
                    g = (1.0 - sum_t) / sum_u
                    for j in range(n_states):
                        if not effect_targets[r, j]:
                            m[i, j] *= g
            for j in range(n_states):
                nxt[j] = 0.0
            for i in range(n_states):
                for j in range(n_states):
                    nxt[j] += occ[i] * m[i, j]
            for s in range(n_states):
                entries = nxt[s] - occ[s] * m[s, s]
                for j in range(n_out):
                    acc[j] += entries * weights[t, n_states + s, j]
            occ[:] = nxt
        out[d] = acc
