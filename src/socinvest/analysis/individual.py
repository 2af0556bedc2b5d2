"""Running a scenario through the individual-level engine (:mod:`socinvest.core.individual`).

The same scenario file as the cohort engine, simulated person by person: every alternative's
transition matrices with its effects applied as the cohort engine applies them, plus the
scenario's ``individuals:`` section (attributes with odds ratios on named transitions, and
time in a state as a covariate). The counts of the persons are turned into the cohort
engine's ledgers (the estimated path of a cohort of one person is the counts over ``N``;
money is linear in it), so every metric, table and file of ``socinvest run`` is the same, and
each figure comes with a Monte Carlo standard error.

The chunk API (for an execution layer: local threads, a Dask cluster)
-----------------------------------------------------------------------
::

    plan = plan_individual(scenario, library, individuals=100_000, draws=0, seed=1)
    # plan is picklable; plan.blocks is the number of atomic blocks
    partials = [run_individual_blocks(plan, (lo, hi)) for lo, hi in ranges]  # anywhere
    results = combine_individual(plan, partials)  # partials in block order

A *block* is ``plan.block_size`` consecutive persons of one draw; global block ``b`` is block
``b % plan.blocks_per_draw`` of draw ``b // plan.blocks_per_draw``. ``run_individual_blocks``
takes any contiguous range of blocks and returns a picklable :class:`IndividualPartial` of
integer counts; the ranges of ``combine_individual`` must tile ``0 .. plan.blocks`` in order.
Counts are integers, so the result is bit-identical for every way of cutting the blocks into
chunks and every number of threads (the random numbers of a person depend only on the seed,
the draw, the person and the cycle).

Draws and standard errors
-------------------------
``draws=0``: one population of ``N`` persons with the scenario's values (the deterministic
run); the Monte Carlo standard error of a mean comes from the spread between the blocks, or
runs of consecutive blocks when there are more than :data:`MAX_ERROR_GROUPS` (batch means,
weighted by size; Law and Kelton 2000, *Simulation Modeling and Analysis*, 3rd ed.,
sec. 9.5.3). ``draws=D``: ``D`` independent populations (their random numbers keyed by the
draw), the standard error from the spread between the draws; with ``vary_parameters`` each
population lives under its own draw of the uncertain parameters, the very values the cohort
engine's probabilistic analysis draws from the same seed (:func:`compiled_for_draw`: the
parameters and the transition rows that declare ``uncertainty``; the discount rates and the
split of the value of work held at their values), so the spread holds both the parameters'
uncertainty and the persons' chance.
"""

from __future__ import annotations

import dataclasses
import itertools
import math
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from socinvest.analysis.discount_basis import DiscountBasis, discount_basis
from socinvest.analysis.psa import drawn_parameters, transition_row_draws
from socinvest.analysis.results import ScenarioResults
from socinvest.analysis.run import AlternativeRun, ScenarioRun, alternative_from_path
from socinvest.analysis.summary import compare_flows, scope_flows, totals
from socinvest.core.individual import (
    DEFAULT_BLOCK_SIZE,
    Modifier,
    SamplingTables,
    choose_individual_engine,
    individual_matrices,
    sampling_tables,
    simulate_blocks,
)
from socinvest.core.timing import discount_factors
from socinvest.params.library import ParameterLibrary, ResolvedParameter, parameter_hash
from socinvest.params.sampling import draw_parameters
from socinvest.scenario.compile import CompiledScenario, compile_scenario
from socinvest.scenario.load import scenario_hash
from socinvest.scenario.model import Individuals, Scenario, numeric
from socinvest.scenario.references import library_for, references, resolve_scenario

FloatArray = npt.NDArray[np.float64]
CountArray = npt.NDArray[np.int64]

MAX_INDIVIDUALS = 100_000_000
"""The most persons per draw a plan accepts."""

MAX_ERROR_GROUPS = 512
"""The most groups of blocks the standard error of a one-population run (``draws=0``) is
computed from: a partial holds counts per group, so its size stays bounded however many
persons are simulated."""


@dataclass(frozen=True)
class IndividualPlan:
    """Everything a worker needs to simulate blocks of persons (picklable).

    Attributes
    ----------
    compiled : CompiledScenario
        The resolved scenario as arrays.
    tables : SamplingTables
        The engines' sampling tables.
    individuals : int
        Persons per draw.
    draws : int
        Draws as asked (0: one population, standard errors from the blocks).
    seed : int
    block_size : int
    groups : tuple of str
        The attribute level combinations (for reports), e.g. ``("sex=female",
        "sex=male")``.
    """

    compiled: CompiledScenario
    tables: SamplingTables
    individuals: int
    draws: int
    seed: int
    block_size: int
    groups: tuple[str, ...]
    scenario_hash: str
    parameters: dict[str, ResolvedParameter]
    parameter_hash: str
    model_rebasing_factor: float
    loaded: Scenario
    discount: DiscountBasis
    outcome_discount: DiscountBasis
    drawn: dict[str, FloatArray] = field(default_factory=dict)
    """With ``vary_parameters``: each drawn library parameter's value in every draw ``(D,)``
    (the cohort engine's probabilistic analysis draws the same values from the same seed)."""
    uses: tuple[tuple[tuple[str | int, ...], str, float], ...] = ()
    """Where the scenario uses each drawn parameter: ``(path, parameter id, times)``."""
    rows: tuple[tuple[int, int, FloatArray], ...] = ()
    """With ``vary_parameters``: every transition row the cohort engine's probabilistic
    analysis draws, ``(block, state index, rows (D, S))``, the very rows it draws from the
    same seed (:func:`socinvest.analysis.psa.transition_row_draws`)."""

    @property
    def replicates(self) -> int:
        """Populations simulated (``max(draws, 1)``)."""
        return max(self.draws, 1)

    @property
    def blocks_per_draw(self) -> int:
        return -(-self.individuals // self.block_size)

    @property
    def blocks(self) -> int:
        """Atomic blocks in all."""
        return self.replicates * self.blocks_per_draw

    @property
    def n_groups(self) -> int:
        """Groups the standard error is computed from: with ``draws=0`` runs of consecutive
        blocks (each block its own group up to :data:`MAX_ERROR_GROUPS` blocks), otherwise
        the draws."""
        return min(self.blocks_per_draw, MAX_ERROR_GROUPS) if self.draws == 0 else self.draws

    def group_of(self, block: int) -> int:
        """The standard-error group of global block ``block`` (fixed by the plan alone)."""
        if self.draws == 0:
            return block * self.n_groups // self.blocks_per_draw
        return block // self.blocks_per_draw


def _targets(
    from_states: str | list[str], to_states: str | list[str] | None, states: list[str]
) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.bool_]]:
    """Rows and targeted moves, as :func:`socinvest.scenario.compile.effect_targets`
    (``to=None``: every other state)."""
    index = {s: i for i, s in enumerate(states)}
    origins = [from_states] if isinstance(from_states, str) else list(dict.fromkeys(from_states))
    rows = np.array([index[s] for s in origins], dtype=np.intp)
    targets = np.zeros((rows.size, len(states)), dtype=bool)
    if to_states is None:
        targets[:] = True
    else:
        for t in [to_states] if isinstance(to_states, str) else to_states:
            targets[:, index[t]] = True
    targets[np.arange(rows.size), rows] = False
    return rows, targets


def individual_modifiers(
    section: Individuals | None, states: list[str]
) -> tuple[list[Modifier], list[FloatArray], int, tuple[str, ...]]:
    """The modifiers of a resolved ``individuals:`` section: ``(modifiers, level shares per
    attribute, duration classes, group labels)``.

    Group ``g`` is attribute combination ``g // n_durations`` (levels in the order written,
    the last attribute varying fastest) with ``min(g % n_durations, max_years)`` whole years
    already spent in the current state. An attribute effect gives its odds ratio to the
    groups at its level; a duration effect gives ``odds_ratio_per_year ** years``.
    """
    if section is None:
        return [], [], 1, ("",)
    shares = [np.array(list(a.levels.values()), dtype=np.float64) for a in section.attributes]
    sizes = [s.size for s in shares]
    n_durations = 1 + max((d.max_years for d in section.duration), default=0)
    combos = int(np.prod(sizes)) if sizes else 1
    n_groups = combos * n_durations
    g = np.arange(n_groups)
    combo = g // n_durations
    years = g % n_durations
    strides = [int(np.prod(sizes[j + 1 :])) for j in range(len(sizes))]
    modifiers = []
    for j, attribute in enumerate(section.attributes):
        level_of_group = (combo // strides[j]) % sizes[j]
        levels = list(attribute.levels)
        for effect in attribute.effects:
            rows, targets = _targets(effect.from_states, effect.to_states, states)
            at_level = level_of_group == levels.index(effect.level)
            logs = np.where(at_level, math.log(numeric(effect.odds_ratio)), 0.0)
            modifiers.append(Modifier(rows, targets, logs))
    for duration in section.duration:
        rows, targets = _targets(duration.state, duration.to_states, states)
        logs = np.minimum(years, duration.max_years) * math.log(
            numeric(duration.odds_ratio_per_year)
        )
        modifiers.append(Modifier(rows, targets, logs.astype(np.float64)))
    labels = []
    for c in range(combos):
        parts = []
        for j, attribute in enumerate(section.attributes):
            level = list(attribute.levels)[(c // strides[j]) % sizes[j]]
            parts.append(f"{attribute.id}={level}")
        labels.append(", ".join(parts))
    return modifiers, shares, n_durations, tuple(labels)


def _tables(compiled: CompiledScenario) -> tuple[SamplingTables, tuple[str, ...]]:
    """The sampling tables of a compiled scenario and its group labels."""
    modifiers, shares, n_durations, labels = individual_modifiers(
        compiled.scenario.individuals, compiled.states
    )
    n_groups = (int(np.prod([s.size for s in shares])) if shares else 1) * n_durations
    matrices = individual_matrices(
        compiled.transitions,
        compiled.band_of_cycle,
        [a.effects for a in compiled.alternatives],
        modifiers,
        n_groups,
    )
    return sampling_tables(matrices, compiled.initial, shares, n_durations), labels


def compiled_for_draw(plan: IndividualPlan, draw: int) -> CompiledScenario:
    """The scenario compiled with the parameter values and transition rows of ``draw`` (the
    plan's own when nothing is drawn). The split of the value of work is held at the
    deterministic run's shares, as in the cohort engine's probabilistic analysis."""
    compiled = plan.compiled
    if plan.drawn:
        data: Any = compiled.scenario.model_dump(by_alias=True, exclude_unset=True)
        for path, pid, times in plan.uses:
            if pid in plan.drawn:
                node: Any = data
                for key in path[:-1]:
                    node = node[key]
                node[path[-1]] = float(plan.drawn[pid][draw]) * times
        compiled = compile_scenario(
            Scenario.model_validate(data), production_shares=compiled.production_shares
        )
    if plan.rows:
        transitions = compiled.transitions.copy()
        for block, state, rows in plan.rows:
            transitions[block, state] = rows[draw]
        compiled = dataclasses.replace(compiled, transitions=transitions)
    return compiled


_DRAW_TABLES: list[tuple[IndividualPlan, int, SamplingTables]] = []
_DRAW_TABLES_LOCK = threading.Lock()
_DRAW_TABLES_KEPT = 4


def tables_for_draw(plan: IndividualPlan, draw: int) -> SamplingTables:
    """The sampling tables of ``draw`` (the plan's own when nothing is drawn); the last few
    are kept, so a draw whose blocks are cut between consecutive chunks of one process is
    compiled once (and the numba kernel's guide tables, kept per tables, built once)."""
    if not plan.drawn and not plan.rows:
        return plan.tables
    with _DRAW_TABLES_LOCK:
        for known, known_draw, tables in _DRAW_TABLES:
            if known is plan and known_draw == draw:
                return tables
    tables = _tables(compiled_for_draw(plan, draw))[0]
    with _DRAW_TABLES_LOCK:
        _DRAW_TABLES.insert(0, (plan, draw, tables))
        del _DRAW_TABLES[_DRAW_TABLES_KEPT:]
    return tables


def plan_individual(
    scenario: Scenario,
    library: ParameterLibrary | None = None,
    *,
    individuals: int,
    draws: int = 0,
    seed: int | None = None,
    block_size: int = DEFAULT_BLOCK_SIZE,
    vary_parameters: bool = False,
    transition_rows: bool = True,
) -> IndividualPlan:
    """Resolve and compile a validated scenario for the individual engine.

    Parameters
    ----------
    scenario : Scenario
        As loaded (it may refer to library parameters).
    library : ParameterLibrary, optional
        As :func:`socinvest.analysis.results.analyse` takes it.
    individuals : int
        Persons per draw (at least 1).
    draws : int
        0: one population with standard errors from its blocks; ``D``: ``D`` populations.
    seed : int, optional
        Default ``scenario.analysis.seed``.
    block_size : int
        Persons per atomic block.
    vary_parameters : bool
        With ``draws > 0``, also draw the uncertain library parameters (money, effect and
        attribute ratios, evidence adjustments) once per draw, as the cohort engine's
        probabilistic analysis does (:func:`socinvest.analysis.psa.drawn_parameters`, the
        same seed and correlations): each draw is then a population under its own
        parameter values, and the spread between draws holds both uncertainties. The
        transition rows that declare ``uncertainty`` are drawn too (unless
        ``transition_rows`` is false), the very rows of the cohort engine's analysis from
        the same seed (:func:`socinvest.analysis.psa.transition_row_draws`). Held fixed:
        the discount rates and the split of the value of work.
    transition_rows : bool
        With ``vary_parameters``, draw the transition rows (default); ``False`` holds them
        at their values (as ``run_psa(..., transition_rows=False)``).

    Raises
    ------
    ValueError
        If ``individuals``, ``draws`` or ``block_size`` are out of range.
    """
    if not 1 <= individuals <= MAX_INDIVIDUALS:
        raise ValueError(
            f"expected between 1 and {MAX_INDIVIDUALS} individuals, found {individuals}"
        )
    if draws < 0:
        raise ValueError(f"expected a number of draws of at least 0, found {draws}")
    if block_size < 1:
        raise ValueError(f"expected a block size of at least 1, found {block_size}")
    used_library = library_for(scenario, library)
    resolved = resolve_scenario(scenario, used_library)
    compiled = compile_scenario(resolved.scenario)
    tables, labels = _tables(compiled)
    seed = int(scenario.analysis.seed if seed is None else seed)
    drawn: dict[str, FloatArray] = {}
    uses: tuple[tuple[tuple[str | int, ...], str, float], ...] = ()
    rows: tuple[tuple[int, int, FloatArray], ...] = ()
    if vary_parameters and draws > 0 and transition_rows:
        rows = tuple(transition_row_draws(resolved.scenario, compiled, seed, draws))
    if vary_parameters and draws > 0:
        money, ratios = drawn_parameters(scenario, resolved.parameters)
        drawn = draw_parameters(
            [resolved.parameters[pid] for pid in money + ratios],
            draws,
            seed,
            correlations=scenario.analysis.correlation_pairs() or None,
        )
        uses = tuple(
            (tuple(path), ref.param, ref.times)
            for path, ref, _use in references(scenario)
            if ref.param in drawn
        )

    def basis(name: Literal["discount_rate", "outcome_discount_rate"]) -> DiscountBasis:
        return discount_basis(name, scenario, resolved.scenario, resolved.parameters, used_library)

    return IndividualPlan(
        compiled=compiled,
        tables=tables,
        individuals=int(individuals),
        draws=int(draws),
        seed=seed,
        block_size=int(block_size),
        groups=labels,
        scenario_hash=scenario_hash(scenario),
        parameters=resolved.parameters,
        parameter_hash=parameter_hash(resolved.parameters.values()),
        model_rebasing_factor=resolved.inline_factor,
        loaded=scenario,
        discount=basis("discount_rate"),
        outcome_discount=basis("outcome_discount_rate"),
        drawn=drawn,
        uses=uses,
        rows=rows,
    )


@dataclass(frozen=True)
class IndividualPartial:
    """The counts of blocks ``first_block .. stop_block - 1``, summed per standard-error
    group (with ``draws=0`` a run of consecutive blocks, see
    :attr:`IndividualPlan.n_groups`; a draw otherwise); integers, picklable.

    Attributes
    ----------
    first_group : int
        The group of ``occupancy[0]``.
    occupancy : ndarray of int64, shape (ng, A, T + 1, S)
    entries : ndarray of int64, shape (ng, A, T, S)
    persons : ndarray of int64, shape (ng,)
    trajectories : ndarray of int16, shape (A, n, T + 1), or None
    """

    first_block: int
    stop_block: int
    first_group: int
    occupancy: CountArray
    entries: CountArray
    persons: CountArray
    trajectories: npt.NDArray[np.int16] | None = None
    engine: str = "numpy"
    """The kernel that computed it (``numba`` or ``numpy``; the counts are the same)."""


def run_individual_blocks(
    plan: IndividualPlan,
    block_range: tuple[int, int] | range,
    *,
    engine: str | None = None,
    threads: int | None = None,
    trajectories: bool = False,
) -> IndividualPartial:
    """Simulate the blocks ``block_range`` (``(first, stop)`` or a ``range`` of step 1).

    ``trajectories`` also returns every person's states (numpy engine; for small runs).
    """
    if isinstance(block_range, range):
        if block_range.step != 1:
            raise ValueError("a block range needs step 1")
        first, stop = block_range.start, block_range.stop
    else:
        first, stop = int(block_range[0]), int(block_range[1])
    if not 0 <= first <= stop <= plan.blocks:
        raise ValueError(f"blocks {first}-{stop} outside the plan's {plan.blocks} blocks")
    n_alt, n_cycles, _, n_states = plan.tables.shape
    per_draw = plan.blocks_per_draw
    chosen = "numpy" if trajectories else choose_individual_engine(engine)
    first_group = plan.group_of(first) if stop > first else 0
    last_group = plan.group_of(stop - 1) if stop > first else -1
    ng = last_group - first_group + 1
    occupancy = np.zeros((ng, n_alt, n_cycles + 1, n_states), dtype=np.int64)
    entries = np.zeros((ng, n_alt, n_cycles, n_states), dtype=np.int64)
    persons = np.zeros(ng, dtype=np.int64)
    paths = []
    # One draw's block counts at a time, in the same memory for every draw.
    width = min(stop - first, per_draw)
    block_occupancy = np.empty((width, n_alt, n_cycles + 1, n_states), dtype=np.int64)
    block_entries = np.empty((width, n_alt, n_cycles, n_states), dtype=np.int64)
    for draw in range(first // per_draw, -(-stop // per_draw)):
        lo = max(first, draw * per_draw) - draw * per_draw
        hi = min(stop, (draw + 1) * per_draw) - draw * per_draw
        counts = simulate_blocks(
            tables_for_draw(plan, draw),
            plan.seed,
            draw,
            plan.individuals,
            lo,
            hi,
            plan.block_size,
            engine=chosen,
            threads=threads,
            trajectories=trajectories,
            out=(block_occupancy[: hi - lo], block_entries[: hi - lo]),
        )
        if counts.trajectories is not None:
            paths.append(counts.trajectories)
        # Integer sums: the same whichever blocks a call covers.
        for k in range(hi - lo):
            at = plan.group_of(draw * per_draw + lo + k) - first_group
            occupancy[at] += counts.occupancy[k]
            entries[at] += counts.entries[k]
            persons[at] += counts.persons[k]
    return IndividualPartial(
        first_block=first,
        stop_block=stop,
        first_group=first_group,
        occupancy=occupancy,
        entries=entries,
        persons=persons,
        trajectories=np.concatenate(paths, axis=1) if paths else None,
        engine=chosen,
    )


@dataclass(frozen=True)
class IndividualResults:
    """The individual engine's results.

    Attributes
    ----------
    results : ScenarioResults
        As the cohort engine's (ledgers from the estimated path; averaged over draws).
    npv : dict
        ``npv[alternative][scope]``: the mean NPV against the comparison alternative, to the
        horizon (equal to ``results`` up to rounding).
    npv_se : dict
        The Monte Carlo standard error of each mean NPV.
    npv_groups : dict
        ``npv_groups[alternative][scope]``: the NPV of each group (block or draw) the
        standard error is computed from. When only a few groups differ from zero, the NPV
        rests on a few persons whose paths the alternative changes (a small effect on a rare
        move) and the standard error is itself unreliable: :meth:`nonzero_groups`.
    occupancy, entries : ndarray of int64, shapes (n, A, T + 1, S) and (n, A, T, S)
        The counts per standard-error group (blocks, or draws).
    persons : ndarray of int64, shape (n,)
    trajectories : ndarray of int16 or None
        Every person's states ``(A, N x draws, T + 1)``, when asked for.
    """

    plan: IndividualPlan
    results: ScenarioResults
    npv: dict[str, dict[str, float]]
    npv_se: dict[str, dict[str, float]]
    npv_groups: dict[str, dict[str, FloatArray]]
    occupancy: CountArray
    entries: CountArray
    persons: CountArray
    engine: str = "numpy"
    trajectories: npt.NDArray[np.int16] | None = field(default=None, repr=False)


def nonzero_groups(ind: IndividualResults, alternative: str, scope: str) -> int:
    """The groups (blocks or draws) whose NPV of ``scope`` is not zero: how many separate
    parts of the population the figure and its standard error rest on."""
    return int(np.count_nonzero(ind.npv_groups[alternative][scope]))


def combine_individual(
    plan: IndividualPlan, partials: Iterable[IndividualPartial]
) -> IndividualResults:
    """Sum the partials (in block order, tiling ``0 .. plan.blocks``) and turn the counts into
    results (``engine``: the kernels the partials name, e.g. ``numba``).

    Raises
    ------
    ValueError
        If the partials leave out, repeat or reorder blocks.
    """
    n_alt, n_cycles, _, n_states = plan.tables.shape
    ng = plan.n_groups
    occupancy = np.zeros((ng, n_alt, n_cycles + 1, n_states), dtype=np.int64)
    entries = np.zeros((ng, n_alt, n_cycles, n_states), dtype=np.int64)
    persons = np.zeros(ng, dtype=np.int64)
    expected = 0
    paths = []
    kernels: list[str] = []
    for part in partials:
        if part.engine not in kernels:
            kernels.append(part.engine)
        if part.first_block != expected:
            raise ValueError(
                f"expected the partial of blocks from {expected}, found one from"
                f" {part.first_block} (partials must tile the blocks in order)"
            )
        expected = part.stop_block
        n = part.persons.shape[0]
        span = slice(part.first_group, part.first_group + n)
        occupancy[span] += part.occupancy
        entries[span] += part.entries
        persons[span] += part.persons
        if part.trajectories is not None:
            paths.append(part.trajectories)
    if expected != plan.blocks:
        raise ValueError(f"the partials cover blocks 0-{expected}, expected 0-{plan.blocks}")
    if plan.draws == 0:
        display = _scenario_run(
            plan, occupancy.sum(axis=0)[None], entries.sum(axis=0)[None], persons.sum()[None], True
        )
        per_group = _scenario_run(plan, occupancy, entries, persons, False)
    else:
        display = _scenario_run(plan, occupancy, entries, persons, True)
        per_group = display
    compared = {a.id: compare_flows(display, a) for a in display.alternatives if not a.comparison}
    npv, npv_se, npv_groups = _npv_errors(
        per_group,
        persons.astype(np.float64),
        # The same run: the scope flows of the differences compare computed.
        {k: flows for k, (_, flows) in compared.items()} if per_group is display else None,
    )
    results = ScenarioResults(
        run=display,
        totals=[totals(display, a) for a in display.alternatives],
        comparisons=[comparison for comparison, _ in compared.values()],
        scenario_hash=plan.scenario_hash,
        parameters=plan.parameters,
        parameter_hash=plan.parameter_hash,
        model_rebasing_factor=plan.model_rebasing_factor,
        loaded=plan.loaded,
        discount=plan.discount,
        outcome_discount=plan.outcome_discount,
    )
    return IndividualResults(
        plan=plan,
        results=results,
        npv=npv,
        npv_se=npv_se,
        npv_groups=npv_groups,
        occupancy=occupancy,
        entries=entries,
        persons=persons,
        engine="+".join(kernels),
        trajectories=np.concatenate(paths, axis=1) if paths else None,
    )


def _scenario_run(
    plan: IndividualPlan,
    occupancy: CountArray,
    entries: CountArray,
    persons: CountArray,
    capacity: bool,
) -> ScenarioRun:
    """A :class:`ScenarioRun` whose draw axis is the groups: each group's counts over its
    persons are the path of a cohort of one person."""
    compiled: CompiledScenario = plan.compiled
    size = persons.astype(np.float64)[:, None, None]
    n_alt = len(compiled.alternatives)
    if not plan.drawn:
        runs = []
        for a, alternative in enumerate(compiled.alternatives):
            occ = occupancy[:, a] / size
            runs.append(
                alternative_from_path(
                    compiled, alternative, occ, entries[:, a] / size, capacity, initial=occ[:, 0]
                )
            )
    else:
        parts: list[list[AlternativeRun]] = [[] for _ in range(n_alt)]
        for d in range(occupancy.shape[0]):  # every draw with its own money, compiled once
            own = compiled_for_draw(plan, d)
            for a in range(n_alt):
                occ = occupancy[d : d + 1, a] / size[d : d + 1]
                parts[a].append(
                    alternative_from_path(
                        own,
                        own.alternatives[a],
                        occ,
                        entries[d : d + 1, a] / size[d : d + 1],
                        capacity,
                        initial=occ[:, 0],
                    )
                )
        runs = [_stacked(own_parts) for own_parts in parts]
    settings = compiled.scenario.analysis
    years = compiled.calendar_years
    return ScenarioRun(
        compiled=compiled,
        alternatives=runs,
        money_factors=discount_factors(numeric(settings.discount_rate), years, settings.timing),
        outcome_factors=discount_factors(
            numeric(settings.outcome_discount_rate), years, settings.timing
        ),
    )


def _stacked(parts: list[AlternativeRun]) -> AlternativeRun:
    """One alternative's runs of single draws as one run over the draws."""

    def stack(name: str) -> FloatArray | None:
        arrays = [getattr(p, name) for p in parts]
        if all(a is None for a in arrays):
            return None
        # A draw whose part is None (zero: every such flow of that draw is cash).
        return np.concatenate(
            [
                np.zeros_like(p.ledger) if a is None else a
                for p, a in zip(parts, arrays, strict=True)
            ],
            axis=0,
        )

    first = parts[0]
    return AlternativeRun(
        id=first.id,
        comparison=first.comparison,
        ledger=np.concatenate([p.ledger for p in parts]),
        programme=np.concatenate([p.programme for p in parts]),
        person_years=np.concatenate([p.person_years for p in parts]),
        entries=np.concatenate([p.entries for p in parts]),
        capacity=stack("capacity"),
        programme_capacity=stack("programme_capacity"),
    )


def _npv_errors(
    run: ScenarioRun, weights: FloatArray, delta_flows: dict[str, dict[str, FloatArray]] | None
) -> tuple[
    dict[str, dict[str, float]], dict[str, dict[str, float]], dict[str, dict[str, FloatArray]]
]:
    """Mean NPV of each alternative and scope over the groups (weighted by their persons)
    and its standard error, ``sqrt(n / (n - 1) * sum w_g^2 (x_g - mean)^2) / sum w_g``
    (batch means of unequal size; 0 with one group). ``delta_flows[alternative]``: the
    scope flows of its ledger less the comparison's, when already computed."""
    base = run.comparison
    share = weights / weights.sum()
    n = weights.size
    means: dict[str, dict[str, float]] = {}
    errors: dict[str, dict[str, float]] = {}
    groups: dict[str, dict[str, FloatArray]] = {}
    for alt in run.alternatives:
        if alt.comparison:
            continue
        if delta_flows is not None:
            flows = delta_flows[alt.id]
        else:
            flows = scope_flows(run, alt.ledger - base.ledger)
        means[alt.id], errors[alt.id], groups[alt.id] = {}, {}, {}
        for scope, delta in flows.items():
            x = -(delta @ run.money_factors)  # per group: NPV = -PV(change in flows)
            mean = float(share @ x)
            var = float(np.sum((share * (x - mean)) ** 2)) * n / (n - 1) if n > 1 else 0.0
            means[alt.id][scope] = mean
            errors[alt.id][scope] = math.sqrt(var)
            groups[alt.id][scope] = np.asarray(x, dtype=np.float64)
    return means, errors, groups


def chunk_ranges(blocks: int, chunks: int) -> list[tuple[int, int]]:
    """``chunks`` contiguous ranges of whole blocks covering ``0 .. blocks`` (as even as
    possible; fewer when there are fewer blocks)."""
    count = max(1, min(chunks, blocks))
    edges = [blocks * k // count for k in range(count + 1)]
    return list(itertools.pairwise(edges))


def analyse_individual(
    scenario: Scenario,
    library: ParameterLibrary | None = None,
    *,
    individuals: int,
    draws: int = 0,
    seed: int | None = None,
    engine: str | None = None,
    threads: int | None = None,
    chunks: int = 1,
    block_size: int = DEFAULT_BLOCK_SIZE,
    trajectories: bool = False,
    vary_parameters: bool = False,
) -> IndividualResults:
    """Plan, run every block locally (in ``chunks`` calls, ``threads`` threads each) and
    combine. The result does not depend on ``chunks`` or ``threads``."""
    plan = plan_individual(
        scenario,
        library,
        individuals=individuals,
        draws=draws,
        seed=seed,
        block_size=block_size,
        vary_parameters=vary_parameters,
    )
    partials = [
        run_individual_blocks(plan, r, engine=engine, threads=threads, trajectories=trajectories)
        for r in chunk_ranges(plan.blocks, chunks)
    ]
    return combine_individual(plan, partials)


def group_labels(plan: IndividualPlan) -> Sequence[str]:
    """The attribute level combinations of the plan's groups."""
    return plan.groups
