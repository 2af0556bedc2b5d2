"""The cohort (Markov) engine: state occupancy over yearly cycles, vectorised over draws.

The engine is deterministic given its inputs; uncertainty enters as a leading *draw* axis on
every input (size 1 when the input is the same in every draw), so a probabilistic analysis
is one call, not a loop over draws.
"""

from __future__ import annotations

import dataclasses
import itertools
import os
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from socinvest.core.transitions import Complement, EffectKind, apply_effect_to_rows

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.intp]


@dataclass(frozen=True)
class TransitionEffect:
    """An intervention's effect on some transitions, as the engine sees it.

    Attributes
    ----------
    rows : ndarray of int, shape (R,)
        The from-states whose rows the effect touches.
    targets : ndarray of bool, shape (R, S)
        The targeted transitions within those rows.
    log_effect : ndarray, shape (D,) or (1,)
        Natural log of the relative risk or odds ratio, per draw.
    weights : ndarray, shape (T,)
        Weight on ``log_effect`` in each cycle: 1 inside the effect window, between 0 and 1
        while the effect decays, 0 elsewhere.
    kind : {"relative_risk", "odds_ratio"}
    complement : {"proportional", "stay"}
        How rows are re-normalised; see :func:`apply_effect_to_rows`.
    """

    rows: IntArray
    targets: npt.NDArray[np.bool_]
    log_effect: FloatArray
    weights: FloatArray
    kind: EffectKind = "relative_risk"
    complement: Complement = "proportional"


@dataclass(frozen=True)
class CohortPath:
    """Occupancy and entries of a cohort over its cycles.

    Attributes
    ----------
    occupancy : ndarray, shape (D, T + 1, S)
        Expected number of persons in each state at the start of each cycle, and after the
        last one.
    entries : ndarray, shape (D, T, S)
        Expected number of persons entering each state during each cycle (moving in from
        another state).
    """

    occupancy: FloatArray
    entries: FloatArray


@dataclass(frozen=True)
class BandedTransitions:
    """Transition matrices laid out for the engine: per age band one contiguous draw-last
    ``(S, S, D)`` block and its diagonal ``(S, D)``, and the band of each cycle.

    Made by :func:`prepare_transitions`; alternatives that share their transitions (common
    random numbers) share one of these, so the layout work is done once. With the draw axis
    last, every step of the engine works on long contiguous runs of draws.
    """

    matrices: dict[int, FloatArray]
    diagonals: dict[int, FloatArray]
    band_of_cycle: IntArray

    @property
    def n_draws(self) -> int:
        return max(int(m.shape[2]) for m in self.matrices.values())


def prepare_transitions(
    transitions: npt.ArrayLike, band_of_cycle: npt.ArrayLike, draw_last: bool = False
) -> BandedTransitions:
    """Lay out transition matrices ``(D, B, S, S)`` (or ``(B, S, S)``) for the engine.

    With ``draw_last`` the matrices come already laid out as ``(B, S, S, D)`` (as drawn
    with ``dirichlet_rows(..., draw_last=True)``) and are used without a copy.
    """
    p_all = np.asarray(transitions, dtype=np.float64)
    bands = np.asarray(band_of_cycle, dtype=np.intp)
    if draw_last:
        if p_all.ndim != 4:
            raise ValueError(f"draw-last transitions need shape (B, S, S, D), found {p_all.shape}")
        matrices = {int(b): np.ascontiguousarray(p_all[b]) for b in np.unique(bands)}
    else:
        if p_all.ndim == 3:
            p_all = p_all[None]
        matrices = {
            int(b): np.ascontiguousarray(p_all[:, b].transpose(1, 2, 0)) for b in np.unique(bands)
        }
    diagonals = {
        b: np.ascontiguousarray(np.diagonal(m, axis1=0, axis2=1).T) for b, m in matrices.items()
    }
    return BandedTransitions(matrices, diagonals, bands)


def simulate_cohort(
    initial: npt.ArrayLike,
    transitions: npt.ArrayLike | BandedTransitions,
    band_of_cycle: npt.ArrayLike | None = None,
    effects: Sequence[TransitionEffect] = (),
    workers: int | None = None,
) -> CohortPath:
    """Run a cohort through yearly cycles.

    Parameters
    ----------
    initial : array_like, shape (D, S) or (S,)
        Persons in each state at the start.
    transitions : array_like, shape (D, B, S, S) or (B, S, S), or BandedTransitions
        Row-stochastic yearly transition matrices for ``B`` age bands, per draw (a leading
        axis of size 1 means "the same in every draw"), or the same prepared once with
        :func:`prepare_transitions`.
    band_of_cycle : array_like of int, shape (T,)
        The age band that applies in each cycle (not needed with BandedTransitions).
    effects : sequence of TransitionEffect
        Intervention effects, applied in order in each cycle where their weight is not zero.
        Several effects on one transition therefore combine multiplicatively (before the
        re-normalisation of each).
    workers : int, optional
        Threads that share the draw axis (default: one per CPU when there are at least
        :data:`MIN_DRAWS_PER_WORKER` draws for each). The result is bit-identical for every
        number of workers: each draw goes through the same elementwise operations.

    Returns
    -------
    CohortPath
        ``occupancy[:, t + 1] = occupancy[:, t] @ P_t`` for each cycle ``t`` (Briggs,
        Claxton and Sculpher 2006, ch. 2), with entries
        ``entries[:, t, j] = sum_{i != j} occupancy[:, t, i] * P_t[i, j]``.
    """
    occ0 = np.asarray(initial, dtype=np.float64)
    if occ0.ndim == 1:
        occ0 = occ0[None, :]
    if not isinstance(transitions, BandedTransitions):
        if band_of_cycle is None:
            raise ValueError("band_of_cycle is needed unless the transitions are prepared")
        transitions = prepare_transitions(transitions, band_of_cycle)
    p_band, stay_band = transitions.matrices, transitions.diagonals
    bands = transitions.band_of_cycle
    n_cycles = bands.shape[0]
    n_states = occ0.shape[1]
    n_draws = max(occ0.shape[0], transitions.n_draws, *(e.log_effect.shape[0] for e in effects))
    # A single draw is computed as two identical ones: numpy's einsum takes another loop
    # (another rounding) for a draw axis of length one, and a draw's path must not depend on
    # how many draws it is computed with.
    width = max(n_draws, 2)
    if n_draws == 1:
        p_band = {b: np.repeat(m, 2, axis=2) for b, m in p_band.items()}
        stay_band = {b: np.repeat(m, 2, axis=1) for b, m in stay_band.items()}
    # Cycle-major, draw-last buffers: every cycle reads and writes one contiguous (S, D) block.
    occupancy = np.empty((n_cycles + 1, n_states, width))
    entries = np.empty((n_cycles, n_states, width))
    occupancy[0] = occ0.T
    parts = _draw_parts(width, workers)
    if len(parts) == 1:
        _run_cycles(occupancy, entries, p_band, stay_band, bands, effects, 0, width)
    else:
        # Every step is elementwise along the draw axis, so a draw's numbers are the same
        # whichever part of the draws it is computed with; numpy releases the GIL in these
        # loops, so the parts run side by side.
        with ThreadPoolExecutor(max_workers=len(parts)) as pool:
            futures = [
                pool.submit(
                    _run_cycles, occupancy, entries, p_band, stay_band, bands, effects, lo, hi
                )
                for lo, hi in parts
            ]
            for future in futures:
                future.result()
    return CohortPath(
        occupancy=occupancy[..., :n_draws].transpose(2, 0, 1),
        entries=entries[..., :n_draws].transpose(2, 0, 1),
    )


MIN_DRAWS_PER_WORKER = 2_000
"""Draws per thread below which :func:`simulate_cohort` does not split the draw axis: the
engine's per-cycle work on fewer draws is too small to pay for a thread."""


def _draw_parts(width: int, workers: int | None) -> list[tuple[int, int]]:
    """Contiguous parts ``[lo, hi)`` of the draw axis, one per thread, each of at least two
    draws (``workers=None``: one per CPU, but at least :data:`MIN_DRAWS_PER_WORKER` draws
    each)."""
    if workers is None:
        workers = min(os.cpu_count() or 1, width // MIN_DRAWS_PER_WORKER)
    count = max(1, min(workers, width // 2))
    edges = [width * k // count for k in range(count + 1)]
    return list(itertools.pairwise(edges))


def _draws(a: FloatArray, lo: int, hi: int, axis: int) -> FloatArray:
    """Draws ``lo:hi`` of ``a`` along ``axis``, or ``a`` itself when it has one draw for all."""
    if a.shape[axis] == 1:
        return a
    index = [slice(None)] * a.ndim
    index[axis] = slice(lo, hi)
    return a[tuple(index)]


def _run_cycles(
    occupancy: FloatArray,
    entries: FloatArray,
    p_band: dict[int, FloatArray],
    stay_band: dict[int, FloatArray],
    bands: IntArray,
    effects: Sequence[TransitionEffect],
    lo: int,
    hi: int,
) -> None:
    """Run draws ``lo:hi`` through every cycle, writing into the draw-last buffers
    ``occupancy (T + 1, S, W)`` and ``entries (T, S, W)`` in place."""
    occupancy = occupancy[..., lo:hi]
    entries = entries[..., lo:hi]
    width = hi - lo
    n_states = occupancy.shape[1]
    p_part = {b: _draws(m, lo, hi, 2) for b, m in p_band.items()}
    stay_part = {b: _draws(m, lo, hi, 1) for b, m in stay_band.items()}
    part_effects = [
        dataclasses.replace(e, log_effect=_draws(e.log_effect, lo, hi, 0)) for e in effects
    ]
    for t in range(bands.shape[0]):
        b = int(bands[t])
        p, stay = p_part[b], stay_part[b]
        current, nxt = occupancy[t], occupancy[t + 1]
        np.einsum("sd,std->td", current, p, out=nxt)
        active = [e for e in part_effects if e.weights[t] != 0.0 and np.any(e.log_effect != 0.0)]
        if active:
            rows, delta = _effect_delta(p.transpose(2, 0, 1), active, t, width)
            # Only the effects' rows change: correct the step by current[rows] @ delta instead
            # of copying every draw's whole matrix.
            nxt += np.einsum("rd,drs->sd", current[rows], delta)
            stay = np.array(np.broadcast_to(stay, (n_states, width)))
            stay[rows] += delta[:, np.arange(rows.size), rows].T
        np.multiply(current, stay, out=entries[t])
        np.subtract(nxt, entries[t], out=entries[t])


def _effect_delta(
    p: FloatArray, active: Sequence[TransitionEffect], t: int, n_draws: int
) -> tuple[IntArray, FloatArray]:
    """The rows the active effects change in cycle ``t`` and the change ``(D, R, S)``.

    Effects are applied in order, each to the rows as the earlier ones left them.
    """
    rows = np.unique(np.concatenate([e.rows for e in active]))
    before = p[:, rows]
    block = np.array(np.broadcast_to(before, (n_draws, *before.shape[1:])))
    for e in active:
        where = np.searchsorted(rows, e.rows)
        block[:, where] = apply_effect_to_rows(
            block[:, where],
            e.targets,
            e.log_effect * e.weights[t],
            e.kind,
            stay_index=e.rows,
            complement=e.complement,
        )
    block -= before
    return rows, block
