"""The store's commands, on SQLite and PostgreSQL: a few through the real ``socinvest``
entry point (the database upgrade, a re-run in a new process, a save killed with SIGKILL),
the rest through typer's CliRunner; backup then restore gives the same rows."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from clitools import CLI, cli_env, run_cli
from socinvest.cli.main import app
from socinvest.store import open_store
from socinvest.store.common import HOLD_ENV
from store_snapshot import snapshot

pytest_plugins = ("store_backends",)

EXAMPLE = Path(__file__).resolve().parent.parent / "src/socinvest/data/examples"
SCENARIO = EXAMPLE / "parenting-programme.yaml"
NAME = "parenting_programme"
PLAN = """\
periods: [2026, 2027]
reach: {2026: 30}
indicators:
  - {id: on_track, kind: proportion, planned: {2026: 0.5},
     effect: {intervention: indicated_group, index: 0}}
"""
HEADER = "period,kind,indicator,payer,group,value,n,events\n"


def invoke(*args: str | Path, code: int = 0) -> str:
    """Run ``socinvest ARGS`` in this process (English messages); its output."""
    result = CliRunner().invoke(app, [str(a) for a in args], env={"SOCINVEST_LANG": "en"})
    assert result.exit_code == code, result.output
    return result.output


def test_upgrade_save_run_and_rerun_bit_for_bit(empty_url: str) -> None:
    """``db upgrade`` and ``runs rerun`` through the real entry point, so the re-run is a
    new process: the same numbers, bit for bit."""
    done = run_cli("db", "upgrade", "--db", empty_url, "--format", "json")
    assert done.returncode == 0, done.describe()
    assert done.json()["to"] == done.json()["from"] or done.json()["from"] is None
    saved = json.loads(
        invoke(
            "run",
            SCENARIO,
            "--draws",
            "100",
            "--seed",
            "5",
            "--save",
            "--db",
            empty_url,
            "--user",
            "eva",
            "--format",
            "json",
        )
    )
    run_id = saved["stored_run"]
    assert saved["meta"]["seed"] == 5
    rerun = run_cli("runs", "rerun", str(run_id), "--db", empty_url, "--format", "json")
    assert rerun.returncode == 0, rerun.describe()
    assert rerun.json()["identical"] is True
    shown = json.loads(invoke("runs", "show", str(run_id), "--db", empty_url, "-f", "json"))
    assert (shown["seed"], shown["draws"], shown["created_by"]) == (5, 100, "eva")
    stored = {k: v for k, v in shown["results"].items()}
    printed = {k: v for k, v in saved.items() if k != "stored_run"}
    printed["meta"] = {k: v for k, v in printed["meta"].items() if k != "cash_only"}
    assert stored == printed
    listed = json.loads(invoke("runs", "list", "--db", empty_url, "-f", "json"))
    assert [r["id"] for r in listed] == [run_id]


def test_a_changed_stored_result_is_reported_as_different(db_url: str) -> None:
    saved = json.loads(invoke("run", SCENARIO, "--save", "--db", db_url, "-f", "json"))
    store = open_store(db_url)
    with store.engine.begin() as connection:
        connection.exec_driver_sql(
            "UPDATE run SET results = replace(results, '\"seed\": 1', '\"seed\": 2')"
        )
    store.close()
    out = invoke("runs", "rerun", str(saved["stored_run"]), "--db", db_url, code=1)
    assert "differ from the stored ones, first at line" in out


def test_scenario_investment_and_followup_commands(db_url: str, tmp_path: Path) -> None:
    db = ("--db", db_url)
    first = json.loads(invoke("scenario", "save", SCENARIO, "--org", "Umeå", *db, "-f", "json"))
    assert (first["version"], first["created"]) == (1, True)
    edited = tmp_path / "pp.yaml"
    edited.write_text(
        SCENARIO.read_text(encoding="utf-8").replace(
            "  en: Parenting programme", "  en: The parenting programme", 1
        ),
        encoding="utf-8",
    )
    assert "Saved parenting_programme version 2 (Umeå)." in invoke(
        "scenario", "save", edited, "--org", "Umeå", *db
    )
    listed = json.loads(invoke("scenario", "list", *db, "-f", "json"))
    assert [(s["name"], s["versions"]) for s in listed] == [(NAME, 2)]
    diff = invoke("scenario", "diff", NAME, "1", "2", *db)
    assert "+  en: The parenting programme" in diff
    assert invoke("scenario", "show", NAME, "--version", "1", *db).strip() == (
        SCENARIO.read_text(encoding="utf-8").strip()
    )
    missing = invoke("scenario", "show", "nothing", *db, code=2)
    assert "no scenario called 'nothing'" in missing

    budget = tmp_path / "budget.yaml"
    budget.write_text("2026: {kommun.socialtjanst: 1200000}\n", encoding="utf-8")
    decided = json.loads(
        invoke(
            "investment",
            "decide",
            NAME,
            "--version",
            "2",
            "--date",
            "2026-03-01",
            "--body",
            "kommunfullmäktige",
            "--budget",
            budget,
            "--user",
            "eva",
            *db,
            "-f",
            "json",
        )
    )
    assert decided["budget"] == {"2026": {"kommun.socialtjanst": 1_200_000.0}}
    bad_date = invoke(
        "investment",
        "decide",
        NAME,
        "--version",
        "2",
        "--date",
        "1 mars",
        "--body",
        "kf",
        *db,
        code=2,
    )
    assert "expected a date YYYY-MM-DD, found '1 mars'" in bad_date
    shown = invoke("investment", "show", NAME, *db)
    assert "kommunfullmäktige decided on parenting_programme version 2 on 2026-03-01" in shown

    plan = tmp_path / "plan.yaml"
    plan.write_text(PLAN, encoding="utf-8")
    assert "Plan stored" in invoke("followup", "plan", NAME, plan, *db)
    good = tmp_path / "obs.csv"
    good.write_text(HEADER + "2026,indicator,on_track,,,,30,16\n", encoding="utf-8")
    out = json.loads(invoke("followup", "record", NAME, good, *db, "-f", "json"))
    assert out["rows"] == 1
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + "2026,indicator,on_track,,,,30,31\n", encoding="utf-8")
    problems = json.loads(invoke("followup", "record", NAME, bad, *db, "-f", "json", code=2))
    assert problems["problems"][0] == {
        "file": str(bad),
        "line": 2,
        "field": "events",
        "message": "expected at most n = 30 events, found 31",
        "message_en": "expected at most n = 30 events, found 31",
    }


def test_a_database_not_upgraded_gets_exit_1_and_what_to_do(empty_url: str) -> None:
    out = invoke("scenario", "list", "--db", empty_url, code=1)
    assert "run socinvest db upgrade --db" in out
    current = json.loads(invoke("db", "current", "--db", empty_url, "-f", "json"))
    assert current["revision"] is None and current["up_to_date"] is False


def test_backup_then_restore_gives_the_same_rows(db_url: str, tmp_path: Path) -> None:
    if db_url.startswith("postgresql") and not (
        shutil.which("pg_dump") and shutil.which("pg_restore")
    ):
        pytest.skip("pg_dump and pg_restore are not installed (PostgreSQL client programs)")
    invoke("scenario", "save", SCENARIO, "--db", db_url)
    invoke("run", SCENARIO, "--save", "--db", db_url)
    store = open_store(db_url)
    saved = snapshot(store)
    store.close()
    target = tmp_path / "backup.bin"
    invoke("backup", target, "--db", db_url)
    edited = tmp_path / "pp.yaml"
    edited.write_text(
        SCENARIO.read_text(encoding="utf-8").replace(
            "  en: Parenting programme", "  en: Changed", 1
        ),
        encoding="utf-8",
    )
    invoke("scenario", "save", edited, "--db", db_url)
    store = open_store(db_url)
    assert snapshot(store) != saved
    store.close()
    invoke("restore", target, "--db", db_url)
    store = open_store(db_url)
    assert snapshot(store) == saved
    store.close()
    not_backup = tmp_path / "x.bin"
    not_backup.write_text("hello", encoding="utf-8")
    assert "expected a " in invoke("restore", not_backup, "--db", db_url, code=2)


def test_a_process_killed_during_a_save_leaves_the_last_committed_state(
    db_url: str, tmp_path: Path
) -> None:
    """``followup record`` through the real entry point, killed with SIGKILL while its
    transaction is open (all 1 000 rows written, not committed): the database holds what was
    committed before, row for row, and works on."""
    invoke("scenario", "save", SCENARIO, "--db", db_url)
    invoke(
        "investment",
        "decide",
        NAME,
        "--version",
        "1",
        "--date",
        "2026-03-01",
        "--body",
        "kf",
        "--db",
        db_url,
    )
    plan = tmp_path / "plan.yaml"
    quarters = [f"{y}Q{q}" for y in range(2026, 2051) for q in range(1, 5)]
    plan.write_text(
        f"periods: [{', '.join(quarters)}]\nindicators:\n"
        + "".join(f"  - {{id: i{i}, kind: count}}\n" for i in range(10)),
        encoding="utf-8",
    )
    invoke("followup", "plan", NAME, plan, "--db", db_url)
    first = tmp_path / "first.csv"
    first.write_text(HEADER + "2026Q1,indicator,i0,,,5,,\n", encoding="utf-8")
    invoke("followup", "record", NAME, first, "--db", db_url)
    store = open_store(db_url)
    committed = snapshot(store)
    store.close()
    big = tmp_path / "big.csv"
    big.write_text(
        HEADER + "".join(f"{p},indicator,i{i},,,{i},,\n" for p in quarters for i in range(10)),
        encoding="utf-8",
    )
    marker = tmp_path / "holding"
    proc = subprocess.Popen(
        [*CLI, "followup", "record", NAME, str(big), "--db", db_url],
        env=cli_env(**{HOLD_ENV: str(marker)}),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 120
        while not marker.exists() and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert marker.exists(), proc.communicate(timeout=10)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == -signal.SIGKILL
    store = open_store(db_url)
    assert snapshot(store) == committed
    store.close()
    # The database works on: the same file recorded again, committed.
    invoke("followup", "record", NAME, big, "--db", db_url)
    store = open_store(db_url)
    assert len(snapshot(store)["observation"]) == 1000
    store.close()


def test_the_cli_starts_without_the_store_and_shares_its_defaults() -> None:
    """The store (SQLAlchemy, Alembic) is imported when a store command runs, not at start;
    the defaults the CLI repeats to stay light are the store's."""
    import sys

    from socinvest.cli import investment_commands, store_scenario_commands
    from socinvest.store.common import DEFAULT_ORGANISATION
    from socinvest.store.investments import DEFAULT_SCOPE

    assert store_scenario_commands.DEFAULT_ORGANISATION == DEFAULT_ORGANISATION
    assert investment_commands.DEFAULT_SCOPE == DEFAULT_SCOPE
    probe = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, socinvest.cli.main; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('sqlalchemy', 'alembic')))",
        ],
        capture_output=True,
        text=True,
        check=True,
        env=cli_env(),
    )
    assert probe.stdout.strip() == "[]"
