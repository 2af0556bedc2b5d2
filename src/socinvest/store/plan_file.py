"""The follow-up plan file (YAML), read and checked against the investment's scenario.

::

    tolerance: 0.10              # relative deviation flagged (default 0.10)
    periods: [2026, 2027]
    reach: {2026: 40, 2027: 60}  # planned participants
    cost:                        # planned cost per period and payer (SEK)
      2026: {kommun.socialtjanst: 1200000}
    indicators:
      - id: placed
        label: {sv: Placerade, en: Placed in care}
        kind: proportion         # proportion | count | amount
        lower_is_better: true
        planned: {2026: 0.08, 2027: 0.07}
        effect: {intervention: parenting, index: 0}

Every problem is reported with its line; the plan is refused as a whole.
"""

from __future__ import annotations

import math
import re
from typing import Any, get_args

from socinvest.analysis.followup_types import (
    EffectLink,
    FollowUpPlan,
    IndicatorKind,
    IndicatorPlan,
)
from socinvest.i18n import N_
from socinvest.params.errors import InputError, Message, Problem
from socinvest.params.yaml_source import LineMap, parse_yaml
from socinvest.scenario.model import Scenario
from socinvest.scenario.validate import payer_tree_of
from socinvest.store.errors import BadFileError
from socinvest.store.observation_file import some

PERIOD = re.compile(r"^(19|20|21)\d\d([HQ]\d)?$")
"""A calendar year, or a half (``2026H1``) or quarter (``2026Q3``) of one."""

KINDS: tuple[str, ...] = get_args(IndicatorKind)
TOP_KEYS = ("tolerance", "periods", "reach", "cost", "indicators")
INDICATOR_KEYS = ("id", "label", "kind", "lower_is_better", "planned", "effect")
IDENTIFIER = re.compile(r"^[A-Za-z][A-Za-z0-9_.-]{0,99}$")


def period_text(value: Any) -> str | None:
    """A period as text (``2026`` may be written as a number), or ``None`` if it is not one."""
    if isinstance(value, bool):
        return None
    text = str(value).strip() if isinstance(value, int | str) else ""
    if not PERIOD.match(text):
        return None
    if len(text) > 4 and not (
        (text[4] == "H" and text[5] in "12") or (text[4] == "Q" and text[5] in "1234")
    ):
        return None
    return text


def is_number(value: Any) -> bool:
    """A finite int or float, not a bool."""
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


class _Checker:
    def __init__(self, source: str, lines: LineMap) -> None:
        self.source = source
        self.lines = lines
        self.problems: list[Problem] = []

    def add(self, path: tuple[str | int, ...], template: str, **args: object) -> None:
        """A problem at ``path`` (the keys as the YAML has them: a year key is a number);
        in the field's name a number is a list index unless it is a period key."""
        parts = [str(p) if isinstance(p, str) or period_text(p) else f"[{p}]" for p in path]
        field = ".".join(parts).replace(".[", "[")
        self.problems.append(
            Problem.from_message(
                field, Message.of(template, **args), line=self.lines.line_of(path), path=path
            )
        )

    def mapping(self, value: Any, path: tuple[str | int, ...]) -> dict[Any, Any] | None:
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.add(path, N_("expected a mapping, found {found}"), found=repr(value))
            return None
        return value

    def per_period(
        self, value: Any, path: tuple[str | int, ...], periods: tuple[str, ...]
    ) -> dict[str, tuple[Any, Any]]:
        """The plan's periods to ``(key as written, value)``; unknown periods reported."""
        data = self.mapping(value, path)
        out: dict[str, tuple[Any, Any]] = {}
        for key, item in (data or {}).items():
            period = period_text(key)
            if period is None or period not in periods:
                self.add(
                    (*path, key),
                    N_("unknown period {found}; expected one of the plan's periods: {expected}"),
                    found=repr(key),
                    expected=", ".join(periods),
                )
                continue
            out[period] = (key, item)
        return out


def parse_plan(text: str, source: str, scenario: Scenario) -> FollowUpPlan:
    """The follow-up plan of ``text``, checked against ``scenario`` (its payers, its
    interventions and their effects).

    Raises
    ------
    BadFileError
        With every problem, each with its line and field.
    """
    try:
        data, lines = parse_yaml(text, source)
    except InputError as exc:
        raise BadFileError(exc) from None
    check = _Checker(source, lines)
    if not isinstance(data, dict):
        check.add(
            (),
            N_("expected a mapping with periods, reach, cost and indicators, found {found}"),
            found=type(data).__name__,
        )
        raise BadFileError(InputError(source, check.problems))
    for key in data:
        if key not in TOP_KEYS:
            check.add(
                (str(key),),
                N_("unknown key {found}; expected one of: {expected}"),
                found=repr(key),
                expected=", ".join(TOP_KEYS),
            )
    tolerance = data.get("tolerance", 0.10)
    if not is_number(tolerance) or not 0 <= tolerance <= 10:
        check.add(
            ("tolerance",),
            N_("expected a relative deviation between 0 and 10 (0.10 = 10 %), found {found}"),
            found=repr(tolerance),
        )
        tolerance = 0.10
    periods = _periods(check, data.get("periods"))
    reach: dict[str, int] = {}
    for period, (key, value) in check.per_period(data.get("reach"), ("reach",), periods).items():
        if not is_number(value) or value < 0 or value != int(value):
            check.add(
                ("reach", key),
                N_("expected a whole number of participants, at least 0, found {found}"),
                found=repr(value),
            )
        else:
            reach[period] = int(value)
    payers = payer_tree_of(scenario).ids
    cost: dict[str, dict[str, float]] = {}
    for period, (key, per_payer) in check.per_period(data.get("cost"), ("cost",), periods).items():
        amounts = check.mapping(per_payer, ("cost", key)) or {}
        for payer, amount in amounts.items():
            path: tuple[str | int, ...] = ("cost", key, str(payer))
            if payer not in payers:
                check.add(
                    path,
                    N_("unknown payer {found}; expected one of: {expected}"),
                    found=repr(payer),
                    expected=some(payers),
                )
            elif not is_number(amount) or amount < 0:
                check.add(
                    path,
                    N_("expected an amount of at least 0 SEK, found {found}"),
                    found=repr(amount),
                )
            else:
                cost.setdefault(period, {})[str(payer)] = float(amount)
    indicators = _indicators(check, data.get("indicators"), periods, scenario)
    if check.problems:
        raise BadFileError(InputError(source, check.problems))
    return FollowUpPlan(
        periods=periods,
        reach=reach,
        cost=cost,
        indicators=indicators,
        tolerance=float(tolerance),
    )


def _periods(check: _Checker, value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not value:
        check.add(
            ("periods",),
            N_(
                "expected a list of periods such as [2026, 2027] or [2026H1, 2026H2], found {found}"
            ),
            found=repr(value),
        )
        return ()
    out: list[str] = []
    for i, item in enumerate(value):
        period = period_text(item)
        if period is None:
            check.add(
                ("periods", i),
                N_("expected a period such as 2026, 2026H1 or 2026Q3, found {found}"),
                found=repr(item),
            )
        elif period in out:
            check.add(("periods", i), N_("period {found} is listed twice"), found=period)
        else:
            out.append(period)
    return tuple(out)


def _label(
    check: _Checker, value: Any, path: tuple[str | int, ...], default: str
) -> tuple[str, str]:
    if value is None:
        return default, default
    if isinstance(value, str):
        return value, value
    if isinstance(value, dict) and set(value) <= {"sv", "en"} and value:
        sv = value.get("sv", value.get("en"))
        en = value.get("en", value.get("sv"))
        if isinstance(sv, str) and isinstance(en, str):
            return sv, en
    check.add(path, N_("expected a text or {{sv: ..., en: ...}}, found {found}"), found=repr(value))
    return default, default


def _indicators(
    check: _Checker, value: Any, periods: tuple[str, ...], scenario: Scenario
) -> tuple[IndicatorPlan, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        check.add(
            ("indicators",), N_("expected a list of indicators, found {found}"), found=repr(value)
        )
        return ()
    out: list[IndicatorPlan] = []
    seen: set[str] = set()
    for i, item in enumerate(value):
        path: tuple[str | int, ...] = ("indicators", i)
        if not isinstance(item, dict):
            check.add(
                path,
                N_("expected a mapping with id, kind and planned, found {found}"),
                found=repr(item),
            )
            continue
        for key in item:
            if key not in INDICATOR_KEYS:
                check.add(
                    (*path, str(key)),
                    N_("unknown key {found}; expected one of: {expected}"),
                    found=repr(key),
                    expected=", ".join(INDICATOR_KEYS),
                )
        ident = item.get("id")
        if not isinstance(ident, str) or not IDENTIFIER.match(ident):
            check.add(
                (*path, "id"),
                N_("expected an identifier (a letter, then letters, digits, _ . -), found {found}"),
                found=repr(ident),
            )
            continue
        if ident in seen:
            check.add((*path, "id"), N_("indicator {found} is listed twice"), found=ident)
            continue
        seen.add(ident)
        kind = item.get("kind")
        if kind not in KINDS:
            check.add(
                (*path, "kind"),
                N_("expected one of: {expected}, found {found}"),
                expected=", ".join(KINDS),
                found=repr(kind),
            )
            continue
        lower = item.get("lower_is_better", True)
        if not isinstance(lower, bool):
            check.add(
                (*path, "lower_is_better"),
                N_("expected true or false, found {found}"),
                found=repr(lower),
            )
            lower = True
        label_sv, label_en = _label(check, item.get("label"), (*path, "label"), ident)
        planned: dict[str, float] = {}
        for period, (key, number) in check.per_period(
            item.get("planned"), (*path, "planned"), periods
        ).items():
            where = (*path, "planned", key)
            if not is_number(number) or number < 0:
                check.add(
                    where, N_("expected a number of at least 0, found {found}"), found=repr(number)
                )
            elif kind == "proportion" and number > 1:
                check.add(
                    where,
                    N_("expected a share between 0 and 1 (not percent), found {found}"),
                    found=repr(number),
                )
            else:
                planned[period] = float(number)
        effect = _effect(check, item.get("effect"), (*path, "effect"), scenario)
        out.append(IndicatorPlan(ident, label_sv, label_en, kind, planned, effect, lower))
    return tuple(out)


def _effect(
    check: _Checker, value: Any, path: tuple[str | int, ...], scenario: Scenario
) -> EffectLink | None:
    if value is None:
        return None
    if (
        not isinstance(value, dict)
        or "intervention" not in value
        or set(value) - {"intervention", "index"}
    ):
        check.add(
            path, N_("expected {{intervention: ID, index: 0}}, found {found}"), found=repr(value)
        )
        return None
    ident = value["intervention"]
    index = value.get("index", 0)
    interventions = {i.id: i for i in scenario.interventions}
    if ident not in interventions:
        check.add(
            (*path, "intervention"),
            N_("unknown intervention {found}; the scenario has: {expected}"),
            found=repr(ident),
            expected=", ".join(interventions) or "-",
        )
        return None
    effects = interventions[ident].effects
    if isinstance(index, bool) or not isinstance(index, int) or not 0 <= index < len(effects):
        check.add(
            (*path, "index"),
            N_(
                "intervention {id} has {count} effects; expected an "
                "index from 0 to {last}, found {found}"
            ),
            id=ident,
            count=len(effects),
            last=len(effects) - 1,
            found=repr(index),
        )
        return None
    return EffectLink(str(ident), index)
