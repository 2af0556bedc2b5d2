"""The timing analysis runs only the chosen alternative and the comparison and computes only
the NPV; its figures equal those of running every alternative and the full comparison
(:func:`socinvest.analysis.summary.compare`), bit for bit, on every example; the NPV of
some scopes (as the tornado and the break-even searches ask for) equals that of all."""

from __future__ import annotations

import pytest

from socinvest.analysis.run import run_scenario
from socinvest.analysis.summary import compare, compare_npv
from socinvest.analysis.timing import StartAges, at_start_age, default_ages, shift_range, timing
from socinvest.params.library import default_library
from socinvest.scenario.compile import compile_scenario
from socinvest.scenario.load import example_names, example_text, parse_scenario
from socinvest.scenario.model import Scenario
from socinvest.scenario.references import library_for, resolve_scenario


@pytest.mark.parametrize("name", example_names())
def test_timing_equals_full_runs(name: str) -> None:
    scenario = parse_scenario(example_text(name), f"example:{name}")
    library = default_library()
    alternative = [a.id for a in scenario.alternatives if not a.comparison][-1]
    (result,) = timing(scenario, library, alternative)
    resolved = resolve_scenario(scenario, library_for(scenario, library)).scenario
    first, last = default_ages(scenario)
    assert [p.start_age for p in result.points] == list(range(first, last + 1))
    for point in result.points:
        run = run_scenario(compile_scenario(at_start_age(resolved, point.start_age)))
        full = compare(run, next(a for a in run.alternatives if a.id == alternative))
        assert point.npv == {s: full.horizon[s].npv for s in result.scopes}
        assert point.npv_term == {s: full.term_of_office[s].npv for s in result.scopes}


@pytest.mark.parametrize("name", example_names())
def test_npv_of_some_scopes_equals_npv_of_all(name: str) -> None:
    # The tornado and the break-even searches summarise only the scopes they read.
    scenario = parse_scenario(example_text(name), f"example:{name}")
    resolved = resolve_scenario(scenario, library_for(scenario, default_library())).scenario
    run = run_scenario(compile_scenario(resolved))
    for alt in run.alternatives:
        if alt.comparison:
            continue
        full = compare_npv(run, alt)
        assert full.horizon == {s: compare(run, alt).horizon[s].npv for s in full.horizon}
        scopes = list(full.horizon)
        for chosen in ([scopes[0]], scopes[-2:], ["kommun", "socio_economic"]):
            some = compare_npv(run, alt, chosen)
            assert some.horizon == {s: full.horizon[s] for s in chosen}
            assert some.term_of_office == {s: full.term_of_office[s] for s in chosen}


def _at_start_age_by_dumping(resolved: Scenario, start_age: int) -> Scenario:
    """The moved scenario as timing made it before :class:`StartAges`: the resolved
    scenario dumped, changed in place and validated whole, for every start age."""
    offset = start_age - resolved.target_group.start_age
    data = resolved.model_dump(by_alias=True, exclude_unset=True)
    data["target_group"]["start_age"] = start_age
    for intervention in data.get("interventions", []):
        for effect in intervention.get("effects", []):
            if effect.get("ages") is not None:
                effect["ages"] = shift_range(effect["ages"], offset)
    return Scenario.model_validate(data)


@pytest.mark.parametrize("name", example_names())
def test_start_ages_equal_validating_the_whole_scenario(name: str) -> None:
    scenario = parse_scenario(example_text(name), f"example:{name}")
    resolved = resolve_scenario(scenario, library_for(scenario, default_library())).scenario
    first, last = default_ages(scenario)
    moves = StartAges(resolved)
    for age in range(max(0, first - 1), last + 2):
        try:
            expected = _at_start_age_by_dumping(resolved, age)
        except ValueError as refused:
            with pytest.raises(ValueError) as raised:
                moves.at(age)
            assert str(raised.value) == str(refused)
            continue
        moved = moves.at(age)
        assert moved == expected
        assert moved.model_dump(exclude_unset=True) == expected.model_dump(exclude_unset=True)
        assert at_start_age(resolved, age) == expected
    # Nothing of the base scenario was changed.
    assert moves.validated == Scenario.model_validate(moves.data)
    assert moves.data == resolved.model_dump(by_alias=True, exclude_unset=True)
