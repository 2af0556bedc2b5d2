"""Which Kolada key figures (KPIs) socinvest fetches for a municipality, which library
parameter each sets and how its unit is converted; and the county rates of the income
equalisation (``data/equalisation/counties.yaml``) by kommunkod.

The KPI ids were read in public copies of Kolada's own KPI metadata (titles and definitions),
not checked against the live API from where this was written; every run therefore checks the
title Kolada gives each KPI (:attr:`Kpi.title_words`) and leaves out, with the reason, any KPI
whose title is not the expected one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from socinvest.i18n import N_
from socinvest.params.counties import County, county_table
from socinvest.params.errors import InputError, Problem

KOMMUNKOD = re.compile(r"^[0-9]{4}$")
RIKET = "0000"
"""Kolada's id for the whole country."""
YEARS_BACK = 5
"""How many years before the one asked a value may come from (stated in its note)."""
PUBLISHER = "Kolada (Rådet för främjande av kommunala analyser, RKA)"
DAYS_PER_YEAR = 365


@dataclass(frozen=True)
class Kpi:
    """A Kolada KPI and the words its title must contain (lower case) to be the one meant."""

    id: str
    title_words: tuple[str, ...]


@dataclass(frozen=True)
class DirectTarget:
    """A library parameter set from one KPI of the municipality, times ``factor``."""

    parameter: str
    kpi: Kpi
    factor: float = 1.0
    conversion: str | None = None
    """Said in the note when ``factor`` is not 1 (English, like every source note)."""
    description: str | None = None
    label: tuple[str, str] | None = None
    """(sv, en), for a parameter the shipped library does not have."""
    unit: str | None = None
    """The unit, for a parameter the shipped library does not have."""


COSTS: tuple[DirectTarget, ...] = (
    DirectTarget(
        "skola.forskola_per_barn",
        Kpi("N11008", ("förskola", "kr")),
        description=(
            "The municipality's own cost per enrolled child and year in förskola (Kolada "
            "N11008: gross cost minus internal revenue and sales to other municipalities, per "
            "enrolled child, all providers)."
        ),
    ),
    DirectTarget(
        "skola.grundskola_per_elev",
        Kpi("N15006", ("grundskola", "kr")),
        description=(
            "The municipality's own cost per pupil and year in grundskola years 1-9 for the "
            "pupils resident in it, wherever they go to school (Kolada N15006: gross cost minus "
            "internal revenue, plus school transport, minus sales to other municipalities, per "
            "resident pupil)."
        ),
    ),
    DirectTarget(
        "skola.gymnasieskola_per_elev",
        Kpi("N17005", ("gymnasieskola", "kr")),
        description=(
            "The municipality's own cost per pupil and year in gymnasieskola for the pupils "
            "resident in it (Kolada N17005, hemkommun)."
        ),
    ),
    DirectTarget(
        "socialtjanst.hvb_per_dygn",
        Kpi("N33100", ("institution", "kr")),
        description=(
            "The municipality's own cost per care day in institutional care (HVB and SiS) of "
            "children and young people 0-20 (Kolada N33100: gross cost minus internal revenue "
            "and sales to other municipalities, divided by the care days of the year)."
        ),
    ),
    DirectTarget(
        "socialtjanst.familjehem_per_ar",
        Kpi("N33101", ("familjehem", "kr")),
        factor=DAYS_PER_YEAR,
        conversion=(
            "Kolada gives kronor per care day; the library's unit is SEK/year, so the value "
            "is the day cost x 365 days."
        ),
        description=(
            "The municipality's full cost of one child-year in family-home care, 0-20 years "
            "(Kolada N33101: gross cost minus internal revenue and sales to other "
            "municipalities, per care day in family homes, x 365). Unlike the national "
            "default (SKR's recommended payments to the family home only) it includes "
            "everything the municipality books on family-home care, e.g. consultant-supported "
            "family homes."
        ),
    ),
)
"""Unit costs the library holds national values for."""

POPULATION: tuple[DirectTarget, ...] = (
    DirectTarget(
        "befolkning.invanare_totalt",
        Kpi("N01951", ("invånare",)),
        label=("Invånare totalt", "Inhabitants, total"),
        unit="person",
    ),
    DirectTarget(
        "befolkning.invanare_0_19",
        Kpi("N01919", ("0-19",)),
        label=("Invånare 0-19 år", "Inhabitants aged 0-19"),
        unit="person",
    ),
    DirectTarget(
        "befolkning.invanare_20_64",
        Kpi("N01955", ("20-64",)),
        label=("Invånare 20-64 år", "Inhabitants aged 20-64"),
        unit="person",
    ),
    DirectTarget(
        "befolkning.invanare_65_79",
        Kpi("N01956", ("65-79",)),
        label=("Invånare 65-79 år", "Inhabitants aged 65-79"),
        unit="person",
    ),
    DirectTarget(
        "befolkning.invanare_80_plus",
        Kpi("N01957", ("80",)),
        label=("Invånare 80 år och äldre", "Inhabitants aged 80 and over"),
        unit="person",
    ),
)
"""The municipality's population at 31 December, total and by age (new parameters)."""

TAX_RATE_KOMMUN = Kpi("N00901", ("skattesats", "kommun"))
TAX_RATE_TOTAL = Kpi("N00900", ("skattesats",))
TAX_CAPACITY = Kpi("N00048", ("skattekraft",))
INHABITANTS = POPULATION[0].kpi

TAX_LABELS: dict[str, tuple[str, str, str]] = {
    "skatt.skattesats_kommun": ("Kommunens skattesats", "The municipality's tax rate", "fraction"),
    "skatt.skattesats_region": ("Regionens skattesats", "The region's tax rate", "fraction"),
    "skatt.skattekraft_kommun": (
        "Kommunens skattekraft i förhållande till riksmedelvärdet",
        "The municipality's tax capacity relative to the national mean",
        "ratio",
    ),
    "skatt.skattekraft_region": (
        "Regionens skattekraft i förhållande till riksmedelvärdet",
        "The region's tax capacity relative to the national mean",
        "ratio",
    ),
    "skatt.befolkningsandel_kommun": (
        "Kommunens andel av rikets befolkning",
        "The municipality's share of Sweden's population",
        "fraction",
    ),
    "skatt.befolkningsandel_region": (
        "Regionens andel av rikets befolkning",
        "The region's share of Sweden's population",
        "fraction",
    ),
    "skatt.utjamningssats_bidrag_kommun": (
        "Länsvis utjämningssats för bidrag, kommun",
        "County equalisation rate for the grant, municipality",
        "fraction",
    ),
    "skatt.utjamningssats_avgift_kommun": (
        "Länsvis utjämningssats för avgift, kommun",
        "County equalisation rate for the fee, municipality",
        "fraction",
    ),
    "skatt.utjamningssats_bidrag_region": (
        "Länsvis utjämningssats för bidrag, region",
        "County equalisation rate for the grant, region",
        "fraction",
    ),
    "skatt.utjamningssats_avgift_region": (
        "Länsvis utjämningssats för avgift, region",
        "County equalisation rate for the fee, region",
        "fraction",
    ),
}
"""Label and unit of the tax parameters agreed with socinvest's tax model (``skatt.yaml``);
used only when the library in use does not have the parameter yet."""


def all_kpis() -> tuple[Kpi, ...]:
    """Every KPI fetched, once each, in a fixed order."""
    seen: dict[str, Kpi] = {}
    for kpi in (
        *(t.kpi for t in COSTS),
        TAX_RATE_KOMMUN,
        TAX_RATE_TOTAL,
        TAX_CAPACITY,
        *(t.kpi for t in POPULATION),
    ):
        seen.setdefault(kpi.id, kpi)
    return tuple(seen.values())


# -- The municipality and its county ---------------------------------------------------------


def check_kommunkod(code: str) -> County:
    """The county of a well-formed kommunkod (its first two digits).

    Raises
    ------
    InputError
        For a code that is not four digits, a region or country code (``00..``) or a code
        whose first two digits are no county's.
    """
    if not KOMMUNKOD.match(code) or code.startswith("00"):
        raise InputError(
            "KOMMUNKOD",
            [
                Problem.of(
                    "",
                    N_(
                        "expected a kommunkod of four digits such as 0461 (Gnesta) or 1480 "
                        "(Göteborg), found {found}"
                    ),
                    found=repr(code),
                )
            ],
        )
    county = county_table().counties.get(code[:2])
    if county is None:
        raise InputError(
            "KOMMUNKOD",
            [
                Problem.of(
                    "",
                    N_(
                        "no county has the code {county} (the first two digits of {code}); "
                        "check the kommunkod"
                    ),
                    county=repr(code[:2]),
                    code=code,
                )
            ],
        )
    return county
