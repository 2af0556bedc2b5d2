"""Turning occupancy into money: the ledger of flows by year, payer and flow category.

The ledger of an alternative is an array with the fixed axis order
``(draw, year, payer, category)``; costs are positive, income (taxes received, earnings,
benefits received) negative. Payers are the nodes of the payer tree, each holding only the
flows booked directly on it; :mod:`socinvest.core.payers` rolls them up.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from socinvest.core.threads import single_threaded_blas
from socinvest.core.timing import Timing

FloatArray = npt.NDArray[np.float64]

CATEGORIES: tuple[str, ...] = ("resource", "transfer", "production")
"""Flow categories, in the order of the ledger's last axis."""


def _cycle_major(
    year_occupancy: FloatArray,
    annual: FloatArray,
    entries: FloatArray | None,
    on_entry: FloatArray | None,
) -> tuple[FloatArray, FloatArray]:
    """Occupancy as ``(T, D, S')`` and per-person flows as ``(T, S', K)``, with entries and
    one-off costs appended as extra "states" so one matrix product serves both."""
    occ = year_occupancy.transpose(1, 0, 2)
    if annual.ndim == 4 and annual.shape[0] == 1:
        annual = annual[0]
    if on_entry is not None and on_entry.ndim == 4 and on_entry.shape[0] == 1:
        on_entry = on_entry[0]
    if entries is None or on_entry is None:
        return occ, annual
    if annual.ndim != on_entry.ndim:  # one of them per draw: give both a draw axis
        d = max(a.shape[0] if a.ndim == 4 else 1 for a in (annual, on_entry))
        annual = np.broadcast_to(annual, (d, *annual.shape[-3:]))
        on_entry = np.broadcast_to(on_entry, (d, *on_entry.shape[-3:]))
    return (
        np.concatenate([occ, entries.transpose(1, 0, 2)], axis=2),
        np.concatenate([annual, on_entry], axis=-2),
    )


def state_flows(
    year_occupancy: FloatArray,
    annual: FloatArray,
    entries: FloatArray | None = None,
    on_entry: FloatArray | None = None,
) -> FloatArray:
    """Yearly flows of the persons in each state (and of those entering a state).

    Parameters
    ----------
    year_occupancy : ndarray, shape (D, T, S)
        Persons in each state in each year (as the timing convention defines it).
    annual : ndarray, shape (T, S, K) or (D, T, S, K)
        Flow per person-year in state ``s`` in year ``t`` for each of ``K`` ledger cells
        (payer x category, flattened), per draw if it has a draw axis.
    entries, on_entry : ndarray, shapes (D, T, S) and (T, S, K) or (D, T, S, K), optional
        Persons entering each state in each year, and the one-off flow per entry.

    Returns
    -------
    ndarray, shape (D, T, K)
        ``sum_s occupancy[d, t, s] * annual[t, s, k] + sum_s entries[d, t, s] *
        on_entry[t, s, k]``; a view of a year-major array (one batched matrix product over
        the years, no copy of the result).
    """
    occ, per_person = _cycle_major(year_occupancy, annual, entries, on_entry)
    if per_person.ndim == 4:  # amounts per draw
        by_draw: FloatArray = np.einsum("tds,dtsk->dtk", occ, per_person)
        return by_draw
    with single_threaded_blas():  # same bits whatever the BLAS thread count
        flows: FloatArray = np.matmul(occ, per_person).transpose(1, 0, 2)
    return flows


def present_state_flows(
    year_occupancy: FloatArray,
    annual: FloatArray,
    factors: FloatArray,
    entries: FloatArray | None = None,
    on_entry: FloatArray | None = None,
) -> FloatArray:
    """Present value of :func:`state_flows` without building the yearly ledger.

    ``sum_t factors[t] * flows[:, t, :]``, accumulated year by year in a fixed order (one
    small matrix product per year), which is what a probabilistic analysis needs per draw.

    Returns
    -------
    ndarray, shape (D, K)
    """
    terms = [(year_occupancy, annual * factors[:, None, None])]
    if entries is not None and on_entry is not None:
        terms.append((entries, on_entry * factors[:, None, None]))
    return _present(terms, year_occupancy.shape[0], annual.shape[-1])


def present_path_flows(
    occupancy: FloatArray,
    timing: Timing,
    annual: FloatArray,
    factors: FloatArray,
    entries: FloatArray | None = None,
    on_entry: FloatArray | None = None,
) -> FloatArray:
    """:func:`present_state_flows` of ``year_occupancy(occupancy, timing)``, from the
    cohort's occupancy ``(D, T + 1, S)`` itself.

    With ``timing="mid"`` the averaged occupancy is not built: occupancy at the start of
    year ``j`` carries half of year ``j``'s and half of year ``j - 1``'s discounted amounts.
    Equal to :func:`present_state_flows` up to floating-point rounding.

    Returns
    -------
    ndarray, shape (D, K)
    """
    if timing not in ("start", "end", "mid"):
        raise ValueError(f"unknown timing convention {timing!r}; expected start, end or mid")
    per_draw = annual.ndim == 4 and annual.shape[0] > 1
    if timing != "mid" or per_draw:
        years = occupancy[:, :-1] if timing == "start" else occupancy[:, 1:]
        if timing == "mid":
            years = 0.5 * (occupancy[:, :-1] + occupancy[:, 1:])
        return present_state_flows(years, annual, factors, entries, on_entry)
    per_year = annual[0] if annual.ndim == 4 else annual
    half = 0.5 * per_year * factors[:, None, None]
    folded = np.zeros((half.shape[0] + 1, *half.shape[1:]))
    folded[:-1] += half
    folded[1:] += half
    terms = [(occupancy, folded)]
    if entries is not None and on_entry is not None:
        terms.append((entries, on_entry * factors[:, None, None]))
    return _present(terms, occupancy.shape[0], annual.shape[-1])


def _present(terms: list[tuple[FloatArray, FloatArray]], n_draws: int, n_cells: int) -> FloatArray:
    """``sum_t occ[:, t] @ weighted[t]`` over the terms ``(occ (D, T, S), weighted)``;
    ``weighted`` is ``(T, S, K)`` or per draw ``(D, T, S, K)``.

    Shared amounts make one matrix product per term over the years and states together,
    ``(K, T * S) @ (T * S, D)`` on the engine's draw-last occupancy. A draw's result depends
    on the shape of the block of draws it is computed with (BLAS kernels), so callers that
    promise bit-identical results evaluate draws in blocks of fixed size and position
    (:mod:`socinvest.analysis.psa`); the products run on one BLAS thread
    (:mod:`socinvest.core.threads`), so it does not depend on the machine's cores.
    """
    draw_last = n_draws > 1 and all(occ.strides[0] == occ.itemsize for occ, _ in terms)
    total = np.zeros((n_cells, n_draws) if draw_last else (n_draws, n_cells))
    for occ, weighted in terms:
        if weighted.ndim == 4 and weighted.shape[0] > 1:  # amounts per draw
            by_draw_sum = np.einsum("dts,dtsk->dk", occ, weighted)
            total += by_draw_sum.T if draw_last else by_draw_sum
            continue
        if weighted.ndim == 4:
            weighted = weighted[0]
        flat_weights = weighted.reshape(-1, weighted.shape[-1])  # (T * S, K)
        with single_threaded_blas():  # same bits whatever the BLAS thread count
            if draw_last:
                # (T, S, D) -> (T * S, D) is a view: the draw axis is the contiguous one.
                total += flat_weights.T @ occ.transpose(1, 2, 0).reshape(-1, n_draws)
            else:
                total += occ.reshape(n_draws, -1) @ flat_weights
    return np.ascontiguousarray(total.T) if draw_last else total


def spread_intake(unit: FloatArray, intake: npt.ArrayLike, n_years: int) -> FloatArray:
    """Combine a unit cohort's yearly flows into a programme with intake over several years.

    Parameters
    ----------
    unit : ndarray, shape (D, T_unit, ...)
        Flows (or occupancy) of a cohort of one person, by years since its start.
    intake : array_like, shape (K,)
        Persons starting in each of the programme's first ``K`` years.
    n_years : int
        Length of the calendar horizon; flows beyond it are cut off.

    Returns
    -------
    ndarray, shape (D, n_years, ...)
        ``out[:, y] = sum_k intake[k] * unit[:, y - k]`` (a discrete convolution), so each
        intake cohort is the same process shifted by its start year.

    Notes
    -----
    The sum is taken in the order of ``k`` from zero, element by element, a few draws at a
    time (:data:`SPREAD_CHUNK_BYTES` of the output): a chunk stays in the cache across the
    ``K`` passes, each product goes to one small buffer in the output's layout (also when
    ``unit`` has the draw axis inside, as :func:`state_flows` may return it) rather than to
    a new array of the whole size per ``k``, whose fresh pages cost more than the
    arithmetic for thousands of draws. The same bits as one pass over all draws per ``k``.
    """
    sizes = np.asarray(intake, dtype=np.float64)
    n_draws = unit.shape[0]
    out = np.zeros((n_draws, n_years, *unit.shape[2:]))
    starts = [
        (k, float(size), min(unit.shape[1], n_years - k))
        for k, size in enumerate(sizes)
        if size != 0.0 and k < n_years
    ]
    if not starts or out.size == 0:
        return out
    step = max(1, SPREAD_CHUNK_BYTES // max(1, out[0].nbytes))
    product = np.empty((min(step, n_draws), *unit.shape[1:]))
    for lo in range(0, n_draws, step):
        hi = min(n_draws, lo + step)
        chunk, part = out[lo:hi], unit[lo:hi]
        for k, size, length in starts:
            term = product[: hi - lo, :length]
            np.multiply(size, part[:, :length], out=term)
            chunk[:, k : k + length] += term
    return out


SPREAD_CHUNK_BYTES = 1 << 18
"""Bytes of :func:`spread_intake`'s output handled at a time (a few draws; within a core's
L2 cache)."""
