"""Observations from a CSV or Excel (.xlsx) file, checked row by row.

Columns (a header row; the order is free; only ``period``, ``kind`` and ``value`` or
``events`` with ``n`` are required): ``period`` (one of the plan's), ``kind`` (``reach``,
``cost`` or ``indicator``), ``indicator`` (for ``indicator``: an id of the plan),
``payer`` (for ``cost``: a payer id of the scenario), ``group`` (``intervention``, the
default, or ``comparison``), ``value``, ``n``, ``events`` (for a proportion: ``events`` of
``n`` children; ``value`` may then be left empty).

Every problem of the file is reported (up to :data:`MAX_PROBLEMS`) with the file name and
line: what was expected and what was found. A file with a problem is refused as a whole.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterator
from pathlib import Path
from typing import Any, cast, get_args

from socinvest.analysis.followup_types import FollowUpPlan, Group, Observation, ObservationKind
from socinvest.i18n import N_
from socinvest.params.errors import InputError, Message, Problem
from socinvest.store.errors import BadFileError

COLUMNS = ("period", "kind", "indicator", "payer", "group", "value", "n", "events")
REQUIRED = ("period", "kind")
KINDS: tuple[str, ...] = get_args(ObservationKind)
GROUPS: tuple[str, ...] = get_args(Group)
MAX_PROBLEMS = 100
"""At most this many problems are listed; the rest are counted."""
MAX_FILE_BYTES = 50_000_000
"""The largest observations file read."""

Row = tuple[int, dict[str, str]]
"""A row: its line in the file, and its cells by column as text (``""`` when empty)."""


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return str(value).strip()


def _csv_rows(raw: bytes, source: str) -> tuple[list[str], Iterator[Row]]:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise BadFileError(
            InputError(
                source,
                [
                    Problem.of(
                        "",
                        N_("expected UTF-8 text, found the byte {byte}"),
                        line=line,
                        byte=f"0x{raw[exc.start]:02x}",
                    )
                ],
            )
        ) from None
    sample = text[:4096]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = next(reader, [])

    def rows() -> Iterator[Row]:
        start = reader.line_num + 1
        for cells in reader:
            if any(c.strip() for c in cells):
                yield start, dict(zip(header, (c.strip() for c in cells), strict=False))
            start = reader.line_num + 1

    return [h.strip().lower() for h in header], rows()


def _xlsx_rows(path: Path, source: str) -> tuple[list[str], Iterator[Row]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        raise BadFileError(
            InputError(
                source,
                [Problem.of("", N_("expected an Excel workbook (.xlsx): {error}"), error=exc)],
            )
        ) from None
    sheet = book.worksheets[0]
    values = sheet.iter_rows(values_only=True)
    header = [_cell(v).lower() for v in next(values, ())]

    def rows() -> Iterator[Row]:
        for number, cells in enumerate(values, start=2):
            texts = [_cell(v) for v in cells]
            if any(texts):
                yield number, dict(zip(header, texts, strict=False))
        book.close()

    return header, rows()


def read_rows(path: Path) -> tuple[list[str], Iterator[Row]]:
    """The header and rows of a CSV (comma or semicolon) or .xlsx file."""
    source = str(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise BadFileError(
            InputError(
                source,
                [Problem.of("", N_("cannot read the file: {error}"), error=exc.strerror or exc)],
            )
        ) from None
    if size > MAX_FILE_BYTES:
        raise BadFileError(
            InputError(
                source,
                [
                    Problem.of(
                        "",
                        N_("the file is {size} MB; the limit is {limit} MB"),
                        size=math.ceil(size / 1e6),
                        limit=MAX_FILE_BYTES // 1_000_000,
                    )
                ],
            )
        )
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return _xlsx_rows(path, source)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise BadFileError(
            InputError(
                source,
                [Problem.of("", N_("cannot read the file: {error}"), error=exc.strerror or exc)],
            )
        ) from None
    return _csv_rows(raw, source)


def some(ids: list[str], limit: int = 10) -> str:
    """The first ``limit`` of ``ids``, comma-separated, with an ellipsis when there are more."""
    return ", ".join(ids[:limit]) + (", …" if len(ids) > limit else "")


def _number(text: str) -> float | None:
    try:
        value = float(text.replace(",", ".").replace(" ", "").replace("\u00a0", ""))
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _whole(text: str) -> int | None:
    value = _number(text)
    if value is None or value != int(value):
        return None
    return int(value)


class _Rows:
    """Checks rows one by one, collecting problems."""

    def __init__(self, source: str, plan: FollowUpPlan, payers: list[str]) -> None:
        self.source = source
        self.plan = plan
        self.payers = payers
        self.kinds = {i.id: i.kind for i in plan.indicators}
        self.problems: list[Problem] = []
        self.dropped = 0
        self.seen: dict[tuple[str, str, str, str, str], int] = {}

    def add(self, line: int, column: str, template: str, **args: object) -> None:
        if len(self.problems) >= MAX_PROBLEMS:
            self.dropped += 1
            return
        self.problems.append(Problem.from_message(column, Message.of(template, **args), line=line))

    def check(self, line: int, cells: dict[str, str]) -> Observation | None:
        count = len(self.problems) + self.dropped
        period = cells.get("period", "")
        if period not in self.plan.periods:
            self.add(
                line,
                "period",
                N_("expected one of the plan's periods ({expected}), found {found}"),
                expected=", ".join(self.plan.periods),
                found=repr(period),
            )
        kind = cells.get("kind", "").lower()
        if kind not in KINDS:
            self.add(
                line,
                "kind",
                N_("expected one of: {expected}, found {found}"),
                expected=", ".join(KINDS),
                found=repr(cells.get("kind", "")),
            )
            return None
        indicator = cells.get("indicator", "")
        payer = cells.get("payer", "")
        group = cells.get("group", "").lower() or "intervention"
        if group not in GROUPS:
            self.add(
                line,
                "group",
                N_("expected one of: {expected}, found {found}"),
                expected=", ".join(GROUPS),
                found=repr(cells.get("group", "")),
            )
        indicator_kind = None
        if kind == "indicator":
            if indicator not in self.kinds:
                self.add(
                    line,
                    "indicator",
                    N_("expected an indicator of the plan ({expected}), found {found}"),
                    expected=", ".join(self.kinds) or "-",
                    found=repr(indicator),
                )
            else:
                indicator_kind = self.kinds[indicator]
        elif indicator:
            self.add(
                line,
                "indicator",
                N_("expected no indicator for kind {kind}, found {found}"),
                kind=kind,
                found=repr(indicator),
            )
        if kind == "cost":
            if payer not in self.payers:
                self.add(
                    line,
                    "payer",
                    N_("expected a payer of the scenario ({expected}), found {found}"),
                    expected=some(self.payers),
                    found=repr(payer),
                )
        elif payer:
            self.add(
                line,
                "payer",
                N_("expected no payer for kind {kind}, found {found}"),
                kind=kind,
                found=repr(payer),
            )
        if kind != "indicator" and group != "intervention":
            self.add(
                line,
                "group",
                N_("expected a comparison group only for an indicator, found {found}"),
                found=repr(group),
            )
        n = self._optional_whole(line, cells, "n", 1)
        events = self._optional_whole(line, cells, "events", 0)
        value_text = cells.get("value", "")
        value = _number(value_text) if value_text else None
        if value_text and value is None:
            self.add(line, "value", N_("expected a number, found {found}"), found=repr(value_text))
        if indicator_kind == "proportion":
            if n is None:
                self.add(
                    line,
                    "n",
                    N_(
                        "expected the number of children measured (n) for a "
                        "proportion, found {found}"
                    ),
                    found=repr(cells.get("n", "")),
                )
            elif events is not None and events > n:
                self.add(
                    line,
                    "events",
                    N_("expected at most n = {n} events, found {found}"),
                    n=n,
                    found=events,
                )
            elif events is not None:
                share = events / n
                if value is not None and abs(value - share) > 1e-9:
                    self.add(
                        line,
                        "value",
                        N_("expected events / n = {share} or an empty value, found {found}"),
                        share=f"{share:.6g}",
                        found=value_text,
                    )
                value = share
            elif value is not None and not 0 <= value <= 1:
                self.add(
                    line,
                    "value",
                    N_("expected a share between 0 and 1 (not percent), found {found}"),
                    found=value_text,
                )
        elif events is not None and not (kind == "indicator" and indicator_kind is None):
            self.add(
                line,
                "events",
                N_("expected events only for a proportion, found {found}"),
                found=events,
            )
        if value is None and not value_text and events is None:
            self.add(
                line,
                "value",
                N_("expected a value (or events and n for a proportion), found an empty cell"),
            )
        elif value is not None and kind in ("reach", "cost") and value < 0:
            self.add(
                line, "value", N_("expected a value of at least 0, found {found}"), found=value_text
            )
        elif value is not None and kind == "reach" and value != int(value):
            self.add(
                line,
                "value",
                N_("expected a whole number of participants, found {found}"),
                found=value_text,
            )
        key = (period, kind, indicator, payer, group)
        if key in self.seen:
            self.add(
                line,
                "",
                N_("the same period, kind, indicator, payer and group as line {other}"),
                other=self.seen[key],
            )
        else:
            self.seen[key] = line
        if len(self.problems) + self.dropped > count or value is None:
            return None
        return Observation(
            period=period,
            kind=cast(ObservationKind, kind),
            value=value,
            indicator=indicator or None,
            payer=payer or None,
            group=cast(Group, group),
            n=n,
            events=events,
            line=line,
        )

    def _optional_whole(
        self, line: int, cells: dict[str, str], column: str, least: int
    ) -> int | None:
        text = cells.get(column, "")
        if not text:
            return None
        value = _whole(text)
        if value is None or value < least:
            self.add(
                line,
                column,
                N_("expected a whole number of at least {least}, found {found}"),
                least=least,
                found=repr(text),
            )
            return None
        return value


def read_observations(
    path: Path, plan: FollowUpPlan, payers: list[str], source: str | None = None
) -> tuple[Observation, ...]:
    """The observations of a CSV or .xlsx file, checked against the plan and the scenario's
    payers.

    Raises
    ------
    BadFileError
        With every problem of the file (up to :data:`MAX_PROBLEMS`), each with its line.
    """
    name = source or str(path)
    header, rows = read_rows(path)
    problems: list[Problem] = []
    unknown = [h for h in header if h and h not in COLUMNS]
    if unknown:
        problems.append(
            Problem.of(
                "",
                N_("unknown columns {found}; expected: {expected}"),
                line=1,
                found=", ".join(unknown),
                expected=", ".join(COLUMNS),
            )
        )
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        problems.append(
            Problem.of(
                "",
                N_("missing columns {missing}; expected a header row with: {expected}"),
                line=1,
                missing=", ".join(missing),
                expected=", ".join(COLUMNS),
            )
        )
    if problems:
        raise BadFileError(InputError(name, problems))
    checker = _Rows(name, plan, payers)
    out: list[Observation] = []
    for line, cells in rows:
        observation = checker.check(line, cells)
        if observation is not None:
            out.append(observation)
    if checker.dropped:
        checker.problems.append(
            Problem.of("", N_("and {count} more problems"), count=checker.dropped)
        )
    if checker.problems:
        raise BadFileError(InputError(name, checker.problems))
    if not out:
        raise BadFileError(InputError(name, [Problem.of("", N_("the file has no rows"), line=2)]))
    return tuple(out)
