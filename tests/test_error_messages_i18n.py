"""Input-error messages in Swedish and English.

Every problem keeps its message as a gettext template and the values for its placeholders;
rendered in Swedish, our own templates leave no English behind and the values (state ids,
payer ids, numbers, what was found) are the same as in English. The English text is the one
the Python API and ``--lang en`` have always given. The command line is run through its real
entry point, as in ``tests/test_cli.py``.
"""

from __future__ import annotations

import json
import os
import re
from concurrent.futures import ThreadPoolExecutor

import pytest
from pydantic import BaseModel, ConfigDict, ValidationError

from clitools import Result, run_cli
from scenario_edits import SOURCE, edit
from socinvest.i18n import translator
from socinvest.params.errors import InputError, Message, Problem
from socinvest.scenario.load import example_text, parse_scenario, problems_from_validation


def error_of(text: str) -> InputError:
    with pytest.raises(InputError) as info:
        parse_scenario(text, source=SOURCE)
    assert info.value.problems
    return info.value


def find(problems: list[Problem], field: str) -> Problem:
    matching = [p for p in problems if p.field == field]
    assert len(matching) == 1, [(p.field, p.message) for p in problems]
    return matching[0]


def values_of(text: Message | Problem) -> list[str]:
    """Every plain value inserted into a message, nested messages included."""
    args = text.arguments
    out: list[str] = []
    for value in args.values():
        out += values_of(value) if isinstance(value, Message) else [value]
    return out


def templates_of(text: Message | Problem) -> list[str]:
    """The templates of a message and of the messages nested in it."""
    out = [text.template] if text.template is not None else []
    for value in text.arguments.values():
        if isinstance(value, Message):
            out += templates_of(value)
    return out


# English words of our templates that must not be left in a Swedish message.
ENGLISH_WORDS = re.compile(
    r"\b(expected|found|unknown|should|input|duplicate|missing|required|field|state|payer|"
    r"intervention|alternative|probabilit\w*|summing|given|line|valid|number|or|the|a|an)\b"
)


def english_leftovers(swedish: str, values: list[str]) -> list[str]:
    """English words in ``swedish`` outside the inserted values."""
    for value in sorted(values, key=len, reverse=True):
        swedish = swedish.replace(value, " ")
    return ENGLISH_WORDS.findall(swedish)


# (edits, field, line, English text it contains, Swedish text it contains, values shown)
CASES: dict[str, tuple[dict[int, tuple[str, str]], str, int, str, str, list[str]]] = {
    "unknown_state": (
        {15: ("ill: 0.08", "illl: 0.08")},
        "model.transitions[0].probabilities.well.illl",
        15,
        "unknown state 'illl'; expected one of: well, ill, dead",
        "okänt tillstånd 'illl'",
        ["'illl'", "well, ill, dead"],
    ),
    "unknown_payer": (
        {23: ("payer: kommun.socialtjanst", "payer: kommun.socialtjenst")},
        "model.costs[0].payer",
        23,
        "unknown payer 'kommun.socialtjenst'",
        "okänd aktör 'kommun.socialtjenst'",
        ["'kommun.socialtjenst'"],
    ),
    "probability_above_one": (
        {14: ("well: 0.9", "well: 1.9")},
        "model.transitions[0].probabilities.well.well",
        14,
        "expected a probability in [0, 1], found 1.9",
        "förväntade en sannolikhet i [0, 1], men fick 1.9",
        ["1.9"],
    ),
    "row_not_summing_to_one": (
        {14: ("well: 0.9", "well: 0.8")},
        "model.transitions[0].probabilities.well",
        13,
        "expected probabilities summing to 1, found 0.9",
        "förväntade sannolikheter som summerar till 1, men fick 0.9",
        ["0.9"],
    ),
    "duplicate_key": (
        {16: ("dead: 0.02", "well: 0.02")},
        "model.transitions[0].probabilities.well.well",
        16,
        "duplicate key 'well' (first given on line 14)",
        "nyckeln 'well' förekommer två gånger (först angiven på rad 14)",
        ["'well'", "14"],
    ),
    "duplicate_alternative_id": (
        {46: ("- id: support", "- id: as_today")},
        "alternatives[1].id",
        46,
        "duplicate alternative id 'as_today' (also at position 0)",
        "id:t 'as_today' används redan av ett annat alternativ (på position 0)",
        ["'as_today'", "0"],
    ),
    "unknown_intervention": (
        {48: ("- support", "- suport")},
        "alternatives[1].interventions[0]",
        48,
        "unknown intervention 'suport'; expected one of: support",
        "okänd insats 'suport'; förväntade en av: support",
        ["'suport'", "support"],
    ),
    "effect_outside_the_horizon": (
        {42: ("years: 0-1", "ages: 15-17")},
        "interventions[0].effects[0].ages",
        42,
        "ages 15-17 fall outside the horizon (ages 10-14)",
        "åldersintervallet 15-17 ligger utanför horisonten (åldrarna 10-14)",
        ["15", "17", "10", "14"],
    ),
    "unknown_field": (
        {9: ("absorbing: true", "absorbnig: true")},
        "model.states[2].absorbnig",
        9,
        "unknown field (check the spelling; 'socinvest schema' lists the fields)",
        "okänt fält (kontrollera stavningen; 'socinvest schema' listar fälten)",
        [],
    ),
    "missing_field": (
        {27: ("level: selective", "# no level")},
        "target_group.level",
        25,
        "required field is missing",
        "obligatoriskt fält saknas",
        [],
    ),
    "number_below_one": (
        {31: ("size: 100", "size: 0")},
        "target_group.size",
        31,
        "input should be greater than or equal to 1; found 0",
        "förväntade ett värde större än eller lika med 1, men fick 0",
        ["0"],
    ),
    "wrong_type": (
        {31: ("size: 100", "size: many")},
        "target_group.size",
        31,
        "input should be a valid number; found 'many'",
        "förväntade ett tal, men fick 'many'",
        ["'many'"],
    ),
    "not_one_of_the_choices": (
        {27: ("level: selective", "level: some")},
        "target_group.level",
        27,
        "input should be 'universal', 'selective' or 'indicated'; found 'some'",
        "förväntade 'universal', 'selective' eller 'indicated', men fick 'some'",
        ["'universal', 'selective'", "'indicated'", "'some'"],
    ),
    "union_of_types": (
        {11: ("- ages: 10-14", "- ages: true")},
        "model.transitions[0].ages",
        11,
        "input should be a valid string; found True or input should be a valid integer; found True",
        "förväntade en text, men fick True eller förväntade ett heltal, men fick True",
        ["True"],
    ),
    "model_validator": (
        {50: ("horizon: {years: 5}", "horizon: {years: 5, age: 30}")},
        "analysis.horizon",
        50,
        "expected exactly one of 'years' and 'age'",
        "förväntade exakt ett av 'years' och 'age'",
        [],
    ),
    "range_validator": (
        {11: ("- ages: 10-14", "- ages: 14-10")},
        "model.transitions[0].ages",
        11,
        "a range must not end before it starts, found '14-10'",
        "förväntade ett intervall som inte slutar innan det börjar, men fick '14-10'",
        ["'14-10'"],
    ),
    "invalid_yaml": (
        {19: ("well: 0.3", "well: [0.3")},
        "",
        20,
        "not valid YAML: ",
        "inte giltig YAML: ",
        [],
    ),
}


@pytest.fixture(scope="module")
def errors() -> dict[str, InputError]:
    return {name: error_of(edit(case[0])) for name, case in CASES.items()}


@pytest.mark.parametrize("name", CASES)
def test_problem_in_english_and_swedish(errors: dict[str, InputError], name: str) -> None:
    _edits, field, line, english, swedish, values = CASES[name]
    problem = find(errors[name].problems, field)
    assert problem.line == line
    # English: the message as always, also when asked for explicitly.
    assert english in problem.message
    assert problem.message_in("en") == problem.message_in(None) == problem.message
    # Swedish: translated, the same values.
    text = problem.message_in("sv")
    assert swedish in text, text
    assert text != problem.message
    for value in values:
        assert value in problem.message and value in text
    for value in values_of(problem):
        assert value in text
    prefix = f"{SOURCE}:{line}: {field}: " if field else f"{SOURCE}:{line}: "
    assert problem.format(SOURCE, "sv") == prefix + text
    assert problem.format(SOURCE) == problem.format(SOURCE, "en") == prefix + problem.message


def test_every_problem_has_a_template_translated_into_swedish(
    errors: dict[str, InputError],
) -> None:
    sv = translator("sv")
    for name, error in errors.items():
        for problem in error.problems:
            assert problem.template is not None, (name, problem.message)
            for template in templates_of(problem):
                assert sv(template) != template, (name, template)
            # The English text is the template filled in with the values.
            assert problem.text.render() == problem.message
            assert problem.text.render("sv") == problem.message_in("sv")


def test_no_english_left_in_swedish_messages(errors: dict[str, InputError]) -> None:
    leftovers = {}
    for name, error in errors.items():
        for problem in error.problems:
            if name == "invalid_yaml":
                continue  # PyYAML's own description of the syntax error is English
            words = english_leftovers(problem.message_in("sv"), values_of(problem))
            if words:
                leftovers[(name, problem.field)] = (problem.message_in("sv"), words)
    assert not leftovers, leftovers


def test_unknown_state_in_swedish() -> None:
    error = error_of(edit({17: ("ill:", "sick:")}))
    texts = error.render("sv").splitlines()
    assert (
        f"{SOURCE}:17: model.transitions[0].probabilities.sick: okänt tillstånd 'sick'; "
        "förväntade ett av: well, ill, dead"
    ) in texts
    assert (
        f"{SOURCE}:12: model.transitions[0].probabilities: rad saknas för tillstånd ill; varje "
        "tillstånd som inte är absorberande behöver en rad (en tom rad {} för rates betyder att "
        "tillståndet aldrig lämnas)"
    ) in texts
    # English, through str() and render(), is unchanged.
    assert str(error) == error.render() == error.render("en")
    assert f"{SOURCE}:17: model.transitions[0].probabilities.sick: unknown state 'sick'" in str(
        error
    )


def test_example_name_in_swedish() -> None:
    with pytest.raises(InputError) as info:
        example_text("no-such-example")
    (problem,) = info.value.problems
    assert problem.message.startswith("no example called 'no-such-example'; expected one of: ")
    assert problem.message_in("sv").startswith(
        "det finns inget exempel som heter 'no-such-example'; förväntade ett av: "
    )


def test_unmapped_pydantic_error_keeps_pydantic_english() -> None:
    class Limited(BaseModel):
        model_config = ConfigDict(strict=True)
        when: bytes

    data = {"when": 3}
    with pytest.raises(ValidationError) as info:
        Limited.model_validate(data)
    (error,) = info.value.errors()
    (problem,) = problems_from_validation(info.value, data)
    msg = str(error["msg"])
    assert problem.message == f"{msg[:1].lower()}{msg[1:]}; found 3"
    # Only the joining words are translated; pydantic's text is shown as it is.
    assert problem.message_in("sv") == f"{msg[:1].lower()}{msg[1:]}, men fick 3"


def test_problem_api() -> None:
    plain = Problem("x", "a fixed text", 3)
    assert plain.template is None and plain.args == ()
    assert plain.format("f.yaml") == plain.format("f.yaml", "sv") == "f.yaml:3: x: a fixed text"
    made = Problem.of(
        "x", "unknown state {name}; expected one of: {states}", name="'a'", states="b"
    )
    assert made.message == "unknown state 'a'; expected one of: b"
    assert made.arguments == {"name": "'a'", "states": "b"}
    assert made.message_in("sv") == "okänt tillstånd 'a'; förväntade ett av: b"
    nested = Message.of(
        "{first} or {second}",
        first=Message.of("input should be a valid number"),
        second="'{braces}'",
    )
    assert nested.render() == "input should be a valid number or '{braces}'"
    assert nested.render("sv") == "förväntade ett tal eller '{braces}'"
    error = InputError("f.yaml", [plain, made])
    assert str(error) == error.render("en")
    assert error.render("sv").splitlines()[1] == (
        "f.yaml: x: okänt tillstånd 'a'; förväntade ett av: b"
    )


# --------------------------------------------------------------------------------------
# Through the command line


FILES = {
    # Cross-checks: unknown state, unknown payer, a row not summing to one.
    "checks.yaml": edit(
        {
            14: ("well: 0.9", "well: 0.8"),
            15: ("ill: 0.08", "illl: 0.08"),
            23: ("payer: kommun.socialtjanst", "payer: kommun.socialtjenst"),
        }
    ),
    # pydantic: a wrong type and an unknown field.
    "form.yaml": edit({31: ("size: 100", "size: many"), 9: ("absorbing: true", "absorbnig: 1")}),
}
CALLS = {
    "sv": ("--lang", "sv"),
    "en": ("--lang", "en"),
    "json_sv": ("--format", "json", "--lang", "sv"),
    "json_en": ("--format", "json", "--lang", "en"),
}


@pytest.fixture(scope="module")
def cli_runs(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Result]:
    folder = tmp_path_factory.mktemp("i18n_errors")
    for name, text in FILES.items():
        (folder / name).write_text(text, encoding="utf-8")
    keys = [(name, call) for name in FILES for call in CALLS]
    with ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 2)) as pool:
        results = pool.map(
            lambda key: run_cli("validate", key[0], *CALLS[key[1]], cwd=folder), keys
        )
        return dict(zip(keys, results, strict=True))


def _expected(name: str) -> InputError:
    with pytest.raises(InputError) as info:
        parse_scenario(FILES[name], source=name)
    return info.value


@pytest.mark.parametrize("name", FILES)
def test_cli_prints_swedish_problems(cli_runs: dict[tuple[str, str], Result], name: str) -> None:
    result = cli_runs[(name, "sv")]
    assert result.returncode == 2, result.stderr
    assert result.stdout == ""
    expected = _expected(name)
    lines = result.stderr.splitlines()
    assert lines[0] == "Fel: indata har problem:"
    assert lines[1:] == [f"  {line}" for line in expected.render("sv").splitlines()]
    for problem in expected.problems:
        assert f"  {name}:{problem.line}: {problem.field}: " in result.stderr
    if name == "checks.yaml":
        assert f"  {name}:15: model.transitions[0].probabilities.well.illl: okänt tillstånd" in (
            result.stderr
        )
        assert "okänd aktör 'kommun.socialtjenst'" in result.stderr
        assert "förväntade sannolikheter som summerar till 1, men fick 0.9" in result.stderr
        assert "unknown state" not in result.stderr and "unknown payer" not in result.stderr
    else:
        assert f"  {name}:31: target_group.size: förväntade ett tal, men fick 'many'" in (
            result.stderr
        )
        assert f"  {name}:9: model.states[2].absorbnig: okänt fält" in result.stderr
        assert "input should be" not in result.stderr and "unknown field" not in result.stderr


@pytest.mark.parametrize("name", FILES)
def test_cli_prints_english_problems_exactly(
    cli_runs: dict[tuple[str, str], Result], name: str
) -> None:
    result = cli_runs[(name, "en")]
    assert result.returncode == 2, result.stderr
    expected = _expected(name)
    assert result.stderr == "Error: the input has problems:\n" + "".join(
        f"  {line}\n" for line in str(expected).splitlines()
    )


@pytest.mark.parametrize("name", FILES)
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_cli_json_gives_the_message_in_the_language_and_in_english(
    cli_runs: dict[tuple[str, str], Result], name: str, lang: str
) -> None:
    result = cli_runs[(name, f"json_{lang}")]
    assert result.returncode == 2, result.stderr
    report = json.loads(result.stdout)
    assert report["valid"] is False
    expected = _expected(name)
    assert report["problems"] == [
        {
            "file": name,
            "line": p.line,
            "field": p.field,
            "message": p.message_in(lang),
            "message_en": p.message,
        }
        for p in expected.problems
    ]
    for item in report["problems"]:
        if lang == "sv":
            assert item["message"] != item["message_en"]
        else:
            assert item["message"] == item["message_en"]
