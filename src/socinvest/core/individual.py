"""The individual-level (microsimulation) engine: persons drawn one by one through the same
yearly transition matrices as the cohort engine, with counter-based random numbers.

What it computes
----------------
Each of ``N`` persons starts in a state drawn from the initial mix, draws a level of every
individual attribute from its shares (sex, parents' education, an earlier placement, ...),
and then moves year by year: in cycle ``t`` a person in state ``s`` moves to state ``j`` with
probability ``P[a, t, g, s, j]``, the transition matrix of alternative ``a`` in that cycle for
the person's *group* ``g``. A group is a combination of attribute levels and of the years
already spent in the current state (capped at ``n_durations - 1``), so both the attributes
and the time in a state shift the probabilities (:func:`individual_matrices`). Nothing but
counts is kept: persons in each state at the start of each cycle and after the last,
``occupancy[a, t, s]``, and persons entering each state during each cycle,
``entries[a, t, s]``, per *block* of persons. Money is linear in these counts, so the
analysis layer turns them into the same ledgers as the cohort engine's (the expected
occupancy of a cohort of one person is ``occupancy / N``): results are reduced on the fly and
no trajectory is stored unless asked for (``trajectories=True``, for small ``N``).

Random numbers (counter-based)
------------------------------
Every uniform is a pure function of ``(seed, draw, person, cycle, stream)``: a 64-bit hash
built from the SplitMix64 output function (Steele, Lea and Flood 2014, "Fast splittable
pseudorandom number generators", OOPSLA; its finaliser is Stafford's "Mix13" variant of the
MurmurHash3 64-bit finaliser)::

    mix64(z) = z ^ (z >> 30); z *= 0xBF58476D1CE4E5B9; z ^= z >> 27; z *= 0x94D049BB133111EB;
               z ^ (z >> 31)
    k_seed   = mix64(seed + GAMMA)
    k_draw   = mix64(k_seed + (draw + 1) * GAMMA)
    h_person = mix64(k_draw + (person + 1) * GAMMA)
    u        = (mix64(h_person + (counter + 1) * GAMMA) >> 11) * 2**-53      in [0, 1)

with ``GAMMA = 0x9E3779B97F4A7C15`` (the golden-ratio increment of SplitMix64) and
``counter = (cycle + 1) * STREAMS + stream`` (cycle ``-1`` is the set-up: stream 0 draws the
initial state, stream ``1 + j`` attribute ``j``; in cycle ``t >= 0`` stream 0 draws the
move). For one person the uniforms over the counters are exactly a SplitMix64 sequence started
at ``h_person``, which passes BigCrush (Steele et al. 2014). All arithmetic is modulo 2**64.

Because a person's numbers depend on nothing else, the result does not depend on how persons
are split into chunks or threads, and every alternative uses the very same numbers (common
random numbers): a person whose transition rows are the same under two alternatives follows
the same path under both.

Sampling is by inversion: the targets of each row are ordered by decreasing probability
(ties by state index), ``cumulative`` holds their running sums with the last positive entry
and all after it set to exactly 1, and the move is to the first target whose running sum
exceeds ``u`` (:func:`sampling_tables`). The numpy engine and the numba kernel read the same
tables and compare the same numbers, so they give the same counts, integer for integer. The
numba kernel first reads a *guide table* of each row (Chen and Asau 1974, "On generating
random variates from an empirical distribution", *AIIE Transactions* 6, 163-166; Devroye
1986, *Non-Uniform Random Variate Generation*, sec. III.2.4): 256 buckets indexed by the top
8 bits of the hash, each holding the target when inversion gives the same one for every
``u`` of the bucket, else where to start the search. Only the few buckets that straddle a
running sum are searched, and the target is exactly inversion's. Each person's hash of a
cycle is computed once and used by every alternative. In a cycle where an alternative's rows
are the first alternative's (an intervention changes a few rows for a few years), a person in
the same state under both moves the same way (the same row, the same number), so the kernel
simulates that alternative only for the persons whose paths have parted and corrects the
first alternative's counts for them: exactly the counts of simulating everyone.

Blocks and bit-identical results
--------------------------------
Persons are cut into fixed *atomic blocks* of ``block_size`` consecutive persons (person
``i`` is in block ``i // block_size``). Each block's counts are computed independently;
counts are integers, so their sums are exact in any order, and the analysis layer sums them in
block order anyway. A chunk or a thread always takes whole blocks, so one or two threads and
1, 4 or 16 chunks give the same bits.

The numba kernel (:mod:`socinvest.core._individual_numba`, the optional extra ``fast``) runs
blocks in parallel threads; the numpy engine (always available, the reference) runs each
block as one vectorised loop over the cycles. :func:`choose_individual_engine` picks one.
"""

from __future__ import annotations

import functools
import importlib
import os
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt

from socinvest.core.cohort import TransitionEffect
from socinvest.core.cohort_kernel import numba_available
from socinvest.core.transitions import apply_effect_to_rows

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.intp]
CountArray = npt.NDArray[np.int64]
U64 = npt.NDArray[np.uint64]

IndividualEngine = Literal["numba", "numpy"]

ENGINE_VARIABLE = "SOCINVEST_INDIVIDUAL_ENGINE"
"""Environment variable that forces an engine: ``numba``, ``numpy`` or ``auto`` (default:
the numba kernel when numba imports, else numpy)."""

DEFAULT_BLOCK_SIZE = 4096
"""Persons in an atomic block (fixed: results depend on it only through which persons share
a block, never on how blocks are spread over chunks or threads)."""

STREAMS = 64
"""Streams per cycle: stream 0 draws the move (or, in the set-up cycle -1, the initial
state); streams ``1 ..`` the attributes in the set-up cycle."""

MAX_ATTRIBUTES = STREAMS - 1

GAMMA = np.uint64(0x9E3779B97F4A7C15)
_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)
_S30, _S27, _S31, _S11 = np.uint64(30), np.uint64(27), np.uint64(31), np.uint64(11)
_UNIT = 2.0**-53
_MASK = (1 << 64) - 1


def mix64(z: U64) -> U64:
    """The SplitMix64 finaliser (Steele, Lea and Flood 2014; Stafford's Mix13) on uint64
    arrays, modulo 2**64."""
    z = (z ^ (z >> _S30)) * _M1
    z = (z ^ (z >> _S27)) * _M2
    out: U64 = z ^ (z >> _S31)
    return out


def _mix_int(z: int) -> int:
    """:func:`mix64` of one Python integer (exact, modulo 2**64)."""
    z &= _MASK
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK
    return z ^ (z >> 31)


def draw_key(seed: int, draw: int) -> int:
    """``k_draw`` of the module docstring: the key of one draw under one seed."""
    gamma = int(GAMMA)
    k_seed = _mix_int(int(seed) + gamma)
    return _mix_int(k_seed + (int(draw) + 1) * gamma)


def person_keys(key: int, first: int, stop: int) -> U64:
    """``h_person`` of persons ``first .. stop - 1`` under the draw key ``key``."""
    index = np.arange(first + 1, stop + 1, dtype=np.uint64)
    with np.errstate(over="ignore"):
        return mix64(np.uint64(key) + index * GAMMA)


def counter(cycle: int, stream: int) -> int:
    """The counter of ``(cycle, stream)``; ``cycle = -1`` is the set-up."""
    return (cycle + 1) * STREAMS + stream


def uniforms(keys: U64, count: int) -> FloatArray:
    """The uniforms in [0, 1) of persons with keys ``keys`` at counter ``count``."""
    step = np.uint64(((count + 1) * int(GAMMA)) & _MASK)
    with np.errstate(over="ignore"):
        bits = mix64(keys + step)
    out: FloatArray = (bits >> _S11).astype(np.float64) * _UNIT
    return out


@dataclass(frozen=True)
class Modifier:
    """A shift of some transitions for some groups of persons: an odds ratio per group on the
    moves ``targets`` of the rows ``rows`` (as :class:`~socinvest.core.cohort.TransitionEffect`
    describes them), applied with :func:`~socinvest.core.transitions.apply_effect_to_rows`
    (``kind="odds_ratio"``, the rest of each row rescaled in proportion).

    Attributes
    ----------
    rows : ndarray of int, shape (R,)
    targets : ndarray of bool, shape (R, S)
    log_odds_ratio : ndarray, shape (G,)
        The log odds ratio for each group (0: unchanged).
    """

    rows: IntArray
    targets: npt.NDArray[np.bool_]
    log_odds_ratio: FloatArray


@dataclass(frozen=True)
class SamplingTables:
    """What the engines read (see the module docstring).

    Attributes
    ----------
    cumulative : ndarray, shape (A, T, G, S, S)
        Running sums of each row's probabilities in the order ``order``.
    order : ndarray of int32, shape (A, T, G, S, S)
        The target state at each position.
    initial_cumulative, initial_order : ndarray, shape (S,)
        The same for the initial state mix.
    attribute_cumulative : ndarray, shape (J, L)
        Running sums of each attribute's level shares (padded with 1).
    attribute_stride : ndarray of int64, shape (J,)
        The group index of a person is ``sum_j level_j * stride_j * n_durations +
        min(years in state, n_durations - 1)``.
    n_durations : int
    """

    cumulative: FloatArray
    order: npt.NDArray[np.int32]
    initial_cumulative: FloatArray
    initial_order: npt.NDArray[np.int32]
    attribute_cumulative: FloatArray
    attribute_stride: CountArray
    n_durations: int

    @property
    def shape(self) -> tuple[int, int, int, int]:
        """``(alternatives, cycles, groups, states)``."""
        a, t, g, s, _ = self.cumulative.shape
        return a, t, g, s


def _ordered_cumulative(p: FloatArray) -> tuple[FloatArray, npt.NDArray[np.int32]]:
    """Order ``(..., S)`` of each row by decreasing probability (ties by index) and the
    running sums, exactly 1 from the last positive probability on."""
    order = np.argsort(-p, axis=-1, kind="stable").astype(np.int32)
    sorted_p = np.take_along_axis(p, order, axis=-1)
    cumulative = np.cumsum(sorted_p, axis=-1)
    positive = sorted_p > 0.0
    n = p.shape[-1]
    last = n - 1 - np.argmax(positive[..., ::-1], axis=-1)  # last positive position
    last = np.where(positive.any(axis=-1), last, 0)
    cumulative = np.where(np.arange(n) >= last[..., None], 1.0, cumulative)
    return np.ascontiguousarray(cumulative), np.ascontiguousarray(order)


def sampling_tables(
    matrices: FloatArray,
    initial: npt.ArrayLike,
    attribute_shares: Sequence[npt.ArrayLike] = (),
    n_durations: int = 1,
) -> SamplingTables:
    """Sampling tables from per-group transition matrices.

    Parameters
    ----------
    matrices : ndarray, shape (A, T, G, S, S)
        Row-stochastic matrices of each alternative, cycle and group
        (:func:`individual_matrices`); ``G`` is the number of attribute combinations times
        ``n_durations``.
    initial : array_like, shape (S,)
        The initial state mix (shares summing to 1).
    attribute_shares : sequence of array_like
        Each attribute's level shares (summing to 1).
    n_durations : int
        Duration classes (1: time in a state is not a covariate).
    """
    p = np.asarray(matrices, dtype=np.float64)
    if p.ndim != 5 or p.shape[-1] != p.shape[-2]:
        raise ValueError(f"matrices need shape (A, T, G, S, S), found {p.shape}")
    if len(attribute_shares) > MAX_ATTRIBUTES:
        raise ValueError(f"at most {MAX_ATTRIBUTES} attributes, found {len(attribute_shares)}")
    shares = [np.asarray(s, dtype=np.float64) for s in attribute_shares]
    combos = int(np.prod([s.size for s in shares])) if shares else 1
    if p.shape[2] != combos * n_durations:
        raise ValueError(
            f"expected {combos * n_durations} groups ({combos} attribute combinations x"
            f" {n_durations} duration classes), found {p.shape[2]}"
        )
    cumulative, order = _ordered_cumulative(p)
    init_cum, init_order = _ordered_cumulative(np.asarray(initial, dtype=np.float64))
    width = max((s.size for s in shares), default=1)
    attr_cum = np.ones((len(shares), width))
    strides = np.zeros(len(shares), dtype=np.int64)
    stride = 1
    for j in reversed(range(len(shares))):
        c = np.cumsum(shares[j])
        c[int(np.nonzero(shares[j] > 0)[0][-1]) :] = 1.0
        attr_cum[j, : c.size] = c
        strides[j] = stride
        stride *= shares[j].size
    return SamplingTables(
        cumulative=cumulative,
        order=order,
        initial_cumulative=init_cum,
        initial_order=init_order,
        attribute_cumulative=np.ascontiguousarray(attr_cum),
        attribute_stride=strides,
        n_durations=int(n_durations),
    )


def individual_matrices(
    transitions: npt.ArrayLike,
    band_of_cycle: npt.ArrayLike,
    alternatives: Sequence[Sequence[TransitionEffect]],
    modifiers: Sequence[Modifier] = (),
    n_groups: int = 1,
) -> FloatArray:
    """The transition matrix of every alternative, cycle and group ``(A, T, G, S, S)``.

    A group's baseline matrix is the band's matrix with each modifier's odds ratio for the
    group applied in order (the person's own risk); then the alternative's effects are applied
    in order in each cycle with their weight, exactly as
    :func:`socinvest.core.cohort.simulate_cohort` applies them to the cohort's rows. With one
    group and no modifiers the matrices are the cohort engine's, so the individual engine's
    expected occupancy is the cohort's (Briggs, Claxton and Sculpher 2006, ch. 4: a Markov
    cohort model is the expectation of the microsimulation of the same chain).

    Effects must be the same in every draw (a ``log_effect`` of size 1).
    """
    p_bands = np.asarray(transitions, dtype=np.float64)
    if p_bands.ndim != 3:
        raise ValueError(f"transitions need shape (B, S, S), found {p_bands.shape}")
    bands = np.asarray(band_of_cycle, dtype=np.intp)
    n_cycles, n_states = bands.shape[0], p_bands.shape[1]
    base = np.repeat(p_bands[bands][:, None], n_groups, axis=1)  # (T, G, S, S)
    for m in modifiers:
        if m.log_odds_ratio.shape != (n_groups,):
            raise ValueError(
                f"a modifier needs one log odds ratio per group ({n_groups}),"
                f" found {m.log_odds_ratio.shape}"
            )
        groups = np.nonzero(m.log_odds_ratio != 0.0)[0]
        if groups.size == 0:
            continue
        # All cycles and groups at once: rows (T, G', R, S) flattened to (T * G', R, S).
        sub = base[:, groups]
        rows = sub[:, :, m.rows]
        flat = rows.reshape(-1, *rows.shape[2:])
        logs = np.tile(m.log_odds_ratio[groups], n_cycles)
        changed = apply_effect_to_rows(flat, m.targets, logs, "odds_ratio", m.rows)
        sub[:, :, m.rows] = changed.reshape(rows.shape)
        base[:, groups] = sub
    out = np.empty((len(alternatives), n_cycles, n_groups, n_states, n_states))
    for a, effects in enumerate(alternatives):
        current = base.copy()
        for e in effects:
            if e.log_effect.shape[0] != 1:
                raise ValueError(
                    "the individual engine needs effects that are the same in every draw"
                )
            logs = e.log_effect[0] * np.asarray(e.weights[:n_cycles], dtype=np.float64)
            active = np.nonzero(logs != 0.0)[0]
            if active.size == 0:
                continue
            sub = current[active]  # (T', G, S, S)
            rows = sub[:, :, e.rows]
            flat = rows.reshape(-1, *rows.shape[2:])
            changed = apply_effect_to_rows(
                flat, e.targets, np.repeat(logs[active], n_groups), e.kind, e.rows, e.complement
            )
            sub[:, :, e.rows] = changed.reshape(rows.shape)
            current[active] = sub
        out[a] = current
    return out


@dataclass(frozen=True)
class BlockCounts:
    """The counts of consecutive blocks of one draw.

    Attributes
    ----------
    occupancy : ndarray of int64, shape (nb, A, T + 1, S)
        Persons in each state at the start of each cycle (and after the last), per block.
    entries : ndarray of int64, shape (nb, A, T, S)
        Persons entering each state (from another) during each cycle, per block.
    persons : ndarray of int64, shape (nb,)
        Persons in each block.
    trajectories : ndarray of int16, shape (A, n, T + 1), or None
        Each person's state at the start of each cycle, when asked for.
    """

    occupancy: CountArray
    entries: CountArray
    persons: CountArray
    trajectories: npt.NDArray[np.int16] | None = None


def block_bounds(
    n_individuals: int, block_size: int, first_block: int, stop_block: int
) -> list[tuple[int, int]]:
    """Persons ``[lo, hi)`` of each block ``first_block .. stop_block - 1``."""
    n_blocks = -(-n_individuals // block_size)
    if not 0 <= first_block <= stop_block <= n_blocks:
        raise ValueError(
            f"blocks {first_block}-{stop_block} outside the {n_blocks} blocks of"
            f" {n_individuals} persons"
        )
    return [
        (b * block_size, min(n_individuals, (b + 1) * block_size))
        for b in range(first_block, stop_block)
    ]


def choose_individual_engine(engine: str | None = None) -> IndividualEngine:
    """``numba`` or ``numpy``: ``engine`` if given, else :data:`ENGINE_VARIABLE`, else the
    kernel when numba imports. ``numba`` without numba is an error naming the extra."""
    choice = (engine or os.environ.get(ENGINE_VARIABLE) or "auto").strip().lower()
    if choice not in ("auto", "numba", "numpy"):
        raise ValueError(
            f"unknown individual engine {choice!r} (argument or {ENGINE_VARIABLE});"
            " expected auto, numba or numpy"
        )
    if choice == "numpy":
        return "numpy"
    if numba_available():
        return "numba"
    if choice == "numba":
        raise ValueError(
            "the numba individual kernel was asked for but numba is not installed;"
            " install the extra: pip install 'socinvest[fast]'"
        )
    return "numpy"


def simulate_blocks(
    tables: SamplingTables,
    seed: int,
    draw: int,
    n_individuals: int,
    first_block: int,
    stop_block: int,
    block_size: int = DEFAULT_BLOCK_SIZE,
    engine: str | None = None,
    threads: int | None = None,
    trajectories: bool = False,
    out: tuple[CountArray, CountArray] | None = None,
) -> BlockCounts:
    """Simulate the persons of blocks ``first_block .. stop_block - 1`` of one draw.

    Parameters
    ----------
    tables : SamplingTables
    seed, draw : int
        Key of the random numbers (module docstring).
    n_individuals : int
        Persons in the whole population of the draw (fixes the blocks).
    first_block, stop_block : int
    block_size : int
    engine : {"auto", "numba", "numpy"}, optional
    threads : int, optional
        Threads over blocks (default: one per CPU); the counts do not depend on it.
    trajectories : bool
        Also return every person's states (memory ``A x n x (T + 1)``; numpy engine).
    out : (ndarray, ndarray), optional
        Arrays of int64 of shapes ``(nb, A, T + 1, S)`` and ``(nb, A, T, S)`` (``nb`` the
        blocks) to write the counts into (they are zeroed first), instead of new ones: a
        caller simulating draw after draw reuses the same memory. A draw's new arrays (about
        18 kB a block: 460 kB for 100 000 persons in blocks of 4 096) are above glibc's
        threshold for taking memory from the system (``mmap``, 128 kB): where that threshold
        stays fixed, as in a Dask worker (whose ``MALLOC_TRIM_THRESHOLD_`` turns off glibc's
        adjusting it), every draw's arrays cost fresh pages: page faults and system time.

    Returns
    -------
    BlockCounts
        Its ``occupancy`` and ``entries`` are ``out``'s arrays when given.
    """
    bounds = block_bounds(n_individuals, block_size, first_block, stop_block)
    n_alt, n_cycles, _, n_states = tables.shape
    nb = len(bounds)
    if out is None:
        occupancy = np.zeros((nb, n_alt, n_cycles + 1, n_states), dtype=np.int64)
        entries = np.zeros((nb, n_alt, n_cycles, n_states), dtype=np.int64)
    else:
        occupancy, entries = out
        if (
            occupancy.shape != (nb, n_alt, n_cycles + 1, n_states)
            or entries.shape != (nb, n_alt, n_cycles, n_states)
            or occupancy.dtype != np.int64
            or entries.dtype != np.int64
        ):
            raise ValueError(
                f"out needs int64 arrays of shapes {(nb, n_alt, n_cycles + 1, n_states)} and"
                f" {(nb, n_alt, n_cycles, n_states)}, found {occupancy.shape} and"
                f" {entries.shape}"
            )
        occupancy.fill(0)
        entries.fill(0)
    persons = np.array([hi - lo for lo, hi in bounds], dtype=np.int64)
    key = draw_key(seed, draw)
    paths = None
    if trajectories:
        total = int(persons.sum())
        paths = np.zeros((n_alt, total, n_cycles + 1), dtype=np.int16)
    if nb == 0:
        return BlockCounts(occupancy, entries, persons, paths)
    if choose_individual_engine(engine) == "numba" and not trajectories:
        _run_numba(tables, key, bounds, occupancy, entries, threads)
        return BlockCounts(occupancy, entries, persons, None)
    offset = bounds[0][0]

    def one(k: int) -> None:
        lo, hi = bounds[k]
        states = _block_numpy(tables, key, lo, hi, occupancy[k], entries[k], paths is not None)
        if paths is not None and states is not None:
            paths[:, lo - offset : hi - offset] = states

    workers = max(1, min(nb, threads if threads is not None else (os.cpu_count() or 1)))
    if workers == 1:
        for k in range(nb):
            one(k)
    else:
        with ThreadPoolExecutor(max_workers=workers) as pool:
            list(pool.map(one, range(nb)))
    return BlockCounts(occupancy, entries, persons, paths)


def _pick(u: FloatArray, cumulative: FloatArray) -> IntArray:
    """Position of the first running sum above ``u`` in each row ``(n, K)``."""
    out: IntArray = np.count_nonzero(u[:, None] >= cumulative, axis=1)
    return out


def _block_numpy(
    tables: SamplingTables,
    key: int,
    lo: int,
    hi: int,
    occupancy: CountArray,
    entries: CountArray,
    keep: bool,
) -> npt.NDArray[np.int16] | None:
    """One block by the numpy engine: counts written into ``occupancy (A, T + 1, S)`` and
    ``entries (A, T, S)``; every person's states returned when ``keep``."""
    n_alt, n_cycles, _, n_states = tables.shape
    keys = person_keys(key, lo, hi)
    start = tables.initial_order[_pick(uniforms(keys, counter(-1, 0)), tables.initial_cumulative)]
    combo = np.zeros(hi - lo, dtype=np.intp)
    for j in range(tables.attribute_cumulative.shape[0]):
        level = _pick(uniforms(keys, counter(-1, 1 + j)), tables.attribute_cumulative[j])
        combo += level * int(tables.attribute_stride[j])
    nd = tables.n_durations
    group_base = combo * nd
    state = [start.astype(np.intp) for _ in range(n_alt)]
    years = [np.zeros(hi - lo, dtype=np.intp) for _ in range(n_alt)]
    paths = np.zeros((n_alt, hi - lo, n_cycles + 1), dtype=np.int16) if keep else None
    for a in range(n_alt):
        occupancy[a, 0] = np.bincount(state[a], minlength=n_states)
        if paths is not None:
            paths[a, :, 0] = state[a]
    for t in range(n_cycles):
        u = uniforms(keys, counter(t, 0))
        for a in range(n_alt):
            s = state[a]
            g = group_base + np.minimum(years[a], nd - 1) if nd > 1 else group_base
            cum = tables.cumulative[a, t][g, s]
            new = tables.order[a, t][g, s, _pick(u, cum)].astype(np.intp)
            moved = new != s
            entries[a, t] = np.bincount(new[moved], minlength=n_states)
            if nd > 1:
                years[a] = np.where(moved, 0, years[a] + 1)
            state[a] = new
            occupancy[a, t + 1] = np.bincount(new, minlength=n_states)
            if paths is not None:
                paths[a, :, t + 1] = new
    return paths


def _run_numba(
    tables: SamplingTables,
    key: int,
    bounds: list[tuple[int, int]],
    occupancy: CountArray,
    entries: CountArray,
    threads: int | None,
) -> None:
    """The blocks by the numba kernel, in parallel threads over blocks."""
    kernel = _compiled()
    lookup, same = _lookup(tables)
    numba = importlib.import_module("numba")
    before = numba.get_num_threads()
    if threads is not None:
        numba.set_num_threads(max(1, min(threads, numba.config.NUMBA_NUM_THREADS)))
    try:
        kernel(
            tables.cumulative,
            tables.order,
            lookup,
            same,
            tables.initial_cumulative,
            tables.initial_order,
            tables.attribute_cumulative,
            tables.attribute_stride,
            tables.n_durations,
            np.uint64(key),
            np.array(bounds, dtype=np.int64),
            occupancy,
            entries,
        )
    finally:
        numba.set_num_threads(before)


_LOOKUPS: list[tuple[SamplingTables, npt.NDArray[np.int16], npt.NDArray[np.uint8]]] = []
_LOOKUPS_LOCK = threading.Lock()
_LOOKUPS_KEPT = 4


def _lookup(tables: SamplingTables) -> tuple[npt.NDArray[np.int16], npt.NDArray[np.uint8]]:
    """The guide tables of ``tables`` for the numba kernel
    (:func:`socinvest.core._individual_numba.lookup_table`) and ``same[a, t]``: whether
    alternative ``a``'s rows of cycle ``t`` are alternative 0's (every group), built once for
    the last few tables used (a plan's tables serve every draw and chunk of a process)."""
    with _LOOKUPS_LOCK:
        for known, table, same in _LOOKUPS:
            if known is tables:
                return table, same
    n_states = tables.shape[3]
    if n_states > np.iinfo(np.int16).max:
        raise ValueError(f"the numba kernel takes at most 32 767 states, found {n_states}")
    module = importlib.import_module("socinvest.core._individual_numba")
    rows = tables.cumulative.size // n_states
    lookup: npt.NDArray[np.int16] = module.lookup_table(
        tables.cumulative.reshape(rows, n_states), tables.order.reshape(rows, n_states)
    )
    cum, order = tables.cumulative, tables.order
    equal = np.all(cum == cum[:1], axis=(2, 3, 4)) & np.all(order == order[:1], axis=(2, 3, 4))
    same = equal.astype(np.uint8)
    same[0] = 0  # alternative 0 is always simulated for everyone
    with _LOOKUPS_LOCK:
        _LOOKUPS.insert(0, (tables, lookup, same))
        del _LOOKUPS[_LOOKUPS_KEPT:]
    return lookup, same


@functools.cache
def _compiled() -> Callable[..., None]:
    """The kernel of :mod:`socinvest.core._individual_numba`, imported (and compiled, or read
    from numba's disk cache) on first use."""
    module = importlib.import_module("socinvest.core._individual_numba")
    kernel: Callable[..., None] = module.kernel
    return kernel
