"""Reading YAML so that every value can be traced back to its line.

PyYAML's composer gives nodes with marks; we construct plain Python objects from them and
keep a map from each value's path (a tuple of keys and indices) to its 1-based line.
Duplicate keys in a mapping are refused (PyYAML silently keeps the last one).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from socinvest.i18n import N_
from socinvest.params.errors import InputError, Problem

PathKey = tuple[str | int, ...]


@dataclass
class LineMap:
    """Line numbers of the values in a YAML document, by path."""

    lines: dict[PathKey, int] = field(default_factory=dict)

    def line_of(self, path: Sequence[str | int]) -> int | None:
        """Line of ``path`` or of its nearest ancestor that has one."""
        key = tuple(path)
        while True:
            if key in self.lines:
                return self.lines[key]
            if not key:
                return None
            key = key[:-1]


def format_path(path: Sequence[str | int]) -> str:
    """Render a path as ``a.b[2].c``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def _construct(
    node: yaml.Node,
    path: PathKey,
    lines: LineMap,
    problems: list[Problem],
    ancestors: frozenset[int] = frozenset(),
) -> Any:
    lines.lines[path] = node.start_mark.line + 1
    if id(node) in ancestors:
        problems.append(
            Problem.of(
                format_path(path),
                N_("a YAML alias refers to a mapping or list that contains it (endless recursion)"),
                line=node.start_mark.line + 1,
                path=path,
            )
        )
        return None
    ancestors = ancestors | {id(node)}
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = _construct_scalar(key_node)
            if isinstance(key, list | dict):
                problems.append(
                    Problem.of(
                        format_path(path),
                        N_("a mapping key must be a plain value"),
                        line=key_node.start_mark.line + 1,
                    )
                )
                continue
            if key in result:
                problems.append(
                    Problem.of(
                        format_path((*path, str(key))),
                        N_("duplicate key {key} (first given on line {first_line})"),
                        line=key_node.start_mark.line + 1,
                        key=repr(key),
                        first_line=lines.lines[(*path, key)],
                    )
                )
                continue
            result[key] = _construct(value_node, (*path, key), lines, problems, ancestors)
            lines.lines[(*path, key)] = key_node.start_mark.line + 1
        return result
    if isinstance(node, yaml.SequenceNode):
        return [
            _construct(child, (*path, i), lines, problems, ancestors)
            for i, child in enumerate(node.value)
        ]
    return _construct_scalar(node)


def _construct_scalar(node: yaml.Node) -> Any:
    if not isinstance(node, yaml.ScalarNode):
        return yaml.safe_load(yaml.serialize(node))
    return yaml.SafeLoader.construct_object(_SCALAR_LOADER, node)


_SCALAR_LOADER = yaml.SafeLoader("")


def _not_yaml(error: object, line: int | None = None) -> Problem:
    return Problem.of("", N_("not valid YAML: {error}"), line=line, error=error)


def parse_yaml(text: str, source: str) -> tuple[Any, LineMap]:
    """Parse YAML text into plain objects and a line map.

    Raises
    ------
    InputError
        On a syntax error (with its line) or duplicate keys.
    """
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        line = mark.line + 1 if mark is not None else None
        raise InputError(source, [_not_yaml(exc.problem, line)]) from None
    except yaml.YAMLError as exc:
        raise InputError(source, [_not_yaml(exc)]) from None
    lines = LineMap()
    if node is None:
        return None, lines
    problems: list[Problem] = []
    try:
        data = _construct(node, (), lines, problems)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        raise InputError(source, [_not_yaml(exc.problem, line)]) from None
    except yaml.YAMLError as exc:
        raise InputError(source, [_not_yaml(exc)]) from None
    if problems:
        raise InputError(source, problems)
    return data, lines


def load_yaml(path: Path) -> tuple[Any, LineMap]:
    """Read and parse a YAML file; a missing or unreadable file is an :class:`InputError`."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(str(path), [Problem.of("", N_("no such file"))]) from None
    except (OSError, UnicodeDecodeError) as exc:
        problem = Problem.of("", N_("cannot read the file: {error}"), error=exc)
        raise InputError(str(path), [problem]) from None
    return parse_yaml(text, str(path))
