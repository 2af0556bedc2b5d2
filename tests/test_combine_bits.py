"""The leaner ledger and comparison code gives the numbers of the plain formulas, bit for bit:
the tax paid later, the capacity parts, the comparison with its cash view and the scope flows
of the differences the individual engine reuses for its standard errors."""

from __future__ import annotations

import numpy as np
import pytest

from socinvest.analysis.individual import _stacked, analyse_individual
from socinvest.analysis.run import AlternativeRun, ScenarioRun, paid_when_due, run_scenario
from socinvest.analysis.summary import (
    Comparison,
    InvestmentMetrics,
    _scope_costs_benefits,
    budget_scopes,
    compare,
    compare_flows,
    investment_metrics,
    scope_flows,
)
from socinvest.core.equalisation import shift_years
from socinvest.scenario.compile import compile_scenario
from socinvest.scenario.load import example_text, parse_scenario
from socinvest.scenario.references import library_for, resolve_scenario
from test_cash_capacity import small


def _bits(a: np.ndarray) -> np.ndarray:
    return np.ascontiguousarray(a).view(np.int64)


def test_paid_when_due_is_the_shifted_sum() -> None:
    scenario = parse_scenario(example_text("school-attendance"), "x")
    compiled = compile_scenario(resolve_scenario(scenario, library_for(scenario)).scenario)
    matrices = compiled.payment_matrices()
    assert matrices is not None and compiled.payment_lag > 0
    now, later = matrices
    lag = compiled.payment_lag
    rng = np.random.default_rng(5)
    n_cells = now.shape[0]
    # Year-major, as state_flows returns the flows: (T, D, K) seen as (D, T, K).
    flows = (rng.standard_normal((30, 7, n_cells)) * 1e5).transpose(1, 0, 2)
    flows[rng.random(flows.shape) < 0.3] = -0.0
    expected = np.zeros((7, 30 + lag, n_cells))
    expected[:, :30] = flows @ now
    expected += shift_years(flows @ later, lag, axis=1)
    assert np.array_equal(_bits(paid_when_due(compiled, flows)), _bits(expected))


def _reference_metrics(
    run: ScenarioRun, delta_ledger: np.ndarray, delta_programme: np.ndarray
) -> tuple[dict[str, InvestmentMetrics], dict[str, InvestmentMetrics]]:
    start = run.compiled.start_year
    term = run.compiled.scenario.analysis.term_of_office
    factors = run.money_factors
    horizon, term_metrics = {}, {}
    for scope, costs, benefits in _scope_costs_benefits(run, delta_ledger, delta_programme):
        horizon[scope] = investment_metrics(costs, benefits, factors, start)
        term_metrics[scope] = investment_metrics(
            costs[:term], benefits[:term], factors[:term], start
        )
    return horizon, term_metrics


def _reference_cash(run: ScenarioRun, alt: AlternativeRun) -> dict[str, InvestmentMetrics]:
    """The cash view as the plain formulas give it: zeros for a missing capacity part."""
    base = run.comparison

    def cash(a: AlternativeRun) -> tuple[np.ndarray, np.ndarray]:
        capacity = np.zeros_like(a.ledger) if a.capacity is None else a.capacity
        own = np.zeros_like(a.ledger) if a.programme_capacity is None else a.programme_capacity
        return a.ledger - capacity, a.programme - own

    (alt_ledger, alt_programme), (base_ledger, base_programme) = cash(alt), cash(base)
    horizon, _ = _reference_metrics(run, alt_ledger - base_ledger, alt_programme - base_programme)
    return {k: horizon[k] for k in budget_scopes(run)}


def _check(run: ScenarioRun) -> None:
    base = run.comparison
    for alt in run.alternatives:
        if alt.comparison:
            continue
        comparison, flows = compare_flows(run, alt)
        assert comparison == compare(run, alt)
        assert isinstance(comparison, Comparison)
        horizon, term_metrics = _reference_metrics(
            run, alt.ledger - base.ledger, alt.programme - base.programme
        )
        assert comparison.horizon == horizon
        assert comparison.term_of_office == term_metrics
        assert comparison.cash == _reference_cash(run, alt)
        expected = scope_flows(run, alt.ledger - base.ledger)
        assert list(flows) == list(expected)
        for scope, values in expected.items():
            assert np.array_equal(_bits(flows[scope]), _bits(values)), scope


@pytest.mark.parametrize("own_capacity", [True, False])
def test_comparison_is_the_plain_formulas(own_capacity: bool) -> None:
    text = small()
    if not own_capacity:  # the intervention's capacity line becomes cash
        head, tail = text.split("interventions:", 1)
        text = head + "interventions:" + tail.replace("frees: capacity", "frees: cash")
    compiled = compile_scenario(parse_scenario(text))
    run = run_scenario(compiled, capacity=True)
    support = run.alternatives[1]
    assert support.capacity is not None
    assert (support.programme_capacity is not None) == own_capacity
    assert run.alternatives[0].programme_capacity is None  # no intervention, nothing own
    _check(run)


def test_individual_comparison_is_the_plain_formulas() -> None:
    ind = analyse_individual(parse_scenario(small()), individuals=40, draws=6, seed=3)
    run = ind.results.run
    assert run.alternatives[1].ledger.shape[0] == 6
    _check(run)
    # The standard errors' NPVs come from the same flows as compare's.
    (support,) = [a for a in run.alternatives if not a.comparison]
    flows = scope_flows(run, support.ledger - run.comparison.ledger)
    for scope, values in flows.items():
        x = -(values @ run.money_factors)
        assert np.array_equal(_bits(ind.npv_groups[support.id][scope]), _bits(x)), scope


def test_stacked_fills_a_missing_capacity_part_with_zeros() -> None:
    def part(value: float, own: float | None) -> AlternativeRun:
        ledger = np.full((1, 2, 3, 3), value)
        return AlternativeRun(
            id="a",
            comparison=False,
            ledger=ledger,
            programme=ledger / 2,
            person_years=np.ones((1, 2, 4)),
            entries=np.ones((1, 2, 4)),
            capacity=ledger / 4,
            programme_capacity=None if own is None else np.full((1, 2, 3, 3), own),
        )

    stacked = _stacked([part(1.0, None), part(2.0, 5.0)])
    assert stacked.programme_capacity is not None
    assert np.array_equal(stacked.programme_capacity[0], np.zeros((2, 3, 3)))
    assert np.array_equal(stacked.programme_capacity[1], np.full((2, 3, 3), 5.0))
    assert _stacked([part(1.0, None), part(2.0, None)]).programme_capacity is None
