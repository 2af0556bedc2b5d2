"""A social investment fund's ledger and its repayment rules, over draws and years.

Pure numpy: every amount is SEK in whole kronor (disbursements rounded to the nearest krona,
repayments rounded down, so that a repayment never exceeds what its rule allows), which makes
the fund's book balance to the krona in every year and draw:

``opening_t + allocations_t + repayments_t - disbursements_t = closing_t``,
``opening_0 = capital``, ``opening_{t+1} = closing_t``.

The three repayment rules are those Swedish funds use or have used (Hultkrantz, "Sociala
investeringsfonder", Ekonomisk Debatt 2015; Piteå's evaluation of 2016 compares the first
two):

- ``share_of_savings`` (återföring): each benefiting committee pays back a share of the
  savings realised in each year of a window, never more than it saved that year, and all the
  committees of one investment together never more than a cap (e.g. the amount disbursed);
- ``budget_frame`` (Norrköping until 2021): the benefiting committee's budget frame is cut
  by a share of the *expected* savings in each year of the window and the amount is paid to
  the fund, whatever is realised;
- no repayment.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]


def window_mask(years: int, first: int, length: int | None) -> BoolArray:
    """Years ``first`` to ``first + length - 1`` of ``years`` (to the end when ``length`` is
    ``None``); years before 0 or past the end are left out."""
    mask = np.zeros(years, dtype=np.bool_)
    start = max(first, 0)
    stop = years if length is None else min(years, first + length)
    if stop > start:
        mask[start:stop] = True
    return mask


def capped_cumulative(due: FloatArray, cap: FloatArray | float) -> FloatArray:
    """What is paid of ``due`` (shape ``(D, T)``, non-negative) when the running total may
    not exceed ``cap`` (a number or one per draw, shape ``(D,)``): each year pays what is
    due until the cap is reached, then the remainder of the cap, then nothing."""
    cap_d = np.broadcast_to(np.asarray(cap, dtype=np.float64), due.shape[:1])
    reached = np.minimum(np.cumsum(due, axis=1), cap_d[:, None])
    paid = np.diff(reached, axis=1, prepend=0.0)
    # Rounding in the running total must not pay a year more than was due.
    return np.asarray(np.clip(paid, 0.0, due), dtype=np.float64)


def share_of_savings(
    savings: FloatArray, share: float, window: BoolArray, cap: FloatArray | float
) -> FloatArray:
    """Repayments under the share-of-savings rule (återföring).

    Parameters
    ----------
    savings : ndarray, shape (D, T, K)
        The savings each benefiting committee ``k`` realises in year ``t`` of draw ``d`` (SEK;
        a negative saving is a cost increase and repays nothing).
    share : float
        The share of a year's realised saving paid back, in [0, 1].
    window : ndarray of bool, shape (T,)
        The years in which repayments are due.
    cap : float or ndarray, shape (D,)
        The most all committees together repay over the years (``inf`` for none).

    Returns
    -------
    ndarray, shape (D, T, K)
        Whole kronor, each at most ``share`` times the committee's positive saving that year,
        their running total over years and committees at most ``cap``. When the cap binds in
        a year, the committees' dues that year are scaled down alike.
    """
    due = np.floor(share * np.maximum(savings, 0.0) * window[None, :, None])
    return _capped_split(due, cap)


def budget_frame(
    expected_savings: FloatArray, share: float, window: BoolArray, cap: float, draws: int
) -> FloatArray:
    """Repayments under the budget-frame model: the frame of each benefiting committee is cut
    by ``share`` of its expected saving (``(T, K)``, the mean over the draws; a negative
    expected saving cuts nothing) in each year of ``window``, capped in total at ``cap``, the
    same amounts in every one of ``draws`` draws whatever is realised. Whole kronor, shape
    ``(draws, T, K)``."""
    due = np.floor(share * np.maximum(expected_savings, 0.0) * window[:, None])
    paid = _capped_split(due[None], cap)
    return np.asarray(np.broadcast_to(paid, (draws, *paid.shape[1:])).copy(), dtype=np.float64)


def _capped_split(due: FloatArray, cap: FloatArray | float) -> FloatArray:
    """Each committee's due ``(D, T, K)`` with the running total capped, whole kronor."""
    total = due.sum(axis=2)
    paid_total = np.floor(capped_cumulative(total, cap))
    with np.errstate(invalid="ignore", divide="ignore"):
        ratio = np.where(total > 0.0, paid_total / np.where(total > 0.0, total, 1.0), 0.0)
    paid = np.floor(due * np.minimum(ratio, 1.0)[:, :, None])
    return np.asarray(paid, dtype=np.float64)


@dataclass(frozen=True)
class FundLedger:
    """The fund's book per draw and year (SEK, whole kronor), shape ``(D, T)`` except
    ``allocations`` ``(T,)``."""

    opening: FloatArray
    allocations: FloatArray
    repayments: FloatArray
    disbursements: FloatArray
    closing: FloatArray

    @property
    def depleted(self) -> BoolArray:
        """Per draw: the balance is below zero at the end of some year."""
        return np.asarray(np.any(self.closing < 0.0, axis=1), dtype=np.bool_)

    @property
    def first_depleted(self) -> npt.NDArray[np.intp]:
        """Per draw: the first year whose closing balance is below zero, -1 for none."""
        below = self.closing < 0.0
        first = np.argmax(below, axis=1)
        return np.asarray(np.where(below.any(axis=1), first, -1), dtype=np.intp)


def _whole(a: npt.ArrayLike) -> FloatArray:
    """``a`` rounded to whole kronor, as float64."""
    return np.asarray(np.round(np.asarray(a, dtype=np.float64)), dtype=np.float64)


def fund_ledger(
    capital: float,
    allocations: npt.ArrayLike,
    disbursements: FloatArray,
    repayments: FloatArray,
) -> FundLedger:
    """Book a fund over the years.

    Parameters
    ----------
    capital : float
        The balance at the start of the first year (SEK).
    allocations : array, shape (T,)
        Money put into the fund in each year (SEK).
    disbursements, repayments : ndarray, shape (D, T)
        Paid out to the investments and paid back to the fund in each draw and year (SEK).

    Amounts are rounded to whole kronor (capital and allocations to the nearest, as are
    disbursements; repayments should already be whole). The book balances exactly: each
    year's closing balance is its opening balance plus allocations and repayments less
    disbursements.
    """
    alloc = _whole(allocations)
    disb = _whole(disbursements)
    repay = _whole(repayments)
    if disb.shape != repay.shape or disb.ndim != 2 or alloc.shape != disb.shape[1:]:
        raise ValueError(
            "disbursements and repayments need shape (draws, years) and allocations (years,), "
            f"found {disb.shape}, {repay.shape} and {alloc.shape}"
        )
    flow = alloc[None, :] + repay - disb
    closing = float(np.round(capital)) + np.cumsum(flow, axis=1)
    opening = np.empty_like(closing)
    opening[:, 0] = float(np.round(capital))
    opening[:, 1:] = closing[:, :-1]
    return FundLedger(
        opening=opening,
        allocations=alloc,
        repayments=repay,
        disbursements=disb,
        closing=closing,
    )
