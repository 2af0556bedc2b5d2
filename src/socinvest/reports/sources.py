"""The parameters a run used, with value, unit, price year, rebasing and sources."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from socinvest.i18n import translator
from socinvest.params.library import ResolvedParameter
from socinvest.params.model import STATUTE
from socinvest.params.units import MONEY_UNITS, UNIT_LABELS
from socinvest.reports.formatting import money, number
from socinvest.reports.labels import GRADE_TEXT


def grade_text(grade: str | None, lang: str) -> str:
    """A grade as a reader sees it ("primary source"), or "not graded"."""
    _ = translator(lang)
    return _(GRADE_TEXT[grade]) if grade in GRADE_TEXT else _("not graded")


def sources_json(parameters: Iterable[ResolvedParameter], parameter_hash: str) -> dict[str, Any]:
    """``{"parameter_hash": ..., "parameters": [...]}`` for ``socinvest sources``."""
    return {
        "parameter_hash": parameter_hash,
        "parameters": [p.as_json() for p in parameters],
    }


def value_text(p: ResolvedParameter, lang: str) -> str:
    """A parameter's value as a reader checks it: ``3 202 kr/dygn (2019) -> 3 976 kr/dygn
    (2024, KPI)`` for money, ``1 250 kr/mån (2024, by statute)`` for a statutory amount,
    ``0,03 andel`` otherwise."""
    unit = UNIT_LABELS[p.unit][0 if lang == "sv" else 1]
    if p.unit in MONEY_UNITS:
        suffix = "" if p.unit == "SEK" else unit[unit.index("/") :] if "/" in unit else ""
        if p.index == STATUTE:
            _ = translator(lang)
            statute = _("by statute")
            return f"{money(p.value, lang)}{suffix} ({p.price_year}, {statute})"
        original = f"{money(p.original_value, lang)}{suffix} ({p.original_price_year})"
        if p.factor == 1.0:
            return original
        rebased = f"{money(p.value, lang)}{suffix} ({p.price_year}, {(p.index or '').upper()})"
        return f"{original} → {rebased}"
    digits = 4 if abs(p.value) < 10 else 0
    return f"{number(p.value, lang, digits)} {unit}"
