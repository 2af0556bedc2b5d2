"""The error type for bad input: it names the file, the line, the field, what was expected
and what was found."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Problem:
    """One problem in an input file.

    Attributes
    ----------
    field : str
        Dotted path of the field, e.g. ``alternatives[1].interventions[0]``; empty for the
        whole file.
    message : str
        What was expected and what was found.
    line : int or None
        1-based line in the file, when known.
    path : tuple
        The field's path as keys and indices, used to look up its line.
    """

    field: str
    message: str
    line: int | None = None
    path: tuple[str | int, ...] = ()

    def format(self, source: str) -> str:
        """Render as ``file:line: field: message``."""
        where = source if self.line is None else f"{source}:{self.line}"
        return (
            f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        )


@dataclass
class InputError(Exception):
    """Bad input: one or more problems in one file.

    Attributes
    ----------
    source : str
        The file (or other source) the input came from.
    problems : list of Problem
    """

    source: str
    problems: list[Problem] = field(default_factory=list)

    def __str__(self) -> str:
        return "\n".join(p.format(self.source) for p in self.problems)
