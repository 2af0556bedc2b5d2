"""Personal API tokens: a user's scripts call the web application's JSON API with
``Authorization: Bearer <token>`` instead of a login session.

A token is ``sit_`` followed by 32 random bytes (``secrets.token_urlsafe``, 256 bits), shown
once when it is made; the store keeps only its SHA-256. A plain, fast hash is enough here,
unlike for passwords: a password is chosen by a person and can be guessed, so it needs a slow
salted hash (argon2) against a dictionary; a token's 256 random bits cannot be guessed or
enumerated, so whoever reads the hashes (a copy of the database) cannot find a token from
them however fast the hash is, and the lookup on every API request stays a single indexed
query. The prefix lets secret scanners recognise a leaked token.

A token acts as its user: the same organisations and roles (changed roles apply at once), it
stops working when the user is disabled or the token revoked. Making and revoking a token are
written to the audit log; its use is recorded as ``last_used_at`` (at most once a minute per
token, so that a busy script does not turn every read into a write).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.exc import DBAPIError

from socinvest.i18n import N_
from socinvest.params.errors import Message
from socinvest.store.common import as_utc, audit, is_write_conflict, now, sha256
from socinvest.store.engine import Store
from socinvest.store.errors import NotFoundError, StoreError
from socinvest.store.models import ApiToken, User
from socinvest.store.users import UserInfo, _find_user, _user_info

PREFIX = "sit_"
"""The start of every token (socinvest token)."""

MAX_NAME_LENGTH = 100

LAST_USED_RESOLUTION = timedelta(minutes=1)
"""``last_used_at`` is written when it is older than this (or never set)."""


@dataclass(frozen=True)
class TokenInfo:
    """A token's record (never its secret)."""

    id: int
    login: str
    name: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None

    @property
    def active(self) -> bool:
        """Whether the token is accepted (not revoked)."""
        return self.revoked_at is None

    def as_json(self) -> dict[str, object]:
        """A JSON-ready dictionary."""
        return {
            "id": self.id,
            "login": self.login,
            "name": self.name,
            "created_at": self.created_at.isoformat(),
            "last_used_at": None if self.last_used_at is None else self.last_used_at.isoformat(),
            "revoked_at": None if self.revoked_at is None else self.revoked_at.isoformat(),
        }


def _info(row: ApiToken, login: str) -> TokenInfo:
    return TokenInfo(
        id=row.id,
        login=login,
        name=row.name,
        created_at=as_utc(row.created_at),
        last_used_at=None if row.last_used_at is None else as_utc(row.last_used_at),
        revoked_at=None if row.revoked_at is None else as_utc(row.revoked_at),
    )


def _check_name(name: str) -> str:
    cleaned = name.strip()
    if not cleaned or len(cleaned) > MAX_NAME_LENGTH or not cleaned.isprintable():
        raise StoreError(
            Message.of(
                N_("expected a token name of 1 to {maximum} printable characters, found {found}"),
                maximum=MAX_NAME_LENGTH,
                found=repr(name),
            )
        )
    return cleaned


def create_token(store: Store, login: str, name: str) -> tuple[str, TokenInfo]:
    """A new token of the user ``login`` called ``name``: the secret (to show once; only
    its hash is stored) and its record, with its audit entry.

    Raises
    ------
    StoreError
        For an empty or too long name, or a disabled user.
    NotFoundError
        If there is no such user.
    """
    cleaned = _check_name(name)
    secret = PREFIX + secrets.token_urlsafe(32)
    with store.transaction() as session:
        user = _find_user(session, login)
        if user.disabled_at is not None:
            raise StoreError(
                Message.of(N_("{login} is disabled and cannot have a new token"), login=repr(login))
            )
        row = ApiToken(
            token_hash=sha256(secret),
            user_id=user.id,
            name=cleaned,
            created_at=now(),
            last_used_at=None,
            revoked_at=None,
        )
        session.add(row)
        session.flush()
        audit(
            session,
            store.actor,
            "create",
            "api_token",
            row.id,
            after={"login": user.login, "name": cleaned},
        )
        return secret, _info(row, user.login)


def list_tokens(store: Store, login: str) -> tuple[TokenInfo, ...]:
    """The tokens of ``login``, the newest first, revoked ones included."""
    with store.sessions() as session:
        user = _find_user(session, login)
        rows = session.scalars(
            select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.id.desc())
        )
        return tuple(_info(row, user.login) for row in rows)


def revoke_token(store: Store, login: str, token_id: int) -> TokenInfo:
    """Revoke the token ``token_id`` of ``login`` (at once: the next request with it is
    refused), with its audit entry; revoking a revoked token changes nothing.

    Raises
    ------
    NotFoundError
        If ``login`` has no token ``token_id`` (another user's token is not found either).
    """
    with store.transaction() as session:
        user = _find_user(session, login)
        row = session.get(ApiToken, token_id)
        if row is None or row.user_id != user.id:
            raise NotFoundError(
                Message.of(N_("{login} has no token {id}"), login=repr(login), id=token_id)
            )
        if row.revoked_at is None:
            row.revoked_at = now()
            session.flush()
            audit(
                session,
                store.actor,
                "revoke",
                "api_token",
                row.id,
                before={"login": user.login, "name": row.name, "revoked": False},
                after={"login": user.login, "name": row.name, "revoked": True},
            )
        return _info(row, user.login)


def user_of_token(store: Store, secret: str) -> UserInfo | None:
    """The user whose live token ``secret`` is (``None``: unknown, revoked, or the user
    disabled); its ``last_used_at`` is brought up to date (see
    :data:`LAST_USED_RESOLUTION`)."""
    if not secret.startswith(PREFIX) or len(secret) > 200:
        return None
    moment = now()
    with store.sessions() as session:
        row = session.scalars(select(ApiToken).where(ApiToken.token_hash == sha256(secret))).first()
        if row is None or row.revoked_at is not None:
            return None
        user = session.get(User, row.user_id)
        if user is None or user.disabled_at is not None:
            return None
        info = _user_info(session, user)
        stale = row.last_used_at is None or (
            moment - as_utc(row.last_used_at) >= LAST_USED_RESOLUTION
        )
        token_id = row.id
    if stale:
        try:
            with store.transaction() as session:
                session.execute(
                    update(ApiToken).where(ApiToken.id == token_id).values(last_used_at=moment)
                )
        except DBAPIError as exc:
            # Only a note of use: another writer holding the database does not refuse the
            # request; the next use a minute on writes it.
            if not is_write_conflict(exc):
                raise
    return info
