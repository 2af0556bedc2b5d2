"""Accounts of the web application: users with argon2 password hashes (argon2-cffi, the
``web`` extra), their role in each organisation, and server-side login sessions.

Only the hash of a password is stored (argon2id with argon2-cffi's defaults, RFC 9106's
recommended parameters); a session is a random token whose SHA-256 is stored, so a copy of
the database does not let anyone log in. Every change of a user or a membership is written
to the audit log in the same transaction (never the password or its hash).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import delete, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from socinvest.i18n import N_
from socinvest.params.errors import Message
from socinvest.store.common import (
    as_utc,
    audit,
    changed_meanwhile,
    is_write_conflict,
    now,
    organisation,
    sha256,
)
from socinvest.store.engine import Store
from socinvest.store.errors import ConflictError, DriverMissingError, NotFoundError, StoreError
from socinvest.store.models import Membership, User, WebSession

if TYPE_CHECKING:
    from argon2 import PasswordHasher

ROLES: tuple[str, ...] = ("viewer", "analyst", "admin")
"""The roles, from the least to the most rights: a viewer reads, an analyst also saves
scenario versions and runs analyses, an admin also manages the organisation's users."""

MIN_PASSWORD_LENGTH = 10
"""The shortest password accepted (NIST SP 800-63B asks for at least 8)."""

MAX_LOGIN_LENGTH = 100
SESSION_TTL = timedelta(hours=8)
"""How long a login session lasts (a working day)."""

_DUMMY_HASH: list[str] = []
"""A hash verified when the login name does not exist, so that a wrong name takes as long
as a wrong password (no user enumeration by timing)."""


def hasher() -> PasswordHasher:
    """argon2-cffi's hasher (argon2id, its default parameters).

    Raises
    ------
    DriverMissingError
        If argon2-cffi is not installed.
    """
    try:
        from argon2 import PasswordHasher
    except ImportError:
        raise DriverMissingError(
            Message.of(N_("accounts need argon2-cffi: pip install 'socinvest[web]'"))
        ) from None
    return PasswordHasher()


def hash_password(password: str) -> str:
    """The argon2id hash of ``password`` (with its random salt and parameters)."""
    return hasher().hash(password)


def check_password(password_hash: str, password: str) -> bool:
    """Whether ``password`` matches ``password_hash`` (argon2's verification)."""
    from argon2.exceptions import InvalidHashError, VerificationError

    try:
        return hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


@dataclass(frozen=True)
class UserInfo:
    """A user and their roles: ``roles`` maps organisation id to (organisation name, role)."""

    id: int
    login: str
    display_name: str
    created_at: datetime
    disabled: bool
    roles: dict[int, tuple[str, str]]

    def role_in(self, organisation_id: int) -> str | None:
        """The user's role in the organisation (``None``: not a member)."""
        found = self.roles.get(organisation_id)
        return None if found is None else found[1]

    def organisations(self, least: str = "viewer") -> tuple[int, ...]:
        """The ids of the organisations where the user has at least role ``least``."""
        rank = ROLES.index(least)
        return tuple(
            sorted(oid for oid, (_name, role) in self.roles.items() if ROLES.index(role) >= rank)
        )

    def as_json(self) -> dict[str, object]:
        """A JSON-ready dictionary (no hash)."""
        return {
            "id": self.id,
            "login": self.login,
            "display_name": self.display_name,
            "disabled": self.disabled,
            "roles": [
                {"organisation_id": oid, "organisation": name, "role": role}
                for oid, (name, role) in sorted(self.roles.items())
            ],
        }


def _user_info(session: Session, row: User) -> UserInfo:
    memberships = session.scalars(select(Membership).where(Membership.user_id == row.id))
    return UserInfo(
        id=row.id,
        login=row.login,
        display_name=row.display_name,
        created_at=as_utc(row.created_at),
        disabled=row.disabled_at is not None,
        roles={m.organisation_id: (m.organisation.name, m.role) for m in memberships},
    )


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise StoreError(
            Message.of(
                N_("expected a role: {roles}, found {found}"),
                roles=", ".join(ROLES),
                found=repr(role),
            )
        )


def check_new_password(password: str) -> None:
    """Refuse a password that is too short.

    Raises
    ------
    StoreError
        If it has fewer than :data:`MIN_PASSWORD_LENGTH` characters.
    """
    if len(password) < MIN_PASSWORD_LENGTH:
        raise StoreError(
            Message.of(
                N_("a password needs at least {minimum} characters, this one has {found}"),
                minimum=MIN_PASSWORD_LENGTH,
                found=len(password),
            )
        )


def _check_login(login: str) -> None:
    if not login or len(login) > MAX_LOGIN_LENGTH or login != login.strip() or not all(
        ch.isalnum() or ch in "._@-" for ch in login
    ):
        raise StoreError(
            Message.of(
                N_(
                    "expected a login name of 1 to {maximum} letters, digits and . _ @ -, "
                    "found {found}"
                ),
                maximum=MAX_LOGIN_LENGTH,
                found=repr(login),
            )
        )


def _find_user(session: Session, login: str) -> User:
    row = session.scalars(select(User).where(User.login == login)).first()
    if row is None:
        raise NotFoundError(Message.of(N_("no user called {login}"), login=repr(login)))
    return row


def create_user(
    store: Store,
    login: str,
    password: str,
    organisation_name: str,
    role: str,
    display_name: str | None = None,
) -> UserInfo:
    """A new user with ``role`` in ``organisation_name`` (created if new), in one transaction
    with its audit entries.

    Raises
    ------
    StoreError
        For a bad login name, role or a too short password.
    ConflictError
        If the login name is taken.
    """
    _check_login(login)
    _check_role(role)
    check_new_password(password)
    digest = hash_password(password)
    try:
        with store.transaction() as session:
            if session.scalars(select(User.id).where(User.login == login)).first() is not None:
                raise ConflictError(
                    Message.of(N_("a user called {login} exists already"), login=repr(login))
                )
            org = organisation(session, organisation_name, create=True, actor=store.actor)
            row = User(
                login=login,
                display_name=display_name or login,
                password_hash=digest,
                created_at=now(),
                disabled_at=None,
            )
            session.add(row)
            session.flush()
            session.add(Membership(user_id=row.id, organisation_id=org.id, role=role))
            session.flush()
            audit(session, store.actor, "create", "user", row.id,
                  after={"login": login, "display_name": row.display_name})
            audit(session, store.actor, "create", "membership", row.id,
                  after={"login": login, "organisation": org.name, "role": role})
            return _user_info(session, row)
    except DBAPIError as exc:
        if not is_write_conflict(exc):
            raise
        raise ConflictError(
            Message.of(N_("a user called {login} exists already"), login=repr(login))
        ) from None


def set_role(store: Store, login: str, organisation_name: str, role: str | None) -> UserInfo:
    """Give ``login`` the ``role`` in ``organisation_name`` (``None``: remove the
    membership), with its audit entry.

    Raises
    ------
    NotFoundError
        If there is no such user or organisation.
    """
    if role is not None:
        _check_role(role)
    try:
        with store.transaction() as session:
            row = _find_user(session, login)
            org = organisation(session, organisation_name, create=role is not None,
                               actor=store.actor)
            member = session.scalars(
                select(Membership).where(
                    Membership.user_id == row.id, Membership.organisation_id == org.id
                )
            ).first()
            before = None if member is None else {"organisation": org.name, "role": member.role}
            if role is None:
                if member is not None:
                    session.delete(member)
            elif member is None:
                session.add(Membership(user_id=row.id, organisation_id=org.id, role=role))
            else:
                member.role = role
            session.flush()
            after = None if role is None else {"organisation": org.name, "role": role}
            if before != after:
                audit(session, store.actor, "update", "membership", row.id,
                      before=before, after=after)
            return _user_info(session, row)
    except DBAPIError as exc:
        if not is_write_conflict(exc):
            raise
        raise changed_meanwhile() from None


def set_password(store: Store, login: str, password: str) -> None:
    """Replace the password of ``login``; every session of the user ends."""
    check_new_password(password)
    digest = hash_password(password)
    with store.transaction() as session:
        row = _find_user(session, login)
        row.password_hash = digest
        session.execute(delete(WebSession).where(WebSession.user_id == row.id))
        audit(session, store.actor, "update", "user", row.id,
              after={"login": login, "password": "changed"})


def set_disabled(store: Store, login: str, disabled: bool) -> UserInfo:
    """Disable (every session ends) or enable the account ``login``."""
    with store.transaction() as session:
        row = _find_user(session, login)
        before = row.disabled_at is not None
        row.disabled_at = now() if disabled else None
        if disabled:
            session.execute(delete(WebSession).where(WebSession.user_id == row.id))
        if before != disabled:
            audit(session, store.actor, "update", "user", row.id,
                  before={"login": login, "disabled": before},
                  after={"login": login, "disabled": disabled})
        session.flush()
        return _user_info(session, row)


def get_user(store: Store, login: str) -> UserInfo:
    """The user called ``login``."""
    with store.sessions() as session:
        return _user_info(session, _find_user(session, login))


def list_users(store: Store, organisation_ids: tuple[int, ...] | None = None) -> tuple[
    UserInfo, ...
]:
    """The users (of the organisations ``organisation_ids`` only, when given), by login."""
    query = select(User).order_by(User.login)
    if organisation_ids is not None:
        query = query.where(
            User.id.in_(
                select(Membership.user_id).where(
                    Membership.organisation_id.in_(organisation_ids)
                )
            )
        )
    with store.sessions() as session:
        return tuple(_user_info(session, row) for row in session.scalars(query))


def authenticate(store: Store, login: str, password: str) -> UserInfo | None:
    """The user if ``password`` is theirs and the account is enabled, else ``None``. A
    wrong login name costs one argon2 verification too."""
    with store.sessions() as session:
        row = session.scalars(select(User).where(User.login == login)).first()
        if row is None:
            if not _DUMMY_HASH:
                _DUMMY_HASH.append(hash_password(secrets.token_hex(16)))
            check_password(_DUMMY_HASH[0], password)
            return None
        if not check_password(row.password_hash, password) or row.disabled_at is not None:
            return None
        info = _user_info(session, row)
        needs_rehash = hasher().check_needs_rehash(row.password_hash)
    if needs_rehash:
        with store.transaction() as session:
            found = session.get(User, info.id)
            if found is not None:
                found.password_hash = hash_password(password)
    return info


@dataclass(frozen=True)
class SessionInfo:
    """A login session: the user and the session's CSRF token; or, with ``bearer``, a
    request authenticated by a personal API token (no session, no CSRF token, no expiry)."""

    user: UserInfo
    csrf_token: str
    expires_at: datetime | None
    bearer: bool = False


def start_session(store: Store, user_id: int, ttl: timedelta = SESSION_TTL) -> tuple[str, str]:
    """A new login session of ``user_id``: its token (for the cookie; only its hash is
    stored) and its CSRF token. Expired sessions are removed on the way."""
    token = secrets.token_urlsafe(32)
    csrf = secrets.token_urlsafe(32)
    moment = now()
    with store.transaction() as session:
        session.execute(delete(WebSession).where(WebSession.expires_at < moment))
        session.add(
            WebSession(
                token_hash=sha256(token),
                user_id=user_id,
                csrf_token=csrf,
                created_at=moment,
                expires_at=moment + ttl,
            )
        )
    return token, csrf


def session_of(store: Store, token: str) -> SessionInfo | None:
    """The live session of ``token`` (``None``: unknown, expired, or the user disabled)."""
    with store.sessions() as session:
        row = session.scalars(
            select(WebSession).where(WebSession.token_hash == sha256(token))
        ).first()
        if row is None or as_utc(row.expires_at) <= now():
            return None
        user = session.get(User, row.user_id)
        if user is None or user.disabled_at is not None:
            return None
        return SessionInfo(_user_info(session, user), row.csrf_token, as_utc(row.expires_at))


def end_session(store: Store, token: str) -> None:
    """Log out: the session of ``token`` is removed."""
    with store.transaction() as session:
        session.execute(delete(WebSession).where(WebSession.token_hash == sha256(token)))


def _enabled_admins(session: Session, organisation_id: int, without: int) -> int:
    """How many enabled admins ``organisation_id`` has besides the user ``without``. Every
    admin membership of the organisation and its user row are locked (in id order) until
    the transaction ends on PostgreSQL, so that two admins demoting or disabling each other
    at once are done one after the other and the second sees the first's change (a row
    changed meanwhile is read again when its lock is granted); SQLite has one writer at a
    time anyway."""
    rows = session.execute(
        select(Membership.user_id, User.disabled_at)
        .join(User, User.id == Membership.user_id)
        .where(Membership.organisation_id == organisation_id, Membership.role == "admin")
        .order_by(Membership.id)
        .with_for_update()
    ).all()
    return sum(1 for user_id, disabled_at in rows if user_id != without and disabled_at is None)


def _last_admin(login: str, organisation_name: str) -> StoreError:
    return StoreError(
        Message.of(
            N_("{login} is the last admin of {organisation}: make another member admin "
               "first"),
            login=login,
            organisation=organisation_name,
        )
    )


def change_member_role(store: Store, user_id: int, organisation_id: int, role: str) -> UserInfo:
    """Give the member ``user_id`` of ``organisation_id`` the ``role`` (an admin's change in
    the browser), with its audit entry; the organisation keeps at least one enabled admin.

    Raises
    ------
    NotFoundError
        If the user is not a member of the organisation.
    StoreError
        For a bad role, or if the user is the organisation's last admin and would not be.
    """
    _check_role(role)
    try:
        with store.transaction() as session:
            member = session.scalars(
                select(Membership).where(Membership.user_id == user_id,
                                         Membership.organisation_id == organisation_id)
            ).first()
            if member is None:
                raise NotFoundError(Message.of(N_("no such member of the organisation")))
            row = member.user
            org_name = member.organisation.name
            if member.role == "admin" and role != "admin" and row.disabled_at is None and (
                _enabled_admins(session, organisation_id, user_id) == 0
            ):
                raise _last_admin(row.login, org_name)
            before = {"login": row.login, "organisation": org_name, "role": member.role}
            if member.role != role:
                member.role = role
                session.flush()
                audit(session, store.actor, "update", "membership", row.id, before=before,
                      after={"login": row.login, "organisation": org_name, "role": role})
            return _user_info(session, row)
    except DBAPIError as exc:
        if not is_write_conflict(exc):
            raise
        raise changed_meanwhile() from None


def change_disabled(store: Store, user_id: int, disabled: bool, by_user_id: int) -> UserInfo:
    """Disable (every session ends) or enable the user ``user_id``, as the user
    ``by_user_id`` (an admin in the browser), with its audit entry. Nobody disables their
    own account, and no organisation is left without an enabled admin.

    Raises
    ------
    NotFoundError
        If there is no such user.
    StoreError
        If ``user_id`` is ``by_user_id`` and ``disabled``, or the user is the last enabled
        admin of one of their organisations.
    """
    try:
        with store.transaction() as session:
            row = session.get(User, user_id)
            if row is None:
                raise NotFoundError(Message.of(N_("no such user")))
            was = row.disabled_at is not None
            if disabled and not was:
                if user_id == by_user_id:
                    raise StoreError(Message.of(
                        N_("you cannot disable your own account; another admin can")))
                for member in session.scalars(
                    select(Membership).where(Membership.user_id == user_id,
                                             Membership.role == "admin")
                ):
                    if _enabled_admins(session, member.organisation_id, user_id) == 0:
                        raise _last_admin(row.login, member.organisation.name)
                row.disabled_at = now()
                session.execute(delete(WebSession).where(WebSession.user_id == row.id))
            elif not disabled:
                row.disabled_at = None
            session.flush()
            if was != disabled:
                audit(session, store.actor, "update", "user", row.id,
                      before={"login": row.login, "disabled": was},
                      after={"login": row.login, "disabled": disabled})
            return _user_info(session, row)
    except DBAPIError as exc:
        if not is_write_conflict(exc):
            raise
        raise changed_meanwhile() from None
