"""Money, numbers and percentages are formatted with the Babel locale and patterns parsed
once; the text equals Babel's from the locale name and pattern strings (Hypothesis)."""

from __future__ import annotations

from babel.numbers import format_currency, format_decimal, format_percent
from hypothesis import given, settings
from hypothesis import strategies as st

from socinvest.reports.formatting import LOCALES, _minus, money, number, percent

values = st.floats(min_value=-1e13, max_value=1e13, allow_nan=False)
langs = st.sampled_from(sorted(LOCALES))


@settings(max_examples=200, deadline=None)
@given(values, langs, st.integers(min_value=0, max_value=3))
def test_the_same_text_as_babel_from_strings(value: float, lang: str, digits: int) -> None:
    locale = LOCALES[lang]
    pattern = "#,##0\xa0¤" if lang == "sv" else "¤\xa0#,##0"
    rounded = round(value)
    expected = format_currency(
        rounded + 0.0 if rounded != 0 else 0.0,
        "SEK",
        format=pattern,
        locale=locale,
        currency_digits=False,
    )
    assert money(value, lang) == _minus(expected)
    decimals = "#,##0" + ("." + "0" * digits if digits else "")
    assert number(value, lang, digits) == _minus(
        str(format_decimal(round(value, digits) + 0.0, format=decimals, locale=locale))
    )
    share = value / 1e13
    shown = round(share, digits + 2)
    percents = decimals + ("%" if lang == "en" else "\xa0%")
    assert percent(share, lang, digits) == _minus(
        str(format_percent(shown if shown != 0 else 0.0, format=percents, locale=locale))
    )


def test_swedish_and_english_examples() -> None:
    assert money(-1234567.4, "sv") == "\u22121\xa0234\xa0567\xa0kr"
    assert money(1234567.4, "en") == "SEK\xa01,234,567"
    assert percent(0.035, "sv") == "3,5\xa0%"
    assert percent(0.035, "en") == "3.5%"
