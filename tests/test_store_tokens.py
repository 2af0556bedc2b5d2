"""Personal API tokens and the admin's guarded changes of users in the store, on SQLite and
PostgreSQL: only the token's hash is stored, a revoked token or a disabled user's token is
refused, the use is noted at most once a minute, every change is in the audit log; an
organisation keeps an enabled admin and nobody disables themselves. And ``socinvest admin
create-token|list-tokens|revoke-token`` through the CLI."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from socinvest.cli.main import app
from socinvest.store import NotFoundError, Store, StoreError, audit_log
from socinvest.store import tokens as store_tokens
from socinvest.store.common import now, sha256
from socinvest.store.models import ApiToken, AuditLog
from socinvest.store.tokens import create_token, list_tokens, revoke_token, user_of_token
from socinvest.store.users import (
    change_disabled,
    change_member_role,
    create_user,
    get_user,
    hasher,
    set_disabled,
    set_role,
)
from webtools import cheap_hasher

pytest_plugins = ("store_backends",)

PASSWORD = "correct horse battery"


@pytest.fixture(autouse=True)
def cheap_argon2(monkeypatch: pytest.MonkeyPatch) -> None:
    from socinvest.store import users

    assert hasher is users.hasher
    monkeypatch.setattr(users, "hasher", cheap_hasher)


def _audit_texts(store: Store, entity: str) -> list[str]:
    with store.sessions() as session:
        rows = session.scalars(select(AuditLog).where(AuditLog.entity == entity)).all()
        return [f"{r.action} {r.actor} {r.before} {r.after}" for r in rows]


def test_a_token_is_stored_as_its_hash_and_acts_as_its_user(store: Store) -> None:
    create_user(store, "anna", PASSWORD, "Gnesta", "analyst")
    set_role(store, "anna", "Trosa", "viewer")
    secret, made = create_token(store, "anna", "  nightly export ")
    assert secret.startswith("sit_") and len(secret) >= 4 + 43  # 32 bytes, base64url
    assert made.name == "nightly export" and made.active and made.last_used_at is None
    with store.sessions() as session:
        row = session.scalars(select(ApiToken)).one()
        assert row.token_hash == sha256(secret)
        assert secret not in (row.token_hash, row.name)
    user = user_of_token(store, secret)
    assert user is not None and user.login == "anna"
    assert sorted(role for _org, role in user.roles.values()) == ["analyst", "viewer"]
    # Two tokens differ; the audit log names the token, never its secret.
    other, _ = create_token(store, "anna", "second")
    assert other != secret
    trail = _audit_texts(store, "api_token")
    assert len(trail) == 2 and all(secret not in t and other not in t for t in trail)
    assert "nightly export" in trail[0] and "tester" in trail[0]
    assert [t.name for t in list_tokens(store, "anna")] == ["second", "nightly export"]


def test_use_is_noted_at_most_once_a_minute(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    create_user(store, "anna", PASSWORD, "Gnesta", "viewer")
    secret, _made = create_token(store, "anna", "script")
    start = now()
    monkeypatch.setattr(store_tokens, "now", lambda: start)
    assert user_of_token(store, secret) is not None
    first = list_tokens(store, "anna")[0].last_used_at
    assert first is not None and abs(first - start) < timedelta(seconds=1)
    monkeypatch.setattr(store_tokens, "now", lambda: start + timedelta(seconds=59))
    assert user_of_token(store, secret) is not None
    assert list_tokens(store, "anna")[0].last_used_at == first
    later = start + timedelta(minutes=2)
    monkeypatch.setattr(store_tokens, "now", lambda: later)
    assert user_of_token(store, secret) is not None
    noted = list_tokens(store, "anna")[0].last_used_at
    assert noted is not None and abs(noted - later) < timedelta(seconds=1)


def test_revoked_unknown_and_disabled_users_tokens_are_refused(store: Store) -> None:
    create_user(store, "anna", PASSWORD, "Gnesta", "viewer")
    create_user(store, "bo", PASSWORD, "Trosa", "viewer")
    secret, made = create_token(store, "anna", "script")
    assert user_of_token(store, secret + "x") is None
    assert user_of_token(store, "not-a-token") is None
    assert user_of_token(store, secret[4:]) is None  # without the prefix
    # Another user cannot revoke it (not found, like a token that does not exist).
    with pytest.raises(NotFoundError):
        revoke_token(store, "bo", made.id)
    with pytest.raises(NotFoundError):
        revoke_token(store, "anna", made.id + 1000)
    assert user_of_token(store, secret) is not None
    # A disabled user's token stops working, and works again when enabled.
    set_disabled(store, "anna", True)
    assert user_of_token(store, secret) is None
    with pytest.raises(StoreError) as info:
        create_token(store, "anna", "another")
    assert "disabled" in info.value.render("en")
    set_disabled(store, "anna", False)
    assert user_of_token(store, secret) is not None
    revoked = revoke_token(store, "anna", made.id)
    assert not revoked.active and revoked.revoked_at is not None
    assert user_of_token(store, secret) is None
    revoke_token(store, "anna", made.id)  # again: nothing more in the audit log
    assert [t.split()[0] for t in _audit_texts(store, "api_token")] == ["create", "revoke"]


@pytest.mark.parametrize("name", ["", "   ", "x" * 101, "tab\there"])
def test_a_bad_token_name_is_refused(store: Store, name: str) -> None:
    create_user(store, "anna", PASSWORD, "Gnesta", "viewer")
    with pytest.raises(StoreError) as info:
        create_token(store, "anna", name)
    assert "token name" in info.value.render("en") and "nyckeln" in info.value.render("sv")
    with pytest.raises(NotFoundError):
        create_token(store, "nobody", "script")
    assert list_tokens(store, "anna") == ()


def test_an_organisation_keeps_an_enabled_admin(store: Store) -> None:
    anna = create_user(store, "anna", PASSWORD, "Gnesta", "admin")
    gnesta = next(iter(anna.roles))
    bo = create_user(store, "bo", PASSWORD, "Gnesta", "viewer")
    # The only admin cannot step down.
    with pytest.raises(StoreError) as info:
        change_member_role(store, anna.id, gnesta, "analyst")
    assert "last admin of Gnesta" in info.value.render("en")
    assert "Gnesta" in info.value.render("sv")
    # With a second admin she can; then he is the last one and cannot be disabled.
    assert change_member_role(store, bo.id, gnesta, "admin").role_in(gnesta) == "admin"
    assert change_member_role(store, anna.id, gnesta, "viewer").role_in(gnesta) == "viewer"
    with pytest.raises(StoreError) as info:
        change_disabled(store, bo.id, True, anna.id)
    assert "last admin" in info.value.render("en")
    # A disabled admin does not count.
    change_member_role(store, anna.id, gnesta, "admin")
    change_disabled(store, anna.id, True, bo.id)
    with pytest.raises(StoreError):
        change_member_role(store, bo.id, gnesta, "analyst")
    change_disabled(store, anna.id, False, bo.id)
    assert get_user(store, "anna").disabled is False
    # Nobody disables their own account.
    with pytest.raises(StoreError) as info:
        change_disabled(store, bo.id, True, bo.id)
    assert "your own account" in info.value.render("en")
    # Not a member: not found.
    trosa = next(iter(create_user(store, "cid", PASSWORD, "Trosa", "admin").roles))
    with pytest.raises(NotFoundError):
        change_member_role(store, anna.id, trosa, "viewer")
    with pytest.raises(NotFoundError):
        change_disabled(store, 999_999, True, bo.id)
    with pytest.raises(StoreError):
        change_member_role(store, anna.id, gnesta, "owner")
    # Every change that happened is in the audit log, refused ones are not.
    changes = [e for e in audit_log(store) if e.action == "update"]
    assert len(changes) == 5
    assert all(e.actor == "tester" for e in changes)


def test_admin_tokens_through_the_cli(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'w.db'}"
    runner = CliRunner()
    assert runner.invoke(app, ["db", "upgrade", "--db", db]).exit_code == 0
    made = runner.invoke(
        app,
        [
            "admin",
            "create-user",
            "anna@gnesta.se",
            "--org",
            "Gnesta",
            "--password-stdin",
            "--db",
            db,
        ],
        input=PASSWORD + "\n",
    )
    assert made.exit_code == 0, made.output
    result = runner.invoke(
        app,
        [
            "admin",
            "create-token",
            "--user",
            "anna@gnesta.se",
            "--name",
            "nightly",
            "--db",
            db,
            "--by",
            "it-desk",
            "--lang",
            "en",
        ],
    )
    assert result.exit_code == 0, result.output
    secret = result.stdout.strip()
    assert secret.startswith("sit_") and "not shown again" in result.stderr
    listed = runner.invoke(
        app, ["admin", "list-tokens", "--user", "anna@gnesta.se", "--db", db, "--lang", "en"]
    )
    assert "nightly" in listed.output and "active" in listed.output
    assert secret not in listed.output
    from socinvest.store import open_store

    opened = open_store(db)
    try:
        assert user_of_token(opened, secret) is not None
        assert any(e.actor == "it-desk" and e.entity == "api_token" for e in audit_log(opened))
        token_id = list_tokens(opened, "anna@gnesta.se")[0].id
        revoked = runner.invoke(
            app,
            [
                "admin",
                "revoke-token",
                str(token_id),
                "--user",
                "anna@gnesta.se",
                "--db",
                db,
                "--lang",
                "en",
            ],
        )
        assert revoked.exit_code == 0 and "revoked" in revoked.output
        assert user_of_token(opened, secret) is None
        missing = runner.invoke(
            app,
            [
                "admin",
                "revoke-token",
                "999",
                "--user",
                "anna@gnesta.se",
                "--db",
                db,
                "--lang",
                "en",
            ],
        )
        assert missing.exit_code != 0 and "no token 999" in missing.output
        unknown = runner.invoke(
            app,
            [
                "admin",
                "create-token",
                "--user",
                "nobody",
                "--name",
                "x",
                "--db",
                db,
                "--lang",
                "en",
            ],
        )
        assert unknown.exit_code != 0 and "no user called" in unknown.output
    finally:
        opened.close()


@pytest.mark.parametrize("change", ["role", "disable"])
def test_two_admins_removing_each_other_at_once_leave_one(
    store: Store, backend: str, change: str
) -> None:
    """Anna's change of Bo is held open (PostgreSQL); Bo's change of Anna, started
    meanwhile, must wait for it and then be refused, not see Bo as an admin still."""
    import threading
    import time

    from sqlalchemy import text

    from socinvest.store.models import Membership, User
    from socinvest.store.users import _enabled_admins

    if backend != "postgresql":
        pytest.skip("SQLite has one writer at a time; the lock matters on PostgreSQL")
    anna = create_user(store, "anna", PASSWORD, "Gnesta", "admin")
    bo = create_user(store, "bo", PASSWORD, "Gnesta", "admin")
    gnesta = next(iter(anna.roles))
    result: dict[str, str] = {}

    def bo_removes_anna() -> None:
        try:
            if change == "role":
                change_member_role(store, anna.id, gnesta, "viewer")
            else:
                change_disabled(store, anna.id, True, bo.id)
            result["done"] = "changed"
        except StoreError as exc:
            result["done"] = exc.render("en")

    def someone_waits_for_a_lock() -> bool:
        with store.engine.connect() as connection:
            query = text(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                "AND datname = current_database()"
            )
            return bool(connection.execute(query).scalar())

    thread = threading.Thread(target=bo_removes_anna)
    with store.transaction() as session:
        assert _enabled_admins(session, gnesta, bo.id) == 1  # Anna; the admins now locked
        if change == "role":
            member = session.scalars(select(Membership).where(Membership.user_id == bo.id)).one()
            member.role = "viewer"
        else:
            row = session.get(User, bo.id)
            assert row is not None
            row.disabled_at = now()
        session.flush()
        thread.start()
        for _ in range(600):
            if "done" in result or someone_waits_for_a_lock():
                break
            time.sleep(0.05)
        assert "done" not in result, result  # Bo's change did not go past Anna's
    thread.join(timeout=60)
    assert "last admin of Gnesta" in result["done"]
    assert get_user(store, "anna").role_in(gnesta) == "admin"
    assert not get_user(store, "anna").disabled
