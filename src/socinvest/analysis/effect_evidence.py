"""Each effect from the study figure to the figure used: what the study reported, the ratio
it converts to (with its 95% interval), each evidence adjustment and the ratio the model
applies.

The figure used is ``exp(ln(ratio) x start-age multiplier x prod(adjustments))``, the same
product :func:`socinvest.scenario.compile.compile_scenario` puts on the transitions (WSIPP's
adjustments multiply the effect size; here they multiply its log, the scale the effect acts
on). Intervals are the 2.5 and 97.5 percentiles of each declared distribution
(:func:`socinvest.core.distributions.inverse_cdf`); the interval of the figure used holds the
adjustments at their values.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from socinvest.analysis.results import ScenarioResults
from socinvest.core.distributions import inverse_cdf
from socinvest.params.library import ResolvedParameter
from socinvest.params.sampling import spec_for
from socinvest.scenario.inline import USED
from socinvest.scenario.model import Effect, Source, StudyEffect, numeric
from socinvest.scenario.references import references

Interval = tuple[float, float]


@dataclass(frozen=True)
class AdjustmentEvidence:
    """One adjustment: its id, label, factor, 95% interval when drawn, source."""

    id: str
    label: Any
    factor: float
    interval: Interval | None
    parameter: str | None
    source: Source | None
    note: Any


@dataclass(frozen=True)
class EffectEvidence:
    """One effect of one intervention, from the study to the figure used."""

    intervention: str
    index: int
    kind: str
    study: StudyEffect | None
    ratio: float
    ratio_interval: Interval | None
    ratio_parameter: str | None
    adjustments: tuple[AdjustmentEvidence, ...]
    start_age_multiplier: float
    used: float
    used_interval: Interval | None
    decay: str
    follow_up_years: float | None

    @property
    def drawn(self) -> bool:
        """Whether any part of the effect is drawn in the probabilistic analysis."""
        return self.ratio_interval is not None or any(a.interval for a in self.adjustments)


def _interval(parameter: ResolvedParameter | None) -> Interval | None:
    if parameter is None or parameter.uncertainty.distribution == "fixed":
        return None
    spec = spec_for(parameter)
    return float(inverse_cdf(spec, 0.025)), float(inverse_cdf(spec, 0.975))


def _scaled(interval: Interval | None, times: float) -> Interval | None:
    return None if interval is None else (interval[0] * times, interval[1] * times)


def effect_evidence(results: ScenarioResults) -> list[EffectEvidence]:
    """Every effect of every intervention, in the scenario's order."""
    resolved = results.scenario
    start_age = resolved.target_group.start_age
    refs: dict[tuple[Any, ...], tuple[str, float]] = {}
    for path, ref, _use in references(results.loaded or resolved):
        refs[tuple(path)] = (ref.param, ref.times)
    out: list[EffectEvidence] = []
    for i, intervention in enumerate(resolved.interventions):
        for j, effect in enumerate(intervention.effects):
            out.append(_one(results, refs, i, j, intervention.id, effect, start_age))
    return out


def _one(
    results: ScenarioResults,
    refs: dict[tuple[Any, ...], tuple[str, float]],
    i: int,
    j: int,
    intervention: str,
    effect: Effect,
    start_age: int,
) -> EffectEvidence:
    base = ("interventions", i, "effects", j)
    field = "study" if effect.study is not None else effect.kind
    ratio_path = (*base, "study", USED) if effect.study is not None else (*base, field)
    pid, times = refs.get(ratio_path, (None, 1.0))
    parameter = results.parameters.get(pid) if pid else None
    ratio = effect.ratio()
    ratio_interval = _scaled(_interval(parameter), times)
    adjustments = []
    for k, adjustment in enumerate(effect.adjustments):
        apid, atimes = refs.get((*base, "adjustments", k, "factor"), (None, 1.0))
        aparam = results.parameters.get(apid) if apid else None
        adjustments.append(
            AdjustmentEvidence(
                id=adjustment.id,
                label=adjustment.label,
                factor=numeric(adjustment.factor),
                interval=_scaled(_interval(aparam), atimes),
                parameter=apid,
                source=adjustment.source,
                note=adjustment.note,
            )
        )
    multiplier = effect.start_age_multiplier(start_age)
    product = multiplier * effect.adjustment_product()
    used = math.exp(math.log(ratio) * product)
    used_interval: Interval | None = None
    if ratio_interval is not None:
        # An inverse effect's product is negative: the ends swap, so sort them.
        ends = sorted(math.exp(math.log(end) * product) for end in ratio_interval)
        used_interval = (ends[0], ends[1])
    return EffectEvidence(
        intervention=intervention,
        index=j,
        kind=effect.kind,
        study=effect.study,
        ratio=ratio,
        ratio_interval=ratio_interval,
        ratio_parameter=pid,
        adjustments=tuple(adjustments),
        start_age_multiplier=multiplier,
        used=used,
        used_interval=used_interval,
        decay=effect.decay.type,
        follow_up_years=effect.study.follow_up_years if effect.study else None,
    )
