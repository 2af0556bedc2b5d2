"""The cohort (Markov) engine: state occupancy over yearly cycles, vectorised over draws.

The engine is deterministic given its inputs; uncertainty enters as a leading *draw* axis on
every input (size 1 when the input is the same in every draw), so a probabilistic analysis
is one call, not a loop over draws.
"""

from __future__ import annotations

from collections.abc import Sequence
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


def simulate_cohort(
    initial: npt.ArrayLike,
    transitions: npt.ArrayLike,
    band_of_cycle: npt.ArrayLike,
    effects: Sequence[TransitionEffect] = (),
) -> CohortPath:
    """Run a cohort through yearly cycles.

    Parameters
    ----------
    initial : array_like, shape (D, S) or (S,)
        Persons in each state at the start.
    transitions : array_like, shape (D, B, S, S) or (B, S, S)
        Row-stochastic yearly transition matrices for ``B`` age bands, per draw (a leading
        axis of size 1 means "the same in every draw").
    band_of_cycle : array_like of int, shape (T,)
        The age band that applies in each cycle.
    effects : sequence of TransitionEffect
        Intervention effects, applied in order in each cycle where their weight is not zero.
        Several effects on one transition therefore combine multiplicatively (before the
        re-normalisation of each).

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
    p_all = np.asarray(transitions, dtype=np.float64)
    if p_all.ndim == 3:
        p_all = p_all[None]
    bands = np.asarray(band_of_cycle, dtype=np.intp)
    n_cycles = bands.shape[0]
    n_states = occ0.shape[1]
    n_draws = max(occ0.shape[0], p_all.shape[0], *(e.log_effect.shape[0] for e in effects))
    occupancy = np.empty((n_draws, n_cycles + 1, n_states))
    entries = np.empty((n_draws, n_cycles, n_states))
    occupancy[:, 0] = occ0
    diag = np.arange(n_states)
    for t in range(n_cycles):
        p = p_all[:, bands[t]]
        active = [e for e in effects if e.weights[t] != 0.0 and np.any(e.log_effect != 0.0)]
        if active:
            p = np.array(np.broadcast_to(p, (n_draws, n_states, n_states)))
            for e in active:
                p[:, e.rows, :] = apply_effect_to_rows(
                    p[:, e.rows, :],
                    e.targets,
                    e.log_effect * e.weights[t],
                    e.kind,
                    stay_index=e.rows,
                    complement=e.complement,
                )
        current = occupancy[:, t]
        if p.shape[0] == 1:
            nxt = current @ p[0]
            stay = current * p[0, diag, diag]
        else:
            nxt = np.matmul(current[:, None, :], p)[:, 0, :]
            stay = current * p[:, diag, diag]
        occupancy[:, t + 1] = nxt
        entries[:, t] = nxt - stay
    return CohortPath(occupancy=occupancy, entries=entries)
