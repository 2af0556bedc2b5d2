"""Fuzz test of bad input (issue 12): at least 2 000 generated bad scenario files run through
``validate`` and ``run --format json``, each call with a time limit and the process with a
memory limit: zero tracebacks, zero hangs, exit 0 only with finite, valid JSON, and
``validate`` accepts exactly what ``run`` accepts.

The files come from :mod:`fuzz_inputs` (a seeded generator: the same files every run); the
calls go through the CLI's own command in worker processes (:mod:`fuzz_worker`), so 4 000
calls take minutes, not the hours separate processes would; a sample also goes through the
installed console script.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from clitools import run_cli
from fuzz_inputs import generate

INPUTS = int(os.environ.get("SOCINVEST_FUZZ_INPUTS", "2000"))
SECONDS = 60
"""Time limit of one call (a run of the shipped example takes about a second)."""
MEMORY = 6 * 1024**3
"""Address-space limit of a worker process."""
WORKERS = 2

HERE = Path(__file__).resolve().parent


def _run_workers(folders: list[Path]) -> list[dict[str, Any]]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(HERE), *sys.path])}
    env.update({"LANG": "C.UTF-8", "NO_COLOR": "1", "OMP_NUM_THREADS": "1"})
    env.pop("SOCINVEST_LANG", None)
    processes = [
        subprocess.Popen(
            [sys.executable, str(HERE / "fuzz_worker.py"), str(f), str(SECONDS), str(MEMORY)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for f in folders
    ]
    records = []
    for process in processes:
        stdout, stderr = process.communicate(timeout=3600)
        assert process.returncode == 0, stderr[-3000:]
        records += [json.loads(line) for line in stdout.splitlines() if line.strip()]
    return records


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, Any]]:
    base = tmp_path_factory.mktemp("fuzz")
    folders = [base / f"w{i}" for i in range(WORKERS)]
    for folder in folders:
        folder.mkdir()
    for k, (name, content) in enumerate(generate(INPUTS)):
        (folders[k % WORKERS] / f"{name}.yaml").write_bytes(content)
    records = _run_workers(folders)
    assert len(records) == INPUTS
    return records


def test_at_least_two_thousand_inputs_with_a_mix_of_outcomes(
    outcomes: list[dict[str, Any]],
) -> None:
    assert INPUTS >= 2000 or "SOCINVEST_FUZZ_INPUTS" in os.environ
    exits = Counter(r["validate"]["exit"] for r in outcomes)
    # The generator must produce refusals and, by chance, some valid files too.
    assert exits[2] > len(outcomes) // 2, exits
    assert exits[0] > 0, exits


def test_no_traceback_and_no_hang(outcomes: list[dict[str, Any]]) -> None:
    bad = [
        (r["name"], command, r[command]["problem"])
        for r in outcomes
        for command in ("validate", "run")
        if r[command]["problem"] is not None
    ]
    assert not bad, f"{len(bad)} calls failed; first: {bad[:3]}"


def test_exit_codes_are_0_or_2(outcomes: list[dict[str, Any]]) -> None:
    other = [
        (r["name"], c, r[c]["exit"], r[c]["stderr"])
        for r in outcomes
        for c in ("validate", "run")
        if r[c]["exit"] not in (0, 2, None)
    ]
    assert not other, other[:3]


def test_exit_0_only_with_finite_valid_json(outcomes: list[dict[str, Any]]) -> None:
    broken = [
        (r["name"], c)
        for r in outcomes
        for c in ("validate", "run")
        if r[c]["exit"] == 0 and not r[c]["json_ok"]
    ]
    assert not broken, broken[:5]


def test_validate_accepts_exactly_what_run_accepts(outcomes: list[dict[str, Any]]) -> None:
    disagree = [
        (r["name"], r["validate"]["exit"], r["run"]["exit"], r["run"]["stderr"])
        for r in outcomes
        if (r["validate"]["exit"] == 0) != (r["run"]["exit"] == 0)
    ]
    assert not disagree, disagree[:3]


def test_a_sample_through_the_console_script(tmp_path: Path) -> None:
    for name, content in generate(10, seed=7):
        path = tmp_path / f"{name}.yaml"
        path.write_bytes(content)
        result = run_cli("validate", path, "--format", "json", timeout=SECONDS)
        assert result.returncode in (0, 2), result.describe()
        assert "Traceback" not in result.output, result.describe()
        json.loads(result.stdout)
