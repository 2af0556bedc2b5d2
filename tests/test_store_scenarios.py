"""Scenario versions in the store, on SQLite and PostgreSQL: immutable, content-addressed,
diffed; a second writer of the same version gets a conflict and nothing is lost; every change
is in the audit log with who, what, before and after."""

from __future__ import annotations

import json
import tempfile
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import event, select

from socinvest.scenario.load import example_text, parse_scenario, scenario_hash
from socinvest.store import (
    ConflictError,
    NotFoundError,
    Store,
    audit_log,
    diff_versions,
    get_version,
    list_scenarios,
    list_versions,
    open_store,
    save_scenario,
)
from socinvest.store.engine import make_engine, upgrade
from socinvest.store.models import ScenarioVersion
from store_snapshot import snapshot

pytest_plugins = ("store_backends",)

TEXT = example_text("parenting-programme")
NAME = "parenting_programme"
OLD_TITLE = "  en: Parenting programme for preschool"


def edited(title: str) -> str:
    """The example with another English title (a real edit of the content)."""
    assert OLD_TITLE in TEXT
    return TEXT.replace(OLD_TITLE, f"  en: {title} for preschool", 1)


def test_versions_are_content_addressed_and_immutable(store: Store) -> None:
    first = save_scenario(store, TEXT, "a.yaml")
    assert (first.number, first.created, first.scenario) == (1, True, NAME)
    assert first.content_hash == scenario_hash(parse_scenario(TEXT))
    # The same content, formatted differently and with a comment: no new version.
    again = save_scenario(store, "# a comment\n" + TEXT + "\n\n", "b.yaml")
    assert (again.number, again.created) == (1, False)
    second = save_scenario(store, edited("A parenting programme"), "c.yaml")
    assert (second.number, second.created) == (2, True)
    # Saving the first content again returns version 1: nothing is overwritten.
    back = save_scenario(store, TEXT, "d.yaml")
    assert (back.number, back.created) == (1, False)
    assert get_version(store, NAME, 1).text == TEXT
    assert get_version(store, NAME).number == 2
    assert [v.number for v in list_versions(store, NAME)] == [1, 2]
    [summary] = list_scenarios(store)
    assert (summary.name, summary.organisation, summary.versions) == (NAME, "default", 2)


def test_diff_between_versions_is_a_unified_diff(store: Store) -> None:
    save_scenario(store, TEXT, "a.yaml")
    save_scenario(store, edited("Group parenting"), "b.yaml")
    diff = diff_versions(store, NAME, 1, 2)
    lines = diff.splitlines()
    assert lines[:2] == [f"--- {NAME} v1", f"+++ {NAME} v2"]
    assert "-  en: Parenting programme for preschool children with behaviour problems" in lines
    assert "+  en: Group parenting for preschool children with behaviour problems" in lines
    assert sum(1 for line in lines if line.startswith(("+", "-"))) == 4
    assert diff_versions(store, NAME, 2, 2) == ""
    with pytest.raises(NotFoundError) as info:
        diff_versions(store, NAME, 1, 7)
    assert "has no version 7; its versions are 1 to 2" in info.value.render("en")


def test_same_name_in_two_organisations_needs_org(store: Store) -> None:
    save_scenario(store, TEXT, "a.yaml", organisation_name="Umeå")
    save_scenario(store, TEXT, "a.yaml", organisation_name="Luleå")
    assert get_version(store, NAME, 1, "Luleå").organisation == "Luleå"
    with pytest.raises(NotFoundError) as info:
        get_version(store, NAME, 1)
    assert "give --org (Luleå, Umeå)" in info.value.render("en")


def test_a_second_writer_of_the_same_version_gets_a_conflict(db_url: str) -> None:
    """Two real connections: writer A has read the newest version (1) and is about to insert
    version 2 when writer B saves its own version 2 and commits. A's insert then fails on the
    unique (scenario, number) constraint (PostgreSQL) or on its stale snapshot (SQLite); A
    gets the conflict message, B's version is kept whole, and A can save again."""
    a = open_store(db_url, actor="anna")
    b = open_store(db_url, actor="bertil")
    try:
        save_scenario(a, TEXT, "start.yaml")
        fired: list[bool] = []

        @event.listens_for(a.engine, "before_cursor_execute")
        def _interleave(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
            if statement.lstrip().upper().startswith("INSERT INTO SCENARIO_VERSION") and not fired:
                fired.append(True)
                assert save_scenario(b, edited("Bertil's"), "b.yaml").number == 2

        before_conflict = None
        with pytest.raises(ConflictError) as info:
            before_conflict = save_scenario(a, edited("Anna's"), "a.yaml")
        assert before_conflict is None and fired == [True]
        event.remove(a.engine, "before_cursor_execute", _interleave)
        assert info.value.render("en") == (
            f"version 2 of {NAME} was saved by someone else meanwhile; nothing was lost, save again"
        )
        assert "sparade någon annan" in info.value.render("sv")
        versions = list_versions(a, NAME)
        assert [(v.number, v.created_by) for v in versions] == [(1, "anna"), (2, "bertil")]
        assert versions[1].text == edited("Bertil's")
        created = [e for e in audit_log(a) if e.entity == "scenario_version"]
        assert [e.actor for e in created] == ["bertil", "anna"]  # newest first
        # Anna saves again: her edit becomes version 3.
        assert save_scenario(a, edited("Anna's"), "a.yaml").number == 3
    finally:
        a.close()
        b.close()


def test_the_unique_constraint_holds_in_the_database(store: Store) -> None:
    """Even bypassing the repository, the database refuses a second version 1."""
    from sqlalchemy.exc import IntegrityError

    version = save_scenario(store, TEXT, "a.yaml")
    before = snapshot(store)
    with pytest.raises(IntegrityError), store.transaction() as session:
        row = session.scalars(select(ScenarioVersion)).one()
        session.add(
            ScenarioVersion(
                scenario_id=row.scenario_id,
                number=version.number,
                text="x",
                content_hash="0" * 64,
                created_at=row.created_at,
                created_by="x",
            )
        )
    assert snapshot(store) == before


def test_the_audit_log_records_who_what_before_and_after(store: Store) -> None:
    save_scenario(store, TEXT, "a.yaml")
    other = open_store(store.url, actor="cecilia")
    try:
        save_scenario(other, edited("Cecilia's"), "b.yaml")
    finally:
        other.close()
    entries = audit_log(store)
    newest = entries[0]
    assert (newest.actor, newest.action, newest.entity) == ("cecilia", "create", "scenario_version")
    assert newest.before is None
    after = json.loads(newest.after or "{}")
    assert after["version"] == 2 and after["scenario"] == NAME
    assert after["content_hash"] == scenario_hash(parse_scenario(edited("Cecilia's")))
    assert newest.at.tzinfo is not None
    assert {(e.actor, e.entity) for e in entries} == {
        ("tester", "organisation"),
        ("tester", "scenario"),
        ("tester", "scenario_version"),
        ("cecilia", "scenario_version"),
    }


def test_an_invalid_scenario_is_refused_and_nothing_is_saved(store: Store) -> None:
    from socinvest.store import BadFileError

    before = snapshot(store)
    with pytest.raises(BadFileError) as info:
        save_scenario(store, TEXT.replace("socinvest: 1", "socinvest: 7", 1), "bad.yaml")
    assert info.value.error.source == "bad.yaml"
    assert info.value.error.problems[0].line is not None
    assert snapshot(store) == before


POOL = (
    TEXT,
    "# the same content, another comment\n" + TEXT,
    edited("Another"),
    edited("Third"),
)
CONTENT = (0, 0, 1, 2)
"""Which content each text of POOL has (the first two differ only in a comment)."""


@settings(max_examples=8, deadline=None)
@given(st.lists(st.integers(0, len(POOL) - 1), min_size=1, max_size=5))
def test_versions_number_the_distinct_contents_in_the_order_first_saved(
    picks: list[int],
) -> None:
    """Property: whatever the order of saves, version k is the k-th distinct content saved,
    keeps the text it was first saved with, and saving any content again returns its version."""
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/p.db"
        engine = make_engine(url)
        upgrade(engine)
        engine.dispose()
        store = open_store(url)
        try:
            first_text: dict[int, str] = {}
            order: list[int] = []
            for pick in picks:
                content = CONTENT[pick]
                new = content not in order
                if new:
                    order.append(content)
                    first_text[content] = POOL[pick]
                saved = save_scenario(store, POOL[pick], "p.yaml")
                assert saved.number == order.index(content) + 1
                assert saved.created == new
                assert saved.text == first_text[content]
            versions = list_versions(store, NAME)
            assert [v.text for v in versions] == [first_text[c] for c in order]
        finally:
            store.close()
