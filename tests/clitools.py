"""Running the real ``socinvest`` entry point from the tests (shared by the CLI tests)."""

from __future__ import annotations

import json
import math
import os
import shutil
import subprocess
import sys
import sysconfig
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
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

TIMEOUT_S = 300.0
"""How long one CLI call may take before the test fails (the PDF report is the slowest)."""

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


def run_cli(
    *args: str | Path,
    cwd: Path | None = None,
    env: Mapping[str, str] | None = None,
    timeout: float = TIMEOUT_S,
) -> Result:
    """Run ``socinvest ARGS`` through the real entry point and return what it did.

    ``env`` is the whole environment of the call, ``cli_env()`` (the default language,
    Swedish) unless given; the output is read as UTF-8.
    """
    argv = tuple(str(a) for a in args)
    proc = subprocess.run(
        [*CLI, *argv],
        cwd=cwd,
        env=dict(env) if env is not None else cli_env(),
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=timeout,
        check=False,
    )
    return Result(argv, proc.returncode, proc.stdout, proc.stderr)


def finite_json(text: str) -> Any:
    """Parse ``text`` as strict JSON: a bare NaN or Infinity (not JSON) or a non-finite
    number anywhere raises ValueError."""

    def refuse(constant: str) -> None:
        raise ValueError(f"bare {constant} in the JSON")

    data = json.loads(text, parse_constant=refuse)

    def check(value: Any) -> None:
        if isinstance(value, float) and not math.isfinite(value):
            raise ValueError(f"non-finite number {value} in the JSON")
        if isinstance(value, dict):
            for item in value.values():
                check(item)
        elif isinstance(value, list):
            for item in value:
                check(item)

    check(data)
    return data
