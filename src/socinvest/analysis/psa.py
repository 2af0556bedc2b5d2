"""Probabilistic sensitivity analysis (PSA): every uncertain parameter drawn, every
alternative evaluated on the same draws.

What is drawn
-------------
- Every library parameter the scenario uses in a money field (state costs, earnings,
  intervention costs) or as an effect's relative risk or odds ratio, from its declared
  distribution (:func:`socinvest.params.sampling.draw_parameters`, optionally with rank
  correlations), once, from the seed.
- The rows of every transition block that declares ``uncertainty: {concentration: N}``: each
  row that can be left is drawn from ``Dirichlet(N p)`` with a generator of its own,
  :func:`~socinvest.core.distributions.child_generator` of ``(seed, "transitions.<block
  index>.<state>")``, so a row's draws depend on nothing else.

Given values instead of draws: ``run_psa(..., parameter_draws=...)`` evaluates values chosen
by the caller (e.g. the rows of a Sobol design, :mod:`socinvest.analysis.sobol`) with the same
engine; parameters it does not name are held at their value, and ``transition_rows=False``
holds the transition rows at their means.

What is held fixed (documented simplifications): the discount rates, the shares of
``production_split`` or, with ``tax_rules``, the shares of each earnings line's split at the
value of the deterministic run (earnings x share is the one product of two parameters in the
money arrays; with fixed shares every money array is linear in every drawn parameter), and
parameters used anywhere else (e.g. fractions). Every result lists what it varied and what it
held fixed (``PsaResults.inventory``, :mod:`socinvest.analysis.uncertainty_inventory`).

How it is computed
------------------
The compiled money arrays are linear in each drawn money parameter ``k``, so a draw's arrays
are ``base + sum_k (theta_k[d] - v_k) B_k``, with the derivative ``B_k`` found exactly by
compiling the scenario once more with ``v_k`` moved (a finite difference of a linear map).
Per-draw cost arrays ``(D, T, S, N, C)`` are never built: the discounted occupancy of the unit
cohort is contracted with ``base`` and each ``B_k`` (projected onto the scopes: payer nodes
rolled up and the two perspectives) and the results are combined with the draws. Intake over
several years enters through effective discount factors on the unit cohort,
``g_t = sum_j intake_j f_{t+j} [t + j < T_cal]``, which equals discounting the programme's
calendar ledger. The cohort engine runs once per alternative when nothing in its path is
drawn, otherwise once per block of draws with the draw axis (per-draw transition matrices
and effects); then each draw's occupancy is first weighted by its coefficients
``(1, theta - v)`` on the (state, parameter) pairs that carry money and contracted once
(``_Pairs``), so the work grows with those pairs rather than with states times parameters.

The person-years in each state of every draw (discounted at the outcome discount rate) come
from the same occupancy, weighted by effective factors built from the outcome discount
factors in the same way; they are broadcast from the single run when nothing is drawn.

The payback year needs yearly flows per draw; to keep memory low they are computed only for
the top-level payers and the two perspectives in which an alternative invests (its
intervention costs have a present value of at least
:data:`~socinvest.core.metrics.NO_COST_SEK` in the deterministic run).

Reproducibility: draws are evaluated in blocks of :data:`BLOCK_DRAWS` consecutive draws at
fixed positions (the last may be shorter), each block by the same operations on arrays of
the same shape whatever the chunk size, so results are bit-identical for every chunk size;
a chunk (rounded up to whole blocks) only sets how often progress is reported. The blocks'
transition rows are drawn in order; the blocks are then evaluated in up to
:data:`BLOCK_WORKERS` threads, which changes only who computes a block. Alternatives
share the same parameter and transition draws (common random numbers), so an alternative
identical to the comparison has an NPV of exactly zero in every draw.
"""

from __future__ import annotations

import copy
import dataclasses
import itertools
import os
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
from pydantic import BaseModel

from socinvest.analysis.errors import OptionError
from socinvest.analysis.psa_kernel import kernel_block, kernel_layout
from socinvest.analysis.run import run_scenario
from socinvest.analysis.summary import PERSPECTIVES, scope_flows
from socinvest.analysis.uncertainty_inventory import UncertaintyInventory, uncertainty_inventory
from socinvest.core.cohort import TransitionEffect, prepare_transitions, simulate_cohort
from socinvest.core.cohort_kernel import choose_engine
from socinvest.core.distributions import child_generator, dirichlet, dirichlet_from
from socinvest.core.ledger import CATEGORIES, spread_intake
from socinvest.core.metrics import NO_COST_SEK, payback_index, present_value
from socinvest.core.payers import subtree_matrix
from socinvest.core.threads import single_threaded_blas
from socinvest.core.timing import discount_factors, year_occupancy
from socinvest.i18n import N_
from socinvest.params.errors import Message
from socinvest.params.library import ParameterLibrary, ResolvedParameter
from socinvest.params.sampling import draw_parameters, spec_for
from socinvest.scenario.compile import CompiledScenario, compile_scenario
from socinvest.scenario.model import Effect, ParamRef, Scenario, numeric
from socinvest.scenario.references import (
    library_for,
    references,
    resolve_scenario,
)

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.intp]

BLOCK_DRAWS = 500
"""Draws evaluated together; blocks sit at fixed positions (draws 0-499, 500-999, ...)."""

BLOCK_WORKERS = 2
"""Threads that evaluate blocks at once (at most one per CPU); numpy and BLAS release the GIL
in the large array operations of a block."""

DEFAULT_CHUNK_DRAWS = 2000
"""Draws between two progress reports (rounded up to whole blocks)."""

MONEY_USES = ("annual", "once")
RATIO_USE = "ratio"
ADJUSTMENT_USE = "adjustment"
EFFECT_USES = (RATIO_USE, ADJUSTMENT_USE)
"""Uses of the parameters an effect is made of: its ratio and its evidence adjustments."""

Progress = Callable[[int, int], None]
"""Called with (draws done, draws in all) after each chunk."""


@dataclass(frozen=True)
class NpvSummary:
    """The distribution of one scope's NPV over the draws (SEK): the mean, the standard
    deviation (``ddof=1``; 0 for a single draw), the percentiles (linear interpolation,
    :func:`numpy.quantile`) and the share of draws with NPV above 0."""

    mean: float
    median: float
    p5: float
    p95: float
    p_positive: float
    sd: float = float("nan")
    p2_5: float = float("nan")
    p97_5: float = float("nan")

    @classmethod
    def of(cls, npv: FloatArray) -> NpvSummary:
        p2_5, p5, median, p95, p97_5 = np.quantile(npv, [0.025, 0.05, 0.5, 0.95, 0.975])
        return cls(
            mean=float(np.mean(npv)),
            median=float(median),
            p5=float(p5),
            p95=float(p95),
            p_positive=float(np.mean(npv > 0.0)),
            sd=float(np.std(npv, ddof=1)) if npv.shape[0] > 1 else 0.0,
            p2_5=float(p2_5),
            p97_5=float(p97_5),
        )


@dataclass(frozen=True)
class PaybackDistribution:
    """Share of the draws that pay back in each calendar year (years with no draw left out),
    and the share that does not pay back within the horizon; the shares sum to one."""

    by_year: dict[int, float]
    not_within_horizon: float


@dataclass(frozen=True)
class AlternativePsa:
    """PSA results of one alternative against the comparison alternative.

    ``npv`` and ``npv_term`` hold the NPV of every draw, shape ``(D, Q)``, scopes in the
    order of :attr:`PsaResults.scopes`; ``payback`` covers the top-level payers and
    perspectives in which the alternative invests. ``person_years_diff`` holds, per draw and
    state (in the order of :attr:`PsaResults.states`), the person-years of the alternative minus
    those of the comparison, discounted at the outcome discount rate, shape ``(D, S)`` (as
    ``person_years_diff`` of the deterministic results).
    """

    alternative: str
    horizon: dict[str, NpvSummary]
    term_of_office: dict[str, NpvSummary]
    payback: dict[str, PaybackDistribution]
    npv: FloatArray
    npv_term: FloatArray
    person_years_diff: FloatArray


@dataclass(frozen=True)
class PsaResults:
    """A probabilistic analysis: settings, what was drawn, and per-alternative results."""

    draws: int
    seed: int
    chunk_draws: int
    scopes: tuple[str, ...]
    drawn_parameters: tuple[str, ...]
    uncertain_transition_blocks: tuple[int, ...]
    alternatives: list[AlternativePsa]
    parameter_draws: dict[str, FloatArray] = field(default_factory=dict)
    """The draws of each drawn parameter, shape ``(D,)``, row ``d`` belonging to row ``d`` of
    every ``npv`` (in the analysis price year, as the run uses them)."""
    states: tuple[str, ...] = ()
    """The model's states, in the order of the person-year arrays."""
    person_years: dict[str, FloatArray] = field(default_factory=dict)
    """Per alternative (the comparison included): the person-years in each state of every draw,
    shape ``(D, S)``, discounted at the outcome discount rate over the horizon with the intake
    spread as in the deterministic results."""
    inventory: UncertaintyInventory | None = None
    """What the analysis varied and what it held fixed
    (:mod:`socinvest.analysis.uncertainty_inventory`); ``None`` when not known."""
    engine: str = "numpy"
    """The cohort engine that evaluated the draws with a path of their own: ``numba`` (the
    compiled kernel) or ``numpy`` (:func:`socinvest.core.cohort_kernel.choose_engine`). The
    two agree to rounding, not bit for bit."""

    def for_alternative(self, alternative: str) -> AlternativePsa:
        return next(a for a in self.alternatives if a.alternative == alternative)


# --------------------------------------------------------------------------------------------
# Set-up: what is drawn, derivatives of the money arrays


def _moved(
    resolved: Scenario,
    refs: Sequence[tuple[tuple[str | int, ...], str, float]],
    param: str,
    value: float,
) -> Scenario:
    """The resolved scenario with every use of ``param`` taking ``value`` instead.

    The same scenario as validating its data (``model_dump(by_alias=True)``) with the values
    written in, without validating it again: only the models and containers on the way to a
    written value are copied (:meth:`pydantic.BaseModel.model_copy`), everything else is
    shared with ``resolved``, which is not changed. A resolved reference holds a number, and
    a number is written in its place (no validator of the scenario derives anything from
    one), so what is compiled from it is the same (``tests/test_psa_money.py`` checks it on
    every drawn money parameter of the examples)."""
    moved: Any = resolved
    for path, pid, times in refs:
        if pid == param:
            moved = _with_value(moved, path, value * times)
    assert isinstance(moved, Scenario)
    return moved


def _with_value(node: Any, path: tuple[str | int, ...], value: float) -> Any:
    """``node`` (a model, list or dict) with ``value`` at ``path`` (keys as in the data: a
    model's fields by alias), the containers on the way copied."""
    if not path:
        return value
    key, rest = path[0], path[1:]
    if isinstance(node, BaseModel):
        name = next(n for n, info in type(node).model_fields.items() if (info.alias or n) == key)
        return node.model_copy(update={name: _with_value(getattr(node, name), rest, value)})
    if isinstance(node, list):
        items = list(node)
        items[int(key)] = _with_value(items[int(key)], rest, value)
        return items
    if isinstance(node, dict):
        return {**node, key: _with_value(node[key], rest, value)}
    raise TypeError(f"no value at {path!r} in a {type(node).__name__}")


@dataclass(frozen=True)
class _Arrays:
    """The money arrays of a compiled scenario that the PSA uses, projected on the scopes.

    ``flows[a]`` has shape ``(T_unit + lag, B S, Q)``: per person-year in a state (including the
    alternative's per-participant-year costs), per entry into a state, and per person
    starting in a state (year 0 only), and, when some flows are paid ``lag`` years later
    (:meth:`CompiledScenario.payment_matrices`), those per person-year and per entry ``lag``
    years before (``B`` = 5, else 3); ``fixed[a]`` has shape ``(T_cal, Q)``.
    """

    flows: list[FloatArray]
    fixed: list[FloatArray]


def _project(compiled: CompiledScenario, projection: FloatArray) -> _Arrays:
    t_unit, n_s, n_p, n_c = compiled.annual.shape
    cells = n_p * n_c
    matrices = compiled.payment_matrices()
    lag = compiled.payment_lag if matrices is not None else 0

    def on_scopes(a: FloatArray, onto: FloatArray = projection) -> FloatArray:
        """``a``'s ledger cells mapped by ``onto`` (cells to scopes), as one product of
        two matrices (a stacked product multiplies year by year)."""
        flat = a.reshape(-1, cells)
        return np.asarray(flat @ onto, dtype=np.float64).reshape(*a.shape[:-2], -1)

    # The payment matrices' entries are 0 and +-1, so folding them into the projection
    # (cells x cells x scopes, once) changes no more than the order of a few additions.
    now = matrices[0] @ projection if matrices is not None else projection
    annual = on_scopes(compiled.annual, now)
    on_entry = on_scopes(compiled.on_entry, now)
    if matrices is not None:
        # Paid later (the kommun's and region's tax): by the occupancy of lag years before.
        later = matrices[1] @ projection
        annual_later = on_scopes(compiled.annual, later)
        on_entry_later = on_scopes(compiled.on_entry, later)
    flows, fixed = [], []
    for alt in compiled.alternatives:
        block = np.zeros((t_unit + lag, _blocks(lag) * n_s, projection.shape[1]))
        block[:t_unit, :n_s] = annual + on_scopes(alt.participant_annual)
        block[:t_unit, n_s : 2 * n_s] = on_entry
        block[0, 2 * n_s : 3 * n_s] = on_scopes(alt.participant_start)
        if matrices is not None:
            block[lag:, 3 * n_s : 4 * n_s] = annual_later
            block[lag:, 4 * n_s :] = on_entry_later
        flows.append(block)
        fixed.append(on_scopes(alt.fixed))
    return _Arrays(flows, fixed)


@dataclass(frozen=True)
class _Money:
    """An alternative's money arrays and their derivatives, ``(T, B S, K + 1, Q)`` (column
    ``k`` of the third axis: the base arrays for ``k = 0``, else the derivative in drawn money
    parameter ``k``), kept as the (state column, parameter) pairs with any money: a
    derivative is non-zero in a few state columns only (a state cost, an earnings amount).

    ``values[:, m, :]`` is the dense array's ``[:, cols[m], params[m], :]``; the pairs are in
    the order of ``np.nonzero`` on the dense array's ``(B S, K + 1)`` axes, and every other
    pair is zero.
    """

    shape: tuple[int, int, int, int]
    cols: IntArray
    params: IntArray
    values: FloatArray

    @classmethod
    def of(cls, n_cols: int, pieces: Sequence[tuple[IntArray, FloatArray]]) -> _Money:
        """From the base arrays (``k = 0``) and each parameter's derivative, each given by
        its state columns with any money and their arrays ``(T, n, Q)``
        (:func:`_with_money`, :func:`_derivative`)."""
        t, _n, q = pieces[0][1].shape
        cols = np.concatenate([c for c, _v in pieces]).astype(np.intp)
        params = np.concatenate(
            [np.full(c.size, k, dtype=np.intp) for k, (c, _v) in enumerate(pieces)]
        )
        order = np.lexsort((params, cols))  # by column, then parameter
        values = np.concatenate([v for _c, v in pieces], axis=1)
        return cls(
            shape=(t, n_cols, len(pieces), q),
            cols=cols[order],
            params=params[order],
            values=np.ascontiguousarray(values[:, order, :]),
        )

    def dense(self, scopes: IntArray | None = None) -> FloatArray:
        """The dense array ``(T, B S, K + 1, Q)``, or on the given scopes only."""
        values = self.values if scopes is None else self.values[:, :, scopes]
        out = np.zeros((*self.shape[:3], values.shape[2]))
        out[:, self.cols, self.params, :] = values
        return out

    def compact(self) -> tuple[IntArray, IntArray, FloatArray]:
        """The dense array flattened to ``(T B S, (K + 1) Q)``, restricted to its rows and
        columns with any money: ``(rows, columns, that block)``."""
        t, n_cols, k1, q = self.shape
        nonzero = self.values != 0.0
        in_row = np.zeros((t, n_cols), dtype=bool)  # (year, state column) with any money
        in_col = np.zeros((k1, q), dtype=bool)  # (parameter, scope) with any money
        for m, (c, k) in enumerate(zip(self.cols.tolist(), self.params.tolist(), strict=True)):
            in_row[:, c] |= nonzero[:, m, :].any(axis=1)
            in_col[k] |= nonzero[:, m, :].any(axis=0)
        rows = np.flatnonzero(in_row)
        cols = np.flatnonzero(in_col)
        row_at = np.full((t, n_cols), -1, dtype=np.intp)  # position in rows, or -1
        row_at[in_row] = np.arange(rows.size)
        col_at = np.full((k1, q), -1, dtype=np.intp)  # position in cols, or -1
        col_at[in_col] = np.arange(cols.size)
        out = np.zeros((rows.size, cols.size))
        for m, (c, k) in enumerate(zip(self.cols.tolist(), self.params.tolist(), strict=True)):
            r = row_at[:, c]
            taken_r = r >= 0
            j = col_at[k]
            taken_j = j >= 0
            out[np.ix_(r[taken_r], j[taken_j])] = self.values[taken_r, m][:, taken_j]
        return rows, cols, out


def _with_money(a: FloatArray) -> tuple[IntArray, FloatArray]:
    """The state columns of ``a`` ``(T, B S, Q)`` with any money, and their arrays."""
    cols = np.flatnonzero((a != 0.0).any(axis=0).any(axis=1))  # faster than axis=(0, 2)
    return cols, a[:, cols, :]


def _derivative(moved: FloatArray, base: FloatArray, step: float) -> tuple[IntArray, FloatArray]:
    """``(moved - base) / step`` as :func:`_with_money` gives it, computed on the state
    columns where ``moved`` differs from ``base`` only (elsewhere it is zero)."""
    changed = np.flatnonzero((moved != base).any(axis=0).any(axis=1))
    diff = (moved[:, changed, :] - base[:, changed, :]) / step
    kept = (diff != 0.0).any(axis=0).any(axis=1)
    return changed[kept], diff[:, kept, :]


def _blocks(lag: int) -> int:
    """Column blocks of the extended occupancy: person-years, entries and starters, plus the
    person-years and entries of ``lag`` years before when flows are paid later."""
    return 5 if lag else 3


def _scope_projection(compiled: CompiledScenario) -> tuple[FloatArray, tuple[str, ...]]:
    """Matrix ``(N * C, Q)`` from ledger cells to scopes: every payer node rolled up (all
    categories), public finances, socio-economic (resources and production)."""
    tree = compiled.payers
    n_p, n_c = len(tree.ids), len(CATEGORIES)
    subtree = subtree_matrix(tree.parents)  # [a, b] = 1 when b is in a's subtree
    public = np.array([p.public for p in tree.payers], dtype=np.float64)
    counted = np.array([c in ("resource", "production") for c in CATEGORIES], dtype=np.float64)
    q = n_p + len(PERSPECTIVES)
    out = np.zeros((n_p, n_c, q))
    out[:, :, :n_p] = subtree.T[:, None, :]
    out[:, :, n_p] = public[:, None]
    out[:, :, n_p + 1] = counted[None, :]
    return out.reshape(n_p * n_c, q), (*tree.ids, *PERSPECTIVES)


def _effective_factors(
    factors: FloatArray, intake: FloatArray, t_unit: int, end: int
) -> FloatArray:
    """``g_t = sum_j intake_j f_{t+j} [t + j < end]`` for the unit cohort's years ``t``."""
    g = np.zeros(t_unit)
    for j, size in enumerate(intake):
        if size == 0.0:
            continue
        length = max(0, min(t_unit, end - j))
        g[:length] += size * factors[j : j + length]
    return g


def drawn_parameters(
    scenario: Scenario,
    parameters: Mapping[str, ResolvedParameter],
    found: Sequence[tuple[Any, ParamRef, str]] | None = None,
) -> tuple[list[str], list[str]]:
    """The library parameters a PSA draws: ``(money, ratios)``, each sorted by id.

    ``money`` are used in money fields (costs, earnings) and ``ratios`` in an effect: its
    relative risk or odds ratio (a study's converted figure included) or an evidence
    adjustment factor (a parameter used as both money and effect counts as an effect); only
    parameters whose declared distribution is not ``fixed`` are drawn.

    Parameters
    ----------
    scenario : Scenario
        As loaded (its references not yet resolved).
    parameters : mapping of id to ResolvedParameter
        The resolved parameters of the scenario
        (:func:`socinvest.scenario.references.resolve_scenario`).
    found : sequence, optional
        ``references(scenario)`` (:func:`socinvest.scenario.references.references`), when
        the caller has it already.
    """
    if found is None:
        found = references(scenario)
    uses = [(ref.param, use) for _path, ref, use in found]
    money_uses = {pid for pid, use in uses if use in MONEY_USES}
    ratio_uses = {pid for pid, use in uses if use in EFFECT_USES}
    random = {pid for pid in money_uses | ratio_uses if spec_for(parameters[pid]).is_random}
    return sorted((money_uses - ratio_uses) & random), sorted(ratio_uses & random)


def _given_draws(
    given: Mapping[str, npt.ArrayLike],
    drawn_ids: Sequence[str],
    parameters: Mapping[str, ResolvedParameter],
    draws: int,
) -> dict[str, FloatArray]:
    """``given`` checked (ids the PSA draws, shape ``(draws,)``, finite), and every other drawn
    parameter held at its value."""
    unknown = sorted(set(given) - set(drawn_ids))
    if unknown:
        raise ValueError(
            f"given draws for {', '.join(repr(u) for u in unknown)}, which the analysis does "
            f"not draw; drawn parameters: {', '.join(drawn_ids) or 'none'}"
        )
    out: dict[str, FloatArray] = {}
    for pid in drawn_ids:
        if pid not in given:
            out[pid] = np.full(draws, parameters[pid].value)
            continue
        values = np.asarray(given[pid], dtype=np.float64)
        if values.shape != (draws,) or not np.all(np.isfinite(values)):
            raise ValueError(
                f"given draws of {pid!r} must be {draws} finite numbers, found shape {values.shape}"
            )
        out[pid] = values
    return out


# --------------------------------------------------------------------------------------------
# The run


def block_workers(draws: int) -> int:
    """Threads that evaluate the blocks of ``draws`` draws: :data:`BLOCK_WORKERS`, at most
    one per CPU and one per block."""
    blocks = -(-draws // BLOCK_DRAWS)
    return max(1, min(BLOCK_WORKERS, os.cpu_count() or 1, blocks))


MAX_DRAWS = 1_000_000
"""Most draws of one probabilistic analysis (far more than any result needs: the Monte Carlo
error of a probability at 100 000 draws is below 0.2 percentage points)."""

MEMORY_SHARE = 0.5
"""Share of the machine's available memory a probabilistic analysis may plan to use."""

BYTES_PER_DRAW_FACTOR = 8
"""Safety factor on the arrays kept per draw: the analyses built on the draws (payback, the
ranking, value of information, the report's summaries) hold further copies; measured on the
shipped examples the peak was about 3-4 times the kept arrays."""


def available_memory_bytes() -> int | None:
    """Memory available to a new allocation (Linux ``MemAvailable``), ``None`` if unknown."""
    try:
        with open("/proc/meminfo", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    try:
        return int(os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE"))
    except (ValueError, OSError, AttributeError):
        return None


def draws_memory_bytes(draws: int, alternatives: int, scopes: int, states: int, params: int) -> int:
    """An estimate of the memory ``draws`` draws need: per draw and alternative the present
    values within the term and to the horizon per scope, the payback years, the person-years
    per state, and the drawn parameters, 8 bytes each, times :data:`BYTES_PER_DRAW_FACTOR`,
    plus a block of :data:`BLOCK_DRAWS` draws in work."""
    per_draw = 8 * (alternatives * (3 * scopes + states) + params) * BYTES_PER_DRAW_FACTOR
    return int(draws * per_draw)


def check_draws_memory(
    draws: int, alternatives: int, scopes: int, states: int, params: int
) -> None:
    """Refuse, before any work, more than :data:`MAX_DRAWS` draws or more draws than about
    :data:`MEMORY_SHARE` of the available memory holds (estimated up front).

    Raises
    ------
    OptionError
        Naming ``--draws``, the memory needed and the largest number of draws that fits.
    """
    if draws > MAX_DRAWS:
        raise OptionError(
            "--draws",
            Message.of(
                N_("expected at most {limit} draws, found {draws}"),
                limit=f"{MAX_DRAWS:,}".replace(",", " "),
                draws=f"{draws:,}".replace(",", " "),
            ),
        )
    available = available_memory_bytes()
    if available is None:
        return
    needed = draws_memory_bytes(draws, alternatives, scopes, states, params)
    budget = available * MEMORY_SHARE
    if needed > budget:
        fits = int(draws * budget / needed)
        raise OptionError(
            "--draws",
            Message.of(
                N_(
                    "{draws} draws would need about {needed} GB of memory and {budget} GB "
                    "may be used (half of what is available); at most about {fits} draws fit"
                ),
                draws=f"{draws:,}".replace(",", " "),
                needed=f"{needed / 1e9:.1f}",
                budget=f"{budget / 1e9:.1f}",
                fits=f"{fits:,}".replace(",", " "),
            ),
        )


def run_psa(
    scenario: Scenario,
    library: ParameterLibrary | None = None,
    draws: int = 1000,
    seed: int | None = None,
    *,
    chunk_draws: int = DEFAULT_CHUNK_DRAWS,
    correlations: Mapping[tuple[str, str], float] | None = None,
    progress: Progress | None = None,
    parameter_draws: Mapping[str, npt.ArrayLike] | None = None,
    transition_rows: bool = True,
    engine: str | None = None,
    aliases: Mapping[str, str] | None = None,
) -> PsaResults:
    """Run a probabilistic analysis of a validated scenario.

    Parameters
    ----------
    scenario : Scenario
        As loaded (it may refer to library parameters).
    library : ParameterLibrary, optional
        As for :func:`socinvest.analysis.results.analyse`.
    draws : int
        Number of draws (at least 1).
    seed : int, optional
        Default ``scenario.analysis.seed``.
    chunk_draws : int
        Draws between progress reports; results do not depend on it.
    correlations : mapping of (id_a, id_b) to float, optional
        Spearman rank correlations between drawn parameters (Iman-Conover); default the
        scenario's ``analysis.correlations``.
    progress : callable, optional
        ``progress(done, total)`` after each chunk.
    parameter_draws : mapping of id to array of shape (draws,), optional
        Values to evaluate instead of draws (in the analysis price year), for parameters the
        analysis would draw (:func:`drawn_parameters`); a drawn parameter not named is held
        at its value. Nothing is drawn from the seed for parameters, and no rank correlation
        is imposed.
    transition_rows : bool
        Draw the transition rows that declare ``uncertainty`` (default); ``False`` holds
        every row at its mean.
    engine : {"auto", "numba", "numpy"}, optional
        How draws with a path of their own are evaluated: the compiled cohort kernel
        (:mod:`socinvest.analysis.psa_kernel`) or the numpy engine; default the environment
        variable ``SOCINVEST_COHORT_ENGINE``, else ``auto``: the kernel when numba is
        installed and ``draws`` is at least
        :data:`socinvest.core.cohort_kernel.AUTO_MIN_DRAWS`
        (:func:`socinvest.core.cohort_kernel.choose_engine`). Results agree to rounding; the
        engine used is :attr:`PsaResults.engine`.
    aliases : mapping of id to id, optional
        Effect parameters that take the draws of another instead of draws of their own
        (``{alias: source}``; e.g. the inline values of a copied intervention, which are
        parameters of their own, :func:`socinvest.analysis.sharing.with_cost_copies`). An
        alias is neither drawn nor listed among the drawn parameters, so the other
        parameters' draws are those of the run without it.

    Raises
    ------
    ValueError
        For fewer than one draw, or given draws of a parameter that is not drawn, of the
        wrong shape or not finite.
    """
    if draws < 1:
        raise ValueError(f"a probabilistic analysis needs at least one draw, found {draws}")
    if chunk_draws < 1:
        raise ValueError(f"a chunk needs at least one draw, found {chunk_draws}")
    plan = plan_psa(
        scenario,
        library,
        draws,
        seed,
        correlations=correlations,
        parameter_draws=parameter_draws,
        transition_rows=transition_rows,
        engine=engine,
        aliases=aliases,
    )
    setup = plan.setup
    outputs = plan.empty_outputs(0, draws)
    chunk = -(-chunk_draws // BLOCK_DRAWS) * BLOCK_DRAWS
    done_in_chunk = 0
    # One BLAS thread: the products' last bits then do not depend on the machine's cores.
    # The blocks' transition rows are drawn in order (each row's generator runs through the
    # blocks), here; the blocks are evaluated in up to BLOCK_WORKERS threads, each block
    # with the same operations whatever thread runs it, so the results do not depend on it.
    # The compiled kernel runs a block in the thread that evaluates it, without the GIL.
    workers = block_workers(draws)
    with single_threaded_blas(), ThreadPoolExecutor(max_workers=workers) as pool:
        pending: list[Future[None]] = []
        for start in range(0, draws, BLOCK_DRAWS):
            stop = min(draws, start + BLOCK_DRAWS)
            banded = setup.transition_draws(stop - start)
            if workers == 1:
                setup.block(start, stop, *outputs.arrays(), banded=banded)
            else:
                pending.append(
                    pool.submit(setup.block, start, stop, *outputs.arrays(), banded=banded)
                )
            done_in_chunk += stop - start
            if done_in_chunk >= chunk or stop == draws:
                for job in pending:
                    job.result()
                pending = []
                if progress is not None:
                    progress(stop, draws)
                done_in_chunk = 0
    return plan.results(outputs, chunk)


@dataclass(frozen=True)
class BlockOutputs:
    """The per-draw outputs of draws ``start:stop``, per alternative (the comparison
    included): present values to the horizon and to the term of office ``(n, Q)``, the payback
    year's index per payback scope ``(n, P)`` and the person-years per state ``(n, S)``."""

    start: int
    stop: int
    pv_h: list[FloatArray]
    pv_t: list[FloatArray]
    pay_idx: list[IntArray]
    person_years: list[FloatArray]

    def arrays(
        self,
    ) -> tuple[list[FloatArray], list[FloatArray], list[IntArray], list[FloatArray]]:
        return self.pv_h, self.pv_t, self.pay_idx, self.person_years

    @classmethod
    def concatenate(cls, parts: Sequence[BlockOutputs]) -> BlockOutputs:
        """Consecutive parts (in draw order, without gaps) put together."""
        if not parts:
            raise ValueError("no block outputs to put together")
        for before, after in itertools.pairwise(parts):
            if before.stop != after.start:
                raise ValueError(
                    f"block outputs out of order: draws {before.start}:{before.stop} are "
                    f"followed by {after.start}:{after.stop}"
                )

        def joined(field: str) -> list[Any]:
            columns = zip(*(getattr(p, field) for p in parts), strict=True)
            return [np.concatenate(column, axis=0) for column in columns]

        return cls(
            parts[0].start,
            parts[-1].stop,
            joined("pv_h"),
            joined("pv_t"),
            joined("pay_idx"),
            joined("person_years"),
        )


RowStates = list[Mapping[str, Any]]
"""The bit generators' states of the drawn transition rows (one per row, in order)."""


class PsaPlan:
    """A probabilistic analysis split into blocks (for :mod:`socinvest.execution`): every
    setting, the draws of the parameters and the money's derivatives, fixed before any block
    is evaluated.

    :meth:`spans` cuts the draws into whole blocks of :data:`BLOCK_DRAWS` at the same fixed
    positions as :func:`run_psa`, :meth:`row_states` gives the states the transition rows'
    generators have at the start of each span (drawing the rows of the blocks before it, in
    order, as :func:`run_psa` does), :meth:`evaluate` evaluates one span from those states
    (anywhere: the plan pickles without its set-up, which is rebuilt from the same inputs
    once per process) and :meth:`results` assembles the spans' outputs, put together in draw
    order, into the same :class:`PsaResults` as :func:`run_psa`, bit for bit.
    """

    def __init__(
        self,
        scenario: Scenario,
        library: ParameterLibrary | None,
        draws: int,
        seed: int,
        correlations: Mapping[tuple[str, str], float] | None,
        parameter_draws: Mapping[str, npt.ArrayLike] | None,
        transition_rows: bool,
        engine: str | None,
        aliases: Mapping[str, str] | None = None,
    ) -> None:
        self.scenario = scenario
        self.library = library
        self.draws = draws
        self.seed = seed
        self.correlations = dict(correlations) if correlations else None
        self.parameter_draws = (
            {k: np.asarray(v, dtype=np.float64) for k, v in parameter_draws.items()}
            if parameter_draws is not None
            else None
        )
        self.transition_rows = transition_rows
        self.engine = engine
        self.aliases = dict(aliases) if aliases else None
        self.token = os.urandom(16).hex()
        self._setup: _Setup | None = None
        self._ship = False

    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()
        if not self._ship:
            state["_setup"] = None  # rebuilt where the plan is unpickled (once per process)
        return state

    def shipped(self) -> PsaPlan:
        """This plan with its set-up, pickled with it: for sending once to each worker (e.g.
        a Dask broadcast) instead of each worker building it (the set-up's work arrays and
        the money arrays it was built from are left out; tens of MB for 10^5 draws)."""
        self.setup  # noqa: B018 - built here, once
        twin = object.__new__(PsaPlan)  # not copy.copy: that pickles, without the set-up
        twin.__dict__.update(self.__dict__)
        twin._ship = True
        return twin

    @property
    def setup(self) -> _Setup:
        """The set-up of the plan, built once per process (a copy of the plan unpickled in a
        process that already built it uses that one)."""
        if self._setup is None:
            with _BUILD_LOCK:
                cached = _PLANS.get(self.token)
                if cached is not None and cached._setup is not None:
                    self._setup = cached._setup
                else:
                    self._setup = self._build()
                    _remember(self)
        return self._setup

    def _build(self) -> _Setup:
        resolved = resolve_scenario(self.scenario, library_for(self.scenario, self.library))
        compiled = compile_scenario(resolved.scenario)
        check_draws_memory(
            self.draws,
            len(compiled.alternatives),
            len(compiled.payers.ids) + len(PERSPECTIVES),
            len(compiled.states),
            len(resolved.parameters),
        )
        # One BLAS thread, as for the blocks: the set-up's products are small, and the
        # threads of a threaded BLAS would spin between them on cores the machine shares.
        with single_threaded_blas():
            return _Setup(
                self.scenario,
                resolved.scenario,
                resolved.parameters,
                compiled,
                self.draws,
                self.seed,
                self.correlations,
                self.parameter_draws,
                self.transition_rows,
                self.engine,
                self.aliases,
            )

    @property
    def resolved_engine(self) -> str:
        """The engine the blocks run on (``numba`` or ``numpy``)."""
        return self.setup.engine

    def spans(self, span_draws: int) -> list[tuple[int, int]]:
        """Consecutive spans ``(start, stop)`` of about ``span_draws`` draws (rounded up to
        whole blocks of :data:`BLOCK_DRAWS`), covering every draw."""
        if span_draws < 1:
            raise ValueError(f"a span needs at least one draw, found {span_draws}")
        step = -(-span_draws // BLOCK_DRAWS) * BLOCK_DRAWS
        return [(s, min(self.draws, s + step)) for s in range(0, self.draws, step)]

    def row_states(self, spans: Sequence[tuple[int, int]]) -> list[RowStates]:
        """The transition rows' generator states at the start of each span, found by drawing
        the rows of every block in order (with copies of the generators: the plan is left as
        it was); empty lists when no row is drawn."""
        return list(self.iter_row_states(spans))

    def iter_row_states(self, spans: Sequence[tuple[int, int]]) -> Iterator[RowStates]:
        """:meth:`row_states` one span at a time: a span's states are yielded before the
        rows of its blocks are drawn, so its evaluation can start meanwhile."""
        setup = self.setup
        generators = [copy.deepcopy(rng) for *_, rng in setup.rows]
        position = 0
        for start, stop in spans:
            if start != position:
                raise ValueError(f"spans must be consecutive from 0, found {start}:{stop}")
            yield [rng.bit_generator.state for rng in generators]
            for (b, i, concentration, _), rng in zip(setup.rows, generators, strict=True):
                # Each row's generator advanced as transition_draws advances it: block by block.
                for block_start in range(start, stop, BLOCK_DRAWS):
                    n = min(stop, block_start + BLOCK_DRAWS) - block_start
                    dirichlet(rng, n, setup.compiled.transitions[b, i], concentration)
            position = stop

    def empty_outputs(self, start: int, stop: int) -> BlockOutputs:
        setup = self.setup
        n = stop - start
        n_alt = len(setup.compiled.alternatives)
        n_q = len(setup.scopes)
        n_p = len(setup.payback_scopes)
        n_s = len(setup.compiled.states)
        return BlockOutputs(
            start,
            stop,
            [np.empty((n, n_q)) for _ in range(n_alt)],
            [np.empty((n, n_q)) for _ in range(n_alt)],
            [np.empty((n, n_p), dtype=np.intp) for _ in range(n_alt)],
            [np.empty((n, n_s)) for _ in range(n_alt)],
        )

    def evaluate(self, start: int, stop: int, row_states: RowStates) -> BlockOutputs:
        """Draws ``start:stop`` (a span of :meth:`spans`) evaluated block by block, the
        transition rows drawn from generators of their own set to ``row_states``
        (:meth:`row_states`); the plan's generators are not touched, so spans can be
        evaluated at once in several threads. Call it inside
        :func:`~socinvest.core.threads.single_threaded_blas` (as :func:`run_psa` does)."""
        if start % BLOCK_DRAWS or not (0 <= start < stop <= self.draws):
            raise ValueError(f"draws {start}:{stop} are not a span of whole blocks")
        setup = self.setup
        if len(row_states) != len(setup.rows):
            raise ValueError(
                f"expected the states of {len(setup.rows)} transition rows, found {len(row_states)}"
            )
        generators = []
        for state, (*_, rng) in zip(row_states, setup.rows, strict=True):
            bit_generator = type(rng.bit_generator)()
            bit_generator.state = state
            generators.append(np.random.Generator(bit_generator))
        outputs = self.empty_outputs(start, stop)
        for block_start in range(start, stop, BLOCK_DRAWS):
            block_stop = min(stop, block_start + BLOCK_DRAWS)
            banded = setup.transition_draws(block_stop - block_start, generators)
            setup.block(block_start, block_stop, *outputs.arrays(), banded=banded, at=start)
        return outputs

    def results(self, outputs: BlockOutputs, chunk_draws: int = DEFAULT_CHUNK_DRAWS) -> PsaResults:
        """The :class:`PsaResults` of every draw's outputs (in draw order)."""
        if (outputs.start, outputs.stop) != (0, self.draws):
            raise ValueError(
                f"expected the outputs of draws 0:{self.draws}, "
                f"found {outputs.start}:{outputs.stop}"
            )
        setup = self.setup
        return _results(setup, self.scenario, setup.resolved, *outputs.arrays(), chunk_draws)


_PLANS: dict[str, PsaPlan] = {}
_PLANS_LOCK = threading.Lock()
_BUILD_LOCK = threading.Lock()
PLANS_KEPT = 4
"""Plans whose set-up a process keeps (the most recent), so that a worker builds a plan's
set-up once however many of its spans it evaluates."""


def _remember(plan: PsaPlan) -> None:
    with _PLANS_LOCK:
        _PLANS.pop(plan.token, None)
        _PLANS[plan.token] = plan
        while len(_PLANS) > PLANS_KEPT:
            del _PLANS[next(iter(_PLANS))]


def plan_psa(
    scenario: Scenario,
    library: ParameterLibrary | None = None,
    draws: int = 1000,
    seed: int | None = None,
    *,
    correlations: Mapping[tuple[str, str], float] | None = None,
    parameter_draws: Mapping[str, npt.ArrayLike] | None = None,
    transition_rows: bool = True,
    engine: str | None = None,
    aliases: Mapping[str, str] | None = None,
) -> PsaPlan:
    """The :class:`PsaPlan` of :func:`run_psa` with these arguments (the same defaults), its
    set-up built (so that bad input is refused here)."""
    if draws < 1:
        raise ValueError(f"a probabilistic analysis needs at least one draw, found {draws}")
    if correlations is None:
        correlations = scenario.analysis.correlation_pairs() or None
    seed = scenario.analysis.seed if seed is None else seed
    plan = PsaPlan(
        scenario,
        library,
        draws,
        seed,
        correlations,
        parameter_draws,
        transition_rows,
        engine,
        aliases,
    )
    plan.setup  # noqa: B018 - built now: bad input is refused before any block
    return plan


def _results(
    setup: _Setup,
    scenario: Scenario,
    resolved: Scenario,
    pv_h: list[FloatArray],
    pv_t: list[FloatArray],
    pay_idx: list[IntArray],
    person_years: list[FloatArray],
    chunk: int,
) -> PsaResults:
    compiled = setup.compiled
    draws = pv_h[0].shape[0]
    seed = setup.seed
    pay_scopes = setup.payback_scopes
    comparison = next(i for i, a in enumerate(compiled.alternatives) if a.comparison)
    out = []
    for i, alt in enumerate(compiled.alternatives):
        if alt.comparison:
            continue
        npv = -(pv_h[i] - pv_h[comparison])
        npv_term = -(pv_t[i] - pv_t[comparison])
        payback: dict[str, PaybackDistribution] = {}
        for j, scope in enumerate(pay_scopes):
            if scope in setup.invested[i]:
                payback[scope] = _payback(
                    pay_idx[i][:, j], compiled.start_year, compiled.calendar_years
                )
        out.append(
            AlternativePsa(
                alternative=alt.id,
                horizon={s: NpvSummary.of(npv[:, q]) for q, s in enumerate(setup.scopes)},
                term_of_office={
                    s: NpvSummary.of(npv_term[:, q]) for q, s in enumerate(setup.scopes)
                },
                payback=payback,
                npv=npv,
                npv_term=npv_term,
                person_years_diff=person_years[i] - person_years[comparison],
            )
        )
    return PsaResults(
        draws=draws,
        seed=seed,
        chunk_draws=chunk,
        scopes=setup.scopes,
        drawn_parameters=tuple(setup.money + setup.ratios),
        uncertain_transition_blocks=tuple(setup.uncertain_blocks),
        alternatives=out,
        parameter_draws={pid: setup.drawn[pid] for pid in (*setup.money, *setup.ratios)},
        states=tuple(compiled.states),
        person_years={alt.id: person_years[i] for i, alt in enumerate(compiled.alternatives)},
        inventory=uncertainty_inventory(
            scenario,
            resolved,
            (*setup.money, *setup.ratios),
            len(setup.rows),
            setup.uncertain_blocks,
        ),
        engine=setup.engine,
    )


def transition_row_generators(
    resolved: Scenario,
    compiled: CompiledScenario,
    seed: int,
    blocks: Sequence[int] | None = None,
) -> list[tuple[int, int, float, np.random.Generator]]:
    """The transition rows the analysis draws, ``(block, state index, concentration,
    generator)``: every row that can be left of the blocks ``blocks`` (default: every block
    that declares ``uncertainty``), each with its own generator
    :func:`~socinvest.core.distributions.child_generator` of ``(seed, "transitions.<block>.
    <state>")``, fresh (not yet advanced)."""
    if blocks is None:
        blocks = [b for b, block in enumerate(resolved.model.transitions) if block.uncertainty]
    absorbing = {s.id for s in resolved.model.states if s.absorbing}
    rows: list[tuple[int, int, float, np.random.Generator]] = []
    for b in blocks:
        uncertainty = resolved.model.transitions[b].uncertainty
        assert uncertainty is not None
        for i, state in enumerate(compiled.states):
            if state in absorbing or compiled.transitions[b, i, i] >= 1.0:
                continue
            rng = child_generator(seed, f"transitions.{b}.{state}")
            rows.append((b, i, uncertainty.concentration, rng))
    return rows


def transition_row_draws(
    resolved: Scenario, compiled: CompiledScenario, seed: int, draws: int
) -> list[tuple[int, int, FloatArray]]:
    """Every drawn transition row in each of ``draws`` draws, ``(block, state index, rows
    (draws, S))``: the very rows :func:`run_psa` draws from the same seed (each row's
    generator run through the blocks of :data:`BLOCK_DRAWS` draws in order, as there)."""
    rows = transition_row_generators(resolved, compiled, seed)
    if not rows:
        return []
    parts: list[list[FloatArray]] = [[] for _ in rows]
    for start in range(0, draws, BLOCK_DRAWS):
        n = min(draws, start + BLOCK_DRAWS) - start
        drawn = dirichlet_from(
            [rng for _, _, _, rng in rows],
            n,
            [compiled.transitions[b, i] for b, i, _, _ in rows],
            [concentration for _, _, concentration, _ in rows],
        )
        for k, block_rows in enumerate(drawn):
            parts[k].append(block_rows)
    return [(b, i, np.concatenate(parts[k])) for k, (b, i, _, _) in enumerate(rows)]


def _payback(index: IntArray, start_year: int, years: int) -> PaybackDistribution:
    n = index.shape[0]
    counts = np.bincount(index[index >= 0], minlength=years)
    return PaybackDistribution(
        by_year={start_year + t: float(c) / n for t, c in enumerate(counts) if c > 0},
        not_within_horizon=float(np.count_nonzero(index < 0)) / n,
    )


@dataclass(frozen=True)
class _DrawnEffect:
    """An effect with a drawn part: its ratio, one of its evidence adjustments, or both.

    Its log in a draw is ``ln(ratio) x multiplier x prod(adjustments)``, where a drawn ratio is
    ``theta x times`` and a drawn adjustment ``theta x times``; ``multiplier`` holds the start
    age's multiplier and the adjustments that are not drawn.
    """

    index: int
    ratio: tuple[str, float] | None
    fixed_log_ratio: float
    adjustments: tuple[tuple[str, float], ...]
    multiplier: float

    @classmethod
    def of(
        cls,
        index: int,
        effect: Effect,
        drawn_parts: Sequence[tuple[Any, Any, str, float]],
        start_age: int,
    ) -> _DrawnEffect:
        """From a resolved effect and its drawn parts ``(field, k, id, times)``: the field is
        ``relative_risk``, ``odds_ratio`` or ``study`` for the ratio, ``adjustments`` for the
        adjustment at position ``k``."""
        ratio = next(((pid, t) for f, _k, pid, t in drawn_parts if f != "adjustments"), None)
        drawn_adjustments = [(pid, t) for f, _k, pid, t in drawn_parts if f == "adjustments"]
        drawn_k = {k for f, k, _pid, _t in drawn_parts if f == "adjustments"}
        multiplier = effect.start_age_multiplier(start_age) * (-1.0 if effect.inverse else 1.0)
        for k, adjustment in enumerate(effect.adjustments):
            if k not in drawn_k:
                multiplier *= numeric(adjustment.factor)
        return cls(
            index=index,
            ratio=ratio,
            fixed_log_ratio=float(np.log(effect.ratio())),
            adjustments=tuple(drawn_adjustments),
            multiplier=multiplier,
        )

    def log_effect(self, theta: Mapping[str, FloatArray], start: int, stop: int) -> FloatArray:
        """The effect's log for draws ``start:stop``."""
        if self.ratio is None:
            log = np.full(stop - start, self.fixed_log_ratio)
        else:
            pid, times = self.ratio
            log = np.log(theta[pid][start:stop] * times)
        if not self.adjustments:
            return np.asarray(log * self.multiplier, dtype=np.float64)
        factor = np.full(stop - start, self.multiplier)
        for pid, times in self.adjustments:
            factor = factor * (theta[pid][start:stop] * times)
        return np.asarray(log * factor, dtype=np.float64)


@dataclass(frozen=True)
class _Pairs:
    """An alternative's money arrays laid out for per-draw paths.

    The money of a draw is ``sum_k c_k[d] B_k`` with ``c = (1, theta - v)`` and ``B_0`` the
    base arrays, and a parameter's derivative ``B_k`` is non-zero in a few state columns only
    (a state cost, an earnings amount). ``states[m]`` and ``params[m]`` list the pairs
    ``(state column, k)`` with any money, so that the draws' occupancy weighted by their
    coefficients, ``z[d, t, m] = occ[d, t, states[m]] c[d, params[m]]``, contracted with
    ``B[t, m, q] = B_{params[m]}[t, states[m], q]``, gives each draw's combined flows
    directly: the work grows with the number of pairs, not with states times parameters.

    ``pv`` holds the present-value weights ``g_h[t] B[t, m, q]`` (scopes ``cols_h``) beside
    ``g_t[t] B[t, m, q]`` (scopes ``cols_t``), on the rows ``rows`` of the flattened ``(t, m)``
    axis (``None``: every row), and ``pay`` ``B[t, m, p]`` on the payback scopes.
    """

    states: IntArray
    params: IntArray
    rows: IntArray | None
    cols_h: IntArray
    cols_t: IntArray
    pv: FloatArray
    pay: FloatArray

    @classmethod
    def of(cls, money: _Money, g_h: FloatArray, g_t: FloatArray, payback_q: IntArray) -> _Pairs:
        """From an alternative's ``(T, 3S, K + 1, Q)`` arrays and the effective discount
        factors to the horizon and the term of office."""
        t = money.shape[0]
        states, params = money.cols, money.params
        b = money.values  # (T, M, Q)
        weighted_h = b * g_h[:, None, None]
        weighted_t = b * g_t[:, None, None]
        cols_h = np.flatnonzero(np.any(weighted_h != 0.0, axis=(0, 1)))
        cols_t = np.flatnonzero(np.any(weighted_t != 0.0, axis=(0, 1)))
        whole = np.concatenate([weighted_h[..., cols_h], weighted_t[..., cols_t]], axis=2)
        whole = whole.reshape(t * states.size, cols_h.size + cols_t.size)  # M may be 0
        rows: IntArray | None = np.flatnonzero(np.any(whole != 0.0, axis=1))
        assert rows is not None
        if rows.size > whole.shape[0] // 2:
            rows = None  # gathering the rows would cost more than multiplying by zeros
        else:
            whole = whole[rows]
        return cls(
            states=states.astype(np.intp),
            params=params.astype(np.intp),
            rows=rows,
            cols_h=cols_h,
            cols_t=cols_t,
            pv=np.ascontiguousarray(whole),
            pay=np.ascontiguousarray(b[:, :, payback_q]),
        )


class _Setup:
    """Everything fixed before the blocks: draws, derivatives, weights, shared paths."""

    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()
        state["buffers"] = {}  # work arrays, per thread
        state["flows"] = None  # the money arrays: used only while the set-up is built
        return state

    def __init__(
        self,
        original: Scenario,
        resolved: Scenario,
        parameters: dict[str, ResolvedParameter],
        compiled: CompiledScenario,
        draws: int,
        seed: int,
        correlations: Mapping[tuple[str, str], float] | None,
        given: Mapping[str, npt.ArrayLike] | None = None,
        transition_rows: bool = True,
        engine: str | None = None,
        aliases: Mapping[str, str] | None = None,
    ) -> None:
        self.compiled = compiled
        self.resolved = resolved
        self.seed = seed
        self.engine = choose_engine(engine, draws)
        settings = resolved.analysis
        self.timing = settings.timing
        projection, self.scopes = _scope_projection(compiled)
        n_s = len(compiled.states)

        # Which parameters are drawn, and how they enter.
        in_original = references(original)
        refs = [(path, ref.param, ref.times, use) for path, ref, use in in_original]
        self.money, self.ratios = drawn_parameters(original, parameters, in_original)
        aliased = [pid for pid in self.ratios if aliases and pid in aliases]
        if aliased:
            assert aliases is not None
            if any(pid in aliases for pid in self.money):
                raise ValueError("only effect parameters can take another parameter's draws")
            self.ratios = [pid for pid in self.ratios if pid not in aliases]
            missing = sorted(aliases[pid] for pid in aliased if aliases[pid] not in self.ratios)
            if missing:
                raise ValueError(f"aliases of parameters that are not drawn: {missing}")
        drawn_ids = self.money + self.ratios
        if given is not None:
            theta = _given_draws(given, drawn_ids, parameters, draws)
        else:
            theta = draw_parameters(
                [parameters[pid] for pid in drawn_ids], draws, seed, correlations=correlations
            )
        # theta_k - v_k, one column per drawn money parameter.
        self.delta = np.zeros((draws, len(self.money)))
        for k, pid in enumerate(self.money):
            self.delta[:, k] = theta[pid] - parameters[pid].value
        self.theta = {pid: theta[pid] for pid in self.ratios}
        if aliased:
            assert aliases is not None
            self.theta.update({pid: theta[aliases[pid]] for pid in aliased})
        self.drawn = theta

        # Money arrays and their derivatives, projected on the scopes: (K + 1) columns each.
        base = _project(compiled, projection)
        simple_refs = [(path, pid, times) for path, pid, times, _use in refs]
        flows = [[_with_money(f)] for f in base.flows]
        fixed = [[f] for f in base.fixed]
        for pid in self.money:
            value = parameters[pid].value
            step = max(1.0, abs(value))
            moved = _project(
                compile_scenario(
                    _moved(resolved, simple_refs, pid, value + step),
                    production_shares=compiled.production_shares,
                    money_of=compiled,  # only the money arrays are used
                ),
                projection,
            )
            for a in range(len(flows)):
                flows[a].append(_derivative(moved.flows[a], base.flows[a], step))
                fixed[a].append((moved.fixed[a] - base.fixed[a]) / step)
        # (T, 3S, K + 1, Q), as its pairs with money, and (K + 1, T_cal, Q) per alternative.
        self.flows = [
            _Money.of(f.shape[1], pieces) for f, pieces in zip(base.flows, flows, strict=True)
        ]
        self.fixed = [np.stack(f, axis=0) for f in fixed]
        self.nonzero = [money.compact() for money in self.flows]

        # Discounting: money factors on the calendar years, effective factors on the unit cohort.
        years = compiled.calendar_years
        self.factors = discount_factors(numeric(settings.discount_rate), years, self.timing)
        term = min(settings.term_of_office, years)
        self.lag = compiled.payment_lag if compiled.payment_matrices() is not None else 0
        t_unit = compiled.unit_cycles + self.lag
        self.g_h = _effective_factors(self.factors, compiled.intake, t_unit, years)
        self.g_t = _effective_factors(self.factors, compiled.intake, t_unit, term)
        outcome_factors = discount_factors(
            numeric(settings.outcome_discount_rate), years, self.timing
        )
        self.g_o = _effective_factors(outcome_factors, compiled.intake, t_unit, years)
        self.fixed_h = [np.tensordot(self.factors, fx, axes=([0], [1])) for fx in self.fixed]
        self.fixed_t = [
            np.tensordot(self.factors[:term], fx[:, :term], axes=([0], [1])) for fx in self.fixed
        ]

        # Which scopes each alternative invests in (deterministic run), and the payback scopes.
        det = run_scenario(compiled)
        comparison = det.comparison
        tree = compiled.payers
        top = [p.id for p in tree.payers if p.parent_id is None] + list(PERSPECTIVES)
        self.invested: list[set[str]] = []
        for alt in det.alternatives:
            flows_by_scope = scope_flows(det, alt.programme - comparison.programme)
            self.invested.append(
                {
                    s
                    for s in top
                    if not alt.comparison
                    and float(present_value(flows_by_scope[s].mean(axis=0), self.factors))
                    >= NO_COST_SEK
                }
            )
        self.payback_scopes = [s for s in top if any(s in inv for inv in self.invested)]
        index = {s: i for i, s in enumerate(self.scopes)}
        self.payback_q = np.array([index[s] for s in self.payback_scopes], dtype=np.intp)

        # Per-draw paths (:meth:`_contract_draws`): the (state column, parameter) pairs that
        # carry money, with the arrays the draws' occupancy is contracted with.
        self.pairs = [_Pairs.of(fl, self.g_h, self.g_t, self.payback_q) for fl in self.flows]
        # The same money laid out for the compiled kernel (:mod:`socinvest.analysis.psa_kernel`).
        self.layouts = [
            kernel_layout(
                fl.cols,
                fl.params,
                fl.values,
                n_s,
                compiled.band_of_cycle.shape[0],
                self.lag,
                self.timing,
                self.g_h,
                self.g_t,
                self.g_o,
                self.payback_q,
            )
            if self.engine == "numba"
            else None
            for fl in self.flows
        ]

        # Transition rows with uncertainty: one generator per row, advanced block by block.
        self.uncertain_blocks = [
            b
            for b, block in enumerate(resolved.model.transitions)
            if block.uncertainty and transition_rows
        ]
        self.rows = transition_row_generators(resolved, compiled, seed, self.uncertain_blocks)

        # Effects with a drawn part, per alternative: their position in the alternative's
        # effects, the drawn ratio (id, times) or None, the drawn adjustments (id, times), and
        # the fixed part of the log's multiplier (start age and fixed adjustments).
        by_id = {i.id: i for i in resolved.interventions}
        position = {i.id: n for n, i in enumerate(original.interventions)}
        effect_refs: dict[tuple[Any, Any], list[tuple[Any, Any, str, float]]] = {}
        for path, pid, times, use in refs:
            if use in EFFECT_USES and pid in self.theta and path[0] == "interventions":
                slot = path[5] if path[4] == "adjustments" else None
                effect_refs.setdefault((path[1], path[3]), []).append((path[4], slot, pid, times))
        self.drawn_effects: list[list[_DrawnEffect]] = []
        start_age = resolved.target_group.start_age
        for chosen in resolved.alternatives:
            found = []
            e_index = 0
            for name in chosen.interventions:
                for j, effect in enumerate(by_id[name].effects):
                    drawn_parts = effect_refs.get((position[name], j), [])
                    if drawn_parts:
                        found.append(_DrawnEffect.of(e_index, effect, drawn_parts, start_age))
                    e_index += 1
            self.drawn_effects.append(found)

        # Paths that are the same in every draw, computed once.
        self.buffers: dict[tuple[Any, ...], FloatArray] = {}
        self.banded = prepare_transitions(compiled.transitions, compiled.band_of_cycle)
        self.n_s = n_s
        self.shared: list[tuple[FloatArray, FloatArray, FloatArray, FloatArray] | None] = []
        for a, compiled_alt in enumerate(compiled.alternatives):
            if self.rows or self.drawn_effects[a]:
                self.shared.append(None)
            else:
                occ = self._occupancy(self.banded, compiled_alt.effects)
                self.shared.append((*self._contract(a, occ), self._person_years(occ)))

    # ----------------------------------------------------------------------------------------

    def _occupancy(self, transitions: Any, effects: Sequence[TransitionEffect]) -> FloatArray:
        """Extended occupancy ``(D, T + lag, B S)``: person-years, entries, starters (year 0),
        and with a payment lag the person-years and entries ``lag`` years before
        (:func:`_project`), in a work array that the next call of the same thread overwrites."""
        compiled = self.compiled
        path = simulate_cohort(compiled.initial, transitions, effects=effects)
        occ = year_occupancy(path.occupancy, self.timing)
        d, t, s = occ.shape
        # A work array of the thread: the result is used before the next call.
        lag = self.lag
        out = self._buffer("occupancy", (d, t + lag, _blocks(lag) * s))
        out[:, :t, :s] = occ
        out[:, :t, s : 2 * s] = path.entries
        out[:, 0, 2 * s : 3 * s] = compiled.initial
        out[:, 1:, 2 * s : 3 * s] = 0.0
        if lag:
            out[:, t:, : 2 * s] = 0.0
            out[:, :lag, 3 * s :] = 0.0
            out[:, lag:, 3 * s : 4 * s] = occ
            out[:, lag:, 4 * s :] = path.entries
        return out

    def _contract(self, a: int, occ: FloatArray) -> tuple[FloatArray, FloatArray, FloatArray]:
        """Coefficients (column 0 the base, column k the derivative in parameter k) of the
        present values to the horizon and to the term of office ``(D, K + 1, Q)`` and of the
        calendar flows of the payback scopes ``(D, K + 1, P * T_cal)``, fixed costs included,
        for a path shared by every draw (``D = 1``); paths of their own go through
        :meth:`_contract_draws`."""
        money = self.flows[a]
        t, s3, k1, q = money.shape
        d = occ.shape[0]
        rows, cols, flat = self.nonzero[a]
        pv = []
        for g in (self.g_h, self.g_t):
            weighted = (occ * g[None, :, None]).reshape(d, t * s3)[:, rows]
            full = np.zeros((d, k1 * q))
            full[:, cols] = weighted @ flat
            pv.append(full.reshape(d, k1, q))
        pv_h, pv_t = pv
        pv_h += self.fixed_h[a]
        pv_t += self.fixed_t[a]
        pay = money.dense(self.payback_q).reshape(t, s3, -1)
        yearly = np.matmul(occ.transpose(1, 0, 2), pay)  # (T, D, (K + 1) P)
        years = self.compiled.calendar_years
        calendar = spread_intake(yearly.transpose(1, 0, 2), self.compiled.intake, years)
        calendar = calendar.reshape(d, years, k1, -1).transpose(0, 2, 3, 1)
        calendar += self.fixed[a][:, :, self.payback_q].transpose(0, 2, 1)[None]
        # Payback scopes before years, so that a draw's yearly flows of a scope are contiguous.
        return pv_h, pv_t, np.ascontiguousarray(calendar).reshape(d, k1, -1)

    def _contract_draws(
        self, a: int, occ: FloatArray, delta: FloatArray
    ) -> tuple[FloatArray, FloatArray, FloatArray]:
        """Each draw's own path ``occ`` (``(D, T, 3S)``) and money (``delta``, the block's
        ``theta_k - v_k``, ``(D, K)``): the present values to the horizon and to the term of
        office ``(D, Q)`` and the calendar flows of the payback scopes ``(D, P * T_cal)``,
        fixed costs included, already combined over the parameters.

        The same sums as :meth:`_contract` followed by :meth:`_combine`, grouped differently
        (the same numbers but for rounding): the occupancy is weighted by the draws'
        coefficients first and contracted with the money of the (state, parameter) pairs
        that have any (:class:`_Pairs`), instead of contracting it with every parameter's
        arrays and combining the results."""
        pairs = self.pairs[a]
        d = occ.shape[0]
        coef = np.empty((d, delta.shape[1] + 1))
        coef[:, 0] = 1.0
        coef[:, 1:] = delta
        z = np.take(occ, pairs.states, axis=2)  # faster than fancy indexing
        z *= coef[:, None, pairs.params]
        flat = z.reshape(d, -1)
        pv = (flat if pairs.rows is None else flat[:, pairs.rows]) @ pairs.pv
        n_h = pairs.cols_h.size
        pv_h = coef @ self.fixed_h[a]
        pv_t = coef @ self.fixed_t[a]
        pv_h[:, pairs.cols_h] += pv[:, :n_h]
        pv_t[:, pairs.cols_t] += pv[:, n_h:]
        yearly = np.matmul(z.transpose(1, 0, 2), pairs.pay)  # (T, D, P)
        return pv_h, pv_t, self._calendar(a, yearly.transpose(1, 0, 2), delta)

    def _calendar(self, a: int, yearly: FloatArray, delta: FloatArray) -> FloatArray:
        """The calendar flows of the payback scopes ``(D, P * T_cal)``, fixed costs included,
        from the unit cohort's yearly flows ``(D, T, P)`` of each draw."""
        years = self.compiled.calendar_years
        calendar = spread_intake(yearly, self.compiled.intake, years)
        fixed = self.fixed[a][:, :, self.payback_q]  # (K + 1, T_cal, P)
        calendar += fixed[0][None] + np.tensordot(delta, fixed[1:], axes=([1], [0]))
        d = yearly.shape[0]
        return np.ascontiguousarray(calendar.transpose(0, 2, 1)).reshape(d, -1)

    def _kernel_draws(
        self, a: int, banded: Any, effects: Sequence[TransitionEffect], delta: FloatArray
    ) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
        """What :meth:`_occupancy` and :meth:`_contract_draws` give for a block, from the
        compiled kernel: present values to the horizon and the term ``(D, Q)``, person-years
        ``(D, S)`` and the payback scopes' calendar flows ``(D, P * T_cal)``."""
        layout = self.layouts[a]
        assert layout is not None
        coef = np.empty((delta.shape[0], delta.shape[1] + 1))
        coef[:, 0] = 1.0
        coef[:, 1:] = delta
        compiled = self.compiled
        own_h, own_t, person_years, yearly = kernel_block(
            layout,
            compiled.initial,
            banded,
            compiled.band_of_cycle,
            effects,
            coef,
            compiled.band_of_cycle.shape[0] + self.lag,
            self.engine,
        )
        pv_h = coef @ self.fixed_h[a] + own_h
        pv_t = coef @ self.fixed_t[a] + own_t
        calendar = (
            self._calendar(a, yearly, delta) if yearly is not None else np.empty((coef.shape[0], 0))
        )
        return pv_h, pv_t, person_years, calendar

    def _person_years(self, occ: FloatArray) -> FloatArray:
        """Person-years in each state ``(D, S)`` discounted at the outcome rate, the intake
        spread through the effective factors (as for the money)."""
        return np.asarray(occ[:, :, : self.n_s].transpose(0, 2, 1) @ self.g_o, dtype=np.float64)

    def _combine(self, coeffs: FloatArray, start: int, stop: int, out: FloatArray) -> None:
        """``out = coeffs[:, 0] + sum_k delta_k[d] coeffs[:, k]`` for the block's draws;
        ``coeffs`` has shape ``(D or 1, K + 1, R)`` (C order), ``out`` ``(n, R)``."""
        delta = self.delta[start:stop]
        if coeffs.shape[0] == 1:
            # numpy's own loops, not BLAS: these products are small, and a threaded BLAS spends
            # more time waking and spinning its threads than multiplying.
            np.einsum("dk,kr->dr", delta, coeffs[0, 1:], out=out)
            out += coeffs[0, 0]
        else:
            np.einsum("dk,dkr->dr", delta, coeffs[:, 1:], out=out)
            out += coeffs[:, 0]

    def _buffer(self, name: str, shape: tuple[int, ...]) -> FloatArray:
        """A reusable work array of the calling thread (fresh arrays of this size cost page
        faults every block)."""
        key = (threading.get_ident(), name, *shape)
        if key not in self.buffers:
            self.buffers[key] = np.empty(shape)
        return self.buffers[key]

    def transition_draws(
        self, n: int, generators: Sequence[np.random.Generator] | None = None
    ) -> Any:
        """The transition matrices of the next ``n`` draws in the engine's layout: the rows
        with uncertainty drawn (each row's generator advanced by ``n`` draws, so the blocks
        must be drawn in order), or the shared matrices when no row is drawn. ``generators``
        (one per drawn row) are used instead of the set-up's own when given."""
        compiled = self.compiled
        if not self.rows:
            return self.banded
        # Draw-last (B, S, S, n), the engine's layout: no transposed copy of the whole.
        p = np.empty((*compiled.transitions.shape, n))
        p[...] = compiled.transitions[..., None]
        drawn = dirichlet_from(
            [rng for _, _, _, rng in self.rows] if generators is None else list(generators),
            n,
            [compiled.transitions[b, i] for b, i, _, _ in self.rows],
            [concentration for _, _, concentration, _ in self.rows],
            draw_last=True,
        )
        for (b, i, _, _), rows in zip(self.rows, drawn, strict=True):
            p[b, i] = rows
        return prepare_transitions(p, compiled.band_of_cycle, draw_last=True)

    def block(
        self,
        start: int,
        stop: int,
        pv_h: list[FloatArray],
        pv_t: list[FloatArray],
        pay_idx: list[IntArray],
        person_years: list[FloatArray],
        banded: Any = None,
        at: int = 0,
    ) -> None:
        """Evaluate draws ``start:stop`` of every alternative into the output arrays, with the
        block's transition matrices ``banded`` (default: drawn now, :meth:`transition_draws`).
        Blocks write to their own rows of the outputs (``start - at:stop - at``: the outputs
        hold the draws from ``at`` on) and keep their work arrays per thread, so several
        blocks can be evaluated at once once their transitions are drawn."""
        compiled = self.compiled
        n = stop - start
        rows = slice(start - at, stop - at)
        if banded is None:
            banded = self.transition_draws(n)
        calendar = []
        for a, alt in enumerate(compiled.alternatives):
            shared = self.shared[a]
            if shared is None:
                effects = list(alt.effects)
                for drawn_effect in self.drawn_effects[a]:
                    e_index = drawn_effect.index
                    effects[e_index] = dataclasses.replace(
                        effects[e_index],
                        log_effect=drawn_effect.log_effect(self.theta, start, stop),
                    )
                if self.layouts[a] is not None:
                    own_h, own_t, own_py, own_cal = self._kernel_draws(
                        a, banded, effects, self.delta[start:stop]
                    )
                    person_years[a][rows] = own_py
                else:
                    occ = self._occupancy(banded, effects)
                    own_h, own_t, own_cal = self._contract_draws(a, occ, self.delta[start:stop])
                    person_years[a][rows] = self._person_years(occ)
                pv_h[a][rows] = own_h
                pv_t[a][rows] = own_t
                if self.payback_q.size:
                    calendar.append(own_cal)
                continue
            c_h, c_t, c_cal, py = shared
            person_years[a][rows] = py
            self._combine(c_h, start, stop, pv_h[a][rows])
            self._combine(c_t, start, stop, pv_t[a][rows])
            if self.payback_q.size:
                cal = self._buffer(f"calendar{a}", (n, c_cal.shape[2]))
                self._combine(c_cal, start, stop, cal)
                calendar.append(cal)
        if not calendar:
            return
        comparison = next(i for i, a in enumerate(compiled.alternatives) if a.comparison)
        net = self._buffer("net", calendar[0].shape)
        shape = (n, self.payback_q.size, compiled.calendar_years)
        for a, cal in enumerate(calendar):
            if a != comparison:
                np.subtract(calendar[comparison], cal, out=net)
                pay_idx[a][rows] = payback_index(net.reshape(shape), self.factors)
