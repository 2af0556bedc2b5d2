"""The follow-up of a decided investment, as plain data: the plan, the observations, and what
the analysis makes of them.

These types are the seam between the layers of the follow-up loop (issue 13): the store
(:mod:`socinvest.store`) saves and loads them, the analysis
(:mod:`socinvest.analysis.followup`, :mod:`socinvest.analysis.evsi`) computes on them, the
reports (:mod:`socinvest.reports.followup_report`) show them and the CLI moves them between.
They hold no database session and no ORM object.

Periods are text: a calendar year (``"2026"``) or a half or quarter of one (``"2026H1"``,
``"2026Q3"``), ordered as text sorts them within one plan.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

IndicatorKind = Literal["proportion", "count", "amount"]
"""A proportion (events / n, e.g. the share placed out of home), a count, or an amount."""

Group = Literal["intervention", "comparison"]
"""Whose value an observation is: the participants', or the local comparison group's."""

ObservationKind = Literal["reach", "cost", "indicator"]

UpdateMethod = Literal["beta_binomial", "normal_log_ratio"]
"""How an effect is updated from local data (:mod:`socinvest.analysis.followup`):
``beta_binomial`` a proportion against the comparison group's, ``normal_log_ratio`` a normal
update of the log odds ratio or log relative risk."""


@dataclass(frozen=True)
class EffectLink:
    """Which effect of the decided scenario an indicator informs: the ``index``-th entry of
    ``effects`` of intervention ``intervention`` (as in the scenario file, counting from 0)."""

    intervention: str
    index: int = 0


@dataclass(frozen=True)
class IndicatorPlan:
    """One indicator followed up: what it is, its planned value per period and, when it
    measures an effect of the scenario, which one.

    ``planned`` maps a period to the planned value (a share for a proportion)."""

    id: str
    label_sv: str
    label_en: str
    kind: IndicatorKind
    planned: dict[str, float] = field(default_factory=dict)
    effect: EffectLink | None = None
    lower_is_better: bool = True


@dataclass(frozen=True)
class FollowUpPlan:
    """What was planned for a decided investment, per period.

    ``reach``: planned participants per period; ``cost``: planned cost per period and payer id
    (SEK, the scenario's price year); ``tolerance``: the relative deviation (0.10 = 10 %)
    beyond which a deviation is flagged."""

    periods: tuple[str, ...]
    reach: dict[str, int] = field(default_factory=dict)
    cost: dict[str, dict[str, float]] = field(default_factory=dict)
    indicators: tuple[IndicatorPlan, ...] = ()
    tolerance: float = 0.10


@dataclass(frozen=True)
class Observation:
    """One observed value: actual reach, actual cost of one payer, or an indicator's value.

    For a proportion give ``events`` and ``n`` (``value`` is then ``events / n``); ``n`` is the
    number of children the value is measured on. ``line`` is the row of the file it was read
    from, for messages."""

    period: str
    kind: ObservationKind
    value: float
    indicator: str | None = None
    payer: str | None = None
    group: Group = "intervention"
    n: int | None = None
    events: int | None = None
    line: int | None = None


@dataclass(frozen=True)
class Deviation:
    """Plan against actual for one item in one period: ``item`` is ``"reach"``,
    ``"cost:<payer>"`` or ``"indicator:<id>"``; ``relative`` is ``(actual - planned) /
    planned`` (``None`` when nothing was planned); ``flagged`` when it exceeds the plan's
    tolerance in the unfavourable direction, or the actual is missing."""

    period: str
    item: str
    planned: float | None
    actual: float | None
    relative: float | None
    flagged: bool
    n: int | None = None


@dataclass(frozen=True)
class EffectUpdate:
    """One effect updated by Bayes' rule from the local observations.

    Everything on the log scale of the ratio (odds ratio or relative risk, as the scenario's
    effect): the prior from the study (its published uncertainty), the local estimate and its
    standard error, and the posterior. ``events``/``n`` per group are what the update used.
    ``prior_fixed``: the scenario gives the effect without uncertainty, so Bayes' rule cannot
    move it (the posterior is the prior; the local estimate is shown for comparison)."""

    link: EffectLink
    indicator: str
    method: UpdateMethod
    scale: Literal["odds_ratio", "relative_risk"]
    prior_mean: float
    prior_sd: float
    local_mean: float | None
    local_se: float | None
    posterior_mean: float
    posterior_sd: float
    events_intervention: int = 0
    n_intervention: int = 0
    events_comparison: int = 0
    n_comparison: int = 0
    prior_fixed: bool = False


@dataclass(frozen=True)
class ForecastSummary:
    """A forecast of one scope (a payer id or a perspective): the NPV's mean and 95 % interval
    over the draws (SEK) and the probability of a gain (the share of draws with NPV > 0)."""

    scope: str
    npv_mean: float
    npv_p2_5: float
    npv_p97_5: float
    p_gain: float


@dataclass(frozen=True)
class EvsiPoint:
    """The expected value of sample information for following ``n`` more participants for
    ``years`` more years: per person affected and for the population, its cost, and the
    expected net benefit of sampling (population EVSI minus cost)."""

    n: int
    years: int
    evsi_per_person: float
    evsi_population: float
    cost: float
    enbs: float


@dataclass(frozen=True)
class EvsiResult:
    """EVSI over study sizes (Strong, Oakley, Brennan & Breeze 2015, the regression method),
    with the size that maximises the expected net benefit of sampling (``None`` when no size
    pays for itself) and the EVPI as the ceiling. ``clamped``: the sizes whose regression
    estimate came out above the EVPI (Monte Carlo noise of the smoother) and was capped at it;
    ``years`` the follow-up years of every point, ``baseline`` the comparison group's
    proportion the simulated studies assumed."""

    points: tuple[EvsiPoint, ...]
    optimal_n: int | None
    evpi_per_person: float
    population: float
    scope: str
    method: str = "regression (Strong et al. 2015)"
    clamped: tuple[int, ...] = ()
    indicator: str | None = None
    baseline: float | None = None


@dataclass(frozen=True)
class AuditEntry:
    """One change in the store: who, when, what, and the values before and after (JSON text)."""

    at: datetime
    actor: str
    action: str
    entity: str
    entity_id: str
    before: str | None = None
    after: str | None = None


@dataclass(frozen=True)
class FollowUpResult:
    """The follow-up of one decided investment: plan against actual, the effects updated from
    local data, the decided forecast and the re-forecast per scope, whether the case still holds
    for the decision maker (``scope``), what the next evaluation is worth, and the audit trail."""

    investment: str
    scope: str
    deviations: tuple[Deviation, ...]
    updates: tuple[EffectUpdate, ...]
    decided: tuple[ForecastSummary, ...]
    updated: tuple[ForecastSummary, ...]
    case_holds: bool
    evsi: EvsiResult | None = None
    audit: tuple[AuditEntry, ...] = ()
    draws: int = 0
    seed: int = 0
