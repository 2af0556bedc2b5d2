"""Which discount rate a result uses, by name and source.

A discount rate is a normative choice, so every result states it: the rate for money (and the
one for outcomes), the library parameter it came from (``diskontering.ranta``, ASEK's real
rate, the default for cross-sector social investment; ``diskontering.ranta_tlv``, TLV's rate
for health-economic comparisons), its label, status and sources; or that the scenario gave the
number itself; or that the scenario gave none and socinvest's default was used.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from socinvest.params.library import ParameterLibrary, ResolvedParameter
from socinvest.params.model import Citation, Label
from socinvest.scenario.model import DEFAULT_DISCOUNT_RATE, ParamRef, Scenario, numeric

DEFAULT_DISCOUNT_PARAMETER = "diskontering.ranta"
"""The library parameter whose value is socinvest's default rate (``DEFAULT_DISCOUNT_RATE``,
ASEK's real rate). A scenario without ``discount_rate`` is discounted at the default; its
name and sources are this parameter's when the library has it at the same value."""

Kind = Literal["library", "scenario", "default"]


@dataclass(frozen=True)
class DiscountBasis:
    """A discount rate with where it came from.

    Attributes
    ----------
    rate : float
        The annual rate used, a fraction.
    kind : {"library", "scenario", "default"}
        ``library``: the scenario refers to a library parameter; ``scenario``: the scenario
        gives the number itself; ``default``: the scenario gives none (socinvest's default).
    parameter : str or None
        The library parameter's id (for ``default``, the parameter that holds the default).
    label, status, sources
        The parameter's, when there is one.
    """

    rate: float
    kind: Kind
    parameter: str | None = None
    label: Label | None = None
    status: str | None = None
    sources: tuple[Citation, ...] = ()

    def as_json(self) -> dict[str, object]:
        """JSON-ready (results JSON ``meta.discount_rate_basis``)."""
        return {
            "rate": self.rate,
            "kind": self.kind,
            "parameter": self.parameter,
            "label": None if self.label is None else {"sv": self.label.sv, "en": self.label.en},
            "status": self.status,
            "sources": [s.model_dump(exclude_none=True) for s in self.sources],
        }


def _from_parameter(rate: float, kind: Kind, p: ResolvedParameter) -> DiscountBasis:
    return DiscountBasis(rate, kind, p.id, p.label, p.status, p.sources)


def discount_basis(
    field: Literal["discount_rate", "outcome_discount_rate"],
    loaded: Scenario,
    resolved: Scenario,
    parameters: Mapping[str, ResolvedParameter],
    library: ParameterLibrary,
) -> DiscountBasis:
    """The basis of one of the scenario's two discount rates.

    Parameters
    ----------
    field : {"discount_rate", "outcome_discount_rate"}
    loaded : Scenario
        The scenario as loaded (its references to the library not resolved).
    resolved : Scenario
        The scenario as run (every reference replaced by its value).
    parameters : mapping
        The resolved parameters the run used, by id.
    library : ParameterLibrary
        The library the scenario ran with (for the default's name and sources).
    """
    rate = float(numeric(getattr(resolved.analysis, field)))
    given = getattr(loaded.analysis, field)
    if isinstance(given, ParamRef):
        return _from_parameter(rate, "library", parameters[given.param])
    if field in loaded.analysis.model_fields_set:
        return DiscountBasis(rate, "scenario")
    if rate == DEFAULT_DISCOUNT_RATE and DEFAULT_DISCOUNT_PARAMETER in library:
        settings = resolved.analysis
        p = library.resolve(
            DEFAULT_DISCOUNT_PARAMETER, settings.price_year, dt.date(settings.start_year, 1, 1)
        )
        if p.value == rate:
            return _from_parameter(rate, "default", p)
    return DiscountBasis(rate, "default")
