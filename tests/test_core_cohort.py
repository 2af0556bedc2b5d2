"""The cohort engine, timing conventions and the intake spread, against closed forms and hand
calculations."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from socinvest.core.cohort import TransitionEffect, prepare_transitions, simulate_cohort
from socinvest.core.ledger import spread_intake, state_flows
from socinvest.core.metrics import present_value
from socinvest.core.timing import discount_factors, year_occupancy

# --------------------------------------------------------------------------------------------
# Two states (alive -> dead with probability p each year), cost c per person-year alive.
#
# With q = (1 - p) / (1 + r) and a cohort of N over T years:
#   start: PV = N c sum_{t=0}^{T-1} (1-p)^t (1+r)^-t           = N c (1 - q^T) / (1 - q)
#   end:   PV = N c sum_{t=0}^{T-1} (1-p)^(t+1) (1+r)^-(t+1)   = N c q (1 - q^T) / (1 - q)
#   mid:   PV = N c sum_{t=0}^{T-1} (1-p)^t (1 - p/2) (1+r)^-(t+1/2)
#             = N c (1 - p/2) (1+r)^-1/2 (1 - q^T) / (1 - q)


def closed_form_pv(n: float, c: float, p: float, r: float, years: int, timing: str) -> float:
    q = (1.0 - p) / (1.0 + r)
    geometric = (1.0 - q**years) / (1.0 - q)
    if timing == "start":
        return n * c * geometric
    if timing == "end":
        return n * c * q * geometric
    assert timing == "mid"
    return n * c * (1.0 - p / 2.0) * (1.0 + r) ** -0.5 * geometric


@pytest.mark.parametrize("timing", ["start", "end", "mid"])
@pytest.mark.parametrize(("p", "r", "years"), [(0.1, 0.03, 10), (0.02, 0.05, 40), (0.5, 0.0, 7)])
def test_two_state_constant_cost_matches_geometric_series(
    timing: str, p: float, r: float, years: int
) -> None:
    n, c = 1000.0, 25_000.0
    transitions = np.array([[[1.0 - p, p], [0.0, 1.0]]])
    path = simulate_cohort([n, 0.0], transitions, np.zeros(years, dtype=np.intp))
    occupancy = year_occupancy(path.occupancy, timing)  # type: ignore[arg-type]
    factors = discount_factors(r, years, timing)  # type: ignore[arg-type]
    annual = np.zeros((years, 2, 1))
    annual[:, 0, 0] = c
    flows = state_flows(occupancy, annual)[..., 0]  # (D, T)
    pv = float(present_value(flows, factors)[0])
    assert pv == pytest.approx(closed_form_pv(n, c, p, r, years, timing), rel=1e-12)


def test_discount_factors_hand_values() -> None:
    np.testing.assert_allclose(discount_factors(0.05, 3, "start"), [1.0, 1 / 1.05, 1 / 1.05**2])
    np.testing.assert_allclose(discount_factors(0.05, 2, "end"), [1 / 1.05, 1 / 1.05**2])
    np.testing.assert_allclose(discount_factors(0.05, 2, "mid"), [1.05**-0.5, 1.05**-1.5])
    np.testing.assert_array_equal(discount_factors(0.0, 4, "mid"), np.ones(4))
    with pytest.raises(ValueError, match="greater than -1"):
        discount_factors(-1.0, 3, "start")
    with pytest.raises(ValueError, match="timing"):
        discount_factors(0.03, 3, "middle")  # type: ignore[arg-type]


def test_year_occupancy_hand_values() -> None:
    occ = np.array([[[10.0, 0.0], [8.0, 2.0], [6.0, 4.0]]])
    np.testing.assert_array_equal(year_occupancy(occ, "start"), [[[10, 0], [8, 2]]])
    np.testing.assert_array_equal(year_occupancy(occ, "end"), [[[8, 2], [6, 4]]])
    np.testing.assert_array_equal(year_occupancy(occ, "mid"), [[[9, 1], [7, 3]]])
    with pytest.raises(ValueError, match="timing"):
        year_occupancy(occ, "late")  # type: ignore[arg-type]


# --------------------------------------------------------------------------------------------
# A hand example with three states and two age bands, entries written out.

P_A = [[0.7, 0.2, 0.1], [0.3, 0.6, 0.1], [0.0, 0.0, 1.0]]
P_B = [[0.5, 0.5, 0.0], [0.0, 0.9, 0.1], [0.0, 0.0, 1.0]]


def test_hand_example_occupancy_and_entries() -> None:
    path = simulate_cohort([100.0, 50.0, 0.0], np.array([P_A, P_B]), [0, 1])
    # Cycle 0 (band A): from [100, 50, 0]
    #   state 0: 100*0.7 + 50*0.3 = 85     entries: 50*0.3 = 15
    #   state 1: 100*0.2 + 50*0.6 = 50     entries: 100*0.2 = 20
    #   state 2: 100*0.1 + 50*0.1 = 15     entries: 15
    # Cycle 1 (band B): from [85, 50, 15]
    #   state 0: 85*0.5 = 42.5             entries: 0
    #   state 1: 85*0.5 + 50*0.9 = 87.5    entries: 42.5
    #   state 2: 50*0.1 + 15 = 20          entries: 5
    np.testing.assert_allclose(
        path.occupancy[0], [[100, 50, 0], [85, 50, 15], [42.5, 87.5, 20]], rtol=0, atol=1e-12
    )
    np.testing.assert_allclose(path.entries[0], [[15, 20, 15], [0, 42.5, 5]], rtol=0, atol=1e-12)


def test_hand_example_with_an_effect_in_the_first_cycle_only() -> None:
    # RR 0.5 on 1 -> 2 with complement 'stay', weight 1 in cycle 0 and 0 in cycle 1:
    # row 1 of band A becomes [0.3, 0.65, 0.05] in cycle 0 only.
    effect = TransitionEffect(
        rows=np.array([1]),
        targets=np.array([[False, False, True]]),
        log_effect=np.log([0.5]),
        weights=np.array([1.0, 0.0]),
        complement="stay",
    )
    path = simulate_cohort([100.0, 50.0, 0.0], np.array([P_A, P_A]), [0, 1], [effect])
    # Cycle 0: [100*0.7 + 50*0.3, 100*0.2 + 50*0.65, 100*0.1 + 50*0.05] = [85, 52.5, 12.5]
    # Cycle 1 (no effect): [85*0.7 + 52.5*0.3, 85*0.2 + 52.5*0.6, 85*0.1 + 52.5*0.1 + 12.5]
    #                    = [75.25, 48.5, 26.25]
    np.testing.assert_allclose(
        path.occupancy[0], [[100, 50, 0], [85, 52.5, 12.5], [75.25, 48.5, 26.25]], atol=1e-12
    )
    # Entries into state 2: 12.5 in cycle 0, then 8.5 + 5.25 = 13.75.
    np.testing.assert_allclose(path.entries[0, :, 2], [12.5, 13.75], atol=1e-12)


def test_half_strength_effect_through_weights() -> None:
    # Weight 0.5 on log(0.25) is a relative risk of 0.5.
    half = TransitionEffect(
        rows=np.array([1]),
        targets=np.array([[False, False, True]]),
        log_effect=np.log([0.25]),
        weights=np.array([0.5]),
        complement="stay",
    )
    path = simulate_cohort([0.0, 100.0, 0.0], np.array([P_A]), [0], [half])
    np.testing.assert_allclose(path.occupancy[0, 1], [30, 65, 5], atol=1e-12)


# --------------------------------------------------------------------------------------------
# Properties for random stochastic matrices and initial mixes


@st.composite
def cohort_inputs(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    n_states = draw(st.integers(2, 5))
    n_bands = draw(st.integers(1, 3))
    raw = draw(
        hnp.arrays(
            np.float64,
            (n_bands, n_states, n_states),
            elements=st.one_of(st.just(0.0), st.floats(0.0, 1.0)),
        )
    )
    raw += np.eye(n_states)[None] * 1e-3  # no empty row
    p = raw / raw.sum(axis=-1, keepdims=True)
    initial = draw(hnp.arrays(np.float64, (n_states,), elements=st.floats(0.0, 1000.0)))
    bands = draw(
        hnp.arrays(np.intp, (draw(st.integers(1, 12)),), elements=st.integers(0, n_bands - 1))
    )
    return initial, p, bands


@settings(max_examples=100, deadline=None)
@given(cohort_inputs())
def test_occupancy_non_negative_and_conserved(inputs: tuple[np.ndarray, ...]) -> None:
    initial, p, bands = inputs
    path = simulate_cohort(initial, p, bands)
    size = initial.sum()
    assert path.occupancy.shape == (1, bands.size + 1, initial.size)
    assert np.all(path.occupancy >= 0.0)
    np.testing.assert_allclose(path.occupancy.sum(axis=-1), size, rtol=1e-12, atol=1e-9)


@settings(max_examples=100, deadline=None)
@given(cohort_inputs())
def test_entries_equal_inflows_by_hand(inputs: tuple[np.ndarray, ...]) -> None:
    initial, p, bands = inputs
    path = simulate_cohort(initial, p, bands)
    n = initial.size
    occ = [float(x) for x in initial]
    for t, band in enumerate(bands):
        matrix = p[band]
        nxt = [sum(occ[i] * matrix[i, j] for i in range(n)) for j in range(n)]
        inflow = [sum(occ[i] * matrix[i, j] for i in range(n) if i != j) for j in range(n)]
        np.testing.assert_allclose(path.entries[0, t], inflow, rtol=1e-9, atol=1e-9)
        np.testing.assert_allclose(path.occupancy[0, t + 1], nxt, rtol=1e-9, atol=1e-9)
        occ = nxt
    assert np.all(path.entries >= -1e-9)


@settings(max_examples=30, deadline=None)
@given(cohort_inputs(), st.integers(2, 5))
def test_identical_draws_give_identical_results(
    inputs: tuple[np.ndarray, ...], n_draws: int
) -> None:
    initial, p, bands = inputs
    n = initial.size
    effect = TransitionEffect(
        rows=np.array([0]),
        targets=np.eye(n, dtype=bool)[[1]],
        log_effect=np.full(n_draws, np.log(0.7)),
        weights=np.linspace(1.0, 0.0, bands.size),
    )
    single = simulate_cohort(
        initial,
        p,
        bands,
        [TransitionEffect(effect.rows, effect.targets, np.log([0.7]), effect.weights)],
    )
    many = simulate_cohort(
        np.repeat(initial[None], n_draws, axis=0),
        np.repeat(p[None], n_draws, axis=0),
        bands,
        [effect],
    )
    assert many.occupancy.shape == (n_draws, bands.size + 1, n)
    for d in range(1, n_draws):
        np.testing.assert_array_equal(many.occupancy[d], many.occupancy[0])
        np.testing.assert_array_equal(many.entries[d], many.entries[0])
    np.testing.assert_allclose(many.occupancy[0], single.occupancy[0], rtol=1e-12, atol=1e-9)
    np.testing.assert_allclose(many.entries[0], single.entries[0], rtol=1e-12, atol=1e-9)


def test_draws_differ_where_inputs_differ() -> None:
    p = np.array([[[[0.9, 0.1], [0.0, 1.0]]], [[[0.8, 0.2], [0.0, 1.0]]]])  # (D=2, B=1, 2, 2)
    path = simulate_cohort([100.0, 0.0], p, [0, 0])
    np.testing.assert_allclose(path.occupancy[:, 2, 0], [81.0, 64.0], atol=1e-12)


def _random_run(n_draws: int, n_states: int = 6, n_cycles: int = 12, seed: int = 3) -> tuple:
    """Per-draw Dirichlet rows in two bands, a per-draw odds-ratio effect on two rows."""
    rng = np.random.default_rng(seed)
    alpha = np.ones((n_states, n_states)) + 5.0 * np.eye(n_states)
    p = np.stack([rng.dirichlet(alpha[i], size=(n_draws, 2)) for i in range(n_states)], axis=2)
    initial = rng.dirichlet(np.full(n_states, 2.0), size=n_draws)
    bands = np.repeat([0, 1], [n_cycles // 2, n_cycles - n_cycles // 2])
    targets = np.zeros((2, n_states), dtype=bool)
    targets[:, -1] = True
    effect = TransitionEffect(
        rows=np.array([1, 2]),
        targets=targets,
        log_effect=rng.normal(np.log(0.7), 0.2, size=n_draws),
        weights=np.clip(1.0 - np.arange(n_cycles) / 8.0, 0.0, 1.0),
        kind="odds_ratio",
    )
    return initial, p, bands, effect


@pytest.mark.parametrize("workers", [2, 3, 7])
def test_threads_over_the_draws_give_the_same_bits(workers: int) -> None:
    """Every step is elementwise along the draws: splitting them over threads (into parts of
    uneven size) changes no bit of any draw's path."""
    initial, p, bands, effect = _random_run(101)
    one = simulate_cohort(initial, p, bands, [effect], workers=1)
    many = simulate_cohort(initial, p, bands, [effect], workers=workers)
    assert np.array_equal(one.occupancy, many.occupancy)
    assert np.array_equal(one.entries, many.entries)
    # A draw's path does not depend on the other draws computed with it either.
    part = simulate_cohort(
        initial[40:47],
        p[40:47],
        bands,
        [dataclasses.replace(effect, log_effect=effect.log_effect[40:47])],
        workers=workers,
    )
    assert np.array_equal(part.occupancy, one.occupancy[40:47])


def test_draw_last_transitions_are_the_same_matrices() -> None:
    """``prepare_transitions(..., draw_last=True)`` on ``(B, S, S, D)`` gives the engine the
    same numbers as the ``(D, B, S, S)`` layout."""
    initial, p, bands, effect = _random_run(9)
    usual = simulate_cohort(initial, prepare_transitions(p, bands), effects=[effect])
    draw_last = prepare_transitions(np.moveaxis(p, 0, -1), bands, draw_last=True)
    same = simulate_cohort(initial, draw_last, effects=[effect])
    assert np.array_equal(usual.occupancy, same.occupancy)
    with pytest.raises(ValueError, match="draw-last"):
        prepare_transitions(p[0], bands, draw_last=True)


# --------------------------------------------------------------------------------------------
# Ledger helpers


def test_state_flows_hand_example() -> None:
    occ = np.array([[[10.0, 5.0], [8.0, 7.0]]])  # (D=1, T=2, S=2)
    annual = np.zeros((2, 2, 2))  # (T, S, K)
    annual[:, 0, 0] = 100.0  # cell 0: 100 per person-year in state 0
    annual[1, 1, 1] = 3.0  # cell 1: 3 per person-year in state 1, year 1 only
    out = state_flows(occ, annual)
    np.testing.assert_allclose(out, [[[1000.0, 0.0], [800.0, 21.0]]])
    # The same with a draw axis on the amounts.
    np.testing.assert_allclose(state_flows(occ, annual[None]), out)
    two = np.stack([annual, 2 * annual])
    out2 = state_flows(np.repeat(occ, 2, axis=0), two)
    np.testing.assert_allclose(out2, [[[1000, 0], [800, 21]], [[2000, 0], [1600, 42]]])


def test_spread_intake_hand_convolution() -> None:
    unit = np.array([[1.0, 2.0, 4.0, 8.0]])  # one person's flows by years since start
    out = spread_intake(unit, [10.0, 0.0, 3.0], n_years=5)
    # year 0: 10*1
    # year 1: 10*2
    # year 2: 10*4 + 3*1
    # year 3: 10*8 + 3*2
    # year 4:        3*4
    np.testing.assert_allclose(out, [[10.0, 20.0, 43.0, 86.0, 12.0]])


def test_spread_intake_cut_off_and_trailing_axes() -> None:
    unit = np.arange(1.0, 7.0).reshape(1, 3, 2)  # (D=1, T_unit=3, 2)
    out = spread_intake(unit, [1.0, 2.0, 5.0, 7.0], n_years=3)
    # Intake in year 3 starts after the horizon and is cut off entirely.
    expected = np.zeros((1, 3, 2))
    for k, size in enumerate([1.0, 2.0, 5.0]):
        for y in range(k, 3):
            expected[0, y] += size * unit[0, y - k]
    np.testing.assert_allclose(out, expected)
    np.testing.assert_allclose(out[0, 2], [1 * 5 + 2 * 3 + 5 * 1, 1 * 6 + 2 * 4 + 5 * 2])


def test_spread_intake_by_chunks_of_draws_is_the_one_pass_sum_bit_for_bit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Chunks of draws (here 3 of 2 draws and a last of 1), with the draw axis inside the
    unit's memory (as state_flows may return it), a zero intake and a cut-off horizon: the
    same bits as one pass over every draw per intake year, -0.0 included."""
    import socinvest.core.ledger as ledger

    rng = np.random.default_rng(3)
    # (D=7, T=6, 4, 3), the draw axis not the outermost in memory
    unit = rng.standard_normal((6, 7, 4, 3)).transpose(1, 0, 2, 3)
    assert not unit.flags.c_contiguous
    unit[unit > 1.2] = -0.0
    intake = [0.3, 0.0, 1.7, 2.9, 4.1]
    expected = np.zeros((7, 8, 4, 3))
    for k, size in enumerate(intake):
        if size:
            length = min(6, 8 - k)
            expected[:, k : k + length] += size * unit[:, :length]
    monkeypatch.setattr(ledger, "SPREAD_CHUNK_BYTES", 2 * 8 * 4 * 3 * 8)
    out = spread_intake(unit, intake, n_years=8)
    assert out.shape == expected.shape
    assert out.tobytes() == expected.tobytes()
    monkeypatch.undo()
    assert spread_intake(unit, intake, n_years=8).tobytes() == expected.tobytes()
    assert spread_intake(unit[:0], intake, n_years=8).shape == (0, 8, 4, 3)


def test_spread_intake_longer_horizon_than_unit() -> None:
    unit = np.array([[1.0, 1.0]])
    out = spread_intake(unit, [2.0, 3.0], n_years=4)
    np.testing.assert_allclose(out, [[2.0, 5.0, 3.0, 0.0]])


def test_present_state_flows_equals_discounted_ledger() -> None:
    """The direct present value equals discounting the yearly ledger, with one-off costs and
    with amounts per draw."""
    from socinvest.core.ledger import present_state_flows
    from socinvest.core.metrics import present_value

    rng = np.random.default_rng(7)
    d, t, s, k = 3, 6, 4, 5
    occ = rng.random((d, t, s))
    entries = rng.random((d, t, s))
    annual = rng.random((t, s, k))
    on_entry = rng.random((t, s, k))
    factors = 1.03 ** -np.arange(t)
    ledger = state_flows(occ, annual, entries, on_entry)
    expected = present_value(ledger, factors, axis=1)
    np.testing.assert_allclose(
        present_state_flows(occ, annual, factors, entries, on_entry), expected, rtol=1e-13
    )
    # By hand for one cell: sum over years and states.
    by_hand = sum(
        factors[y] * (occ[1, y] @ annual[y, :, 2] + entries[1, y] @ on_entry[y, :, 2])
        for y in range(t)
    )
    assert abs(expected[1, 2] - by_hand) < 1e-12
    per_draw = rng.random((d, t, s, k))
    np.testing.assert_allclose(
        present_state_flows(occ, per_draw, factors, entries, on_entry),
        present_value(state_flows(occ, per_draw, entries, on_entry), factors, axis=1),
        rtol=1e-13,
    )
