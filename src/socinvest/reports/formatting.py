"""Numbers, money and percentages in Swedish and English (Babel/CLDR formats).

Swedish amounts use non-breaking spaces as thousands separators: ``1 234 567 kr``. A negative
figure carries the minus sign U+2212 (``−``), which no line break separates from the digits
(Unicode line-breaking class PR before a number). Percentages: ``83 %`` in Swedish (with a
non-breaking space, as Språkrådet recommends), ``83%`` in English.

Exact amounts (:func:`money`) are for tables, the appendix and Excel; text and the cards of
the first page use :func:`rounded_money`, two or three significant figures in tkr or mnkr
(``−6,6 mnkr``, ``875 tkr``; in English ``SEK −6.6 million``, ``SEK 875,000``).
"""

from __future__ import annotations

import math
from functools import cache

from babel.core import Locale
from babel.numbers import (
    NumberPattern,
    format_currency,
    format_decimal,
    format_percent,
    parse_pattern,
)

LOCALES = {"sv": "sv_SE", "en": "en_GB"}
MINUS = "\u2212"


@cache
def _locale(lang: str) -> Locale:
    """The Babel locale of ``lang``, parsed once (Babel parses a locale name at every call;
    given a :class:`Locale` it uses it as it is, so the text is the same)."""
    return Locale.parse(LOCALES[lang])


@cache
def _pattern(pattern: str) -> NumberPattern:
    """A number pattern parsed once (Babel parses a pattern string at every call)."""
    return parse_pattern(pattern)


def _minus(text: str) -> str:
    """The hyphen-minus of a formatted negative number made the minus sign U+2212."""
    return MINUS + text[1:] if text.startswith("-") else text


def money(value: float, lang: str) -> str:
    """Whole kronor: ``1 234 567 kr`` in Swedish, ``SEK 1,234,567`` in English."""
    if not math.isfinite(value):
        return "–"
    locale = _locale(lang)
    pattern = _pattern("#,##0\xa0¤" if lang == "sv" else "¤\xa0#,##0")
    rounded = round(value)
    return _minus(
        format_currency(
            rounded + 0.0 if rounded != 0 else 0.0,
            "SEK",
            format=pattern,
            locale=locale,
            currency_digits=False,
        )
    )


def number(value: float, lang: str, digits: int = 0) -> str:
    """A number with the language's separators and ``digits`` decimals."""
    if not math.isfinite(value):
        return "–"
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    text = format_decimal(
        round(value, digits) + 0.0, format=_pattern(pattern), locale=_locale(lang)
    )
    return _minus(str(text))


def percent(value: float, lang: str, digits: int = 1) -> str:
    """A fraction as a percentage: 0.035 -> ``3,5 %`` (sv) or ``3.5%`` (en)."""
    if not math.isfinite(value):
        return "–"
    pattern = "#,##0" + ("." + "0" * digits if digits else "") + "\xa0%"
    if lang == "en":
        pattern = pattern.replace("\xa0", "")
    shown = round(value, digits + 2)
    text = str(
        format_percent(shown if shown != 0 else 0.0, format=_pattern(pattern), locale=_locale(lang))
    )
    return _minus(text)


def _significant(value: float, figures: int) -> float:
    """``value`` rounded to ``figures`` significant figures."""
    if value == 0:
        return 0.0
    return round(value, figures - 1 - math.floor(math.log10(abs(value))))


def rounded_money(value: float, lang: str) -> str:
    """Money for a sentence or a card, in tkr or mnkr to two or three significant figures.

    From a million: mnkr with one decimal below 100 mnkr (``−6,6 mnkr``, ``10,7 mnkr``),
    else three significant figures (``123 mnkr``, ``1 230 mnkr``). From a thousand: tkr to
    three significant figures, with one decimal below 10 tkr (``875 tkr``, ``12,3 tkr``,
    ``1,2 tkr``). Below a thousand: whole kronor. In English: ``SEK −6.6 million``,
    ``SEK 875,000``, ``SEK 850``.

    Examples
    --------
    >>> rounded_money(10_702_644, "sv")
    '10,7\xa0mnkr'
    >>> rounded_money(-6_612_345, "en")
    'SEK\xa0\u22126.6\xa0million'
    """
    if not math.isfinite(value):
        return "–"
    size = abs(value)
    # Rounded first, so that 999 600 kr is "1,0 mnkr" and not "1 000 tkr".
    if size >= 999_950 or _significant(size, 3) >= 1_000_000:
        millions = value / 1_000_000
        if abs(millions) < 99.95:
            digits, shown = 1, round(millions, 1)
        else:
            digits, shown = 0, _significant(millions, 3)
        amount = number(shown, lang, digits)
        return f"{amount}\xa0mnkr" if lang == "sv" else f"SEK\xa0{amount}\xa0million"
    if size >= 999.5:
        # Three significant figures from 10 tkr, two below (one decimal).
        thousands = _significant(value, 3 if size >= 9_995 else 2) / 1000
        if lang == "en":
            return "SEK\xa0" + number(thousands * 1000, lang)
        digits = 1 if abs(thousands) < 99.95 else 0
        return f"{number(thousands, lang, digits)}\xa0tkr"
    return money(value, lang) if lang == "sv" else "SEK\xa0" + number(value, lang)
