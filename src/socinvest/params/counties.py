"""The county rates of the income equalisation by county code: the one reader of
``data/equalisation/counties.yaml`` (förordning 2004:881 §§ 2-3).

``county_rates("1480")`` gives the rates of Göteborg's county (Västra Götaland);
``county_table()`` the whole table with the years it is for and its sources (used to write a
municipality's local overrides of the ``skatt.utjamningssats_*`` parameters).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from socinvest.params.yaml_source import parse_yaml

KOMMUNKOD = re.compile(r"^\d{4}$")


@dataclass(frozen=True)
class County:
    """One county (län) with its income-equalisation rates in percent of the tax base.

    ``bidrag`` (kommun, region) apply to a unit below the guarantee (förordning 2004:881 2 §),
    ``avgift`` to a unit above it (3 §). ``bidrag_status`` and ``avgift_status`` are
    ``verified``, ``verified_older`` or ``derived`` as explained in the data file's header.
    """

    code: str
    name: str
    bidrag: tuple[float, float]
    avgift: tuple[float, float]
    bidrag_status: str
    avgift_status: str

    @property
    def grant_kommun(self) -> float:
        """The kommun grant rate as a fraction."""
        return self.bidrag[0] / 100.0

    @property
    def grant_region(self) -> float:
        """The region grant rate as a fraction."""
        return self.bidrag[1] / 100.0

    @property
    def fee_kommun(self) -> float:
        """The kommun fee rate as a fraction."""
        return self.avgift[0] / 100.0

    @property
    def fee_region(self) -> float:
        """The region fee rate as a fraction."""
        return self.avgift[1] / 100.0


@dataclass(frozen=True)
class CountyTable:
    """``data/equalisation/counties.yaml``: the rates, the years they are for, the guarantee
    level and the sources."""

    valid_for: tuple[int, ...]
    guarantee: float
    counties: Mapping[str, County]
    sources: tuple[Mapping[str, Any], ...]


@cache
def county_table() -> CountyTable:
    """The shipped county rates of the income equalisation."""
    ref = resources.files("socinvest") / "data" / "equalisation" / "counties.yaml"
    data, _lines = parse_yaml(ref.read_text(encoding="utf-8"), "equalisation/counties.yaml")
    counties = {
        str(c["code"]): County(
            code=str(c["code"]),
            name=str(c["name"]),
            bidrag=(float(c["bidrag"][0]), float(c["bidrag"][1])),
            avgift=(float(c["avgift"][0]), float(c["avgift"][1])),
            bidrag_status=str(c["bidrag_status"]),
            avgift_status=str(c["avgift_status"]),
        )
        for c in data["counties"]
    }
    return CountyTable(
        valid_for=tuple(int(y) for y in data["valid_for"]),
        guarantee=float(data["guarantee"]),
        counties=counties,
        sources=tuple(data.get("sources", ())),
    )


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


def county_rates(kommunkod: str) -> County:
    """The equalisation rates of the county a kommun lies in.

    Raises
    ------
    ValueError
        If the code is malformed or no county has its first two digits.
    """
    table = county_table().counties
    code = county_code(kommunkod)
    if code not in table:
        known = ", ".join(sorted(table))
        raise ValueError(
            f"no county with code {code!r} (from kommunkod {kommunkod!r}); expected one of: {known}"
        )
    return table[code]
