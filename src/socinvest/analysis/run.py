"""Running a compiled scenario through the cohort engine into per-alternative ledgers."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from socinvest.core.cohort import BandedTransitions, prepare_transitions, simulate_cohort
from socinvest.core.ledger import spread_intake, state_flows
from socinvest.core.threads import single_threaded_blas
from socinvest.core.timing import discount_factors, year_occupancy
from socinvest.scenario.compile import CompiledAlternative, CompiledScenario
from socinvest.scenario.model import numeric

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class AlternativeRun:
    """The ledger and the human outcomes of one alternative, over calendar years.

    Attributes
    ----------
    ledger : ndarray, shape (D, T, N, C)
        Every flow (costs positive, income negative) by draw, year, payer node (direct flows
        only; roll up with :func:`socinvest.core.payers.roll_up`) and flow category,
        including the intervention costs.
    programme : ndarray, shape (D, T, N, C)
        The intervention costs alone (part of ``ledger``).
    person_years : ndarray, shape (D, T, S)
        Persons in each state in each year, as the timing convention counts them.
    entries : ndarray, shape (D, T, S)
        Persons entering each state in each year.
    capacity, programme_capacity : ndarray, shape (D, T, N, C), or None
        The parts of ``ledger`` and ``programme`` that are capacity (staff time in teams
        that remain, ``frees: capacity``) rather than cash; ``None`` when every flow is cash
        or they were not asked for (``programme_capacity`` also when the alternative's own
        costs are all cash). The cash ledger is ``ledger - capacity``.
    """

    id: str
    comparison: bool
    ledger: FloatArray
    programme: FloatArray
    person_years: FloatArray
    entries: FloatArray
    capacity: FloatArray | None = None
    programme_capacity: FloatArray | None = None

    def cash(self) -> tuple[FloatArray, FloatArray]:
        """The cash parts of ``(ledger, programme)``: every flow less its capacity part."""
        ledger, programme = self.ledger, self.programme
        if self.capacity is not None:
            ledger = ledger - self.capacity
        if self.programme_capacity is not None:
            programme = programme - self.programme_capacity
        return ledger, programme


@dataclass(frozen=True)
class ScenarioRun:
    """A whole scenario run: every alternative plus the discount factors used."""

    compiled: CompiledScenario
    alternatives: list[AlternativeRun]
    money_factors: FloatArray
    outcome_factors: FloatArray

    @property
    def comparison(self) -> AlternativeRun:
        return next(a for a in self.alternatives if a.comparison)

    @property
    def years(self) -> list[int]:
        """Calendar year of each ledger year."""
        return [self.compiled.start_year + t for t in range(self.compiled.calendar_years)]


def paid_when_due(compiled: CompiledScenario, flows: FloatArray) -> FloatArray:
    """A unit cohort's flows ``(D, T, N * C)`` by year of work, with the cells that are paid
    later (``compiled.lagged_cells``: the kommun's and region's tax under ``tax_rules``) held
    by the state in the year of work and paid to their cells ``compiled.payment_lag`` years on
    (:func:`socinvest.core.equalisation.payment_matrices`); the year axis grows by the lag, so
    nothing is lost before the calendar horizon cuts it
    (:func:`socinvest.core.ledger.spread_intake`).

    The sum ``flows @ now`` (lengthened by zeros) plus ``flows @ later`` moved ``lag``
    years on (:func:`socinvest.core.equalisation.shift_years`), element by element as
    that, without the moved copy: the years before the lag add ``+0.0``."""
    matrices = compiled.payment_matrices()
    if matrices is None:
        return flows
    now, later = matrices
    lag = compiled.payment_lag
    n_years = flows.shape[1]
    out = np.zeros((flows.shape[0], n_years + lag, flows.shape[2]))
    with single_threaded_blas():  # same bits whatever the BLAS thread count
        np.matmul(flows, now, out=out[:, :n_years])
        out[:, lag:] += flows @ later
    if lag > 0:
        out[:, :lag] += 0.0
    return out


def run_alternative(
    compiled: CompiledScenario,
    alternative: CompiledAlternative,
    transitions: BandedTransitions | None = None,
    capacity: bool = False,
) -> AlternativeRun:
    """Run one alternative.

    Parameters
    ----------
    compiled : CompiledScenario
    alternative : CompiledAlternative
    transitions : BandedTransitions, optional
        Prepared transition matrices (possibly per draw), replacing the scenario's.
    capacity : bool
        Also book the capacity part of the flows (for the cash view of the budget); the
        engine does this extra work only when asked and when a cost line is capacity.
    """
    if transitions is None:
        transitions = prepare_transitions(compiled.transitions, compiled.band_of_cycle)
    path = simulate_cohort(compiled.initial, transitions, effects=alternative.effects)
    return alternative_from_path(compiled, alternative, path.occupancy, path.entries, capacity)


def alternative_from_path(
    compiled: CompiledScenario,
    alternative: CompiledAlternative,
    occupancy: FloatArray,
    entries: FloatArray,
    capacity: bool = False,
    initial: FloatArray | None = None,
) -> AlternativeRun:
    """The ledger of one alternative from the path of a cohort of one person: its expected
    occupancy ``(D, T + 1, S)`` at the start of each cycle and its entries ``(D, T, S)``
    (from the cohort engine, or estimated by the individual engine,
    :mod:`socinvest.analysis.individual`). ``initial`` ``(D, S)`` is who starts where, for
    the intervention costs per participant (default the scenario's initial mix)."""
    timing = compiled.scenario.analysis.timing
    occupancy = year_occupancy(occupancy, timing)
    t_unit, n_s, n_p, n_c = compiled.annual.shape
    cells = n_p * n_c
    start = compiled.initial if initial is None else initial

    def per_cell(per_person: FloatArray) -> FloatArray:
        return per_person.reshape(t_unit, n_s, cells)

    base = paid_when_due(
        compiled,
        state_flows(occupancy, per_cell(compiled.annual), entries, per_cell(compiled.on_entry)),
    )
    # A new array (state_flows's product, in its layout): written in place.
    programme_unit = state_flows(occupancy, per_cell(alternative.participant_annual))
    programme_unit[:, 0] += start @ alternative.participant_start.reshape(n_s, cells)
    years = compiled.calendar_years
    shape = (-1, years, n_p, n_c)
    programme = spread_intake(programme_unit, compiled.intake, years).reshape(shape)
    del programme_unit
    programme += alternative.fixed[None]
    ledger = spread_intake(base, compiled.intake, years).reshape(shape)
    del base
    if ledger.shape == programme.shape:
        ledger += programme
    else:  # one of them has a single draw
        ledger = ledger + programme
    capacity_ledger = programme_capacity = None
    if capacity and compiled.has_capacity:
        capacity_ledger, programme_capacity = _capacity_flows(
            compiled, alternative, occupancy, entries, start
        )
    return AlternativeRun(
        id=alternative.id,
        comparison=alternative.comparison,
        ledger=ledger,
        programme=programme,
        person_years=spread_intake(occupancy, compiled.intake, years),
        entries=spread_intake(entries, compiled.intake, years),
        capacity=capacity_ledger,
        programme_capacity=programme_capacity,
    )


def _capacity_flows(
    compiled: CompiledScenario,
    alternative: CompiledAlternative,
    occupancy: FloatArray,
    entries: FloatArray,
    initial: FloatArray,
) -> tuple[FloatArray, FloatArray | None]:
    """The capacity parts ``(ledger, programme)`` of an alternative's flows, by the same
    products as its ledger with the capacity amounts in place of the totals; ``programme``
    is ``None`` when the alternative's own costs are all cash (its capacity part is zero)."""
    t_unit, n_s, n_p, n_c = compiled.annual.shape
    cells = n_p * n_c
    years = compiled.calendar_years
    shape = (-1, years, n_p, n_c)
    d = occupancy.shape[0]
    base: FloatArray | None = None
    if compiled.capacity_annual is not None and compiled.capacity_on_entry is not None:
        flows = state_flows(
            occupancy,
            compiled.capacity_annual.reshape(t_unit, n_s, cells),
            entries,
            compiled.capacity_on_entry.reshape(t_unit, n_s, cells),
        )
        base = spread_intake(flows, compiled.intake, years).reshape(shape)
    own = alternative.capacity
    if own is None:
        # Zeros plus ``base``: ``base`` itself, bit for bit (spread_intake's sums start from
        # +0.0, so they hold no -0.0 that adding +0.0 would turn into +0.0).
        return (np.zeros((d, years, n_p, n_c)) if base is None else base), None
    programme = np.zeros((d, years, n_p, n_c))
    unit = state_flows(occupancy, own.participant_annual.reshape(t_unit, n_s, cells))
    unit[:, 0] += initial @ own.participant_start.reshape(n_s, cells)
    programme += spread_intake(unit, compiled.intake, years).reshape(shape)
    programme += own.fixed[None]
    ledger = programme.copy()
    if base is not None:
        ledger += base
    return ledger, programme


def run_scenario(
    compiled: CompiledScenario,
    transitions: FloatArray | None = None,
    capacity: bool = False,
) -> ScenarioRun:
    """Run every alternative of a compiled scenario (deterministically unless ``transitions``
    carries a draw axis: shape ``(D, B, S, S)``). All alternatives share the same transition
    matrices (common random numbers). ``capacity`` books the capacity part of the flows too
    (see :func:`run_alternative`), for the cash view of the budgets; the analyses that run
    the scenario many times (sensitivity, timing, break-even) do without it."""
    settings = compiled.scenario.analysis
    years = compiled.calendar_years
    banded = prepare_transitions(
        compiled.transitions if transitions is None else transitions, compiled.band_of_cycle
    )
    return ScenarioRun(
        compiled=compiled,
        alternatives=[
            run_alternative(compiled, a, banded, capacity) for a in compiled.alternatives
        ],
        money_factors=discount_factors(numeric(settings.discount_rate), years, settings.timing),
        outcome_factors=discount_factors(
            numeric(settings.outcome_discount_rate), years, settings.timing
        ),
    )


def _array_key(values: npt.ArrayLike) -> tuple[str, tuple[int, ...], bytes]:
    """An exact key of an array: its dtype, its shape and its bytes (two arrays have the same
    key only when every element is the same bit pattern)."""
    array = np.ascontiguousarray(values)
    return array.dtype.str, array.shape, array.tobytes()


def path_key(compiled: CompiledScenario, alternative: CompiledAlternative) -> tuple[object, ...]:
    """Every input of :func:`run_alternative`'s cohort path, exactly: the initial mix, the
    transition matrices, the bands of the cycles and the alternative's effects. Two
    alternatives with the same key have the same path, bit for bit (the cohort engine is a
    pure function of these arrays)."""
    effects = tuple(
        (
            _array_key(e.rows),
            _array_key(e.targets),
            _array_key(e.log_effect),
            _array_key(e.weights),
            e.kind,
            e.complement,
        )
        for e in alternative.effects
    )
    return (
        _array_key(compiled.initial),
        _array_key(compiled.transitions),
        _array_key(compiled.band_of_cycle),
        effects,
    )


class PathCache:
    """Deterministic runs that share the cohort paths of earlier runs with the same inputs.

    The one-way and break-even analyses run a scenario many times with one value changed; a
    money parameter (a cost, a price) changes the ledgers but not who is where, so the cohort
    path of the run before can be used again. A path is reused only when every input of the
    cohort engine is the same bit for bit (:func:`path_key`), so the runs equal
    :func:`run_scenario`'s exactly; the ledgers are always computed afresh. One cache serves
    one analysis (it holds every distinct path it has seen).
    """

    def __init__(self) -> None:
        self._paths: dict[tuple[object, ...], tuple[FloatArray, FloatArray]] = {}
        self._banded: dict[tuple[object, ...], BandedTransitions] = {}
        self.hits = 0
        """Runs that reused a path (for the tests)."""

    def transitions(self, compiled: CompiledScenario) -> BandedTransitions:
        """The scenario's transitions prepared for the engine (once per distinct matrices)."""
        key = (_array_key(compiled.transitions), _array_key(compiled.band_of_cycle))
        banded = self._banded.get(key)
        if banded is None:
            banded = prepare_transitions(compiled.transitions, compiled.band_of_cycle)
            self._banded[key] = banded
        return banded

    def run_alternative(
        self, compiled: CompiledScenario, alternative: CompiledAlternative
    ) -> AlternativeRun:
        """:func:`run_alternative` (deterministic, without capacity), its path reused when
        the same path was computed before."""
        key = path_key(compiled, alternative)
        found = self._paths.get(key)
        if found is None:
            path = simulate_cohort(
                compiled.initial, self.transitions(compiled), effects=alternative.effects
            )
            # Read-only: shared between runs, so nothing may write into them.
            # (Flags on views of the engine's arrays: the same memory layout as a fresh run.)
            occupancy, entries = path.occupancy.view(), path.entries.view()
            occupancy.setflags(write=False)
            entries.setflags(write=False)
            found = (occupancy, entries)
            self._paths[key] = found
        else:
            self.hits += 1
        return alternative_from_path(compiled, alternative, *found)

    def run_scenario(self, compiled: CompiledScenario) -> ScenarioRun:
        """:func:`run_scenario` (deterministic, without capacity) through the cache."""
        settings = compiled.scenario.analysis
        years = compiled.calendar_years
        return ScenarioRun(
            compiled=compiled,
            alternatives=[self.run_alternative(compiled, a) for a in compiled.alternatives],
            money_factors=discount_factors(numeric(settings.discount_rate), years, settings.timing),
            outcome_factors=discount_factors(
                numeric(settings.outcome_discount_rate), years, settings.timing
            ),
        )
