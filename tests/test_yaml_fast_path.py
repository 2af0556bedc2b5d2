"""libyaml's loader is on the hot path: the shipped parameter library and every example are
composed by ``CSafeLoader`` where PyYAML has it, and the line numbers are those of the text
(issue 16 item 1)."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from socinvest.params import yaml_source
from socinvest.params.library import load_library
from socinvest.params.yaml_source import parse_yaml
from socinvest.scenario.load import example_names, example_text

pytestmark = pytest.mark.skipif(
    not hasattr(yaml, "CSafeLoader"), reason="PyYAML built without libyaml"
)


@pytest.fixture
def composed(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count the documents libyaml composes; PyYAML's own composer must not run."""
    counted: list[int] = []

    class Counting(yaml.CSafeLoader):  # type: ignore[misc]
        def __init__(self, stream: Any) -> None:
            counted.append(1)
            super().__init__(stream)

    def refuse(*_args: Any, **_kwargs: Any) -> Any:
        raise AssertionError("PyYAML's pure-Python composer was used")

    monkeypatch.setattr(yaml_source, "_C_LOADER", Counting)
    monkeypatch.setattr(yaml_source._LimitedLoader, "__init__", refuse)
    return counted


def test_the_shipped_library_is_read_with_libyaml(composed: list[int]) -> None:
    library = load_library()  # not the cached default_library: read it here
    assert len(library.parameters) > 0
    assert len(composed) >= 4  # two passes per file


@pytest.mark.parametrize("name", example_names())
def test_the_examples_are_read_with_libyaml_and_keep_their_lines(
    name: str, composed: list[int]
) -> None:
    text = example_text(name)
    data, lines = parse_yaml(text, f"{name}.yaml")
    assert len(composed) == 2  # its event stream (the depth check), then the node tree
    # Every top-level key is on the line where the text has it.
    text_lines = text.splitlines()
    for key in data:
        line = lines.line_of([key])
        assert line is not None
        assert text_lines[line - 1].startswith(f"{key}:"), (key, line)
