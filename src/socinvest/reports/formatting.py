"""Numbers, money and percentages in Swedish and English (Babel/CLDR formats).

Swedish amounts use non-breaking spaces as thousands separators: ``1 234 567 kr``.
"""

from __future__ import annotations

import math

from babel.numbers import format_currency, format_decimal, format_percent

LOCALES = {"sv": "sv_SE", "en": "en_GB"}


def money(value: float, lang: str) -> str:
    """Whole kronor: ``1 234 567 kr`` in Swedish, ``SEK 1,234,567`` in English."""
    if not math.isfinite(value):
        return "–"
    locale = LOCALES[lang]
    pattern = "#,##0\xa0¤" if lang == "sv" else "¤\xa0#,##0"
    rounded = round(value)
    return str(
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
    return str(format_decimal(round(value, digits) + 0.0, format=pattern, locale=LOCALES[lang]))


def percent(value: float, lang: str, digits: int = 1) -> str:
    """A fraction as a percentage: 0.035 -> ``3,5 %`` (sv) or ``3.5%`` (en)."""
    if not math.isfinite(value):
        return "–"
    pattern = "#,##0" + ("." + "0" * digits if digits else "") + "\xa0%"
    if lang == "en":
        pattern = pattern.replace("\xa0", "")
    return str(format_percent(value, format=pattern, locale=LOCALES[lang]))
