"""The parameters a run used, with value, unit, price year, rebasing and sources."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from socinvest.params.library import ResolvedParameter
from socinvest.params.units import MONEY_UNITS, UNIT_LABELS
from socinvest.reports.formatting import money, number


def sources_json(parameters: Iterable[ResolvedParameter], parameter_hash: str) -> dict[str, Any]:
    """``{"parameter_hash": ..., "parameters": [...]}`` for ``socinvest sources``."""
    return {
        "parameter_hash": parameter_hash,
        "parameters": [p.as_json() for p in parameters],
    }


def value_text(p: ResolvedParameter, lang: str) -> str:
    """A parameter's value as a reader checks it: ``3 202 kr/dygn (2019) -> 3 976 kr/dygn
    (2024, KPI)`` for money, ``0,03 andel`` otherwise."""
    unit = UNIT_LABELS[p.unit][0 if lang == "sv" else 1]
    if p.unit in MONEY_UNITS:
        suffix = "" if p.unit == "SEK" else unit[unit.index("/") :] if "/" in unit else ""
        original = f"{money(p.original_value, lang)}{suffix} ({p.original_price_year})"
        if p.factor == 1.0:
            return original
        rebased = f"{money(p.value, lang)}{suffix} ({p.price_year}, {(p.index or '').upper()})"
        return f"{original} → {rebased}"
    digits = 4 if abs(p.value) < 10 else 0
    return f"{number(p.value, lang, digits)} {unit}"
