"""The closed list of units a parameter may have, and what each one means for money."""

from __future__ import annotations

from typing import Literal

Unit = Literal[
    "SEK",
    "SEK/year",
    "SEK/month",
    "SEK/day",
    "SEK/hour",
    "fraction",
    "ratio",
    "rate/year",
    "year",
    "person",
    "count",
    "index",
]
"""Units: money (SEK, once), money per time (per year, month, day, hour), shares and
probabilities (``fraction``, always 0-1, never percent), relative risks and odds ratios
(``ratio``), annual rates, durations in years, numbers of persons or things, index points."""

MONEY_UNITS: frozenset[str] = frozenset({"SEK", "SEK/year", "SEK/month", "SEK/day", "SEK/hour"})
"""Units whose values are rebased to the analysis price year."""

UNIT_LABELS: dict[str, tuple[str, str]] = {
    "SEK": ("kr", "SEK"),
    "SEK/year": ("kr/år", "SEK/year"),
    "SEK/month": ("kr/månad", "SEK/month"),
    "SEK/day": ("kr/dygn", "SEK/day"),
    "SEK/hour": ("kr/timme", "SEK/hour"),
    "fraction": ("andel", "fraction"),
    "ratio": ("kvot", "ratio"),
    "rate/year": ("per år", "per year"),
    "year": ("år", "years"),
    "person": ("personer", "persons"),
    "count": ("antal", "count"),
    "index": ("index", "index"),
}

Use = Literal["annual", "once", "fraction", "ratio", "adjustment", "any"]
"""What a scenario field needs from a parameter it refers to."""

DIRECT_UNITS: dict[str, frozenset[str]] = {
    "annual": frozenset({"SEK/year"}),
    "once": frozenset({"SEK"}),
    "fraction": frozenset({"fraction"}),
    "ratio": frozenset({"ratio"}),
    "adjustment": frozenset({"fraction"}),
}
"""Units a field takes as they are (an effect's evidence adjustment is a fraction)."""

SCALED_UNITS: dict[str, frozenset[str]] = {
    "annual": frozenset({"SEK/month", "SEK/day", "SEK/hour", "SEK"}),
    "once": frozenset({"SEK/day", "SEK/month", "SEK/hour", "SEK/year"}),
}
"""Units a field takes only with an explicit ``times`` (e.g. 90 days a year of a daily cost)."""


def unit_fits(use: str, unit: str, has_times: bool) -> bool:
    """Whether a parameter in ``unit`` may fill a field that needs ``use``."""
    if use == "any":
        return True
    if unit in DIRECT_UNITS.get(use, frozenset()):
        return True
    return has_times and unit in SCALED_UNITS.get(use, frozenset())
