"""Decided investments and their follow-up in the store, on SQLite and PostgreSQL: the plan
file checked against the scenario, observations from CSV or Excel checked row by row, and a
bad file (or a failure in the middle of writing) changing nothing."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from socinvest.analysis.followup_types import EffectLink, FollowUpPlan, IndicatorPlan, Observation
from socinvest.scenario.load import example_text
from socinvest.store import (
    BadFileError,
    ConflictError,
    NotFoundError,
    Store,
    audit_trail,
    decide,
    get_investment,
    get_observations,
    get_plan,
    record_observations,
    save_plan,
    save_scenario,
)
from socinvest.store import observations as observations_module
from socinvest.store.observation_file import MAX_PROBLEMS
from store_snapshot import snapshot

pytest_plugins = ("store_backends",)

TEXT = example_text("parenting-programme")
NAME = "parenting_programme"
HEADER = "period,kind,indicator,payer,group,value,n,events\n"
PLAN = """\
tolerance: 0.15
periods: [2026, 2027]
reach: {2026: 30, 2027: 35}
cost:
  2026: {kommun.socialtjanst: 900000, region.halso_sjukvard: 50000}
indicators:
  - id: on_track
    label: {sv: Går bra, en: On track}
    kind: proportion
    lower_is_better: false
    planned: {2026: 0.5, 2027: 0.55}
    effect: {intervention: indicated_group, index: 0}
  - id: reports
    label: Orosanmälningar
    kind: count
    planned: {2026: 12}
"""
QUARTERS = [f"{year}Q{q}" for year in range(2026, 2051) for q in range(1, 5)]
BIG_PLAN = f"periods: [{', '.join(QUARTERS)}]\nindicators:\n" + "".join(
    f"  - {{id: ind{i}, kind: count}}\n" for i in range(5)
)


def decided(store: Store, plan: str | None = PLAN) -> int:
    """A decided investment on the example (with ``plan`` stored); its id."""
    save_scenario(store, TEXT, "pp.yaml", organisation_name="Umeå")
    record = decide(
        store,
        NAME,
        1,
        date(2026, 3, 1),
        "kommunfullmäktige",
        budget_text="2026:\n  kommun.socialtjanst: 1200000\n2027: {kommun.socialtjanst: 1300000}\n",
        budget_source="budget.yaml",
    )
    if plan is not None:
        save_plan(store, record.id, plan, "plan.yaml")
    return record.id


def test_investment_record_has_what_the_report_needs(store: Store) -> None:
    inv = decided(store, plan=None)
    record = get_investment(store, NAME)
    assert record == get_investment(store, inv) == get_investment(store, str(inv))
    assert (record.organisation, record.scenario_name, record.scenario_version) == ("Umeå", NAME, 1)
    assert record.scenario_text == TEXT and record.params_text is None
    assert record.decision_date == date(2026, 3, 1) and record.body == "kommunfullmäktige"
    assert record.budget == {
        2026: {"kommun.socialtjanst": 1_200_000.0},
        2027: {"kommun.socialtjanst": 1_300_000.0},
    }
    assert (record.scope, record.seed, record.draws) == ("kommun", 1, 1000)
    with pytest.raises(ConflictError) as info:
        decide(store, NAME, 1, date(2026, 4, 1), "socialnämnden")
    assert "already has an investment called" in info.value.render("en")
    with pytest.raises(NotFoundError):
        get_investment(store, "nothing")


def test_a_bad_budget_or_scope_is_refused_with_lines(store: Store) -> None:
    save_scenario(store, TEXT, "pp.yaml")
    before = snapshot(store)
    with pytest.raises(BadFileError) as info:
        decide(
            store,
            NAME,
            1,
            date(2026, 3, 1),
            "kf",
            budget_source="budget.yaml",
            budget_text="2026:\n  kommun.nope: 5\n  kommun.skola: -1\nnext: {}\n",
        )
    lines = info.value.error.render("en").splitlines()
    assert lines[0].startswith("budget.yaml:2: 2026.kommun.nope: unknown payer 'kommun.nope'")
    assert lines[1] == (
        "budget.yaml:3: 2026.kommun.skola: expected an amount of at least 0 SEK, found -1"
    )
    assert lines[2] == "budget.yaml:4: next: expected a year such as 2026, found 'next'"
    with pytest.raises(BadFileError) as scope_info:
        decide(store, NAME, 1, date(2026, 3, 1), "kf", scope="kommun.nope")
    assert "--scope" in str(scope_info.value)
    assert snapshot(store) == before


def test_plan_round_trips_as_the_seam_type(store: Store) -> None:
    inv = decided(store)
    assert get_plan(store, inv) == FollowUpPlan(
        periods=("2026", "2027"),
        reach={"2026": 30, "2027": 35},
        cost={"2026": {"kommun.socialtjanst": 900_000.0, "region.halso_sjukvard": 50_000.0}},
        indicators=(
            IndicatorPlan(
                "on_track",
                "Går bra",
                "On track",
                "proportion",
                {"2026": 0.5, "2027": 0.55},
                EffectLink("indicated_group", 0),
                False,
            ),
            IndicatorPlan(
                "reports", "Orosanmälningar", "Orosanmälningar", "count", {"2026": 12.0}, None, True
            ),
        ),
        tolerance=0.15,
    )
    # A new plan replaces it; the old one is in the audit trail.
    save_plan(store, inv, PLAN.replace("tolerance: 0.15", "tolerance: 0.2"), "plan2.yaml")
    plan = get_plan(store, inv)
    assert plan is not None and plan.tolerance == 0.2
    replace = audit_trail(store, inv)[-1]
    assert (replace.action, replace.entity, replace.actor) == ("replace", "plan", "tester")
    assert json.loads(replace.before or "{}")["tolerance"] == 0.15
    assert json.loads(replace.after or "{}")["tolerance"] == 0.2


def test_a_plan_is_checked_against_the_scenario(store: Store) -> None:
    inv = decided(store, plan=None)
    bad = (
        PLAN.replace("indicated_group, index: 0", "indicated_group, index: 5")
        .replace("region.halso_sjukvard", "region.nope")
        .replace("2027: 0.55", "2027: 55")
        .replace("2026: 12", "2031: 12")
    )
    with pytest.raises(BadFileError) as info:
        save_plan(store, inv, bad, "plan.yaml")
    text = info.value.error.render("en")
    assert "plan.yaml:5: cost.2026.region.nope: unknown payer 'region.nope'" in text
    assert (
        "plan.yaml:12: indicators[0].effect.index: intervention indicated_group has 1 "
        "effects; expected an index from 0 to 0, found 5"
    ) in text
    assert (
        "plan.yaml:11: indicators[0].planned.2027: expected a share between 0 and 1 "
        "(not percent), found 55"
    ) in text
    assert "indicators[1].planned.2031: unknown period 2031" in text
    assert get_plan(store, inv) is None


def test_observations_from_csv_and_excel_are_the_same(store: Store, tmp_path: Path) -> None:
    from openpyxl import Workbook

    inv = decided(store)
    rows = [
        ["2026", "reach", "", "", "", "31", "", ""],
        ["2026", "cost", "", "kommun.socialtjanst", "", "950000", "", ""],
        ["2026", "indicator", "on_track", "", "", "", "30", "16"],
        ["2026", "indicator", "on_track", "", "comparison", "", "40", "15"],
        ["2026", "indicator", "reports", "", "", "9", "", ""],
    ]
    csv_file = tmp_path / "obs.csv"
    csv_file.write_text(HEADER + "".join(",".join(r) + "\n" for r in rows), encoding="utf-8")
    from_csv = record_observations(store, inv, csv_file)
    assert from_csv[2] == Observation(
        "2026", "indicator", 16 / 30, "on_track", None, "intervention", 30, 16, 4
    )
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(HEADER.strip().split(","))
    for r in rows:  # numbers as numbers, empty cells as None, as Excel keeps them
        sheet.append([int(c) if c.isdigit() else (c or None) for c in r])
    xlsx = tmp_path / "obs.xlsx"
    book.save(xlsx)
    from_xlsx = record_observations(store, inv, xlsx)
    assert from_xlsx == from_csv
    stored = get_observations(store, inv)
    assert sorted(stored, key=repr) == sorted(from_csv, key=repr)  # replaced, not doubled
    recorded = [e for e in audit_trail(store, inv) if e.entity == "observations"]
    assert len(recorded) == 2 and recorded[0].before is None
    assert len(json.loads(recorded[1].before or "{}")["replaced"]) == 5


def test_every_problem_of_a_file_is_listed_with_its_line(store: Store, tmp_path: Path) -> None:
    inv = decided(store)
    bad = tmp_path / "bad.csv"
    bad.write_text(
        HEADER
        + "2030,reach,,,,31,,\n"
        + "2026,cost,,kommun.y,,950000,,\n"
        + "2026,indicator,on_track,,,,30,46\n"
        + "2026,indicator,on_track,,,0.2,30,6\n"
        + "2026,reach,,,,3.5,,\n",
        encoding="utf-8",
    )
    with pytest.raises(BadFileError) as info:
        record_observations(store, inv, bad)
    lines = info.value.error.render("en").splitlines()
    assert lines == [
        f"{bad}:2: period: expected one of the plan's periods (2026, 2027), found '2030'",
        f"{bad}:3: payer: expected a payer of the scenario (kommun, kommun.socialtjanst, "
        "kommun.skola, kommun.forskola, kommun.fritid, kommun.arbetsmarknad, region, "
        "region.halso_sjukvard, region.psykiatri, ovriga_kommunsektorn, …), found 'kommun.y'",
        f"{bad}:4: events: expected at most n = 30 events, found 46",
        f"{bad}:5: the same period, kind, indicator, payer and group as line 4",
        f"{bad}:6: value: expected a whole number of participants, found 3.5",
    ]
    many = tmp_path / "many.csv"
    many.write_text(
        HEADER + "".join(f"x{i},reach,,,,{i},,\n" for i in range(150)), encoding="utf-8"
    )
    with pytest.raises(BadFileError) as info:
        record_observations(store, inv, many)
    problems = info.value.error.problems
    assert len(problems) == MAX_PROBLEMS + 1
    assert problems[-1].message == "and 50 more problems"
    assert get_observations(store, inv) == ()


def _thousand_rows(bad_row: int | None) -> str:
    rows = []
    for period in QUARTERS:
        for i in range(5):
            for group in ("intervention", "comparison"):
                rows.append(f"{period},indicator,ind{i},,{group},{len(rows) % 17},,\n")
    assert len(rows) == 1000
    if bad_row is not None:
        rows[bad_row - 1] = rows[bad_row - 1].replace(",,\n", "").rsplit(",", 1)[0] + ",abc,,\n"
    return HEADER + "".join(rows)


def test_an_import_failing_on_row_900_of_1000_leaves_the_database_as_before(
    store: Store, tmp_path: Path
) -> None:
    inv = decided(store, plan=BIG_PLAN)
    good = tmp_path / "good.csv"
    good.write_text(_thousand_rows(None), encoding="utf-8")
    assert len(record_observations(store, inv, good)) == 1000
    before = snapshot(store)
    bad = tmp_path / "bad.csv"
    bad.write_text(_thousand_rows(900).replace(",1,,\n", ",2,,\n"), encoding="utf-8")
    with pytest.raises(BadFileError) as info:
        record_observations(store, inv, bad)
    assert str(info.value) == f"{bad}:901: value: expected a number, found 'abc'"
    assert snapshot(store) == before


def test_a_failure_in_the_middle_of_writing_rolls_everything_back(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The rows are written and flushed, then the transaction fails before it commits:
    nothing of the batch, its rows or its audit entry remains."""
    inv = decided(store, plan=BIG_PLAN)
    before = snapshot(store)
    good = tmp_path / "good.csv"
    good.write_text(_thousand_rows(None), encoding="utf-8")

    def fail() -> None:
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(observations_module, "hold_for_test", fail)
    with pytest.raises(RuntimeError):
        record_observations(store, inv, good)
    assert snapshot(store) == before


def test_observations_need_a_plan(store: Store, tmp_path: Path) -> None:
    inv = decided(store, plan=None)
    csv_file = tmp_path / "obs.csv"
    csv_file.write_text(HEADER + "2026,reach,,,,31,,\n", encoding="utf-8")
    with pytest.raises(NotFoundError) as info:
        record_observations(store, inv, csv_file)
    assert "socinvest followup plan" in info.value.render("en")


def test_a_write_meeting_another_writer_is_refused_whole_or_done_whole(db_url: str) -> None:
    """Writer A stores a plan; after it has read whether there is one and just before it
    inserts its own, writer B (another connection) saves a scenario version and commits.
    PostgreSQL lets both through; SQLite refuses A (its snapshot is stale) with a conflict,
    and nothing of A remains. B's version is kept either way."""
    from typing import Any

    from sqlalchemy import event

    from socinvest.store import list_versions, open_store

    a = open_store(db_url, actor="anna")
    b = open_store(db_url, actor="bertil")
    try:
        inv = decided(a, plan=None)
        fired: list[bool] = []

        @event.listens_for(a.engine, "before_cursor_execute")
        def _interleave(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
            if statement.upper().replace('"', "").startswith("INSERT INTO PLAN (") and not fired:
                fired.append(True)
                save_scenario(
                    b,
                    TEXT.replace("  en: Parenting", "  en: B's parenting", 1),
                    "b.yaml",
                    organisation_name="Umeå",
                )

        if a.dialect == "sqlite":
            with pytest.raises(ConflictError) as info:
                save_plan(a, inv, PLAN, "plan.yaml")
            assert info.value.render("en") == (
                "someone else changed the database meanwhile; nothing was saved, try again"
            )
            assert get_plan(a, inv) is None
            assert not [e for e in audit_trail(a, inv) if e.entity == "plan"]
        else:
            save_plan(a, inv, PLAN, "plan.yaml")
            assert get_plan(a, inv) is not None
        assert fired == [True]
        assert [v.created_by for v in list_versions(a, NAME)] == ["anna", "bertil"]
    finally:
        a.close()
        b.close()
