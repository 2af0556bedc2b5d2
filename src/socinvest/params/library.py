"""The parameter library: loading the dated YAML tree, price indices, local overrides, and
resolving a parameter to a value in the analysis price year with its provenance.

Money values are rebased once, at resolution, with the parameter's price index (KPI unless
it names another, e.g. the wage index ``lon`` or SKR's ``pkv``):
``value_in_price_year = value * index[price_year] / index[value_year]``. An amount fixed in
kronor by statute (``index: statute``) is not rebased: it resolves to the value in force on
1 July of the analysis price year, as it stands (see :meth:`ParameterLibrary.resolve`).
The defaults shipped with socinvest are never edited in place: a municipality's own figures
sit in an override layer on top (``socinvest run scenario.yaml --params local.yaml``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from socinvest.params.data_cache import cache_key, cached
from socinvest.params.errors import InputError, Problem
from socinvest.params.model import (
    STATUTE,
    Citation,
    DatedValue,
    Grade,
    Label,
    Parameter,
    ParameterOverride,
    Status,
    Uncertainty,
    best_grade,
)
from socinvest.params.payers import default_payer_tree
from socinvest.params.units import MONEY_UNITS
from socinvest.params.yaml_source import (
    LineMap,
    format_path,
    not_utf8,
    parse_yaml,
    read_yaml_text,
)

DEFAULT_INDEX = "kpi"
PARAMETER_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


class PriceIndex(BaseModel):
    """An annual price index (e.g. KPI, annual averages) with its source."""

    model_config = ConfigDict(extra="forbid", strict=True, defer_build=True)

    label: Label
    base: str = Field(description="The index base, e.g. '1980=100'.")
    values: dict[int, float] = Field(min_length=2)
    derived_years: dict[int, str] = Field(
        default_factory=dict, description="Years whose value is derived, with how."
    )
    status: Status
    sources: list[Citation] = Field(min_length=1)
    last_reviewed: dt.date

    def factor(self, from_year: int, to_year: int) -> float:
        """``index[to_year] / index[from_year]``; raises KeyError naming a missing year."""
        for year in (from_year, to_year):
            if year not in self.values:
                raise KeyError(year)
        return self.values[to_year] / self.values[from_year]

    @property
    def years(self) -> tuple[int, int]:
        return min(self.values), max(self.values)


@dataclass(frozen=True)
class ResolvedParameter:
    """A parameter's value in the analysis price year, with where it came from.

    ``factor`` is the rebasing factor (1 for non-money units), so a report can show
    "3 202 kr (2019) -> N kr (2024 prices, KPI)".
    """

    id: str
    label: Label
    unit: str
    value: float
    original_value: float
    original_price_year: int | None
    price_year: int | None
    index: str | None
    factor: float
    date: dt.date
    status: str
    derivation: str | None
    sources: tuple[Citation, ...]
    payer: str | None
    uncertainty: Uncertainty
    origin: str

    @property
    def grade(self) -> Grade | None:
        """The best grade of the parameter's sources (``None`` if none is graded)."""
        return best_grade(self.sources)

    def as_json(self) -> dict[str, Any]:
        """A JSON-ready description (used by ``socinvest sources``)."""
        return {
            "id": self.id,
            "label": {"sv": self.label.sv, "en": self.label.en},
            "unit": self.unit,
            "value": self.value,
            "original_value": self.original_value,
            "original_price_year": self.original_price_year,
            "price_year": self.price_year,
            "index": self.index,
            "rebasing_factor": self.factor,
            "date": self.date.isoformat(),
            "status": self.status,
            "grade": self.grade,
            "derivation": self.derivation,
            "payer": self.payer,
            "uncertainty": self.uncertainty.model_dump(exclude_none=True),
            "sources": [s.model_dump(exclude_none=True) for s in self.sources],
            "origin": self.origin,
        }


@dataclass(frozen=True)
class ParameterLibrary:
    """Parameters by id, the file each came from, and the price indices."""

    parameters: Mapping[str, Parameter]
    origins: Mapping[str, str]
    indices: Mapping[str, PriceIndex]
    overridden: frozenset[str] = field(default_factory=frozenset)

    def __contains__(self, parameter_id: object) -> bool:
        return parameter_id in self.parameters

    @property
    def ids(self) -> list[str]:
        return sorted(self.parameters)

    def with_overrides(
        self, overrides: Mapping[str, ParameterOverride], origin: str, lines: LineMap | None = None
    ) -> ParameterLibrary:
        """A new library with local values on top; the defaults are left as they are.

        Raises
        ------
        InputError
            If an override changes a parameter's unit, a new parameter lacks its label or
            unit, or the merged parameter is not valid.
        """
        lines = lines or LineMap()
        parameters = dict(self.parameters)
        origins = dict(self.origins)
        problems: list[Problem] = []
        for pid, override in overrides.items():
            base = parameters.get(pid)
            path = (pid,)
            if base is None and (override.label is None or override.unit is None):
                problems.append(
                    Problem(
                        pid,
                        f"unknown parameter {pid!r}: to add a new one give its label and unit "
                        "too (check the spelling of the id: 'socinvest params' lists them)",
                        lines.line_of(path),
                        path,
                    )
                )
                continue
            if base is not None and override.unit is not None and override.unit != base.unit:
                problems.append(
                    Problem(
                        f"{pid}.unit",
                        f"expected the library's unit {base.unit!r}, found {override.unit!r}",
                        lines.line_of((*path, "unit")),
                        (*path, "unit"),
                    )
                )
                continue
            merged: dict[str, Any] = {} if base is None else base.model_dump(exclude_none=True)
            merged.update(override.model_dump(exclude_none=True))
            if base is not None and override.uncertainty is None:
                # The default's bounds belong to the default's value: keep them relative.
                scale = override.values[-1].value / base.values[-1].value
                merged["uncertainty"] = _scaled(base.uncertainty, scale).model_dump(
                    exclude_none=True
                )
            try:
                parameters[pid] = Parameter.model_validate(merged)
            except ValidationError as exc:
                problems += _problems_from(exc, path, lines)
                continue
            origins[pid] = origin
        problems += _check_references(parameters, self.indices, overrides, lines, prefix="")
        if problems:
            raise InputError(origin, problems)
        return ParameterLibrary(
            parameters, origins, self.indices, self.overridden | frozenset(overrides)
        )

    def resolve(self, parameter_id: str, price_year: int, when: dt.date) -> ResolvedParameter:
        """The value of a parameter at ``when``, rebased to ``price_year``.

        Raises
        ------
        KeyError
            For an unknown id.
        ValueError
            When the price index lacks a needed year (the message names it).
        """
        p = self.parameters[parameter_id]
        dated = p.value_at(when)
        factor = 1.0
        index_name = None
        original_year = None
        target_year = None
        if p.unit in MONEY_UNITS and p.index == STATUTE:
            dated = _statute_value(p, parameter_id, price_year)
            index_name = STATUTE
            original_year = target_year = price_year
        elif p.unit in MONEY_UNITS:
            index_name = p.index or DEFAULT_INDEX
            index = self.indices[index_name]
            original_year = dated.year_of_prices
            target_year = price_year
            try:
                factor = index.factor(original_year, price_year)
            except KeyError as exc:
                first, last = index.years
                raise ValueError(
                    f"the price index {index_name!r} has no value for {exc.args[0]} (it covers "
                    f"{first}-{last}); choose a price year it covers or add the year to the index"
                ) from None
        # Bounds are declared for the latest value; they move with the value used.
        latest = p.values[-1].value
        scale = dated.value * factor / latest if latest != 0 else factor
        uncertainty = _scaled(p.uncertainty, scale)
        return ResolvedParameter(
            id=parameter_id,
            label=p.label,
            unit=p.unit,
            value=dated.value * factor,
            original_value=dated.value,
            original_price_year=original_year,
            price_year=target_year,
            index=index_name,
            factor=factor,
            date=dated.date,
            status=p.status,
            derivation=p.derivation,
            sources=tuple(p.sources),
            payer=p.payer,
            uncertainty=uncertainty,
            origin=self.origins[parameter_id],
        )


STATUTE_DAY = (7, 1)
"""A statutory amount is the one in force on this (month, day) of the analysis price year."""


def _statute_value(p: Parameter, parameter_id: str, price_year: int) -> DatedValue:
    """The statutory amount in force on 1 July of ``price_year``, as it stands.

    Money in the engine is in the prices of the analysis price year, so a nominal amount
    fixed by law for that year is already in those prices: it is not rebased. The amount
    in force at mid-year is taken (a change on 1 March, like the child allowance's in 2018,
    counts for that year). After the last dated value the amount is taken as unchanged.

    Raises
    ------
    ValueError
        When the price year lies before the first dated value (the amount then in force is
        not in the library; the message names the first date).
    """
    day = dt.date(price_year, *STATUTE_DAY)
    first = p.values[0].date
    if day < first:
        raise ValueError(
            f"the statutory amount {parameter_id!r} has no value in force in {price_year} "
            f"(its first value is from {first.isoformat()}); choose a later price year or add "
            "the amount then in force"
        )
    return p.value_at(day)


def _scaled(uncertainty: Uncertainty, scale: float) -> Uncertainty:
    """The same uncertainty around a value ``scale`` times as large (absolute bounds and
    standard deviations scale; ``sd_log`` and ``concentration`` are relative already)."""
    if scale == 1.0:
        return uncertainty
    update = {
        k: getattr(uncertainty, k) * scale
        for k in ("sd", "low", "high")
        if getattr(uncertainty, k) is not None
    }
    if scale < 0 and "low" in update:
        update["low"], update["high"] = update["high"], update["low"]
    return uncertainty.model_copy(update=update)


def parameter_hash(resolved: Iterable[ResolvedParameter]) -> str:
    """SHA-256 over the resolved values (id, unit, value, price year, uncertainty), sorted by
    id: the same inputs give the same hash, any changed figure a different one."""
    rows = sorted(
        (
            r.id,
            r.unit,
            repr(r.value),
            r.price_year,
            json.dumps(r.uncertainty.model_dump(exclude_none=True), sort_keys=True),
        )
        for r in resolved
    )
    return hashlib.sha256(json.dumps(rows).encode("utf-8")).hexdigest()


def _problems_from(
    exc: ValidationError, base: tuple[str | int, ...], lines: LineMap
) -> list[Problem]:
    out = []
    for err in exc.errors():
        loc = (*base, *err["loc"])
        message = str(err["msg"]).replace("Value error, ", "")
        if err["type"] == "extra_forbidden":
            message = "unknown field (check the spelling)"
        elif err["type"] != "value_error" and not isinstance(err.get("input"), dict | list):
            message = f"{message}; found {err.get('input')!r}"
        out.append(Problem(format_path(loc), message, lines.line_of(loc), loc))
    return out


def _check_references(
    parameters: Mapping[str, Parameter],
    indices: Mapping[str, PriceIndex],
    only: Iterable[str],
    lines: LineMap,
    prefix: str,
) -> list[Problem]:
    """Unknown payers and price indices named by the parameters in ``only``."""
    payers = set(default_payer_tree().ids)
    problems = []
    for pid in only:
        p = parameters.get(pid)
        if p is None:
            continue
        name = pid[len(prefix) :] if prefix and pid.startswith(prefix) else pid
        if p.payer is not None and p.payer not in payers:
            path = (name, "payer")
            problems.append(
                Problem(
                    format_path(path),
                    f"unknown payer {p.payer!r}; expected a payer of the tree such as "
                    "'kommun.socialtjanst'",
                    lines.line_of(path),
                    path,
                )
            )
        if p.unit in MONEY_UNITS and (p.index or DEFAULT_INDEX) not in {*indices, STATUTE}:
            path = (name, "index")
            problems.append(
                Problem(
                    format_path(path),
                    f"unknown price index {p.index!r}; expected one of: "
                    + ", ".join(sorted({*indices, STATUTE})),
                    lines.line_of(path),
                    path,
                )
            )
    return problems


def _parse_index_file(text: str, source: str) -> dict[str, PriceIndex]:
    data, lines = parse_yaml(text, source)
    if not isinstance(data, dict):
        raise InputError(source, [Problem("", "expected a mapping of price indices", 1)])
    out: dict[str, PriceIndex] = {}
    problems: list[Problem] = []
    for name, body in data.items():
        try:
            out[str(name)] = PriceIndex.model_validate(body)
        except ValidationError as exc:
            problems += _problems_from(exc, (str(name),), lines)
    if problems:
        raise InputError(source, problems)
    return out


def _parse_parameter_file(
    text: str, source: str, prefix: str, indices: Mapping[str, PriceIndex]
) -> dict[str, Parameter]:
    """Parse one library file; ids are ``prefix.name``."""
    data, lines = parse_yaml(text, source)
    if not isinstance(data, dict) or not data:
        raise InputError(source, [Problem("", "expected a mapping of parameter names", 1)])
    out: dict[str, Parameter] = {}
    problems: list[Problem] = []
    for name, body in data.items():
        path = (str(name),)
        if not isinstance(name, str) or not PARAMETER_NAME.match(name):
            problems.append(
                Problem(
                    format_path(path),
                    "expected a parameter name of lower-case letters, digits and '_', "
                    f"found {name!r}",
                    lines.line_of(path),
                    path,
                )
            )
            continue
        try:
            out[f"{prefix}.{name}"] = Parameter.model_validate(body)
        except ValidationError as exc:
            problems += _problems_from(exc, path, lines)
    problems += _check_references(out, indices, list(out), lines, prefix=prefix + ".")
    if problems:
        raise InputError(source, problems)
    return out


def _walk(
    folder: Traversable, parts: tuple[str, ...] = ()
) -> Iterable[tuple[tuple[str, ...], Traversable]]:
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.is_dir():
            yield from _walk(entry, (*parts, entry.name))
        elif entry.name.endswith(".yaml"):
            yield (*parts, entry.name[: -len(".yaml")]), entry


def load_library(folder: Path | None = None, indices_file: Path | None = None) -> ParameterLibrary:
    """Load a parameter tree (default: the shipped Swedish library) and its price indices.

    Raises
    ------
    InputError
        For the first file with problems, naming the file, the line and the field.
    """
    index_file, files = _library_files(folder, indices_file)
    return _library_from(index_file, files)


def _library_files(
    folder: Path | None, indices_file: Path | None
) -> tuple[tuple[str, bytes], list[tuple[tuple[str, ...], str, bytes]]]:
    """The bytes of the price index file, with its name, and of every parameter file, with
    its path in the tree and its name."""
    data_root = resources.files("socinvest") / "data"
    index_ref = indices_file or data_root / "indices" / "indices.yaml"
    root = folder or data_root / "params"
    files = [(parts, str(entry), entry.read_bytes()) for parts, entry in _walk(root)]
    return (str(index_ref), index_ref.read_bytes()), files


def _library_from(
    index_file: tuple[str, bytes], files: list[tuple[tuple[str, ...], str, bytes]]
) -> ParameterLibrary:
    index_source, index_bytes = index_file
    indices = _parse_index_file(_text(index_bytes, index_source), index_source)
    parameters: dict[str, Parameter] = {}
    origins: dict[str, str] = {}
    for parts, source, data in files:
        prefix = ".".join(parts)
        parsed = _parse_parameter_file(_text(data, source), source, prefix, indices)
        parameters.update(parsed)
        origins.update(dict.fromkeys(parsed, "/".join(parts) + ".yaml"))
    return ParameterLibrary(parameters, origins, indices)


def _text(data: bytes, source: str) -> str:
    """The UTF-8 text of a library file, or the error naming its line and byte."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(source, [not_utf8(data, exc)]) from None


@cache
def default_library() -> ParameterLibrary:
    """The shipped Swedish parameter library (loaded once per process, and kept between runs
    by :mod:`socinvest.params.data_cache` while its files and code are the same)."""
    index_file, files = _library_files(None, None)
    key = cache_key(
        "library",
        [index_file, *((source, data) for _parts, source, data in files)],
        modules=[__name__, "socinvest.params.model", "socinvest.params.yaml_source"],
    )
    return cached(key, lambda: _library_from(index_file, files))


def parse_overrides(text: str, source: str) -> tuple[dict[str, ParameterOverride], LineMap]:
    """Parse a local override file: a mapping from full parameter ids to local values."""
    data, lines = parse_yaml(text, source)
    if data is None:
        return {}, lines
    if not isinstance(data, dict):
        raise InputError(
            source, [Problem("", "expected a mapping from parameter ids to values", 1)]
        )
    out: dict[str, ParameterOverride] = {}
    problems: list[Problem] = []
    for pid, body in data.items():
        path = (str(pid),)
        if not isinstance(pid, str) or "." not in pid:
            problems.append(
                Problem(
                    format_path(path),
                    "expected a full parameter id such as 'skola.grundskola_per_elev', "
                    f"found {pid!r}",
                    lines.line_of(path),
                    path,
                )
            )
            continue
        try:
            out[pid] = ParameterOverride.model_validate(body)
        except ValidationError as exc:
            problems += _problems_from(exc, path, lines)
    if problems:
        raise InputError(source, problems)
    return out, lines


def load_overrides(library: ParameterLibrary, path: Path) -> ParameterLibrary:
    """The library with the local values of ``path`` on top.

    Raises
    ------
    InputError
        With the file, line and field of every problem.
    """
    overrides, lines = parse_overrides(read_yaml_text(path), str(path))
    return library.with_overrides(overrides, str(path), lines)
