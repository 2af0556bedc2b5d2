"""What the next evaluation is worth: the expected value of sample information (EVSI) of
following ``n`` more participants (and a comparison group of the same size) for ``k`` more
years, against its cost (issue 13, item 3).

Method: the regression method of Strong, Oakley, Brennan and Breeze (2015). From one
probabilistic analysis (:func:`socinvest.analysis.psa.run_psa`) of the scenario as now known
(after the local data: the posterior scenario of :mod:`socinvest.analysis.followup`):

1. each draw ``d`` carries the effect's log ``theta_d`` as the analysis applied it
   (:class:`socinvest.analysis.followup.EffectParts`);
2. for each draw a local study is simulated: ``m = n k`` observations in each group (the
   indicator measured once a year per participant, years taken as independent), the
   comparison group's events ``Bin(m, p0)`` at the baseline proportion ``p0`` and the
   intervention group's ``Bin(m, p1_d)`` with ``logit p1_d = logit p0 + theta_d`` (or
   ``p1_d = min(1, p0 exp(theta_d))`` for a relative risk); its summary statistic is the log
   odds ratio (or log relative risk) of the simulated table
   (:func:`socinvest.core.bayes.log_ratio_estimates`), whose variance shrinks as ``1/m``;
3. each alternative's net benefit per person (the NPV of the chosen scope against the
   comparison, divided by the children of the programme; the comparison's is 0) is
   regressed on the statistic with the P-spline smoother of :mod:`socinvest.core.voi`
   (generalised cross-validation; the paper uses a GAM, not available here), and
   ``EVSI = mean_d max_a fitted - max_a mean_d fitted`` (:func:`socinvest.core.voi.evsi`).

EVSI can never exceed the EVPI of the same draws; a regression estimate above it is Monte
Carlo noise of the smoother and is capped at the EVPI (the sizes capped are listed).

The population value is the per-person value times the persons the decision affects each year
and the annuity factor of the scenario's discount rate over the years the decision applies
(Claxton and Posnett 1996; as :mod:`socinvest.analysis.value_of_information`). The cost of
the evaluation is ``cost per participant-year x n x k + fixed cost``; the expected net benefit
of sampling is ``ENBS = population EVSI - cost``, and the optimal size the ``n`` of the grid
with the largest positive ENBS (none when no size pays for itself).

Reference: Strong, M., Oakley, J. E., Brennan, A. and Breeze, P. (2015). Estimating the
expected value of sample information using the probabilistic sensitivity analysis sample: a
fast, nonparametric regression-based method. *Medical Decision Making* 35(5), 570-583.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np
from scipy import special

from socinvest.analysis.followup import (
    DEFAULT_DRAWS,
    UNKNOWN_SCOPE,
    FollowUpError,
    decided_alternative,
    effect_parts,
)
from socinvest.analysis.followup_types import (
    EffectLink,
    EvsiPoint,
    EvsiResult,
    FollowUpPlan,
    Observation,
)
from socinvest.analysis.psa import PsaResults, run_psa
from socinvest.core.bayes import FloatArray, Scale, log_ratio_estimates
from socinvest.core.distributions import child_generator
from socinvest.core.voi import annuity_factor, evpi
from socinvest.core.voi import evsi as evsi_regression
from socinvest.i18n import N_
from socinvest.params.errors import Message
from socinvest.params.library import ParameterLibrary
from socinvest.scenario.model import Scenario, numeric
from socinvest.scenario.references import library_for, resolve_scenario

DEFAULT_SIZES = (10, 25, 50, 100, 200, 400, 800, 1600)
"""Participants per group of the local evaluations compared, by default."""

ROUNDING = 1e-12
"""An EVSI below this fraction of the largest net benefit is rounding and taken as 0."""

STREAM = "evsi.study"
"""Name of the random stream of the simulated studies (the same for every size)."""

NO_LINK = N_(
    "what the next evaluation is worth needs an indicator linked to an effect of the scenario; "
    "the plan has none"
)
UNKNOWN_LINKED = N_(
    "the indicator {indicator} is not linked to an effect in the plan; linked indicators: {known}"
)
NO_BASELINE = N_(
    "what the next evaluation is worth needs the comparison group's proportion of {indicator}: "
    "observe the comparison group or give the baseline"
)
BAD_BASELINE = N_("the baseline proportion must lie strictly between 0 and 1, found {value}")
BAD_SIZES = N_("the study sizes must be whole numbers of at least 1, found {sizes}")
BAD_YEARS = N_("the years of follow-up must be at least 1, found {years}")
BAD_COST = N_("the costs of the evaluation must not be negative, found {cost}")
BAD_POPULATION = N_(
    "the population needs persons per year and years of at least 0, found {persons} and {years}"
)
FEW_DRAWS = N_("what the next evaluation is worth needs at least 2 draws, found {draws}")


@dataclass(frozen=True)
class EvsiSettings:
    """What evaluation to value, and its cost.

    ``sizes``: participants per group; ``years``: years of further follow-up;
    ``cost_per_participant_year`` and ``fixed_cost`` in SEK; ``persons_per_year`` and
    ``population_years``: the population the decision affects (default the scenario's mean
    intake per year and its intake years); ``indicator``: the linked indicator whose effect a
    study measures (default the plan's first linked one); ``baseline``: the comparison
    group's proportion (default the comparison group's observed proportion)."""

    sizes: tuple[int, ...] = DEFAULT_SIZES
    years: int = 1
    cost_per_participant_year: float = 0.0
    fixed_cost: float = 0.0
    persons_per_year: float | None = None
    population_years: int | None = None
    indicator: str | None = None
    baseline: float | None = None
    link: EffectLink | None = None

    def resolved_for(
        self,
        plan: FollowUpPlan,
        observations: Sequence[Observation],
        as_of: str | None = None,
    ) -> EvsiSettings:
        """These settings with the indicator, its link and the baseline filled in from the
        plan and the comparison group's observations.

        Raises
        ------
        FollowUpError
            When the plan links no indicator, the named one is not linked, or no baseline is
            given or observed.
        """
        linked = [i for i in plan.indicators if i.effect is not None]
        if not linked:
            raise FollowUpError(Message.of(NO_LINK))
        if self.indicator is None:
            chosen = linked[0]
        else:
            found = [i for i in linked if i.id == self.indicator]
            if not found:
                raise FollowUpError(
                    Message.of(
                        UNKNOWN_LINKED,
                        indicator=repr(self.indicator),
                        known=", ".join(i.id for i in linked),
                    )
                )
            chosen = found[0]
        baseline = self.baseline
        if baseline is None:
            rows = [
                o
                for o in observations
                if o.kind == "indicator"
                and o.indicator == chosen.id
                and o.group == "comparison"
                and o.events is not None
                and o.n
                and (as_of is None or o.period <= as_of)
            ]
            n = sum(o.n or 0 for o in rows)
            if n == 0:
                raise FollowUpError(Message.of(NO_BASELINE, indicator=chosen.id))
            baseline = sum(o.events or 0 for o in rows) / n
            # A proportion of exactly 0 or 1 is Haldane-corrected, as the 2 x 2 table is.
            baseline = min(max(baseline, 0.5 / (n + 1)), 1.0 - 0.5 / (n + 1))
        return replace(self, indicator=chosen.id, link=chosen.effect, baseline=baseline)


def _check(settings: EvsiSettings) -> None:
    if not settings.sizes or any(
        isinstance(n, bool) or not isinstance(n, int) or n < 1 for n in settings.sizes
    ):
        raise FollowUpError(Message.of(BAD_SIZES, sizes=list(settings.sizes)))
    if settings.years < 1:
        raise FollowUpError(Message.of(BAD_YEARS, years=settings.years))
    for cost in (settings.cost_per_participant_year, settings.fixed_cost):
        if not (math.isfinite(cost) and cost >= 0.0):
            raise FollowUpError(Message.of(BAD_COST, cost=cost))
    if settings.baseline is None or not 0.0 < settings.baseline < 1.0:
        raise FollowUpError(Message.of(BAD_BASELINE, value=settings.baseline))


def simulated_statistic(
    theta: FloatArray, baseline: float, m: int, scale: Scale, rng: np.random.Generator
) -> FloatArray:
    """The log ratio of a simulated study of ``m`` observations per group in each draw
    (module docstring, step 2)."""
    if scale == "odds_ratio":
        p1 = special.expit(special.logit(baseline) + theta)
    else:
        p1 = np.minimum(baseline * np.exp(theta), 1.0)
    e0 = rng.binomial(m, baseline, size=theta.shape[0])
    e1 = rng.binomial(m, p1)
    return log_ratio_estimates(e1, m, e0, m, scale)


def evsi_from_psa(
    scenario: Scenario,
    library: ParameterLibrary | None,
    psa: PsaResults,
    settings: EvsiSettings,
    *,
    scope: str = "kommun",
    alternative: str | None = None,
) -> EvsiResult:
    """EVSI over ``settings.sizes`` from a probabilistic analysis already run of ``scenario``
    (module docstring). ``settings`` must name the link and the baseline (see
    :meth:`EvsiSettings.resolved_for`).

    Raises
    ------
    FollowUpError
        For bad settings, an unknown scope or alternative, or fewer than 2 draws.
    """
    if settings.link is None:
        raise FollowUpError(Message.of(NO_LINK))
    _check(settings)
    assert settings.baseline is not None
    if psa.draws < 2:
        raise FollowUpError(Message.of(FEW_DRAWS, draws=psa.draws))
    chosen = decided_alternative(scenario, None, alternative, (settings.link,))
    if scope not in psa.scopes:
        raise FollowUpError(
            Message.of(UNKNOWN_SCOPE, scope=repr(scope), known=", ".join(psa.scopes))
        )
    intake = scenario.target_group.intake_sizes()
    persons = float(sum(intake))
    persons_per_year = (
        settings.persons_per_year
        if settings.persons_per_year is not None
        else persons / len(intake)
    )
    years = settings.population_years if settings.population_years is not None else len(intake)
    if persons_per_year < 0 or years < 0:
        raise FollowUpError(Message.of(BAD_POPULATION, persons=persons_per_year, years=years))
    resolved = resolve_scenario(scenario, library_for(scenario, library))
    analysis = resolved.scenario.analysis
    rate = float(numeric(analysis.discount_rate))
    population = persons_per_year * annuity_factor(rate, years, analysis.timing)

    parts = effect_parts(scenario, library, settings.link, settings.indicator or "-")
    q = psa.scopes.index(scope)
    npv = psa.for_alternative(chosen).npv[:, q] / persons
    nb = np.column_stack([np.zeros(psa.draws), npv])
    ceiling = evpi(nb)
    theta = parts.log_effect(psa.parameter_draws, psa.draws)
    varies = bool(np.ptp(theta) > 0.0)
    points = []
    clamped = []
    for n in settings.sizes:
        value = 0.0
        if varies:
            rng = child_generator(psa.seed, STREAM)
            statistic = simulated_statistic(
                theta, settings.baseline, n * settings.years, parts.scale, rng
            )
            value = evsi_regression(nb, statistic)
            if value <= ROUNDING * max(1.0, float(np.max(np.abs(nb)))):
                value = 0.0  # a difference of rounding
            if value > ceiling:
                clamped.append(n)
                value = ceiling
        cost = float(settings.cost_per_participant_year * n * settings.years + settings.fixed_cost)
        points.append(
            EvsiPoint(
                n=n,
                years=settings.years,
                evsi_per_person=value,
                evsi_population=value * population,
                cost=cost,
                enbs=value * population - cost,
            )
        )
    paying = [p for p in points if p.enbs > 0.0]
    optimal = max(paying, key=lambda p: (p.enbs, -p.n)).n if paying else None
    return EvsiResult(
        points=tuple(points),
        optimal_n=optimal,
        evpi_per_person=ceiling,
        population=population,
        scope=scope,
        clamped=tuple(clamped),
        indicator=settings.indicator,
        baseline=settings.baseline,
    )


def evsi(
    scenario: Scenario,
    library: ParameterLibrary | None,
    settings: EvsiSettings,
    *,
    scope: str = "kommun",
    draws: int = DEFAULT_DRAWS,
    seed: int | None = None,
    alternative: str | None = None,
) -> EvsiResult:
    """EVSI of ``scenario`` (as now known, e.g. the posterior scenario) from a probabilistic
    analysis of ``draws`` draws (``seed`` default the scenario's); see
    :func:`evsi_from_psa`."""
    if draws < 2:
        raise FollowUpError(Message.of(FEW_DRAWS, draws=draws))
    psa = run_psa(scenario, library, draws, seed)
    return evsi_from_psa(scenario, library, psa, settings, scope=scope, alternative=alternative)
