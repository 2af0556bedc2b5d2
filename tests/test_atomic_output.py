"""Output is written atomically: a report, a params file and the set of files of
``run --out`` are either the previous ones or the complete new ones, after an error, a
SIGTERM, a SIGKILL or a full file system; no temporary file stays behind (issue 12, item 4)."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import time
from pathlib import Path

import pytest

from clitools import CLI, cli_env, run_cli
from socinvest.atomic_files import (
    atomic_folder,
    atomic_path,
    check_target,
    check_target_folder,
)

OUTPUTS = frozenset({"ledger.csv", "person_years.csv", "results.json"})


def temporaries(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".") and ".tmp" in p.name)


def test_atomic_path_replaces_in_one_step_and_cleans_up_on_error(tmp_path: Path) -> None:
    target = tmp_path / "r.html"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(RuntimeError), atomic_path(target) as temporary:
        temporary.write_text("half", encoding="utf-8")
        raise RuntimeError("boom")
    assert target.read_text(encoding="utf-8") == "old"
    assert temporaries(tmp_path) == []
    with atomic_path(target) as temporary:
        assert temporary.suffix == ".html" and temporary.parent == tmp_path
        temporary.write_text("new", encoding="utf-8")
    assert target.read_text(encoding="utf-8") == "new"
    assert temporaries(tmp_path) == []
    assert oct(target.stat().st_mode & 0o777) != oct(0o600)  # not private like mkstemp's


def test_atomic_folder_swaps_the_set_or_keeps_the_old_one(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "results.json").write_text("old", encoding="utf-8")
    with pytest.raises(KeyboardInterrupt), atomic_folder(out) as folder:
        (folder / "results.json").write_text("half", encoding="utf-8")
        raise KeyboardInterrupt
    assert (out / "results.json").read_text(encoding="utf-8") == "old"
    assert temporaries(tmp_path) == []
    with atomic_folder(out) as folder:
        (folder / "results.json").write_text("new", encoding="utf-8")
        (folder / "ledger.csv").write_text("a,b\n", encoding="utf-8")
    assert sorted(p.name for p in out.iterdir()) == ["ledger.csv", "results.json"]
    assert temporaries(tmp_path) == []


def test_targets_are_checked_before_any_work(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        check_target(tmp_path / "missing" / "r.html")
    (tmp_path / "r.html").mkdir()
    with pytest.raises(IsADirectoryError):
        check_target(tmp_path / "r.html")
    mixed = tmp_path / "mixed"
    mixed.mkdir()
    (mixed / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(FileExistsError):
        check_target_folder(mixed, OUTPUTS)
    check_target_folder(tmp_path / "new" / "deeper", OUTPUTS)  # created when written


def test_a_temporary_left_by_a_killed_process_is_swept(tmp_path: Path) -> None:
    dead = subprocess.Popen(["true"])
    dead.wait()
    stale = tmp_path / f".r.{dead.pid}.abc.tmp.html"
    stale.write_text("left by SIGKILL", encoding="utf-8")
    mine = tmp_path / f".r.{os.getpid()}.xyz.tmp.html"  # a live writer's: kept
    mine.write_text("in use", encoding="utf-8")
    with atomic_path(tmp_path / "r.html") as temporary:
        temporary.write_text("new", encoding="utf-8")
    assert not stale.exists()
    assert mine.exists()


def test_cli_refuses_a_bad_target_before_the_analysis(tmp_path: Path) -> None:
    result = run_cli("report", "--out", tmp_path / "missing" / "r.html", timeout=60)
    assert result.returncode == 2, result.describe()
    assert "mappen finns inte" in result.output
    mixed = tmp_path / "mixed"
    mixed.mkdir()
    (mixed / "notes.txt").write_text("mine", encoding="utf-8")
    result = run_cli("run", "--out", mixed, timeout=60)
    assert result.returncode == 2, result.describe()
    assert (mixed / "notes.txt").read_text(encoding="utf-8") == "mine"
    assert sorted(p.name for p in mixed.iterdir()) == ["notes.txt"]


def _complete_set(out: Path) -> dict[str, bytes]:
    files = {p.name: p.read_bytes() for p in out.iterdir()}
    assert set(files) == OUTPUTS, sorted(files)
    json.loads(files["results.json"])  # whole, valid JSON
    return files


def _start(*args: str | Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [*CLI, *map(str, args)],
        env=cli_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGKILL], ids=["term", "kill"])
def test_run_out_killed_at_random_points_leaves_old_or_new_set(
    tmp_path: Path, sig: signal.Signals
) -> None:
    out = tmp_path / "out"
    result = run_cli("run", "--out", out, "--draws", "20", "--seed", "1")
    assert result.returncode == 0, result.describe()
    old = _complete_set(out)
    # how long a whole run takes here, to spread the kills over it
    start = time.perf_counter()
    result = run_cli("run", "--out", tmp_path / "timed", "--draws", "200", "--seed", "2")
    assert result.returncode == 0, result.describe()
    duration = time.perf_counter() - start
    rng = random.Random(12)
    outcomes = set()
    for _ in range(3):
        process = _start("run", "--out", out, "--draws", "200", "--seed", "2")
        time.sleep(rng.uniform(0.2, 1.1) * duration)
        process.send_signal(sig)
        process.wait(timeout=120)
        now = _complete_set(out)
        assert now == old or json.loads(now["results.json"]) != json.loads(old["results.json"])
        outcomes.add("old" if now == old else "new")
        if now != old:
            old = now
        if sig == signal.SIGTERM:
            assert temporaries(tmp_path) == [], temporaries(tmp_path)
    # a later write sweeps what a SIGKILL left
    result = run_cli("run", "--out", out, "--draws", "20", "--seed", "3")
    assert result.returncode == 0, result.describe()
    _complete_set(out)
    assert temporaries(tmp_path) == []


def test_report_killed_at_random_points_leaves_old_or_new_report(tmp_path: Path) -> None:
    target = tmp_path / "r.html"
    target.write_text("<html>previous report</html>", encoding="utf-8")
    previous = target.read_bytes()
    rng = random.Random(5)
    for _ in range(2):
        process = _start("report", "--out", target, "--draws", "100")
        time.sleep(rng.uniform(0.5, 6.0))
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=120)
        now = target.read_bytes()
        assert now == previous or now.rstrip().endswith(b"</html>")
        previous = now
        assert temporaries(tmp_path) == []


def _tiny_filesystem(path: Path) -> bool:
    path.mkdir()
    if os.geteuid() != 0:
        return False
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=160k", "tmpfs", str(path)],
        capture_output=True,
        check=False,
    )
    return done.returncode == 0


def test_a_full_file_system_leaves_the_previous_report(tmp_path: Path) -> None:
    tiny = tmp_path / "tiny"
    if not _tiny_filesystem(tiny):
        pytest.skip("a tmpfs cannot be mounted here (needs root)")
    try:
        target = tiny / "r.html"
        target.write_text("<html>previous</html>", encoding="utf-8")
        result = run_cli("report", "--out", target, "--draws", "20")
        assert result.returncode == 2, result.describe()
        assert "Traceback" not in result.output
        assert "--out" in result.output
        assert target.read_text(encoding="utf-8") == "<html>previous</html>"
        assert temporaries(tiny) == []
        out = tiny / "out"
        result = run_cli("run", "--out", out)
        assert result.returncode == 2, result.describe()
        assert not out.exists()
        assert temporaries(tiny) == []
    finally:
        subprocess.run(["umount", str(tiny)], check=False)
