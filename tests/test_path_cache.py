"""The cohort paths shared between runs (:class:`socinvest.analysis.run.PathCache`): a run
through the cache equals :func:`run_scenario` bit for bit; a path is reused only when every
input of the cohort engine is the same (a money parameter moved: reused; an effect or a
transition moved: run afresh); and the tornado and the break-even searches that use it give
the same results, bit for bit, as without it, on every example."""

from __future__ import annotations

from dataclasses import replace
from functools import cache

import numpy as np
import pytest

from socinvest.analysis import breakeven, sensitivity
from socinvest.analysis.run import (
    AlternativeRun,
    PathCache,
    ScenarioRun,
    run_alternative,
    run_scenario,
)
from socinvest.params.library import default_library
from socinvest.scenario.compile import CompiledAlternative, CompiledScenario, compile_scenario
from socinvest.scenario.load import example_names, example_text, parse_scenario
from socinvest.scenario.model import Scenario
from socinvest.scenario.references import library_for, resolve_scenario


@cache
def _compiled(name: str) -> tuple[Scenario, CompiledScenario]:
    scenario = parse_scenario(example_text(name), f"example:{name}")
    resolved = resolve_scenario(scenario, library_for(scenario, default_library())).scenario
    return scenario, compile_scenario(resolved)


def _same_run(a: ScenarioRun, b: ScenarioRun) -> None:
    assert [x.id for x in a.alternatives] == [x.id for x in b.alternatives]
    for x, y in zip(a.alternatives, b.alternatives, strict=True):
        for field in ("ledger", "programme", "person_years", "entries"):
            left, right = getattr(x, field), getattr(y, field)
            assert left.shape == right.shape
            assert left.tobytes() == right.tobytes(), (x.id, field)
    assert a.money_factors.tobytes() == b.money_factors.tobytes()
    assert a.outcome_factors.tobytes() == b.outcome_factors.tobytes()


class _NoReuse(PathCache):
    """Every run afresh, as before the cache."""

    def run_alternative(
        self, compiled: CompiledScenario, alternative: CompiledAlternative
    ) -> AlternativeRun:
        return run_alternative(compiled, alternative)


@pytest.mark.parametrize("name", example_names())
def test_cached_runs_equal_fresh_runs(name: str) -> None:
    _, compiled = _compiled(name)
    paths = PathCache()
    first = paths.run_scenario(compiled)
    _same_run(first, run_scenario(compiled))
    assert paths.hits == 0
    second = paths.run_scenario(compiled)
    _same_run(second, run_scenario(compiled))
    assert paths.hits == len(compiled.alternatives)


@pytest.mark.parametrize("name", example_names())
def test_costs_moved_reuse_the_path_effects_moved_do_not(name: str) -> None:
    _, compiled = _compiled(name)
    paths = PathCache()
    paths.run_scenario(compiled)
    alt = next(a for a in compiled.alternatives if not a.comparison)
    dearer = replace(
        alt,
        participant_annual=alt.participant_annual * 1.7,
        participant_start=alt.participant_start * 1.7,
        fixed=alt.fixed * 1.7,
    )
    moved = replace(compiled, alternatives=[compiled.comparison, dearer])
    _same_run(paths.run_scenario(moved), run_scenario(moved))
    assert paths.hits == 2
    assert alt.effects, "an example without effects tests nothing here"
    effect = alt.effects[0]
    weaker = replace(effect, log_effect=effect.log_effect * 0.5)
    other = replace(alt, effects=[weaker, *alt.effects[1:]])
    moved = replace(compiled, alternatives=[compiled.comparison, other])
    hits = paths.hits
    _same_run(paths.run_scenario(moved), run_scenario(moved))
    assert paths.hits == hits + 1  # the comparison's path only
    transitions = compiled.transitions.copy()
    transitions[..., 0] = transitions[..., 0] * 0.5
    transitions[..., -1] += 1.0 - transitions.sum(axis=-1)
    moved = replace(compiled, transitions=transitions)
    hits = paths.hits
    _same_run(paths.run_scenario(moved), run_scenario(moved))
    assert paths.hits == hits


def test_shared_paths_cannot_be_written() -> None:
    _, compiled = _compiled(example_names()[0])
    paths = PathCache()
    paths.run_scenario(compiled)
    for occupancy, entries in paths._paths.values():
        assert not occupancy.flags.writeable
        assert not entries.flags.writeable
        with pytest.raises(ValueError):
            occupancy[...] = 0.0


@pytest.mark.parametrize("name", example_names())
def test_tornado_and_break_even_equal_runs_without_the_cache(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    scenario, _ = _compiled(name)
    library = default_library()
    tornadoes = sensitivity.tornado(scenario, library)
    searches = breakeven.break_even(scenario, library)
    monkeypatch.setattr(sensitivity, "PathCache", _NoReuse)
    monkeypatch.setattr(breakeven, "PathCache", _NoReuse)
    assert sensitivity.tornado(scenario, library) == tornadoes
    assert breakeven.break_even(scenario, library) == searches
    assert np.isfinite(tornadoes[0].npv_base)
