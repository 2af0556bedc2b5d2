"""A compiled cohort kernel: the cohort pass and the discounted flows of each draw in one pass.

The numpy engine (:func:`socinvest.core.cohort.simulate_cohort` then a contraction of the
occupancy with the money) writes the whole occupancy history ``(cycles, states, draws)`` and
reads it again. This kernel (numba, the optional extra ``fast``) runs each draw through its
cycles and adds its discounted flows to a few accumulators as it goes, so its memory is
``O(draws x outputs)``. Both compute

``out[d, j] = sum_m c[d, coef_of[m]] sum_t x_m[d, t] w[t, m, j]``

where each *pair* ``m`` reads a state's occupancy at the start of cycle ``t`` (``t = 0..T``)
or the persons entering a state during cycle ``t`` (``t = 0..T-1``), ``c`` are per-draw
coefficients (``1`` for plain present values; ``(1, theta - v)`` in the probabilistic
analysis) and ``w`` holds the weights with the discount factors, the timing convention and
the roll-up of ledger cells (payer x category) into the outputs folded in
(:func:`fold_weights`).

Reproducibility: each draw is computed alone, by the same operations in a fixed order; the
draws are split into blocks that threads take in any order, and nothing is summed across
draws, so the results are bit-identical for every number of threads and every block size.
The kernel and the numpy engine agree up to floating-point rounding (the numpy engine
corrects a step for an effect instead of applying the modified rows, and sums in another
order); the numpy engine stays the reference and the fallback (:func:`choose_engine`).

Speed: each thread takes a contiguous range of blocks of draws and keeps its work arrays
draw-innermost, so every step is a loop along the draws that LLVM vectorises (no fastmath:
the vector and the scalar code do the same IEEE operations); see
:mod:`socinvest.core._kernel_numba` and ``benchmarks/bench_kernel.py``.
"""

from __future__ import annotations

import functools
import importlib
import itertools
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt

from socinvest.core.cohort import (
    BandedTransitions,
    TransitionEffect,
    prepare_transitions,
    simulate_cohort,
)
from socinvest.core.timing import Timing

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.intp]

Engine = Literal["numba", "numpy"]

ENGINE_VARIABLE = "SOCINVEST_COHORT_ENGINE"
"""Environment variable that chooses an engine: ``numba``, ``numpy`` or ``auto`` (the default:
the kernel when numba imports and there are enough draws, :func:`choose_engine`)."""

DEFAULT_BLOCK_DRAWS = 128
"""Draws the kernel takes at a time, side by side in its work arrays (any value gives the same
numbers; 128 was the fastest of 32 to 1 000 on W1, ``benchmarks/bench_kernel.py``)."""

MIN_THREAD_DRAWS = 1000
"""Fewest draws per thread when the kernel chooses its threads (:func:`kernel_threads`)."""

OCCUPANCY, ENTRIES = 0, 1
"""Kinds of pair: the occupancy of a state at the start of a cycle, or the persons entering
it during the cycle."""

_KINDS = {"relative_risk": 0, "odds_ratio": 1}
_COMPLEMENTS = {"proportional": 0, "stay": 1}


AUTO_MIN_DRAWS = 10_000
"""Fewest draws for which ``auto`` chooses the kernel. In a fresh process the kernel costs
numba's import and the loading of its machine code from the disk cache first (about 0.7 s on
an idle 2-core machine, 2 s loaded; 10-15 s when it has to compile), which fewer draws do not
earn back (``benchmarks/README.md``, ``bench_kernel.py``). A constant, so the engine, and
with it the last bits of the results, depends only on the number of draws, never on what the
process did before."""


@functools.cache
def numba_available() -> bool:
    """Whether numba imports (the optional extra ``fast``); imports it, so only asked when
    the kernel would run."""
    try:
        importlib.import_module("numba")
    except ImportError:
        return False
    return True


def choose_engine(engine: str | None = None, draws: int | None = None) -> Engine:
    """The engine to use: ``engine`` if given, else :data:`ENGINE_VARIABLE`, else ``auto``.

    ``auto`` (the default) is the kernel when numba is installed and there are at least
    :data:`AUTO_MIN_DRAWS` draws (``draws`` ``None``: any number), else the numpy engine.
    ``numba`` without numba installed is an error that says how to install it. The two
    engines agree to rounding (about 1e-12 relative), not bit for bit, so the engine is
    recorded with the results.
    """
    choice = (engine or os.environ.get(ENGINE_VARIABLE) or "auto").strip().lower()
    if choice not in ("auto", "numba", "numpy"):
        raise ValueError(
            f"unknown cohort engine {choice!r} (argument or {ENGINE_VARIABLE});"
            " expected auto, numba or numpy"
        )
    if choice == "numpy" or (choice == "auto" and draws is not None and draws < AUTO_MIN_DRAWS):
        return "numpy"
    if numba_available():
        return "numba"
    if choice == "numba":
        raise ValueError(
            "the numba cohort kernel was asked for but numba is not installed;"
            " install the extra: pip install 'socinvest[fast]'"
        )
    return "numpy"


@dataclass(frozen=True)
class YearlyFold:
    """Where the per-cycle outputs go: output ``l`` of cycle ``t`` is added to year
    ``t + shift[l]`` (left out outside ``0..n_years - 1``) and column ``column[l]`` of an
    array ``(D, n_years, n_columns)``."""

    shift: IntArray
    column: IntArray
    n_years: int
    n_columns: int

    @classmethod
    def identity(cls, n_cycles_1: int, n_outputs: int) -> YearlyFold:
        """Each output in its own column, in its own cycle: ``(D, T + 1, L)``."""
        return cls(
            np.zeros(n_outputs, dtype=np.intp),
            np.arange(n_outputs, dtype=np.intp),
            n_cycles_1,
            n_outputs,
        )

    def apply(self, per_cycle: FloatArray) -> FloatArray:
        """The fold of per-cycle outputs ``(D, T + 1, L)`` (the numpy engine's side)."""
        d, t1, _ = per_cycle.shape
        out = np.zeros((d, self.n_years, self.n_columns))
        for col, (shift, dest) in enumerate(zip(self.shift, self.column, strict=True)):
            first = max(0, -int(shift))
            last = min(t1, self.n_years - int(shift))
            if last > first:
                out[:, first + shift : last + shift, dest] += per_cycle[:, first:last, col]
        return out


def kernel_threads(n_draws: int) -> int:
    """Threads the kernel uses by default for ``n_draws`` draws: one per CPU, each with at
    least :data:`MIN_THREAD_DRAWS` draws (the numbers do not depend on it)."""
    return max(1, min(os.cpu_count() or 1, n_draws // MIN_THREAD_DRAWS))


@dataclass(frozen=True)
class Pairs:
    """What the outputs read: pair ``m`` reads ``kind[m]`` (:data:`OCCUPANCY` or
    :data:`ENTRIES`) of state ``state[m]``, times the draw's coefficient ``coef[m]``, with the
    weights ``weights[t, m, j]`` (shape ``(T + 1, M, J)``; the last row is not read for
    entries)."""

    state: IntArray
    kind: IntArray
    coef: IntArray
    weights: FloatArray

    @functools.cached_property
    def sparse(self) -> tuple[IntArray, IntArray, FloatArray]:
        """The weights as the kernel reads them (:func:`_sparse`), computed once."""
        return _sparse(self.weights)

    @classmethod
    def dense(cls, occupancy: FloatArray, entries: FloatArray | None = None) -> Pairs:
        """Every state's occupancy with weights ``occupancy (T + 1, S, J)`` and, if given,
        every state's entries with ``entries (T, S, J)``; coefficient 0 for all."""
        t1, s, j = occupancy.shape
        blocks = [occupancy]
        kinds = [np.full(s, OCCUPANCY, dtype=np.intp)]
        if entries is not None:
            padded = np.zeros((t1, s, j))
            padded[: t1 - 1] = entries
            blocks.append(padded)
            kinds.append(np.full(s, ENTRIES, dtype=np.intp))
        n = len(blocks)
        return cls(
            state=np.tile(np.arange(s, dtype=np.intp), n),
            kind=np.concatenate(kinds),
            coef=np.zeros(n * s, dtype=np.intp),
            weights=np.ascontiguousarray(np.concatenate(blocks, axis=1)),
        )


def fold_weights(annual: FloatArray, factors: FloatArray, timing: Timing) -> FloatArray:
    """Weights ``(T + 1, ...)`` on the occupancy at the start of each cycle that give the
    present value of ``annual (T, ...)`` (a flow per person-year in year ``t``) discounted by
    ``factors (T,)`` under the timing convention: the occupancy at the start (``start``), at
    the end (``end``) or the mean of both (``mid``) of each year
    (:func:`socinvest.core.timing.year_occupancy`)."""
    if timing not in ("start", "end", "mid"):
        raise ValueError(f"unknown timing convention {timing!r}; expected start, end or mid")
    discounted = annual * factors.reshape(-1, *([1] * (annual.ndim - 1)))
    out = np.zeros((annual.shape[0] + 1, *annual.shape[1:]))
    if timing in ("start", "mid"):
        out[:-1] += discounted if timing == "start" else 0.5 * discounted
    if timing in ("end", "mid"):
        out[1:] += discounted if timing == "end" else 0.5 * discounted
    return out


def fold_categories(cells: FloatArray) -> FloatArray:
    """Amounts ``(..., N, C)`` by payer and category summed to payers ``(..., N)``, for
    outputs that only need each payer's total."""
    return np.asarray(cells.sum(axis=-1), dtype=np.float64)


def present_values(
    initial: npt.ArrayLike,
    transitions: npt.ArrayLike | BandedTransitions,
    band_of_cycle: npt.ArrayLike,
    pairs: Pairs,
    effects: Sequence[TransitionEffect] = (),
    coefficients: FloatArray | None = None,
    engine: str | None = None,
    threads: int | None = None,
    block_draws: int = DEFAULT_BLOCK_DRAWS,
    draw_last: bool = False,
    yearly_weights: FloatArray | None = None,
    yearly_fold: YearlyFold | None = None,
) -> tuple[FloatArray, FloatArray | None]:
    """Per-draw present values ``(D, J)`` of a cohort's flows (the module's formula).

    Parameters
    ----------
    initial : array_like, shape (S,) or (D, S)
        Persons in each state at the start.
    transitions : array_like, shape (B, S, S) or (D, B, S, S), or BandedTransitions
        Yearly transition matrices per age band, the same in every draw or per draw; with
        ``draw_last``, shape ``(B, S, S, D)``, the kernel's own layout (as
        :func:`socinvest.core.cohort.prepare_transitions` takes them), used without a copy.
    band_of_cycle : array_like of int, shape (T,)
    pairs : Pairs
        What each output reads, with its weights.
    effects : sequence of TransitionEffect
        As :func:`socinvest.core.cohort.simulate_cohort` applies them.
    coefficients : ndarray, shape (D, K) or (1, K), optional
        Per-draw coefficients (default: one coefficient 1).
    engine : {"auto", "numba", "numpy"}, optional
        See :func:`choose_engine` (with the number of draws).
    threads : int, optional
        Threads of the kernel, each with a contiguous range of blocks (default
        :func:`kernel_threads`); not the numpy engine's.
    block_draws : int
        Draws the kernel takes at a time.
    draw_last : bool
        Whether ``transitions`` have their draw axis last.
    yearly_weights : ndarray, shape (T + 1, M, L), optional
        Weights of per-cycle outputs: ``yearly[d, t, l] = sum_m c[d, coef_of[m]] x_m[d, t]
        yearly_weights[t, m, l]`` (not summed over the cycles), for flows needed year by
        year (the payback year); memory ``O(draws x cycles x L)``.
    yearly_fold : YearlyFold, optional
        Adds the per-cycle outputs into years and columns as they are computed (no
        ``(D, T + 1, L)`` array is built).

    Returns
    -------
    tuple of ndarray
        The present values ``(D, J)`` and the per-cycle outputs ``(D, T + 1, L)`` (``None``
        without ``yearly_weights``), or with ``yearly_fold`` ``(D, n_years, n_columns)``.
    """
    bands = np.asarray(band_of_cycle, dtype=np.intp)
    p = _draw_last(transitions, bands, draw_last)
    occ0 = np.asarray(initial, dtype=np.float64)
    if occ0.ndim == 1:
        occ0 = occ0[None, :]
    coef = np.ones((1, 1)) if coefficients is None else np.asarray(coefficients, np.float64)
    n_cycles = bands.shape[0]
    if pairs.weights.shape[0] != n_cycles + 1:
        raise ValueError(
            f"pair weights need {n_cycles + 1} rows (cycles + 1), found {pairs.weights.shape[0]}"
        )
    n_draws = max(
        occ0.shape[0], p.shape[3], coef.shape[0], *(e.log_effect.shape[0] for e in effects)
    )
    if yearly_weights is not None and yearly_weights.shape[:2] != pairs.weights.shape[:2]:
        raise ValueError(
            f"yearly weights need shape {pairs.weights.shape[:2]} + (L,),"
            f" found {yearly_weights.shape}"
        )
    n_yearly = 0 if yearly_weights is None else yearly_weights.shape[2]
    fold = YearlyFold.identity(n_cycles + 1, n_yearly) if yearly_fold is None else yearly_fold
    if fold.shift.shape != (n_yearly,) or fold.column.shape != (n_yearly,):
        raise ValueError(f"the yearly fold needs {n_yearly} shifts and columns")
    if choose_engine(engine, n_draws) == "numpy":
        out, per_cycle = _present_numpy(
            occ0, p, bands, pairs, effects, coef, n_draws, yearly_weights
        )
        if per_cycle is None or yearly_fold is None:
            return out, per_cycle
        return out, yearly_fold.apply(per_cycle)
    packed = _pack_effects(effects, n_cycles, occ0.shape[1])
    out = np.empty((n_draws, pairs.weights.shape[2]))
    yearly = np.zeros((n_draws, fold.n_years, fold.n_columns))
    yearly_w = (
        np.zeros((n_cycles + 1, pairs.weights.shape[1], 0))
        if yearly_weights is None
        else np.ascontiguousarray(yearly_weights, dtype=np.float64)
    )
    kernel = _compiled()
    block = max(1, int(block_draws))
    n_blocks = -(-n_draws // block)
    workers = max(1, min(kernel_threads(n_draws) if threads is None else threads, n_blocks))
    w_ptr, w_out, w_values = pairs.sparse
    y_ptr, y_cols, y_values = _sparse(yearly_w)
    args = (
        np.ascontiguousarray(occ0),
        p,
        bands,
        *packed,
        pairs.state,
        pairs.kind,
        pairs.coef,
        w_ptr,
        w_out,
        w_values,
        np.ascontiguousarray(coef),
        out,
        y_ptr,
        y_cols,
        y_values,
        fold.shift,
        fold.column,
        yearly,
    )
    # Contiguous ranges of blocks, one per thread; the kernel runs without the GIL.
    bounds = [n_blocks * w // workers for w in range(workers + 1)]
    if workers == 1:
        kernel(0, n_blocks, block, *args)
    else:
        with ThreadPoolExecutor(max_workers=workers) as pool:
            jobs = [
                pool.submit(kernel, first, last, block, *args)
                for first, last in itertools.pairwise(bounds)
            ]
            for job in jobs:
                job.result()
    return out, (None if yearly_weights is None else yearly)


def _draw_last(
    transitions: npt.ArrayLike | BandedTransitions, bands: IntArray, draw_last: bool
) -> FloatArray:
    """Transition matrices as one contiguous draw-last array ``(B, S, S, D)`` (``D`` is 1
    when they are the same in every draw), the kernel's layout."""
    if isinstance(transitions, BandedTransitions):
        first = next(iter(transitions.matrices.values()))
        n_bands = int(bands.max()) + 1 if bands.size else 1
        p = np.zeros((n_bands, *first.shape[:2], transitions.n_draws))
        for b, m in transitions.matrices.items():
            p[b] = m  # broadcasts a shared (S, S, 1) over the draws
        return p
    p = np.asarray(transitions, dtype=np.float64)
    if p.ndim == 3:
        p = p[..., None]
    elif not draw_last:
        if p.ndim != 4:
            raise ValueError(f"transitions need shape (B, S, S) or (D, B, S, S), found {p.shape}")
        p = p.transpose(1, 2, 3, 0)
    if p.ndim != 4:
        raise ValueError(f"draw-last transitions need shape (B, S, S, D), found {p.shape}")
    return np.ascontiguousarray(p)


def _present_numpy(
    occ0: FloatArray,
    p: FloatArray,
    bands: IntArray,
    pairs: Pairs,
    effects: Sequence[TransitionEffect],
    coef: FloatArray,
    n_draws: int,
    yearly_weights: FloatArray | None,
) -> tuple[FloatArray, FloatArray | None]:
    """The reference: the numpy engine's whole path, then one contraction."""
    path = simulate_cohort(occ0, prepare_transitions(p, bands, draw_last=True), effects=effects)
    d, t1, s = path.occupancy.shape
    entries = np.zeros((d, t1, s))
    entries[:, :-1] = path.entries
    source = np.where(
        (pairs.kind == OCCUPANCY)[None, None, :],
        path.occupancy[:, :, pairs.state],
        entries[:, :, pairs.state],
    )  # (D, T + 1, M)
    weighted = source * np.broadcast_to(coef, (n_draws, coef.shape[1]))[:, None, pairs.coef]
    weighted = np.broadcast_to(weighted, (n_draws, *weighted.shape[1:]))
    out: FloatArray = np.einsum("dtm,tmj->dj", weighted, pairs.weights)
    if yearly_weights is None:
        return out, None
    yearly: FloatArray = np.einsum("dtm,tml->dtl", weighted, yearly_weights)
    return out, yearly


def _sparse(weights: FloatArray) -> tuple[IntArray, IntArray, FloatArray]:
    """Weights ``(T + 1, M, J)`` as the outputs each pair reaches: offsets ``(M + 1,)``, the
    outputs ``(N,)`` and their weights ``(T + 1, N)``, pair by pair, outputs in order (a pair
    reaches an output when any cycle's weight is not zero)."""
    reached = np.any(weights != 0.0, axis=0)  # (M, J)
    pairs, outputs = np.nonzero(reached)
    offsets = np.zeros(weights.shape[1] + 1, dtype=np.intp)
    offsets[1:] = np.cumsum(reached.sum(axis=1))
    values = np.ascontiguousarray(weights[:, pairs, outputs])
    return offsets, outputs.astype(np.intp), values


def _pack_effects(
    effects: Sequence[TransitionEffect], n_cycles: int, n_states: int
) -> tuple[IntArray, IntArray, npt.NDArray[np.bool_], FloatArray, FloatArray, IntArray, IntArray]:
    """Effects as flat arrays: row offsets ``(E + 1,)``, rows, targets ``(R, S)``, logs
    ``(E, D or 1)``, weights ``(E, T)``, kinds and complements ``(E,)``."""
    offsets = np.zeros(len(effects) + 1, dtype=np.intp)
    offsets[1:] = np.cumsum([e.rows.size for e in effects])
    rows = (
        np.concatenate([e.rows for e in effects]).astype(np.intp)
        if effects
        else np.zeros(0, dtype=np.intp)
    )
    targets = (
        np.concatenate([e.targets for e in effects]).astype(np.bool_)
        if effects
        else np.zeros((0, n_states), dtype=np.bool_)
    )
    width = max((e.log_effect.shape[0] for e in effects), default=1)
    logs = np.zeros((len(effects), width))
    for n, e in enumerate(effects):
        logs[n] = e.log_effect  # broadcasts one value for all draws
    weights = np.zeros((len(effects), n_cycles))
    for n, e in enumerate(effects):
        weights[n] = e.weights[:n_cycles]
    kinds = np.array([_KINDS[e.kind] for e in effects], dtype=np.intp)
    complements = np.array([_COMPLEMENTS[e.complement] for e in effects], dtype=np.intp)
    return offsets, rows, targets, logs, weights, kinds, complements


@functools.cache
def _compiled() -> Callable[..., None]:
    """The kernel (:mod:`socinvest.core._kernel_numba`), compiled on first use and cached on
    disk by numba; imported here so that numba is loaded only when the kernel runs."""
    module = importlib.import_module("socinvest.core._kernel_numba")
    kernel: Callable[..., None] = module.kernel
    return kernel
