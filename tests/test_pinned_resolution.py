"""The tornado's pinned resolution (:class:`socinvest.scenario.references.PinnableScenario`)
equals resolving the whole scenario again with a :class:`PinnedLibrary`, for every parameter
of every example, and for several parameters pinned at once at any values (Hypothesis); the
tornado built on it (which also runs only the chosen alternative and the comparison) gives
the NPVs of re-resolving and running every alternative for every bar, bit for bit. The
probabilistic analysis's moved scenarios (one per drawn money parameter, written into the
resolved data dumped once) equal those made by dumping the resolved scenario each time."""

from __future__ import annotations

from functools import cache
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from socinvest.analysis.psa import _moved, drawn_parameters
from socinvest.analysis.run import run_scenario
from socinvest.analysis.sensitivity import PinnedLibrary, bounds, tornado
from socinvest.analysis.summary import compare_npv
from socinvest.params.library import ParameterLibrary, default_library
from socinvest.scenario.compile import compile_scenario
from socinvest.scenario.load import example_names, example_text, parse_scenario
from socinvest.scenario.model import Scenario
from socinvest.scenario.references import (
    PinnableScenario,
    ResolvedScenario,
    library_for,
    references,
    resolve_scenario,
    resolved_scenario_data,
)


@cache
def _example(name: str) -> tuple[Scenario, ParameterLibrary, PinnableScenario]:
    scenario = parse_scenario(example_text(name), f"example:{name}")
    library = library_for(scenario, default_library())
    return scenario, library, PinnableScenario.of(scenario, library)


def _same(pinned: ResolvedScenario, full: ResolvedScenario) -> None:
    assert pinned.scenario == full.scenario
    assert pinned.scenario.model_dump() == full.scenario.model_dump()
    # The same fields set in every model (a pinned scenario is partly a copy of the base).
    assert pinned.scenario.model_dump(exclude_unset=True) == full.scenario.model_dump(
        exclude_unset=True
    )
    assert pinned.parameters == full.parameters
    assert pinned.inline_factor == full.inline_factor


@pytest.mark.parametrize("name", example_names())
def test_each_parameter_pinned_equals_full_resolution(name: str) -> None:
    scenario, library, pinnable = _example(name)
    _same(pinnable.resolve(), resolve_scenario(scenario, library))
    assert pinnable.parameters, "an example without library parameters tests nothing"
    for pid, parameter in pinnable.parameters.items():
        found = bounds(parameter)
        values = [found[0], found[1]] if found else [parameter.value * 1.37 + 0.11]
        for value in values:
            pins = {pid: value}
            full = resolve_scenario(scenario, PinnedLibrary.on(library, pins))
            _same(pinnable.resolve(pins), full)
            if value != parameter.value:
                # The pin reached the scenario: the resolution differs from the base one.
                assert full.parameters[pid].value == value
    # Pinning copied the containers it changed; the resolved data is still the base one.
    assert pinnable.data == resolved_scenario_data(scenario, library)[0]


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_several_parameters_pinned_at_any_values(data: st.DataObject) -> None:
    name = data.draw(st.sampled_from(example_names()))
    scenario, library, pinnable = _example(name)
    ids = data.draw(
        st.lists(st.sampled_from(sorted(pinnable.parameters)), min_size=1, max_size=4, unique=True)
    )
    pins = {
        pid: data.draw(st.floats(min_value=-1e7, max_value=1e7, allow_nan=False)) for pid in ids
    }
    try:
        full = resolve_scenario(scenario, PinnedLibrary.on(library, pins))
    except ValueError as refused:  # a value the scenario refuses (e.g. a probability above 1)
        with pytest.raises(ValueError) as raised:
            pinnable.resolve(pins)
        # The same message, with the value's full location in the scenario.
        assert str(raised.value) == str(refused)
        return
    _same(pinnable.resolve(pins), full)


def _npv_by_full_resolution(
    scenario: Scenario, library: ParameterLibrary, alternative: str, scope: str
) -> tuple[float, float]:
    """The NPV (horizon, term of office) as the tornado computed it before PinnableScenario:
    the whole scenario resolved again, compiled, and every alternative run."""
    compiled = compile_scenario(resolve_scenario(scenario, library).scenario)
    run = run_scenario(compiled)
    found = next(compare_npv(run, a) for a in run.alternatives if a.id == alternative)
    return found.horizon[scope], found.term_of_office[scope]


@pytest.mark.parametrize("name", example_names())
def test_tornado_equals_the_one_by_full_resolution(name: str) -> None:
    scenario, library, _pinnable = _example(name)
    scope = "kommun"
    alternative = next(a.id for a in scenario.alternatives if not a.comparison)
    (fast,) = tornado(scenario, default_library(), scope, alternative)
    base = _npv_by_full_resolution(scenario, library, alternative, scope)
    assert (fast.npv_base, fast.npv_base_term) == base
    bars = [b for b in fast.bars if b.parameter is not None]
    assert len(bars) >= 5
    for bar in bars:
        for value, npv, term in (
            (bar.low, bar.npv_low, bar.npv_low_term),
            (bar.high, bar.npv_high, bar.npv_high_term),
        ):
            pinned = PinnedLibrary.on(library, {bar.id: value})
            assert (npv, term) == _npv_by_full_resolution(scenario, pinned, alternative, scope)


def _moved_by_dumping(
    resolved: Scenario, refs: list[tuple[tuple[str | int, ...], str, float]], pid: str, value: float
) -> Scenario:
    """The probabilistic analysis's moved scenario as it was made before: the resolved
    scenario dumped for every parameter and the value written into the dump."""
    data = resolved.model_dump(by_alias=True, exclude_unset=True)
    for path, ref, times in refs:
        if ref == pid:
            node: Any = data
            for key in path[:-1]:
                node = node[key]
            node[path[-1]] = value * times
    return Scenario.model_validate(data)


@pytest.mark.parametrize("name", example_names())
def test_psa_moved_scenarios_equal_dumping_each_time(name: str) -> None:
    scenario, library, _pinnable = _example(name)
    resolved = resolve_scenario(scenario, library)
    money, _ratios = drawn_parameters(scenario, resolved.parameters)
    assert money
    refs = [(path, ref.param, ref.times) for path, ref, _use in references(scenario)]
    before = resolved.scenario.model_dump(by_alias=True, exclude_unset=True)
    for pid in money:
        value = resolved.parameters[pid].value
        moved = _moved(resolved.scenario, refs, pid, value + max(1.0, abs(value)))
        assert moved == _moved_by_dumping(
            resolved.scenario, refs, pid, value + max(1.0, abs(value))
        )
        assert moved != resolved.scenario
    # The resolved scenario itself is not changed by moving its values.
    assert resolved.scenario.model_dump(by_alias=True, exclude_unset=True) == before
