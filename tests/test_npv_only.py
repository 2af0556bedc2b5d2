"""The NPV-only path of the tornado and break-even searches (``compare_npv``) gives exactly the
NPV of the full comparison (``compare``): every example, every alternative, every scope, to
the horizon and within the term of office, deterministic and with a draw axis."""

from __future__ import annotations

import numpy as np
import pytest

from socinvest.analysis.run import ScenarioRun, run_scenario
from socinvest.analysis.summary import compare, compare_npv
from socinvest.scenario.compile import CompiledScenario, compile_scenario
from socinvest.scenario.load import example_names, example_text, parse_scenario
from socinvest.scenario.references import library_for, resolve_scenario


def compiled_example(name: str) -> CompiledScenario:
    scenario = parse_scenario(example_text(name))
    return compile_scenario(resolve_scenario(scenario, library_for(scenario, None)).scenario)


def assert_npv_only_equals_full(run: ScenarioRun) -> int:
    checked = 0
    for alt in run.alternatives:
        if alt.comparison:
            continue
        full = compare(run, alt)
        only = compare_npv(run, alt)
        assert only.alternative == full.alternative
        assert set(only.horizon) == set(full.horizon)
        assert set(only.term_of_office) == set(full.term_of_office)
        for scope, metrics in full.horizon.items():
            assert only.horizon[scope] == metrics.npv, (alt.id, scope)  # bit for bit
            assert only.term_of_office[scope] == full.term_of_office[scope].npv, (alt.id, scope)
            checked += 1
    return checked


@pytest.mark.parametrize("name", example_names())
def test_npv_only_equals_the_full_comparison_on_every_example(name: str) -> None:
    compiled = compiled_example(name)
    assert assert_npv_only_equals_full(run_scenario(compiled)) > 0
    assert assert_npv_only_equals_full(run_scenario(compiled, capacity=True)) > 0


def test_npv_only_equals_the_full_comparison_with_draws() -> None:
    compiled = compiled_example("parenting-programme")
    matrices = np.asarray(compiled.transitions, dtype=np.float64)
    identity = np.broadcast_to(np.eye(matrices.shape[-1]), matrices.shape)
    # Three draws: each a mix of the matrices with staying put (rows still sum to one).
    drawn = np.stack([(1.0 - a) * matrices + a * identity for a in (0.0, 0.1, 0.3)])
    run = run_scenario(compiled, transitions=drawn)
    assert run.alternatives[0].ledger.shape[0] == 3
    assert assert_npv_only_equals_full(run) > 0
