"""Commands registered lazily: ``socinvest --help`` lists every command from a small registry
(name, module, one-line help) without importing any command module; running a command, or
asking for its own help, imports only the module that registers it.

A command module has ``register(app)``, which adds its commands to a Typer app (the same
function the eager registration used). Commands added to the app the ordinary way
(``@app.command`` or ``module.register(app)``) still work: they come after the lazy ones.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from difflib import get_close_matches
from functools import cache
from typing import Any, ClassVar

import typer
import typer.main
from typer.core import TyperCommand, TyperGroup


@dataclass(frozen=True)
class LazyCommand:
    """A command (or group of commands) of the registry.

    Attributes
    ----------
    name : str
        The command's name, as typed after ``socinvest``.
    module : str
        The module whose ``register`` function (or ``function``) adds it to an app.
    help : str
        Its help text, exactly as the module gives it (a test checks they agree): the
        overview lists its first line.
    function : str
        The name of the function in ``module`` that adds the command to an app.
    """

    name: str
    module: str
    help: str
    function: str = "register"


class LazyGroup(TyperGroup):
    """A Typer group that imports a command's module only when the command is looked up to
    run (or to show its own help); the overview (``--help``) is built from the registry."""

    registry: ClassVar[dict[str, LazyCommand]] = {}
    """Subclasses set this (see :func:`lazy_group`)."""

    _listing: bool = False

    def list_commands(self, ctx: Any) -> list[str]:
        eager = [name for name in self.commands if name not in self.registry]
        return [*self.registry, *eager]

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        found = self.commands.get(cmd_name)
        if found is not None:
            return found
        entry = self.registry.get(cmd_name)
        if entry is None:
            return None
        if self._listing:
            # The overview only reads the name and the help: no import.
            return TyperCommand(name=entry.name, help=entry.help)
        command = load_command(entry)
        self.commands[cmd_name] = command
        return command

    def format_help(self, ctx: Any, formatter: Any) -> None:
        self._listing = True
        try:
            super().format_help(ctx, formatter)
        finally:
            self._listing = False

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        try:
            return self._click_resolve_command(ctx, args)
        except Exception as error:
            # "Did you mean ...?" from every command, not only the ones already loaded.
            message = getattr(error, "message", None)
            if self.suggest_commands and isinstance(message, str) and args:
                matches = get_close_matches(args[0], self.list_commands(ctx))
                if matches:
                    suggestions = ", ".join(f"{m!r}" for m in matches)
                    error.message = f"{message.rstrip('.')}. Did you mean {suggestions}?"  # type: ignore[attr-defined]
            raise


@cache
def _registered(module_name: str, function: str) -> dict[str, Any]:
    # Once per process: a register function may add to module-level sub-apps, and the tests
    # run the app many times in one process.
    module = importlib.import_module(module_name)
    register: Callable[[typer.Typer], None] = getattr(module, function)
    scratch = typer.Typer()
    register(scratch)
    return dict(typer.main.get_group(scratch).commands)


def load_command(entry: LazyCommand) -> Any:
    """Import ``entry``'s module and return the click command it registers under its name."""
    command = _registered(entry.module, entry.function).get(entry.name)
    if command is None:
        raise LookupError(f"{entry.module}.{entry.function} does not register {entry.name!r}")
    return command


def lazy_group(commands: list[LazyCommand]) -> type[LazyGroup]:
    """A :class:`LazyGroup` class with ``commands`` as its registry, in the order listed."""
    return type("SocinvestGroup", (LazyGroup,), {"registry": {c.name: c for c in commands}})
