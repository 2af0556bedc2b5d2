"""The parameter file format: every figure with its unit, values by date, price year, index,
sources, review date and uncertainty.

A parameter file is a YAML mapping from parameter names to definitions; the file's path
below the library folder, plus the name, is the parameter's id: the parameter
``grundskola_per_elev`` in ``kostnader/skola.yaml`` has the id
``kostnader.skola.grundskola_per_elev`` (the OpenFisca way: the path is the id).
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from socinvest.params.units import MONEY_UNITS, Unit

ParameterName = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)]
ParameterId = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$", max_length=200),
    Field(description="Dotted parameter id: folder.file.name, e.g. 'kostnader.skola.grundskola'."),
]

Status = Literal["verified", "derived", "not_verified", "illustrative"]
"""How far a figure can be trusted: read in a source (``verified``), computed from verified
figures with the arithmetic shown (``derived``), plausible but not checked against a source
(``not_verified``), or a made-up value for illustration (``illustrative``)."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, defer_build=True)


class Label(_Strict):
    """A label in Swedish and English (both required in the library)."""

    sv: str = Field(min_length=1)
    en: str = Field(min_length=1)


Grade = Literal["primary", "secondary", "estimate"]
"""How close a source is to the figure: ``primary`` (the body that produces the figure or
the law that sets it: SCB, Skolverket, Kolada, Socialstyrelsen, Försäkringskassan,
Kriminalvården, SiS, Brå, ESV, SKR's own publications, the Swedish Code of Statutes),
``secondary`` (someone else quoting it: news sites, blogs, forums, Ekonomifakta, a copy of a
report on a document-sharing site) or ``estimate`` (a judgement, an assumption or a model's
output, with or without a source behind it)."""

GRADE_RANK: dict[str, int] = {"primary": 0, "secondary": 1, "estimate": 2}
"""Best first: the order in which grades are compared."""

STATUTE = "statute"
"""The ``index`` of an amount fixed in kronor by law or by the government for each year
(studiebidrag, barnbidrag, aktivitetsstöd, the price base amount): its values are nominal
amounts, never rebased with a price index (see :meth:`ParameterLibrary.resolve`)."""


class Citation(_Strict):
    """Where a figure comes from, and how close that source is to the figure (``grade``).

    ``grade`` is required for every source in the shipped library (checked when the library
    is loaded); a local override may leave it out (shown as "not graded").
    """

    title: str = Field(min_length=1)
    publisher: str | None = None
    year: int | None = Field(default=None, ge=1800, le=2200)
    link: str | None = None
    note: str | None = None
    grade: Grade | None = None


def best_grade(sources: list[Citation] | tuple[Citation, ...]) -> Grade | None:
    """The best grade among ``sources`` (``primary`` before ``secondary`` before
    ``estimate``); ``None`` when none is graded."""
    graded: list[Grade] = [s.grade for s in sources if s.grade is not None]
    best: Grade | None = None
    for grade in graded:
        if best is None or GRADE_RANK[grade] < GRADE_RANK[best]:
            best = grade
    return best


MAX_VALUE = 1e12
"""Largest magnitude of a parameter's value or uncertainty bound (one trillion SEK, about the
whole state budget): larger numbers are typing errors, and their products over cohorts and
years would overflow to infinity."""


class DatedValue(_Strict):
    """A value from a date on, in the prices of ``price_year`` (default: the date's year)."""

    date: dt.date
    value: float = Field(ge=-MAX_VALUE, le=MAX_VALUE, allow_inf_nan=False)
    price_year: int | None = Field(default=None, ge=1900, le=2200)

    @property
    def year_of_prices(self) -> int:
        return self.price_year if self.price_year is not None else self.date.year


Distribution = Literal[
    "fixed", "normal", "lognormal", "gamma", "beta", "uniform", "triangular", "pert", "dirichlet"
]


class Uncertainty(_Strict):
    """How uncertain a value is, declared beside it (the hesim way).

    ``normal``/``gamma``/``beta`` take ``sd`` (mean = the value); ``lognormal`` takes ``sd_log``
    (the standard deviation of the log; median = the value); ``uniform`` takes ``low`` and
    ``high``; ``triangular`` and ``pert`` take ``low`` and ``high`` around the value as the
    mode; ``dirichlet`` (for a row of transition probabilities) takes ``concentration`` (the
    sum of the Dirichlet parameters, e.g. the number of observations behind the row).
    Money bounds are in the same price year as the value.
    """

    distribution: Distribution = "fixed"
    sd: float | None = Field(default=None, gt=0, le=MAX_VALUE, allow_inf_nan=False)
    sd_log: float | None = Field(default=None, gt=0, le=10, allow_inf_nan=False)
    low: float | None = Field(default=None, ge=-MAX_VALUE, le=MAX_VALUE, allow_inf_nan=False)
    high: float | None = Field(default=None, ge=-MAX_VALUE, le=MAX_VALUE, allow_inf_nan=False)
    concentration: float | None = Field(default=None, gt=0, le=1e9, allow_inf_nan=False)
    note: str | None = None

    @model_validator(mode="after")
    def _needs(self) -> Uncertainty:
        needs: dict[str, tuple[str, ...]] = {
            "fixed": (),
            "normal": ("sd",),
            "gamma": ("sd",),
            "beta": ("sd",),
            "lognormal": ("sd_log",),
            "uniform": ("low", "high"),
            "triangular": ("low", "high"),
            "pert": ("low", "high"),
            "dirichlet": ("concentration",),
        }
        given = {
            k
            for k in ("sd", "sd_log", "low", "high", "concentration")
            if getattr(self, k) is not None
        }
        wanted = set(needs[self.distribution])
        if missing := sorted(wanted - given):
            raise ValueError(f"distribution {self.distribution!r} needs {', '.join(missing)}")
        if extra := sorted(given - wanted):
            raise ValueError(f"distribution {self.distribution!r} does not take {', '.join(extra)}")
        if self.low is not None and self.high is not None and not self.low < self.high:
            raise ValueError(f"expected low < high, found low {self.low} and high {self.high}")
        return self


class Parameter(_Strict):
    """One parameter of the library."""

    label: Label
    description: str | None = None
    unit: Unit
    values: list[DatedValue] = Field(min_length=1)
    index: str | None = Field(
        default=None,
        description=(
            "How a money value is carried to the analysis price year: a price index of the "
            "library ('kpi', 'lon', 'pkv'; default 'kpi'), or 'statute' for an amount fixed "
            "in kronor for each year (not rebased)."
        ),
    )
    payer: str | None = Field(default=None, description="The payer that bears the cost, if any.")
    status: Status
    derivation: str | None = Field(
        default=None, description="The arithmetic behind a derived figure."
    )
    sources: list[Citation] = Field(min_length=1)
    last_reviewed: dt.date
    uncertainty: Uncertainty = Field(default_factory=Uncertainty)

    @model_validator(mode="after")
    def _consistent(self) -> Parameter:
        dates = [v.date for v in self.values]
        if dates != sorted(dates) or len(set(dates)) != len(dates):
            raise ValueError("expected values in date order, each date once")
        money = self.unit in MONEY_UNITS
        if not money and self.index is not None:
            raise ValueError(f"an index is only for money, not for unit {self.unit!r}")
        if not money and any(v.price_year is not None for v in self.values):
            raise ValueError(f"a price year is only for money, not for unit {self.unit!r}")
        if self.index == STATUTE and any(v.price_year is not None for v in self.values):
            raise ValueError(
                "a statutory amount ('index: statute') is nominal in the year it is in force; "
                "remove 'price_year' from its values"
            )
        if self.status == "derived" and not self.derivation:
            raise ValueError("a derived figure needs its 'derivation' (the arithmetic)")
        for v in self.values:
            if self.unit == "fraction" and not 0.0 <= v.value <= 1.0:
                raise ValueError(f"expected a fraction in [0, 1] (not percent), found {v.value}")
            if self.unit in ("ratio", "index") and not v.value > 0.0:
                raise ValueError(f"expected a positive {self.unit}, found {v.value}")
        u = self.uncertainty
        value = self.values[-1].value
        if u.low is not None and u.high is not None and not u.low <= value <= u.high:
            raise ValueError(
                f"the value {value} lies outside its uncertainty range [{u.low}, {u.high}]"
            )
        if u.distribution == "beta" and self.unit != "fraction":
            raise ValueError("a beta distribution is for fractions")
        if u.distribution == "dirichlet" and self.unit != "fraction":
            raise ValueError(
                "a dirichlet distribution is for a transition probability (unit fraction), "
                f"not for unit {self.unit!r}"
            )
        if u.distribution in ("lognormal", "gamma") and not value > 0:
            raise ValueError(f"a {u.distribution} distribution needs a positive value")
        if u.distribution == "beta" and u.sd is not None and not u.sd**2 < value * (1 - value):
            limit = math.sqrt(value * (1 - value))
            raise ValueError(f"a beta distribution with mean {value} needs sd < {limit:.4g}")
        return self

    @property
    def grade(self) -> Grade | None:
        """The best grade of the parameter's sources (``None`` if none is graded)."""
        return best_grade(self.sources)

    def value_at(self, when: dt.date) -> DatedValue:
        """The value in force at ``when``: the latest dated on or before it, else the first."""
        chosen = self.values[0]
        for v in self.values:
            if v.date <= when:
                chosen = v
        return chosen


class ParameterOverride(_Strict):
    """A local value for a library parameter (a municipality's own cost), or a new parameter.

    For a parameter of the library, ``label`` and ``unit`` may be left out (they are kept);
    if given, ``unit`` must be the library's. ``values``, ``status``, ``sources`` and
    ``last_reviewed`` are required: a local figure needs its own source.
    """

    label: Label | None = None
    description: str | None = None
    unit: Unit | None = None
    values: list[DatedValue] = Field(min_length=1)
    index: str | None = None
    payer: str | None = None
    status: Status
    derivation: str | None = None
    sources: list[Citation] = Field(min_length=1)
    last_reviewed: dt.date
    uncertainty: Uncertainty | None = None
