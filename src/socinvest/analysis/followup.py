"""The follow-up of a decided investment: plan against actual, effects learned from local
data by Bayes' rule, and the forecast re-run with them (issue 13).

Plan against actual (:func:`deviations`)
    Per period: reach (participants of the intervention group), cost per payer and each
    indicator. A proportion is the events over the participants summed over the rows of the
    period (intervention group); a count or an amount is the sum of the period's rows.
    ``relative = (actual - planned) / planned``. A deviation is flagged when it is worse than
    the plan by more than the plan's tolerance (less reach, more cost, an indicator higher
    when lower is better or lower when higher is better), or when a planned value has no
    observation in a period up to the last observed one (``as_of``).

Bayes' rule (:func:`effect_updates`)
    Each indicator linked to an effect of the decided scenario (:class:`EffectLink`) updates
    that effect. The prior is the effect as the probabilistic analysis draws it: the log of
    the study's ratio (its published uncertainty) times the start-age multiplier, the sign of
    an ``inverse`` effect and every evidence adjustment (WSIPP's factors, drawn when
    uncertain, and the optimism-bias haircut), summarised as a normal by its exact mean and
    standard deviation (the parts taken as independent; ``E[L] = M E[ln R] prod E[A_j]``,
    ``E[L^2] = M^2 E[(ln R)^2] prod E[A_j^2]``). The local data measure the effect as it acts
    in the municipality, so the prior is on that scale. The indicator's events must be the
    effect's transitions (e.g. the children who moved from at risk to on track in the period,
    of those at risk at its start), in both groups; the counts of all observed periods are
    pooled. Methods (:mod:`socinvest.core.bayes`):

    - ``normal_log_ratio``: the local log odds ratio (or log relative risk) of the 2 x 2
      table with its standard error (Woolf; Haldane's 1/2 when a cell is 0) and the conjugate
      normal update (Spiegelhalter, Abrams and Myles 2004, chapter 3);
    - ``beta_binomial``: the exact posterior of the log ratio given the binomial counts, the
      comparison group's proportion with its conjugate Beta posterior (Jeffreys prior)
      integrated out (the intervention group's prior implied exactly by the comparison's and
      the study effect rather than moment-matched to a Beta), summarised as a normal.

    ``method="auto"`` (the default) takes the beta-binomial when any cell of the 2 x 2 table
    has fewer than :data:`SMALL_CELL` children (where the normal approximation of the log
    ratio is poor; Cochran's rule of five), the normal update otherwise (checkable by hand).

    A fixed effect (no uncertainty declared) cannot be updated: Bayes' rule gives the prior
    back whatever the data. Its update is returned with ``prior_fixed=True``, the local
    estimate for comparison, and the posterior equal to the prior; the scenario is left as it
    is. An indicator without counts in both groups leaves its effect at the prior
    (``local_mean`` is ``None``).

The re-forecast (:func:`posterior_scenario`, :func:`forecast`, :func:`follow_up`)
    The decided scenario with each updated effect replaced by its posterior, written as an
    uncertain log-normal ratio (its median ``exp(m)``, ``sd_log = s``); the study's evidence
    adjustments are removed, since the posterior already describes the effect in the
    municipality, and a note says so. The start-age multiplier, an ``inverse`` and the
    optimism-bias haircut, which the scenario still applies, are divided out. Both forecasts
    are the same probabilistic analysis (:func:`socinvest.analysis.psa.run_psa`) on the same
    seed: every other parameter gets the same draws (common random numbers), so the
    difference is the local evidence. **The case holds** when the re-forecast's expected NPV
    for the decision maker's scope is above 0 (the decision rule of an expected-value
    maximiser; the probability of a gain is shown beside it).

Limitations: the parts of an effect are taken as independent for the prior (rank
correlations between them are ignored); an effect whose ratio is a library parameter shared
with another effect is replaced only where the link points.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import numpy.typing as npt

from socinvest.analysis.followup_types import (
    AuditEntry,
    Deviation,
    EffectLink,
    EffectUpdate,
    FollowUpPlan,
    FollowUpResult,
    ForecastSummary,
    Observation,
    UpdateMethod,
)
from socinvest.analysis.psa import EFFECT_USES, PsaResults, drawn_parameters, run_psa
from socinvest.core.bayes import (
    Normal,
    Scale,
    beta_binomial_update,
    beta_log_ratio,
    log_ratio_from_counts,
    log_spec_moments,
    normal_update,
    spec_moments,
)
from socinvest.i18n import N_
from socinvest.params.errors import Message
from socinvest.params.library import ParameterLibrary
from socinvest.params.sampling import spec_for
from socinvest.params.yaml_source import LineMap
from socinvest.scenario.load import scenario_from_data
from socinvest.scenario.model import Scenario, numeric
from socinvest.scenario.references import library_for, references, resolve_scenario

if TYPE_CHECKING:
    from socinvest.analysis.evsi import EvsiSettings

FloatArray = npt.NDArray[np.float64]

DEFAULT_DRAWS = 1000
"""Draws of each forecast."""

SMALL_CELL = 5
"""``method="auto"`` takes the beta-binomial when a cell of the 2 x 2 table is below this."""

MAX_LOG_RATIO = 50.0
"""Largest magnitude of a posterior's log ratio written into a scenario."""

POSTERIOR_NOTE = (
    "Posterior from the local follow-up (socinvest followup): the study's effect as the prior, "
    "updated by Bayes' rule with the municipality's own observations ({method}; {n1} "
    "participants and {n0} in the comparison group); the log ratio applied is {mean:.4f} "
    "(sd {sd:.4f}). The study's evidence adjustments are removed: the posterior already "
    "describes the effect here."
)

Method = UpdateMethod | Literal["auto"]


class FollowUpError(ValueError):
    """A plan, an observation or an option the follow-up cannot use; ``text`` is the
    translatable message (shown in the user's language)."""

    def __init__(self, message: Message) -> None:
        super().__init__(message.english)
        self.text = message


UNKNOWN_INTERVENTION = N_(
    "the indicator {indicator} informs the intervention {intervention}, which the scenario "
    "does not have; expected one of: {known}"
)
UNKNOWN_EFFECT = N_(
    "the indicator {indicator} informs effect {index} of {intervention}, which has {count} "
    "effects (counted from 0)"
)
NOT_A_PROPORTION = N_(
    "the indicator {indicator} informs an effect but is {kind}; only a proportion "
    "(events of n in each group) can update an effect"
)
KIND_TEXT = {"count": N_("a count"), "amount": N_("an amount")}
UNKNOWN_INDICATOR = N_(
    "line {line}: the observation is of the indicator {indicator}, which the plan does not "
    "have; expected one of: {known}"
)
BAD_COUNTS = N_(
    "line {line}: expected 0 <= events <= n for the indicator {indicator}, found {events} "
    "events of {n}"
)
UNKNOWN_SCOPE = N_("unknown scope {scope}; expected one of: {known}")
UNKNOWN_ALTERNATIVE = N_(
    "unknown alternative {alternative}; expected one of: {known} (not the comparison alternative)"
)
WHICH_ALTERNATIVE = N_(
    "the scenario has several alternatives ({known}) and the plan links no effect to one; "
    "name the decided alternative"
)
CANNOT_WRITE_POSTERIOR = N_(
    "the posterior of effect {index} of {intervention} cannot be written as a ratio (log "
    "ratio {mean}, multiplier {multiplier})"
)
CASE_HOLDS = N_(
    "The case still holds for {scope}: with the local results the expected net present value "
    "is {updated} (decided: {decided}), and the probability of a gain {p_updated} (decided: "
    "{p_decided})."
)
CASE_FAILS = N_(
    "The case no longer holds for {scope}: with the local results the expected net present "
    "value is {updated} (decided: {decided}), and the probability of a gain {p_updated} "
    "(decided: {p_decided})."
)


# --------------------------------------------------------------------------------------------
# Plan against actual


def _sum(values: Iterable[float]) -> float:
    return float(math.fsum(values))


def _proportion(rows: Sequence[Observation]) -> tuple[float, int | None]:
    """A period's proportion: summed events over summed n when every row has both, else the
    n-weighted mean of the values, else their plain mean."""
    if all(r.events is not None and r.n is not None for r in rows):
        n = sum(r.n or 0 for r in rows)
        events = sum(r.events or 0 for r in rows)
        return (events / n if n > 0 else math.nan), n
    if all(r.n is not None for r in rows):
        n = sum(r.n or 0 for r in rows)
        weighted = _sum(r.value * (r.n or 0) for r in rows)
        return (weighted / n if n > 0 else math.nan), n
    return _sum(r.value for r in rows) / len(rows), None


def _deviation(
    period: str,
    item: str,
    planned: float | None,
    actual: float | None,
    tolerance: float,
    worse_if_higher: bool,
    due: bool,
    n: int | None = None,
) -> Deviation:
    relative = (
        (actual - planned) / planned
        if planned is not None and actual is not None and planned != 0.0
        else None
    )
    if actual is None or (isinstance(actual, float) and math.isnan(actual)):
        flagged = planned is not None and due
        return Deviation(period, item, planned, None, None, flagged, n)
    if planned is None:
        return Deviation(period, item, None, actual, None, False, n)
    worse = (actual - planned) if worse_if_higher else (planned - actual)
    flagged = worse > tolerance * abs(planned) * (1.0 + 1e-12)
    return Deviation(period, item, planned, actual, relative, flagged, n)


def _check_observations(plan: FollowUpPlan, observations: Sequence[Observation]) -> None:
    known = {i.id for i in plan.indicators}
    for o in observations:
        line = str(o.line) if o.line is not None else "?"
        if o.kind == "indicator" and o.indicator not in known:
            raise FollowUpError(
                Message.of(
                    UNKNOWN_INDICATOR,
                    line=line,
                    indicator=repr(o.indicator),
                    known=", ".join(sorted(known)) or "-",
                )
            )
        if o.events is not None and (o.n is None or not 0 <= o.events <= o.n):
            raise FollowUpError(
                Message.of(
                    BAD_COUNTS, line=line, indicator=o.indicator or "-", events=o.events, n=o.n
                )
            )


def _observed_periods(observations: Sequence[Observation]) -> list[str]:
    return sorted({o.period for o in observations})


def deviations(
    plan: FollowUpPlan, observations: Sequence[Observation], *, as_of: str | None = None
) -> tuple[Deviation, ...]:
    """Plan against actual per period (see the module docstring).

    Parameters
    ----------
    plan : FollowUpPlan
    observations : sequence of Observation
        Only the intervention group's rows are compared with the plan.
    as_of : str, optional
        The last period due: a planned value without an observation is flagged as missing up
        to it, not after. Default the last period with any observation (none: nothing is
        due).

    Returns
    -------
    tuple of Deviation
        By period (the plan's, then periods observed but not planned, as text sorts), then
        reach, the payers' costs (sorted) and the indicators in the plan's order.
    """
    _check_observations(plan, observations)
    observed = _observed_periods(observations)
    due_until = as_of if as_of is not None else (observed[-1] if observed else None)
    periods = list(plan.periods) + [p for p in observed if p not in plan.periods]
    ours = [o for o in observations if o.group == "intervention"]
    out: list[Deviation] = []
    tol = plan.tolerance
    for period in periods:
        due = due_until is not None and period <= due_until
        rows = [o for o in ours if o.period == period]
        reach_rows = [o for o in rows if o.kind == "reach"]
        planned_reach = plan.reach.get(period)
        out.append(
            _deviation(
                period,
                "reach",
                float(planned_reach) if planned_reach is not None else None,
                _sum(o.value for o in reach_rows) if reach_rows else None,
                tol,
                worse_if_higher=False,
                due=due,
            )
        )
        planned_cost = plan.cost.get(period, {})
        payers = sorted(set(planned_cost) | {o.payer or "" for o in rows if o.kind == "cost"})
        for payer in payers:
            cost_rows = [o for o in rows if o.kind == "cost" and (o.payer or "") == payer]
            out.append(
                _deviation(
                    period,
                    f"cost:{payer}",
                    planned_cost.get(payer),
                    _sum(o.value for o in cost_rows) if cost_rows else None,
                    tol,
                    worse_if_higher=True,
                    due=due,
                )
            )
        for indicator in plan.indicators:
            ind_rows = [o for o in rows if o.kind == "indicator" and o.indicator == indicator.id]
            actual: float | None = None
            n: int | None = None
            if ind_rows:
                if indicator.kind == "proportion":
                    actual, n = _proportion(ind_rows)
                else:
                    actual = _sum(o.value for o in ind_rows)
                    ns = [o.n for o in ind_rows]
                    n = sum(x or 0 for x in ns) if all(x is not None for x in ns) else None
            out.append(
                _deviation(
                    period,
                    f"indicator:{indicator.id}",
                    indicator.planned.get(period),
                    actual,
                    tol,
                    worse_if_higher=indicator.lower_is_better,
                    due=due,
                    n=n,
                )
            )
    return tuple(out)


# --------------------------------------------------------------------------------------------
# The effect as the model uses it


@dataclass(frozen=True)
class EffectParts:
    """How the probabilistic analysis makes the log of one effect in a draw (as
    ``socinvest.analysis.psa`` does): ``ln(ratio) x multiplier x prod(drawn adjustments)``.

    ``ratio`` is the drawn ratio's ``(id, times)`` or ``None`` (then ``fixed_log_ratio``);
    ``adjustments`` the drawn adjustments' ``(id, times)``; ``multiplier`` holds the start
    age's multiplier, the sign of an ``inverse`` effect and the adjustments that are not
    drawn; ``kept_multiplier`` is the part of it a posterior scenario still applies (start
    age, sign and the optimism-bias haircut)."""

    link: EffectLink
    scale: Scale
    ratio: tuple[str, float] | None
    fixed_log_ratio: float
    adjustments: tuple[tuple[str, float], ...]
    multiplier: float
    kept_multiplier: float

    def log_effect(self, draws: Mapping[str, npt.ArrayLike], n: int) -> FloatArray:
        """The effect's log in each of ``n`` draws of the parameters (``draws`` by id)."""
        if self.ratio is None:
            log = np.full(n, self.fixed_log_ratio)
        else:
            pid, times = self.ratio
            log = np.log(np.asarray(draws[pid], dtype=np.float64) * times)
        factor = np.full(n, self.multiplier)
        for pid, times in self.adjustments:
            factor = factor * (np.asarray(draws[pid], dtype=np.float64) * times)
        return np.asarray(log * factor, dtype=np.float64)


def _effect_of(scenario: Scenario, link: EffectLink, indicator: str) -> tuple[int, Any]:
    ids = [i.id for i in scenario.interventions]
    if link.intervention not in ids:
        raise FollowUpError(
            Message.of(
                UNKNOWN_INTERVENTION,
                indicator=indicator,
                intervention=repr(link.intervention),
                known=", ".join(ids) or "-",
            )
        )
    position = ids.index(link.intervention)
    effects = scenario.interventions[position].effects
    if not 0 <= link.index < len(effects):
        raise FollowUpError(
            Message.of(
                UNKNOWN_EFFECT,
                indicator=indicator,
                index=link.index,
                intervention=link.intervention,
                count=len(effects),
            )
        )
    return position, effects[link.index]


def _optimism_factor(scenario: Scenario, position: int) -> float:
    bias = scenario.analysis.optimism_bias
    if bias is None or bias.effects is None:
        return 1.0
    confidence = scenario.interventions[position].confidence
    haircut = bias.fraction("effects", confidence.effects if confidence else None)
    return 1.0 - haircut if haircut else 1.0


def effect_parts(
    scenario: Scenario,
    library: ParameterLibrary | None,
    link: EffectLink,
    indicator: str = "-",
) -> EffectParts:
    """The parts of the linked effect as the probabilistic analysis draws them.

    Raises
    ------
    FollowUpError
        If the scenario has no such intervention or effect.
    """
    position, declared = _effect_of(scenario, link, indicator)
    resolved = resolve_scenario(scenario, library_for(scenario, library))
    effect = resolved.scenario.interventions[position].effects[link.index]
    _money, ratios = drawn_parameters(scenario, resolved.parameters)
    drawn = set(ratios)
    ratio: tuple[str, float] | None = None
    drawn_adjustments: dict[int, tuple[str, float]] = {}
    for path, ref, use in references(scenario):
        if use not in EFFECT_USES or ref.param not in drawn or path[:1] != ("interventions",):
            continue
        if path[1] != position or path[3] != link.index:
            continue
        if path[4] == "adjustments":
            drawn_adjustments[int(path[5])] = (ref.param, ref.times)
        else:
            ratio = (ref.param, ref.times)
    start_age = resolved.scenario.target_group.start_age
    sign = -1.0 if effect.inverse else 1.0
    multiplier = effect.start_age_multiplier(start_age) * sign
    for k, adjustment in enumerate(effect.adjustments):
        if k not in drawn_adjustments:
            multiplier *= numeric(adjustment.factor)
    kept = declared.start_age_multiplier(start_age) * sign * _optimism_factor(scenario, position)
    return EffectParts(
        link=link,
        scale=effect.kind,
        ratio=ratio,
        fixed_log_ratio=math.log(effect.ratio()),
        adjustments=tuple(drawn_adjustments[k] for k in sorted(drawn_adjustments)),
        multiplier=multiplier,
        kept_multiplier=kept,
    )


def prior_of(
    parts: EffectParts, scenario: Scenario, library: ParameterLibrary | None = None
) -> Normal:
    """The normal prior of the effect's log as the model uses it: exact mean and standard
    deviation of ``ln(R) x M x prod(A_j)`` with the parts independent (module docstring)."""
    resolved = resolve_scenario(scenario, library_for(scenario, library))
    parameters = resolved.parameters
    if parts.ratio is None:
        e1, e2 = parts.fixed_log_ratio, parts.fixed_log_ratio**2
    else:
        pid, times = parts.ratio
        e1, e2 = log_spec_moments(spec_for(parameters[pid]), times)
    m1, m2 = parts.multiplier, parts.multiplier**2
    for pid, times in parts.adjustments:
        a1, a2 = spec_moments(spec_for(parameters[pid]))
        m1, m2 = m1 * a1 * times, m2 * a2 * times * times
    mean = e1 * m1
    var = max(e2 * m2 - mean * mean, 0.0)
    sd = math.sqrt(var)
    if sd <= 1e-12 * max(1.0, abs(mean)):
        sd = 0.0
    return Normal(mean, sd)


# --------------------------------------------------------------------------------------------
# Bayes' rule


@dataclass(frozen=True)
class _Counts:
    e1: int
    n1: int
    e0: int
    n0: int


def _counts(indicator: str, observations: Sequence[Observation], as_of: str | None) -> _Counts:
    totals = {"intervention": [0, 0], "comparison": [0, 0]}
    for o in observations:
        if o.kind != "indicator" or o.indicator != indicator:
            continue
        if as_of is not None and o.period > as_of:
            continue
        if o.events is None or o.n is None:
            continue
        totals[o.group][0] += o.events
        totals[o.group][1] += o.n
    (e1, n1), (e0, n0) = totals["intervention"], totals["comparison"]
    return _Counts(e1, n1, e0, n0)


def _method_for(method: Method | Mapping[str, UpdateMethod], indicator: str, c: _Counts) -> str:
    chosen = method.get(indicator, "auto") if isinstance(method, Mapping) else method
    if chosen != "auto":
        return chosen
    cells = (c.e1, c.n1 - c.e1, c.e0, c.n0 - c.e0)
    return "beta_binomial" if min(cells) < SMALL_CELL else "normal_log_ratio"


def update_effect(
    prior: Normal,
    counts: tuple[int, int, int, int],
    method: UpdateMethod,
    scale: Scale,
) -> tuple[Normal | None, Normal]:
    """``(local, posterior)`` of the log ratio from ``counts = (events_1, n_1, events_0,
    n_0)`` by ``method`` (:mod:`socinvest.core.bayes`); ``local`` is ``None`` and the
    posterior the prior when a group has no participants."""
    e1, n1, e0, n0 = counts
    if n1 == 0 or n0 == 0:
        return None, prior
    if method == "normal_log_ratio":
        local = log_ratio_from_counts(e1, n1, e0, n0, scale)
        return local, normal_update(prior, local)
    return beta_log_ratio(e1, n1, e0, n0, scale), beta_binomial_update(prior, e1, n1, e0, n0, scale)


def effect_updates(
    scenario: Scenario,
    library: ParameterLibrary | None,
    plan: FollowUpPlan,
    observations: Sequence[Observation],
    *,
    method: Method | Mapping[str, UpdateMethod] = "auto",
    as_of: str | None = None,
) -> tuple[EffectUpdate, ...]:
    """The effects updated by Bayes' rule, one per indicator linked to an effect, in the
    plan's order (see the module docstring).

    Parameters
    ----------
    scenario : Scenario
        The decided scenario, as loaded.
    library : ParameterLibrary, optional
        With any ``--params`` applied.
    plan, observations
        The follow-up plan and the observations (both groups).
    method : "auto", "beta_binomial", "normal_log_ratio", or a mapping by indicator id
        How to update (an indicator not in a mapping: ``auto``).
    as_of : str, optional
        Use observations up to this period (default all).

    Raises
    ------
    FollowUpError
        For a link to an effect the scenario does not have, a linked indicator that is not a
        proportion, or bad counts.
    """
    _check_observations(plan, observations)
    out = []
    for indicator in plan.indicators:
        if indicator.effect is None:
            continue
        if indicator.kind != "proportion":
            raise FollowUpError(
                Message.of(
                    NOT_A_PROPORTION,
                    indicator=indicator.id,
                    kind=Message.of(KIND_TEXT[indicator.kind]),
                )
            )
        parts = effect_parts(scenario, library, indicator.effect, indicator.id)
        prior = prior_of(parts, scenario, library)
        c = _counts(indicator.id, observations, as_of)
        chosen: UpdateMethod = _method_for(method, indicator.id, c)  # type: ignore[assignment]
        local, posterior = update_effect(prior, (c.e1, c.n1, c.e0, c.n0), chosen, parts.scale)
        out.append(
            EffectUpdate(
                link=indicator.effect,
                indicator=indicator.id,
                method=chosen,
                scale=parts.scale,
                prior_mean=prior.mean,
                prior_sd=prior.sd,
                local_mean=local.mean if local is not None else None,
                local_se=local.sd if local is not None else None,
                posterior_mean=posterior.mean,
                posterior_sd=posterior.sd,
                events_intervention=c.e1,
                n_intervention=c.n1,
                events_comparison=c.e0,
                n_comparison=c.n0,
                prior_fixed=prior.sd == 0.0,
            )
        )
    return tuple(out)


# --------------------------------------------------------------------------------------------
# The posterior scenario


def _changes(update: EffectUpdate) -> bool:
    return update.local_mean is not None and not update.prior_fixed


def posterior_scenario(
    scenario: Scenario,
    updates: Sequence[EffectUpdate],
    library: ParameterLibrary | None = None,
) -> Scenario:
    """The decided scenario with each updated effect replaced by its posterior (module
    docstring), validated like a scenario file. Updates without local data or of a fixed
    effect change nothing; with none that changes anything the scenario itself is returned.

    Raises
    ------
    FollowUpError
        If an update links to an effect the scenario does not have, or its posterior cannot
        be written as a ratio.
    socinvest.params.errors.InputError
        If the posterior scenario does not validate.
    """
    changing = [u for u in updates if _changes(u)]
    if not changing:
        return scenario
    data = scenario.model_dump(by_alias=True, exclude_unset=True)
    for update in changing:
        position, _effect = _effect_of(scenario, update.link, update.indicator)
        parts = effect_parts(scenario, library, update.link, update.indicator)
        kept = parts.kept_multiplier
        log_ratio = update.posterior_mean / kept if kept != 0.0 else math.inf
        sd_log = update.posterior_sd / abs(kept) if kept != 0.0 else math.inf
        if not (abs(log_ratio) <= MAX_LOG_RATIO and 0.0 < sd_log <= 10.0):
            raise FollowUpError(
                Message.of(
                    CANNOT_WRITE_POSTERIOR,
                    index=update.link.index,
                    intervention=update.link.intervention,
                    mean=f"{update.posterior_mean:.6g}",
                    multiplier=f"{kept:.6g}",
                )
            )
        effect = data["interventions"][position]["effects"][update.link.index]
        for key in ("study", "odds_ratio", "relative_risk", "adjustments"):
            effect.pop(key, None)
        note = POSTERIOR_NOTE.format(
            method=update.method,
            n1=update.n_intervention,
            n0=update.n_comparison,
            mean=update.posterior_mean,
            sd=update.posterior_sd,
        )
        effect[parts.scale] = {
            "value": math.exp(log_ratio),
            "distribution": "lognormal",
            "sd_log": sd_log,
            "note": note,
        }
        effect["note"] = note
    return scenario_from_data(data, LineMap(), f"posterior of scenario '{scenario.id}'", library)


# --------------------------------------------------------------------------------------------
# Forecasts


def decided_alternative(
    scenario: Scenario,
    plan: FollowUpPlan | None = None,
    alternative: str | None = None,
    links: Sequence[EffectLink] = (),
) -> str:
    """The alternative decided: ``alternative`` if given (checked), else the first
    non-comparison alternative with an intervention the plan (or ``links``) links an effect
    to, else the only non-comparison alternative.

    Raises
    ------
    FollowUpError
        For an unknown or comparison alternative, or when the choice is ambiguous.
    """
    others = [a for a in scenario.alternatives if not a.comparison]
    known = ", ".join(a.id for a in others)
    if alternative is not None:
        if alternative not in {a.id for a in others}:
            raise FollowUpError(
                Message.of(UNKNOWN_ALTERNATIVE, alternative=repr(alternative), known=known)
            )
        return alternative
    linked = [i.effect.intervention for i in (plan.indicators if plan else ()) if i.effect]
    linked += [link.intervention for link in links]
    for name in linked:
        for alt in others:
            if name in alt.interventions:
                return alt.id
    if len(others) == 1:
        return others[0].id
    raise FollowUpError(Message.of(WHICH_ALTERNATIVE, known=known))


def summaries(
    psa: PsaResults, alternative: str, scopes: Sequence[str] | None = None
) -> tuple[ForecastSummary, ...]:
    """The NPV to the horizon of ``alternative`` against the comparison, per scope (default
    every scope of the analysis: payer nodes, then the perspectives)."""
    alt = psa.for_alternative(alternative)
    chosen = list(psa.scopes) if scopes is None else list(scopes)
    for scope in chosen:
        if scope not in psa.scopes:
            raise FollowUpError(
                Message.of(UNKNOWN_SCOPE, scope=repr(scope), known=", ".join(psa.scopes))
            )
    return tuple(
        ForecastSummary(
            scope=s,
            npv_mean=alt.horizon[s].mean,
            npv_p2_5=alt.horizon[s].p2_5,
            npv_p97_5=alt.horizon[s].p97_5,
            p_gain=alt.horizon[s].p_positive,
        )
        for s in chosen
    )


def forecast(
    scenario: Scenario,
    library: ParameterLibrary | None = None,
    scopes: Sequence[str] | None = None,
    draws: int = DEFAULT_DRAWS,
    seed: int | None = None,
    *,
    alternative: str | None = None,
) -> tuple[ForecastSummary, ...]:
    """The probabilistic forecast of the decided alternative against the comparison, per
    scope (:func:`socinvest.analysis.psa.run_psa`; ``seed`` defaults to the scenario's)."""
    chosen = decided_alternative(scenario, None, alternative)
    return summaries(run_psa(scenario, library, draws, seed), chosen, scopes)


def follow_up(
    scenario: Scenario,
    library: ParameterLibrary | None,
    plan: FollowUpPlan,
    observations: Sequence[Observation],
    *,
    scope: str = "kommun",
    draws: int = DEFAULT_DRAWS,
    seed: int | None = None,
    evsi: EvsiSettings | None = None,
    method: Method | Mapping[str, UpdateMethod] = "auto",
    alternative: str | None = None,
    scopes: Sequence[str] | None = None,
    as_of: str | None = None,
    investment: str = "",
    audit: Sequence[AuditEntry] = (),
) -> FollowUpResult:
    """The follow-up of a decided investment (module docstring): plan against actual, the
    effects updated, the decided forecast and the re-forecast on the same seed, whether the
    case holds for ``scope``, and, with ``evsi`` (an
    :class:`socinvest.analysis.evsi.EvsiSettings`), what the next evaluation is worth
    (computed on the re-forecast: the knowledge after the local data).

    Raises
    ------
    FollowUpError
        For bad plans, observations or options (see the functions called).
    """
    from socinvest.analysis.evsi import evsi_from_psa  # it imports this module

    seed = scenario.analysis.seed if seed is None else seed
    chosen = decided_alternative(scenario, plan, alternative)
    found = deviations(plan, observations, as_of=as_of)
    updates = effect_updates(scenario, library, plan, observations, method=method, as_of=as_of)
    posterior = posterior_scenario(scenario, updates, library)
    decided_psa = run_psa(scenario, library, draws, seed)
    updated_psa = decided_psa if posterior is scenario else run_psa(posterior, library, draws, seed)
    if scope not in decided_psa.scopes:
        raise FollowUpError(
            Message.of(UNKNOWN_SCOPE, scope=repr(scope), known=", ".join(decided_psa.scopes))
        )
    wanted = None if scopes is None else list(dict.fromkeys([scope, *scopes]))
    decided = summaries(decided_psa, chosen, wanted)
    updated = summaries(updated_psa, chosen, wanted)
    mine = next(f for f in updated if f.scope == scope)
    value = None
    if evsi is not None:
        value = evsi_from_psa(
            posterior,
            library,
            updated_psa,
            evsi.resolved_for(plan, observations, as_of),
            scope=scope,
            alternative=chosen,
        )
    return FollowUpResult(
        investment=investment,
        scope=scope,
        deviations=found,
        updates=updates,
        decided=decided,
        updated=updated,
        case_holds=mine.npv_mean > 0.0,
        evsi=value,
        audit=tuple(audit),
        draws=draws,
        seed=seed,
    )


def _default_amount(x: float) -> str:
    return f"{x / 1e6:.1f} MSEK"


def _default_share(x: float) -> str:
    return f"{100.0 * x:.0f} %"


def case_statement(
    result: FollowUpResult,
    amount: Callable[[float], str] = _default_amount,
    share: Callable[[float], str] = _default_share,
) -> Message:
    """The plain statement whether the case still holds for the result's scope, as a
    translatable message (``amount`` and ``share`` format the numbers for the language)."""
    decided = next(f for f in result.decided if f.scope == result.scope)
    updated = next(f for f in result.updated if f.scope == result.scope)
    return Message.of(
        CASE_HOLDS if result.case_holds else CASE_FAILS,
        scope=result.scope,
        updated=amount(updated.npv_mean),
        decided=amount(decided.npv_mean),
        p_updated=share(updated.p_gain),
        p_decided=share(decided.p_gain),
    )


__all__ = [
    "DEFAULT_DRAWS",
    "EffectParts",
    "FollowUpError",
    "case_statement",
    "decided_alternative",
    "deviations",
    "effect_parts",
    "effect_updates",
    "follow_up",
    "forecast",
    "posterior_scenario",
    "prior_of",
    "summaries",
    "update_effect",
]
