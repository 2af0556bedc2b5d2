"""The memo of ``library_for`` and ``resolve_scenario``: a repeated resolution of the same
scenario with the same library is the value already made, and a scenario, a library or a
result changed in place (or not) is resolved again, never taken stale from the memo."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from socinvest.params.library import ParameterLibrary, load_library
from socinvest.params.model import ParameterOverride
from socinvest.scenario import references as refs
from socinvest.scenario.load import example_text, parse_scenario
from socinvest.scenario.model import ParamRef, Scenario
from socinvest.scenario.references import ResolvedScenario, library_for, resolve_scenario


@pytest.fixture(autouse=True)
def _empty_memo() -> Iterator[None]:
    refs.clear_memo()
    yield
    refs.clear_memo()


@pytest.fixture
def library() -> ParameterLibrary:
    """A library of its own (the tests change it; the shipped one is shared)."""
    return load_library()


@pytest.fixture
def scenario(library: ParameterLibrary) -> Scenario:
    """An example with library references, inline uncertain values and own parameters."""
    loaded = parse_scenario(example_text("parenting-programme"), "parenting.yaml", library)
    assert loaded.parameters
    return loaded


def fresh(scenario: Scenario, library: ParameterLibrary) -> ResolvedScenario:
    """The resolution computed without the memo."""
    used = refs._library_for(scenario, library, None)
    return refs._resolve_scenario(scenario, used)


def assert_same(a: ResolvedScenario, b: ResolvedScenario) -> None:
    assert a.scenario.model_dump() == b.scenario.model_dump()
    assert a.scenario.model_fields_set == b.scenario.model_fields_set
    assert a.parameters == b.parameters
    assert a.inline_factor == b.inline_factor


def resolve(scenario: Scenario, library: ParameterLibrary) -> ResolvedScenario:
    return resolve_scenario(scenario, library_for(scenario, library))


def test_a_repeated_resolution_is_the_value_already_made(
    scenario: Scenario, library: ParameterLibrary
) -> None:
    first = resolve(scenario, library)
    assert library_for(scenario, library) is library_for(scenario, library)
    assert resolve(scenario, library) is first
    assert_same(first, fresh(scenario, library))


def test_another_source_is_another_library(scenario: Scenario, library: ParameterLibrary) -> None:
    named = library_for(scenario, library, "a.yaml")
    assert named is not library_for(scenario, library)
    own = next(iter(scenario.parameters))
    assert named.origins[own] == "a.yaml"
    assert library_for(scenario, library).origins[own] == f"scenario '{scenario.id}'"


def test_a_scenario_changed_in_place_is_resolved_again(
    scenario: Scenario, library: ParameterLibrary
) -> None:
    before = resolve(scenario, library)
    cost = scenario.interventions[0].costs[0]
    assert isinstance(cost.per_participant, ParamRef)
    cost.per_participant.times = 0.6  # twice the take-up
    after = resolve(scenario, library)
    assert after is not before
    assert_same(after, fresh(scenario, library))
    first, second = (r.scenario.interventions[0].costs[0].per_participant for r in (before, after))
    assert second == pytest.approx(2 * first)  # type: ignore[operator]
    del scenario.model.costs[-1]  # a list changed in place
    shorter = resolve(scenario, library)
    assert len(shorter.scenario.model.costs) == len(after.scenario.model.costs) - 1
    assert_same(shorter, fresh(scenario, library))


def test_an_inline_value_changed_in_place_is_a_new_parameter(
    scenario: Scenario, library: ParameterLibrary
) -> None:
    used = library_for(scenario, library)
    pid = next(p for p in used.parameters if p.startswith("inline."))
    value = used.parameters[pid].values[0].value
    index = int(pid.split(".")[2].split("_")[1])  # inline.model.costs_<i>.annual
    uncertain = scenario.model.costs[index].annual
    uncertain.value = 2 * value  # type: ignore[union-attr]
    again = library_for(scenario, library)
    assert again is not used
    assert again.parameters[pid].values[0].value == 2 * value


def test_a_library_changed_in_place_is_used_again(
    scenario: Scenario, library: ParameterLibrary
) -> None:
    before = resolve(scenario, library)
    pid = "halsa.bup_besok"
    assert pid in before.parameters
    # A value of a parameter changed in place (shared by the libraries made from it) ...
    library.parameters[pid].values[-1].value *= 3
    after = resolve(scenario, library)
    assert after.parameters[pid].value == pytest.approx(3 * before.parameters[pid].value)
    assert_same(after, fresh(scenario, library))
    # ... and a parameter replaced in the mapping.
    replacement = library.parameters[pid].model_copy(deep=True)
    replacement.values[-1].value /= 3
    library.parameters[pid] = replacement  # type: ignore[index]
    again = resolve(scenario, library)
    assert again.parameters[pid].value == pytest.approx(before.parameters[pid].value)
    assert_same(again, fresh(scenario, library))


def test_an_own_parameter_overriding_the_library_follows_the_library(
    scenario: Scenario, library: ParameterLibrary
) -> None:
    own = "halsa.bup_besok"
    given = next(iter(scenario.parameters.values())).model_dump(exclude_none=True)
    for key in ("label", "unit", "uncertainty", "derivation"):
        given.pop(key, None)
    given["values"] = [{"date": dt.date(2023, 1, 1), "value": 4000.0}]
    override = ParameterOverride.model_validate(given)
    scenario = scenario.model_copy(update={"parameters": {**scenario.parameters, own: override}})
    used = library_for(scenario, library)
    merged = used.parameters[own]
    assert merged is not library.parameters[own]
    # The merged parameter keeps what the scenario does not give from the library's.
    library.parameters[own].derivation = "changed in the library"
    again = library_for(scenario, library)
    assert again is not used
    expected = refs._library_for(scenario, library, None).parameters[own]
    assert again.parameters[own] == expected
    assert again.parameters[own].derivation == "changed in the library"
    assert again.parameters[own].values[0].value == 4000.0


def test_a_result_changed_by_its_caller_is_not_handed_out_again(
    scenario: Scenario, library: ParameterLibrary
) -> None:
    first = resolve(scenario, library)
    first.scenario.analysis.seed = 12345
    second = resolve(scenario, library)
    assert second is not first
    assert second.scenario.analysis.seed == scenario.analysis.seed
    second.parameters.pop(next(iter(second.parameters)))
    third = resolve(scenario, library)
    assert third is not second
    assert_same(third, fresh(scenario, library))
    third.parameters[next(iter(third.parameters))].uncertainty.note = "changed"
    assert resolve(scenario, library) is not third
    used = library_for(scenario, library)
    pid = next(p for p in used.parameters if p.startswith("inline."))
    used.parameters[pid].values[0].value = -1.0
    assert library_for(scenario, library) is not used
    assert library_for(scenario, library).parameters[pid].values[0].value != -1.0


def test_the_memo_keeps_only_a_few_entries(library: ParameterLibrary) -> None:
    text = example_text("parenting-programme")
    scenarios = [parse_scenario(text, "p.yaml", library) for _ in range(refs.MEMO_SIZE + 1)]
    first = resolve(scenarios[0], library)
    for other in scenarios[1:]:
        resolve(other, library)
    assert resolve(scenarios[0], library) is not first  # the oldest entry was let go
