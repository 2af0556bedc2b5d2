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


@njit(cache=True, inline="always")
def row_of(row0: int, base: int, years: int, s: int, nd: int, n_states: int) -> int:
    """The row of a person of group base ``base`` (attributes x durations) with ``years`` in
    state ``s``, in the cycle and alternative starting at row ``row0``."""
    if nd > 1:
        return row0 + (base + min(years, nd - 1)) * n_states + s
    return row0 + base * n_states + s


@njit(cache=True, inline="always")
def full_pass(
    a: int,
    t: int,
    row0: int,
    n: int,
    n_groups: int,
    nd: int,
    n_states: int,
    state: Any,
    years: Any,
    base: Any,
    hashes: Any,
    lookup: Any,
    cumulative: Any,
    order: Any,
    ent: Any,
    exits: Any,
) -> None:
    """Every person's move under alternative ``a`` in cycle ``t`` (rows from ``row0``),
    counted into ``ent[a, t]`` and ``exits[a]``; a loop of its own for a model without
    attributes or durations (the row is the state's), with attributes, and with durations."""
    if n_groups == 1:
        for i in range(n):
            s = state[a, i]
            new = move(lookup, cumulative, order, row0 + s, hashes[i])
            if new != s:
                ent[a, t, new] += 1
                exits[a, s] += 1
                state[a, i] = new
    elif nd == 1:
        for i in range(n):
            s = state[a, i]
            new = move(lookup, cumulative, order, row0 + base[i] * n_states + s, hashes[i])
            if new != s:
                ent[a, t, new] += 1
                exits[a, s] += 1
                state[a, i] = new
    else:
        for i in range(n):
            s = state[a, i]
            r = row0 + (base[i] + min(years[a, i], nd - 1)) * n_states + s
            new = move(lookup, cumulative, order, r, hashes[i])
            if new != s:
                ent[a, t, new] += 1
                exits[a, s] += 1
                state[a, i] = new
                years[a, i] = 0
            else:
                years[a, i] += 1


@njit(cache=True, parallel=True)
def kernel(
    cumulative: Any,
    order: Any,
    lookup: Any,
    same: Any,
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

    Alternative 0 is simulated for every person. Another alternative ``a`` is simulated for
    every person only in the cycles where its rows differ from alternative 0's
    (``same[a, t] == 0``); in the others (most cycles: an intervention changes a few rows for
    a few years) a person in the same state (and duration class) under both has the same
    row and the same number, so the same move: only the persons whose paths have parted
    (kept in a list) are simulated, and ``a``'s counts are alternative 0's corrected for
    them. The counts are exactly those of simulating everyone.
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
        # apart[a, i]: person i's path under a differs from alternative 0's (else state[a, i]
        # and years[a, i] may be stale: alternative 0's hold); parted[a, :n_parted[a]] lists
        # them while a's rows equal alternative 0's.
        apart = np.zeros((n_alt, n), dtype=np.uint8)
        parted = np.empty((n_alt, n), dtype=np.int64)
        n_parted = np.zeros(n_alt, dtype=np.int64)
        fix_ent = np.zeros((n_alt, n_states), dtype=np.int64)
        fix_exit = np.zeros((n_alt, n_states), dtype=np.int64)
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
            row00 = t * n_groups * n_states  # alternative 0's first row of the cycle
            # Other alternatives first, while state[0] holds the start of the cycle.
            for a in range(1, n_alt):
                row0 = (a * n_cycles + t) * n_groups * n_states
                exits[a, :] = 0
                if same[a, t]:
                    fix_ent[a, :] = 0
                    fix_exit[a, :] = 0
                    kept = 0
                    for m in range(n_parted[a]):
                        i = parted[a, m]
                        bits = hashes[i]
                        s0 = state[0, i]
                        new0 = move(
                            lookup,
                            cum2,
                            ord2,
                            row_of(row00, base[i], years[0, i], s0, nd, n_states),
                            bits,
                        )
                        y0 = 0
                        if new0 != s0:
                            fix_ent[a, new0] -= 1
                            fix_exit[a, s0] -= 1
                        else:
                            y0 = years[0, i] + 1
                        s = state[a, i]
                        new = move(
                            lookup,
                            cum2,
                            ord2,
                            row_of(row0, base[i], years[a, i], s, nd, n_states),
                            bits,
                        )
                        if new != s:
                            fix_ent[a, new] += 1
                            fix_exit[a, s] += 1
                            state[a, i] = new
                            years[a, i] = 0
                        else:
                            years[a, i] += 1
                        if new != new0 or (nd > 1 and years[a, i] != y0):
                            parted[a, kept] = i
                            kept += 1
                        else:
                            apart[a, i] = 0
                    n_parted[a] = kept
                else:
                    for i in range(n):  # bring the persons still on alternative 0's path
                        if not apart[a, i]:
                            state[a, i] = state[0, i]
                            years[a, i] = years[0, i]
                    full_pass(
                        a,
                        t,
                        row0,
                        n,
                        n_groups,
                        nd,
                        n_states,
                        state,
                        years,
                        base,
                        hashes,
                        lookup,
                        cum2,
                        ord2,
                        ent,
                        exits,
                    )
            # Alternative 0, every person.
            exits[0, :] = 0
            full_pass(
                0,
                t,
                row00,
                n,
                n_groups,
                nd,
                n_states,
                state,
                years,
                base,
                hashes,
                lookup,
                cum2,
                ord2,
                ent,
                exits,
            )
            for s in range(n_states):
                occ[0, t + 1, s] = occ[0, t, s] + ent[0, t, s] - exits[0, s]
            for a in range(1, n_alt):
                if same[a, t]:
                    for s in range(n_states):
                        ent[a, t, s] = ent[0, t, s] + fix_ent[a, s]
                        exits[a, s] = exits[0, s] + fix_exit[a, s]
                else:  # who has parted from alternative 0 now
                    kept = 0
                    for i in range(n):
                        if state[a, i] != state[0, i] or (nd > 1 and years[a, i] != years[0, i]):
                            apart[a, i] = 1
                            parted[a, kept] = i
                            kept += 1
                        else:
                            apart[a, i] = 0
                    n_parted[a] = kept
                for s in range(n_states):
                    occ[a, t + 1, s] = occ[a, t, s] + ent[a, t, s] - exits[a, s]
