"""A modeller cannot be silently wrong (issue 9, part 6).

- An effect that changes nothing is refused, naming ``to`` (or ``from``) and its line.
- ``from: [a, b, c]`` with ``to: [...]`` acts on the moves out of each from-state to the
  listed states other than itself.
- ``socinvest validate`` notes the states a per-participant cost applies to by default.
- The windows of docs/scenario-format.md: the table of weights is recomputed here.

The bad scenarios are the small valid scenario of ``scenario_edits`` with lines replaced; line
numbers refer to its numbered listing (1-based). The command line is run through its real
entry point (``clitools.run_cli``).
"""

from __future__ import annotations

import json
import math
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from clitools import Result, cli_env, run_cli
from scenario_edits import SOURCE, VALID, edit
from socinvest.core.cohort import simulate_cohort
from socinvest.core.transitions import apply_effect_to_rows, effect_can_change_rows
from socinvest.params.errors import InputError, Problem
from socinvest.scenario.compile import compile_scenario, effect_targets, effect_weights
from socinvest.scenario.load import parse_scenario, scenario_notes
from socinvest.scenario.model import Effect, Scenario
from socinvest.scenario.validate import defaulted_state_notes

DOCS = Path(__file__).resolve().parent.parent / "docs" / "scenario-format.md"
NONE = "# (removed)"
"""A line edited into a comment: the line is gone, the numbering stays."""


def problems_of(text: str) -> list[Problem]:
    with pytest.raises(InputError) as info:
        parse_scenario(text, source=SOURCE)
    assert info.value.source == SOURCE
    assert info.value.problems
    return info.value.problems


def only(problems: list[Problem], field: str) -> Problem:
    assert [p.field for p in problems] == [field], [(p.field, p.message) for p in problems]
    return problems[0]


def line_of(text: str, needle: str) -> int:
    """The 1-based line of the only line of ``text`` whose stripped text is ``needle``."""
    found = [n for n, line in enumerate(text.splitlines(), 1) if line.strip() == needle]
    assert len(found) == 1, (needle, found)
    return found[0]


# The row of 'ill' (line 17-20) with no staying: well 0.7, dead 0.3.
ILL_NEVER_STAYS = {
    18: ("ill: rest", "well: 0.7"),
    19: ("well: 0.3", "dead: 0.3"),
    20: ("dead: 0.05", NONE),
}
TO_BOTH = {40: ("to: well", "to: [well, dead]")}


# --------------------------------------------------------------------------------------------
# The rule, on rows: effect_can_change_rows against apply_effect_to_rows


@st.composite
def rows_with_zeros(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray]:
    """Rows ``(S, S)`` with exact zeros and distinct positive entries in each row, and
    targets ``(S, S)``."""
    n = draw(st.integers(2, 5))
    pattern = draw(hnp.arrays(np.bool_, (n, n)))
    pattern[~pattern.any(axis=1)] = np.eye(n, dtype=bool)[~pattern.any(axis=1)]
    values = np.array([draw(st.permutations(range(1, n + 1))) for _ in range(n)], float)
    raw = np.where(pattern, values, 0.0)
    p = raw / raw.sum(axis=1, keepdims=True)
    targets = draw(hnp.arrays(np.bool_, (n, n)))
    return p, targets


@settings(max_examples=300, deadline=None)
@given(
    rows_with_zeros(),
    st.sampled_from(["relative_risk", "odds_ratio"]),
    st.sampled_from(["proportional", "stay"]),
)
def test_can_change_agrees_with_applying_the_effect(
    rows_targets: tuple[np.ndarray, np.ndarray], kind: str, complement: str
) -> None:
    """Where the rule says a row cannot change, no effect size changes its targeted total or
    any untargeted move (at most probability moves between targeted moves); where it says it
    can, some size among 0.1, 0.5, 2 and 10 changes the targeted total."""
    p, targets = rows_targets
    n = p.shape[0]
    stay = np.arange(n)
    can = effect_can_change_rows(p, targets, kind, stay, complement)  # type: ignore[arg-type]
    assert can.shape == (n,)
    sizes = [0.1, 0.5, 2.0, 10.0]
    outs = [
        apply_effect_to_rows(
            p[None],
            targets,
            np.array([math.log(size)]),
            kind,  # type: ignore[arg-type]
            stay_index=stay,
            complement=complement,  # type: ignore[arg-type]
        )[0]
        for size in sizes
    ]
    for i in range(n):
        t = targets[i]
        total = [abs(float(out[i, t].sum() - p[i, t].sum())) for out in outs]
        rest = [float(np.max(np.abs(out[i, ~t] - p[i, ~t]), initial=0.0)) for out in outs]
        if can[i]:
            assert max(total) > 1e-9, (p[i], t, kind, complement)
        else:
            assert max(total) <= 1e-12, (p[i], t, kind, complement, total)
            assert max(rest) <= 1e-12, (p[i], t, kind, complement, rest)
            if kind == "relative_risk" and complement == "proportional":
                # Without the cap at 1 (RR p <= 1) the row is exactly as it was.
                np.testing.assert_allclose(outs[1][i], p[i], rtol=0, atol=1e-12)


def test_can_change_hand_rows() -> None:
    # Rows of 3 states; the row's own state is column 0 (stay_index 0).
    stay = np.array([0])
    t = np.array([[False, True, True]])
    all_moves = np.array([[0.0, 0.4, 0.6]])  # never stays, both moves targeted
    some = np.array([[0.5, 0.2, 0.3]])
    none = np.array([[0.5, 0.5, 0.0]])
    only_target = np.array([[0.5, 0.0, 0.5]])
    assert not effect_can_change_rows(all_moves, t, "relative_risk", stay)[0]
    # An odds ratio only reshapes 0.4 / 0.6: the targeted total stays 1.
    assert not effect_can_change_rows(all_moves, t, "odds_ratio", stay)[0]
    # With complement 'stay' a relative risk or odds ratio below 1 frees room for staying.
    assert effect_can_change_rows(all_moves, t, "relative_risk", stay, "stay")[0]
    assert effect_can_change_rows(all_moves, t, "odds_ratio", stay, "stay")[0]
    assert effect_can_change_rows(some, t, "relative_risk", stay)[0]
    assert effect_can_change_rows(only_target, t, "relative_risk", stay)[0]
    assert not effect_can_change_rows(none, np.array([[False, False, True]]), "odds_ratio", stay)[0]
    certain = np.array([[0.0, 1.0, 0.0]])
    one = np.array([[False, True, False]])
    for complement in ("proportional", "stay"):
        assert not effect_can_change_rows(certain, one, "odds_ratio", stay, complement)[0]


# --------------------------------------------------------------------------------------------
# from: [a, b, c] with to: [...]: the moves out of each from-state, never staying


def test_effect_targets_leave_out_the_row_itself() -> None:
    effect = Effect.model_validate({"from": ["a", "b"], "to": ["b", "c"], "relative_risk": 0.5})
    rows, targets = effect_targets(effect, ["a", "b", "c", "d"])
    assert rows.tolist() == [0, 1]
    assert targets.tolist() == [[False, True, True, False], [False, False, True, False]]


def test_several_from_states_hand_computed_through_the_engine() -> None:
    """``from: [well, ill], to: [well, ill], relative_risk: 0.5`` acts on well -> ill and
    ill -> well only. One year of the engine, 50 well and 50 ill at the start:

    - row well [0.9, 0.08, 0.02]: ill 0.08 -> 0.04; well and dead x (1 - 0.04) / 0.92;
    - row ill [0.3, 0.65, 0.05]: well 0.3 -> 0.15; ill and dead x (1 - 0.15) / 0.7.
    """
    text = edit({39: ("- from: ill", "- from: [well, ill]"), 40: ("to: well", "to: [well, ill]")})
    text = text.replace("relative_risk: 1.5", "relative_risk: 0.5")
    compiled = compile_scenario(parse_scenario(text, SOURCE))
    effect = compiled.alternatives[1].effects[0]
    assert effect.targets.tolist() == [[False, True, False], [True, False, False]]
    path = simulate_cohort(
        compiled.initial * 100.0,
        compiled.transitions,
        compiled.band_of_cycle,
        compiled.alternatives[1].effects,
    )
    well = 50 * 0.9 * 0.96 / 0.92 + 50 * 0.15
    ill = 50 * 0.04 + 50 * 0.65 * 0.85 / 0.7
    dead = 50 * 0.02 * 0.96 / 0.92 + 50 * 0.05 * 0.85 / 0.7
    np.testing.assert_allclose(path.occupancy[0, 1], [well, ill, dead], rtol=0, atol=1e-12)


def test_several_from_states_table_of_the_docs() -> None:
    """The table of docs/scenario-format.md 6.2: the worked example's rows at ages 14-17 with
    ``from: [at_risk, neet], to: [at_risk, neet], relative_risk: 0.5``."""
    states = ["in_school", "at_risk", "working", "neet", "dead"]
    p = np.array(
        [
            [0.15, 1 - 0.15 - 0.05 - 0.0005, 0.0, 0.05, 0.0005],  # at_risk
            [0.0, 0.10, 0.0, 1 - 0.10 - 0.001, 0.001],  # neet
        ]
    )
    effect = Effect.model_validate(
        {"from": ["at_risk", "neet"], "to": ["at_risk", "neet"], "relative_risk": 0.5}
    )
    rows, targets = effect_targets(effect, states)
    assert rows.tolist() == [1, 3]
    out = apply_effect_to_rows(p[None], targets, np.array([math.log(0.5)]), "relative_risk")[0]
    expected = [
        [0.15 * 0.975 / 0.95, 0.7995 * 0.975 / 0.95, 0.0, 0.025, 0.0005 * 0.975 / 0.95],
        [0.0, 0.05, 0.0, 0.899 * 0.95 / 0.9, 0.001 * 0.95 / 0.9],
    ]
    np.testing.assert_allclose(out, expected, rtol=0, atol=1e-15)
    section = DOCS.read_text(encoding="utf-8")
    for value in (0.153947, 0.820539, 0.000513, 0.948944, 0.001056):
        assert str(value) in section
    np.testing.assert_allclose(
        [out[0, 0], out[0, 1], out[0, 4], out[1, 3], out[1, 4]],
        [0.153947, 0.820539, 0.000513, 0.948944, 0.001056],
        rtol=0,
        atol=5e-7,
    )


# --------------------------------------------------------------------------------------------
# An effect that changes nothing is refused


@pytest.mark.parametrize("measure", ["relative_risk: 1.5", "odds_ratio: 1.5"])
def test_every_move_targeted_is_refused_naming_to(measure: str) -> None:
    text = edit({**ILL_NEVER_STAYS, **TO_BOTH, 41: ("relative_risk: 1.5", measure)})
    p = only(problems_of(text), "interventions[0].effects[0].to")
    assert p.line == 40
    assert p.message.startswith("expected an effect that changes some transition")
    assert p.message.endswith(
        "found that it changes nothing: every move from 'ill' with a probability above 0 at "
        "ages 10-11 is in 'to' (well, dead): they always sum to 1, so the effect cannot make "
        "them more or less likely"
    )
    assert f"{SOURCE}:40: interventions[0].effects[0].to: expected an effect" in str(
        InputError(SOURCE, [p])
    )


@pytest.mark.parametrize("measure", ["relative_risk: 1.5", "odds_ratio: 1.5"])
def test_every_move_targeted_with_complement_stay_is_accepted(measure: str) -> None:
    # Below 1 the effect frees room for staying, which the row did not have.
    complement = {42: ("years: 0-1", "complement: stay")}
    measure_edit = {41: ("relative_risk: 1.5", measure)}
    parse_scenario(edit({**ILL_NEVER_STAYS, **TO_BOTH, **complement, **measure_edit}), SOURCE)


def test_to_naming_only_the_from_state_is_refused() -> None:
    p = only(problems_of(edit({40: ("to: well", "to: ill")})), "interventions[0].effects[0].to")
    assert p.line == 40
    assert p.message.endswith(
        "found that it changes nothing: 'to' names no state but 'ill' itself, and an effect "
        "acts on moves out of a state, not on staying"
    )


def test_targets_with_probability_zero_are_refused() -> None:
    text = edit(
        {
            15: ("ill: 0.08", "ill: 0.1"),
            16: ("dead: 0.02", NONE),
            39: ("- from: ill", "- from: well"),
            40: ("to: well", "to: dead"),
        }
    )
    p = only(problems_of(text), "interventions[0].effects[0].to")
    assert p.line == 40
    assert p.message.endswith(
        "found that it changes nothing: no move from 'well' to dead has a probability above 0 "
        "at ages 10-11"
    )


def test_a_from_state_never_left_is_refused_naming_from() -> None:
    text = edit({18: ("ill: rest", "ill: 1"), 19: ("well: 0.3", NONE), 20: ("dead: 0.05", NONE)})
    p = only(problems_of(text), "interventions[0].effects[0].from")
    assert p.line == 39
    assert p.message == (
        "expected a from-state that is left with a probability above 0 at some age the effect's "
        "window covers; found that the effect changes nothing: 'ill' is never left at ages 10-11"
    )


def test_one_row_that_changes_is_enough() -> None:
    # Row well never moves to dead here, row ill does: the effect changes ill's row.
    parse_scenario(
        edit(
            {
                15: ("ill: 0.08", "ill: 0.1"),
                16: ("dead: 0.02", NONE),
                39: ("- from: ill", "- from: [well, ill]"),
                40: ("to: well", "to: dead"),
            }
        ),
        SOURCE,
    )


def test_every_row_that_changes_nothing_is_listed() -> None:
    text = edit(
        {
            15: ("ill: 0.08", "ill: 0.1"),
            16: ("dead: 0.02", NONE),
            18: ("ill: rest", "ill: 1"),
            19: ("well: 0.3", NONE),
            20: ("dead: 0.05", NONE),
            39: ("- from: ill", "- from: [well, ill]"),
            40: ("to: well", "to: dead"),
        }
    )
    p = only(problems_of(text), "interventions[0].effects[0].to")
    assert p.message.endswith(
        "no move from 'well' to dead has a probability above 0 at ages 10-11; "
        "'ill' is never left at ages 10-11"
    )


# Two age bands: at 10-11 'ill' is never left for 'well', at 12-14 it is.
TWO_BANDS = VALID.replace(
    """    - ages: 10-14
      probabilities:
        well:
          well: 0.9
          ill: 0.08
          dead: 0.02
        ill:
          ill: rest
          well: 0.3
          dead: 0.05
""",
    """    - ages: 10-11
      probabilities:
        well: {well: 0.9, ill: 0.08, dead: 0.02}
        ill: {ill: 0.95, dead: 0.05}
    - ages: 12-14
      probabilities:
        well: {well: 0.9, ill: 0.08, dead: 0.02}
        ill: {ill: rest, well: 0.3, dead: 0.05}
""",
)


@pytest.mark.parametrize(
    ("window", "refused_ages"),
    [
        ("years: 0-1", "10-11"),  # only the band where ill -> well is 0
        ("ages: 10-11", "10-11"),  # the same window by age
        ("years: 1-2", None),  # reaches age 12
        ("ages: 12-14", None),
        ("decay: {type: linear, years: 2}", None),  # no window: the whole horizon
        # Years 0-1 and decay: weight 0.5 at age 12, where the effect acts.
        ("years: 0-1\n        decay: {type: linear, years: 2}", None),
        ("years: 0-1\n        decay: {type: exponential, years: 1}", None),
    ],
)
def test_the_bands_the_window_and_its_decay_cover(window: str, refused_ages: str | None) -> None:
    text = TWO_BANDS.replace(
        "        years: 0-1\nalternatives:", f"        {window}\nalternatives:"
    )
    assert text != TWO_BANDS or window == "years: 0-1"
    if refused_ages is None:
        parse_scenario(text, SOURCE)
        return
    p = only(problems_of(text), "interventions[0].effects[0].to")
    assert p.line == line_of(text, "to: well")
    assert p.message.endswith(
        f"no move from 'ill' to well has a probability above 0 at ages {refused_ages}"
    )


def test_staying_made_possible_by_another_effect_counts() -> None:
    """A first effect with complement 'stay' may give a row that never stays some staying;
    then a relative risk on all of that row's moves is no longer a no-op."""
    text = edit({**ILL_NEVER_STAYS, **TO_BOTH})
    text = text.replace(
        "        years: 0-1\nalternatives:",
        "        years: 0-1\n"
        "      - from: ill\n"
        "        to: dead\n"
        "        relative_risk: 0.5\n"
        "        complement: stay\n"
        "alternatives:",
    )
    parse_scenario(text, SOURCE)


REFUSED = {
    "all_targeted": edit(
        {**ILL_NEVER_STAYS, **TO_BOTH, 41: ("relative_risk: 1.5", "relative_risk: 0.5")}
    ),
    "itself": edit({40: ("to: well", "to: ill")}),
    "never_left": edit(
        {18: ("ill: rest", "ill: 1"), 19: ("well: 0.3", NONE), 20: ("dead: 0.05", NONE)}
    ),
    "two_bands": TWO_BANDS,
}


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_a_refused_effect_really_changes_nothing(name: str) -> None:
    """Built without the cross-checks and run, the refused effect's alternative follows the
    comparison exactly; with an odds ratio on the same rows the alternatives differ."""
    text = REFUSED[name]
    problems_of(text)  # refused
    compiled = compile_scenario(Scenario.model_validate(yaml.safe_load(text)))
    paths = [
        simulate_cohort(
            compiled.initial * 100.0, compiled.transitions, compiled.band_of_cycle, alt.effects
        ).occupancy
        for alt in compiled.alternatives
    ]
    assert compiled.alternatives[1].effects
    np.testing.assert_array_equal(paths[0], paths[1])


@pytest.mark.parametrize("measure", ["relative_risk: 1.5", "odds_ratio: 1.5"])
def test_a_refused_effect_at_most_reshapes_its_targets(measure: str) -> None:
    """Above 1 (RR p > 1 is capped; odds do not scale alike) the refused effect on all of
    ill's moves shifts probability between well and dead, but not toward or away from them:
    after one year as many are ill, and as many are well or dead."""
    text = edit({**ILL_NEVER_STAYS, **TO_BOTH, 41: ("relative_risk: 1.5", measure)})
    problems_of(text)  # refused
    compiled = compile_scenario(Scenario.model_validate(yaml.safe_load(text)))
    first, second = (
        simulate_cohort(
            compiled.initial * 100.0, compiled.transitions, compiled.band_of_cycle, alt.effects
        ).occupancy[0, 1]
        for alt in compiled.alternatives
    )
    well, ill, dead = 0, 1, 2
    assert abs(first[well] - second[well]) > 1e-3  # reshaped ...
    assert second[ill] == pytest.approx(first[ill], abs=1e-12)  # ... but nothing more
    assert second[well] + second[dead] == pytest.approx(first[well] + first[dead], abs=1e-12)


def test_an_accepted_effect_changes_the_path() -> None:
    text = edit({**ILL_NEVER_STAYS, **TO_BOTH, 42: ("years: 0-1", "complement: stay")})
    text = text.replace("relative_risk: 1.5", "relative_risk: 0.5")
    compiled = compile_scenario(Scenario.model_validate(yaml.safe_load(text)))
    first, second = (
        simulate_cohort(
            compiled.initial * 100.0, compiled.transitions, compiled.band_of_cycle, alt.effects
        ).occupancy
        for alt in compiled.alternatives
    )
    assert float(np.max(np.abs(first - second))) > 1e-6


# --------------------------------------------------------------------------------------------
# Notes on states left to the default


def test_note_on_a_cost_with_default_states() -> None:
    scenario = parse_scenario(VALID, SOURCE)
    notes = defaulted_state_notes(scenario)
    assert [(n.field, n.message) for n in notes] == [
        (
            "interventions[0].costs[0]",
            "applies to the states well, ill (the intervention's default eligible states: every "
            "state of the initial mix); name them with 'states' or 'eligible_states'",
        )
    ]
    assert notes[0].path == ("interventions", 0, "costs", 0)
    # The states are those with a share above 0, in the model's order.
    mix = edit({29: ("well: 0.5", "well: 0"), 30: ("ill: 0.5", "ill: 1")})
    assert "applies to the states ill (" in defaulted_state_notes(parse_scenario(mix))[0].message


@pytest.mark.parametrize(
    "text",
    [
        VALID.replace("  - id: support\n", "  - id: support\n    eligible_states: [ill]\n", 1),
        edit({37: ("years: 0-1", "states: [ill]")}),
        edit(
            {36: ("per_participant_year: 5000", "fixed_per_year: 5000"), 37: ("years: 0-1", NONE)}
        ),
    ],
    ids=["eligible_states", "states", "fixed_per_year"],
)
def test_no_note_when_the_states_are_named_or_do_not_apply(text: str) -> None:
    assert text != VALID
    assert defaulted_state_notes(parse_scenario(text, SOURCE)) == []


def test_notes_carry_the_line_of_the_file(tmp_path: Path) -> None:
    path = tmp_path / SOURCE
    path.write_text(VALID, encoding="utf-8")
    notes = scenario_notes(parse_scenario(VALID, SOURCE), path)
    assert [n.line for n in notes] == [35]  # "- payer: kommun.socialtjanst"
    assert (
        notes[0]
        .format(SOURCE)
        .startswith(f"{SOURCE}:35: interventions[0].costs[0]: applies to the states well, ill")
    )


# --------------------------------------------------------------------------------------------
# Windows: the table of weights in docs/scenario-format.md


def _docs_window_table() -> list[list[str]]:
    text = DOCS.read_text(encoding="utf-8")
    header = "| Year `t` | Age at the start of the year | In the window |"
    assert text.count(header) == 1
    lines = text[text.index(header) :].splitlines()[2:]
    rows = []
    for line in lines:
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in line.strip("|").split("|")])
    return rows


def test_the_window_table_of_the_docs() -> None:
    """Every number of the table: start age 14, relative risk 0.6, ``years: 0-2`` (and the
    same by ``ages: 14-16``), linear decay over 4 years and exponential with half-life 2."""
    rows = _docs_window_table()
    cycles = len(rows)
    assert cycles == 9
    base = {"from": "a", "to": "b", "relative_risk": 0.6}
    linear = {"type": "linear", "years": 4}
    exponential = {"type": "exponential", "years": 2}
    w_lin = effect_weights(Effect.model_validate({**base, "years": "0-2", "decay": linear}), 14, 9)
    w_exp = effect_weights(
        Effect.model_validate({**base, "years": "0-2", "decay": exponential}), 14, 9
    )
    by_age = effect_weights(
        Effect.model_validate({**base, "ages": "14-16", "decay": linear}), 14, 9
    )
    np.testing.assert_array_equal(w_lin, by_age)
    # ages: 14-16 with start age 15 covers years 0-1 (ages 15, 16).
    later = effect_weights(Effect.model_validate({**base, "ages": "14-16"}), 15, 9)
    assert later.tolist() == [1, 1, 0, 0, 0, 0, 0, 0, 0]

    def shown(x: float) -> str:
        return f"{x:.6g}"

    for t, row in enumerate(rows):
        assert row[0] == str(t)
        assert row[1] == str(14 + t)  # the age at the start of the year
        assert row[2] == ("yes" if t <= 2 else "no")
        assert row[3] == shown(w_lin[t])
        assert row[4] == shown(0.6 ** w_lin[t])
        assert row[5] == shown(w_exp[t])
        assert row[6] == shown(0.6 ** w_exp[t])
    # Decay starts after the window's last year: full effect in year 2, less in year 3.
    assert w_lin[2] == 1.0 and w_lin[3] == 0.75 and w_exp[3] == pytest.approx(2**-0.5)


# --------------------------------------------------------------------------------------------
# Through the real entry point


@pytest.fixture(scope="module")
def cli(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Result]:
    folder = tmp_path_factory.mktemp("modeller")
    (folder / "noop.yaml").write_text(edit({**ILL_NEVER_STAYS, **TO_BOTH}), encoding="utf-8")
    (folder / SOURCE).write_text(VALID, encoding="utf-8")
    calls = {
        "noop_en": ("validate", "noop.yaml", "--lang", "en"),
        "noop_sv": ("validate", "noop.yaml"),
        "noop_json": ("validate", "noop.yaml", "--format", "json", "--lang", "en"),
        "noop_run": ("run", "noop.yaml", "--lang", "en"),
        "note_en": ("validate", SOURCE, "--lang", "en"),
        "note_sv": ("validate", SOURCE),
        "note_json": ("validate", SOURCE, "--format", "json", "--lang", "sv"),
    }
    with ThreadPoolExecutor(max_workers=4) as pool:
        futures = {
            key: pool.submit(run_cli, *args, cwd=folder, env=cli_env())
            for key, args in calls.items()
        }
        return {key: future.result() for key, future in futures.items()}


NOOP_LINE = re.compile(r"^  noop\.yaml:40: interventions\[0\]\.effects\[0\]\.to: (.+)$", re.M)


def test_cli_refuses_a_no_op_effect(cli: dict[str, Result]) -> None:
    for key in ("noop_en", "noop_run"):
        result = cli[key]
        assert result.returncode == 2, result.describe()
        assert "Traceback" not in result.output
        assert "Error: the input has problems:" in result.stderr
        found = NOOP_LINE.findall(result.stderr)
        assert len(found) == 1, result.describe()
        assert found[0].startswith("expected an effect that changes some transition")
        assert (
            "every move from 'ill' with a probability above 0 at ages 10-11 is in 'to'"
            in (found[0])
        )
    sv = cli["noop_sv"]
    assert sv.returncode == 2, sv.describe()
    found = NOOP_LINE.findall(sv.stderr)
    assert len(found) == 1, sv.describe()
    assert found[0].startswith("förväntade en effekt som ändrar någon övergång")
    assert "varje övergång från 'ill' med en sannolikhet över 0 vid åldrarna 10-11" in found[0]


def test_cli_json_of_a_no_op_effect(cli: dict[str, Result]) -> None:
    result = cli["noop_json"]
    assert result.returncode == 2, result.describe()
    data = json.loads(result.stdout)
    assert data["valid"] is False
    [problem] = data["problems"]
    assert (problem["file"], problem["line"], problem["field"]) == (
        "noop.yaml",
        40,
        "interventions[0].effects[0].to",
    )
    assert problem["message"] == problem["message_en"]
    assert problem["message_en"].startswith("expected an effect that changes some transition")


NOTE_EN = (
    "Note: bad.yaml:35: interventions[0].costs[0]: applies to the states well, ill (the "
    "intervention's default eligible states: every state of the initial mix); name them with "
    "'states' or 'eligible_states'"
)
NOTE_SV = (
    "Obs: bad.yaml:35: interventions[0].costs[0]: gäller tillstånden well, ill (insatsens "
    "standard för deltagande tillstånd: varje tillstånd i startfördelningen); ange dem med "
    "'states' eller 'eligible_states'"
)


def test_cli_validate_notes_the_default_states(cli: dict[str, Result]) -> None:
    for key, note, valid in (
        ("note_en", NOTE_EN, "bad.yaml: valid scenario 'errors'"),
        ("note_sv", NOTE_SV, "bad.yaml: giltigt scenario 'errors'"),
    ):
        result = cli[key]
        assert result.returncode == 0, result.describe()
        lines = result.stdout.splitlines()
        assert lines[0].startswith(valid), result.describe()
        assert lines[1:] == [note], result.describe()
        assert result.stderr == ""


def test_cli_validate_json_lists_the_notes(cli: dict[str, Result]) -> None:
    result = cli["note_json"]
    assert result.returncode == 0, result.describe()
    data = json.loads(result.stdout)
    assert data["valid"] is True
    assert data["notes"] == [
        {
            "file": SOURCE,
            "line": 35,
            "field": "interventions[0].costs[0]",
            "message": NOTE_SV.split(": ", 3)[3],
            "message_en": NOTE_EN.split(": ", 3)[3],
        }
    ]
