"""The PSA set-up's money arrays kept as their (state column, parameter) pairs with money
(``psa._Money``) give exactly what the dense ``(T, B S, K + 1, Q)`` arrays gave."""

from __future__ import annotations

import numpy as np
import pytest

from socinvest.analysis import psa as psa_module
from socinvest.analysis.sharing import with_cost_copies
from socinvest.params.library import default_library
from socinvest.scenario.compile import CompiledScenario, compile_scenario
from socinvest.scenario.load import example_names, example_text, parse_scenario
from socinvest.scenario.model import Scenario
from socinvest.scenario.references import (
    data_with_values,
    library_for,
    references,
    resolve_scenario,
)


def _arrays(seed: int) -> list[np.ndarray]:
    """A base array and derivatives, each ``(T, B S, Q)``: money in a few columns, some
    years and some scopes only; one derivative is zero everywhere."""
    rng = np.random.default_rng(seed)
    t, n_cols, q = 9, 15, 6
    out = []
    for k in range(5):
        a = np.zeros((t, n_cols, q))
        if k != 3:
            for c in rng.choice(n_cols, size=3 if k == 0 else 1, replace=False):
                years = rng.random(t) < 0.6
                scopes = rng.random(q) < 0.5
                a[np.ix_(years, [c], scopes)] = rng.normal(size=(years.sum(), 1, scopes.sum()))
        out.append(a)
    return out


def test_money_pairs_and_their_uses_equal_the_dense_arrays() -> None:
    for seed in range(20):
        arrays = _arrays(seed)
        dense = np.stack(arrays, axis=2)
        money = psa_module._Money.of(dense.shape[1], [psa_module._with_money(a) for a in arrays])
        assert money.shape == dense.shape
        np.testing.assert_array_equal(money.dense(), dense)
        payback_q = np.array([0, 4], dtype=np.intp)
        np.testing.assert_array_equal(money.dense(payback_q), dense[:, :, :, payback_q])
        # The pairs: in np.nonzero's order, the all-zero ones left out.
        cols, params = np.nonzero(np.any(dense != 0.0, axis=(0, 3)))
        np.testing.assert_array_equal(money.cols, cols)
        np.testing.assert_array_equal(money.params, params)
        assert 3 not in money.params.tolist()
        np.testing.assert_array_equal(money.values, dense[:, cols, params, :])
        # The compact block of the flattened array (rows and columns with any money).
        whole = dense.reshape(dense.shape[0] * dense.shape[1], -1)
        want_cols = np.flatnonzero(np.any(whole != 0.0, axis=0))
        want_rows = np.flatnonzero(np.any(whole[:, want_cols] != 0.0, axis=1))
        rows, got_cols, block = money.compact()
        np.testing.assert_array_equal(rows, want_rows)
        np.testing.assert_array_equal(got_cols, want_cols)
        np.testing.assert_array_equal(block, whole[np.ix_(want_rows, want_cols)])


def test_derivative_on_the_changed_columns_equals_the_whole_difference() -> None:
    rng = np.random.default_rng(3)
    base = _arrays(11)[0]
    base[:, 0, :] = 0.0
    for step in (1.0, 3.5, 1e6):
        moved = base.copy()
        moved[:, 4, 2] += rng.normal(size=base.shape[0])
        moved[2, 9, :] = 7.0
        moved[1, 0, 0] = 5e-324  # a difference that the division by a step > 1 rounds to 0
        cols, values = psa_module._derivative(moved, base, step)
        want_cols, want_values = psa_module._with_money((moved - base) / step)
        np.testing.assert_array_equal(cols, want_cols)
        np.testing.assert_array_equal(values, want_values)
        assert (0 in cols.tolist()) == (step == 1.0)
    cols, values = psa_module._derivative(base, base, 2.0)
    assert cols.size == 0 and values.shape == (base.shape[0], 0, base.shape[2])


def test_money_without_any_money() -> None:
    arrays = [np.zeros((4, 6, 3)) for _ in range(3)]
    money = psa_module._Money.of(6, [psa_module._with_money(a) for a in arrays])
    assert money.cols.size == 0 and money.values.shape == (4, 0, 3)
    np.testing.assert_array_equal(money.dense(), np.zeros((4, 6, 3, 3)))
    rows, cols, block = money.compact()
    assert rows.size == 0 and cols.size == 0 and block.shape == (0, 0)


def _compiled_arrays(compiled: CompiledScenario) -> list[np.ndarray]:
    out = [compiled.annual, compiled.on_entry, compiled.transitions, compiled.initial]
    for alt in compiled.alternatives:
        out += [alt.participant_annual, alt.participant_start, alt.fixed]
        out += [e.log_effect for e in alt.effects]
    return out


@pytest.mark.parametrize("name", example_names())
def test_moved_scenario_equals_the_validated_one(name: str) -> None:
    """Writing a money parameter's moved value into the resolved scenario (no validation)
    compiles to the same arrays, bit for bit, as validating the resolved data with the value
    written in (the cost sharing's costless copies included), also with the transitions
    and effects taken from the scenario compiled before."""
    library = default_library()
    model = with_cost_copies(parse_scenario(example_text(name), "example.yaml", library))
    resolved = resolve_scenario(model, library_for(model, library))
    money, _ratios = psa_module.drawn_parameters(model, resolved.parameters)
    assert money
    refs = [(path, ref.param, ref.times) for path, ref, _use in references(model)]
    data = resolved.scenario.model_dump(by_alias=True, exclude_unset=True)
    base = compile_scenario(resolved.scenario)
    for pid in money:
        value = resolved.parameters[pid].value + max(1.0, abs(resolved.parameters[pid].value))
        moved = psa_module._moved(resolved.scenario, refs, pid, value)
        validated = Scenario.model_validate(
            data_with_values(data, [(p, value * t) for p, i, t in refs if i == pid])
        )
        assert moved == validated
        want = _compiled_arrays(compile_scenario(validated))
        for got in (
            _compiled_arrays(compile_scenario(moved)),
            # Transitions and effects taken from the scenario compiled before (as the PSA).
            _compiled_arrays(compile_scenario(moved, money_of=base)),
        ):
            for a, b in zip(got, want, strict=True):
                np.testing.assert_array_equal(a, b)
    # The resolved scenario itself is not changed.
    assert resolved.scenario.model_dump(by_alias=True, exclude_unset=True) == data
