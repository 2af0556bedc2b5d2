"""The guided flow: a scenario built from a user's choices instead of written as YAML.

The choices (:class:`GuidedChoices`) are the target group, the municipality's own figures
(local values of parameters, each with its year and source), interventions taken from the
shipped catalogue (:mod:`socinvest.scenario.catalogue`) or described by the user (a payer, a
cost per participant and one effect as its study reports it), and the alternatives to
compare with "as today". :func:`build_scenario` turns them into scenario YAML, validated by
:func:`socinvest.scenario.load.parse_scenario`, the same as an uploaded file. Nothing here
knows about the web.

The analysis settings are those of the shipped examples (start 2026, prices of 2024, to
age 65, the library's discount rate, mid-year timing, a four-year term of office).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from typing import Annotated, Any, Literal

import numpy as np
import yaml
from pydantic import Field, StringConstraints, ValidationError

from socinvest.core.cohort import simulate_cohort
from socinvest.i18n import N_
from socinvest.params.errors import InputError, Message, Problem
from socinvest.params.library import ParameterLibrary, default_library
from socinvest.params.model import ParameterId, Status
from socinvest.params.payers import default_payer_tree
from socinvest.scenario.catalogue import CatalogueEntry, catalogue
from socinvest.scenario.load import parse_scenario, problems_from_validation
from socinvest.scenario.model import (
    MAX_AMOUNT,
    MAX_CHILDREN,
    MAX_INTAKE_YEARS,
    Identifier,
    LocalText,
    PayerId,
    Scenario,
    StrictModel,
    shipped_model,
    shipped_model_names,
)

SOURCE = "choices"
"""What the builder's errors name as their source."""

BUILT = "guided.yaml"
"""The name of the built scenario in the errors of its own checks."""

FROM_MODEL = "model"
"""``initial_states: model``: the whole year group as the model has it at the start age."""

HORIZON_AGE = 65
"""The age the guided flow's scenarios run to, as the shipped examples do."""

ANALYSIS: dict[str, Any] = {
    "start_year": 2026,
    "price_year": 2024,
    "horizon": {"age": HORIZON_AGE},
    "discount_rate": {"param": "diskontering.ranta"},
    "timing": "mid",
    "term_of_office": 4,
}
"""The analysis settings of the shipped examples."""

AS_TODAY = {"sv": "Som idag", "en": "As today"}

Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]


class TargetChoice(StrictModel):
    """Who the investment is for."""

    label: LocalText = Field(description="The target group in words.")
    start_age: int = Field(
        ge=0, le=HORIZON_AGE - 1, description="Age at the start (below the horizon, age 65)."
    )
    level: Literal["universal", "selective", "indicated"]
    initial_states: dict[Identifier, float] | Literal["model"] = Field(
        default="model",
        description=(
            "The share of the group in each state at the start, or 'model': the whole year "
            "group as the life-course model has it at the start age (computed with the engine "
            "from birth, rounded to four decimals)."
        ),
    )
    per_year: float = Field(
        gt=0, le=MAX_CHILDREN, allow_inf_nan=False, description="Children who start each year."
    )
    years: int = Field(default=1, ge=1, le=MAX_INTAKE_YEARS, description="Years of intake.")


class LocalFigure(StrictModel):
    """The municipality's own value of a parameter (e.g. its cost per participant)."""

    parameter: ParameterId
    value: float = Field(ge=-MAX_AMOUNT, le=MAX_AMOUNT, allow_inf_nan=False)
    year: int = Field(ge=1900, le=2200, description="The year of the figure (and its prices).")
    source: Name = Field(description="Where the figure comes from (a report, the ledger).")
    note: str | None = Field(default=None, max_length=2000)
    status: Status = Field(
        default="not_verified", description="'verified' only with a primary source."
    )


class OwnIntervention(StrictModel):
    """An intervention described by the user: one cost and one effect from a study."""

    id: Identifier | None = Field(default=None, description="Default: made from the label.")
    label: LocalText
    payer: PayerId = Field(description="Who pays, e.g. 'kommun.socialtjanst'.")
    cost_per_participant: float = Field(
        ge=0,
        le=MAX_AMOUNT,
        allow_inf_nan=False,
        description="SEK per participant, once, in the prices of the analysis (2024).",
    )
    from_state: Identifier = Field(description="The state the participants are in.")
    to_state: Identifier = Field(description="The state the intervention moves more of them to.")
    measure: Literal["odds_ratio", "relative_risk", "smd"]
    value: float = Field(
        allow_inf_nan=False,
        ge=-MAX_AMOUNT,
        le=MAX_AMOUNT,
        description="The study's figure (a ratio above 1, or a positive smd, means more moves).",
    )
    ci95: list[Annotated[float, Field(ge=-MAX_AMOUNT, le=MAX_AMOUNT, allow_inf_nan=False)]] = Field(
        min_length=2, max_length=2, description="The study's 95 % interval [low, high]."
    )
    source: Name = Field(description="The study's title.")


class AlternativeChoice(StrictModel):
    """An alternative to compare with 'as today'."""

    id: Identifier | None = Field(default=None, description="Default: from the label.")
    label: LocalText
    interventions: list[Identifier] = Field(min_length=1)


class GuidedChoices(StrictModel):
    """Everything the guided flow asks for."""

    id: Identifier | None = Field(default=None, description="Default: made from the title.")
    title: LocalText
    description: LocalText | None = None
    model: str = Field(default="sverige", description="The shipped life-course model.")
    target_group: TargetChoice
    local_figures: list[LocalFigure] = Field(default_factory=list, max_length=100)
    catalogue: list[Identifier] = Field(
        default_factory=list, max_length=50, description="Interventions from the catalogue."
    )
    own: list[OwnIntervention] = Field(default_factory=list, max_length=20)
    alternatives: list[AlternativeChoice] | None = Field(
        default=None, max_length=20, description="Default: one alternative per intervention."
    )


@dataclass(frozen=True)
class Built:
    """A built scenario: its YAML text and the validated scenario."""

    text: str
    scenario: Scenario


def slug(text: str, fallback: str = "x") -> str:
    """A lower-case ASCII identifier made from ``text`` ('Närvaroteam 2' -> 'narvaroteam_2')."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    word = re.sub(r"[^a-z0-9]+", "_", plain.lower()).strip("_")[:60].strip("_")
    if not word or not word[0].isalpha():
        word = f"{fallback}_{word}".strip("_")
    return word


def _text(value: Any, lang: str = "sv") -> str:
    if isinstance(value, str):
        return value
    data = value.model_dump(exclude_none=True)
    return str(data.get(lang) or next(iter(data.values()), ""))


def _dump(value: Any) -> Any:
    return value if isinstance(value, str) else value.model_dump(exclude_none=True)


def param_refs(node: Any) -> set[str]:
    """The parameter ids ``{param: ...}`` refers to anywhere in ``node`` (dumped data)."""
    if isinstance(node, dict):
        found = {node["param"]} if isinstance(node.get("param"), str) else set()
        for value in node.values():
            found |= param_refs(value)
        return found
    if isinstance(node, list):
        return set().union(*(param_refs(v) for v in node)) if node else set()
    return set()


def model_data(name: str) -> dict[str, Any]:
    """The parsed data of a shipped model."""
    data = shipped_model(name)
    assert isinstance(data, dict)
    return data


def states_of(name: str) -> list[str]:
    """The states of a shipped model, in order."""
    return [s["id"] for s in model_data(name)["states"]]


def local_figure_options(name: str = "sverige") -> list[str]:
    """The parameters a municipality may give its own value for in the guided flow: those
    the catalogue's interventions use, then those the model uses, each once."""
    found: list[str] = []
    for entry in catalogue().values():
        used = param_refs(entry.intervention.model_dump(by_alias=True)) | set(entry.parameters)
        found += sorted(used - set(found))
    found += sorted(param_refs(model_data(name)) - set(found))
    return found


def initial_states_from_model(
    name: str, start_age: int, library: ParameterLibrary | None = None
) -> dict[str, float]:
    """The whole year group at ``start_age`` as the model has it: a cohort starting in the
    model's first state at age 0, run through the model's compiled transitions for
    ``start_age`` yearly cycles (:func:`socinvest.core.cohort.simulate_cohort`), as shares of
    the living (absorbing states left out), rounded to four decimals; the largest share takes
    the rounding so that the shares sum to 1. This is how the parenting example's initial
    states were computed (see its comment)."""
    from socinvest.scenario.compile import compile_scenario
    from socinvest.scenario.references import library_for, resolve_scenario

    states = model_data(name)["states"]
    first = states[0]["id"]
    if start_age == 0:
        return {first: 1.0}
    data = {
        "id": "year_group",
        "title": "year group",
        "model": {"use": name},
        "target_group": {
            "start_age": 0,
            "level": "universal",
            "initial_states": {first: 1.0},
            "size": 1,
        },
        "alternatives": [{"id": "a", "comparison": True}, {"id": "b"}],
        "analysis": {**ANALYSIS, "horizon": {"years": start_age}},
    }
    scenario = Scenario.model_validate(data)
    used = library_for(scenario, library)
    compiled = compile_scenario(resolve_scenario(scenario, used).scenario)
    path = simulate_cohort(compiled.initial, compiled.transitions, compiled.band_of_cycle)
    at_start = path.occupancy[0, start_age]
    living = [i for i, s in enumerate(states) if not s.get("absorbing")]
    shares = at_start[living] / at_start[living].sum()
    rounded = np.round(shares, 4)
    largest = int(np.argmax(rounded))
    rounded[largest] = round(1.0 - (rounded.sum() - rounded[largest]), 4)
    return {states[i]["id"]: float(r) for i, r in zip(living, rounded, strict=True) if r > 0}


def _field(path: tuple[str | int, ...]) -> str:
    return ".".join(str(p) if isinstance(p, str) else f"[{p}]" for p in path).replace(".[", "[")


def _problem(path: tuple[str | int, ...], template: str, **args: object) -> Problem:
    return Problem.from_message(_field(path), Message.of(template, **args), path=path)


def _own_intervention(own: Any, iid: str) -> dict[str, Any]:
    label = _dump(own.label)
    return {
        "id": iid,
        "label": label,
        "eligible_states": [own.from_state],
        "costs": [
            {
                "payer": own.payer,
                "per_participant": own.cost_per_participant,
                "label": label,
                "source": {
                    "title": "Cost per participant entered in the guided flow",
                    "note": f"In the prices of {ANALYSIS['price_year']}, the analysis price year.",
                },
            }
        ],
        "effects": [
            {
                "from": own.from_state,
                "to": own.to_state,
                "study": {
                    "measure": own.measure,
                    "value": own.value,
                    "ci95": list(own.ci95),
                    "source": {"title": own.source},
                },
                "years": 0,
                "source": {"title": own.source},
            }
        ],
        "evidence": {
            "grade": "not assessed",
            "illustrative": True,
            "sources": [{"title": own.source}],
            "note": {
                "sv": "Beskriven av användaren; evidensen är inte bedömd.",
                "en": "Described by the user; the evidence is not assessed.",
            },
        },
    }


def _local_parameter(
    figure: LocalFigure, base: dict[str, Any] | None, reviewed: dt.date
) -> dict[str, Any]:
    source: dict[str, Any] = {"title": figure.source}
    if figure.note:
        source["note"] = figure.note
    out: dict[str, Any] = {}
    if base is not None:  # a parameter of a catalogue entry: keep its label and unit
        out["label"] = base["label"]
        out["unit"] = base["unit"]
    out |= {
        "description": "The municipality's own figure, entered in the guided flow.",
        "values": [{"date": dt.date(figure.year, 1, 1), "value": figure.value}],
        "status": figure.status,
        "sources": [source],
        "last_reviewed": reviewed,
    }
    return out


def scenario_data(
    choices: GuidedChoices, library: ParameterLibrary | None = None, today: dt.date | None = None
) -> dict[str, Any]:
    """The scenario (as data) the choices make.

    Raises
    ------
    InputError
        Naming the field of the choices that is wrong (an unknown state, payer, parameter or
        catalogue entry, an alternative with an intervention not chosen, ...).
    """
    library = library or default_library()
    problems: list[Problem] = []
    if choices.model not in shipped_model_names():
        raise InputError(
            SOURCE,
            [
                _problem(
                    ("model",),
                    N_("no shipped model called {name}; expected one of: {names}"),
                    name=repr(choices.model),
                    names=", ".join(shipped_model_names()),
                )
            ],
        )
    states = states_of(choices.model)
    found_entries = catalogue()
    tg = choices.target_group
    if isinstance(tg.initial_states, dict):
        for state in tg.initial_states:
            if state not in states:
                problems.append(
                    _problem(
                        ("target_group", "initial_states", state),
                        N_("unknown state {state}; expected one of: {states}"),
                        state=repr(state),
                        states=", ".join(states),
                    )
                )
    interventions: list[dict[str, Any]] = []
    parameters: dict[str, Any] = {}
    entries: list[CatalogueEntry] = []
    for i, iid in enumerate(choices.catalogue):
        entry = found_entries.get(iid)
        if entry is None:
            problems.append(
                _problem(
                    ("catalogue", i),
                    N_("no intervention {id} in the catalogue; expected one of: {ids}"),
                    id=repr(iid),
                    ids=", ".join(found_entries),
                )
            )
        elif entry.model != choices.model:
            problems.append(
                _problem(
                    ("catalogue", i),
                    N_("{id} was written for the model {written}, not {model}"),
                    id=repr(iid),
                    written=entry.model,
                    model=choices.model,
                )
            )
        else:
            entries.append(entry)
            interventions.append(
                entry.intervention.model_dump(mode="json", by_alias=True, exclude_unset=True)
            )
            for pid, param in entry.parameters.items():
                parameters[pid] = param.model_dump(mode="python", exclude_unset=True)
    payers = payer_tree_of_default()
    for i, own in enumerate(choices.own):
        iid = own.id or slug(_text(own.label), "own")
        for key, state in (("from_state", own.from_state), ("to_state", own.to_state)):
            if state not in states:
                problems.append(
                    _problem(
                        ("own", i, key),
                        N_("unknown state {state}; expected one of: {states}"),
                        state=repr(state),
                        states=", ".join(states),
                    )
                )
        if own.from_state == own.to_state:
            problems.append(
                _problem(
                    ("own", i, "to_state"),
                    N_("expected a state other than the from-state {state}"),
                    state=own.from_state,
                )
            )
        low, high = own.ci95
        if not low < own.value < high:
            problems.append(
                _problem(
                    ("own", i, "value"),
                    N_(
                        "expected the 95 % interval around the figure (low < {value} < high), "
                        "found {low} to {high}"
                    ),
                    value=own.value,
                    low=low,
                    high=high,
                )
            )
        elif own.measure != "smd" and low <= 0:
            problems.append(
                _problem(
                    ("own", i, "value"),
                    N_("a ratio and its interval must be above 0, found {value} ({low} to {high})"),
                    value=own.value,
                    low=low,
                    high=high,
                )
            )
        if own.payer not in payers:
            problems.append(
                _problem(
                    ("own", i, "payer"),
                    N_("unknown payer {payer}; expected one of: {payers}"),
                    payer=repr(own.payer),
                    payers=", ".join(payers),
                )
            )
        if any(x["id"] == iid for x in interventions):
            problems.append(
                _problem(
                    ("own", i, "label"),
                    N_("an intervention called {id} is chosen already; give this one another name"),
                    id=repr(iid),
                )
            )
        interventions.append(_own_intervention(own, iid))
    if not interventions:
        problems.append(
            _problem(
                ("catalogue",),
                N_("choose at least one intervention from the catalogue or describe one"),
            )
        )
    reviewed = today or dt.date.today()
    for i, figure in enumerate(choices.local_figures):
        base = parameters.get(figure.parameter)
        if base is None and figure.parameter not in library:
            problems.append(
                _problem(
                    ("local_figures", i, "parameter"),
                    N_(
                        "{id} is neither a parameter of the library nor of the chosen interventions"
                    ),
                    id=repr(figure.parameter),
                )
            )
            continue
        parameters[figure.parameter] = _local_parameter(figure, base, reviewed)
    ids = [x["id"] for x in interventions]
    alternatives: list[dict[str, Any]] = [{"id": "as_today", "label": AS_TODAY, "comparison": True}]
    chosen = choices.alternatives
    if chosen is None:
        chosen = [
            AlternativeChoice(id=x["id"], label=x["label"], interventions=[x["id"]])
            for x in interventions
        ]
    for i, alt in enumerate(chosen):
        aid = alt.id or slug(_text(alt.label), "alternative")
        if any(a["id"] == aid for a in alternatives):
            aid = f"{aid}_{i + 1}"
        for j, iid in enumerate(alt.interventions):
            if iid not in ids:
                problems.append(
                    _problem(
                        ("alternatives", i, "interventions", j),
                        N_("{id} is not among the chosen interventions ({ids})"),
                        id=repr(iid),
                        ids=", ".join(ids) or "-",
                    )
                )
        alternatives.append(
            {"id": aid, "label": _dump(alt.label), "interventions": list(alt.interventions)}
        )
    if chosen == [] and interventions:
        problems.append(
            _problem(
                ("alternatives",), N_("choose at least one alternative to compare with 'as today'")
            )
        )
    if problems:
        raise InputError(SOURCE, problems)
    initial = (
        dict(tg.initial_states)
        if isinstance(tg.initial_states, dict)
        else initial_states_from_model(choices.model, tg.start_age, library)
    )
    data: dict[str, Any] = {
        "socinvest": 1,
        "id": choices.id or slug(_text(choices.title), "scenario"),
        "title": _dump(choices.title),
    }
    if choices.description is not None:
        data["description"] = _dump(choices.description)
    data |= {
        "model": {"use": choices.model},
        "target_group": {
            "label": _dump(tg.label),
            "start_age": tg.start_age,
            "level": tg.level,
            "initial_states": initial,
            "intake": {"per_year": tg.per_year, "years": tg.years},
        },
        "interventions": interventions,
        "alternatives": alternatives,
        "analysis": dict(ANALYSIS),
    }
    if parameters:
        data["parameters"] = parameters
    return data


def payer_tree_of_default() -> list[str]:
    """The ids of the default payer tree (the payers a described intervention may name)."""
    return list(default_payer_tree().ids)


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True


def to_yaml(data: dict[str, Any]) -> str:
    """Scenario data as YAML text (keys in the order given, no aliases)."""
    head = "# Built in socinvest's guided flow (socinvest.scenario.builder).\n"
    return head + yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=96)


def parse_choices(data: Any) -> GuidedChoices:
    """Validate choices given as data (e.g. JSON).

    Raises
    ------
    InputError
        With every problem, each naming its field.
    """
    try:
        return GuidedChoices.model_validate(data)
    except ValidationError as exc:
        raise InputError(SOURCE, problems_from_validation(exc, data)) from None


def build_scenario(
    choices: GuidedChoices | dict[str, Any],
    library: ParameterLibrary | None = None,
    today: dt.date | None = None,
) -> Built:
    """The scenario YAML of the choices, validated as an uploaded file is.

    Raises
    ------
    InputError
        With the fields of the choices that are wrong, or (when the choices are right but
        the scenario is not, e.g. a local figure out of its range) with the scenario's own
        problems, each naming the field of the built scenario.
    """
    if not isinstance(choices, GuidedChoices):
        choices = parse_choices(choices)
    text = to_yaml(scenario_data(choices, library, today))
    try:
        return Built(text, parse_scenario(text, BUILT, library))
    except InputError as exc:
        mapped = [_choice_problem(p, choices) for p in exc.problems]
        if all(p is not None for p in mapped):
            raise InputError(SOURCE, [p for p in mapped if p is not None]) from None
        raise


OWN_FIELDS = {
    "to": "to_state",
    "from": "from_state",
    "costs": "cost_per_participant",
    "study": "value",
}


def _choice_problem(problem: Problem, choices: GuidedChoices) -> Problem | None:
    """A problem of the built scenario as one of the choice that made it: its
    ``parameters.ID`` as the local figure's value, a described intervention's cost or effect
    as that field of ``own[i]``; ``None`` for any other."""
    path = problem.path
    figures = {f.parameter: i for i, f in enumerate(choices.local_figures)}
    where: tuple[str | int, ...] | None = None
    if len(path) >= 2 and path[0] == "parameters" and path[1] in figures:
        where = ("local_figures", figures[str(path[1])], "value")
    elif (
        len(path) >= 2
        and path[0] == "interventions"
        and isinstance(path[1], int)
        and path[1] >= len(choices.catalogue)
    ):
        own = path[1] - len(choices.catalogue)
        key = next((OWN_FIELDS[p] for p in reversed(path[2:]) if p in OWN_FIELDS), None)
        where = ("own", own) if key is None else ("own", own, key)
    if where is None:
        return None
    return Problem.from_message(_field(where), problem.text, path=where)
