"""The layer contract (import-linter) and code style (ruff, mypy) are part of the tests."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=ROOT, capture_output=True, text=True, check=False)


def test_layer_contract_is_kept() -> None:
    exe = shutil.which("lint-imports")
    assert exe is not None, "import-linter is not installed (pip install -e '.[test]')"
    result = _run(exe, "--no-cache")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 kept, 0 broken" in result.stdout


def test_layer_contract_catches_a_violation() -> None:
    """The contract is not vacuous: core importing the scenario layer is refused."""
    import socinvest.core

    exe = shutil.which("lint-imports")
    assert exe is not None
    probe = Path(socinvest.core.__file__).parent / "_contract_probe.py"
    probe.write_text("import socinvest.scenario.model  # noqa: F401\n", encoding="utf-8")
    try:
        result = _run(exe, "--no-cache")
    finally:
        probe.unlink()
    assert result.returncode != 0
    assert "socinvest.core._contract_probe -> socinvest.scenario.model" in result.stdout


def test_ruff_is_clean() -> None:
    result = _run(sys.executable, "-m", "ruff", "check", "src", "tests", "benchmarks", "scripts")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_is_clean() -> None:
    result = _run(sys.executable, "-m", "mypy")
    assert result.returncode == 0, result.stdout + result.stderr
