"""Checks across a scenario's parts: references, probabilities, ranges and the horizon.

pydantic checks each field's form; these checks need the whole scenario (is this state
defined? does this window fall inside the horizon?). Each problem carries the path of the
field so the loader can add its line.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence

import numpy as np

from socinvest.core.transitions import effect_can_change_rows
from socinvest.i18n import N_
from socinvest.params.errors import Message, Problem
from socinvest.params.payers import PayerTree, check_new_payers, default_payer_tree
from socinvest.params.yaml_source import format_path
from socinvest.scenario.model import (
    MAX_AGE,
    TAX_RULE_RECEIVERS,
    Effect,
    ParamRef,
    Scenario,
    TaxRules,
    TransitionBlock,
    parse_range,
)

MAX_PAYMENT_LAG = 5
"""The longest payment lag (years) ``tax_rules`` accepts."""

ROW_TOLERANCE = 1e-9
"""How far a row of probabilities (or a mix of shares) may be from summing to one."""


def _as_list(value: str | list[str]) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


def _pp(path: Sequence[str | int], template: str, **args: object) -> Problem:
    """A problem at ``path``: ``template`` (marked with ``N_``) filled in with ``args``."""
    return Problem.from_message(format_path(path), Message.of(template, **args), path=tuple(path))


UNKNOWN_STATE = N_("unknown state {name}; expected one of: {states}")
NEGATIVE_RESOURCE = N_("expected a non-negative cost for a resource flow, found {amount}")
SHARES_NOT_ONE = N_("expected shares summing to 1, found {total}")
YEARS_OUTSIDE = N_("years {low}-{high} fall outside the horizon (years 0-{limit})")


def _number(value: float) -> str:
    """A sum or other computed number as the messages show it (10 significant digits)."""
    return f"{value:.10g}"


def payer_tree_of(scenario: Scenario) -> PayerTree:
    """The default payer tree extended with the scenario's own payers."""
    from socinvest.params.payers import Payer

    tree = default_payer_tree()
    additions = []
    public_of = {p.id: p.public for p in tree.payers}
    for p in scenario.payers:
        parent = p.id.rsplit(".", 1)[0] if "." in p.id else None
        # A new top-level payer (a foundation, a company) is not public unless it says so.
        public = p.public if p.public is not None else (public_of[parent] if parent else False)
        public_of[p.id] = public
        label = p.label
        sv = label if isinstance(label, str) else (label.get("sv") if label else p.id)
        en = label if isinstance(label, str) else (label.get("en") if label else p.id)
        additions.append(Payer(p.id, sv, en, public))
    return tree.extended(additions)


def horizon_cycles(scenario: Scenario) -> tuple[int, int]:
    """``(cycles of one cohort, calendar years of the whole programme)``.

    With a horizon in years both are that number (later intake cohorts are followed for
    fewer years). With a horizon up to an age, every cohort is followed to that age, so the
    calendar horizon is longer by the intake years after the first.
    """
    settings = scenario.analysis.horizon
    intake_years = len(scenario.target_group.intake_sizes())
    if settings.years is not None:
        return settings.years, settings.years
    assert settings.age is not None
    unit = settings.age - scenario.target_group.start_age
    return unit, unit + intake_years - 1


def check_scenario(scenario: Scenario) -> list[Problem]:
    """Every cross-reference and numeric problem in ``scenario`` (empty if none)."""
    problems: list[Problem] = []
    states = [s.id for s in scenario.model.states]
    state_set = set(states)
    absorbing = {s.id for s in scenario.model.states if s.absorbing}

    problems += _duplicates(
        states,
        ("model", "states"),
        N_("duplicate state id {name} (also at position {position})"),
    )
    problems += _duplicates(
        [i.id for i in scenario.interventions],
        ("interventions",),
        N_("duplicate intervention id {name} (also at position {position})"),
    )
    problems += _duplicates(
        [a.id for a in scenario.alternatives],
        ("alternatives",),
        N_("duplicate alternative id {name} (also at position {position})"),
    )

    tree = default_payer_tree()
    new_payer_problems = check_new_payers(
        tree, [(p.id, p.public) for p in scenario.payers], ("payers",)
    )
    problems += new_payer_problems
    refused = {p.path[:2] for p in new_payer_problems}
    payer_ids = set(tree.ids) | {
        p.id for i, p in enumerate(scenario.payers) if ("payers", i) not in refused
    }

    def check_states(path: Sequence[str | int], names: Iterable[str]) -> None:
        for name in names:
            if name not in state_set:
                problems.append(_pp(path, UNKNOWN_STATE, name=repr(name), states=", ".join(states)))

    def check_payer(path: Sequence[str | int], payer: str) -> None:
        if payer not in payer_ids:
            problems.append(
                _pp(
                    path,
                    N_(
                        "unknown payer {payer}; expected a payer of the tree such as "
                        "'kommun.socialtjanst' (add your own under 'payers:')"
                    ),
                    payer=repr(payer),
                )
            )

    # Horizon and ages.
    tg = scenario.target_group
    horizon = scenario.analysis.horizon
    if horizon.age is not None and horizon.age <= tg.start_age:
        problems.append(
            _pp(
                ("analysis", "horizon", "age"),
                N_("expected an age above the start age {start_age}, found {age}"),
                start_age=tg.start_age,
                age=horizon.age,
            )
        )
        return problems
    unit_cycles, _ = horizon_cycles(scenario)
    intake_years = len(tg.intake_sizes())
    if horizon.years is not None and intake_years > horizon.years:
        problems.append(
            _pp(
                ("target_group", "intake"),
                N_(
                    "children start in {intake_years} years but the horizon is only "
                    "{horizon_years} years; shorten the intake or lengthen the horizon"
                ),
                intake_years=intake_years,
                horizon_years=horizon.years,
            )
        )
    first_age, last_age = tg.start_age, tg.start_age + unit_cycles - 1
    if last_age > MAX_AGE:
        problems.append(
            _pp(
                ("analysis", "horizon"),
                N_(
                    "the horizon reaches age {last_age}; the oldest age a model may describe is "
                    "{max_age}"
                ),
                last_age=last_age,
                max_age=MAX_AGE,
            )
        )

    # Transitions.
    covered: list[tuple[int, int, int]] = []
    for b, block in enumerate(scenario.model.transitions):
        path = ("model", "transitions", b)
        low, high = parse_range(block.ages)
        for other_low, other_high, other in covered:
            if low <= other_high and other_low <= high:
                problems.append(
                    _pp(
                        (*path, "ages"),
                        N_(
                            "ages {low}-{high} overlap the ages {other_low}-{other_high} of "
                            "transitions[{other}]"
                        ),
                        low=low,
                        high=high,
                        other_low=other_low,
                        other_high=other_high,
                        other=other,
                    )
                )
        covered.append((low, high, b))
        problems += _check_block(block, path, states, absorbing)
    missing = [
        age
        for age in range(first_age, last_age + 1)
        if not any(lo <= age <= hi for lo, hi, _ in covered)
    ]
    if missing:
        problems.append(
            _pp(
                ("model", "transitions"),
                N_("no transitions for ages {ages}; the horizon needs ages {first_age}-{last_age}"),
                ages=_ages_text(missing),
                first_age=first_age,
                last_age=last_age,
            )
        )

    # Costs and earnings.
    for c, cost in enumerate(scenario.model.costs):
        path = ("model", "costs", c)
        check_states((*path, "state"), _as_list(cost.state))
        check_payer((*path, "payer"), cost.payer)
        if cost.recipient is not None:
            check_payer((*path, "recipient"), cost.recipient)
        if isinstance(cost.annual, float | int) and cost.annual < 0 and cost.category == "resource":
            problems.append(
                _pp(
                    (*path, "annual"),
                    NEGATIVE_RESOURCE,
                    amount=cost.annual,
                )
            )
        on_entry = cost.on_entry
        if isinstance(on_entry, float | int) and on_entry < 0 and cost.category == "resource":
            problems.append(
                _pp(
                    (*path, "on_entry"),
                    NEGATIVE_RESOURCE,
                    amount=cost.on_entry,
                )
            )
    for name, members in scenario.model.groups.items():
        check_states(("model", "groups", name), members)
    for e, earn in enumerate(scenario.model.earnings):
        check_states(("model", "earnings", e, "state"), _as_list(earn.state))
    split = scenario.model.production_split
    rules = scenario.model.tax_rules
    if scenario.model.earnings and split is None and rules is None:
        problems.append(
            _pp(
                ("model", "production_split"),
                N_(
                    "earnings are given, so expected a production_split saying who receives "
                    "the value of work (shares by payer summing to 1)"
                ),
            )
        )
    if split is not None and rules is not None:
        problems.append(
            _pp(
                ("model", "tax_rules"),
                N_(
                    "expected either production_split (fixed shares) or tax_rules (the Swedish "
                    "rules), found both"
                ),
            )
        )
    if rules is not None:
        problems += _check_tax_rules(rules, check_payer)
    if split is not None:
        for payer in split:
            check_payer(("model", "production_split", payer), payer)
        shares = [v for v in split.values() if isinstance(v, float | int)]
        total = float(sum(shares))
        if len(shares) == len(split) and abs(total - 1.0) > ROW_TOLERANCE:
            problems.append(
                _pp(("model", "production_split"), SHARES_NOT_ONE, total=_number(total))
            )

    if scenario.model.quality_weights is not None:
        problems += _check_quality_weights(scenario.model.quality_weights, states, absorbing)
    elif scenario.analysis.value_per_qaly is not None:
        problems.append(
            _pp(
                ("analysis", "value_per_qaly"),
                N_("a value per QALY needs quality weights: add model.quality_weights"),
            )
        )

    # Target group.
    check_states(("target_group", "initial_states"), tg.initial_states)
    total = float(sum(tg.initial_states.values()))
    if abs(total - 1.0) > ROW_TOLERANCE:
        problems.append(
            _pp(("target_group", "initial_states"), SHARES_NOT_ONE, total=_number(total))
        )

    # Interventions.
    _, calendar_years = horizon_cycles(scenario)
    for i, intervention in enumerate(scenario.interventions):
        ipath: tuple[str | int, ...] = ("interventions", i)
        if intervention.eligible_states is not None:
            check_states((*ipath, "eligible_states"), intervention.eligible_states)
        for c, icost in enumerate(intervention.costs):
            check_payer((*ipath, "costs", c, "payer"), icost.payer)
            if icost.states is not None:
                check_states((*ipath, "costs", c, "states"), icost.states)
            if icost.years is not None:
                span = calendar_years if icost.fixed_per_year is not None else unit_cycles
                limit = span - 1
                low, high = parse_range(icost.years, upper=limit)
                if low > limit:
                    problems.append(
                        _pp(
                            (*ipath, "costs", c, "years"),
                            YEARS_OUTSIDE,
                            low=low,
                            high=high,
                            limit=limit,
                        )
                    )
        for f, effect in enumerate(intervention.effects):
            problems += _check_effect(
                effect, (*ipath, "effects", f), states, absorbing, first_age, last_age, unit_cycles
            )

    problems += _check_optimism_bias(scenario)
    if scenario.individuals is not None:
        problems += _check_individuals(scenario, states, absorbing)

    # Alternatives.
    defined = {i.id for i in scenario.interventions}
    comparisons = [a.id for a in scenario.alternatives if a.comparison]
    if len(comparisons) != 1:
        problems.append(
            _pp(
                ("alternatives",),
                N_(
                    "expected exactly one alternative with 'comparison: true' (the comparison "
                    "alternative, e.g. 'as today'); found {count}"
                ),
                count=len(comparisons),
            )
        )
    for a, alternative in enumerate(scenario.alternatives):
        seen: set[str] = set()
        for k, name in enumerate(alternative.interventions):
            where = ("alternatives", a, "interventions", k)
            if name not in defined and defined:
                problems.append(
                    _pp(
                        where,
                        N_("unknown intervention {name}; expected one of: {known}"),
                        name=repr(name),
                        known=", ".join(sorted(defined)),
                    )
                )
            elif name not in defined:
                problems.append(
                    _pp(
                        where,
                        N_("unknown intervention {name}; expected one of: none defined"),
                        name=repr(name),
                    )
                )
            if name in seen:
                problems.append(
                    _pp(where, N_("intervention {name} is listed twice"), name=repr(name))
                )
            seen.add(name)
    if not problems:  # the rows can be built: every state, age band and window is sound
        problems += _effects_that_change_nothing(scenario, unit_cycles)
    return problems


def _check_individuals(scenario: Scenario, states: list[str], absorbing: set[str]) -> list[Problem]:
    """The ``individuals:`` section: known states, level shares summing to 1, effects on
    known levels other than the reference, no attribute twice, not too many groups."""
    assert scenario.individuals is not None
    problems: list[Problem] = []
    state_set = set(states)
    section = scenario.individuals
    problems += _duplicates(
        [a.id for a in section.attributes],
        ("individuals", "attributes"),
        N_("duplicate attribute id {name} (also at position {position})"),
    )

    def known(path: tuple[str | int, ...], names: Iterable[str]) -> None:
        for name in names:
            if name not in state_set:
                problems.append(_pp(path, UNKNOWN_STATE, name=repr(name), states=", ".join(states)))

    groups = 1
    for a, attribute in enumerate(section.attributes):
        apath: tuple[str | int, ...] = ("individuals", "attributes", a)
        total = sum(attribute.levels.values())
        if abs(total - 1.0) > ROW_TOLERANCE:
            problems.append(_pp((*apath, "levels"), SHARES_NOT_ONE, total=_number(total)))
        groups *= len(attribute.levels)
        levels = list(attribute.levels)
        for e, effect in enumerate(attribute.effects):
            epath = (*apath, "effects", e)
            if effect.level not in attribute.levels:
                problems.append(
                    _pp(
                        (*epath, "level"),
                        N_("unknown level {name}; expected one of: {levels}"),
                        name=repr(effect.level),
                        levels=", ".join(levels),
                    )
                )
            elif effect.level == levels[0]:
                problems.append(
                    _pp(
                        (*epath, "level"),
                        N_(
                            "level {name} is the reference (the first level); odds ratios "
                            "compare the other levels with it"
                        ),
                        name=repr(effect.level),
                    )
                )
            known((*epath, "from"), _as_list(effect.from_states))
            known((*epath, "to"), _as_list(effect.to_states))
    longest = 0
    for d, duration in enumerate(section.duration):
        dpath: tuple[str | int, ...] = ("individuals", "duration", d)
        known((*dpath, "state"), [duration.state])
        if duration.state in absorbing:
            problems.append(
                _pp(
                    (*dpath, "state"),
                    N_("state {state} is absorbing; an effect cannot change its row"),
                    state=repr(duration.state),
                )
            )
        if duration.to_states is not None:
            known((*dpath, "to"), _as_list(duration.to_states))
        longest = max(longest, duration.max_years)
    if groups * (longest + 1) > MAX_INDIVIDUAL_GROUPS:
        problems.append(
            _pp(
                ("individuals",),
                N_(
                    "expected at most {limit} groups of persons (attribute level combinations "
                    "times duration classes), found {found}"
                ),
                limit=MAX_INDIVIDUAL_GROUPS,
                found=groups * (longest + 1),
            )
        )
    return problems


MAX_INDIVIDUAL_GROUPS = 256
"""The most groups of persons (attribute combinations x duration classes) the individual
engine's tables hold: each group has its own transition matrix per cycle and alternative
(256 groups x 65 cycles x 3 alternatives at 11 states: about 75 MB of tables)."""


OPTIMISM_BIAS_ADJUSTMENT = "optimism_bias"
"""The id of the evidence adjustment that :func:`socinvest.scenario.references.resolve_scenario`
adds to each effect for ``analysis.optimism_bias``; a scenario may not use it itself."""


def _check_optimism_bias(scenario: Scenario) -> list[Problem]:
    """Fractions by grade need each intervention's grade, listed; the adjustment id is
    reserved."""
    problems: list[Problem] = []
    bias = scenario.analysis.optimism_bias
    for i, intervention in enumerate(scenario.interventions):
        for f, effect in enumerate(intervention.effects):
            for k, adjustment in enumerate(effect.adjustments):
                if adjustment.id == OPTIMISM_BIAS_ADJUSTMENT:
                    problems.append(
                        _pp(
                            ("interventions", i, "effects", f, "adjustments", k, "id"),
                            N_(
                                "the adjustment id {name} is reserved for analysis."
                                "optimism_bias; give this adjustment another id"
                            ),
                            name=repr(OPTIMISM_BIAS_ADJUSTMENT),
                        )
                    )
        if bias is None:
            continue
        confidence = intervention.confidence
        for part in ("costs", "effects"):
            given = getattr(bias, part)
            if not isinstance(given, dict):
                continue
            grade = getattr(confidence, part) if confidence is not None else None
            if grade is None:
                problems.append(
                    _pp(
                        ("interventions", i),
                        N_(
                            "analysis.optimism_bias.{part} is given by confidence grade; "
                            "expected confidence: {{{part}: 1-5}} on intervention {name}, "
                            "found none"
                        ),
                        part=part,
                        name=repr(intervention.id),
                    )
                )
            elif grade not in given:
                problems.append(
                    _pp(
                        ("interventions", i, "confidence", part),
                        N_(
                            "analysis.optimism_bias.{part} has no fraction for confidence "
                            "grade {grade}; listed grades: {grades}"
                        ),
                        part=part,
                        grade=grade,
                        grades=", ".join(str(g) for g in sorted(given)),
                    )
                )
    return problems


QUALITY_WEIGHT_RANGE = (-0.6, 1.0)
"""The quality weights a state may have: 1 is full health, 0 as bad as dead; the floor is
just below the worst EQ-5D-3L state of the UK time trade-off tariff, -0.594 (Dolan 1997,
Medical Care 35(11):1095-1108)."""


def _check_quality_weights(
    weights: Mapping[str, float | ParamRef], states: list[str], absorbing: set[str]
) -> list[Problem]:
    """Known states, weights in :data:`QUALITY_WEIGHT_RANGE`, a weight for every state that
    is not absorbing (an absorbing state left out weighs 0)."""
    problems: list[Problem] = []
    path = ("model", "quality_weights")
    low, high = QUALITY_WEIGHT_RANGE
    for state, weight in weights.items():
        if state not in states:
            problems.append(
                _pp((*path, state), UNKNOWN_STATE, name=repr(state), states=", ".join(states))
            )
        elif isinstance(weight, float | int) and not low <= weight <= high:
            problems.append(
                _pp(
                    (*path, state),
                    N_(
                        "expected a quality weight from {low} to {high} (1 full health, 0 as "
                        "bad as dead), found {value}"
                    ),
                    low=low,
                    high=high,
                    value=weight,
                )
            )
    missing = [s for s in states if s not in weights and s not in absorbing]
    if missing:
        problems.append(
            _pp(
                path,
                N_(
                    "no quality weight for state(s) {states}; every state that is not absorbing "
                    "needs one (an absorbing state left out, such as 'dead', weighs 0)"
                ),
                states=", ".join(missing),
            )
        )
    return problems


DEFAULT_STATES_NOTE = N_(
    "applies to the states {states} (the intervention's default eligible states: every state "
    "of the initial mix); name them with 'states' or 'eligible_states'"
)


def defaulted_state_notes(scenario: Scenario) -> list[Problem]:
    """Notes (not errors) for per-participant costs whose states are left to the default.

    A ``per_participant`` or ``per_participant_year`` cost without ``states``, in an
    intervention without ``eligible_states``, applies to every state with a share above 0 in
    ``target_group.initial_states`` (as :mod:`socinvest.scenario.compile` books it); each note
    says which states those are, at the cost's path.
    """
    mix = scenario.target_group.initial_states
    default = [s.id for s in scenario.model.states if mix.get(s.id, 0.0) > 0.0]
    notes: list[Problem] = []
    for i, intervention in enumerate(scenario.interventions):
        if intervention.eligible_states is not None:
            continue
        for c, cost in enumerate(intervention.costs):
            if cost.states is None and cost.fixed_per_year is None:
                notes.append(
                    _pp(
                        ("interventions", i, "costs", c),
                        DEFAULT_STATES_NOTE,
                        states=", ".join(default),
                    )
                )
    return notes


def _effects_that_change_nothing(scenario: Scenario, cycles: int) -> list[Problem]:
    """A problem for each effect that, whatever its size, cannot make its targeted moves more
    or less likely in any row and any year its window (with decay) covers, judged on the
    model's rows (see :func:`socinvest.core.transitions.effect_can_change_rows`)."""
    # compile imports this module (horizon_cycles, payer_tree_of), so import it here.
    from socinvest.scenario.compile import age_bands, effect_targets, effect_weights

    states = [s.id for s in scenario.model.states]
    start_age = scenario.target_group.start_age
    matrices, band_of_cycle = age_bands(scenario, states, cycles)
    effects = [
        ((i, f), effect)
        for i, intervention in enumerate(scenario.interventions)
        for f, effect in enumerate(intervention.effects)
    ]
    problems: list[Problem] = []
    for (i, f), effect in effects:
        rows, targets = effect_targets(effect, states)
        active = np.nonzero(effect_weights(effect, start_age, cycles) > 0.0)[0]
        bands = sorted({int(band_of_cycle[t]) for t in active})
        ages_of = {b: [start_age + int(t) for t in active if band_of_cycle[t] == b] for b in bands}
        # Another effect re-normalised to staying may give a row that never stays some
        # probability of staying, so count staying as possible in those rows.
        may_stay = {
            state
            for (i2, f2), other in effects
            if (i2, f2) != (i, f) and other.complement == "stay"
            for state in _as_list(other.from_states)
        }
        kind = effect.kind  # the model scale (a study effect converts to one)
        reasons: dict[tuple[str, str], list[int]] = {}
        changes = False
        for b in bands:
            band_rows = np.array(matrices[b][rows])
            for k, r in enumerate(rows):
                if states[r] in may_stay and band_rows[k, r] == 0.0:
                    band_rows[k, r] = 1.0  # a placeholder above 0: only the zeros count
            can = effect_can_change_rows(band_rows, targets, kind, rows, effect.complement)
            if can.any():
                changes = True
                break
            for k, r in enumerate(rows):
                if not targets[k].any():
                    reason = "itself"
                elif band_rows[k, r] >= 1.0 and states[r] not in may_stay:
                    reason = "never_left"
                elif not (band_rows[k] > 0.0)[targets[k]].any():
                    reason = "no_target"
                else:
                    reason = "all_targeted"
                reasons.setdefault((states[r], reason), []).extend(ages_of[b])
        if changes or not bands:
            continue
        path = ("interventions", i, "effects", f)
        field = "from" if all(r == "never_left" for _, r in reasons) else "to"
        found: Message | None = None
        for (state, reason), ages in reasons.items():
            k = [states[r] for r in rows].index(state)
            named = ", ".join(s for s, t in zip(states, targets[k], strict=True) if t)
            args = {"state": repr(state), "ages": _ages_text(sorted(set(ages)))}
            if reason in ("no_target", "all_targeted"):
                args["targets"] = named
            if reason == "itself":
                del args["ages"]
            part = Message.of(_NOOP_REASONS[reason], **args)
            found = part if found is None else Message.of(_BOTH, first=found, second=part)
        assert found is not None
        template = NOOP_FROM if field == "from" else NOOP_TO
        problems.append(_pp((*path, field), template, found=found))
    return problems


NOOP_TO = N_(
    "expected an effect that changes some transition in the years its window covers: a move "
    "in 'to' with a probability above 0 and, in the same row, a move outside 'to' (staying "
    "counts) to take up the difference; found that it changes nothing: {found}"
)
NOOP_FROM = N_(
    "expected a from-state that is left with a probability above 0 at some age the effect's "
    "window covers; found that the effect changes nothing: {found}"
)
_BOTH = N_("{first}; {second}")
_NOOP_REASONS = {
    "itself": N_(
        "'to' names no state but {state} itself, and an effect acts on moves out of a state, "
        "not on staying"
    ),
    "never_left": N_("{state} is never left at ages {ages}"),
    "no_target": N_("no move from {state} to {targets} has a probability above 0 at ages {ages}"),
    "all_targeted": N_(
        "every move from {state} with a probability above 0 at ages {ages} is in 'to' "
        "({targets}): they always sum to 1, so the effect cannot make them more or less likely"
    ),
}


def _duplicates(ids: list[str], path: tuple[str, ...], template: str) -> list[Problem]:
    """Problems for ids given twice; ``template`` has the placeholders ``{name}`` and
    ``{position}``."""
    seen: dict[str, int] = {}
    out = []
    for i, name in enumerate(ids):
        if name in seen:
            out.append(_pp((*path, i, "id"), template, name=repr(name), position=seen[name]))
        else:
            seen[name] = i
    return out


def _ages_text(ages: list[int]) -> str:
    parts: list[str] = []
    start = prev = ages[0]
    for age in [*ages[1:], None]:
        if age is not None and age == prev + 1:
            prev = age
            continue
        parts.append(f"{start}" if start == prev else f"{start}-{prev}")
        if age is not None:
            start = prev = age
    return ", ".join(parts)


def _check_block(
    block: TransitionBlock, path: tuple[str | int, ...], states: list[str], absorbing: set[str]
) -> list[Problem]:
    problems: list[Problem] = []
    form = (
        "probabilities"
        if block.probabilities is not None
        else ("counts" if block.counts is not None else "rates")
    )
    table = block.probabilities or block.counts or block.rates or {}
    state_set = set(states)
    for origin, row in table.items():
        row_path = (*path, form, origin)
        if origin not in state_set:
            problems.append(
                _pp(row_path, UNKNOWN_STATE, name=repr(origin), states=", ".join(states))
            )
            continue
        for target, value in row.items():
            if target not in state_set:
                problems.append(
                    _pp(
                        (*row_path, target),
                        UNKNOWN_STATE,
                        name=repr(target),
                        states=", ".join(states),
                    )
                )
                continue
            if value == "rest":
                continue
            number = float(value)
            if form == "probabilities" and not 0.0 <= number <= 1.0:
                problems.append(
                    _pp(
                        (*row_path, target),
                        N_("expected a probability in [0, 1], found {value}"),
                        value=value,
                    )
                )
            elif form == "counts" and number < 0:
                problems.append(
                    _pp(
                        (*row_path, target), N_("expected a count >= 0, found {value}"), value=value
                    )
                )
            elif form == "rates" and number < 0 and target != origin:
                problems.append(
                    _pp((*row_path, target), N_("expected a rate >= 0, found {value}"), value=value)
                )
        if origin in absorbing:
            leaving = {
                t: v for t, v in row.items() if t != origin and (v == "rest" or float(v) > 0)
            }
            if leaving:
                problems.append(
                    _pp(
                        row_path,
                        N_("state {state} is absorbing but has moves out: {moves}"),
                        state=repr(origin),
                        moves=leaving,
                    )
                )
        if form == "probabilities":
            rests = [t for t, v in row.items() if v == "rest"]
            numbers = [float(v) for v in row.values() if v != "rest"]
            total = sum(numbers)
            if len(rests) > 1:
                problems.append(_pp(row_path, N_("expected at most one 'rest' in a row")))
            elif rests:
                if total > 1.0 + ROW_TOLERANCE:
                    problems.append(
                        _pp(
                            row_path,
                            N_(
                                "the other probabilities sum to {total}, so 'rest' would be "
                                "negative"
                            ),
                            total=_number(total),
                        )
                    )
            elif abs(total - 1.0) > ROW_TOLERANCE:
                problems.append(
                    _pp(
                        row_path,
                        N_("expected probabilities summing to 1, found {total}"),
                        total=_number(total),
                    )
                )
        elif (
            form == "counts"
            and origin not in absorbing
            and sum(float(v) for v in row.values()) <= 0
        ):
            problems.append(_pp(row_path, N_("expected at least one observed move in the row")))
    missing = [s for s in states if s not in table and s not in absorbing]
    if missing:
        problems.append(
            _pp(
                (*path, form),
                N_(
                    "no row for state(s) {states}; every state that is not absorbing needs a row "
                    "(an empty row {{}} for rates means the state is never left)"
                ),
                states=", ".join(missing),
            )
        )
    if form == "rates":
        for origin, row in table.items():
            if origin not in row:
                continue
            out_rate = sum(float(v) for t, v in row.items() if t != origin and v != "rest")
            stay = float(row[origin])
            if stay != 0.0 and abs(stay + out_rate) > ROW_TOLERANCE:
                problems.append(
                    _pp(
                        (*path, form, origin, origin),
                        N_(
                            "the rate of staying is derived from the others: leave it out, or "
                            "give 0 or minus the sum of the others ({expected}); found {found}"
                        ),
                        expected=_number(-out_rate),
                        found=_number(stay),
                    )
                )
    return problems


def _check_effect(
    effect: Effect,
    path: tuple[str | int, ...],
    states: list[str],
    absorbing: set[str],
    first_age: int,
    last_age: int,
    unit_cycles: int,
) -> list[Problem]:
    problems: list[Problem] = []
    state_set = set(states)
    for key, names in (("from", _as_list(effect.from_states)), ("to", _as_list(effect.to_states))):
        for name in names:
            if name not in state_set:
                problems.append(
                    _pp((*path, key), UNKNOWN_STATE, name=repr(name), states=", ".join(states))
                )
    for name in _as_list(effect.from_states):
        if name in absorbing:
            problems.append(
                _pp(
                    (*path, "from"),
                    N_("state {state} is absorbing; an effect cannot change its row"),
                    state=repr(name),
                )
            )
    if effect.ages is not None:
        low, high = parse_range(effect.ages)
        if high < first_age or low > last_age:
            problems.append(
                _pp(
                    (*path, "ages"),
                    N_("ages {low}-{high} fall outside the horizon (ages {first_age}-{last_age})"),
                    low=low,
                    high=high,
                    first_age=first_age,
                    last_age=last_age,
                )
            )
    if effect.years is not None:
        low, high = parse_range(effect.years, upper=unit_cycles - 1)
        if low > unit_cycles - 1:
            problems.append(
                _pp(
                    (*path, "years"),
                    YEARS_OUTSIDE,
                    low=low,
                    high=high,
                    limit=unit_cycles - 1,
                )
            )
    return problems


def _check_tax_rules(
    rules: TaxRules, check_payer: Callable[[Sequence[str | int], str], None]
) -> list[Problem]:
    """The payers the Swedish rules book on exist; the lag is a whole number of years."""
    for payer in TAX_RULE_RECEIVERS.values():
        check_payer(("model", "tax_rules"), payer)
    lag = rules.payment_lag_years
    if isinstance(lag, float | int) and (lag != int(lag) or lag > MAX_PAYMENT_LAG):
        return [
            _pp(
                ("model", "tax_rules", "payment_lag_years"),
                N_("expected a whole number of years from 0 to {most}, found {value}"),
                most=str(MAX_PAYMENT_LAG),
                value=_number(float(lag)),
            )
        ]
    return []
