"""A municipality's own key figures from Kolada, written as a ``--params`` override file.

What is fetched and which parameter each KPI sets is declared in ``kolada_catalogue``; the
derived tax figures are built in :func:`_build`. :func:`fetch_local_figures` asks Kolada
(through :class:`~socinvest.params.kolada_client.KoladaClient`) for the municipality, the
KPIs' titles and their values; :func:`override_text` renders the file, which is checked
against the library (:func:`check_override_text`) before
:func:`socinvest.atomic_files.write_text_atomically` puts it in place (a temporary file
renamed when complete, so a failure never leaves half a file).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import yaml

from socinvest.i18n import N_
from socinvest.params.counties import County, county_table
from socinvest.params.errors import InputError, Message, Problem
from socinvest.params.kolada_catalogue import (
    COSTS,
    INHABITANTS,
    POPULATION,
    PUBLISHER,
    RIKET,
    TAX_CAPACITY,
    TAX_LABELS,
    TAX_RATE_KOMMUN,
    TAX_RATE_TOTAL,
    YEARS_BACK,
    DirectTarget,
    Kpi,
    all_kpis,
    check_kommunkod,
)
from socinvest.params.kolada_client import KoladaClient
from socinvest.params.library import DEFAULT_INDEX, ParameterLibrary, parse_overrides
from socinvest.params.units import MONEY_UNITS

# -- What Kolada gave ------------------------------------------------------------------------


@dataclass(frozen=True)
class Reading:
    """One value read in Kolada: a KPI for one municipality (or region, or Sweden) and year."""

    kpi: str
    unit_id: str
    year: int
    value: float
    status: str


@dataclass
class Readings:
    """The values of the KPIs by (kpi, municipality id, year), and the KPIs' titles."""

    values: dict[tuple[str, str, int], Reading] = field(default_factory=dict)
    titles: dict[str, str] = field(default_factory=dict)
    publication_years: dict[str, int] = field(default_factory=dict)

    def add_rows(self, rows: list[dict[str, Any]]) -> None:
        """Keep the total (gender ``T``) of each documented data row that has a value."""
        for row in rows:
            try:
                kpi, unit, year = str(row["kpi"]), str(row["municipality"]), int(row["period"])
            except (KeyError, TypeError, ValueError):
                continue
            for v in row.get("values") or []:
                if not isinstance(v, dict) or v.get("gender", "T") != "T" or v.get("isdeleted"):
                    continue
                value = v.get("value")
                if isinstance(value, int | float) and not isinstance(value, bool):
                    self.values[(kpi, unit, year)] = Reading(
                        kpi, unit, year, float(value), str(v.get("status") or "")
                    )

    def latest(self, kpi: str, unit_id: str, year: int) -> Reading | None:
        """The value for ``year``, else the latest earlier one in the window fetched."""
        for y in range(year, year - YEARS_BACK - 1, -1):
            if (kpi, unit_id, y) in self.values:
                return self.values[(kpi, unit_id, y)]
        return None

    def latest_pair(
        self, first: tuple[str, str], second: tuple[str, str], year: int
    ) -> tuple[Reading, Reading] | None:
        """Two values of the same year, the latest on or before ``year`` that has both."""
        for y in range(year, year - YEARS_BACK - 1, -1):
            a = self.values.get((*first, y))
            b = self.values.get((*second, y))
            if a is not None and b is not None:
                return a, b
        return None


@dataclass(frozen=True)
class LeftOut:
    """A parameter not written, and why."""

    parameter: str
    reason: Message


@dataclass(frozen=True)
class Written:
    """A parameter written: its value, unit, the year of the value and where it came from."""

    parameter: str
    value: float
    unit: str
    year: int
    source: str
    fallback: bool


@dataclass
class LocalFigures:
    """What ``socinvest local`` found for one municipality."""

    code: str
    name: str
    county: County
    year: int
    fetched: dt.date
    api_url: str
    entries: dict[str, dict[str, Any]] = field(default_factory=dict)
    written: list[Written] = field(default_factory=list)
    left_out: list[LeftOut] = field(default_factory=list)

    @property
    def region_id(self) -> str:
        """Kolada's id of the region (county council) the municipality lies in."""
        return "00" + self.county.code


Progress = Callable[[int, int], None]


def fetch_local_figures(
    code: str,
    year: int,
    client: KoladaClient,
    library: ParameterLibrary,
    today: dt.date | None = None,
    progress: Progress | None = None,
) -> LocalFigures:
    """Fetch the municipality's figures from Kolada and build the override entries.

    Parameters
    ----------
    code : str
        The kommunkod, four digits.
    year : int
        The year wanted; a KPI without a value that year falls back to the latest of the
        ``YEARS_BACK`` years before it (said in the value's note).
    client : KoladaClient
    library : ParameterLibrary
        The library the file must fit: parameters it lacks get their label and unit.
    today : date, optional
        The review date written (default today).
    progress : callable, optional
        Called with (requests done, requests in all).

    Raises
    ------
    InputError
        For a malformed kommunkod or one Kolada does not know as a municipality.
    KoladaError
        When Kolada cannot be reached or answers something unusable.
    """
    county = check_kommunkod(code)
    kpis = all_kpis()
    total = 2 + len(kpis)
    done = 0

    def step() -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(done, total)

    if progress is not None:
        progress(0, total)
    entry = client.municipality(code)
    step()
    if entry is None or str(entry.get("type", "K")) != "K":
        raise InputError(
            "KOMMUNKOD",
            [
                Problem.of(
                    "",
                    N_("Kolada has no municipality with kommunkod {code}"),
                    code=code,
                )
            ],
        )
    figures = LocalFigures(
        code=code,
        name=str(entry.get("title") or code),
        county=county,
        year=year,
        fetched=today or dt.date.today(),
        api_url=client.base_url.rstrip("/"),
    )
    readings = Readings()
    for kpi_id, meta in client.kpis(k.id for k in kpis).items():
        readings.titles[kpi_id] = str(meta.get("title") or "")
        published = str(meta.get("publication_date") or "")
        if re.match(r"^[0-9]{4}", published):
            readings.publication_years[kpi_id] = int(published[:4])
    step()
    years = list(range(year - YEARS_BACK, year + 1))
    wanted_units = [code, RIKET, figures.region_id]
    unusable: dict[str, Message] = {}
    for kpi in kpis:
        problem = _title_problem(kpi, readings.titles.get(kpi.id))
        if problem is not None:
            unusable[kpi.id] = problem
        else:
            readings.add_rows(client.data(kpi.id, wanted_units, years))
        step()
    _build(figures, readings, unusable, library)
    return figures


def _title_problem(kpi: Kpi, title: str | None) -> Message | None:
    if title is None:
        return Message.of(N_("Kolada has no KPI {kpi}"), kpi=kpi.id)
    if not all(word in title.lower() for word in kpi.title_words):
        return Message.of(
            N_("Kolada's KPI {kpi} is titled {title}, not the figure expected (with {words})"),
            kpi=kpi.id,
            title=repr(title),
            words=", ".join(repr(w) for w in kpi.title_words),
        )
    return None


# -- Building the entries --------------------------------------------------------------------


def _data_url(figures: LocalFigures, kpi: str, units: list[str], year: int) -> str:
    return f"{figures.api_url}/data/kpi/{kpi}/municipality/{','.join(units)}/year/{year}"


def _number(value: float) -> str:
    """A value as read: whole numbers without '.0', others as Python writes them."""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _plain(value: float) -> float | int:
    """Whole numbers as ``int`` so that the file reads 130000, not 130000.0."""
    return int(value) if float(value).is_integer() else value


def _citation(
    figures: LocalFigures, readings: Readings, kpi: str, units: list[str], year: int, note: str
) -> dict[str, Any]:
    citation: dict[str, Any] = {
        "title": f"Kolada {kpi}: {readings.titles.get(kpi, '')}".rstrip(": "),
        "publisher": PUBLISHER,
    }
    if kpi in readings.publication_years:
        citation["year"] = readings.publication_years[kpi]
    citation["link"] = _data_url(figures, kpi, units, year)
    citation["note"] = note
    return citation


def _fallback_note(figures: LocalFigures, used: int) -> str:
    if used == figures.year:
        return ""
    return f" Kolada has no value for {figures.year}; the latest year with one, {used}, is used."


def _status_note(reading: Reading) -> str:
    return f" Kolada's status for the value: {reading.status!r}." if reading.status else ""


def _dated_value(
    figures: LocalFigures, library: ParameterLibrary, unit: str, year: int, value: float
) -> tuple[dict[str, Any], str]:
    """The dated value (1 January of its year) and, for money past the price index, a note."""
    dated: dict[str, Any] = {"date": dt.date(year, 1, 1), "value": _plain(value)}
    if unit not in MONEY_UNITS:
        return dated, ""
    last = max(library.indices[DEFAULT_INDEX].values)
    if year <= last:
        return dated, ""
    dated["price_year"] = last
    return dated, (
        f" Recorded in {last} prices (the price year of the value, {year}, is beyond the "
        f"KPI series, which ends in {last}); the inflation in between is ignored."
    )


def _new_parameter_fields(
    library: ParameterLibrary, pid: str, label: tuple[str, str] | None, unit: str | None
) -> dict[str, Any]:
    """Label and unit, only for a parameter the library in use does not have."""
    if pid in library or label is None or unit is None:
        return {}
    return {"label": {"sv": label[0], "en": label[1]}, "unit": unit}


def _unit_of(library: ParameterLibrary, pid: str, fallback: str | None) -> str:
    if pid in library:
        return library.parameters[pid].unit
    assert fallback is not None
    return fallback


def _add(
    figures: LocalFigures,
    pid: str,
    body: dict[str, Any],
    value: float,
    unit: str,
    year: int,
    source: str,
    fallback: bool | None = None,
) -> None:
    body["last_reviewed"] = figures.fetched
    figures.entries[pid] = body
    late = year != figures.year if fallback is None else fallback
    figures.written.append(Written(pid, value, unit, year, source, late))


def _no_value(figures: LocalFigures, pid: str, kpi: str, unit_id: str) -> LeftOut:
    return LeftOut(
        pid,
        Message.of(
            N_("Kolada has no value of {kpi} for {unit} in {first}-{last}"),
            kpi=kpi,
            unit=unit_id,
            first=figures.year - YEARS_BACK,
            last=figures.year,
        ),
    )


def _direct(
    figures: LocalFigures,
    readings: Readings,
    unusable: Mapping[str, Message],
    library: ParameterLibrary,
    target: DirectTarget,
) -> None:
    pid, kpi = target.parameter, target.kpi.id
    if kpi in unusable:
        figures.left_out.append(LeftOut(pid, unusable[kpi]))
        return
    if pid not in library and target.unit is None:
        figures.left_out.append(
            LeftOut(pid, Message.of(N_("the library has no parameter {id}"), id=pid))
        )
        return
    reading = readings.latest(kpi, figures.code, figures.year)
    if reading is None:
        figures.left_out.append(_no_value(figures, pid, kpi, figures.code))
        return
    unit = _unit_of(library, pid, target.unit)
    value = reading.value * target.factor
    dated, price_note = _dated_value(figures, library, unit, reading.year, value)
    conversion = f" {target.conversion}" if target.conversion else ""
    note = (
        f"{figures.name} ({figures.code}) {reading.year}: {_number(reading.value)} "
        f"(gender T), read through Kolada's API on {figures.fetched.isoformat()}."
        f"{conversion}{_fallback_note(figures, reading.year)}{price_note}"
        f"{_status_note(reading)}"
    )
    body: dict[str, Any] = _new_parameter_fields(library, pid, target.label, target.unit)
    if target.description:
        body["description"] = target.description
    body |= {
        "values": [dated],
        "status": "verified",
        "sources": [_citation(figures, readings, kpi, [figures.code], reading.year, note)],
    }
    _add(figures, pid, body, value, unit, reading.year, kpi)


def _ratio(
    figures: LocalFigures,
    readings: Readings,
    unusable: Mapping[str, Message],
    library: ParameterLibrary,
    pid: str,
    kpi: Kpi,
    numerator_id: str,
    denominator_id: str,
    what: str,
    scale: float = 1.0,
    subtract: Kpi | None = None,
) -> None:
    """A parameter derived from two values of the same year: ``(a [- b]) / c * scale``.

    Without ``subtract``: ``a`` is ``kpi`` for ``numerator_id``, ``c`` is ``kpi`` for
    ``denominator_id``. With it: ``(kpi - subtract) * scale`` for ``numerator_id`` (the
    region's tax rate as the total minus the municipality's).
    """
    sv, en, unit_fallback = TAX_LABELS[pid]
    for k in (kpi, subtract):
        if k is not None and k.id in unusable:
            figures.left_out.append(LeftOut(pid, unusable[k.id]))
            return
    if subtract is None:
        pair = readings.latest_pair((kpi.id, numerator_id), (kpi.id, denominator_id), figures.year)
    else:
        pair = readings.latest_pair(
            (kpi.id, numerator_id), (subtract.id, numerator_id), figures.year
        )
    if pair is None:
        missing = denominator_id if subtract is None else numerator_id
        figures.left_out.append(_no_value(figures, pid, kpi.id, f"{numerator_id}/{missing}"))
        return
    a, b = pair
    unit = _unit_of(library, pid, unit_fallback)
    if subtract is None:
        value = round(a.value / b.value * scale, 6)
        arithmetic = f"{_number(a.value)} / {_number(b.value)} = {value:.6g}"
        units = [numerator_id, denominator_id]
        read = f"{a.unit_id} {a.year}: {_number(a.value)}; {b.unit_id} {b.year}: {_number(b.value)}"
        citations = [
            _citation(
                figures,
                readings,
                kpi.id,
                units,
                a.year,
                f"{read} (gender T), read through Kolada's API on "
                f"{figures.fetched.isoformat()}.{_fallback_note(figures, a.year)}",
            )
        ]
    else:
        value = round((a.value - b.value) * scale, 6)
        arithmetic = (
            f"({_number(a.value)} - {_number(b.value)}) / {round(1 / scale):g} = {value:.6g}"
        )
        units = [numerator_id]
        note_tail = (
            f" (gender T), read through Kolada's API on {figures.fetched.isoformat()}."
            f"{_fallback_note(figures, a.year)}"
        )
        citations = [
            _citation(
                figures,
                readings,
                kpi.id,
                units,
                a.year,
                f"{figures.name} ({numerator_id}) {a.year}: {_number(a.value)}{note_tail}",
            ),
            _citation(
                figures,
                readings,
                subtract.id,
                units,
                b.year,
                f"{figures.name} ({numerator_id}) {b.year}: {_number(b.value)}{note_tail}",
            ),
        ]
    body = _new_parameter_fields(library, pid, (sv, en), unit_fallback)
    body |= {
        "values": [{"date": dt.date(a.year, 1, 1), "value": value}],
        "status": "derived",
        "derivation": f"{what}: {arithmetic}.",
        "sources": citations,
    }
    source = kpi.id if subtract is None else f"{kpi.id} - {subtract.id}"
    _add(figures, pid, body, value, unit, a.year, source)


def _tax_rate_kommun(
    figures: LocalFigures,
    readings: Readings,
    unusable: Mapping[str, Message],
    library: ParameterLibrary,
) -> None:
    pid = "skatt.skattesats_kommun"
    sv, en, unit_fallback = TAX_LABELS[pid]
    if TAX_RATE_KOMMUN.id in unusable:
        figures.left_out.append(LeftOut(pid, unusable[TAX_RATE_KOMMUN.id]))
        return
    reading = readings.latest(TAX_RATE_KOMMUN.id, figures.code, figures.year)
    if reading is None:
        figures.left_out.append(_no_value(figures, pid, TAX_RATE_KOMMUN.id, figures.code))
        return
    value = round(reading.value / 100, 6)
    note = (
        f"{figures.name} ({figures.code}) {reading.year}: {_number(reading.value)} % "
        f"(gender T), read through Kolada's API on {figures.fetched.isoformat()}. "
        f"Kolada gives percent; the library's rates are fractions, so the value is "
        f"{_number(reading.value)} / 100.{_fallback_note(figures, reading.year)}"
        f"{_status_note(reading)}"
    )
    body = _new_parameter_fields(library, pid, (sv, en), unit_fallback)
    body |= {
        "values": [{"date": dt.date(reading.year, 1, 1), "value": value}],
        "status": "verified",
        "sources": [
            _citation(figures, readings, TAX_RATE_KOMMUN.id, [figures.code], reading.year, note)
        ],
    }
    unit = _unit_of(library, pid, unit_fallback)
    _add(figures, pid, body, value, unit, reading.year, TAX_RATE_KOMMUN.id)


def _county_rates(figures: LocalFigures, library: ParameterLibrary) -> None:
    """The county's equalisation rates (förordning 2004:881), from the shipped table."""
    table = county_table()
    county = figures.county
    first_year = min(table.valid_for)
    cited = [
        {k: s[k] for k in ("title", "publisher", "year", "link", "note") if k in s}
        for s in table.sources
    ]
    rows = (
        ("skatt.utjamningssats_bidrag_kommun", county.bidrag[0], county.bidrag_status, "§ 2"),
        ("skatt.utjamningssats_avgift_kommun", county.avgift[0], county.avgift_status, "§ 3"),
        ("skatt.utjamningssats_bidrag_region", county.bidrag[1], county.bidrag_status, "§ 2"),
        ("skatt.utjamningssats_avgift_region", county.avgift[1], county.avgift_status, "§ 3"),
    )
    for pid, percent, row_status, paragraph in rows:
        sv, en, unit_fallback = TAX_LABELS[pid]
        value = round(percent / 100, 6)
        read = (
            f"{county.name} ({county.code}): {_number(percent)} percent of the tax base "
            f"(förordning 2004:881 {paragraph}), for {'-'.join(map(str, table.valid_for))}; "
            f"socinvest's table data/equalisation/counties.yaml, row status {row_status!r}. "
            f"Percent / 100 = {value:g}."
        )
        body = _new_parameter_fields(library, pid, (sv, en), unit_fallback)
        body["values"] = [{"date": dt.date(first_year, 1, 1), "value": value}]
        if row_status == "verified":
            body["status"] = "verified"
        elif row_status == "derived":
            body["status"] = "derived"
            body["derivation"] = (
                f"The fee rate not read for {first_year}: the grant rate minus the constant "
                "difference of every row of the 2016 table (2.07 for municipalities, 0.52 for "
                f"regions), as in counties.yaml. {read}"
            )
        else:
            # Read in an older wording of the förordning, not checked for this year.
            body["status"] = "not_verified"
        first = cited[0] if cited else {"title": "Förordning (2004:881)"}
        original = f" {first['note']}" if first.get("note") else ""
        body["sources"] = [{**first, "note": read + original}, *cited[1:]]
        unit = _unit_of(library, pid, unit_fallback)
        # The county rates are for the years the table covers, not Kolada's: no fallback.
        _add(figures, pid, body, value, unit, first_year, "SFS 2004:881", fallback=False)


def _build(
    figures: LocalFigures,
    readings: Readings,
    unusable: Mapping[str, Message],
    library: ParameterLibrary,
) -> None:
    for target in COSTS:
        _direct(figures, readings, unusable, library, target)
    _tax_rate_kommun(figures, readings, unusable, library)
    _ratio(
        figures,
        readings,
        unusable,
        library,
        "skatt.skattesats_region",
        TAX_RATE_TOTAL,
        figures.code,
        figures.code,
        "The region's rate = the total local rate minus the municipality's, in percent / 100",
        scale=0.01,
        subtract=TAX_RATE_KOMMUN,
    )
    _ratio(
        figures,
        readings,
        unusable,
        library,
        "skatt.skattekraft_kommun",
        TAX_CAPACITY,
        figures.code,
        RIKET,
        "The municipality's tax capacity per inhabitant / Sweden's (kr per inhabitant)",
    )
    _ratio(
        figures,
        readings,
        unusable,
        library,
        "skatt.skattekraft_region",
        TAX_CAPACITY,
        figures.region_id,
        RIKET,
        "The region's tax capacity per inhabitant / Sweden's (kr per inhabitant)",
    )
    _ratio(
        figures,
        readings,
        unusable,
        library,
        "skatt.befolkningsandel_kommun",
        INHABITANTS,
        figures.code,
        RIKET,
        "The municipality's inhabitants / Sweden's (31 December)",
    )
    _ratio(
        figures,
        readings,
        unusable,
        library,
        "skatt.befolkningsandel_region",
        INHABITANTS,
        figures.region_id,
        RIKET,
        "The region's inhabitants / Sweden's (31 December)",
    )
    _county_rates(figures, library)
    for target in POPULATION:
        _direct(figures, readings, unusable, library, target)


# -- The file ----------------------------------------------------------------------------------


class _NoAliases(yaml.SafeDumper):
    """Writes a repeated value in full each time (no ``&id001`` anchors)."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def override_text(figures: LocalFigures, command: str, filename: str = "THIS-FILE") -> str:
    """The override file: a header saying what it is, then one entry per parameter."""
    header = [
        f"# Local parameter values for {figures.name} (kommunkod {figures.code}, "
        f"{figures.county.name}),",
        f"# fetched from Kolada's open API ({figures.api_url}) on "
        f"{figures.fetched.isoformat()} by:",
        f"#   {command}",
        "# Use it on top of the national defaults:",
        f"#   socinvest run scenario.yaml --params {filename}",
        "#",
        "# Each source names the Kolada KPI, the exact API request and the value read; a value",
        f"# from an earlier year than {figures.year} says so in its note. Money is in the "
        "prices of its year",
        "# (Kolada's figures are in current prices) and socinvest rebases it with KPI; rates "
        "and shares",
        "# are fractions. The county's equalisation rates come from socinvest's own table of",
        "# förordning (2004:881), not from Kolada. Label and unit are given only for "
        "parameters the",
        "# library used to write this file did not have.",
    ]
    if figures.left_out:
        header.append("#")
        header.append("# Left out:")
        for item in figures.left_out:
            header.append(f"#   {item.parameter}: {item.reason.english}")
    body = yaml.dump(
        figures.entries,
        Dumper=_NoAliases,
        sort_keys=False,
        allow_unicode=True,
        width=100,
        default_flow_style=False,
    )
    return "\n".join(header) + "\n\n" + body


def check_override_text(text: str, source: str, library: ParameterLibrary) -> None:
    """Refuse a file the library would refuse (the same checks as ``--params``).

    Raises
    ------
    InputError
        Naming the field and line of each problem.
    """
    overrides, lines = parse_overrides(text, source)
    library.with_overrides(overrides, source, lines)
