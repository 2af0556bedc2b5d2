"""Swedish and English numbers, money and percentages (Babel/CLDR formats)."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from socinvest.reports.formatting import money, number, percent

NBSP = "\xa0"
MINUS_SIGNS = ("-", "\u2212")


def test_money_swedish() -> None:
    assert money(1234567, "sv") == "1\xa0234\xa0567\xa0kr"
    assert money(999, "sv") == "999\xa0kr"
    assert money(1000, "sv") == "1\xa0000\xa0kr"
    assert money(0, "sv") == "0\xa0kr"
    assert money(1e9, "sv") == "1\xa0000\xa0000\xa0000\xa0kr"
    assert " " not in money(1234567, "sv")  # only non-breaking spaces


def test_money_english() -> None:
    assert money(1234567, "en") == "SEK\xa01,234,567"
    assert money(999, "en") == "SEK\xa0999"
    assert money(0, "en") == "SEK\xa00"


@pytest.mark.parametrize(
    ("value", "sv", "en"),
    [
        (1234567.4, "1\xa0234\xa0567\xa0kr", "SEK\xa01,234,567"),
        (1234567.6, "1\xa0234\xa0568\xa0kr", "SEK\xa01,234,568"),
        (1234566.51, "1\xa0234\xa0567\xa0kr", "SEK\xa01,234,567"),
        (0.49, "0\xa0kr", "SEK\xa00"),
        (0.51, "1\xa0kr", "SEK\xa01"),
        (999.7, "1\xa0000\xa0kr", "SEK\xa01,000"),
    ],
)
def test_money_rounds_to_whole_kronor(value: float, sv: str, en: str) -> None:
    assert money(value, "sv") == sv
    assert money(value, "en") == en


@pytest.mark.parametrize("value", [-0.4, -0.0, -1e-9])
def test_money_has_no_negative_zero(value: float) -> None:
    assert money(value, "sv") == "0\xa0kr"
    assert money(value, "en") == "SEK\xa00"


def test_money_negative() -> None:
    sv = money(-1234567, "sv")
    assert sv[0] in MINUS_SIGNS and sv[1:] == "1\xa0234\xa0567\xa0kr"
    en = money(-1234567, "en")
    assert en[0] in MINUS_SIGNS and en[1:] == "SEK\xa01,234,567"
    assert money(-315663.76, "sv")[1:] == "315\xa0664\xa0kr"


@given(st.integers(min_value=-(10**12), max_value=10**12))
def test_money_reads_back(value: int) -> None:
    sv = money(value, "sv")
    assert sv.endswith("\xa0kr")
    digits = sv[: -len("\xa0kr")].replace(NBSP, "").replace("\u2212", "-")
    assert int(digits) == value
    en = money(value, "en")
    sign = -1 if en[0] in MINUS_SIGNS else 1
    body = en[1:] if sign < 0 else en
    assert body.startswith("SEK\xa0")
    assert sign * int(body[len("SEK\xa0") :].replace(",", "")) == value


@given(st.floats(min_value=-1e12, max_value=1e12, allow_nan=False))
def test_money_is_the_rounded_value(value: float) -> None:
    digits = money(value, "sv")[: -len("\xa0kr")].replace(NBSP, "").replace("\u2212", "-")
    assert abs(int(digits) - value) <= 0.5


def test_number() -> None:
    assert number(1234.56, "sv", 1) == "1\xa0234,6"
    assert number(1234.56, "en", 1) == "1,234.6"
    assert number(1234.56, "sv") == "1\xa0235"
    assert number(8.760042, "sv", 2) == "8,76"
    assert number(8.760042, "en", 2) == "8.76"
    assert number(-167.77, "sv", 1)[1:] == "167,8"
    assert number(-0.04, "sv", 1) == "0,0"  # no negative zero
    assert number(math.nan, "sv") == "–"


def test_percent() -> None:
    assert percent(0.035, "sv") == "3,5\xa0%"
    assert percent(0.035, "en") == "3.5%"
    assert percent(0.7546168, "sv") == "75,5\xa0%"
    assert percent(1.0, "sv", 0) == "100\xa0%"
    assert percent(0.03, "en", 0) == "3%"
    assert percent(0.12346, "sv", 2) == "12,35\xa0%"
    negative = percent(-0.035, "sv")
    assert negative[0] in MINUS_SIGNS and negative[1:] == "3,5\xa0%"


def test_unknown_language_is_an_error() -> None:
    with pytest.raises(KeyError):
        money(1, "de")
