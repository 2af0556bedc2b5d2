"""Cost sharing maths (socinvest.core.sharing): the Shapley axioms on random games, the
joint-project game, proportional shares and the minimal-transfer programme against hand
computations."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from socinvest.core.sharing import (
    InfeasibleSharingError,
    TooManyPlayersError,
    coalition_sums,
    fixed_split_gap,
    joint_project_game,
    minimal_shares,
    minimal_transfers,
    proportional_shares,
    shapley_shares,
    shapley_value,
)

amounts = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False)


@st.composite
def games(draw: st.DrawFn, players: tuple[int, int] = (2, 6)) -> np.ndarray:
    n = draw(st.integers(*players))
    values = draw(st.lists(amounts, min_size=(1 << n) - 1, max_size=(1 << n) - 1))
    return np.array([0.0, *values])


@settings(max_examples=60, deadline=None)
@given(games())
def test_shapley_efficiency(game: np.ndarray) -> None:
    assert shapley_value(game).sum() == pytest.approx(game[-1], abs=1e-6)


@settings(max_examples=60, deadline=None)
@given(games(), st.data())
def test_shapley_symmetry(game: np.ndarray, data: st.DataObject) -> None:
    # Make players i and j symmetric: v(S + i) = v(S + j) for every S holding neither.
    n = game.shape[0].bit_length() - 1
    i, j = data.draw(st.lists(st.integers(0, n - 1), min_size=2, max_size=2, unique=True))
    game = game.copy()
    bi, bj = 1 << i, 1 << j
    for s in range(game.shape[0]):
        if s & bi and not s & bj:
            game[s] = game[(s & ~bi) | bj]
    phi = shapley_value(game)
    assert phi[i] == pytest.approx(phi[j], abs=1e-6)


@settings(max_examples=60, deadline=None)
@given(games(), st.data())
def test_shapley_null_player(game: np.ndarray, data: st.DataObject) -> None:
    n = game.shape[0].bit_length() - 1
    i = data.draw(st.integers(0, n - 1))
    bit = 1 << i
    game = game.copy()
    for s in range(game.shape[0]):
        if s & bit:
            game[s] = game[s & ~bit]
    phi = shapley_value(game)
    assert phi[i] == pytest.approx(0.0, abs=1e-6)


@settings(max_examples=60, deadline=None)
@given(st.integers(2, 6).flatmap(lambda n: st.tuples(games((n, n)), games((n, n)))))
def test_shapley_additivity(pair: tuple[np.ndarray, np.ndarray]) -> None:
    v, w = pair
    assert shapley_value(v + w) == pytest.approx(shapley_value(v) + shapley_value(w), abs=1e-5)


def test_shapley_of_an_additive_game_is_each_players_own_value() -> None:
    values = np.array([3.0, -1.0, 7.0, 2.5])
    assert shapley_value(coalition_sums(values)) == pytest.approx(values)


def test_shapley_refuses_a_game_that_is_not_on_coalitions() -> None:
    with pytest.raises(ValueError, match="2\\*\\*n values"):
        shapley_value(np.zeros(6))


# The constructed case: the kommun pays the whole cost 100; gains 30 (kommun), 120 (state),
# -20 (region: more patients found). Total NPV 30.
COSTS = np.array([100.0, 0.0, 0.0])
GAINS = np.array([30.0, 120.0, -20.0])
COST = 100.0


def test_joint_project_game_by_hand() -> None:
    # v: {}, A, B, AB, C, AC, BC, ABC with A=bit0, B=bit1, C=bit2.
    assert joint_project_game(GAINS, COST) == pytest.approx([0, 0, 20, 50, 0, 0, 0, 30])


def test_shapley_shares_by_hand() -> None:
    # Six orderings of marginal contributions (worked out in the docs): phi = (15, 25, -10).
    assert shapley_value(joint_project_game(GAINS, COST)) == pytest.approx([15.0, 25.0, -10.0])
    shares = shapley_shares(GAINS, COST)
    assert shares == pytest.approx([15.0, 95.0, -10.0])
    assert shares.sum() == pytest.approx(COST)


def test_proportional_leaves_a_payer_below_zero_and_minimal_transfers_fix_it() -> None:
    shares = proportional_shares(GAINS, COST)
    assert shares == pytest.approx([20.0, 80.0, 0.0])  # 100 * 30/150, 100 * 120/150
    assert shares.sum() == pytest.approx(COST)
    after = GAINS - shares
    assert after == pytest.approx([10.0, 40.0, -20.0])  # the region stays 20 below zero
    result = minimal_transfers(GAINS - COSTS)  # npv = (-70, 120, -20)
    # Deficits 70 + 20 = 90, all paid by the one gainer (burden 90/120 = 0.75).
    assert result.received == pytest.approx([70.0, -90.0, 20.0], abs=1e-6)
    assert result.total == pytest.approx(90.0)
    assert result.burden == pytest.approx(0.75)
    after_lp = GAINS - COSTS + result.received
    assert after_lp == pytest.approx([0.0, 30.0, 0.0], abs=1e-6)
    assert minimal_shares(COSTS, GAINS) == pytest.approx([30.0, 90.0, -20.0], abs=1e-6)


def test_minimal_transfers_share_the_burden_in_proportion() -> None:
    # Two gainers 60 and 20 cover a deficit of 40: each gives up half of its NPV.
    result = minimal_transfers(np.array([60.0, -40.0, 20.0]))
    assert result.received == pytest.approx([-30.0, 40.0, -10.0], abs=1e-6)
    assert result.burden == pytest.approx(0.5)


def test_no_transfer_when_nobody_loses() -> None:
    result = minimal_transfers(np.array([5.0, 0.0, 1.0]))
    assert result.total == 0.0
    assert not result.received.any()


def test_infeasible_when_the_payers_together_lose() -> None:
    with pytest.raises(InfeasibleSharingError, match="together lose 10 SEK"):
        minimal_transfers(np.array([30.0, -40.0]))
    with pytest.raises(InfeasibleSharingError, match="no split of the cost"):
        shapley_shares(np.array([30.0, 60.0]), 100.0)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.floats(0, 1e7), min_size=2, max_size=6),
    st.lists(st.floats(-1e6, 1e7), min_size=6, max_size=6),
)
@example([0.0, 1.5], [0.0, 5e-324, 0.0, 0.0, 0.0, 0.0])  # a subnormal gain (found once)
def test_every_proposal_shares_the_whole_cost(
    cost_list: list[float], gain_list: list[float]
) -> None:
    costs = np.array(cost_list)
    gains = np.array(gain_list[: costs.shape[0]])
    total = float(costs.sum())
    assert proportional_shares(gains, total).sum() == pytest.approx(total, abs=1e-3)
    if gains.sum() - total >= 0:
        assert shapley_shares(gains, total).sum() == pytest.approx(total, abs=1e-3)
        shares = minimal_shares(costs, gains)
        assert shares.sum() == pytest.approx(total, abs=1e-3)
        assert np.all(gains - shares >= -1e-3 * max(1.0, total))


def test_fixed_split_gap_against_the_gains() -> None:
    # Finsam-like: shares 1/2, 1/4, 1/4 of 100; gains 20, 50, 30 of 100 in all.
    gap = fixed_split_gap(np.array([20.0, 50.0, 30.0]), 100.0, np.array([0.5, 0.25, 0.25]))
    assert gap == pytest.approx([30.0, -25.0, -5.0])
    assert gap.sum() == pytest.approx(0.0)


def test_too_many_players_for_an_exact_shapley_value() -> None:
    with pytest.raises(TooManyPlayersError):
        shapley_shares(np.ones(17), 1.0)


def test_a_single_player_game_and_coalition_sums() -> None:
    assert shapley_value(np.array([0.0, 4.0])) == pytest.approx([4.0])
    assert coalition_sums(np.array([1.0, 2.0, 4.0])) == pytest.approx([0, 1, 2, 3, 4, 5, 6, 7])
