"""Human outcomes beside money: QALYs, person-years of exclusion avoided, cost per unit gained,
the efficiency frontier and an optional welfare figure.

Definitions (every alternative against the comparison alternative):

- *QALYs* of an alternative: ``sum_s w_s PY_s``, the quality weight ``w_s`` of each state
  (``model.quality_weights``; an absorbing state left out weighs 0) times the person-years in
  it discounted at the outcome discount rate (``person_years`` of the results). *QALYs gained*:
  the same of the person-year differences (Drummond et al. 2015, *Methods for the Economic
  Evaluation of Health Care Programmes*, 4th ed., ch. 5).
- *Person-years avoided* of a group of the model (``model.groups``, e.g.
  ``long_term_exclusion``): the comparison's discounted person-years in the group's states
  minus the alternative's.
- *Net cost* in a perspective: the present value of the intervention costs minus every
  saving, that is minus the NPV of the perspective: ``public_finances`` (every public payer,
  transfers and taxes count) and ``socio_economic`` (resources and production of every payer).
- *Cost per unit gained*: net cost / gain when both are positive; an alternative that gains
  and does not cost is *dominant*, one that loses and does not save is *dominated*
  (Drummond et al. 2015, ch. 4, the cost-effectiveness plane).
- The efficiency frontier over all alternatives for each perspective and effect
  (:func:`socinvest.core.cost_effectiveness.efficiency_frontier`): the ICERs, and the
  alternatives strongly or extendedly dominated.
- *Welfare* (only with ``analysis.value_per_qaly``): ``socio-economic NPV + value x QALYs
  gained``. It is a separate figure, never added to the budget, public-finances or
  socio-economic ones.

With a probabilistic analysis the same figures are also given from the means over the draws
(net cost: minus the mean NPV; gains: of the mean person-year differences; ratios: of these
means, as in Drummond et al. 2015, ch. 11), and the share of draws in which welfare is
positive. The quality weights themselves are held at their values in every draw.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from socinvest.analysis.results import ScenarioResults
from socinvest.core.cost_effectiveness import FrontierEntry, efficiency_frontier
from socinvest.scenario.model import Scenario, Source, numeric

FloatArray = npt.NDArray[np.float64]

CE_PERSPECTIVES: tuple[str, ...] = ("public_finances", "socio_economic")
"""The perspectives whose net cost is set against the outcomes."""

QALY_EFFECT = "qalys"
"""The effect name of QALYs gained (the others are the model's group names)."""

GAIN_TOLERANCE = 1e-9
"""A gain (QALYs or person-years) smaller than this in magnitude counts as none."""


@dataclass(frozen=True)
class Ratio:
    """Net cost per unit gained.

    ``value`` is the ratio when the alternative gains and costs (``flag`` ``None``), or, with
    ``flag`` ``"less_effective_cheaper"``, the SEK saved per unit lost. Otherwise ``value`` is
    ``None`` and ``flag`` says why: ``"dominant"`` (gains and does not cost), ``"dominated"``
    (loses and does not save), ``"no_gain"`` (no change in the outcome).
    """

    value: float | None
    flag: str | None


def cost_per_unit(net_cost: float, gain: float) -> Ratio:
    """The :class:`Ratio` of ``net_cost`` (SEK) to ``gain`` (QALYs or person-years)."""
    if abs(gain) <= GAIN_TOLERANCE:
        return Ratio(None, "no_gain")
    if gain > 0:
        return Ratio(None, "dominant") if net_cost <= 0 else Ratio(net_cost / gain, None)
    if net_cost >= 0:
        return Ratio(None, "dominated")
    return Ratio(net_cost / gain, "less_effective_cheaper")


@dataclass(frozen=True)
class AlternativeOutcomes:
    """The human outcomes and their cost of one alternative against the comparison.

    ``net_cost`` and the ratios are by perspective (:data:`CE_PERSPECTIVES`);
    ``person_years_avoided`` and ``cost_per_person_year_avoided`` by group. The comparison
    alternative has zero gains and net costs and no ratios. ``qalys`` and ``qalys_gained`` are
    ``None`` without quality weights; ``welfare`` without a value per QALY;
    ``welfare_p_positive`` outside the means over draws.
    """

    alternative: str
    comparison: bool
    qalys: float | None
    qalys_gained: float | None
    person_years_avoided: dict[str, float]
    net_cost: dict[str, float]
    cost_per_qaly: dict[str, Ratio]
    cost_per_person_year_avoided: dict[str, dict[str, Ratio]]
    welfare: float | None
    welfare_p_positive: float | None = None


@dataclass(frozen=True)
class OutcomeSet:
    """Every alternative's outcomes (scenario order) and the efficiency frontiers:
    ``frontiers[perspective][effect]``, effect :data:`QALY_EFFECT` or a group name; the
    entries' indices point into ``alternatives``."""

    alternatives: list[AlternativeOutcomes]
    frontiers: dict[str, dict[str, list[FrontierEntry]]]


@dataclass(frozen=True)
class CostEffectiveness:
    """Cost-effectiveness of a scenario's alternatives (see the module docstring).

    ``quality_weights`` holds every state's weight (``None`` without weights); ``effects`` the
    effects of the frontiers; ``mean_over_draws`` is ``None`` without a probabilistic analysis.
    """

    quality_weights: dict[str, float] | None
    groups: dict[str, list[str]]
    value_per_qaly: float | None
    value_per_qaly_source: Source | None
    effects: tuple[str, ...]
    deterministic: OutcomeSet
    mean_over_draws: OutcomeSet | None
    draws: int


def quality_weights(scenario: Scenario) -> dict[str, float] | None:
    """Every state's quality weight of a resolved scenario, in the model's order (absorbing
    states left out weigh 0); ``None`` when the model has none."""
    given = scenario.model.quality_weights
    if given is None:
        return None
    return {
        s.id: float(numeric(given[s.id])) if s.id in given else 0.0 for s in scenario.model.states
    }


def qalys(person_years: Mapping[str, float], weights: Mapping[str, float]) -> float:
    """``sum_s weights[s] * person_years[s]`` over the states of ``weights``."""
    return float(sum(w * person_years[s] for s, w in weights.items()))


def _outcome_set(
    ids: Sequence[str],
    comparison: Sequence[bool],
    qaly_totals: Sequence[float | None],
    gained: Sequence[float | None],
    avoided: Sequence[dict[str, float]],
    net_cost: Sequence[dict[str, float]],
    welfare: Sequence[float | None],
    welfare_p: Sequence[float | None],
    effects: tuple[str, ...],
) -> OutcomeSet:
    rows = []
    for i, alt in enumerate(ids):
        q = gained[i]
        if comparison[i]:
            per_qaly: dict[str, Ratio] = {}
            per_avoided: dict[str, dict[str, Ratio]] = {}
        else:
            per_qaly = (
                {} if q is None else {p: cost_per_unit(net_cost[i][p], q) for p in CE_PERSPECTIVES}
            )
            per_avoided = {
                g: {p: cost_per_unit(net_cost[i][p], py) for p in CE_PERSPECTIVES}
                for g, py in avoided[i].items()
            }
        rows.append(
            AlternativeOutcomes(
                alternative=alt,
                comparison=comparison[i],
                qalys=qaly_totals[i],
                qalys_gained=q,
                person_years_avoided=avoided[i],
                net_cost=net_cost[i],
                cost_per_qaly=per_qaly,
                cost_per_person_year_avoided=per_avoided,
                welfare=welfare[i],
                welfare_p_positive=welfare_p[i],
            )
        )
    frontiers: dict[str, dict[str, list[FrontierEntry]]] = {}
    for p in CE_PERSPECTIVES:
        costs = [r.net_cost[p] for r in rows]
        frontiers[p] = {}
        for effect in effects:
            gains = [
                (r.qalys_gained or 0.0) if effect == QALY_EFFECT else r.person_years_avoided[effect]
                for r in rows
            ]
            frontiers[p][effect] = efficiency_frontier(costs, gains)
    return OutcomeSet(rows, frontiers)


def cost_effectiveness(results: ScenarioResults) -> CostEffectiveness | None:
    """The cost-effectiveness of every alternative (see the module docstring); ``None`` when
    the model has neither quality weights nor groups."""
    scenario = results.scenario
    weights = quality_weights(scenario)
    groups = {g: list(members) for g, members in scenario.model.groups.items()}
    if weights is None and not groups:
        return None
    settings = scenario.analysis
    value = settings.value_per_qaly
    effects = ((QALY_EFFECT,) if weights is not None else ()) + tuple(groups)
    ids = [t.alternative for t in results.totals]
    is_comparison = [t.comparison for t in results.totals]
    comparisons = {c.alternative: c for c in results.comparisons}

    # Deterministic.
    totals_q: list[float | None] = []
    gained: list[float | None] = []
    avoided: list[dict[str, float]] = []
    net_cost: list[dict[str, float]] = []
    welfare: list[float | None] = []
    for tot in results.totals:
        comp = comparisons.get(tot.alternative)
        diff = comp.person_years_diff if comp is not None else dict.fromkeys(tot.person_years, 0.0)
        totals_q.append(None if weights is None else qalys(tot.person_years, weights))
        q = None if weights is None else qalys(diff, weights)
        gained.append(q)
        # 0.0 - x: the comparison's zeros stay +0.0.
        avoided.append({g: 0.0 - sum(diff[s] for s in members) for g, members in groups.items()})
        npv = {p: (comp.horizon[p].npv if comp is not None else 0.0) for p in CE_PERSPECTIVES}
        net_cost.append({p: 0.0 - npv[p] for p in CE_PERSPECTIVES})
        welfare.append(None if value is None or q is None else npv["socio_economic"] + value * q)
    deterministic = _outcome_set(
        ids,
        is_comparison,
        totals_q,
        gained,
        avoided,
        net_cost,
        welfare,
        [None] * len(ids),
        effects,
    )

    # Means over the draws.
    psa = results.psa
    mean_set = None
    if psa is not None:
        states = list(psa.states)
        w = None if weights is None else np.array([weights[s] for s in states])
        index = {g: [states.index(s) for s in members] for g, members in groups.items()}
        totals_q, gained, avoided, net_cost, welfare = [], [], [], [], []
        welfare_p: list[float | None] = []
        for alt, comparison in zip(ids, is_comparison, strict=True):
            mean_py = psa.person_years[alt].mean(axis=0)
            totals_q.append(None if w is None else float(w @ mean_py))
            if comparison:
                py_diff = np.zeros((psa.draws, len(states)))
                npv_draws = np.zeros((psa.draws, len(psa.scopes)))
            else:
                alt_psa = psa.for_alternative(alt)
                py_diff, npv_draws = alt_psa.person_years_diff, alt_psa.npv
            q_draws = None if w is None else py_diff @ w
            gained.append(None if q_draws is None else float(q_draws.mean()))
            avoided.append(
                {g: 0.0 - float(py_diff[:, idx].sum(axis=1).mean()) for g, idx in index.items()}
            )
            net_cost.append(
                {p: 0.0 - float(npv_draws[:, psa.scopes.index(p)].mean()) for p in CE_PERSPECTIVES}
            )
            if value is None or q_draws is None:
                welfare.append(None)
                welfare_p.append(None)
            else:
                draws_welfare = npv_draws[:, psa.scopes.index("socio_economic")] + value * q_draws
                welfare.append(float(draws_welfare.mean()))
                welfare_p.append(None if comparison else float(np.mean(draws_welfare > 0.0)))
        mean_set = _outcome_set(
            ids, is_comparison, totals_q, gained, avoided, net_cost, welfare, welfare_p, effects
        )
    return CostEffectiveness(
        quality_weights=weights,
        groups=groups,
        value_per_qaly=value,
        value_per_qaly_source=settings.value_per_qaly_source,
        effects=effects,
        deterministic=deterministic,
        mean_over_draws=mean_set,
        draws=0 if psa is None else psa.draws,
    )
