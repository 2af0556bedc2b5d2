"""Loading a scenario file: YAML with lines, pydantic validation, cross-checks, a hash."""

from __future__ import annotations

import hashlib
import json
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from socinvest.params.errors import InputError, Problem
from socinvest.params.yaml_source import LineMap, format_path, load_yaml, parse_yaml
from socinvest.scenario.model import Scenario
from socinvest.scenario.validate import check_scenario

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
        or part in {"str", "int", "float", "bool", "list", "dict", "none"}
    )


def _message(error: Any) -> str:
    kind = error["type"]
    found = error.get("input")
    if kind == "extra_forbidden":
        return "unknown field (check the spelling; 'socinvest schema' lists the fields)"
    if kind == "missing":
        return "required field is missing"
    msg = str(error["msg"]).replace("Value error, ", "")
    msg = msg[:1].lower() + msg[1:]
    shown = repr(found)
    if kind == "value_error" or (isinstance(found, dict | list) and len(shown) > 60):
        return msg  # our own messages say what was found; long containers are not shown
    return f"{msg}; found {shown}"


def problems_from_validation(error: ValidationError, data: Any) -> list[Problem]:
    """Turn a pydantic error into problems, one per field (union alternatives joined)."""
    by_path: dict[tuple[str | int, ...], list[str]] = {}
    located = [(_clean_loc(tuple(err["loc"]), data), err) for err in error.errors()]
    for path, err in located:
        if err["type"].endswith("_type") and any(
            len(other) > len(path) and other[: len(path)] == path for other, _ in located
        ):
            # A union member that did not fit (e.g. "not a string") beside errors inside the
            # member that did: the inner errors say more.
            continue
        messages = by_path.setdefault(path, [])
        text = _message(err)
        if text not in messages:
            messages.append(text)
    return [
        Problem(format_path(path), " or ".join(msgs), path=path) for path, msgs in by_path.items()
    ]


def _with_lines(problems: list[Problem], lines: LineMap) -> list[Problem]:
    return [
        Problem(p.field, p.message, lines.line_of(p.path) if p.line is None else p.line, p.path)
        for p in problems
    ]


def scenario_from_data(data: Any, lines: LineMap, source: str) -> Scenario:
    """Validate parsed YAML as a scenario.

    Raises
    ------
    InputError
        With every problem found, each with its field and line.
    """
    if not isinstance(data, dict):
        found = "an empty file" if data is None else type(data).__name__
        raise InputError(
            source, [Problem("", f"expected a scenario (a mapping), found {found}", 1)]
        )
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as exc:
        raise InputError(source, _with_lines(problems_from_validation(exc, data), lines)) from None
    problems = check_scenario(scenario)
    if problems:
        raise InputError(source, _with_lines(problems, lines))
    return scenario


def load_scenario(path: str | Path) -> Scenario:
    """Load and validate a scenario file.

    Raises
    ------
    InputError
        With every problem found, each naming the file, line and field.
    """
    data, lines = load_yaml(Path(path))
    return scenario_from_data(data, lines, str(path))


def parse_scenario(text: str, source: str = "<scenario>") -> Scenario:
    """Validate scenario YAML given as text."""
    data, lines = parse_yaml(text, source)
    return scenario_from_data(data, lines, source)


def scenario_hash(scenario: Scenario) -> str:
    """SHA-256 of the scenario's canonical JSON (keys sorted), so formatting does not count."""
    canonical = json.dumps(
        scenario.model_dump(mode="json", by_alias=True), sort_keys=True, separators=(",", ":")
    )
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
                Problem(
                    "name",
                    f"no example called {name!r}; expected one of: {', '.join(example_names())}",
                )
            ],
        )
    folder = resources.files(EXAMPLES_PACKAGE).joinpath(*EXAMPLES_DIR)
    return folder.joinpath(f"{name}.yaml").read_text(encoding="utf-8")
