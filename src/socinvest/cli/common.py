"""What every command uses: the help-text translator, the output format and language, loading
the library and the scenario, writing JSON and files, and turning failures into bad input.

Exit codes: 0 success, 2 bad input (a message naming the file, line and field), 1 any
other failure.
"""

from __future__ import annotations

import json
import math
import re
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import typer

from socinvest.analysis.errors import OptionError
from socinvest.atomic_files import write_text_atomically
from socinvest.i18n import N_, default_language, translator
from socinvest.params.errors import InputError, Message, Problem
from socinvest.params.library import ParameterLibrary, default_library, load_overrides
from socinvest.scenario.load import example_text, load_scenario, parse_scenario
from socinvest.scenario.model import AnalysisSettings, Scenario

if TYPE_CHECKING:
    from rich.console import Console

DEFAULT_EXAMPLE = "parenting-programme"
# The defaults as declared (not by building a model: its validator is built on first use).
DEFAULT_PRICE_YEAR: int = AnalysisSettings.model_fields["price_year"].default
DEFAULT_START_YEAR: int = AnalysisSettings.model_fields["start_year"].default
EXIT_BAD_INPUT = 2

T = translator(default_language())
"""The translator of the help texts (the language of the environment, not ``--lang``)."""


class Format(StrEnum):
    """Output formats."""

    table = "table"
    json = "json"


class Lang(StrEnum):
    """Languages."""

    sv = "sv"
    en = "en"


def language_of(lang: Lang | None) -> str:
    """The language of the output: ``--lang``, else the environment's."""
    return lang.value if lang is not None else default_language()


def stdout_console() -> Console:
    """The console of the output."""
    from rich.console import Console  # here: the commands that print plain lines skip it

    # Not a terminal (a pipe, a file): wide enough that no amount is cut or wrapped.
    return Console(width=None if sys.stdout.isatty() else 200, soft_wrap=False)


def non_finite_path(data: Any, path: str = "") -> str | None:
    """The path (``a.b[2]``) of the first NaN or infinite number in ``data``, else ``None``."""
    if isinstance(data, float):
        return None if math.isfinite(data) else path
    if isinstance(data, dict):
        for key, value in data.items():
            found = non_finite_path(value, f"{path}.{key}" if path else str(key))
            if found is not None:
                return found
    elif isinstance(data, list | tuple):
        for i, value in enumerate(data):
            found = non_finite_path(value, f"{path}[{i}]")
            if found is not None:
                return found
    return None


def json_text(data: Any, source: str = "", lang: str | None = None) -> str:
    """``data`` as indented JSON, non-ASCII letters as they are; never NaN or Infinity (which
    are not JSON): a result that is not a finite number is reported as bad input, naming
    where in the results it is, with exit code 2."""
    try:
        return json.dumps(data, ensure_ascii=False, indent=2, allow_nan=False)
    except ValueError:
        where = non_finite_path(data) or ""
        problem = Problem.of(
            where,
            N_(
                "the result is not a finite number: some input is too large or too extreme "
                "for the calculation (check the amounts, sizes and rates)"
            ),
        )
        fail(InputError(source or "<results>", [problem]), lang or default_language())


def echo_json(data: Any, source: str = "", lang: str | None = None) -> None:
    """Print ``data`` as indented JSON (see :func:`json_text`)."""
    typer.echo(json_text(data, source, lang))


_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def terminal_safe(text: str) -> str:
    """``text`` with control characters shown as escapes (``\\x1b``), so that text from the
    input (a file name, an option's value) cannot move the cursor, clear the screen or set
    the window title. Tabs and line breaks are kept."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def fail(error: InputError, lang: str, as_json: bool = False) -> NoReturn:
    """Report bad input (as JSON, or as lines on stderr) and exit with code 2."""
    _ = translator(lang)
    if as_json:
        # "message" in the chosen language; "message_en" in English, a stable text for scripts.
        problems = [
            {
                "file": error.source,
                "line": p.line,
                "field": p.field,
                "message": p.message_in(lang),
                "message_en": p.message,
            }
            for p in error.problems
        ]
        echo_json({"valid": False, "problems": problems})
    else:
        # Plain lines, one problem each (file:line: field: message), so editors and grep can
        # use them; no wrapping, no markup, no emoji codes.
        typer.secho(_("Error: the input has problems:"), err=True, fg="red", bold=True)
        for line in error.render(lang).splitlines():
            typer.echo(f"  {terminal_safe(line)}", err=True)
    raise typer.Exit(EXIT_BAD_INPUT)


def cannot_write(exc: OSError, option: str = "--out") -> Problem:
    """An OS error writing ``--out`` (or ``option``), as a problem of that option."""
    # socinvest's own reasons (atomic_files) are in the catalogue; the system's are not and
    # come back unchanged.
    reason = Message(exc.strerror.replace("{", "{{").replace("}", "}}")) if exc.strerror else exc
    if exc.strerror and exc.filename:
        return Problem.of(
            option, N_("cannot write there: {error} ({file})"), error=reason, file=exc.filename
        )
    return Problem.of(option, N_("cannot write there: {error}"), error=reason)


def write_text(path: Path, text: str, lang: str, as_json: bool = False) -> None:
    """Write a file, turning an OS error (missing folder, a folder in the way) into bad input."""
    try:
        write_text_atomically(path, text)
    except OSError as exc:
        fail(InputError(str(path), [cannot_write(exc)]), lang, as_json)


def analysis_problem(exc: ValueError, source: str) -> InputError:
    """An analysis refusing its options, as bad input naming the option."""
    if isinstance(exc, OptionError):
        return InputError(source, [Problem.from_message(exc.option, exc.text)])
    return InputError(source, [Problem("", str(exc))])


def library_with(params: list[Path] | None, lang: str, as_json: bool) -> ParameterLibrary:
    """The shipped library with each ``--params`` file's local values on top, in order."""
    library = default_library()
    try:
        for path in params or []:
            library = load_overrides(library, path)
    except InputError as exc:
        fail(exc, lang, as_json)
    return library


def load_or_example(
    path: Path | None, lang: str, as_json: bool = False, library: ParameterLibrary | None = None
) -> tuple[Scenario, str]:
    """The scenario of ``path`` (the shipped example without one) and its source."""
    try:
        if path is None:
            source = f"example:{DEFAULT_EXAMPLE}"
            return parse_scenario(example_text(DEFAULT_EXAMPLE), source, library), source
        return load_scenario(path, library), str(path)
    except InputError as exc:
        fail(exc, lang, as_json)


def open_scenario(
    scenario: Path | None, params: list[Path] | None, lang: Lang | None, output: Format
) -> tuple[str, bool, ParameterLibrary, Scenario, str]:
    """What every scenario command starts with: the language, whether the output is JSON, the
    library with the --params files on top, and the loaded scenario with its source."""
    language = language_of(lang)
    as_json = output is Format.json
    library = library_with(params, language, as_json)
    model, source = load_or_example(scenario, language, as_json, library)
    return language, as_json, library, model, source
