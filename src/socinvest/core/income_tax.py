"""The Swedish personal income tax of an employee under 66 whose only income is earned income.

Pure functions of the gross wage, vectorised over numpy arrays. The formulas are those of
*inkomstskattelag (1999:1229)* (IL) in the wording in force for the income year 2025 (the
jobbskatteavdrag of IL 67 kap. 7 § as amended by Lag 2024:1131); amounts in SEK, shares and
rates as fractions. The bracket constants below are the law's (in prisbasbelopp, pbb); the
prisbasbelopp, the skiktgräns and the rates are inputs, so that a year's values come from the
parameter library.

Simplifications (documented in ``docs/swedish-model.md``): no allmänna avdrag (the fastställd
förvärvsinkomst is the gross wage), the taxable income is not rounded to whole hundreds, no
ceiling of the pension contributions (8,07 inkomstbasbelopp), no begravnings- or
public-service-avgift, and the skattereduktioner together cannot exceed the income tax
(IL 67 kap. 2-3 §§ order them; here they are capped as a whole).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]

GRUNDAVDRAG_BANDS: tuple[tuple[float, float, float, float], ...] = (
    # (from pbb, constant pbb, share of income above `from`, ...) see grundavdrag()
    (0.0, 0.423, 0.0, 0.0),
    (0.99, 0.423, 0.20, 0.99),
    (2.72, 0.77, 0.0, 0.0),
    (3.11, 0.77, -0.10, 3.11),
    (7.88, 0.293, 0.0, 0.0),
)
"""IL 63 kap. 3 § (Lag 2011:1256), under 66: the grundavdrag by fastställd förvärvsinkomst
(FFI), each band ``(lower bound, constant, slope, anchor)`` in prisbasbelopp: within the band
the deduction is ``constant + slope * (FFI - anchor)``. E.g. "överstiger 0,99 men inte 2,72
prisbasbelopp: 0,423 prisbasbelopp ökat med 20 procent av det belopp med vilket den
fastställda förvärvsinkomsten överstiger 0,99 prisbasbelopp"."""

JSA_BANDS: tuple[tuple[float, float, float, float], ...] = (
    (0.0, 0.0, 1.0, 0.0),
    (0.91, 0.91, 0.3874, 0.91),
    (3.24, 1.813, 0.199, 3.24),
    (8.08, 2.776, 0.0, 0.0),
)
"""IL 67 kap. 7 § (Lag 2024:1131, income year 2025), under 66: the jobbskatteavdrag's base
by arbetsinkomst (AI), each band ``(lower bound, constant, slope, anchor)`` in prisbasbelopp:
the reduction is ``(constant * pbb + slope * (AI - anchor * pbb) - grundavdrag) * local rate``,
e.g. "överstiger 3,24 men inte 8,08 prisbasbelopp: skillnaden mellan å ena sidan summan av
1,813 prisbasbelopp och 19,9 procent av arbetsinkomsterna mellan 3,24 och 8,08 prisbasbelopp
och å andra sidan grundavdraget, multiplicerad med skattesatsen för kommunal inkomstskatt"."""

EARNED_INCOME_REDUCTION = (40_000.0, 240_000.0, 0.0075, 1_500.0)
"""IL 67 kap. 46-47 §§ (Lag 2020:1166): skattereduktion för förvärvsinkomster for a taxable
income above 40 000 SEK: 0,75 % of (taxable income - 40 000) up to 240 000, 1 500 SEK above."""


def _banded(
    income: npt.ArrayLike, pbb: float, bands: tuple[tuple[float, float, float, float], ...]
) -> FloatArray:
    """``constant * pbb + slope * (income - anchor * pbb)`` of the band ``income`` falls in."""
    x = np.asarray(income, dtype=np.float64)
    out = np.zeros_like(x)
    for lower, constant, slope, anchor in bands:
        inside = x > lower * pbb if lower > 0 else np.ones_like(x, dtype=bool)
        value = constant * pbb + slope * (x - anchor * pbb)
        out = np.where(inside, value, out)
    return np.asarray(out, dtype=np.float64)


def grundavdrag(income: npt.ArrayLike, pbb: float) -> FloatArray:
    """The basic deduction of IL 63 kap. 3 § for a person under 66.

    Rounded up to whole hundreds (IL 63 kap. 2 §) and never above the income (63 kap. 5 §).

    Parameters
    ----------
    income : array_like
        Fastställd förvärvsinkomst, SEK a year (here the gross wage).
    pbb : float
        The prisbasbelopp of the income year, SEK.

    Examples
    --------
    >>> float(grundavdrag(141_600, 58_800))  # 0.423 pbb + 20 % of (G - 0.99 pbb) = 41 550
    41600.0
    """
    x = np.asarray(income, dtype=np.float64)
    raw = _banded(x, pbb, GRUNDAVDRAG_BANDS)
    return np.asarray(np.minimum(np.ceil(raw / 100.0 - 1e-9) * 100.0, x), dtype=np.float64)


def jobbskatteavdrag(
    income: npt.ArrayLike, deduction: npt.ArrayLike, local_rate: float, pbb: float
) -> FloatArray:
    """The earned-income tax credit of IL 67 kap. 7 § (2025 wording) for a person under 66.

    ``(base(AI) - grundavdrag) * local_rate``, never negative; ``local_rate`` is the sum of
    the kommun's and the region's rates ("skattesatsen för kommunal inkomstskatt").

    Examples
    --------
    >>> round(float(jobbskatteavdrag(141_600, 41_600, 0.335, 58_800)))  # equalisation.md §4
    15422
    """
    x = np.asarray(income, dtype=np.float64)
    base = _banded(x, pbb, JSA_BANDS)
    return np.asarray(np.maximum(base - np.asarray(deduction), 0.0) * local_rate)


def earned_income_reduction(taxable: npt.ArrayLike) -> FloatArray:
    """Skattereduktion för förvärvsinkomster, IL 67 kap. 46-47 §§ (SEK a year)."""
    low, high, rate, full = EARNED_INCOME_REDUCTION
    e = np.asarray(taxable, dtype=np.float64)
    return np.asarray(np.where(e <= low, 0.0, np.where(e < high, rate * (e - low), full)))


def state_income_tax(taxable: npt.ArrayLike, threshold: float, rate: float) -> FloatArray:
    """Statlig inkomstskatt, IL 65 kap. 5 §: ``rate`` (20 %) of the taxable earned income
    above the skiktgräns ``threshold``."""
    e = np.asarray(taxable, dtype=np.float64)
    return np.asarray(rate * np.maximum(e - threshold, 0.0))


def general_pension_contribution(income: npt.ArrayLike, rate: float, pbb: float) -> FloatArray:
    """Allmän pensionsavgift, lag (1994:1744) om allmän pensionsavgift 2-4 §§ (SEK a year).

    ``rate`` (7 %) of the income rounded down to whole hundreds, the fee rounded to the nearest
    hundred (50 rounds down); none below 42,3 % of the prisbasbelopp (4 §). The ceiling of
    8,07 inkomstbasbelopp (3 §) is not applied. Fully credited against the tax (IL 67 kap. 4 §).

    Examples
    --------
    >>> float(general_pension_contribution(141_600, 0.07, 58_800))  # 9 912 -> 9 900
    9900.0
    """
    x = np.floor(np.asarray(income, dtype=np.float64) / 100.0 + 1e-9) * 100.0
    fee = np.ceil(rate * x / 100.0 - 0.5 - 1e-9) * 100.0
    return np.asarray(np.where(x < 0.423 * pbb, 0.0, np.maximum(fee, 0.0)))
