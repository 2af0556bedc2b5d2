"""The county rates of the income equalisation by county code: a reader for
``data/equalisation/counties.yaml`` (förordning 2004:881 §§ 2-3).

``county_rates("1480")`` gives the rates of Göteborg's county (Västra Götaland) as fractions,
for writing local overrides of the ``skatt.utjamningssats_*`` parameters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from socinvest.params.yaml_source import parse_yaml

KOMMUNKOD = re.compile(r"^\d{4}$")


@dataclass(frozen=True)
class CountyRates:
    """One county's equalisation rates (fractions) with the status of each pair.

    ``grant_*`` apply to a unit below the guarantee (förordning 2004:881 2 §), ``fee_*`` to a
    unit above it (3 §). ``grant_status`` and ``fee_status`` are ``verified``,
    ``verified_older`` or ``derived`` as explained in the data file's header.
    """

    code: str
    name: str
    grant_kommun: float
    grant_region: float
    fee_kommun: float
    fee_region: float
    grant_status: str
    fee_status: str


@lru_cache(maxsize=1)
def _table() -> tuple[dict[str, CountyRates], tuple[dict[str, Any], ...], float]:
    ref = resources.files("socinvest") / "data" / "equalisation" / "counties.yaml"
    data, _lines = parse_yaml(ref.read_text(encoding="utf-8"), "equalisation/counties.yaml")
    table = {}
    for row in data["counties"]:
        table[row["code"]] = CountyRates(
            code=row["code"],
            name=row["name"],
            grant_kommun=row["bidrag"][0] / 100.0,
            grant_region=row["bidrag"][1] / 100.0,
            fee_kommun=row["avgift"][0] / 100.0,
            fee_region=row["avgift"][1] / 100.0,
            grant_status=row["bidrag_status"],
            fee_status=row["avgift_status"],
        )
    return table, tuple(data.get("sources", ())), float(data["guarantee"])


def county_code(kommunkod: str) -> str:
    """The county code of a kommunkod: its first two digits ("1480" -> "14").

    Raises
    ------
    ValueError
        If ``kommunkod`` is not four digits.
    """
    if not KOMMUNKOD.match(kommunkod):
        raise ValueError(f"expected a kommunkod of four digits such as '1480', found {kommunkod!r}")
    return kommunkod[:2]


def county_rates(kommunkod: str) -> CountyRates:
    """The equalisation rates of the county a kommun lies in.

    Raises
    ------
    ValueError
        If the code is malformed or no county has its first two digits.
    """
    table = _table()[0]
    code = county_code(kommunkod)
    if code not in table:
        known = ", ".join(sorted(table))
        raise ValueError(
            f"no county with code {code!r} (from kommunkod {kommunkod!r}); expected one of: {known}"
        )
    return table[code]


def county_sources() -> tuple[dict[str, Any], ...]:
    """The sources of the county table (title, publisher, year, link, grade, note)."""
    return _table()[1]


def guarantee() -> float:
    """The guarantee level the table is for (1.15)."""
    return _table()[2]
