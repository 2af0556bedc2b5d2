"""What a probabilistic analysis varied and what it held fixed (issue 9, part 5).

The probability of a gain is only as honest as the list of what was drawn to compute it. Every
:class:`~socinvest.analysis.psa.PsaResults` carries an :class:`UncertaintyInventory`, computed
from the scenario's references (:func:`socinvest.scenario.references.references`) and the
PSA's set-up (which parameters and transition rows it drew).

Groups of what was varied
-------------------------
A drawn parameter is put in a group by the paths at which the scenario uses it (a parameter
used in several groups counts once, in the first of this order):

``effects``
    any use under ``interventions[i].effects`` (an effect's ``relative_risk`` or
    ``odds_ratio``, an evidence adjustment factor, a decay that is drawn, ...);
``unit_costs``
    a money field of ``model.costs`` or ``interventions[i].costs``;
``production``
    ``model.earnings`` (the value of work);
``other``
    anything else that is drawn.

Parameters given inline with their uncertainty (ids starting ``inline.``) are classified by
their path like library parameters. ``transitions`` counts the transition rows drawn from a
Dirichlet distribution and names their blocks.

What was held fixed
-------------------
The parameters the scenario uses that were not drawn (a ``fixed`` distribution, or a use the
PSA does not draw, such as a fraction), the discount rates, the shares of
``production_split``, the windows and decay of the effects (unless drawn), and the structure
of the model: its states; that children whose path an effect improves then follow the
transitions of the children already in the state they reach (the model is a Markov chain: it
has no memory of the intervention); and the transition rows of blocks without declared
uncertainty.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from socinvest.scenario.model import ParamRef, Scenario
from socinvest.scenario.references import Path, references

GROUPS: tuple[str, ...] = ("effects", "transitions", "unit_costs", "production", "other")
"""The groups of what was varied, in the order they are shown."""

PARAMETER_GROUPS: tuple[str, ...] = ("effects", "unit_costs", "production", "other")
"""The groups that hold parameters, in the order a parameter used in several is placed."""


def group_of_path(path: Path) -> str:
    """The group of one use of a parameter, from its path in the scenario.

    >>> group_of_path(("interventions", 0, "effects", 1, "odds_ratio"))
    'effects'
    >>> group_of_path(("model", "earnings", 0, "annual"))
    'production'
    >>> group_of_path(("interventions", 2, "costs", 0, "per_participant"))
    'unit_costs'
    >>> group_of_path(("model", "production_split", "kommun"))
    'other'
    """
    if len(path) >= 3 and path[0] == "interventions" and path[2] == "effects":
        return "effects"
    if path[:2] == ("model", "costs"):
        return "unit_costs"
    if len(path) >= 3 and path[0] == "interventions" and path[2] == "costs":
        return "unit_costs"
    if path[:2] == ("model", "earnings"):
        return "production"
    return "other"


@dataclass(frozen=True)
class EffectTiming:
    """When one effect acts: its window (ages or years since start; ``None``: always) and
    its decay after the window (``"none"``, ``"linear"``, ``"exponential"``, ``"yearly"`` or
    ``"follow_up_ratio"``, with its years, rate or ratio)."""

    intervention: str
    index: int
    ages: str | None
    years: str | None
    decay: str
    decay_years: float | None
    decay_rate: float | None = None
    decay_ratio: float | None = None


@dataclass(frozen=True)
class UncertaintyInventory:
    """What one probabilistic analysis varied and what it held fixed.

    Attributes
    ----------
    effects, unit_costs, production, other : tuple of str
        Ids of the drawn parameters in each group, sorted.
    transition_rows : int
        Transition rows drawn from a Dirichlet distribution.
    transition_blocks : tuple of int
        Positions (from 0) of the transition blocks those rows belong to.
    fixed_parameters : tuple of str
        Parameters the scenario uses that were not drawn, sorted.
    discount_rate, outcome_discount_rate : float
        The discount rates (held fixed; a setting).
    production_split : dict of str to float
        Who receives the value of work (shares, held fixed).
    effect_timing : tuple of EffectTiming
        The windows and decay of every effect not drawn (held fixed).
    states : tuple of str
        The model's states.
    effect_target_states : tuple of str
        The states the children whose path an effect improves reach, and whose transitions
        they follow from then on: the ``to`` states of an effect that raises a move (ratio
        above 1), the ``from`` states of one that lowers it.
    fixed_transition_blocks : tuple of int
        Positions of the transition blocks whose rows were held at their values.
    """

    effects: tuple[str, ...] = ()
    unit_costs: tuple[str, ...] = ()
    production: tuple[str, ...] = ()
    other: tuple[str, ...] = ()
    transition_rows: int = 0
    transition_blocks: tuple[int, ...] = ()
    fixed_parameters: tuple[str, ...] = ()
    discount_rate: float = 0.0
    outcome_discount_rate: float = 0.0
    production_split: dict[str, float] = field(default_factory=dict)
    effect_timing: tuple[EffectTiming, ...] = ()
    states: tuple[str, ...] = ()
    effect_target_states: tuple[str, ...] = ()
    fixed_transition_blocks: tuple[int, ...] = ()

    def ids(self, group: str) -> tuple[str, ...]:
        """The parameter ids of a parameter group (``()`` for ``transitions``)."""
        if group == "transitions":
            return ()
        ids: tuple[str, ...] = getattr(self, group)
        return ids

    def count(self, group: str) -> int:
        """How much of a group was varied: parameters, or rows for ``transitions``."""
        if group == "transitions":
            return self.transition_rows
        return len(self.ids(group))

    @property
    def varied(self) -> dict[str, int]:
        """``{group: count}`` for every group, in :data:`GROUPS` order."""
        return {g: self.count(g) for g in GROUPS}

    def as_json(self) -> dict[str, Any]:
        """The ``varied`` and ``held_fixed`` blocks of the results JSON
        (``docs/results-json.md``)."""
        varied: dict[str, Any] = {}
        for g in GROUPS:
            if g == "transitions":
                varied[g] = {
                    "count": self.transition_rows,
                    "rows": self.transition_rows,
                    "blocks": list(self.transition_blocks),
                }
            else:
                varied[g] = {"count": self.count(g), "ids": list(self.ids(g))}
        return {
            "varied": varied,
            "held_fixed": {
                "parameters": {
                    "count": len(self.fixed_parameters),
                    "ids": list(self.fixed_parameters),
                },
                "discount_rates": {
                    "discount_rate": self.discount_rate,
                    "outcome_discount_rate": self.outcome_discount_rate,
                },
                "production_split": dict(self.production_split),
                "effect_timing": [
                    {
                        "intervention": t.intervention,
                        "effect": t.index,
                        "ages": t.ages,
                        "years": t.years,
                        "decay": t.decay,
                        "decay_years": t.decay_years,
                    }
                    for t in self.effect_timing
                ],
                "structural": {
                    "states": list(self.states),
                    "effect_target_states": list(self.effect_target_states),
                    "fixed_transition_blocks": list(self.fixed_transition_blocks),
                },
            },
        }


def _number(value: object) -> float | None:
    """A resolved number (``None`` for a reference still unresolved or anything else)."""
    if isinstance(value, bool | ParamRef):
        return None
    if isinstance(value, int | float):
        return float(value)
    return None


def _effect_ratio(effect: Any) -> float | None:
    """An effect's relative risk or odds ratio as a number, when it has one."""
    for name in ("relative_risk", "odds_ratio"):
        found = _number(getattr(effect, name, None))
        if found is not None:
            return found
    return None


def _listed(states: str | list[str]) -> list[str]:
    return [states] if isinstance(states, str) else list(states)


def uncertainty_inventory(
    scenario: Scenario,
    resolved: Scenario,
    drawn: Iterable[str],
    transition_rows: int,
    uncertain_blocks: Sequence[int],
) -> UncertaintyInventory:
    """Classify what a probabilistic analysis drew and list what it held fixed.

    Parameters
    ----------
    scenario : Scenario
        As loaded (its references not resolved): where each parameter is used.
    resolved : Scenario
        The same with every reference replaced by its number
        (:func:`socinvest.scenario.references.resolve_scenario`).
    drawn : iterable of str
        Ids of the parameters the analysis drew.
    transition_rows : int
        Transition rows drawn (Dirichlet).
    uncertain_blocks : sequence of int
        Positions of the transition blocks whose rows were drawn.
    """
    drawn_ids = set(drawn)
    uses: dict[str, set[str]] = {}
    drawn_effect_paths: set[tuple[int, int]] = set()
    used: set[str] = set()
    for path, ref, _use in references(scenario):
        used.add(ref.param)
        if ref.param not in drawn_ids:
            continue
        group = group_of_path(path)
        uses.setdefault(ref.param, set()).add(group)
        if group == "effects" and len(path) >= 6 and path[4] == "decay":
            drawn_effect_paths.add((int(path[1]), int(path[3])))
    # Drawn ids that no reference names (e.g. given outside the scenario) count as other.
    for pid in drawn_ids - set(uses):
        uses[pid] = {"other"}
    grouped: dict[str, list[str]] = {g: [] for g in PARAMETER_GROUPS}
    for pid, groups in uses.items():
        grouped[next(g for g in PARAMETER_GROUPS if g in groups)].append(pid)

    settings = resolved.analysis
    split = resolved.model.production_split or {}
    timing = []
    targets: list[str] = []
    for i, intervention in enumerate(resolved.interventions):
        for j, effect in enumerate(intervention.effects):
            from_states, to_states = _listed(effect.from_states), _listed(effect.to_states)
            ratio = _effect_ratio(effect)
            reached = from_states if ratio is not None and ratio < 1.0 else to_states
            targets += [s for s in reached if s not in targets]
            if (i, j) in drawn_effect_paths:
                continue
            decay = effect.decay
            timing.append(
                EffectTiming(
                    intervention=intervention.id,
                    index=j,
                    ages=None if effect.ages is None else str(effect.ages),
                    years=None if effect.years is None else str(effect.years),
                    decay=decay.type,
                    decay_years=decay.years,
                    decay_rate=decay.rate,
                    decay_ratio=decay.ratio,
                )
            )
    blocks = set(uncertain_blocks)
    rates = (
        _number(settings.discount_rate),
        _number(settings.outcome_discount_rate),
    )
    return UncertaintyInventory(
        effects=tuple(sorted(grouped["effects"])),
        unit_costs=tuple(sorted(grouped["unit_costs"])),
        production=tuple(sorted(grouped["production"])),
        other=tuple(sorted(grouped["other"])),
        transition_rows=transition_rows,
        transition_blocks=tuple(sorted(blocks)),
        fixed_parameters=tuple(sorted(used - drawn_ids)),
        discount_rate=rates[0] if rates[0] is not None else float("nan"),
        outcome_discount_rate=rates[1] if rates[1] is not None else float("nan"),
        production_split={k: n for k, v in split.items() if (n := _number(v)) is not None},
        effect_timing=tuple(timing),
        states=tuple(s.id for s in resolved.model.states),
        effect_target_states=tuple(targets),
        fixed_transition_blocks=tuple(
            b for b in range(len(resolved.model.transitions)) if b not in blocks
        ),
    )
