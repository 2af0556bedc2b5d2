"""The intervention catalogue and the guided flow's scenario builder: every catalogue entry
is the example's intervention unchanged, builds a scenario alone that runs, the parenting
example rebuilt from choices gives the example's net present values bit for bit, and bad
choices are refused naming their field."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from socinvest.analysis.results import analyse
from socinvest.params.errors import InputError
from socinvest.params.yaml_source import parse_yaml
from socinvest.scenario.builder import (
    build_scenario,
    initial_states_from_model,
    local_figure_options,
    slug,
)
from socinvest.scenario.catalogue import catalogue, parse_entry
from socinvest.scenario.load import example_text, parse_scenario

TODAY = dt.date(2026, 12, 6)


def target(entry_id: str) -> dict[str, Any]:
    """The choices of the target group an entry's example was written for."""
    tg = catalogue()[entry_id].suits.example.target_group
    assert tg.intake is not None and not isinstance(tg.intake, list)
    return {
        "label": tg.label if isinstance(tg.label, str) else tg.label.model_dump(),
        "start_age": tg.start_age,
        "level": tg.level,
        "initial_states": dict(tg.initial_states),
        "per_year": tg.intake.per_year,
        "years": tg.intake.years,
    }


def npvs(results: Any) -> dict[str, dict[str, float]]:
    return {
        c.alternative: {scope: m.npv for scope, m in c.horizon.items()} for c in results.comparisons
    }


def test_the_catalogue_holds_the_examples_interventions_unchanged() -> None:
    entries = catalogue()
    assert set(entries) >= {"universal_offer", "indicated_group", "attendance_team", "skolfam"}
    for entry in entries.values():
        example = parse_scenario(example_text(entry.suits.example.scenario))
        written = next(i for i in example.interventions if i.id == entry.id)
        assert entry.intervention == written
        assert entry.suits.example.target_group == example.target_group
        for pid, param in entry.parameters.items():
            assert param == example.parameters[pid]
        assert entry.suits_age(example.target_group.start_age)


@pytest.mark.parametrize("entry_id", sorted(catalogue()))
def test_every_catalogue_entry_alone_builds_a_scenario_that_runs(entry_id: str) -> None:
    built = build_scenario(
        {"title": f"{entry_id} alone", "catalogue": [entry_id], "target_group": target(entry_id)},
        today=TODAY,
    )
    assert [a.id for a in built.scenario.alternatives] == ["as_today", entry_id]
    assert parse_scenario(built.text) == built.scenario
    results = analyse(built.scenario)
    (comparison,) = results.comparisons
    # The intervention costs something: the kommun's present value of costs is positive.
    assert comparison.horizon["kommun"].pv_costs > 0
    assert np.isfinite(comparison.horizon["socio_economic"].npv)


def parenting_choices() -> dict[str, Any]:
    example = parse_scenario(example_text("parenting-programme"))
    return {
        "id": example.id,
        "title": example.title.model_dump(),  # type: ignore[union-attr]
        "description": example.description.model_dump(),  # type: ignore[union-attr]
        "target_group": {
            "label": {
                "sv": "Alla fyraåringar i kommunen",
                "en": "All 4-year-olds in the municipality",
            },
            "start_age": 4,
            "level": "universal",
            "initial_states": "model",
            "per_year": 1000,
            "years": 5,
        },
        "catalogue": ["universal_offer", "indicated_group"],
        "alternatives": [
            {
                "id": "universal",
                "label": {"sv": "Universellt erbjudande", "en": "Universal offer"},
                "interventions": ["universal_offer"],
            },
            {
                "id": "indicated",
                "label": {"sv": "Indikerat erbjudande", "en": "Indicated offer"},
                "interventions": ["indicated_group"],
            },
        ],
    }


def test_the_parenting_example_rebuilt_from_choices_gives_its_npvs_bit_for_bit() -> None:
    example = parse_scenario(example_text("parenting-programme"))
    built = build_scenario(parenting_choices(), today=TODAY)
    # The initial states computed with the engine are the example's (its comment says how).
    assert built.scenario.target_group.initial_states == example.target_group.initial_states
    assert built.scenario.interventions == example.interventions
    assert built.scenario.alternatives == example.alternatives
    assert built.scenario.analysis == example.analysis
    assert built.scenario.parameters == example.parameters
    mine, theirs = npvs(analyse(built.scenario)), npvs(analyse(example))
    assert mine == theirs  # exact equality, every payer and perspective
    assert mine["indicated"]["kommun"] != 0


def test_initial_states_from_the_model_sum_to_one() -> None:
    for age in (0, 1, 7, 13):
        shares = initial_states_from_model("sverige", age)
        assert sum(shares.values()) == pytest.approx(1.0, abs=1e-12)
        assert all(0 < v <= 1 for v in shares.values())
    assert initial_states_from_model("sverige", 0) == {"on_track": 1.0}


def own_intervention(**changes: Any) -> dict[str, Any]:
    own = {
        "label": "Mentorer i skolan",
        "payer": "kommun.skola",
        "cost_per_participant": 12000,
        "from_state": "at_risk",
        "to_state": "on_track",
        "measure": "odds_ratio",
        "value": 1.4,
        "ci95": [1.1, 1.8],
        "source": "A randomised trial of school mentors",
    }
    return own | changes


def base_choices(**changes: Any) -> dict[str, Any]:
    choices: dict[str, Any] = {
        "title": {"sv": "Mentorer", "en": "Mentors"},
        "target_group": {
            "label": "Tolvåringar i riskzon",
            "start_age": 12,
            "level": "indicated",
            "initial_states": {"at_risk": 1.0},
            "per_year": 30,
            "years": 3,
        },
        "own": [own_intervention()],
    }
    return choices | changes


def test_a_described_intervention_and_a_local_figure_build_and_run() -> None:
    choices = base_choices(
        catalogue=["attendance_team"],
        local_figures=[
            {
                "parameter": "produktion.manadslon_medel",
                "value": 41000,
                "year": 2024,
                "source": "Kommunens lönestatistik 2024",
            }
        ],
        alternatives=[{"label": "Båda", "interventions": ["attendance_team", "mentorer_i_skolan"]}],
    )
    built = build_scenario(choices, today=TODAY)
    scenario = built.scenario
    assert [i.id for i in scenario.interventions] == ["attendance_team", "mentorer_i_skolan"]
    assert [a.id for a in scenario.alternatives] == ["as_today", "bada"]
    local = scenario.parameters["produktion.manadslon_medel"]
    assert local.status == "not_verified" and local.values[0].value == 41000
    assert local.sources[0].title == "Kommunens lönestatistik 2024"
    assert local.last_reviewed == TODAY
    # The local wage is used: costs differ from the same choices without it.
    without = build_scenario(
        {k: v for k, v in choices.items() if k != "local_figures"}, today=TODAY
    )
    ours, theirs = analyse(scenario), analyse(without.scenario)
    assert (
        ours.comparisons[0].horizon["kommun"].pv_costs
        < theirs.comparisons[0].horizon["kommun"].pv_costs
    )


def test_a_local_figure_of_a_catalogue_parameter_keeps_its_label_and_unit() -> None:
    choices = {
        "title": "Föräldrastöd",
        "catalogue": ["indicated_group"],
        "target_group": target("indicated_group"),
        "local_figures": [
            {
                "parameter": "foraldraprogram.kostnad_per_familj",
                "value": 5200,
                "year": 2023,
                "source": "Egen budget",
                "note": "Kommunens egen kostnad",
            }
        ],
    }
    built = build_scenario(choices, today=TODAY)
    param = built.scenario.parameters["foraldraprogram.kostnad_per_familj"]
    assert param.unit == "SEK" and param.label is not None
    assert param.values[0].value == 5200 and param.values[0].date == dt.date(2023, 1, 1)
    assert param.sources[0].note == "Kommunens egen kostnad"
    assert "foraldraprogram.kostnad_per_familj" in local_figure_options()


def fields(choices: dict[str, Any]) -> dict[str, str]:
    with pytest.raises(InputError) as caught:
        build_scenario(choices, today=TODAY)
    return {p.field: p.message for p in caught.value.problems}


def test_bad_choices_are_refused_naming_their_fields() -> None:
    found = fields(base_choices(own=[own_intervention(from_state="asleep", payer="kommun.zoo")]))
    assert "unknown state 'asleep'" in found["own[0].from_state"]
    assert "unknown payer 'kommun.zoo'" in found["own[0].payer"]
    found = fields(base_choices(own=[own_intervention(ci95=[1.5, 1.8])]))
    assert "95 % interval around the figure" in found["own[0].value"]
    found = fields(
        base_choices(own=[own_intervention(measure="relative_risk", value=-1, ci95=[-2, 1])])
    )
    assert "above 0" in found["own[0].value"]
    found = fields(base_choices(catalogue=["no_such_thing"]))
    assert "no intervention 'no_such_thing' in the catalogue" in found["catalogue[0]"]
    found = fields(base_choices(own=[], catalogue=[]))
    assert "at least one intervention" in found["catalogue"]
    found = fields(base_choices(alternatives=[{"label": "X", "interventions": ["skolfam"]}]))
    assert "not among the chosen" in found["alternatives[0].interventions[0]"]
    found = fields(
        base_choices(
            local_figures=[{"parameter": "no.such", "value": 1, "year": 2024, "source": "x"}]
        )
    )
    assert "neither a parameter" in found["local_figures[0].parameter"]
    found = fields(
        base_choices(
            target_group={"label": "x", "start_age": -1, "level": "everyone", "per_year": 0}
        )
    )
    assert {"target_group.start_age", "target_group.level", "target_group.per_year"} <= set(found)
    found = fields(
        base_choices(
            local_figures=[
                {
                    "parameter": "produktion.manadslon_medel",
                    "value": 1,
                    "year": 2024,
                    "source": "  ",
                }
            ]
        )
    )
    assert "local_figures[0].source" in found


def test_an_effect_on_a_transition_the_model_lacks_is_named_at_its_choice() -> None:
    found = fields(base_choices(own=[own_intervention(from_state="on_track", to_state="working")]))
    assert "changes nothing" in found["own[0].to_state"]


def test_a_local_figure_out_of_range_is_refused_by_the_scenario_checks() -> None:
    """The built scenario goes through the same checks as an uploaded file."""
    choices = {
        "title": "x",
        "catalogue": ["attendance_team"],
        "target_group": target("attendance_team"),
        "local_figures": [
            {
                "parameter": "skolavhopp.justering_design",
                "value": 7,
                "year": 2026,
                "source": "a guess",
            }
        ],
    }
    found = fields(choices)
    assert (
        "expected a" in found["local_figures[0].value"] and "7.0" in found["local_figures[0].value"]
    )
    # A year the price index does not cover: the built scenario's field is named.
    choices["local_figures"] = [
        {
            "parameter": "foraldraprogram.kostnad_per_familj",
            "value": 5000,
            "year": 2199,
            "source": "x",
        }
    ]
    choices["catalogue"] = ["indicated_group"]
    with pytest.raises(InputError) as caught:
        build_scenario(choices, today=TODAY)
    assert caught.value.source == "guided.yaml"
    assert "has no value for 2199" in str(caught.value)


def test_slug_makes_identifiers() -> None:
    assert slug("Närvaroteam 2") == "narvaroteam_2"
    assert slug("2 team") == "x_2_team"
    assert slug("???", "own") == "own"


def test_a_catalogue_file_with_a_bad_field_is_named() -> None:
    text = """socinvest_intervention: 1
model: sverige
suits: {levels: [everyone], start_ages: '4', example: {scenario: x, target_group:
  {start_age: 4, level: universal, initial_states: {on_track: 1.0}, size: 1}}}
intervention: {id: x}
"""
    with pytest.raises(InputError) as caught:
        parse_entry(text, "interventions/x.yaml")
    problem = caught.value.problems[0]
    assert problem.field == "suits.levels[0]" and problem.line == 3
    assert "interventions/x.yaml:3" in str(caught.value)


STATES = ["on_track", "at_risk", "placed"]


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    start_age=st.integers(3, 14),
    level=st.sampled_from(["universal", "selective", "indicated"]),
    per_year=st.floats(1, 5000, allow_nan=False),
    years=st.integers(1, 6),
    cost=st.floats(0, 1e6, allow_nan=False),
    odds=st.floats(1.01, 5, allow_nan=False),
    state=st.sampled_from(STATES),
    picked=st.lists(st.sampled_from(sorted(catalogue())), unique=True, max_size=2),
)
def test_any_valid_choices_build_a_valid_scenario(
    start_age: int,
    level: str,
    per_year: float,
    years: int,
    cost: float,
    odds: float,
    state: str,
    picked: list[str],
) -> None:
    choices = {
        "title": "Hypothesis",
        "target_group": {
            "label": "x",
            "start_age": start_age,
            "level": level,
            "initial_states": {state: 1.0},
            "per_year": per_year,
            "years": years,
        },
        "catalogue": picked,
        "own": [own_intervention(cost_per_participant=cost, value=odds, ci95=[odds / 2, odds * 2])],
    }
    built = build_scenario(choices, today=TODAY)
    data, _lines = parse_yaml(built.text, "built.yaml")
    assert data["target_group"]["start_age"] == start_age
    assert len(built.scenario.alternatives) == 2 + len(picked)
