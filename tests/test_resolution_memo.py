"""The memo of ``library_for`` and ``resolve_scenario`` (:func:`memoised_resolution`): within
the block a repeated resolution of the same scenario with the same library is the value
already made; outside it nothing is kept, so a scenario changed between two analyses is
resolved as it is then; a report resolves its scenario once."""

from __future__ import annotations

import threading

import pytest

import socinvest.analysis.case as case
from socinvest.params.library import ParameterLibrary, load_library
from socinvest.scenario import references as refs
from socinvest.scenario.load import example_text, parse_scenario
from socinvest.scenario.model import ParamRef, Scenario
from socinvest.scenario.references import (
    ResolvedScenario,
    library_for,
    memoised_resolution,
    resolve_scenario,
)


@pytest.fixture(scope="module")
def library() -> ParameterLibrary:
    return load_library()


@pytest.fixture
def scenario(library: ParameterLibrary) -> Scenario:
    """An example with library references, inline uncertain values and own parameters."""
    loaded = parse_scenario(example_text("parenting-programme"), "parenting.yaml", library)
    assert loaded.parameters
    return loaded


def resolve(scenario: Scenario, library: ParameterLibrary) -> ResolvedScenario:
    return resolve_scenario(scenario, library_for(scenario, library))


def assert_same(a: ResolvedScenario, b: ResolvedScenario) -> None:
    assert a.scenario == b.scenario
    assert a.scenario.model_dump(exclude_unset=True) == b.scenario.model_dump(exclude_unset=True)
    assert a.parameters == b.parameters
    assert a.inline_factor == b.inline_factor


def test_outside_a_block_each_resolution_is_made_anew(
    scenario: Scenario, library: ParameterLibrary
) -> None:
    first = resolve(scenario, library)
    assert library_for(scenario, library) is not library_for(scenario, library)
    assert resolve(scenario, library) is not first
    # A scenario changed between two analyses is resolved as it is then.
    cost = scenario.interventions[0].costs[0]
    assert isinstance(cost.per_participant, ParamRef)
    cost.per_participant.times *= 2
    again = resolve(scenario, library)
    before, after = (r.scenario.interventions[0].costs[0].per_participant for r in (first, again))
    assert after == pytest.approx(2 * before)  # type: ignore[operator]


def test_within_a_block_a_repeated_resolution_is_the_value_made(
    scenario: Scenario, library: ParameterLibrary
) -> None:
    outside = resolve(scenario, library)
    with memoised_resolution():
        used = library_for(scenario, library)
        assert library_for(scenario, library) is used
        first = resolve_scenario(scenario, used)
        assert resolve(scenario, library) is first
        assert_same(first, outside)
        # Other arguments are other entries: another source names the scenario's own
        # parameters' origin, another scenario object (even an equal one) is resolved anew.
        named = library_for(scenario, library, "a.yaml")
        assert named is not used
        own = next(iter(scenario.parameters))
        assert named.origins[own] == "a.yaml"
        assert used.origins[own] == f"scenario '{scenario.id}'"
        copy = scenario.model_copy(deep=True)
        other = resolve(copy, library)
        assert other is not first
        assert_same(other, first)
        with memoised_resolution():  # a nested block uses the enclosing memo
            assert resolve(scenario, library) is first
        assert resolve(scenario, library) is first
    assert resolve(scenario, library) is not first  # let go with the block


def test_a_failed_resolution_is_not_kept(library: ParameterLibrary) -> None:
    text = example_text("parenting-programme")
    scenario = parse_scenario(text, "p.yaml", library)
    unknown = ParamRef(param="ingen.sadan_parameter")
    scenario.interventions[0].costs[0].per_participant = unknown
    with memoised_resolution():
        for _ in range(2):
            with pytest.raises(KeyError):
                resolve(scenario, library)


def test_another_thread_has_no_memo_of_the_block(
    scenario: Scenario, library: ParameterLibrary
) -> None:
    made: list[ResolvedScenario] = []

    def work() -> None:
        made.extend(resolve(scenario, library) for _ in range(2))

    with memoised_resolution():
        first = resolve(scenario, library)
        thread = threading.Thread(target=work)
        thread.start()
        thread.join()
    assert made[0] is not made[1]
    assert made[0] is not first
    assert_same(made[0], first)


def test_a_report_resolves_its_scenario_once(
    scenario: Scenario, library: ParameterLibrary, monkeypatch: pytest.MonkeyPatch
) -> None:
    resolved: list[Scenario] = []
    made: list[Scenario] = []
    original_resolve, original_library = refs._resolve_scenario, refs._library_for

    def counted_resolve(s: Scenario, lib: ParameterLibrary) -> ResolvedScenario:
        resolved.append(s)
        return original_resolve(s, lib)

    def counted_library(s: Scenario, lib: ParameterLibrary, source: str | None) -> ParameterLibrary:
        made.append(s)
        return original_library(s, lib, source)

    monkeypatch.setattr(refs, "_resolve_scenario", counted_resolve)
    monkeypatch.setattr(refs, "_library_for", counted_library)
    built = case.build_case(scenario, library, draws=20)
    assert built.tornado is not None and built.break_even is not None
    assert built.timing is not None and built.voi is not None
    assert sum(s is scenario for s in resolved) == 1
    assert sum(s is scenario for s in made) == 1
    resolved.clear()
    resolve(scenario, library)  # no memo after the report
    resolve(scenario, library)
    assert len(resolved) == 2
