"""Yearly flows per payer in every draw of a probabilistic analysis.

The PSA (:mod:`socinvest.analysis.psa`) keeps only present values per draw. A fund's ledger
and an outcome contract need the flows *year by year* in every draw: what each committee
saves in each year, what the intervention costs in each year, and the person-years in each
state. This module re-runs the scenario once per draw with the PSA's draws:

- the same parameter draws (:func:`socinvest.params.sampling.draw_parameters` from the same
  seed with the same rank correlations, of the parameters :func:`~socinvest.analysis.psa.
  drawn_parameters` names), each use of a parameter taking ``theta x times``;
- the same transition rows (each uncertain row from its own generator
  ``child_generator(seed, "transitions.<block>.<state>")``, drawn block by block of
  :data:`~socinvest.analysis.psa.BLOCK_DRAWS` draws, as the PSA draws them);
- the shares of the value of work held at the deterministic run's, as the PSA holds them.

So the present value of a draw's yearly flows equals the PSA's NPV of that draw (checked in
the tests); every draw is a full deterministic run (about 15 ms for the shipped examples).
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from socinvest.analysis.psa import BLOCK_DRAWS, NpvSummary, drawn_parameters
from socinvest.analysis.run import AlternativeRun, run_scenario
from socinvest.core.distributions import child_generator, dirichlet_from
from socinvest.core.payers import roll_up
from socinvest.params.library import ParameterLibrary
from socinvest.params.sampling import draw_parameters
from socinvest.scenario.compile import CompiledScenario, compile_scenario
from socinvest.scenario.model import Scenario
from socinvest.scenario.references import library_for, references, resolve_scenario

PROGRESS_EVERY = 25
"""Draws between two progress reports."""

FloatArray = npt.NDArray[np.float64]
Quad = tuple[FloatArray, FloatArray, FloatArray, FloatArray]


@dataclass(frozen=True)
class AlternativeDraws:
    """One alternative against the comparison alternative, per draw and year.

    Attributes
    ----------
    savings : ndarray, shape (D, T, N)
        What each payer node (rolled up over its subtree) spends less than in the comparison,
        the intervention's own costs left out (SEK; negative: spends more).
    programme : ndarray, shape (D, T, N)
        The intervention's costs each payer node pays (rolled up), alternative minus
        comparison.
    person_years : ndarray, shape (D, T, S)
        Person-years in each state, alternative minus comparison (not discounted).
    entries : ndarray, shape (D, T, S)
        Entries into each state, alternative minus comparison.
    """

    alternative: str
    savings: FloatArray
    programme: FloatArray
    person_years: FloatArray
    entries: FloatArray

    @property
    def programme_total(self) -> FloatArray:
        """The intervention's costs over all payers per draw and year, shape ``(D, T)``."""
        return np.asarray(self.programme[:, :, self.top].sum(axis=2), dtype=np.float64)

    top: tuple[int, ...] = ()
    """Indices of the top-level payer nodes (their sum is every payer's flow once)."""


@dataclass(frozen=True)
class YearlyDraws:
    """Yearly flows of every alternative in every draw (``draws == 0``: the deterministic run
    as a single draw)."""

    compiled: CompiledScenario
    draws: int
    seed: int | None
    cash: bool
    money_factors: FloatArray
    alternatives: dict[str, AlternativeDraws]

    @property
    def years(self) -> list[int]:
        return [self.compiled.start_year + t for t in range(self.compiled.calendar_years)]

    @property
    def payers(self) -> tuple[str, ...]:
        return tuple(self.compiled.payers.ids)

    @property
    def states(self) -> tuple[str, ...]:
        return tuple(self.compiled.states)

    @property
    def term_years(self) -> int:
        """Years of the first term of office within the horizon."""
        return min(self.compiled.scenario.analysis.term_of_office, self.compiled.calendar_years)

    def for_alternative(self, alternative: str | None) -> AlternativeDraws:
        """The named alternative, or the first one that is not the comparison."""
        if alternative is None:
            return next(iter(self.alternatives.values()))
        return self.alternatives[alternative]


def npv_summary(npv: FloatArray) -> NpvSummary:
    """:meth:`NpvSummary.of` of NPVs rounded to the öre: a net that is zero up to the
    floating-point noise of sums over years and payers (e.g. 1e-10 SEK) then counts as
    neither a gain nor a loss, instead of a gain in about half the draws."""
    return NpvSummary.of(np.round(npv, 2))


def _transition_rows(
    resolved: Scenario, compiled: CompiledScenario, seed: int
) -> list[tuple[int, int, float, np.random.Generator]]:
    """The uncertain transition rows and their generators, as the PSA makes them."""
    absorbing = {s.id for s in resolved.model.states if s.absorbing}
    rows = []
    for b, block in enumerate(resolved.model.transitions):
        if not block.uncertainty:
            continue
        for i, state in enumerate(compiled.states):
            if state in absorbing or compiled.transitions[b, i, i] >= 1.0:
                continue
            rng = child_generator(seed, f"transitions.{b}.{state}")
            rows.append((b, i, block.uncertainty.concentration, rng))
    return rows


def _set(data: Any, path: Any, value: float) -> None:
    node = data
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value


def _differences(
    compiled: CompiledScenario, runs: list[AlternativeRun], cash: bool
) -> dict[str, Quad]:
    """Per alternative (not the comparison): savings, programme (rolled up), person-years and
    entries against the comparison, shape ``(1, T, ...)``."""
    parents = compiled.payers.parents
    base = next(r for r in runs if r.comparison)
    base_ledger, base_programme = base.cash() if cash else (base.ledger, base.programme)
    out: dict[str, Quad] = {}
    for alt in runs:
        if alt.comparison:
            continue
        ledger, programme = alt.cash() if cash else (alt.ledger, alt.programme)
        d_prog = (programme - base_programme).sum(axis=3)
        d_all = (ledger - base_ledger).sum(axis=3)
        out[alt.id] = (
            roll_up(-(d_all - d_prog), parents, axis=2),
            roll_up(d_prog, parents, axis=2),
            alt.person_years - base.person_years,
            alt.entries - base.entries,
        )
    return out


def _alternative(
    alternative: str, arrays: tuple[FloatArray, ...], top: tuple[int, ...]
) -> AlternativeDraws:
    savings, programme, person_years, entries = arrays
    return AlternativeDraws(alternative, savings, programme, person_years, entries, top=top)


def yearly_draws(
    scenario: Scenario,
    library: ParameterLibrary | None = None,
    draws: int = 0,
    seed: int | None = None,
    *,
    cash: bool = True,
    progress: Callable[[int, int], None] | None = None,
) -> YearlyDraws:
    """Run ``scenario`` once per draw of its probabilistic analysis and keep the yearly flows.

    Parameters
    ----------
    scenario : Scenario
        As loaded (it may refer to library parameters).
    library : ParameterLibrary, optional
        As for :func:`socinvest.analysis.results.analyse`.
    draws : int
        Draws (0: the deterministic run only).
    seed : int, optional
        Default the scenario's ``analysis.seed``.
    cash : bool
        Keep only the cash flows (the default: a fund is paid in cash); ``False`` keeps
        capacity (staff time in teams that remain) too, as the PSA's NPV does.
    progress : callable, optional
        ``progress(done, total)`` after every :data:`PROGRESS_EVERY` draws and the last.
    """
    if draws < 0:
        raise ValueError(f"draws must be 0 or more, found {draws}")
    seed = scenario.analysis.seed if seed is None else seed
    resolved = resolve_scenario(scenario, library_for(scenario, library))
    compiled = compile_scenario(resolved.scenario)
    top = tuple(i for i, p in enumerate(compiled.payers.payers) if p.parent_id is None)
    det = run_scenario(compiled, capacity=cash)
    if draws == 0:
        diffs = _differences(compiled, det.alternatives, cash)
        return YearlyDraws(
            compiled,
            0,
            seed,
            cash,
            det.money_factors,
            {k: _alternative(k, v, top) for k, v in diffs.items()},
        )
    money, ratios = drawn_parameters(scenario, resolved.parameters)
    drawn_ids = money + ratios
    correlations = scenario.analysis.correlation_pairs() or None
    theta = draw_parameters(
        [resolved.parameters[pid] for pid in drawn_ids], draws, seed, correlations=correlations
    )
    refs = [(path, ref.param, ref.times) for path, ref, _use in references(scenario)]
    refs = [r for r in refs if r[1] in theta]
    data0 = resolved.scenario.model_dump(by_alias=True, exclude_unset=True)
    rows = _transition_rows(resolved.scenario, compiled, seed)
    parts: dict[str, list[list[FloatArray]]] = {}
    for start in range(0, draws, BLOCK_DRAWS):
        n = min(draws, start + BLOCK_DRAWS) - start
        drawn_rows = dirichlet_from(
            [rng for *_, rng in rows],
            n,
            [compiled.transitions[b, i] for b, i, _, _ in rows],
            [c for _, _, c, _ in rows],
        )
        for j in range(n):
            d = start + j
            data = copy.deepcopy(data0)
            for path, pid, times in refs:
                _set(data, path, float(theta[pid][d]) * times)
            one = compile_scenario(
                Scenario.model_validate(data), production_shares=compiled.production_shares
            )
            matrices = compiled.transitions.copy()
            for (b, i, _, _), drawn in zip(rows, drawn_rows, strict=True):
                matrices[b, i] = drawn[j]
            run = run_scenario(one, transitions=matrices[None], capacity=cash)
            for alt, arrays in _differences(one, run.alternatives, cash).items():
                slots = parts.setdefault(alt, [[] for _ in arrays])
                for slot, a in zip(slots, arrays, strict=True):
                    slot.append(a)
            if progress is not None and ((d + 1) % PROGRESS_EVERY == 0 or d + 1 == draws):
                progress(d + 1, draws)
    return YearlyDraws(
        compiled,
        draws,
        seed,
        cash,
        det.money_factors,
        {
            alt: _alternative(alt, tuple(np.concatenate(s, axis=0) for s in slots), top)
            for alt, slots in parts.items()
        },
    )
