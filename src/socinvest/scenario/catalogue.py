"""The shipped intervention catalogue: ``data/interventions/*.yaml``, one intervention a file.

Each entry is an intervention of a shipped example, copied with its costs, effects (study
figure, interval, adjustments), evidence and sources, the local ``parameters:`` it refers to,
the model it was written for and what target groups it suits (levels and start ages, with
the example's own target group). The guided flow (:mod:`socinvest.scenario.builder`) builds
scenarios from these entries. An entry is validated with the scenario's own pydantic models,
and a bad entry is refused with its file, line and field.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Literal

from pydantic import Field, ValidationError

from socinvest.i18n import N_
from socinvest.params.errors import InputError, Problem
from socinvest.params.model import ParameterId, ParameterOverride
from socinvest.params.yaml_source import parse_yaml
from socinvest.scenario.load import _with_lines, problems_from_validation
from socinvest.scenario.model import (
    Identifier,
    Intervention,
    LocalText,
    RangeText,
    StrictModel,
    TargetGroup,
    parse_range,
    shipped_model_names,
)

CATALOGUE_DIR = ("data", "interventions")

Level = Literal["universal", "selective", "indicated"]


class ExampleUse(StrictModel):
    """Where the entry comes from: the shipped example and its target group."""

    scenario: str = Field(description="The shipped example's name (socinvest example NAME).")
    target_group: TargetGroup


class Suits(StrictModel):
    """The target groups an entry suits."""

    levels: list[Level] = Field(min_length=1, description="Target-group levels it suits.")
    start_ages: RangeText = Field(description="Start ages for which its schedule was written.")
    note: LocalText | None = None
    example: ExampleUse


class CatalogueEntry(StrictModel):
    """One intervention of the catalogue."""

    socinvest_intervention: Literal[1] = Field(description="Catalogue format version.")
    model: str = Field(description="The shipped model it was written for (e.g. 'sverige').")
    suits: Suits
    intervention: Intervention
    parameters: dict[ParameterId, ParameterOverride] = Field(
        default_factory=dict, description="Local parameters the intervention refers to."
    )

    @property
    def id(self) -> str:
        """The intervention's id."""
        return self.intervention.id

    def suits_age(self, age: int) -> bool:
        """Whether ``age`` is among the start ages it suits."""
        low, high = parse_range(self.suits.start_ages)
        return low <= age <= high


def parse_entry(text: str, source: str) -> CatalogueEntry:
    """Validate one catalogue file's text.

    Raises
    ------
    InputError
        With every problem, each naming its field and line in ``source``.
    """
    data, lines = parse_yaml(text, source)
    if not isinstance(data, dict):
        raise InputError(source, [Problem.of("", N_("expected a mapping"), line=1)])
    try:
        entry = CatalogueEntry.model_validate(data)
    except ValidationError as exc:
        raise InputError(source, _with_lines(problems_from_validation(exc, data), lines)) from None
    if entry.model not in shipped_model_names():
        problem = Problem.of(
            "model",
            N_("no shipped model called {name}; expected one of: {names}"),
            path=("model",),
            name=repr(entry.model),
            names=", ".join(shipped_model_names()),
        )
        raise InputError(source, _with_lines([problem], lines))
    return entry


@cache
def catalogue() -> dict[Identifier, CatalogueEntry]:
    """The shipped catalogue by intervention id, sorted by id (read once per process).

    Raises
    ------
    InputError
        If a file is not a valid entry, or two files have the same id.
    """
    folder = resources.files("socinvest").joinpath(*CATALOGUE_DIR)
    found: dict[str, CatalogueEntry] = {}
    for item in sorted(folder.iterdir(), key=lambda p: p.name):
        if not item.name.endswith(".yaml"):
            continue
        source = f"interventions/{item.name}"
        entry = parse_entry(item.read_text(encoding="utf-8"), source)
        if entry.id in found:
            raise InputError(
                source,
                [
                    Problem.of(
                        "intervention.id",
                        N_("duplicate intervention id {id} in the catalogue"),
                        id=repr(entry.id),
                    )
                ],
            )
        found[entry.id] = entry
    return dict(sorted(found.items()))
