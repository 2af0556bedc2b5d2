"""Compiling keeps what many runs share: the transition matrix of a block of the same rows,
and the age and year ranges of cost lines. The kept values cannot be changed through what
a compile hands out, and a compile gives the same arrays, bit for bit, every time."""

from __future__ import annotations

import numpy as np
import pytest

from socinvest.params.library import default_library
from socinvest.scenario import compile as compile_module
from socinvest.scenario.compile import block_matrix, compile_scenario
from socinvest.scenario.load import example_names, example_text, parse_scenario
from socinvest.scenario.model import Scenario
from socinvest.scenario.references import library_for, resolve_scenario


def _resolved(name: str) -> Scenario:
    scenario = parse_scenario(example_text(name), f"example:{name}")
    return resolve_scenario(scenario, library_for(scenario, default_library())).scenario


@pytest.mark.parametrize("name", example_names())
def test_a_compile_is_the_same_every_time(name: str) -> None:
    resolved = _resolved(name)
    first, second = compile_scenario(resolved), compile_scenario(resolved)
    states = first.states
    for block in resolved.model.transitions:
        form, rows = compile_module._block_rows(block)
        fresh = compile_module._rows_matrix(form, rows, tuple(states))
        handed = block_matrix(block, states)
        assert np.array_equal(handed, fresh)
        handed[:] = -1.0  # a copy: the kept matrix is not changed
        assert np.array_equal(block_matrix(block, states), fresh)
    for field in ("transitions", "annual", "on_entry", "initial", "intake", "band_of_cycle"):
        assert np.array_equal(getattr(first, field), getattr(second, field))
    assert first.transitions.flags.writeable and first.band_of_cycle.flags.writeable
    for a, b in zip(first.alternatives, second.alternatives, strict=True):
        for field in ("participant_annual", "participant_start", "fixed"):
            assert np.array_equal(getattr(a, field), getattr(b, field))
        assert (a.capacity is None) == (b.capacity is None)


@pytest.mark.parametrize(
    ("ages", "start_age", "cycles"),
    [(None, 0, 5), ("3-5", 2, 10), ("7", 0, 10), (4, 0, 3), ("65+", 60, 10), ("1-2", 5, 4)],
)
def test_a_range_is_the_same_as_a_slice_and_kept_read_only(
    ages: str | int | None, start_age: int, cycles: int
) -> None:
    mask = compile_module._age_mask(ages, start_age, cycles)
    age = start_age + np.arange(cycles)
    if ages is None:
        expected = np.ones(cycles, dtype=bool)
    else:
        low, high = compile_module.parse_range(ages)
        expected = (age >= low) & (age <= high)
    assert np.array_equal(mask, expected)
    assert not mask.flags.writeable
    values = np.arange(cycles, dtype=np.float64)
    span = compile_module._age_span(ages, start_age, cycles)
    assert np.array_equal(values[span], values[mask])


def test_true_is_not_a_range() -> None:
    compile_module._age_mask(1, 0, 5)
    with pytest.raises(ValueError, match="expected a range"):
        compile_module._age_mask(True, 0, 5)
