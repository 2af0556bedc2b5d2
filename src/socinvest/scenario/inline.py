"""Numbers written in the scenario with their uncertainty, as parameters of their own.

Two kinds of scenario values carry uncertainty without a library entry:

- an inline uncertain number, ``{value: 2.22, ci95: [1.22, 4.04], distribution: lognormal}``
  (:class:`~socinvest.scenario.model.Uncertain`), in any field that may refer to the library;
- an effect as the study reports it (:class:`~socinvest.scenario.model.StudyEffect`),
  converted to the log of an odds ratio or relative risk by
  :mod:`socinvest.core.effect_sizes` (Chinn 2000 for a standardised mean difference).

Each becomes a parameter with the id ``inline.<its path>`` (e.g.
``inline.interventions_1.effects_0.study``), added to the scenario's library beside its own
``parameters:`` (:func:`socinvest.scenario.references.library_for`). From there on it is
resolved, drawn, pinned in the tornado and listed in the appendix like any library
parameter: the probabilistic analysis needs nothing of its own for it.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from socinvest.core.effect_sizes import (
    LogEffect,
    log_ratio,
    log_ratio_from_interval,
    risk_difference_to_log_odds_ratio,
    se_from_interval,
    smd_to_log_odds_ratio,
)
from socinvest.params.model import (
    Citation,
    DatedValue,
    Label,
    ParameterOverride,
    Uncertainty,
)
from socinvest.params.yaml_source import format_path
from socinvest.scenario.model import Scenario, Source, StudyEffect, Uncertain, text_in

Path = tuple[str | int, ...]

INLINE_PREFIX = "inline"
"""First part of the id of every parameter made from an inline value."""

USED = "used"
"""The field of a study effect that receives the converted ratio when resolved."""

UNITS = {"annual": "SEK/year", "once": "SEK", "ratio": "ratio", "adjustment": "fraction"}
"""The unit of an inline parameter, by the use of its field."""


def inline_id(path: Path) -> str:
    """The parameter id of the inline value at ``path``: ``inline.`` and the path, each list
    index joined to its key (``("interventions", 1, "effects", 0, "study")`` gives
    ``inline.interventions_1.effects_0.study``)."""
    parts: list[str] = []
    for key in path:
        if isinstance(key, int):
            parts[-1] = f"{parts[-1]}_{key}"
            continue
        word = "".join(c if c.isascii() and (c.isalnum() or c == "_") else "_" for c in key.lower())
        parts.append(word if word[:1].isalpha() else f"n{word}")
    return ".".join([INLINE_PREFIX, *parts])


LEAVES = (str, int, float, dt.date, type(None))
"""Values that hold nothing to walk into: a walk of a scenario does not enter them (most of
its values), which changes nothing of what it finds, or in which order."""


def field_keys(cls: type[BaseModel]) -> tuple[tuple[str, str], ...]:
    """A model's fields as ``(name, key in the scenario data)`` (the alias, or the name)."""
    keys = _FIELD_KEYS.get(cls)
    if keys is None:
        keys = tuple((name, info.alias or name) for name, info in cls.model_fields.items())
        _FIELD_KEYS[cls] = keys
    return keys


_FIELD_KEYS: dict[type[BaseModel], tuple[tuple[str, str], ...]] = {}


def inline_values(value: Any, path: Path = ()) -> Iterator[tuple[Path, Uncertain | StudyEffect]]:
    """Every inline uncertain number and study effect below ``value``, with its path (a study's
    own ``used`` is not entered)."""
    if isinstance(value, Uncertain | StudyEffect):
        yield path, value
    elif isinstance(value, BaseModel):
        for name, key in field_keys(type(value)):
            item = getattr(value, name)
            if not isinstance(item, LEAVES):
                yield from inline_values(item, (*path, key))
    elif isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(item, LEAVES):
                yield from inline_values(item, (*path, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            if not isinstance(item, LEAVES):
                yield from inline_values(item, (*path, i))


def target_path(path: Path, value: Uncertain | StudyEffect) -> Path:
    """Where the resolved number goes: the inline value itself, or a study's ``used``."""
    return (*path, USED) if isinstance(value, StudyEffect) else path


def study_log_effect(study: StudyEffect) -> LogEffect:
    """The normal distribution of the log ratio a study's figure gives (see
    :mod:`socinvest.core.effect_sizes`), reversed when the study says so.

    Raises
    ------
    ValueError
        If the figures cannot be converted (e.g. a risk outside (0, 1)).
    """
    low, high = study.ci95 if study.ci95 is not None else (None, None)
    match study.measure:
        case "smd":
            se = se_from_interval(low, high) if low is not None and high is not None else study.se
            se = se or 0.0
            effect = smd_to_log_odds_ratio(study.value, se)
        case "odds_ratio" | "relative_risk":
            if low is not None and high is not None:
                effect = log_ratio_from_interval(study.value, low, high)
            else:
                effect = log_ratio(study.value, study.se or 0.0)
        case "risk_difference":
            assert study.baseline_risk is not None
            if study.se is not None:
                low, high = study.value - 1.96 * study.se, study.value + 1.96 * study.se
            effect = risk_difference_to_log_odds_ratio(study.value, study.baseline_risk, low, high)
    return effect.reversed() if study.reverse else effect


def _derivation(study: StudyEffect, effect: LogEffect) -> str:
    # Abbreviations: the derivation is arithmetic, shown as written in either language.
    measure = {"smd": "SMD", "odds_ratio": "OR", "relative_risk": "RR", "risk_difference": "RD"}[
        study.measure
    ]
    interval = f" (95 % CI {study.ci95[0]} to {study.ci95[1]})" if study.ci95 else ""
    se = f" (se {study.se})" if study.se is not None else ""
    steps = {
        "smd": "ln OR = d x pi / sqrt(3) (Chinn 2000)",
        "odds_ratio": "ln OR as reported",
        "relative_risk": "ln RR as reported",
        "risk_difference": (
            f"ln OR = logit({study.baseline_risk} + RD) - logit({study.baseline_risk})"
        ),
    }[study.measure]
    reverse = "; sign reversed (reverse: true)"
    low, high = effect.interval()
    return (
        f"{measure} {study.value}{interval}{se}; {steps}"
        f"{reverse if study.reverse else ''}: ln = {effect.mean:.4f}, se {effect.se:.4f}; "
        f"ratio {effect.ratio:.4g} (95 % {low:.4g} to {high:.4g})"
    )


def _label(scenario: Scenario, path: Path, sv: str, en: str) -> Label:
    """A label that says what the value is of: ``"<kind>: <intervention>, <from> → <to>"``
    with an adjustment's or a cost's own label where there is one; the path otherwise."""
    where = format_path(path)
    try:
        if path[0] == "interventions" and isinstance(path[1], int):
            intervention = scenario.interventions[path[1]]
            name = (
                text_in(intervention.label, "sv", intervention.id),
                text_in(intervention.label, "en", intervention.id),
            )
            if path[2] == "effects" and isinstance(path[3], int):
                effect = intervention.effects[path[3]]
                move = "{} → {}".format(
                    effect.from_states
                    if isinstance(effect.from_states, str)
                    else ", ".join(effect.from_states),
                    effect.to_states
                    if isinstance(effect.to_states, str)
                    else ", ".join(effect.to_states),
                )
                if len(path) > 5 and path[4] == "adjustments" and isinstance(path[5], int):
                    adjustment = effect.adjustments[path[5]]
                    return Label(
                        sv=f"Justering ({text_in(adjustment.label, 'sv', adjustment.id)}): "
                        f"{name[0]}, {move}",
                        en=f"Adjustment ({text_in(adjustment.label, 'en', adjustment.id)}): "
                        f"{name[1]}, {move}",
                    )
                return Label(sv=f"{sv}: {name[0]}, {move}", en=f"{en}: {name[1]}, {move}")
            if path[2] == "costs" and isinstance(path[3], int):
                cost = intervention.costs[path[3]]
                return Label(
                    sv=f"{sv}: {name[0]}, {text_in(cost.label, 'sv', where)}",
                    en=f"{en}: {name[1]}, {text_in(cost.label, 'en', where)}",
                )
        if path[:2] == ("model", "costs") and isinstance(path[2], int):
            state_cost = scenario.model.costs[path[2]]
            states = (
                state_cost.state
                if isinstance(state_cost.state, str)
                else ", ".join(state_cost.state)
            )
            return Label(
                sv=f"{sv}: {text_in(state_cost.label, 'sv', states)} ({state_cost.payer})",
                en=f"{en}: {text_in(state_cost.label, 'en', states)} ({state_cost.payer})",
            )
    except (IndexError, TypeError):
        pass
    return Label(sv=f"{sv}, {where}", en=f"{en}, {where}")


def _citation(source: Source | None, path: Path) -> Citation:
    if source is None:
        return Citation(title=f"Given in the scenario at {format_path(path)}")
    return Citation.model_validate(source.model_dump(exclude_none=True))


def _uncertainty(value: Uncertain) -> Uncertainty:
    if value.distribution in ("uniform", "triangular", "pert"):
        return Uncertainty(distribution=value.distribution, low=value.low, high=value.high)
    if value.distribution == "lognormal":
        return Uncertainty(distribution="lognormal", sd_log=value.spread(), note=value.note)
    return Uncertainty(distribution=value.distribution, sd=value.spread(), note=value.note)


def _price_year(scenario: Scenario, path: Path) -> int:
    """Inline money in the model is in the model's price year; elsewhere in the analysis's."""
    if path[:1] == ("model",) and scenario.model.price_year is not None:
        return scenario.model.price_year
    return scenario.analysis.price_year


def inline_parameters(scenario: Scenario, uses: dict[Path, str]) -> dict[str, ParameterOverride]:
    """The parameters of the scenario's inline values, by id.

    Parameters
    ----------
    scenario : Scenario
        As loaded.
    uses : dict of path to use
        The use of the field each inline value fills (``annual``, ``once``, ``ratio``,
        ``adjustment``), by the path where its number goes (:func:`target_path`).

    Raises
    ------
    ValueError
        If a study's figures cannot be converted; the message starts with the field.
    """
    when = dt.date(scenario.analysis.start_year, 1, 1)
    out: dict[str, ParameterOverride] = {}
    for path, value in inline_values(scenario):
        target = target_path(path, value)
        use = uses.get(target, "any")
        unit = UNITS.get(use)
        if unit is None:
            continue  # a field that takes no inline uncertainty; reported by the checks
        where = format_path(path)
        if isinstance(value, StudyEffect):
            try:
                effect = study_log_effect(value)
            except ValueError as exc:
                raise ValueError(f"{where}: {exc}") from None
            number = effect.ratio
            uncertainty = (
                Uncertainty(distribution="lognormal", sd_log=effect.se)
                if effect.se > 0
                else Uncertainty()
            )
            status, derivation = "derived", _derivation(value, effect)
            label = _label(scenario, path, "Studiens effekt", "The study's effect")
            source = _citation(value.source, path)
        else:
            number = value.value
            uncertainty = _uncertainty(value)
            status, derivation = "not_verified", None
            label = _label(scenario, path, "Osäkert värde", "Uncertain value")
            if value.label is not None:
                text = value.label
                sv = text if isinstance(text, str) else text.get("sv")
                en = text if isinstance(text, str) else text.get("en")
                label = Label(sv=sv, en=en)
            source = _citation(value.source, path)
        money = unit.startswith("SEK")
        if not math.isfinite(number):
            raise ValueError(f"{where}: the value {number} is not a finite number")
        out[inline_id(path)] = ParameterOverride(
            label=label,
            unit=unit,  # type: ignore[arg-type]
            values=[
                DatedValue(
                    date=when,
                    value=number,
                    price_year=_price_year(scenario, path) if money else None,
                )
            ],
            status=status,  # type: ignore[arg-type]
            derivation=derivation,
            sources=[source],
            last_reviewed=when,
            uncertainty=uncertainty,
        )
    return out
