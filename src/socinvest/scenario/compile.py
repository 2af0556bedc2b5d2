"""Compiling a validated scenario into the arrays the core engines take.

Money arrays have the axes ``(year, state, payer, category)`` with the categories of
:data:`socinvest.core.ledger.CATEGORIES`; costs are positive and income negative. A transfer
paid by a payer is booked a second time, negated, on its recipient (by default the
individual), so transfers net to zero over the whole tree. Earnings (the value of work) are
booked as negative production flows on the payers of ``production_split``, or, with
``tax_rules``, split by the Swedish tax rules and income equalisation
(:func:`socinvest.core.equalisation.split_labour_cost`) per earnings line; the parts of the
kommun, the region and the rest of their tiers are then paid ``payment_lag`` years after the
year of work (``CompiledScenario.lagged_cells``; the engine moves them, see
:func:`socinvest.analysis.run.run_alternative`).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from socinvest.core.cohort import TransitionEffect
from socinvest.core.equalisation import (
    ROLES,
    PublicFinanceRules,
    TierRates,
    payment_matrices,
    split_labour_cost,
)
from socinvest.core.ledger import CATEGORIES
from socinvest.core.transitions import probabilities_from_counts, probabilities_from_rates
from socinvest.params.payers import INDIVIDUAL, PayerTree
from socinvest.scenario.model import (
    TAX_RULE_RECEIVERS,
    Decay,
    Effect,
    EqualisationUnit,
    Intervention,
    OptimismBias,
    Scenario,
    TaxRules,
    TransitionBlock,
    numeric,
    parse_range,
)
from socinvest.scenario.validate import horizon_cycles, payer_tree_of

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class CompiledAlternative:
    """One alternative, ready for the engine.

    Attributes
    ----------
    effects : list of TransitionEffect
        The effects of all its interventions, in the order listed.
    participant_annual : ndarray, shape (T_unit, S, N, C)
        Intervention costs per person-year in a state, by years since the start.
    participant_start : ndarray, shape (S, N, C)
        Intervention costs per person starting in a state, booked in the first year.
    fixed : ndarray, shape (T_cal, N, C)
        Intervention costs by calendar year of the programme.
    capacity : Capacity or None
        The parts of the three arrays above that are capacity (staff time), not cash;
        ``None`` when every cost is cash.
    """

    id: str
    comparison: bool
    interventions: tuple[str, ...]
    effects: list[TransitionEffect]
    participant_annual: FloatArray
    participant_start: FloatArray
    fixed: FloatArray
    capacity: AlternativeCapacity | None = None


@dataclass(frozen=True)
class AlternativeCapacity:
    """The capacity part of an alternative's intervention costs, shaped as its arrays."""

    participant_annual: FloatArray
    participant_start: FloatArray
    fixed: FloatArray


@dataclass(frozen=True)
class CompiledScenario:
    """A scenario as arrays; see the module docstring for the conventions."""

    scenario: Scenario
    states: list[str]
    payers: PayerTree
    start_age: int
    start_year: int
    unit_cycles: int
    calendar_years: int
    intake: FloatArray
    initial: FloatArray
    transitions: FloatArray
    band_of_cycle: npt.NDArray[np.intp]
    annual: FloatArray
    on_entry: FloatArray
    alternatives: list[CompiledAlternative] = field(default_factory=list)
    capacity_annual: FloatArray | None = None
    """The part of ``annual`` that is capacity (staff time, ``frees: capacity``), not cash;
    ``None`` when every cost line of the model is cash. Cash is ``annual`` minus it."""
    capacity_on_entry: FloatArray | None = None
    """The part of ``on_entry`` that is capacity; ``None`` as for ``capacity_annual``."""

    @property
    def has_capacity(self) -> bool:
        """Whether any cost line, of the model or of an intervention, is capacity."""
        return self.capacity_annual is not None or any(
            a.capacity is not None for a in self.alternatives
        )

    production_shares: tuple[FloatArray, ...] = ()
    """Per earnings line, the share of its amount booked on each payer ``(N,)``."""
    lagged_cells: npt.NDArray[np.bool_] | None = None
    """``(N, C)``: the ledger cells whose flows are paid ``payment_lag`` years after the year
    they arise in (``annual`` and ``on_entry`` hold them by the year of work)."""
    payment_lag: int = 0
    payment_holder: int = -1
    """The flattened ledger cell (the state's production) that holds the lagged flows until
    they are paid."""

    def payment_matrices(self) -> tuple[FloatArray, FloatArray] | None:
        """``(now, later)`` of :func:`socinvest.core.equalisation.payment_matrices` over the
        flattened ledger cells, or ``None`` when nothing is paid later."""
        if self.lagged_cells is None or self.payment_lag == 0:
            return None
        return payment_matrices(self.lagged_cells.reshape(-1), self.payment_holder)

    @property
    def categories(self) -> tuple[str, ...]:
        return CATEGORIES

    @property
    def comparison(self) -> CompiledAlternative:
        return next(a for a in self.alternatives if a.comparison)


def _states_of(value: str | list[str]) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


def block_matrix(block: TransitionBlock, states: list[str]) -> FloatArray:
    """The transition matrix of one age band."""
    form, rows = _block_rows(block)
    try:
        hash(rows)
    except TypeError:  # a value that is not a number (an unresolved scenario): not kept
        return _rows_matrix(form, rows, tuple(states))
    return _kept_rows_matrix(form, rows, tuple(states)).copy()


Rows = tuple[tuple[str, tuple[tuple[str, Any], ...]], ...]


def _block_rows(block: TransitionBlock) -> tuple[str, Rows]:
    """The block's form and its rows, in their order, as tuples."""
    table: Mapping[str, Mapping[str, Any]]
    if block.probabilities is not None:
        form, table = "probabilities", block.probabilities
    elif block.counts is not None:
        form, table = "counts", block.counts
    else:
        form, table = "rates", block.rates or {}
    return form, tuple((origin, tuple(row.items())) for origin, row in table.items())


@functools.lru_cache(maxsize=256)
def _kept_rows_matrix(form: str, rows: Rows, states: tuple[str, ...]) -> FloatArray:
    """:func:`_rows_matrix`, kept (many runs compile the same blocks: the tornado, the
    break-even, the timing; a matrix depends on the rows' values alone), read-only."""
    matrix = _rows_matrix(form, rows, states)
    matrix.setflags(write=False)
    return matrix


def _rows_matrix(form: str, rows: Rows, states: tuple[str, ...]) -> FloatArray:
    index = {s: i for i, s in enumerate(states)}
    n = len(states)
    if form == "probabilities":
        p = np.eye(n)
        for origin, row in rows:
            i = index[origin]
            p[i] = 0.0
            rest_target = None
            for target, value in row:
                if value == "rest":
                    rest_target = index[target]
                else:
                    p[i, index[target]] = float(value)
            if rest_target is not None:
                p[i, rest_target] = max(0.0, 1.0 - p[i].sum())
        return p
    if form == "counts":
        counts = np.eye(n)
        for origin, count_row in rows:
            i = index[origin]
            if sum(count for _target, count in count_row) <= 0:
                continue  # an absorbing state with no observed moves stays put
            counts[i] = 0.0
            for target, count in count_row:
                counts[i, index[target]] = float(count)
        return probabilities_from_counts(counts)
    rates = np.zeros((n, n))
    for origin, rate_row in rows:
        for target, rate in rate_row:
            rates[index[origin], index[target]] = float(rate)
    return probabilities_from_rates(rates)


def _age_mask(ages: str | int | None, start_age: int, cycles: int) -> npt.NDArray[np.bool_]:
    """Whether each cycle's age is in ``ages`` (read-only: kept for the next compile)."""
    return _kept_age_mask(ages, start_age, cycles)


@functools.lru_cache(maxsize=4096, typed=True)
def _kept_age_mask(ages: str | int | None, start_age: int, cycles: int) -> npt.NDArray[np.bool_]:
    age = start_age + np.arange(cycles)
    if ages is None:
        mask = np.ones(cycles, dtype=bool)
    else:
        low, high = parse_range(ages)
        mask = (age >= low) & (age <= high)
    mask.setflags(write=False)
    return mask


def _span(mask: npt.NDArray[np.bool_]) -> slice:
    """The cycles of a mask of consecutive cycles (an age or year range) as a slice: the
    same cells, indexed without a copy."""
    found = np.flatnonzero(mask)
    if found.size == 0:
        return slice(0, 0)
    first, last = int(found[0]), int(found[-1])
    if last - first + 1 != found.size:
        raise AssertionError("a range of ages or years is consecutive")
    return slice(first, last + 1)


@functools.lru_cache(maxsize=4096, typed=True)
def _age_span(ages: str | int | None, start_age: int, cycles: int) -> slice:
    """:func:`_age_mask` as a slice (:func:`_span`)."""
    return _span(_kept_age_mask(ages, start_age, cycles))


@functools.lru_cache(maxsize=4096, typed=True)
def _year_span(years: str | int | None, cycles: int, default: tuple[int, int]) -> slice:
    """:func:`_year_mask` as a slice (:func:`_span`)."""
    return _span(_kept_year_mask(years, cycles, default))


def _year_mask(
    years: str | int | None, cycles: int, default: tuple[int, int]
) -> npt.NDArray[np.bool_]:
    """Whether each cycle is in ``years`` (read-only: kept for the next compile)."""
    return _kept_year_mask(years, cycles, default)


@functools.lru_cache(maxsize=4096, typed=True)
def _kept_year_mask(
    years: str | int | None, cycles: int, default: tuple[int, int]
) -> npt.NDArray[np.bool_]:
    low, high = default if years is None else parse_range(years, upper=cycles - 1)
    t = np.arange(cycles)
    mask = (t >= low) & (t <= high)
    mask.setflags(write=False)
    return mask


def effect_weights(effect: Effect, start_age: int, cycles: int) -> FloatArray:
    """Weight of an effect's log in each cycle: 1 in its window, decaying after it.

    Without a window the effect lasts the whole horizon. After the window's last cycle
    ``t_end``, with ``u = t - t_end``, the weight is ``max(0, 1 - u / years)`` for linear
    decay, ``0.5 ** (u / years)`` for exponential decay (``years`` is the half-life),
    ``(1 - rate) ** u`` for yearly decay and ``ratio ** (u / years)`` for WSIPP's follow-up
    ratio (the share of the effect left ``years`` after the first follow-up).
    """
    if effect.ages is not None:
        active = _age_mask(effect.ages, start_age, cycles)
    elif effect.years is not None:
        active = _year_mask(effect.years, cycles, (0, cycles - 1))
    else:
        active = np.ones(cycles, dtype=bool)
    weights = active.astype(np.float64)
    if not active.any():
        return weights
    end = int(np.nonzero(active)[0][-1])
    after = np.arange(cycles) - end
    decay: Decay = effect.decay
    later = after > 0
    u = after[later]
    if decay.type == "linear" and decay.years:
        weights[later] = np.maximum(0.0, 1.0 - u / decay.years)
    elif decay.type == "exponential" and decay.years:
        weights[later] = 0.5 ** (u / decay.years)
    elif decay.type == "yearly" and decay.rate is not None:
        weights[later] = (1.0 - decay.rate) ** u
    elif decay.type == "follow_up_ratio" and decay.years and decay.ratio is not None:
        weights[later] = decay.ratio ** (u / decay.years)
    return weights


def effect_targets(
    effect: Effect, states: list[str]
) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.bool_]]:
    """The rows an effect changes and its targeted transitions in each, ``(rows, targets)``.

    Each from-state is a row once; its targets are the moves to the states of ``to`` other
    than itself (so ``from: [a, b], to: [b, c]`` acts on a -> b, a -> c and b -> c, never on
    staying in b).
    """
    index = {s: i for i, s in enumerate(states)}
    origins = dict.fromkeys(_states_of(effect.from_states))  # each from-state once
    rows = np.array([index[s] for s in origins], dtype=np.intp)
    targets = np.zeros((rows.size, len(states)), dtype=bool)
    for t in _states_of(effect.to_states):
        targets[:, index[t]] = True
    targets[np.arange(rows.size), rows] = False  # a move out of a state, not staying in it
    return rows, targets


def _effect(effect: Effect, states: list[str], start_age: int, cycles: int) -> TransitionEffect:
    rows, targets = effect_targets(effect, states)
    multiplier = effect.start_age_multiplier(start_age) * effect.adjustment_product()
    return TransitionEffect(
        rows=rows,
        targets=targets,
        log_effect=np.array([np.log(effect.ratio()) * multiplier]),
        weights=effect_weights(effect, start_age, cycles),
        kind=effect.kind,
        complement=effect.complement,
    )


def _band_matrix(block: TransitionBlock, states: tuple[str, ...]) -> FloatArray:
    """:func:`block_matrix`, the kept one itself (read-only; ``np.stack`` copies it)."""
    form, rows = _block_rows(block)
    try:
        hash(rows)
    except TypeError:
        return _rows_matrix(form, rows, states)
    return _kept_rows_matrix(form, rows, states)


def age_bands(
    scenario: Scenario, states: list[str], cycles: int
) -> tuple[FloatArray, npt.NDArray[np.intp]]:
    """The transition matrix of each age band ``(B, S, S)`` and the band of each cycle
    ``(T,)``, cycle ``t`` being the year the cohort is ``start_age + t`` at its start."""
    blocks = scenario.model.transitions
    kept = tuple(states)
    transitions = np.stack([_band_matrix(b, kept) for b in blocks])
    ages = tuple(b.ages for b in blocks)
    return transitions, _band_of_cycle(ages, scenario.target_group.start_age, cycles).copy()


@functools.lru_cache(maxsize=1024, typed=True)
def _band_of_cycle(
    ages: tuple[str | int, ...], start_age: int, cycles: int
) -> npt.NDArray[np.intp]:
    """The band of each cycle (the first block whose ages hold the cohort's age), kept
    read-only (:func:`age_bands` hands out a copy)."""
    ranges = [parse_range(a) for a in ages]
    bands = []
    for t in range(cycles):
        band = next((i for i, (lo, hi) in enumerate(ranges) if lo <= start_age + t <= hi), None)
        if band is None:
            raise ValueError(f"the model has no transitions for age {start_age + t}")
        bands.append(band)
    out = np.array(bands, dtype=np.intp)
    out.setflags(write=False)
    return out


def _book(
    target: FloatArray,
    index: tuple[Any, ...],
    payer: int,
    category: int,
    recipient: int,
    amount: float,
) -> None:
    """Add ``amount`` to ``target[index + (payer, category)]``; a transfer is also booked,
    negated, on its recipient (income to the recipient), so transfers net to zero."""
    target[(*index, payer, category)] += amount
    if CATEGORIES[category] == "transfer":
        target[(*index, recipient, category)] -= amount


def public_finance_rules(rules: TaxRules) -> PublicFinanceRules:
    """The rates of resolved ``tax_rules`` as
    :class:`~socinvest.core.equalisation.PublicFinanceRules`."""

    def tier(unit: EqualisationUnit) -> TierRates:
        return TierRates(
            own_rate=numeric(unit.tax_rate),
            tax_capacity=numeric(unit.tax_capacity),
            population_share=numeric(unit.population_share),
            grant_rate=numeric(unit.grant_rate),
            fee_rate=numeric(unit.fee_rate),
            mean_rate=numeric(unit.mean_rate),
        )

    return PublicFinanceRules(
        kommun=tier(rules.kommun),
        region=tier(rules.region),
        guarantee=numeric(rules.guarantee),
        employer_rate=numeric(rules.employer_contributions),
        employer_pension_rate=numeric(rules.employer_pension_contribution),
        general_pension_rate=numeric(rules.general_pension_contribution),
        price_base_amount=numeric(rules.price_base_amount),
        state_tax_threshold=numeric(rules.state_tax_threshold),
        state_tax_rate=numeric(rules.state_tax_rate),
    )


def earnings_shares(scenario: Scenario, p_index: dict[str, int]) -> list[FloatArray]:
    """Per earnings line, the share of its amount that each payer receives ``(N,)``: the
    fixed ``production_split``, or the split of that labour cost by ``tax_rules``."""
    rules = scenario.model.tax_rules
    split = scenario.model.production_split or {}
    out = []
    for earn in scenario.model.earnings:
        share = np.zeros(len(p_index))
        if rules is not None:
            amount = numeric(earn.annual)
            if amount > 0:
                parts = split_labour_cost(amount, public_finance_rules(rules)).amounts()
                for role, part in zip(ROLES, parts, strict=True):
                    share[p_index[TAX_RULE_RECEIVERS[role]]] += float(part) / amount
        else:
            for payer, portion in split.items():
                share[p_index[payer]] += numeric(portion)
        out.append(share)
    return out


LAGGED_ROLES = ("kommun", "other_kommuner", "region", "other_regions")
"""The receivers under ``tax_rules`` that are paid after the payment lag."""


def payment_lag_cells(
    scenario: Scenario, p_index: dict[str, int]
) -> tuple[npt.NDArray[np.bool_] | None, int]:
    """``(lagged cells (N, C), lag in years)`` of the scenario: the production flows of the
    kommun, the region and the rest of their tiers under ``tax_rules``; ``(None, 0)`` without."""
    rules = scenario.model.tax_rules
    if rules is None:
        return None, 0
    lag = numeric(rules.payment_lag_years)
    if lag != int(lag) or lag < 0:
        raise ValueError(f"expected a whole number of years for the payment lag, found {lag}")
    cells = np.zeros((len(p_index), len(CATEGORIES)), dtype=bool)
    for role in LAGGED_ROLES:
        cells[p_index[TAX_RULE_RECEIVERS[role]], CATEGORIES.index("production")] = True
    return (cells, int(lag)) if lag > 0 else (None, 0)


def compile_scenario(
    scenario: Scenario,
    production_shares: list[FloatArray] | tuple[FloatArray, ...] | None = None,
    *,
    money_of: CompiledScenario | None = None,
) -> CompiledScenario:
    """Compile a validated scenario (see :func:`socinvest.scenario.load.load_scenario`).

    ``production_shares`` (one ``(N,)`` array per earnings line) replaces the shares of
    :func:`earnings_shares`: a probabilistic analysis holds the split of the value of work at
    the shares of the deterministic run (:mod:`socinvest.analysis.psa`).

    ``money_of``: a compiled scenario that differs from ``scenario`` in money amounts only
    (the probabilistic analysis's derivatives in each money parameter): its transition
    matrices, age bands and the alternatives' effects are taken instead of being built
    again.
    """
    states = [s.id for s in scenario.model.states]
    s_index = {s: i for i, s in enumerate(states)}
    tree = payer_tree_of(scenario)
    p_index = {p: i for i, p in enumerate(tree.ids)}
    c_index = {c: i for i, c in enumerate(CATEGORIES)}
    n_s, n_p, n_c = len(states), len(tree.ids), len(CATEGORIES)
    tg = scenario.target_group
    unit_cycles, calendar_years = horizon_cycles(scenario)
    start_age = tg.start_age

    if money_of is not None:
        if [a.id for a in money_of.alternatives] != [a.id for a in scenario.alternatives]:
            raise ValueError("money_of is a compiled scenario with other alternatives")
        transitions, band_of_cycle = money_of.transitions, money_of.band_of_cycle
    else:
        transitions, band_of_cycle = age_bands(scenario, states, unit_cycles)

    initial = np.zeros(n_s)
    for name, share in tg.initial_states.items():
        initial[s_index[name]] = share

    annual = np.zeros((unit_cycles, n_s, n_p, n_c))
    on_entry = np.zeros((unit_cycles, n_s, n_p, n_c))
    # The capacity parts only when a cost line is capacity (zeros are not free to make).
    capacity_annual: FloatArray | None = None
    capacity_on_entry: FloatArray | None = None
    if any(cost.frees_capacity for cost in scenario.model.costs):
        capacity_annual = np.zeros(annual.shape)
        capacity_on_entry = np.zeros(on_entry.shape)
    for cost in scenario.model.costs:
        mask = _age_span(cost.ages, start_age, unit_cycles)
        cat = c_index[cost.category]
        recipient = cost.recipient or INDIVIDUAL
        for state in _states_of(cost.state):
            for target, capacity, amount in (
                (annual, capacity_annual, cost.annual),
                (on_entry, capacity_on_entry, cost.on_entry),
            ):
                if amount is not None:
                    index = (mask, s_index[state])
                    who = p_index[cost.payer]
                    _book(target, index, who, cat, p_index[recipient], numeric(amount))
                    if cost.frees_capacity:
                        assert capacity is not None
                        _book(capacity, index, who, cat, p_index[recipient], numeric(amount))
    production = c_index["production"]
    shares = (
        list(production_shares)
        if production_shares is not None
        else earnings_shares(scenario, p_index)
    )
    for earn, line_share in zip(scenario.model.earnings, shares, strict=True):
        mask = _age_span(earn.ages, start_age, unit_cycles)
        for state in _states_of(earn.state):
            annual[mask, s_index[state], :, production] -= numeric(earn.annual) * line_share
    lagged, lag = payment_lag_cells(scenario, p_index)

    compiled_alternatives = []
    interventions = {i.id: i for i in scenario.interventions}
    intake = np.asarray(tg.intake_sizes(), dtype=np.float64)
    for a, alt in enumerate(scenario.alternatives):
        chosen = [interventions[name] for name in alt.interventions]
        compiled_alternatives.append(
            _compile_alternative(
                alt.id,
                alt.comparison,
                chosen,
                states,
                initial,
                p_index,
                start_age,
                unit_cycles,
                calendar_years,
                len(intake),
                scenario,
                money_of.alternatives[a].effects if money_of is not None else None,
            )
        )
    any_capacity = (
        capacity_annual is not None
        and capacity_on_entry is not None
        and bool(capacity_annual.any() or capacity_on_entry.any())
    )

    return CompiledScenario(
        scenario=scenario,
        states=states,
        payers=tree,
        start_age=start_age,
        start_year=scenario.analysis.start_year,
        unit_cycles=unit_cycles,
        calendar_years=calendar_years,
        intake=intake,
        initial=initial,
        transitions=transitions,
        band_of_cycle=band_of_cycle,
        annual=annual,
        on_entry=on_entry,
        alternatives=compiled_alternatives,
        capacity_annual=capacity_annual if any_capacity else None,
        capacity_on_entry=capacity_on_entry if any_capacity else None,
        production_shares=tuple(shares),
        lagged_cells=lagged,
        payment_lag=lag,
        payment_holder=p_index[TAX_RULE_RECEIVERS["state"]] * n_c + production,
    )


def _compile_alternative(
    alt_id: str,
    comparison: bool,
    chosen: list[Intervention],
    states: list[str],
    initial: FloatArray,
    p_index: dict[str, int],
    start_age: int,
    unit_cycles: int,
    calendar_years: int,
    intake_years: int,
    scenario: Scenario | None = None,
    effects_given: list[TransitionEffect] | None = None,
) -> CompiledAlternative:
    s_index = {s: i for i, s in enumerate(states)}
    c_index = {c: i for i, c in enumerate(CATEGORIES)}
    n_s, n_p, n_c = len(states), len(p_index), len(CATEGORIES)
    totals = AlternativeCapacity(
        participant_annual=np.zeros((unit_cycles, n_s, n_p, n_c)),
        participant_start=np.zeros((n_s, n_p, n_c)),
        fixed=np.zeros((calendar_years, n_p, n_c)),
    )
    # The capacity part only when a cost line is capacity (zeros are not free to make).
    capacity = (
        AlternativeCapacity(
            participant_annual=np.zeros(totals.participant_annual.shape),
            participant_start=np.zeros(totals.participant_start.shape),
            fixed=np.zeros(totals.fixed.shape),
        )
        if any(cost.frees_capacity for intervention in chosen for cost in intervention.costs)
        else None
    )
    effects: list[TransitionEffect] = []
    bias = scenario.analysis.optimism_bias if scenario is not None else None

    for intervention in chosen:
        eligible = intervention.eligible_states or [s for s in states if initial[s_index[s]] > 0]
        uplift = 1.0 + cost_uplift(intervention, bias)
        for cost in intervention.costs:
            payer, cat = p_index[cost.payer], c_index[cost.category]
            recipient = p_index[cost.recipient or INDIVIDUAL]
            cost_states = [s_index[s] for s in (cost.states or eligible)]
            books = (
                (totals, capacity) if cost.frees_capacity and capacity is not None else (totals,)
            )
            for book in books:
                if cost.fixed_per_year is not None:
                    mask = _year_span(cost.years, calendar_years, (0, intake_years - 1))
                    amount = numeric(cost.fixed_per_year) * uplift
                    _book(book.fixed, (mask,), payer, cat, recipient, amount)
                elif cost.per_participant is not None:
                    amount = numeric(cost.per_participant) * uplift
                    for s in cost_states:
                        _book(book.participant_start, (s,), payer, cat, recipient, amount)
                elif cost.per_participant_year is not None:
                    mask = _year_span(cost.years, unit_cycles, (0, 0))
                    amount = numeric(cost.per_participant_year) * uplift
                    for s in cost_states:
                        _book(book.participant_annual, (mask, s), payer, cat, recipient, amount)
        if effects_given is None:
            effects += [_effect(e, states, start_age, unit_cycles) for e in intervention.effects]
    any_capacity = capacity is not None and any(
        a.any() for a in (capacity.participant_annual, capacity.participant_start, capacity.fixed)
    )
    return CompiledAlternative(
        id=alt_id,
        comparison=comparison,
        interventions=tuple(i.id for i in chosen),
        effects=effects if effects_given is None else effects_given,
        participant_annual=totals.participant_annual,
        participant_start=totals.participant_start,
        fixed=totals.fixed,
        capacity=capacity if any_capacity else None,
    )


def cost_uplift(intervention: Intervention, bias: OptimismBias | None) -> float:
    """The optimism-bias uplift of an intervention's costs (0 without one): the fraction
    ``analysis.optimism_bias.costs`` gives for its confidence grade of costs (HM Treasury,
    *The Green Book*, paragraphs 5.43-5.46: costs are raised for optimism bias)."""
    if bias is None:
        return 0.0
    grade = intervention.confidence.costs if intervention.confidence else None
    return bias.fraction("costs", grade) or 0.0
