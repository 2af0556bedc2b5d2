"""Bad scenarios are refused with an InputError naming the field path and the line.

Each bad scenario is the small valid scenario below with one or a few lines replaced; the
expected line numbers refer to the numbered listing of ``VALID`` (1-based), and each test
also checks that the expected line really holds the edited text.
"""

from __future__ import annotations

import numpy as np
import pytest

from scenario_edits import SOURCE, VALID, edit
from socinvest.params.errors import InputError, Problem
from socinvest.scenario.load import parse_scenario


def problems_of(text: str) -> list[Problem]:
    with pytest.raises(InputError) as info:
        parse_scenario(text, source=SOURCE)
    assert info.value.source == SOURCE
    assert info.value.problems, "an InputError must carry at least one problem"
    return info.value.problems


def find(problems: list[Problem], field: str) -> Problem:
    matching = [p for p in problems if p.field == field]
    assert matching, f"no problem for {field!r}; found {[(p.field, p.message) for p in problems]}"
    assert len(matching) == 1
    return matching[0]


def test_valid_scenario_parses() -> None:
    scenario = parse_scenario(VALID)
    assert [s.id for s in scenario.model.states] == ["well", "ill", "dead"]


def test_unknown_state_as_target_of_a_row() -> None:
    problems = problems_of(edit({15: ("ill: 0.08", "illl: 0.08")}))
    p = find(problems, "model.transitions[0].probabilities.well.illl")
    assert p.line == 15
    assert "unknown state 'illl'" in p.message
    assert [q.field for q in problems] == [p.field]
    # The rendered error names the file and the line.
    assert f"{SOURCE}:15: model.transitions[0].probabilities.well.illl: unknown state" in str(
        InputError(SOURCE, problems)
    )


def test_unknown_state_as_origin_of_a_row() -> None:
    problems = problems_of(edit({17: ("ill:", "sick:")}))
    p = find(problems, "model.transitions[0].probabilities.sick")
    assert p.line == 17
    assert "unknown state 'sick'" in p.message
    # ... and the real state 'ill' now has no row.
    missing = find(problems, "model.transitions[0].probabilities")
    assert missing.line == 12
    assert "no row for state(s) ill" in missing.message


def test_unknown_payer() -> None:
    problems = problems_of(edit({23: ("payer: kommun.socialtjanst", "payer: kommun.socialtjenst")}))
    p = find(problems, "model.costs[0].payer")
    assert p.line == 23
    assert "unknown payer 'kommun.socialtjenst'" in p.message
    assert len(problems) == 1


def test_unknown_payer_of_an_intervention_cost() -> None:
    problems = problems_of(edit({35: ("- payer: kommun.socialtjanst", "- payer: kommun.nobody")}))
    p = find(problems, "interventions[0].costs[0].payer")
    assert p.line == 35
    assert "unknown payer 'kommun.nobody'" in p.message


def test_probability_above_one() -> None:
    problems = problems_of(edit({19: ("well: 0.3", "well: 1.3")}))
    p = find(problems, "model.transitions[0].probabilities.ill.well")
    assert p.line == 19
    assert "expected a probability in [0, 1], found 1.3" in p.message
    # 'rest' would be negative: reported on the row.
    row = find(problems, "model.transitions[0].probabilities.ill")
    assert row.line == 17
    assert "'rest' would be negative" in row.message


def test_probability_below_zero() -> None:
    problems = problems_of(edit({15: ("ill: 0.08", "ill: -0.08")}))
    p = find(problems, "model.transitions[0].probabilities.well.ill")
    assert p.line == 15
    assert "expected a probability in [0, 1], found -0.08" in p.message


def test_row_not_summing_to_one() -> None:
    problems = problems_of(edit({14: ("well: 0.9", "well: 0.8")}))
    p = find(problems, "model.transitions[0].probabilities.well")
    assert p.line == 13
    assert "expected probabilities summing to 1, found 0.9" in p.message
    assert len(problems) == 1


def test_negative_count() -> None:
    text = edit(
        {
            12: ("probabilities:", "counts:"),
            14: ("well: 0.9", "well: 90"),
            15: ("ill: 0.08", "ill: 8"),
            16: ("dead: 0.02", "dead: 2"),
            18: ("ill: rest", "ill: 60"),
            19: ("well: 0.3", "well: 30"),
            20: ("dead: 0.05", "dead: -5"),
        }
    )
    problems = problems_of(text)
    p = find(problems, "model.transitions[0].counts.ill.dead")
    assert p.line == 20
    assert "expected a count >= 0, found -5" in p.message
    assert len(problems) == 1


def test_counts_that_are_valid_parse() -> None:
    """The counts variant without the negative count is valid (so the test above is about -5)."""
    text = edit(
        {
            12: ("probabilities:", "counts:"),
            14: ("well: 0.9", "well: 90"),
            15: ("ill: 0.08", "ill: 8"),
            16: ("dead: 0.02", "dead: 2"),
            18: ("ill: rest", "ill: 60"),
            19: ("well: 0.3", "well: 30"),
            20: ("dead: 0.05", "dead: 5"),
        }
    )
    parse_scenario(text)


def test_duplicate_yaml_key() -> None:
    problems = problems_of(edit({16: ("dead: 0.02", "well: 0.02")}))
    p = find(problems, "model.transitions[0].probabilities.well.well")
    assert p.line == 16
    assert "duplicate key 'well'" in p.message
    assert "first given on line 14" in p.message


def test_duplicate_top_level_key() -> None:
    problems = problems_of(edit({3: ("title: Bad-input example", "id: again")}))
    p = find(problems, "id")
    assert p.line == 3
    assert "first given on line 2" in p.message


def test_effect_years_outside_the_horizon() -> None:
    problems = problems_of(edit({42: ("years: 0-1", "years: 5-7")}))
    p = find(problems, "interventions[0].effects[0].years")
    assert p.line == 42
    assert "outside the horizon (years 0-4)" in p.message
    assert len(problems) == 1


def test_effect_years_at_the_last_year_of_the_horizon_are_accepted() -> None:
    parse_scenario(edit({42: ("years: 0-1", "years: 4")}))


def test_effect_ages_outside_the_horizon() -> None:
    problems = problems_of(edit({42: ("years: 0-1", "ages: 15-17")}))
    p = find(problems, "interventions[0].effects[0].ages")
    assert p.line == 42
    assert "outside the horizon (ages 10-14)" in p.message
    assert len(problems) == 1


def test_effect_ages_before_the_start_age() -> None:
    problems = problems_of(edit({42: ("years: 0-1", "ages: 3-9")}))
    p = find(problems, "interventions[0].effects[0].ages")
    assert p.line == 42


def test_cost_years_outside_the_horizon() -> None:
    problems = problems_of(edit({37: ("years: 0-1", "years: 5-6")}))
    p = find(problems, "interventions[0].costs[0].years")
    assert p.line == 37
    assert "outside the horizon" in p.message


def test_two_rest_in_a_row() -> None:
    problems = problems_of(edit({19: ("well: 0.3", "well: rest")}))
    p = find(problems, "model.transitions[0].probabilities.ill")
    assert p.line == 17
    assert "at most one 'rest'" in p.message
    assert len(problems) == 1


def test_initial_states_not_summing_to_one() -> None:
    problems = problems_of(edit({30: ("ill: 0.5", "ill: 0.4")}))
    p = find(problems, "target_group.initial_states")
    assert p.line == 28
    assert "expected shares summing to 1, found 0.9" in p.message
    assert len(problems) == 1


def test_initial_state_unknown() -> None:
    problems = problems_of(edit({30: ("ill: 0.5", "sick: 0.5")}))
    p = find(problems, "target_group.initial_states")
    assert p.line == 28
    assert "unknown state 'sick'" in p.message


def test_no_comparison_alternative() -> None:
    problems = problems_of(edit({45: ("comparison: true", "comparison: false")}))
    p = find(problems, "alternatives")
    assert p.line == 43
    assert "exactly one alternative with 'comparison: true'" in p.message
    assert "found 0" in p.message


def test_two_comparison_alternatives() -> None:
    problems = problems_of(
        edit({47: ("interventions:", "comparison: true"), 48: ("- support", "")})
    )
    p = find(problems, "alternatives")
    assert p.line == 43
    assert "found 2" in p.message


def test_unknown_intervention_in_an_alternative() -> None:
    problems = problems_of(edit({48: ("- support", "- suport")}))
    p = find(problems, "alternatives[1].interventions[0]")
    assert p.line == 48
    assert "unknown intervention 'suport'; expected one of: support" in p.message
    assert len(problems) == 1


def test_unknown_field() -> None:
    problems = problems_of(edit({9: ("absorbing: true", "absorbnig: true")}))
    p = find(problems, "model.states[2].absorbnig")
    assert p.line == 9
    assert "unknown field" in p.message
    assert len(problems) == 1


def test_unknown_field_in_an_effect() -> None:
    problems = problems_of(edit({42: ("years: 0-1", "yaers: 0-1")}))
    p = find(problems, "interventions[0].effects[0].yaers")
    assert p.line == 42
    assert "unknown field" in p.message


def test_missing_transitions_for_an_age_in_the_horizon() -> None:
    problems = problems_of(edit({11: ("- ages: 10-14", "- ages: 10-12")}))
    p = find(problems, "model.transitions")
    assert p.line == 10
    assert "no transitions for ages 13-14" in p.message
    assert len(problems) == 1


def test_missing_transitions_at_the_start_age() -> None:
    problems = problems_of(edit({11: ("- ages: 10-14", "- ages: 11+")}))
    p = find(problems, "model.transitions")
    assert p.line == 10
    assert "no transitions for ages 10;" in p.message


def test_missing_required_field() -> None:
    problems = problems_of(edit({27: ("level: selective", "size_class: 3")}))
    missing = find(problems, "target_group.level")
    assert "required field is missing" in missing.message
    assert missing.line == 25  # the nearest line that exists: the target_group key
    extra = find(problems, "target_group.size_class")
    assert extra.line == 27


def test_unparsable_number_names_what_was_found() -> None:
    problems = problems_of(edit({31: ("size: 100", "size: many")}))
    p = find(problems, "target_group.size")
    assert p.line == 31
    assert "'many'" in p.message


def test_wrong_type_names_what_was_found() -> None:
    problems = problems_of(edit({31: ("size: 100", "size: [1]")}))
    p = find(problems, "target_group.size")
    assert p.line == 31
    assert "found [1]" in p.message


def test_duplicate_alternative_id() -> None:
    problems = problems_of(edit({46: ("- id: support", "- id: as_today")}))
    p = find(problems, "alternatives[1].id")
    assert p.line == 46
    assert "duplicate alternative id 'as_today'" in p.message


def test_yaml_syntax_error_has_a_line() -> None:
    problems = problems_of(edit({19: ("well: 0.3", "well: [0.3")}))
    assert len(problems) == 1
    assert problems[0].line is not None
    assert "not valid YAML" in problems[0].message


def test_horizon_age_not_above_the_start_age() -> None:
    problems = problems_of(edit({50: ("horizon: {years: 5}", "horizon: {age: 10}")}))
    p = find(problems, "analysis.horizon.age")
    assert p.line == 50
    assert "expected an age above the start age 10, found 10" in p.message


def test_absorbing_state_with_moves_out() -> None:
    text = edit({20: ("dead: 0.05", "dead: 0.05\n        dead: {dead: 0.9, well: 0.1}")})
    problems = problems_of(text)
    p = find(problems, "model.transitions[0].probabilities.dead")
    assert p.line == 21
    assert "state 'dead' is absorbing but has moves out" in p.message


def test_effect_from_an_absorbing_state() -> None:
    problems = problems_of(edit({39: ("- from: ill", "- from: dead")}))
    p = find(problems, "interventions[0].effects[0].from")
    assert p.line == 39
    assert "state 'dead' is absorbing" in p.message


COUNTS_WITH_EMPTY_ABSORBING_ROW = {
    12: ("probabilities:", "counts:"),
    14: ("well: 0.9", "well: 90"),
    15: ("ill: 0.08", "ill: 8"),
    16: ("dead: 0.02", "dead: 2"),
    18: ("ill: rest", "ill: 60"),
    19: ("well: 0.3", "well: 30"),
    20: ("dead: 0.05", "dead: 5\n        dead: {dead: 0}"),  # becomes line 21
}


def test_counts_with_an_empty_absorbing_row_is_refused_or_compiles() -> None:
    from socinvest.scenario.compile import compile_scenario

    text = edit(COUNTS_WITH_EMPTY_ABSORBING_ROW)
    try:
        scenario = parse_scenario(text, source=SOURCE)
    except InputError as err:  # refused with a line: acceptable
        p = find(err.problems, "model.transitions[0].counts.dead")
        assert p.line == 21
        return
    compiled = compile_scenario(scenario)  # or accepted as the identity row: acceptable
    np.testing.assert_array_equal(compiled.transitions[0, 2], [0.0, 0.0, 1.0])


COUNTS = {
    12: ("probabilities:", "counts:"),
    14: ("well: 0.9", "well: 90"),
    15: ("ill: 0.08", "ill: 8"),
    16: ("dead: 0.02", "dead: 2"),
    18: ("ill: rest", "ill: 60"),
    19: ("well: 0.3", "well: 30"),
}
RATES = {
    12: ("probabilities:", "rates:"),
    14: ("well: 0.9", "ill: 0.1"),
    15: ("ill: 0.08", "dead: 0.02"),
    16: ("dead: 0.02", "well: 0.0"),
    18: ("ill: rest", "well: 0.2"),
    19: ("well: 0.3", "ill: 0.0"),
}


def test_rates_block_is_valid() -> None:
    from socinvest.scenario.compile import compile_scenario

    text = edit({**RATES, 20: ("dead: 0.05", "dead: 0.01")})
    compiled = compile_scenario(parse_scenario(text))
    assert np.all(np.isfinite(compiled.transitions))


def test_negative_rate() -> None:
    problems = problems_of(edit({**RATES, 20: ("dead: 0.05", "dead: -0.01")}))
    p = find(problems, "model.transitions[0].rates.ill.dead")
    assert p.line == 20
    assert "expected a rate >= 0, found -0.01" in p.message


@pytest.mark.parametrize(
    ("form", "value"),
    [("counts", ".nan"), ("counts", ".inf"), ("rates", ".nan"), ("rates", ".inf")],
)
def test_non_finite_count_or_rate_is_refused(form: str, value: str) -> None:
    edits = COUNTS if form == "counts" else RATES
    problems = problems_of(edit({**edits, 20: ("dead: 0.05", f"dead: {value}")}))
    p = find(problems, f"model.transitions[0].{form}.ill.dead")
    assert p.line == 20


@pytest.mark.parametrize(
    ("edits", "field", "line"),
    [
        ({31: ("size: 100", "size: true")}, "target_group.size", 31),
        (
            {14: ("well: 0.9", "well: rest"), 15: ("ill: 0.08", "ill: no")},
            "model.transitions[0].probabilities.well.ill",
            15,
        ),
        ({29: ("well: 0.5", "well: yes"), 30: ("ill: 0.5", "ill: no")}, None, 29),
    ],
)
def test_boolean_where_a_number_belongs_is_refused(
    edits: dict[int, tuple[str, str]], field: str | None, line: int
) -> None:
    problems = problems_of(edit(edits))
    if field is None:
        assert any(p.line == line for p in problems)
    else:
        assert find(problems, field).line == line
