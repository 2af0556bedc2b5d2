"""The follow-up loop through the command line, on SQLite and PostgreSQL: a scenario saved, an
investment decided, its plan and observations recorded, and ``followup report`` writing the
committee's report, whose figures are those :func:`socinvest.analysis.followup.follow_up`
computes from the same stored inputs; a report without a plan is refused with what to do."""

from __future__ import annotations

import json
import re
from pathlib import Path

import openpyxl
from typer.testing import CliRunner

from clitools import cli_env, run_cli
from socinvest.analysis.evsi import EvsiSettings
from socinvest.analysis.followup import follow_up
from socinvest.cli.followup_report_command import (
    EVALUATION_COST_PER_PARTICIPANT_YEAR,
    EVALUATION_FIXED_COST,
)
from socinvest.cli.main import app
from socinvest.params.library import default_library
from socinvest.reports.formatting import rounded_money
from socinvest.scenario.load import parse_scenario
from socinvest.store import get_observations, get_plan, open_store

pytest_plugins = ("store_backends",)

SCENARIO = Path(__file__).resolve().parent.parent / "src/socinvest/data/examples"
SCENARIO = SCENARIO / "parenting-programme.yaml"
NAME = "parenting_programme"
DRAWS = 200
SEED = 7
PLAN = """\
tolerance: 0.10
periods: [2026, 2027]
reach: {2026: 40, 2027: 60}
cost:
  2026: {kommun.socialtjanst: 1200000}
indicators:
  - id: on_track
    label: {sv: Utan beteendeproblem, en: Without conduct problems}
    kind: proportion
    lower_is_better: false
    planned: {2026: 0.50}
    effect: {intervention: indicated_group, index: 0}
"""
OBSERVATIONS = """\
period,kind,indicator,payer,group,value,n,events
2026,reach,,,intervention,36,,
2026,cost,,kommun.socialtjanst,intervention,1310000,,
2026,indicator,on_track,,intervention,,36,20
2026,indicator,on_track,,comparison,,40,13
"""


def invoke(*args: str | Path, code: int = 0, lang: str = "en") -> str:
    """Run ``socinvest ARGS`` in this process; its output."""
    result = CliRunner().invoke(app, [str(a) for a in args], env={"SOCINVEST_LANG": lang})
    assert result.exit_code == code, result.output
    return result.output


def _decided(db_url: str, folder: Path) -> None:
    """A saved scenario and a decided investment on it, with no plan yet."""
    db = ("--db", db_url)
    invoke("scenario", "save", SCENARIO, "--org", "Gnesta", *db)
    invoke(
        "investment", "decide", NAME, "--version", "1", "--date", "2026-03-01",
        "--body", "kommunfullmäktige", "--draws", str(DRAWS), "--seed", str(SEED), *db,
    )  # fmt: skip


def _followed(db_url: str, folder: Path) -> None:
    """The investment with its plan and the first year's observations."""
    plan = folder / "plan.yaml"
    plan.write_text(PLAN, encoding="utf-8")
    observations = folder / "utfall-2026.csv"
    observations.write_text(OBSERVATIONS, encoding="utf-8")
    invoke("followup", "plan", NAME, plan, "--db", db_url)
    invoke("followup", "record", NAME, observations, "--db", db_url)


def test_report_figures_are_the_follow_up_of_the_stored_inputs(db_url: str, tmp_path: Path) -> None:
    _decided(db_url, tmp_path)
    _followed(db_url, tmp_path)
    out = tmp_path / "uppfoljning.html"
    invoke("followup", "report", NAME, "--out", out, "--db", db_url, lang="sv")
    html = out.read_text(encoding="utf-8")

    store = open_store(db_url)
    try:
        plan = get_plan(store, 1)
        observations = get_observations(store, 1)
    finally:
        store.close()
    assert plan is not None
    library = default_library()
    expected = follow_up(
        parse_scenario(SCENARIO.read_text(encoding="utf-8"), "s.yaml", library),
        library,
        plan,
        observations,
        scope="kommun",
        draws=DRAWS,
        seed=SEED,
        evsi=EvsiSettings(
            cost_per_participant_year=EVALUATION_COST_PER_PARTICIPANT_YEAR,
            fixed_cost=EVALUATION_FIXED_COST,
        ),
    )
    decided = next(f for f in expected.decided if f.scope == "kommun")
    updated = next(f for f in expected.updated if f.scope == "kommun")
    text = re.sub(r"[ \t\r\n]+", " ", re.sub(r"<[^>]+>", " ", html))
    assert rounded_money(decided.npv_mean, "sv") in text
    assert rounded_money(updated.npv_mean, "sv") in text
    # The local data (20 of 36 against 13 of 40) favour the intervention: the case holds and
    # the update moved the kommun's NPV up.
    assert expected.case_holds and updated.npv_mean > decided.npv_mean
    assert "Kalkylen håller fortfarande för kommunen" in text
    assert "20/36 mot 13/40" in text
    # The audit trail of the stored changes is in the report.
    assert expected.evsi is not None
    assert "Ändringslogg" in text or "ändringslogg" in text.lower()


def test_a_report_without_a_plan_says_what_to_do(db_url: str, tmp_path: Path) -> None:
    _decided(db_url, tmp_path)
    out = invoke("followup", "report", NAME, "--out", tmp_path / "r.html", "--db", db_url, code=2)
    assert "has no follow-up plan yet" in out
    assert f"socinvest followup plan {NAME} PLAN.yaml" in out
    assert not (tmp_path / "r.html").exists()


def test_the_excel_report_through_the_entry_point(tmp_path: Path) -> None:
    """The whole loop once through the real console script, on SQLite."""
    url = f"sqlite:///{tmp_path / 'socinvest.db'}"
    env = cli_env(SOCINVEST_DB=url, SOCINVEST_LANG="en")
    assert run_cli("db", "upgrade", env=env).returncode == 0
    _decided(url, tmp_path)
    _followed(url, tmp_path)
    out = tmp_path / "followup.xlsx"
    done = run_cli("followup", "report", NAME, "--out", out, "--evaluation-cost", "1500", env=env)
    assert done.returncode == 0, done.stderr
    assert "Report written to" in done.stdout
    # Own evaluation cost given, the default fixed cost still an assumption: said so.
    assert "is an assumption" in done.stdout
    sheets = openpyxl.load_workbook(out).sheetnames
    assert sheets[0] == "Plan vs actual" and "Audit" in " ".join(sheets)
    listed = run_cli("investment", "list", "--format", "json", env=env)
    assert json.loads(listed.stdout)[0]["name"] == NAME
