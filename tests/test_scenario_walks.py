"""The walks of a scenario (its references to the library, its inline values) skip the
values that hold nothing (numbers, text, dates, None) and find the same, in the same order,
as walking into everything."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from pydantic import BaseModel

from socinvest.scenario.inline import inline_id, inline_values
from socinvest.scenario.load import example_names, example_text, parse_scenario
from socinvest.scenario.model import ParamRef, StudyEffect, Uncertain
from socinvest.scenario.references import references

Path = tuple[str | int, ...]


def _everything(value: Any, path: Path = ()) -> Iterator[tuple[Path, Any]]:
    """Every value below ``value`` with its path, entering every model, dict and list."""
    yield path, value
    if isinstance(value, BaseModel):
        for name, info in type(value).model_fields.items():
            yield from _everything(getattr(value, name), (*path, info.alias or name))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _everything(item, (*path, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _everything(item, (*path, i))


def _found_by_walking_everything(scenario: Any) -> tuple[list[Path], list[Path]]:
    """The paths of the references (as :func:`references` gives them) and of the inline
    values, found by walking into everything, in order (a reference, inline value or study
    is not walked into, as the walks do not)."""
    refs: list[Path] = []
    inline: list[Path] = []
    inside: list[Path] = []
    for path, value in _everything(scenario):
        if any(path[: len(p)] == p for p in inside):
            continue
        if isinstance(value, ParamRef):
            refs.append(path)
            inside.append(path)
        elif isinstance(value, Uncertain):
            refs.append(path)
            inline.append(path)
            inside.append(path)
        elif isinstance(value, StudyEffect):
            if value.used is None or isinstance(value.used, ParamRef | Uncertain):
                refs.append((*path, "used"))
            inline.append(path)
            inside.append(path)
    return refs, inline


@pytest.mark.parametrize("name", example_names())
def test_the_walks_find_what_walking_into_everything_finds(name: str) -> None:
    scenario = parse_scenario(example_text(name), f"example:{name}")
    refs, inline = _found_by_walking_everything(scenario)
    found = references(scenario)
    assert [path for path, _ref, _use in found] == refs
    assert refs, "an example without references tests nothing"
    assert [path for path, _value in inline_values(scenario)] == inline
    for path, ref, _use in found:
        if path in inline or (path[-1] == "used" and path[:-1] in inline):
            where = path if path in inline else path[:-1]
            assert ref.param == inline_id(where)
