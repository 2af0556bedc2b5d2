"""Break-even and switching values: "hur många måste vi hjälpa?".

For one alternative against the comparison alternative, per scope (a payer node or a
perspective), to the horizon and within the term of office:

Break-even effect
    Each effect of the alternative's interventions in turn has its relative risk or odds
    ratio set to ``r`` (the other effects keep theirs) and ``r*`` with ``NPV(r*) = 0`` is
    found on the log scale over the bracket ``r`` in :data:`EFFECT_BRACKET`. NPV is
    evaluated on a grid of :data:`GRID_POINTS` log-spaced values (plus the current value);
    where NPV changes sign, :func:`scipy.optimize.brentq` solves within the grid interval
    nearest the current value (in log distance). Without a sign change there is no
    break-even: NPV is ``always_positive`` or ``always_negative`` over the bracket (or
    ``flat``: it does not depend on the effect by more than 1 SEK).

Largest intervention cost
    Every intervention cost of the alternative is multiplied by ``c``. Costs enter NPV
    linearly, ``NPV(c) = B - c C`` (``B`` the PV of benefits, ``C`` the PV of intervention
    costs of the scope), so ``c* = B / C`` in closed form; it is also found with brentq on
    the re-run model, as a check. ``c* C`` is the largest PV of intervention costs at which
    the alternative still pays. No break-even: ``pays_at_any_cost`` (``C <= 0`` and
    ``B > 0``) or ``never_pays`` (``B <= 0``: it does not pay even if free).

Number to help
    ``n* = C / A``: the PV of intervention costs ``C`` (to the horizon) divided by the PV of
    the avoided cost per person ``A`` kept out of a pathway. Two definitions of ``A``:

    - ``pathway`` (any scenario): one person in the ``pathway`` state rather than in the
      ``good`` state in every year of ``ages`` (by default the target group's start age to
      the end of the horizon), ``A = sum_a f[a - start_age] * (cost_s(pathway, a) -
      cost_s(good, a))``, where ``cost_s`` is the annual cost per person-year of the model
      rolled up to the scope (with the scope's rule for flow categories, so the value of
      work counts as production) and ``f`` the run's money discount factors (year 0 the
      start year). One-off costs on entering a state are not counted.
    - ``typfall`` (scenarios on the shipped Swedish model): Nilsson and Wadeskog's typfall
      of :mod:`socinvest.analysis.cohort_view`: one person in ``excluded`` every year from
      20 to 64, welfare costs (resource and transfer, every payer but the individual) plus
      the production loss, discounted to the target group's start age. Per payer its
      welfare cost; the socio-economic scope takes its socio-economic cost (real resources
      plus production loss; transfers net out) and public finances the welfare cost.

    ``n* <= 0`` never occurs: with ``A <= 0`` (the pathway costs the scope nothing) there is
    no number, and ``C <= 0`` gives ``n* = 0``.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np

from socinvest.analysis.cohort_view import TYPFALL_AGES, TYPFALL_STATE, cohort_view
from socinvest.analysis.errors import OptionError
from socinvest.analysis.run import (
    AlternativeRun,
    PathCache,
    ScenarioRun,
    paid_when_due,
    run_scenario,
)
from socinvest.analysis.sensitivity import check_scope, chosen_alternatives
from socinvest.analysis.summary import (
    PERSPECTIVES,
    Comparison,
    NpvComparison,
    compare,
    compare_npv,
    scope_flows,
)
from socinvest.params.library import ParameterLibrary
from socinvest.scenario.compile import CompiledAlternative, CompiledScenario, compile_scenario
from socinvest.scenario.model import LifeCourseModel, Scenario, shipped_model
from socinvest.scenario.references import library_for, resolve_scenario
from socinvest.scenario.validate import horizon_cycles

EFFECT_BRACKET = (1e-3, 1e3)
"""Relative risks and odds ratios searched for a break-even effect."""
GRID_POINTS = 61
COST_FACTOR_MAX = 1e9
"""The largest cost factor the root finder searches (the closed form has no limit)."""
FLAT_SEK = 1.0
PERIODS = ("horizon", "term_of_office")
SWEDISH_MODEL = "sverige"
GOOD_STATE = "working"


@dataclass(frozen=True)
class Root:
    """A switching value for one scope and period.

    ``status``: ``found`` (``value`` is the break-even value, ``npv`` the NPV there, within
    1 SEK of zero), or why none exists: ``always_positive``, ``always_negative``, ``flat``
    (effects); ``pays_at_any_cost``, ``never_pays`` (costs).
    """

    scope: str
    period: str
    status: str
    value: float | None
    npv: float | None


@dataclass(frozen=True)
class EffectBreakEven:
    """The break-even of one effect (``index``: its place among the intervention's effects)."""

    intervention: str
    index: int
    from_states: list[str]
    to_states: list[str]
    measure: str
    value: float
    roots: list[Root]


@dataclass(frozen=True)
class CostBreakEven:
    """The largest intervention cost at which the alternative pays, for one scope and period.

    ``factor`` is ``c* = B / C`` (closed form), ``factor_root`` the root finder's answer;
    ``max_pv_costs = c* C``.
    """

    scope: str
    period: str
    pv_costs: float
    pv_benefits: float
    status: str
    factor: float | None
    factor_root: float | None
    max_pv_costs: float | None


@dataclass(frozen=True)
class NumberToHelp:
    """How many persons must be kept out of the pathway for the alternative to pay."""

    scope: str
    definition: str
    pv_costs: float
    avoided_per_person: float
    number: float | None


@dataclass(frozen=True)
class Pathway:
    """The generic pathway definition: a person in ``pathway`` instead of ``good`` at
    ``ages`` (inclusive)."""

    pathway: str
    good: str
    ages: tuple[int, int]

    @classmethod
    def for_scenario(
        cls,
        scenario: Scenario,
        pathway: str | None = None,
        good: str | None = None,
        ages: tuple[int, int] | None = None,
    ) -> Pathway:
        """A pathway with defaults: ``excluded`` instead of ``working``, over the whole
        horizon of one cohort (from the start age to the last age the run reaches)."""
        if ages is None:
            start = scenario.target_group.start_age
            ages = (start, start + horizon_cycles(scenario)[0] - 1)
        return cls(pathway or "excluded", good or "working", ages)


@dataclass(frozen=True)
class BreakEven:
    """All switching values of one alternative."""

    alternative: str
    scopes: list[str]
    npv: dict[str, dict[str, float]]
    effects: list[EffectBreakEven]
    costs: list[CostBreakEven]
    number_to_help: list[NumberToHelp]
    pathway: Pathway | None
    price_year: int
    term_of_office: int


def _npv(comp: Comparison, scope: str, period: str) -> float:
    return (comp.horizon if period == "horizon" else comp.term_of_office)[scope].npv


def _npv_at(comp: NpvComparison, scope: str, period: str) -> float:
    return (comp.horizon if period == "horizon" else comp.term_of_office)[scope]


def _npv_of(
    at: Callable[[float], NpvComparison], scope: str, period: str
) -> Callable[[float], float]:
    def f(x: float) -> float:
        return _npv_at(at(x), scope, period)

    return f


class _Model:
    """Reruns of one alternative with the comparison run done once; their NPV summarised for
    ``scopes`` only (default every scope)."""

    def __init__(
        self, compiled: CompiledScenario, alternative: str, scopes: list[str] | None = None
    ) -> None:
        self.compiled = compiled
        self.scopes = scopes
        self.alternative = next(a for a in compiled.alternatives if a.id == alternative)
        # The cost searches scale the costs only: their runs reuse the alternative's cohort
        # path (the same numbers bit for bit, :class:`PathCache`).
        self.paths = PathCache()
        base = run_scenario(replace(compiled, alternatives=[compiled.comparison]))
        self.money_factors = base.money_factors
        self.outcome_factors = base.outcome_factors
        self.base: AlternativeRun = base.alternatives[0]

    def run(self, alternative: CompiledAlternative) -> ScenarioRun:
        return ScenarioRun(
            compiled=self.compiled,
            alternatives=[self.base, self.paths.run_alternative(self.compiled, alternative)],
            money_factors=self.money_factors,
            outcome_factors=self.outcome_factors,
        )

    def compare_npv(self, alternative: CompiledAlternative) -> NpvComparison:
        # The searches read only the NPV: no IRR or payback at each of their points.
        run = self.run(alternative)
        return compare_npv(run, run.alternatives[1], self.scopes)


def _solve(
    f: Callable[[float], float], grid: list[float], x0: float, xtol: float
) -> tuple[str, float | None]:
    """A root of ``f`` on ``grid`` (sorted): in the sign-changing interval nearest ``x0``."""
    from scipy.optimize import brentq

    values = [f(x) for x in grid]
    if max(abs(v) for v in values) < FLAT_SEK:
        return "flat", None
    intervals = [
        (a, b)
        for a, b, fa, fb in zip(grid, grid[1:], values, values[1:], strict=False)
        if fa == 0.0 or fa * fb < 0.0
    ]
    if values[-1] == 0.0:
        intervals.append((grid[-1], grid[-1]))
    if not intervals:
        return ("always_positive" if values[0] > 0 else "always_negative"), None
    a, b = min(intervals, key=lambda ab: min(abs(ab[0] - x0), abs(ab[1] - x0)))
    if f(a) == 0.0:
        return "found", a
    root = brentq(f, a, b, xtol=xtol, rtol=4 * np.finfo(float).eps, maxiter=500)
    return "found", float(root)


def effect_break_even(
    model: _Model, k: int, scopes: list[str], intervention: str, index: int, measure: str
) -> EffectBreakEven:
    """The break-even of the ``k``-th effect of the alternative (see the module docstring)."""
    alt = model.alternative
    effect = alt.effects[k]
    cache: dict[float, NpvComparison] = {}

    def at(log_r: float) -> NpvComparison:
        if log_r not in cache:
            effects = list(alt.effects)
            effects[k] = replace(effect, log_effect=np.full_like(effect.log_effect, log_r))
            cache[log_r] = model.compare_npv(replace(alt, effects=effects))
        return cache[log_r]

    x0 = float(effect.log_effect[0])
    lo, hi = (math.log(v) for v in EFFECT_BRACKET)
    grid = sorted({*np.linspace(lo, hi, GRID_POINTS).tolist(), x0})
    roots = []
    for scope in scopes:
        for period in PERIODS:
            status, x = _solve(_npv_of(at, scope, period), grid, x0, 1e-13)
            roots.append(
                Root(
                    scope=scope,
                    period=period,
                    status=status,
                    value=None if x is None else math.exp(x),
                    npv=None if x is None else _npv_at(at(x), scope, period),
                )
            )
    return EffectBreakEven(
        intervention=intervention,
        index=index,
        from_states=[model.compiled.states[i] for i in effect.rows.tolist()],
        to_states=[
            s for j, s in enumerate(model.compiled.states) if bool(effect.targets[:, j].any())
        ],
        measure=measure,
        value=math.exp(x0),
        roots=roots,
    )


def _scaled_costs(alt: CompiledAlternative, c: float) -> CompiledAlternative:
    return replace(
        alt,
        participant_annual=alt.participant_annual * c,
        participant_start=alt.participant_start * c,
        fixed=alt.fixed * c,
    )


def cost_break_even(model: _Model, base: Comparison, scopes: list[str]) -> list[CostBreakEven]:
    """The cost factor ``c*`` per scope and period, in closed form and by root finding."""
    cache: dict[float, NpvComparison] = {}

    def at(c: float) -> NpvComparison:
        if c not in cache:
            cache[c] = model.compare_npv(_scaled_costs(model.alternative, c))
        return cache[c]

    out = []
    for scope in scopes:
        for period in PERIODS:
            m = (base.horizon if period == "horizon" else base.term_of_office)[scope]
            costs, benefits = m.pv_costs, m.pv_benefits
            status, factor, root = "found", None, None
            if benefits <= 0.0:
                status = "never_pays"
            elif costs <= 0.0:
                status = "pays_at_any_cost"
            else:
                factor = benefits / costs
                if factor <= COST_FACTOR_MAX:
                    hi = max(2.0 * factor, 1.0)
                    _status, root = _solve(_npv_of(at, scope, period), [0.0, hi], factor, 1e-12)
            out.append(
                CostBreakEven(
                    scope=scope,
                    period=period,
                    pv_costs=costs,
                    pv_benefits=benefits,
                    status=status,
                    factor=factor,
                    factor_root=root,
                    max_pv_costs=None if factor is None else factor * costs,
                )
            )
    return out


def avoided_per_person(run: ScenarioRun, pathway: Pathway) -> dict[str, float]:
    """PV per scope of one person in ``pathway.pathway`` instead of ``pathway.good`` (see the
    module docstring)."""
    compiled = run.compiled
    states = compiled.states
    for state in (pathway.pathway, pathway.good):
        if state not in states:
            raise OptionError(
                "--pathway", f"unknown state {state!r}; expected one of: {', '.join(states)}"
            )
    first, last = pathway.ages
    cycles = compiled.annual.shape[0]
    t0, t1 = first - compiled.start_age, last - compiled.start_age
    if t0 < 0 or t1 >= cycles or t0 > t1:
        raise OptionError(
            "--ages",
            f"expected ages within {compiled.start_age}-{compiled.start_age + cycles - 1} "
            f"(the target group's start age to the horizon), found {first}-{last}",
        )
    p, g = states.index(pathway.pathway), states.index(pathway.good)
    diff = np.zeros((1, cycles, *compiled.annual.shape[2:]))
    diff[0, t0 : t1 + 1] = compiled.annual[t0 : t1 + 1, p] - compiled.annual[t0 : t1 + 1, g]
    cells = diff.shape[2] * diff.shape[3]
    paid = paid_when_due(compiled, diff.reshape(1, cycles, cells))  # the tax lag, if any
    years = min(paid.shape[1], run.money_factors.size)
    paid = paid[:, :years].reshape(1, years, *diff.shape[2:])
    flows = scope_flows(run, paid)
    factors = run.money_factors[:years]
    return {scope: float(v[0] @ factors) for scope, v in flows.items()}


def default_pathway(compiled: CompiledScenario) -> Pathway | None:
    """``excluded`` instead of ``working`` from 20 to 64 (within the horizon) when the model
    has those states; else ``None``."""
    states = compiled.states
    if TYPFALL_STATE not in states or GOOD_STATE not in states:
        return None
    last = compiled.start_age + compiled.annual.shape[0] - 1
    first = max(TYPFALL_AGES[0], compiled.start_age)
    end = min(TYPFALL_AGES[1], last)
    if first > end:
        return None
    return Pathway(TYPFALL_STATE, GOOD_STATE, (first, end))


def is_swedish_model(scenario: Scenario) -> bool:
    """Whether the scenario runs on the shipped Swedish model unchanged."""
    return scenario.model == LifeCourseModel.model_validate(shipped_model(SWEDISH_MODEL))


def _number(costs: float, avoided: float) -> float | None:
    if avoided <= 0.0:
        return None
    return max(costs, 0.0) / avoided


def break_even(
    scenario: Scenario,
    library: ParameterLibrary | None = None,
    alternative: str | None = None,
    scopes: list[str] | None = None,
    pathway: Pathway | None = None,
) -> list[BreakEven]:
    """Every switching value of each chosen alternative (see the module docstring).

    Parameters
    ----------
    scenario : Scenario
        As loaded.
    library : ParameterLibrary, optional
        With any ``--params`` applied.
    alternative : str, optional
        One alternative; default every alternative but the comparison.
    scopes : list of str, optional
        Payer ids and perspectives; default the two perspectives and every top-level payer
        that bears intervention costs.
    pathway : Pathway, optional
        For the generic number to help; default :func:`default_pathway`.

    Raises
    ------
    ValueError
        For an unknown scope, alternative or state, or ages outside the horizon.
    """
    base_library = library_for(scenario, library)
    resolved = resolve_scenario(scenario, base_library).scenario
    compiled = compile_scenario(resolved)
    for scope in scopes or []:
        check_scope(compiled, scope)
    alternatives = chosen_alternatives(scenario, alternative)
    full = run_scenario(compiled)
    chosen_pathway = pathway if pathway is not None else default_pathway(compiled)
    avoided = avoided_per_person(full, chosen_pathway) if chosen_pathway is not None else None
    settings = resolved.analysis
    typfall = None
    if is_swedish_model(scenario) and compiled.start_age <= 30:
        typfall = cohort_view(
            base_library,
            1.0,
            compiled.start_age,
            price_year=settings.price_year,
            start_year=settings.start_year,
        ).typfall
    out = []
    for alt_id in alternatives:
        base = compare(full, next(a for a in full.alternatives if a.id == alt_id))
        if scopes:
            chosen = list(scopes)
        else:
            chosen = [*reversed(PERSPECTIVES)] + [
                p
                for p in compiled.payers.top_level
                if base.horizon[p].pv_costs > 0.0 and p not in PERSPECTIVES
            ]
        # The searches read only the chosen scopes' NPV.
        model = _Model(compiled, alt_id, chosen)
        effects = []
        k = 0
        alt_def = next(a for a in resolved.alternatives if a.id == alt_id)
        interventions = {i.id: i for i in resolved.interventions}
        for iid in alt_def.interventions:
            for index, effect in enumerate(interventions[iid].effects):
                measure = effect.kind
                effects.append(effect_break_even(model, k, chosen, iid, index, measure))
                k += 1
        numbers = []
        for scope in chosen:
            costs = base.horizon[scope].pv_costs
            if typfall is not None:
                if scope == "socio_economic":
                    value = typfall.pv_socio_economic
                elif scope == "public_finances":
                    value = typfall.pv_welfare
                else:
                    value = typfall.pv_welfare_by_payer.get(scope, 0.0)
                numbers.append(NumberToHelp(scope, "typfall", costs, value, _number(costs, value)))
            if avoided is not None:
                value = avoided[scope]
                numbers.append(NumberToHelp(scope, "pathway", costs, value, _number(costs, value)))
        out.append(
            BreakEven(
                alternative=alt_id,
                scopes=chosen,
                npv={scope: {p: _npv(base, scope, p) for p in PERIODS} for scope in chosen},
                effects=effects,
                costs=cost_break_even(model, base, chosen),
                number_to_help=numbers,
                pathway=chosen_pathway,
                price_year=settings.price_year,
                term_of_office=settings.term_of_office,
            )
        )
    return out
