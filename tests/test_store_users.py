"""Accounts of the web application in the store: argon2 hashes (never the password), roles
per organisation, sessions by the hash of their token, the audit log; on SQLite and
PostgreSQL. And ``socinvest admin create-user`` through the CLI."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from socinvest.cli.main import app
from socinvest.store import ConflictError, NotFoundError, Store, StoreError, audit_log
from socinvest.store.models import User, WebSession
from socinvest.store.users import (
    authenticate,
    create_user,
    end_session,
    get_user,
    session_of,
    set_disabled,
    set_password,
    set_role,
    start_session,
)

pytest_plugins = ("store_backends",)

PASSWORD = "correct horse battery"


def test_a_user_is_stored_with_an_argon2_hash_and_logs_in(store: Store) -> None:
    made = create_user(store, "anna", PASSWORD, "Gnesta", "admin", "Anna Andersson")
    assert made.display_name == "Anna Andersson"
    assert [role for _name, role in made.roles.values()] == ["admin"]
    with store.sessions() as session:
        stored = session.scalars(select(User.password_hash)).one()
    assert stored.startswith("$argon2id$") and PASSWORD not in stored
    assert authenticate(store, "anna", PASSWORD) == made
    assert authenticate(store, "anna", PASSWORD + "x") is None
    assert authenticate(store, "nobody", PASSWORD) is None
    entries = audit_log(store)
    assert {(e.action, e.entity) for e in entries} >= {("create", "user"),
                                                      ("create", "membership")}
    assert not any(PASSWORD in (e.after or "") or "$argon2" in (e.after or "")
                   for e in entries)


def test_bad_accounts_are_refused(store: Store) -> None:
    create_user(store, "anna", PASSWORD, "Gnesta", "viewer")
    with pytest.raises(ConflictError):
        create_user(store, "anna", PASSWORD, "Gnesta", "viewer")
    with pytest.raises(StoreError, match="at least 10 characters"):
        create_user(store, "bob", "short", "Gnesta", "viewer")
    with pytest.raises(StoreError, match="expected a role"):
        create_user(store, "bob", PASSWORD, "Gnesta", "owner")
    with pytest.raises(StoreError, match="login name"):
        create_user(store, "bob smith", PASSWORD, "Gnesta", "viewer")
    with pytest.raises(NotFoundError):
        set_role(store, "nobody", "Gnesta", "admin")


def test_roles_per_organisation_and_sessions(store: Store) -> None:
    anna = create_user(store, "anna", PASSWORD, "Gnesta", "viewer")
    anna = set_role(store, "anna", "Trosa", "analyst")
    assert sorted(role for _n, role in anna.roles.values()) == ["analyst", "viewer"]
    assert len(anna.organisations("analyst")) == 1 and len(anna.organisations()) == 2
    token, csrf = start_session(store, anna.id)
    found = session_of(store, token)
    assert found is not None and found.user.login == "anna" and found.csrf_token == csrf
    with store.sessions() as session:
        hashes = list(session.scalars(select(WebSession.token_hash)))
    assert token not in hashes and len(hashes) == 1
    assert session_of(store, token + "x") is None
    end_session(store, token)
    assert session_of(store, token) is None
    # An expired session is no session; a disabled user loses theirs.
    old, _csrf = start_session(store, anna.id, ttl=timedelta(seconds=-1))
    assert session_of(store, old) is None
    live, _csrf = start_session(store, anna.id)
    set_disabled(store, "anna", True)
    assert session_of(store, live) is None
    assert authenticate(store, "anna", PASSWORD) is None
    set_disabled(store, "anna", False)
    set_password(store, "anna", "another long password")
    assert authenticate(store, "anna", PASSWORD) is None
    assert authenticate(store, "anna", "another long password") is not None
    set_role(store, "anna", "Trosa", None)
    assert len(get_user(store, "anna").roles) == 1


def test_admin_create_user_reads_the_password_from_stdin(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'w.db'}"
    runner = CliRunner()
    assert runner.invoke(app, ["db", "upgrade", "--db", db]).exit_code == 0
    args = ["admin", "create-user", "anna", "--org", "Gnesta", "--role", "admin",
            "--password-stdin", "--db", db, "--lang", "en"]
    result = runner.invoke(app, args, input=PASSWORD + "\n")
    assert result.exit_code == 0, result.output
    assert "Created user anna (admin in Gnesta)" in result.output
    short = runner.invoke(app, [*args[:2], "bob", *args[3:]], input="short\n")
    assert short.exit_code == 2 and "at least 10 characters" in short.output
    # Without --password-stdin the password is asked for twice; two different ones save
    # nothing.
    prompted = ["admin", "create-user", "carl", "--org", "Gnesta", "--db", db, "--lang", "en"]
    differ = runner.invoke(app, prompted, input=PASSWORD + "\nsomething else\n")
    assert differ.exit_code == 2 and "differ" in differ.output
    from socinvest.store import open_store

    opened = open_store(db)
    try:
        assert authenticate(opened, "anna", PASSWORD) is not None
        with pytest.raises(NotFoundError):
            get_user(opened, "carl")
    finally:
        opened.close()


def test_scoped_lookups_see_only_the_given_organisations(store: Store) -> None:
    from datetime import date

    from socinvest.scenario.load import example_text
    from socinvest.store import decide, save_scenario
    from socinvest.store.scoped import (
        investment_in,
        investments_in,
        run_in,
        runs_in,
        scenario_in,
        scenarios_in,
        version_in,
    )
    from socinvest.web.services import store_run

    gnesta = create_user(store, "anna", PASSWORD, "Gnesta", "viewer")
    trosa = create_user(store, "bo", PASSWORD, "Trosa", "viewer")
    mine, theirs = gnesta.organisations(), trosa.organisations()
    version = save_scenario(store, example_text("parenting-programme"), "pp.yaml",
                            organisation_name="Trosa")
    run_id = store_run(store, version, 0, None, None)
    decided = decide(store, version.scenario, 1, date(2026, 3, 1), "kf",
                     organisation_name="Trosa")
    (entry,) = scenarios_in(store, theirs)
    assert (entry.name, entry.organisation, entry.versions) == (version.scenario, "Trosa", 1)
    assert scenario_in(store, theirs, entry.id)[1][0].content_hash == version.content_hash
    assert version_in(store, theirs, entry.id, 1)[1].number == 1
    assert run_in(store, theirs, run_id).id == run_id
    assert [r.id for r in runs_in(store, theirs)] == [run_id]
    assert investment_in(store, theirs, decided.id).name == decided.name
    assert scenarios_in(store, mine) == () and runs_in(store, mine) == ()
    assert investments_in(store, mine) == ()
    for lookup in (
        lambda: scenario_in(store, mine, entry.id),
        lambda: version_in(store, mine, entry.id, 1),
        lambda: version_in(store, theirs, entry.id, 2),
        lambda: run_in(store, mine, run_id),
        lambda: investment_in(store, mine, decided.id),
    ):
        with pytest.raises(NotFoundError):
            lookup()
