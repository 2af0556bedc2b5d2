"""The numba kernel of :mod:`socinvest.core.individual` (imported only when it runs).

Top-level functions so that numba can cache their machine code on disk (``cache=True``). It
computes exactly what the numpy engine computes (the same hash, the same tables, the same
comparisons; a guide table only shortens the search), block by block, threads taking whole
blocks.
"""
# mypy: ignore-errors

from __future__ import annotations

from typing import Any

import numpy as np
from numba import int64, njit, prange, uint64

GAMMA = uint64(0x9E3779B97F4A7C15)
M1 = uint64(0xBF58476D1CE4E5B9)
M2 = uint64(0x94D049BB133111EB)
STREAMS = 64
UNIT = 2.0**-53


@njit(cache=True, inline="always")
def mix64(z: Any) -> Any:
    """SplitMix64's finaliser (Steele, Lea and Flood 2014), modulo 2**64."""
    z = (z ^ (z >> uint64(30))) * M1
    z = (z ^ (z >> uint64(27))) * M2
    return z ^ (z >> uint64(31))


@njit(cache=True, inline="always")
def uniform(h: Any, count: int) -> float:
    """The uniform of the person with key ``h`` at counter ``count``."""
    bits = mix64(h + uint64(count + 1) * GAMMA)
    # Below 2**53, so the signed conversion (one instruction) is exact.
    return float(int64(bits >> uint64(11))) * UNIT


@njit(cache=True, inline="always")
def pick(u: float, cumulative: Any) -> int:
    """Position of the first running sum above ``u``."""
    k = 0
    while u >= cumulative[k]:
        k += 1
    return k


LOOKUP_BITS = 8
"""Buckets of a row's lookup table: ``2**LOOKUP_BITS``, indexed by the top bits of a hash."""
LOOKUP = 1 << LOOKUP_BITS


@njit(cache=True)
def lookup_table(cumulative: Any, order: Any) -> Any:
    """The guide table of every row ``(R, LOOKUP)`` of int16 (Chen and Asau 1974).

    Bucket ``m`` of a row holds the uniforms ``u`` in ``[m / LOOKUP, (m + 1) / LOOKUP)``,
    i.e. the hashes whose top :data:`LOOKUP_BITS` bits are ``m`` (``u`` is the top 53 bits
    over ``2**53``). When inversion gives the same position for the bucket's smallest and
    largest ``u`` (running sums are non-decreasing, so for every ``u`` in it), the entry is
    the target state itself; otherwise it is ``-1 - c`` with ``c`` the position of the
    smallest ``u``, where the search goes on. The result is exactly inversion's.
    """
    rows = cumulative.shape[0]
    out = np.empty((rows, LOOKUP), dtype=np.int16)
    for r in range(rows):
        c = 0
        for m in range(LOOKUP):
            lo = m / LOOKUP
            hi = (m + 1) / LOOKUP - UNIT  # the largest u of the bucket (exact)
            while lo >= cumulative[r, c]:
                c += 1
            c2 = c
            while hi >= cumulative[r, c2]:
                c2 += 1
            out[r, m] = order[r, c] if c == c2 else -1 - c
    return out


@njit(cache=True, inline="always")
def move(lookup: Any, cumulative: Any, order: Any, r: int, bits: Any) -> int:
    """The target of row ``r`` for the hash ``bits``: the guide table's entry, or, in a
    bucket that straddles a running sum, the search from the entry's position on (exactly
    inversion on ``u = (bits >> 11) 2**-53``)."""
    new = int64(lookup[r, int64(bits >> uint64(64 - LOOKUP_BITS))])
    if new < 0:
        u = float(int64(bits >> uint64(11))) * UNIT
        c = -1 - new
        while u >= cumulative[r, c]:
            c += 1
        new = int64(order[r, c])
    return new


@njit(cache=True, parallel=True)
def kernel(
    cumulative: Any,
    order: Any,
    lookup: Any,
    init_cum: Any,
    init_order: Any,
    attr_cum: Any,
    attr_stride: Any,
    n_durations: int,
    key: Any,
    bounds: Any,
    occupancy: Any,
    entries: Any,
) -> None:
    """Counts of the blocks ``bounds[k] = (lo, hi)`` into ``occupancy[k]`` and
    ``entries[k]``.

    Within a block the cycles are the outer loop (the tables of one cycle stay in the cache);
    each person's hash of the cycle is computed once and shared by the alternatives (common
    random numbers); the move is read from the row's guide table ``lookup``
    (:func:`lookup_table`), searching the running sums only in the few buckets that straddle
    one of them; only moves are counted: the occupancy follows from
    ``occ[t + 1] = occ[t] + entries[t] - exits[t]`` (integers, exact).
    """
    n_alt, n_cycles, n_groups, n_states = cumulative.shape[:4]
    cum2 = cumulative.reshape(n_alt * n_cycles * n_groups * n_states, n_states)
    ord2 = order.reshape(n_alt * n_cycles * n_groups * n_states, n_states)
    n_attr = attr_cum.shape[0]
    nd = n_durations
    for k in prange(bounds.shape[0]):
        lo = bounds[k, 0]
        n = bounds[k, 1] - lo
        occ = occupancy[k]
        ent = entries[k]
        keys = np.empty(n, dtype=np.uint64)
        hashes = np.empty(n, dtype=np.uint64)
        base = np.empty(n, dtype=np.int64)
        state = np.empty((n_alt, n), dtype=np.int64)
        years = np.zeros((n_alt, n), dtype=np.int64)
        exits = np.zeros((n_alt, n_states), dtype=np.int64)
        for i in range(n):
            h = mix64(key + uint64(lo + i + 1) * GAMMA)
            keys[i] = h
            s0 = init_order[pick(uniform(h, 0), init_cum)]
            b = 0
            for j in range(n_attr):
                b += pick(uniform(h, 1 + j), attr_cum[j]) * attr_stride[j]
            base[i] = b * nd
            for a in range(n_alt):
                state[a, i] = s0
                occ[a, 0, s0] += 1
        for t in range(n_cycles):
            step = uint64((t + 1) * STREAMS + 1) * GAMMA
            for i in range(n):
                hashes[i] = mix64(keys[i] + step)
            for a in range(n_alt):
                row0 = (a * n_cycles + t) * n_groups * n_states
                exits[a, :] = 0
                if n_groups == 1:  # no attributes, no durations: the row is the state's
                    for i in range(n):
                        s = state[a, i]
                        new = move(lookup, cum2, ord2, row0 + s, hashes[i])
                        if new != s:
                            ent[a, t, new] += 1
                            exits[a, s] += 1
                            state[a, i] = new
                elif nd == 1:
                    for i in range(n):
                        s = state[a, i]
                        new = move(lookup, cum2, ord2, row0 + base[i] * n_states + s, hashes[i])
                        if new != s:
                            ent[a, t, new] += 1
                            exits[a, s] += 1
                            state[a, i] = new
                else:
                    for i in range(n):
                        s = state[a, i]
                        r = row0 + (base[i] + min(years[a, i], nd - 1)) * n_states + s
                        new = move(lookup, cum2, ord2, r, hashes[i])
                        if new != s:
                            ent[a, t, new] += 1
                            exits[a, s] += 1
                            state[a, i] = new
                            years[a, i] = 0
                        else:
                            years[a, i] += 1
                for s in range(n_states):
                    occ[a, t + 1, s] = occ[a, t, s] + ent[a, t, s] - exits[a, s]
