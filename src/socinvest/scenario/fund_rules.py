"""A social investment fund's rules, as YAML validated here (``socinvest fund --rules``).

A rules file names the fund's capital, its yearly allocations, the limits on what it pays
for one investment, the repayment rule, and, optionally, the investments it has decided
(alternatives of the scenario, each from a start year). Every figure may carry its sources
(``sources:``, each naming the ``figures`` it supports, with a grade and a status): a figure
with no source is shown as an assumption. Shipped examples of Swedish funds' rules are under
``socinvest/data/funds/``.

Errors name the file, the line and the field (read with
:func:`socinvest.params.yaml_source.load_yaml`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import replace
from importlib import resources
from pathlib import Path
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from socinvest.i18n import N_
from socinvest.params.errors import InputError, Problem
from socinvest.params.model import Citation, Label, Status
from socinvest.params.yaml_source import LineMap, load_yaml, parse_yaml
from socinvest.scenario.load import problems_from_validation

MAX_SEK = 1e12
"""Largest amount accepted (one trillion SEK): larger numbers are typing errors."""

M = TypeVar("M", bound=BaseModel)

VERIFIED_NEEDS_PRIMARY = N_(
    "a figure is verified only when read in a primary source: set grade: primary, or another status"
)
ONE_CAP = N_("give one of times_disbursed and amount")
SHARE_RANGE = N_("each payer's share must be between 0 and 1")
SHARES_SUM = N_("the payers' shares must sum to 1")
"""The rules' own checks: fixed texts, so that the messages are translated (the field and
line are named beside them)."""


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


Amount = Field(ge=0.0, le=MAX_SEK, allow_inf_nan=False)


class FigureSource(Citation):
    """A source and the figures (field paths such as ``capital``, ``repayment.rule``) it
    supports, with how far the figure can be trusted (``status``; ``verified`` only when the
    figure was read in a primary source)."""

    figures: list[str] = Field(min_length=1)
    status: Status = "not_verified"

    @model_validator(mode="after")
    def _verified_needs_primary(self) -> FigureSource:
        if self.status == "verified" and self.grade != "primary":
            raise ValueError(VERIFIED_NEEDS_PRIMARY)
        return self


class Allocation(Strict):
    """Money put into the fund each year from ``from_year`` (years after the fund's first
    year, 0 = the first) for ``years`` years (default: every year to the end)."""

    amount: float = Amount
    from_year: int = Field(default=0, ge=0, le=200)
    years: int | None = Field(default=None, ge=1, le=200)


class Limits(Strict):
    """What the fund pays for one investment: at most ``fund_share`` of its cost in a year,
    at most ``max_per_year`` SEK a year, and only in its first ``max_years`` years."""

    fund_share: float = Field(default=1.0, ge=0.0, le=1.0, allow_inf_nan=False)
    max_per_year: float | None = Field(default=None, ge=0.0, le=MAX_SEK, allow_inf_nan=False)
    max_years: int | None = Field(default=None, ge=1, le=200)


class Cap(Strict):
    """The most one investment's committees repay in all: ``times_disbursed`` times what the
    fund paid for it, or a fixed ``amount`` (SEK); one of the two."""

    times_disbursed: float | None = Field(default=None, ge=0.0, le=1000.0, allow_inf_nan=False)
    amount: float | None = Field(default=None, ge=0.0, le=MAX_SEK, allow_inf_nan=False)

    @model_validator(mode="after")
    def _one(self) -> Cap:
        if (self.times_disbursed is None) == (self.amount is None):
            raise ValueError(ONE_CAP)
        return self


RuleName = Literal["share_of_savings", "budget_frame", "none"]


class Repayment(Strict):
    """How the benefiting committees pay back.

    ``rule``: ``share_of_savings`` (a share of the savings realised each year), ``budget_frame``
    (the budget frame cut by a share of the expected savings, paid whatever is realised) or
    ``none``. ``share`` of the savings, from ``from_year`` (years after the investment's first
    year) over ``years`` years (default: to the end), at most ``cap`` in all (default: no cap).
    ``beneficiaries``: the payer nodes that repay (default: the committees under ``owner``).
    """

    rule: RuleName
    share: float = Field(default=1.0, ge=0.0, le=1.0, allow_inf_nan=False)
    from_year: int = Field(default=0, ge=0, le=200)
    years: int | None = Field(default=None, ge=1, le=200)
    cap: Cap | None = None
    beneficiaries: list[str] | None = None


class Investment(Strict):
    """A decided investment: an alternative of the scenario, from ``start_year`` (default the
    scenario's start year), optionally with its own repayment terms."""

    alternative: str = Field(min_length=1)
    start_year: int | None = Field(default=None, ge=1900, le=2200)
    repayment: Repayment | None = None


class FundRules(Strict):
    """A fund's rules (see the module's docstring)."""

    id: str = Field(min_length=1, pattern=r"^[a-z0-9_-]+$")
    name: Label
    description: Label | None = None
    owner: str = "kommun"
    capital: float = Amount
    allocations: list[Allocation] = Field(default_factory=list)
    limits: Limits = Field(default_factory=Limits)
    repayment: Repayment
    investments: list[Investment] = Field(default_factory=list)
    start_year: int | None = Field(default=None, ge=1900, le=2200)
    sources: list[FigureSource] = Field(default_factory=list)

    def allocation_per_year(self, years: int) -> list[float]:
        """The allocations of each of the fund's ``years`` years (SEK)."""
        out = [0.0] * years
        for a in self.allocations:
            stop = years if a.years is None else min(years, a.from_year + a.years)
            for t in range(a.from_year, stop):
                out[t] += a.amount
        return out

    def figures(self) -> list[str]:
        """The figures the file gives (field paths): the capital, the allocations, and every
        limit and repayment term written in it."""
        out = ["capital"]
        if self.allocations:
            out.append("allocations")
        out += [f"limits.{f}" for f in sorted(self.limits.model_fields_set)]
        out += [f"repayment.{f}" for f in self.repayment.model_fields_set if f != "beneficiaries"]
        return sorted(set(out), key=out.index)

    def figure_sources(self) -> dict[str, list[FigureSource]]:
        """Each figure named by a source, with its sources."""
        out: dict[str, list[FigureSource]] = {}
        for s in self.sources:
            for f in s.figures:
                out.setdefault(f, []).append(s)
        return out


def cap_value(cap: Cap | None, disbursed: float) -> float:
    """The cap in SEK for an investment the fund paid ``disbursed`` for (``inf`` for none)."""
    if cap is None:
        return math.inf
    if cap.amount is not None:
        return cap.amount
    assert cap.times_disbursed is not None
    return cap.times_disbursed * disbursed


# ------------------------------------------------------------------------------------------
# Loading


def with_lines(problems: Sequence[Problem], lines: LineMap) -> list[Problem]:
    return [replace(p, line=lines.line_of(p.path)) if p.line is None else p for p in problems]


def validate_document(model: type[M], data: Any, lines: LineMap, source: str, what: str) -> M:
    """``data`` validated as ``model``, or :class:`InputError` naming the file, line and
    field of every problem; ``what`` names the document in the message for a non-mapping."""
    if not isinstance(data, dict):
        found = "an empty file" if data is None else type(data).__name__
        raise InputError(
            source,
            [
                Problem.of(
                    "",
                    N_("expected {what} (a mapping), found {found}"),
                    line=1,
                    what=what,
                    found=found,
                )
            ],
        )
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise InputError(source, with_lines(problems_from_validation(exc, data), lines)) from None


def load_fund_rules(path: str | Path) -> tuple[FundRules, LineMap]:
    """Read and validate a fund's rules (:class:`InputError` on bad input), with the line
    of every value (for the problems found against the scenario)."""
    data, lines = load_yaml(Path(path))
    return validate_document(FundRules, data, lines, str(path), "fund rules"), lines


def parse_fund_rules(text: str, source: str) -> tuple[FundRules, LineMap]:
    """Validate a fund's rules given as YAML text, with the line of every value."""
    data, lines = parse_yaml(text, source)
    return validate_document(FundRules, data, lines, source, "fund rules"), lines


def example_funds() -> list[str]:
    """The names of the shipped example funds (``--example NAME``)."""
    folder = resources.files("socinvest") / "data" / "funds"
    return sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".yaml"))


def example_fund(name: str) -> tuple[FundRules, LineMap]:
    """A shipped example fund's rules; :class:`InputError` naming the choices when unknown."""
    names = example_funds()
    if name not in names:
        raise InputError(
            "--example",
            [
                Problem.of(
                    "--example",
                    N_("unknown example fund {name}; expected one of {choices}"),
                    name=name,
                    choices=", ".join(names),
                )
            ],
        )
    folder = resources.files("socinvest") / "data" / "funds"
    text = (folder / f"{name}.yaml").read_text(encoding="utf-8")
    return parse_fund_rules(text, f"example:{name}")
