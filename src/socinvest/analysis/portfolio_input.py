"""The budget file of ``socinvest portfolio``: each payer's yearly budget (YAML or CSV) and,
in YAML, each candidate's scale settings.

YAML::

    budgets:
      - {payer: kommun, year: 2026, amount: 1500000}
      - {payer: region, year: 2026, amount: 400000}
    candidates:                      # optional; keys: SCENARIO_ID/ALTERNATIVE_ID
      parenting-programme/programme:
        max_share: 0.5               # or max_participants: 60
        min_share: 0.2               # or min_participants: 20 (if chosen at all)
        all_or_nothing: true         # the scale is 0 or the maximum
        required: false              # must be in the portfolio (at least at its minimum;
                                     # without one, at its maximum)

A YAML file may also be the list of budget rows alone. CSV: a header ``payer,year,amount``
(comma or semicolon), one budget row per line.
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from socinvest.i18n import N_
from socinvest.params.errors import InputError, Problem
from socinvest.params.yaml_source import LineMap, format_path, parse_yaml, read_yaml_text

CSV_COLUMNS = ("payer", "year", "amount")
CANDIDATE_KEYS = (
    "max_share",
    "max_participants",
    "min_share",
    "min_participants",
    "all_or_nothing",
    "required",
)


@dataclass(frozen=True)
class BudgetRow:
    """A payer's budget for the interventions in one calendar year (SEK, price year)."""

    payer: str
    year: int
    amount: float
    line: int | None = None


@dataclass(frozen=True)
class CandidateSettings:
    """One candidate's scale settings (shares of its target group, or participants)."""

    max_share: float | None = None
    max_participants: float | None = None
    min_share: float | None = None
    min_participants: float | None = None
    all_or_nothing: bool | None = None
    required: bool = False
    line: int | None = None


@dataclass(frozen=True)
class PortfolioSpec:
    """What the budget file says."""

    source: str
    budgets: list[BudgetRow]
    candidates: dict[str, CandidateSettings] = field(default_factory=dict)


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value) if math.isfinite(float(value)) else None
    if isinstance(value, str):
        try:
            out = float(value.strip().replace(" ", "").replace("\u00a0", ""))
        except ValueError:
            return None
        return out if math.isfinite(out) else None
    return None


def _year(value: Any) -> int | None:
    number = _number(value)
    if number is None or number != int(number) or not 1900 <= number <= 2300:
        return None
    return int(number)


def _row(item: Any, where: str, line: int | None, problems: list[Problem]) -> BudgetRow | None:
    if not isinstance(item, dict):
        problems.append(
            Problem.of(
                where,
                N_("expected payer, year and amount, found {found}"),
                line=line,
                found=repr(item),
            )
        )
        return None
    unknown = sorted(set(map(str, item)) - set(CSV_COLUMNS))
    if unknown:
        problems.append(
            Problem.of(
                where,
                N_("unknown key {key}: expected payer, year and amount"),
                line=line,
                key=repr(unknown[0]),
            )
        )
    payer = item.get("payer")
    year = _year(item.get("year"))
    amount = _number(item.get("amount"))
    bad = len(problems)
    if not isinstance(payer, str) or not payer.strip():
        problems.append(
            Problem.of(
                f"{where}.payer",
                N_("expected a payer id such as kommun, found {found}"),
                line=line,
                found=repr(payer),
            )
        )
    if year is None:
        problems.append(
            Problem.of(
                f"{where}.year",
                N_("expected a calendar year such as 2026, found {found}"),
                line=line,
                found=repr(item.get("year")),
            )
        )
    if amount is None or amount < 0:
        problems.append(
            Problem.of(
                f"{where}.amount",
                N_("expected an amount in SEK of at least 0, found {found}"),
                line=line,
                found=repr(item.get("amount")),
            )
        )
    if len(problems) > bad or year is None or amount is None or not isinstance(payer, str):
        return None
    return BudgetRow(payer.strip(), year, amount, line)


def _candidate(
    key: str, item: Any, line: int | None, problems: list[Problem]
) -> CandidateSettings | None:
    where = f"candidates.{key}"
    if not isinstance(item, dict):
        problems.append(
            Problem.of(
                where,
                N_("expected a mapping of scale settings, found {found}"),
                line=line,
                found=repr(item),
            )
        )
        return None
    unknown = sorted(set(map(str, item)) - set(CANDIDATE_KEYS))
    if unknown:
        problems.append(
            Problem.of(
                where,
                N_("unknown key {key}: expected one of {expected}"),
                line=line,
                key=repr(unknown[0]),
                expected=", ".join(CANDIDATE_KEYS),
            )
        )
    values: dict[str, Any] = {}
    for name in ("max_share", "min_share"):
        if name in item:
            v = _number(item[name])
            if v is None or not 0.0 <= v <= 1.0:
                problems.append(
                    Problem.of(
                        f"{where}.{name}",
                        N_("expected a share between 0 and 1, found {found}"),
                        line=line,
                        found=repr(item[name]),
                    )
                )
            values[name] = v
    for name in ("max_participants", "min_participants"):
        if name in item:
            v = _number(item[name])
            if v is None or v < 0:
                problems.append(
                    Problem.of(
                        f"{where}.{name}",
                        N_("expected a number of participants of at least 0, found {found}"),
                        line=line,
                        found=repr(item[name]),
                    )
                )
            values[name] = v
    for name in ("all_or_nothing", "required"):
        if name in item:
            if not isinstance(item[name], bool):
                problems.append(
                    Problem.of(
                        f"{where}.{name}",
                        N_("expected true or false, found {found}"),
                        line=line,
                        found=repr(item[name]),
                    )
                )
            values[name] = bool(item[name])
    for a, b in (("max_share", "max_participants"), ("min_share", "min_participants")):
        if a in item and b in item:
            problems.append(
                Problem.of(
                    where, N_("give {first} or {second}, not both"), line=line, first=a, second=b
                )
            )
    return CandidateSettings(line=line, **values)


def _from_yaml(data: Any, lines: LineMap, source: str) -> PortfolioSpec:
    problems: list[Problem] = []
    rows_data: Any
    prefix: tuple[str, ...]
    candidates_data: Any = {}
    if isinstance(data, list):
        rows_data, prefix = data, ()
    elif isinstance(data, dict):
        unknown = sorted(set(map(str, data)) - {"budgets", "candidates"})
        if unknown:
            problems.append(
                Problem.of(
                    unknown[0],
                    N_("unknown key {key}: expected budgets and candidates"),
                    line=lines.line_of((unknown[0],)),
                    key=repr(unknown[0]),
                )
            )
        rows_data, prefix = data.get("budgets"), ("budgets",)
        candidates_data = data.get("candidates") or {}
    else:
        rows_data, prefix = None, ()
    if not isinstance(rows_data, list) or not rows_data:
        problems.append(
            Problem.of(
                "budgets",
                N_("expected a list of budget rows (payer, year, amount)"),
                line=lines.line_of(prefix),
            )
        )
        raise InputError(source, problems)
    rows = [
        _row(item, format_path((*prefix, i)), lines.line_of((*prefix, i)), problems)
        for i, item in enumerate(rows_data)
    ]
    candidates: dict[str, CandidateSettings] = {}
    if not isinstance(candidates_data, dict):
        problems.append(
            Problem.of(
                "candidates",
                N_("expected a mapping from SCENARIO/ALTERNATIVE to settings"),
                line=lines.line_of(("candidates",)),
            )
        )
    else:
        for key, item in candidates_data.items():
            found = _candidate(str(key), item, lines.line_of(("candidates", key)), problems)
            if found is not None:
                candidates[str(key)] = found
    _duplicates([r for r in rows if r is not None], problems)
    if problems:
        raise InputError(source, problems)
    return PortfolioSpec(source, [r for r in rows if r is not None], candidates)


def _duplicates(rows: list[BudgetRow], problems: list[Problem]) -> None:
    seen: dict[tuple[str, int], BudgetRow] = {}
    for r in rows:
        first = seen.setdefault((r.payer, r.year), r)
        if first is not r:
            problems.append(
                Problem.of(
                    "budgets",
                    N_("{payer} has two budgets for {year} (also on line {other})"),
                    line=r.line,
                    payer=r.payer,
                    year=r.year,
                    other=first.line if first.line is not None else "?",
                )
            )


def _from_csv(text: str, source: str) -> PortfolioSpec:
    first = text.splitlines()[0] if text.strip() else ""
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    if sorted(header) != sorted(CSV_COLUMNS):
        raise InputError(
            source,
            [
                Problem.of(
                    "",
                    N_("expected the columns payer, year, amount, found {found}"),
                    line=1,
                    found=", ".join(header) or "nothing",
                )
            ],
        )
    reader.fieldnames = header
    problems: list[Problem] = []
    rows: list[BudgetRow] = []
    for i, record in enumerate(reader):
        line = reader.line_num
        found = _row(dict(record), f"row {i + 1}", line, problems)
        if found is not None:
            rows.append(found)
    if not rows and not problems:
        problems.append(Problem.of("", N_("expected at least one budget row"), line=2))
    _duplicates(rows, problems)
    if problems:
        raise InputError(source, problems)
    return PortfolioSpec(source, rows)


def load_budget_file(path: Path) -> PortfolioSpec:
    """Read a budget file (CSV when it ends in ``.csv``, else YAML).

    Raises
    ------
    InputError
        Naming the line and field of every problem.
    """
    source = str(path)
    if path.suffix.lower() == ".csv":
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(
                source, [Problem.of("", N_("cannot read the file: {error}"), error=str(exc))]
            ) from exc
        return _from_csv(text, source)
    data, lines = parse_yaml(read_yaml_text(path), source)
    return _from_yaml(data, lines, source)
