"""Reading YAML so that every value can be traced back to its line.

PyYAML's composer gives nodes with marks; we construct plain Python objects from them and
keep a map from each value's path (a tuple of keys and indices) to its 1-based line.
Duplicate keys in a mapping are refused (PyYAML silently keeps the last one).

Every YAML file the program reads goes through :func:`read_yaml_text` and
:func:`parse_yaml`, which refuse, with the file and the line and before any work:

- anything but a regular file (a folder, a FIFO, a device such as ``/dev/zero``), and files
  larger than :data:`MAX_FILE_BYTES`;
- text that is not UTF-8 (the line and the byte are named), and control characters other
  than tab, line feed and carriage return;
- mappings and lists nested deeper than :data:`MAX_DEPTH` levels;
- documents that expand, aliases included, to more than :data:`MAX_NODES` values (a YAML
  "alias bomb" is refused in well under a second instead of filling the memory);
- scalars the YAML rules read as a date or time that does not exist (``2024-02-30``);
- control characters written as escapes in a quoted text (``"\\e]0;..."``), which would
  otherwise reach the terminal raw.
"""

from __future__ import annotations

import math
import re
import stat
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from socinvest.i18n import N_
from socinvest.params.errors import InputError, Message, Problem

PathKey = tuple[str | int, ...]

MAX_FILE_BYTES = 4_000_000
"""Largest YAML file read (4 MB; the shipped Swedish model is about 42 KB)."""

MAX_DEPTH = 64
"""Deepest nesting of mappings and lists (the shipped files nest at most 9 levels)."""

MAX_NODES = 200_000
"""Most values a document may expand to, counting each use of an alias in full (the largest
shipped file has fewer than 400)."""

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f]")


class _TooDeepError(Exception):
    def __init__(self, mark: Any) -> None:
        self.line: int | None = mark.line + 1 if mark is not None else None


class _TooLargeError(Exception):
    def __init__(self, line: int) -> None:
        self.line = line


class _LimitedLoader(yaml.SafeLoader):
    """PyYAML's safe loader with a limit on nesting, checked as the nodes are composed (its
    composer recurses once per level and would otherwise end in a RecursionError)."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise _TooDeepError(self.peek_event().start_mark)  # type: ignore[no-untyped-call]
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


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


@dataclass
class _Budget:
    """How many more values a document may expand to."""

    left: int = MAX_NODES


def _construct(
    node: yaml.Node,
    path: PathKey,
    lines: LineMap,
    problems: list[Problem],
    ancestors: frozenset[int] = frozenset(),
    budget: _Budget | None = None,
) -> Any:
    budget = budget if budget is not None else _Budget()
    budget.left -= 1
    if budget.left < 0:
        raise _TooLargeError(node.start_mark.line + 1)
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
            key = _construct_scalar(key_node, path, problems)
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
            result[key] = _construct(value_node, (*path, key), lines, problems, ancestors, budget)
            lines.lines[(*path, key)] = key_node.start_mark.line + 1
        return result
    if isinstance(node, yaml.SequenceNode):
        return [
            _construct(child, (*path, i), lines, problems, ancestors, budget)
            for i, child in enumerate(node.value)
        ]
    return _construct_scalar(node, path, problems)


_C_LOADER: type[Any] | None = getattr(yaml, "CSafeLoader", None)
"""libyaml's loader (about ten times faster than PyYAML's own), where PyYAML was built with
it; its nodes carry the same line marks."""

_OPENS = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
_CLOSES = (yaml.MappingEndEvent, yaml.SequenceEndEvent)


def _compose(text: str) -> yaml.Node | None:
    """The document's node tree, refused (:class:`_TooDeepError`) past :data:`MAX_DEPTH`.

    With libyaml the nesting is first measured on its stream of events (flat, no recursion),
    then the tree composed in C; without it, PyYAML's composer counts the depth as it goes.
    """
    if _C_LOADER is None:
        loader: Any = _LimitedLoader(text)
    else:
        depth = 0
        for event in yaml.parse(text, Loader=_C_LOADER):
            if isinstance(event, _OPENS):
                depth += 1
                if depth > MAX_DEPTH:
                    raise _TooDeepError(event.start_mark)
            elif isinstance(event, _CLOSES):
                depth -= 1
        loader = _C_LOADER(text)
    try:
        node: yaml.Node | None = loader.get_single_node()
        return node
    finally:
        loader.dispose()


def _construct_scalar(node: yaml.Node, path: PathKey, problems: list[Problem]) -> Any:
    if not isinstance(node, yaml.ScalarNode):
        return [] if isinstance(node, yaml.SequenceNode) else {}
    try:
        value = yaml.SafeLoader.construct_object(_SCALAR_LOADER, node)
    except (ValueError, OverflowError):
        # The YAML rules read e.g. 2024-02-30 as a date, which does not exist.
        problems.append(
            Problem.of(
                format_path(path),
                N_(
                    "{value} is not a date that exists (or a value YAML can read); quote it if "
                    "it is meant as text"
                ),
                line=node.start_mark.line + 1,
                path=path,
                value=node.value,
            )
        )
        return None
    control = _CONTROL.search(value) if isinstance(value, str) else None
    if control is not None:
        # An escape in a quoted string ("\e]0;...") would reach the terminal raw.
        problems.append(
            Problem.of(
                format_path(path),
                N_("control character {char} in a text; only tab and line breaks are allowed"),
                line=node.start_mark.line + 1,
                path=path,
                char=f"U+{ord(control.group()):04X}",
            )
        )
        return None
    return value


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
    control = _CONTROL.search(text)
    if control is not None:
        control_line = text.count("\n", 0, control.start()) + 1
        column = control.start() - (text.rfind("\n", 0, control.start()) + 1) + 1
        problem = Problem.of(
            "",
            N_("control character {char} in column {column}; only tab and line breaks are allowed"),
            line=control_line,
            char=f"U+{ord(control.group()):04X}",
            column=column,
        )
        raise InputError(source, [problem])
    try:
        node = _compose(text)
    except (_TooDeepError, RecursionError) as exc:
        problem = Problem.of(
            "",
            N_("mappings and lists nested deeper than {limit} levels"),
            line=exc.line if isinstance(exc, _TooDeepError) else None,
            limit=MAX_DEPTH,
        )
        raise InputError(source, [problem]) from None
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
    except _TooLargeError as exc:
        problem = Problem.of(
            "",
            N_(
                "the document expands to more than {limit} values (aliases counted in full); "
                "this limit guards against YAML alias bombs"
            ),
            line=exc.line,
            limit=f"{MAX_NODES:,}".replace(",", " "),
        )
        raise InputError(source, [problem]) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        raise InputError(source, [_not_yaml(exc.problem, line)]) from None
    except yaml.YAMLError as exc:
        raise InputError(source, [_not_yaml(exc)]) from None
    if problems:
        raise InputError(source, problems)
    return data, lines


def not_utf8(raw: bytes, exc: UnicodeDecodeError) -> Problem:
    """The problem of text that is not UTF-8, naming the line and the column of the byte."""
    line = raw.count(b"\n", 0, exc.start) + 1
    column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
    return Problem.of(
        "",
        N_(
            "the file is not UTF-8: byte 0x{byte} in column {column} cannot be read "
            "(save the file as UTF-8)"
        ),
        line=line,
        byte=f"{raw[exc.start]:02x}",
        column=column,
    )


def read_yaml_text(path: Path) -> str:
    """The text of a YAML file, checked before it is read.

    Raises
    ------
    InputError
        If the file is missing, not a regular file (a folder, FIFO or device), larger than
        :data:`MAX_FILE_BYTES`, unreadable, or not UTF-8 (naming the line and the byte).
    """
    source = str(path)
    try:
        info = path.stat()
    except FileNotFoundError:
        raise InputError(source, [Problem.of("", N_("no such file"))]) from None
    except OSError as exc:
        problem = Problem.of("", N_("cannot read the file: {error}"), error=exc.strerror or exc)
        raise InputError(source, [problem]) from None
    if not stat.S_ISREG(info.st_mode):
        kind = N_("a folder") if stat.S_ISDIR(info.st_mode) else N_("a special file")
        problem = Problem.of("", N_("expected a regular file, found {kind}"), kind=_msg(kind))
        raise InputError(source, [problem])
    if info.st_size > MAX_FILE_BYTES:
        problem = Problem.of(
            "",
            N_("the file is {size} MB; the limit for a YAML file is {limit} MB"),
            size=math.ceil(info.st_size / 1e6),
            limit=MAX_FILE_BYTES // 1_000_000,
        )
        raise InputError(source, [problem])
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        problem = Problem.of("", N_("cannot read the file: {error}"), error=exc.strerror or exc)
        raise InputError(source, [problem]) from None
    if len(raw) > MAX_FILE_BYTES:
        problem = Problem.of(
            "",
            N_("the file is {size} MB; the limit for a YAML file is {limit} MB"),
            size=f"> {MAX_FILE_BYTES // 1_000_000}",
            limit=MAX_FILE_BYTES // 1_000_000,
        )
        raise InputError(source, [problem])
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(source, [not_utf8(raw, exc)]) from None


def _msg(template: str) -> Message:
    return Message.of(template)


def load_yaml(path: Path) -> tuple[Any, LineMap]:
    """Read and parse a YAML file (see :func:`read_yaml_text` for what is refused)."""
    return parse_yaml(read_yaml_text(path), str(path))
