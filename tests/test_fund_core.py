"""The fund's book and its repayment rules (socinvest.core.fund): hand-computed cases and
properties."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from socinvest.core.fund import (
    budget_frame,
    capped_cumulative,
    fund_ledger,
    share_of_savings,
    window_mask,
)

AMOUNT = st.floats(min_value=0.0, max_value=1e9, allow_nan=False)
SIGNED = st.floats(min_value=-1e9, max_value=1e9, allow_nan=False)


@settings(max_examples=40, deadline=None)
@given(
    capital=AMOUNT,
    data=st.data(),
    draws=st.integers(1, 4),
    years=st.integers(1, 12),
)
def test_the_book_balances_to_the_krona_every_year(
    capital: float, data: st.DataObject, draws: int, years: int
) -> None:
    alloc = data.draw(arrays(np.float64, years, elements=AMOUNT))
    disb = data.draw(arrays(np.float64, (draws, years), elements=AMOUNT))
    repay = data.draw(arrays(np.float64, (draws, years), elements=AMOUNT))
    book = fund_ledger(capital, alloc, disb, repay)
    # Whole kronor, and opening + allocations + repayments - disbursements = closing exactly.
    for a in (book.opening, book.closing, book.repayments, book.disbursements):
        assert np.all(a == np.round(a))
    assert np.array_equal(
        book.opening + book.allocations[None] + book.repayments - book.disbursements, book.closing
    )
    assert np.all(book.opening[:, 0] == round(capital))
    assert np.array_equal(book.opening[:, 1:], book.closing[:, :-1])
    # Nothing created or lost: the end balance is the capital plus every flow.
    total = round(capital) + book.allocations.sum() + (book.repayments - book.disbursements).sum(1)
    assert np.array_equal(book.closing[:, -1], total)


def test_a_constructed_depletion() -> None:
    # 10 MSEK capital, 1 MSEK allocated a year, 4 MSEK paid out a year, half of it back from
    # year 3 on in the first draw, nothing in the second.
    years = 6
    disb = np.full((2, years), 4e6)
    repay = np.zeros((2, years))
    repay[0, 2:] = 2e6
    book = fund_ledger(10e6, np.full(years, 1e6), disb, repay)
    # Draw 0: 10 -> 7 -> 4 -> 3 -> 2 -> 1 -> 0 (MSEK): never below zero.
    assert book.closing[0].tolist() == [7e6, 4e6, 3e6, 2e6, 1e6, 0.0]
    # Draw 1: 10 -> 7 -> 4 -> 1 -> -2: depleted in the fourth year.
    assert book.closing[1].tolist() == [7e6, 4e6, 1e6, -2e6, -5e6, -8e6]
    assert book.depleted.tolist() == [False, True]
    assert book.first_depleted.tolist() == [-1, 3]


def test_window() -> None:
    assert window_mask(6, 2, 3).tolist() == [False, False, True, True, True, False]
    assert window_mask(4, 1, None).tolist() == [False, True, True, True]
    assert not window_mask(4, 5, 2).any()


def test_share_of_savings_by_hand() -> None:
    # One draw, two committees, 5 years; half of the savings from year 1 for 3 years, at
    # most 1 000 000 SEK in all.
    savings = np.array(
        [
            [
                [400_000.0, 100_000.0],
                [800_000.0, -50_000.0],
                [600_000.0, 200_000.0],
                [1_000_000.0, 0.0],
                [900_000.0, 900_000.0],
            ]
        ]
    )
    window = window_mask(5, 1, 3)
    paid = share_of_savings(savings, 0.5, window, 1_000_000.0)
    # Due: year 1 400 000 + 0, year 2 300 000 + 100 000, year 3 500 000 + 0 (cap leaves
    # 200 000 of it), year 4 outside the window.
    assert paid[0].tolist() == [
        [0.0, 0.0],
        [400_000.0, 0.0],
        [300_000.0, 100_000.0],
        [200_000.0, 0.0],
        [0.0, 0.0],
    ]


def test_a_binding_cap_scales_the_committees_alike() -> None:
    savings = np.array([[[300.0, 100.0]]])
    paid = share_of_savings(savings, 1.0, np.array([True]), 200.0)
    assert paid[0, 0].tolist() == [150.0, 50.0]


@settings(max_examples=50, deadline=None)
@given(
    data=st.data(),
    share=st.floats(0.0, 1.0),
    cap=st.one_of(st.just(math.inf), AMOUNT),
    first=st.integers(0, 8),
    length=st.one_of(st.none(), st.integers(1, 8)),
)
def test_repayments_never_exceed_the_savings_or_the_cap(
    data: st.DataObject, share: float, cap: float, first: int, length: int | None
) -> None:
    savings = data.draw(arrays(np.float64, (3, 8, 2), elements=SIGNED))
    window = window_mask(8, first, length)
    paid = share_of_savings(savings, share, window, cap)
    assert np.all(paid >= 0.0)
    assert np.all(paid == np.floor(paid))
    assert np.all(paid <= share * np.maximum(savings, 0.0) + 1e-6)
    assert np.all(paid[:, ~window] == 0.0)
    assert np.all(paid.sum(axis=(1, 2)) <= cap)


def test_per_draw_caps() -> None:
    savings = np.full((2, 3, 1), 100.0)
    paid = share_of_savings(savings, 1.0, np.ones(3, dtype=bool), np.array([150.0, 1000.0]))
    assert paid[:, :, 0].tolist() == [[100.0, 50.0, 0.0], [100.0, 100.0, 100.0]]


def test_budget_frame_pays_the_expected_savings_whatever_is_realised() -> None:
    expected = np.array([[100_000.0, -20_000.0], [250_000.0, 50_000.0], [300_000.0, 0.0]])
    paid = budget_frame(expected, 0.8, np.array([False, True, True]), 400_000.0, draws=3)
    assert paid.shape == (3, 3, 2)
    # Year 1: 200 000 + 40 000; year 2: 240 000 due, 160 000 left under the cap.
    assert paid[0].tolist() == [[0.0, 0.0], [200_000.0, 40_000.0], [160_000.0, 0.0]]
    assert np.array_equal(paid[0], paid[2])


def test_capped_cumulative() -> None:
    due = np.array([[5.0, 5.0, 5.0, 5.0]])
    assert capped_cumulative(due, 12.0).tolist() == [[5.0, 5.0, 2.0, 0.0]]
    assert capped_cumulative(due, math.inf).tolist() == [[5.0, 5.0, 5.0, 5.0]]


def test_shapes_are_checked() -> None:
    with pytest.raises(ValueError, match="shape"):
        fund_ledger(0.0, np.zeros(3), np.zeros((2, 3)), np.zeros((2, 4)))
