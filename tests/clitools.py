"""Running the real ``socinvest`` entry point from the tests (shared by the CLI tests)."""

from __future__ import annotations

import json
import os
import shutil
import sys
import sysconfig
from dataclasses import dataclass
from typing import Any


def entry_point() -> list[str]:
    """The console script of this environment, else one on PATH, else ``python -m``."""
    for found in (
        shutil.which("socinvest", path=sysconfig.get_path("scripts")),
        shutil.which("socinvest"),
    ):
        if found:
            return [found]
    return [sys.executable, "-m", "socinvest.cli.main"]


CLI = entry_point()

ENV_DROPPED = frozenset(
    {
        "SOCINVEST_LANG",
        "LANG",
        "LANGUAGE",
        "LC_ALL",
        "LC_MESSAGES",
        "FORCE_COLOR",
        "COLUMNS",
        "TERMINAL_WIDTH",
    }
)
"""Variables removed for a CLI call, so the language is the default (Swedish)."""


def cli_env(**extra: str) -> dict[str, str]:
    """The environment for a CLI call: no language set (so the default, Swedish), UTF-8."""
    env = {k: v for k, v in os.environ.items() if k not in ENV_DROPPED}
    env.update({"LANG": "C.UTF-8", "PYTHONIOENCODING": "utf-8", "NO_COLOR": "1"})
    env.update(extra)
    return env


@dataclass(frozen=True)
class Result:
    """One finished CLI call."""

    args: tuple[str, ...]
    returncode: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr

    def json(self) -> Any:
        return json.loads(self.stdout)

    def describe(self) -> str:
        return (
            f"socinvest {' '.join(self.args)} -> exit {self.returncode}\n"
            f"--- stdout ---\n{self.stdout[-3000:]}\n--- stderr ---\n{self.stderr[-3000:]}"
        )
