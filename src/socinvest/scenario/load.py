"""Loading a scenario file: YAML with lines, pydantic validation, cross-checks, a hash."""

from __future__ import annotations

import hashlib
import json
import re
import string
from dataclasses import replace
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from socinvest.i18n import N_
from socinvest.params.errors import InputError, Message, Problem
from socinvest.params.library import ParameterLibrary
from socinvest.params.yaml_source import LineMap, format_path, load_yaml, parse_yaml
from socinvest.scenario.model import Scenario
from socinvest.scenario.references import (
    check_references,
    library_for,
    references,
    resolved_scenario_data,
)
from socinvest.scenario.validate import check_scenario, defaulted_state_notes

EXAMPLES_PACKAGE = "socinvest"
EXAMPLES_DIR = ("data", "examples")


def _clean_loc(loc: tuple[int | str, ...], data: Any) -> tuple[str | int, ...]:
    """Keep the parts of a pydantic error location that are real keys or indices in ``data``.

    pydantic adds the names of union members (``str``, ``Text``, ``list[...]``) to the
    location; they are not fields a user wrote.
    """
    path: list[str | int] = []
    node = data
    for part in loc:
        in_dict = isinstance(node, dict) and part in node
        in_list = isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        if in_dict or in_list:
            path.append(part)
            node = node[part]
        elif isinstance(node, dict) and isinstance(part, str) and not _looks_like_type(part):
            path.append(part)  # a missing or unknown key
            node = None
    return tuple(path)


def _looks_like_type(part: str) -> bool:
    return (
        part[:1].isupper()
        or "[" in part
        or part.startswith("constrained-")
        or part in {"str", "int", "float", "bool", "list", "dict", "none"}
    )


def _pattern(template: str) -> re.Pattern[str]:
    """A regular expression matching the English text of ``template``, one named group for
    each placeholder."""
    out = ""
    for literal, name, _spec, _conversion in string.Formatter().parse(template):
        out += re.escape(literal)
        if name is not None:
            out += f"(?P<{name}>.+)"
    return re.compile(out, re.DOTALL)


def _templates(*templates: str) -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple((template, _pattern(template)) for template in templates)


# Our own ValueErrors (raised by the validators in scenario/model.py), as pydantic reports
# them, with their placeholders. The first whose English text matches is used, so a fixed
# text ("... found none") comes before the general one.
_VALUE_ERRORS = _templates(
    N_("give the text in Swedish (sv), English (en) or both"),
    N_("expected exactly one of probabilities, counts or rates; found none"),
    N_("expected exactly one of probabilities, counts or rates; found {found}"),
    N_("expected 'annual', 'on_entry' or both"),
    N_("'recipient' is only for category 'transfer'"),
    N_("expected exactly one of 'size' and 'intake'"),
    N_("'intake' needs at least one year with children starting"),
    N_("decay type {type} needs {missing}"),
    N_("decay type {type} does not take {extra}"),
    N_("expected exactly one of 'relative_risk', 'odds_ratio' and 'study'"),
    N_("each adjustment needs its own id"),
    N_("distribution {kind} needs {wanted}; found {found}"),
    N_("expected the value inside its 95% interval, found {value} and [{low}, {high}]"),
    N_(
        "expected low <= value <= high with low < high, found low {low}, value {value}, high {high}"
    ),
    N_("a {kind} distribution needs a positive value, found {value}"),
    N_(
        "a beta distribution needs a value in (0, 1) and sd < sqrt(value (1 - value)), "
        "found value {value} and sd {sd}"
    ),
    N_("give the uncertainty as 'ci95' or 'se', not both"),
    N_("'baseline_risk' is needed for a risk_difference and only for it"),
    N_("the {measure} and its interval must be positive"),
    N_("give the window by 'ages' or by 'years', not both"),
    N_("expected exactly one of fixed_per_year, per_participant, per_participant_year; found none"),
    N_(
        "expected exactly one of fixed_per_year, per_participant, per_participant_year; "
        "found {found}"
    ),
    N_("'years' does not apply to per_participant (paid once, at the start)"),
    N_("'states' does not apply to fixed_per_year"),
    N_("expected exactly one of 'years' and 'age'"),
    N_("expected a range such as '3-5', found {value}"),
    N_("expected a non-negative year, found {value}"),
    N_("expected a range such as '3-5', '7' or '65+', found {value}"),
    N_("a range must not end before it starts, found {value}"),
)

# pydantic's own errors by type: its English text (first letter in lower case) as templates.
# The values (limits, patterns, what was expected) are taken from that text, so the English
# stays exactly pydantic's; a text that matches none of the templates is shown as it is.
_PYDANTIC_ERRORS: dict[str, tuple[tuple[str, re.Pattern[str]], ...]] = {
    "greater_than": _templates(N_("input should be greater than {gt}")),
    "greater_than_equal": _templates(N_("input should be greater than or equal to {ge}")),
    "less_than": _templates(N_("input should be less than {lt}")),
    "less_than_equal": _templates(N_("input should be less than or equal to {le}")),
    "finite_number": _templates(N_("input should be a finite number")),
    "float_type": _templates(N_("input should be a valid number")),
    "float_parsing": _templates(
        N_("input should be a valid number, unable to parse string as a number")
    ),
    "int_type": _templates(N_("input should be a valid integer")),
    "int_parsing": _templates(
        N_("input should be a valid integer, unable to parse string as an integer")
    ),
    "int_from_float": _templates(
        N_("input should be a valid integer, got a number with a fractional part")
    ),
    "bool_type": _templates(N_("input should be a valid boolean")),
    "bool_parsing": _templates(N_("input should be a valid boolean, unable to interpret input")),
    "string_type": _templates(N_("input should be a valid string")),
    "dict_type": _templates(N_("input should be a valid dictionary")),
    "list_type": _templates(N_("input should be a valid list")),
    "model_type": _templates(N_("input should be a valid dictionary or instance of {class_name}")),
    "literal_error": _templates(N_("input should be {expected}")),
    "string_pattern_mismatch": _templates(N_("string should match pattern '{pattern}'")),
    "string_too_short": _templates(
        N_("string should have at least {min_length} characters"),
        N_("string should have at least {min_length} character"),
    ),
    "string_too_long": _templates(
        N_("string should have at most {max_length} characters"),
        N_("string should have at most {max_length} character"),
    ),
    "too_short": _templates(
        N_("list should have at least {min_length} items after validation, not {actual_length}"),
        N_("list should have at least {min_length} item after validation, not {actual_length}"),
    ),
    "too_long": _templates(
        N_("list should have at most {max_length} items after validation, not {actual_length}"),
        N_("list should have at most {max_length} item after validation, not {actual_length}"),
    ),
}

EITHER = N_("{first} or {second}")
"""Two alternatives: the messages of a union's members, or the last two allowed values."""

FOUND = N_("{problem}; found {found}")
"""A problem and the value that was given."""

# A value as pydantic lists the allowed values of a Literal: a quoted string or a plain word.
_LITERAL_ITEM = r"(?:'[^']*'|\"[^\"]*\"|[^\s,'\"]+)"
_LITERAL_CHOICES = re.compile(rf"({_LITERAL_ITEM}(?:, {_LITERAL_ITEM})*) or ({_LITERAL_ITEM})")


def _from_templates(text: str, templates: tuple[tuple[str, re.Pattern[str]], ...]) -> Message | str:
    """The first template whose English text is ``text``, with the values found in it; or
    ``text`` itself when none is."""
    for template, pattern in templates:
        match = pattern.fullmatch(text)
        if match is None:
            continue
        args: dict[str, str | Message] = dict(match.groupdict())
        expected = args.get("expected")
        if isinstance(expected, str):
            choices = _LITERAL_CHOICES.fullmatch(expected)
            if choices is not None:
                args["expected"] = Message.of(EITHER, first=choices[1], second=choices[2])
        message = Message.of(template, **args)
        if message.english == text:
            return message
    return text


def _message(error: Any) -> Message | str:
    """The message of one pydantic error: a :class:`Message` when its text is one we know,
    else pydantic's English text."""
    kind = error["type"]
    found = error.get("input")
    if kind == "extra_forbidden":
        return Message.of(
            N_("unknown field (check the spelling; 'socinvest schema' lists the fields)")
        )
    if kind == "missing":
        return Message.of(N_("required field is missing"))
    msg = str(error["msg"]).replace("Value error, ", "")
    msg = msg[:1].lower() + msg[1:]
    shown = repr(found)
    text = _from_templates(
        msg, _VALUE_ERRORS if kind == "value_error" else _PYDANTIC_ERRORS.get(kind, ())
    )
    if kind == "value_error" or (isinstance(found, dict | list) and len(shown) > 60):
        return text  # our own messages say what was found; long containers are not shown
    return Message.of(FOUND, problem=text, found=shown)


def _english(text: Message | str) -> str:
    return text if isinstance(text, str) else text.english


def _either(texts: list[Message | str]) -> Message | str:
    """The texts joined with "or" (as pydantic's union members are)."""
    joined = texts[-1]
    for text in reversed(texts[:-1]):
        joined = Message.of(EITHER, first=text, second=joined)
    return joined


def problems_from_validation(
    error: ValidationError, data: Any, skip_types: frozenset[str] = frozenset()
) -> list[Problem]:
    """Turn a pydantic error into problems, one per field (union alternatives joined; errors
    of a type in ``skip_types`` left out)."""
    by_path: dict[tuple[str | int, ...], list[Message | str]] = {}
    located = [
        (_clean_loc(tuple(err["loc"]), data), err)
        for err in error.errors()
        if err["type"] not in skip_types
    ]
    for path, err in located:
        if err["type"].endswith("_type") and any(
            len(other) > len(path) and other[: len(path)] == path for other, _ in located
        ):
            # A union member that did not fit (e.g. "not a string") beside errors inside the
            # member that did: the inner errors say more.
            continue
        messages = by_path.setdefault(path, [])
        text = _message(err)
        if all(_english(text) != _english(other) for other in messages):
            messages.append(text)
    return [
        Problem.from_message(format_path(path), _either(msgs), path=path)
        for path, msgs in by_path.items()
    ]


def _with_lines(problems: list[Problem], lines: LineMap) -> list[Problem]:
    return [replace(p, line=lines.line_of(p.path)) if p.line is None else p for p in problems]


def scenario_from_data(
    data: Any, lines: LineMap, source: str, library: ParameterLibrary | None = None
) -> Scenario:
    """Validate parsed YAML as a scenario, including its references to the parameter library
    (``library``: default the shipped one, with any ``--params`` overrides applied).

    Raises
    ------
    InputError
        With every problem found, each with its field and line.
    """
    if not isinstance(data, dict):
        if data is None:
            problem = Problem.of(
                "", N_("expected a scenario (a mapping), found an empty file"), line=1
            )
        else:
            problem = Problem.of(
                "",
                N_("expected a scenario (a mapping), found {found}"),
                line=1,
                found=type(data).__name__,
            )
        raise InputError(source, [problem])
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as exc:
        raise InputError(source, _with_lines(problems_from_validation(exc, data), lines)) from None
    problems = check_scenario(scenario)
    if problems:
        raise InputError(source, _with_lines(problems, lines))
    try:
        scenario_library = library_for(scenario, library, source)
    except InputError as exc:
        raise InputError(source, _with_lines(exc.problems, lines)) from None
    problems = check_references(scenario, scenario_library)
    if problems:
        raise InputError(source, _with_lines(problems, lines))
    problems = _check_resolved(scenario, scenario_library)
    if problems:
        raise InputError(source, _with_lines(problems, lines))
    return scenario


def _check_resolved(scenario: Scenario, library: ParameterLibrary) -> list[Problem]:
    """The scenario's values after every reference, ``times`` and ``--params`` override,
    checked against the same field ranges and rules as the numbers written in the file, so
    that what ``validate`` accepts is what ``run`` runs."""
    data, _used, _factor = resolved_scenario_data(scenario, library, optimism_bias=False)
    try:
        resolved = Scenario.model_validate(data)
    except ValidationError as exc:
        # After resolution every value is a number: the union's other member (a reference
        # {param: ...}) is not a choice the user has, so its "expected a mapping" is dropped.
        found = problems_from_validation(
            exc, data, frozenset({"model_type", "dict_type", "model_attributes_type"})
        )
    else:
        found = check_scenario(resolved)
    param_at = {path: ref.param for path, ref, _use in references(scenario)}
    out = []
    for p in found:
        param = param_at.get(p.path)
        text = (
            Message.of(AFTER_REFERENCE, problem=p.text)
            if param is None
            else Message.of(AFTER_PARAMETER, problem=p.text, id=param)
        )
        out.append(Problem.from_message(p.field, text, path=p.path))
    return out


AFTER_REFERENCE = N_("{problem} (the value from the parameter library, after 'times')")
AFTER_PARAMETER = N_("{problem} (the value of {id} from the parameter library, after 'times')")


def load_scenario(path: str | Path, library: ParameterLibrary | None = None) -> Scenario:
    """Load and validate a scenario file.

    Raises
    ------
    InputError
        With every problem found, each naming the file, line and field.
    """
    data, lines = load_yaml(Path(path))
    return scenario_from_data(data, lines, str(path), library)


def parse_scenario(
    text: str, source: str = "<scenario>", library: ParameterLibrary | None = None
) -> Scenario:
    """Validate scenario YAML given as text."""
    data, lines = parse_yaml(text, source)
    return scenario_from_data(data, lines, source, library)


def scenario_notes(scenario: Scenario, path: str | Path | None = None) -> list[Problem]:
    """What ``socinvest validate`` notes about a valid scenario without refusing it: the
    states that per-participant costs apply to by default (see
    :func:`socinvest.scenario.validate.defaulted_state_notes`), each with its line in the file
    at ``path`` when given."""
    notes = defaulted_state_notes(scenario)
    if path is None or not notes:
        return notes
    _data, lines = load_yaml(Path(path))
    return _with_lines(notes, lines)


def scenario_hash(scenario: Scenario) -> str:
    """SHA-256 of the scenario's canonical JSON (keys sorted), so formatting does not count.

    Optional sections added to the format later (``individuals``) are left out when absent,
    so the hash of a scenario written before them does not change."""
    data = scenario.model_dump(mode="json", by_alias=True)
    if data.get("individuals") is None:
        data.pop("individuals", None)
    canonical = json.dumps(data, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def example_names() -> list[str]:
    """Names of the shipped example scenarios."""
    folder = resources.files(EXAMPLES_PACKAGE).joinpath(*EXAMPLES_DIR)
    return sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".yaml"))


def example_text(name: str) -> str:
    """The YAML text of a shipped example scenario.

    Raises
    ------
    InputError
        If there is no example of that name.
    """
    if name not in example_names():
        raise InputError(
            "socinvest example",
            [
                Problem.of(
                    "name",
                    N_("no example called {name}; expected one of: {names}"),
                    name=repr(name),
                    names=", ".join(example_names()),
                )
            ],
        )
    folder = resources.files(EXAMPLES_PACKAGE).joinpath(*EXAMPLES_DIR)
    return folder.joinpath(f"{name}.yaml").read_text(encoding="utf-8")
