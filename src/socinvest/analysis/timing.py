"""The right time: the same intervention started at each age in a range.

For each start age ``s`` the deterministic analysis is run again on the scenario with
``target_group.start_age`` set to ``s``; everything else is kept (the intake, the initial
states, the calendar start year, the horizon setting). Rules:

- An effect whose window is given by ``years:`` (years since the start) moves with the start
  by construction. An effect whose window is given by ``ages: a-b`` at the scenario's start age
  ``s0`` gets the window ``a + (s - s0) - b + (s - s0)`` (both ends clipped at 0; ``a+``
  becomes ``a + (s - s0)+``), so it acts in the same years of the programme.
- An effect's ``start_age_effects`` (multiplier of the log of the effect by start age; see
  ``docs/scenario-format.md``) is applied at ``s``, as in any run.
- The initial states are the scenario's (not recomputed for the new age), and a horizon given
  as an age ends at that age, so a later start has a shorter horizon.

*Cost of waiting one year* at start age ``s``, for each scope:
``NPV(s) - NPV(s + 1) / (1 + r)``, with ``r`` the scenario's discount rate: starting the same
children one year later, at ``s + 1``, gives the NPV of the run at ``s + 1`` one year later, so
it is discounted one extra year. Positive: waiting loses money. Given for every ``s`` whose
``s + 1`` is in the range.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from socinvest.analysis.errors import OptionError
from socinvest.analysis.run import run_scenario
from socinvest.analysis.sensitivity import chosen_alternatives
from socinvest.analysis.summary import PERSPECTIVES, compare_npv
from socinvest.params.library import ParameterLibrary
from socinvest.scenario.compile import compile_scenario
from socinvest.scenario.model import MAX_AGE, Scenario, numeric, parse_range
from socinvest.scenario.references import (
    data_with_values,
    library_for,
    resolve_scenario,
    validated_with,
)


@dataclass(frozen=True)
class TimingPoint:
    """The NPV (to the horizon and within the term of office) per scope at one start age, and
    the cost of waiting one year (``None`` at the last age of the range)."""

    start_age: int
    npv: dict[str, float]
    npv_term: dict[str, float]
    cost_of_waiting: dict[str, float] | None


@dataclass(frozen=True)
class Timing:
    """The timing analysis of one alternative."""

    alternative: str
    scopes: list[str]
    base_start_age: int
    discount_rate: float
    points: list[TimingPoint]


def shift_range(ages: str | int, offset: int) -> str:
    """An age window moved by ``offset`` years (both ends clipped at 0)."""
    text = str(ages)
    low, high = parse_range(text)
    new_low = max(0, low + offset)
    if text.endswith("+"):
        return f"{new_low}+"
    return f"{new_low}-{max(new_low, high + offset)}"


def at_start_age(resolved: Scenario, start_age: int) -> Scenario:
    """The (resolved) scenario with the target group starting at ``start_age`` and every
    effect window given by ``ages`` moved by the same offset."""
    data = resolved.model_dump(by_alias=True, exclude_unset=True)
    moves = _start_age_moves(data, resolved.target_group.start_age, start_age)
    return Scenario.model_validate(data_with_values(data, moves))


def _start_age_moves(
    data: dict[str, Any], base_age: int, start_age: int
) -> list[tuple[tuple[str | int, ...], Any]]:
    """The values :func:`at_start_age` writes into a resolved scenario's data, by path."""
    offset = start_age - base_age
    moves: list[tuple[tuple[str | int, ...], Any]] = [(("target_group", "start_age"), start_age)]
    for i, intervention in enumerate(data.get("interventions", [])):
        for j, effect in enumerate(intervention.get("effects", [])):
            if effect.get("ages") is not None:
                path = ("interventions", i, "effects", j, "ages")
                moves.append((path, shift_range(effect["ages"], offset)))
    return moves


class StartAges:
    """:func:`at_start_age` for many start ages of one resolved scenario: its data dumped
    and validated once, and for each age only the models that change (the target group and
    the effects with ``ages``) validated again (:func:`validated_with`: the same scenario)."""

    def __init__(self, resolved: Scenario) -> None:
        self.base_age = resolved.target_group.start_age
        self.data = resolved.model_dump(by_alias=True, exclude_unset=True)
        self.validated = Scenario.model_validate(self.data)

    def at(self, start_age: int) -> Scenario:
        """``at_start_age(resolved, start_age)``."""
        moves = _start_age_moves(self.data, self.base_age, start_age)
        return validated_with(self.data, self.validated, moves)


def uncovered_ages(scenario: Scenario, start_age: int) -> list[int]:
    """The ages a cohort starting at ``start_age`` would live through in the horizon that no
    block of the model's transitions covers (empty when the start age is possible).

    A horizon up to an age ends at that age whatever the start; a horizon in years moves
    with the start age.
    """
    horizon = scenario.analysis.horizon
    if horizon.age is not None:
        if start_age >= horizon.age:
            return [start_age]
        last = horizon.age - 1
    else:
        assert horizon.years is not None
        last = start_age + horizon.years - 1
    ranges = [parse_range(block.ages) for block in scenario.model.transitions]
    return [
        age
        for age in range(start_age, last + 1)
        if not any(low <= age <= high for low, high in ranges)
    ]


def default_ages(scenario: Scenario) -> tuple[int, int]:
    """From two years before the start age to eight years after (from 0 at the earliest),
    narrowed to the start ages the model's age bands and the horizon allow."""
    start = scenario.target_group.start_age
    first, last = max(0, start - 2), min(MAX_AGE, start + 8)
    while first < start and uncovered_ages(scenario, first):
        first += 1
    while last > start and uncovered_ages(scenario, last):
        last -= 1
    return first, last


def timing(
    scenario: Scenario,
    library: ParameterLibrary | None = None,
    alternative: str | None = None,
    ages: tuple[int, int] | None = None,
    scopes: list[str] | None = None,
) -> list[Timing]:
    """NPV per scope against the start age for each chosen alternative (see the module
    docstring).

    Parameters
    ----------
    ages : (int, int), optional
        First and last start age (inclusive); default :func:`default_ages`.
    scopes : list of str, optional
        Payer ids and perspectives; default every top-level payer and both perspectives.

    Raises
    ------
    ValueError
        For an unknown alternative or scope, or start ages the horizon does not allow.
    """
    resolved = resolve_scenario(scenario, library_for(scenario, library)).scenario
    alternatives = chosen_alternatives(scenario, alternative)
    first, last = ages if ages is not None else default_ages(scenario)
    if first > last or first < 0 or last > MAX_AGE:
        raise OptionError(
            "--ages", f"expected start ages from 0 to {MAX_AGE}, found {first}-{last}"
        )
    for age in range(first, last + 1):
        missing = uncovered_ages(resolved, age)
        if missing:
            raise OptionError(
                "--ages",
                f"start age {age} is not possible: the model has no transitions for ages "
                f"{missing[0]}-{missing[-1]}",
            )
    compiled = compile_scenario(resolved)
    known = [*compiled.payers.ids, *PERSPECTIVES]
    chosen = list(scopes) if scopes else [*compiled.payers.top_level, *PERSPECTIVES]
    for scope in chosen:
        if scope not in known:
            raise OptionError(
                "--scope", f"unknown scope {scope!r}; expected one of: {', '.join(known)}"
            )
    rate = numeric(resolved.analysis.discount_rate)
    npv: dict[str, list[dict[str, float]]] = {a: [] for a in alternatives}
    npv_term: dict[str, list[dict[str, float]]] = {a: [] for a in alternatives}
    start_ages = StartAges(resolved)
    for age in range(first, last + 1):
        try:
            moved = compile_scenario(start_ages.at(age))
            # Only the chosen alternatives and the comparison are run (each alternative's
            # run depends on the compiled scenario and its own arrays alone), and only the
            # NPV is computed (no IRR or payback): the same NPVs, bit for bit.
            run = run_scenario(
                replace(
                    moved,
                    alternatives=[a for a in moved.alternatives if a.comparison or a.id in npv],
                )
            )
        except ValueError as exc:
            raise OptionError("--ages", f"start age {age} is not possible: {exc}") from exc
        for alt in run.alternatives:
            if alt.id in npv:
                comp = compare_npv(run, alt)
                npv[alt.id].append({s: comp.horizon[s] for s in chosen})
                npv_term[alt.id].append({s: comp.term_of_office[s] for s in chosen})
    out = []
    for alt_id in alternatives:
        points = []
        for k, age in enumerate(range(first, last + 1)):
            now = npv[alt_id][k]
            waiting = None
            if age < last:
                later = npv[alt_id][k + 1]
                waiting = {s: now[s] - later[s] / (1.0 + rate) for s in chosen}
            points.append(TimingPoint(age, now, npv_term[alt_id][k], waiting))
        out.append(
            Timing(
                alternative=alt_id,
                scopes=chosen,
                base_start_age=scenario.target_group.start_age,
                discount_rate=rate,
                points=points,
            )
        )
    return out
