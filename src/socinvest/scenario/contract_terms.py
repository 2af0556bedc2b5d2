"""An outcome contract's terms (social impact bond), as YAML validated here
(``socinvest contract --terms``).

An investor pays the intervention's costs in the contract's years; the public payers pay a
price per achieved outcome, read from the scenario's person-years or entries per state
(alternative against the comparison), at most ``cap_per_year`` in a year and ``cap_total`` in
all, shared between the payers by ``payers``.
"""

from __future__ import annotations

import math
from importlib import resources
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator

from socinvest.i18n import N_
from socinvest.params.errors import InputError, Problem
from socinvest.params.model import Label
from socinvest.params.yaml_source import LineMap, load_yaml, parse_yaml
from socinvest.scenario.fund_rules import (
    MAX_SEK,
    SHARE_RANGE,
    SHARES_SUM,
    FigureSource,
    Strict,
    validate_document,
)

Measure = Literal[
    "person_years_avoided", "person_years_gained", "entries_avoided", "entries_gained"
]


class Outcome(Strict):
    """One kind of outcome paid for: the ``measure`` in the model's ``states`` (summed), at
    ``price`` SEK per unit (e.g. per avoided placement-year)."""

    label: Label | None = None
    states: list[str] = Field(min_length=1)
    measure: Measure
    price: float = Field(ge=0.0, le=MAX_SEK, allow_inf_nan=False)


class ContractTerms(Strict):
    """An outcome contract's terms (see the module's docstring)."""

    id: str = Field(min_length=1, pattern=r"^[a-z0-9_-]+$")
    name: Label
    description: Label | None = None
    alternative: str | None = None
    years: int | None = Field(default=None, ge=1, le=200)
    """The contract's length from the scenario's start year (default: the horizon): the
    investor pays the costs and outcomes are paid for in these years."""
    outcomes: list[Outcome] = Field(min_length=1)
    payers: dict[str, float] = Field(min_length=1)
    """Each public payer's share of the outcome payments (payer node ids; the shares sum
    to 1)."""
    cap_per_year: float | None = Field(default=None, ge=0.0, le=MAX_SEK, allow_inf_nan=False)
    cap_total: float | None = Field(default=None, ge=0.0, le=MAX_SEK, allow_inf_nan=False)
    investor_discount_rate: float = Field(default=0.0, ge=-0.5, le=1.0, allow_inf_nan=False)
    """The investor's rate for its NPV (the IRR needs none)."""
    sources: list[FigureSource] = Field(default_factory=list)

    @field_validator("payers")
    @classmethod
    def _shares(cls, payers: dict[str, float]) -> dict[str, float]:
        for share in payers.values():
            if not 0.0 <= share <= 1.0 or not math.isfinite(share):
                raise ValueError(SHARE_RANGE)
        if abs(sum(payers.values()) - 1.0) > 1e-9:
            raise ValueError(SHARES_SUM)
        return payers

    def figures(self) -> list[str]:
        """The figures the terms give (field paths): each outcome's price and the caps."""
        out = [f"outcomes[{i}].price" for i in range(len(self.outcomes))]
        return out + [f for f in ("cap_per_year", "cap_total") if getattr(self, f) is not None]

    @property
    def caps(self) -> tuple[float, float]:
        """``(cap_per_year, cap_total)``, ``inf`` where none."""
        return (
            math.inf if self.cap_per_year is None else self.cap_per_year,
            math.inf if self.cap_total is None else self.cap_total,
        )


def load_contract_terms(path: str | Path) -> tuple[ContractTerms, LineMap]:
    """Read and validate a contract's terms (:class:`InputError` on bad input), with the
    line of every value."""
    data, lines = load_yaml(Path(path))
    return validate_document(ContractTerms, data, lines, str(path), "contract terms"), lines


def parse_contract_terms(text: str, source: str) -> tuple[ContractTerms, LineMap]:
    """Validate a contract's terms given as YAML text, with the line of every value."""
    data, lines = parse_yaml(text, source)
    return validate_document(ContractTerms, data, lines, source, "contract terms"), lines


def example_contracts() -> list[str]:
    """The names of the shipped example contracts (``--example NAME``)."""
    folder = resources.files("socinvest") / "data" / "contracts"
    return sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".yaml"))


def example_contract(name: str) -> tuple[ContractTerms, LineMap]:
    """A shipped example contract's terms; :class:`InputError` naming the choices."""
    names = example_contracts()
    if name not in names:
        raise InputError(
            "--example",
            [
                Problem.of(
                    "--example",
                    N_("unknown example contract {name}; expected one of {choices}"),
                    name=name,
                    choices=", ".join(names),
                )
            ],
        )
    folder = resources.files("socinvest") / "data" / "contracts"
    text = (folder / f"{name}.yaml").read_text(encoding="utf-8")
    return parse_contract_terms(text, f"example:{name}")
