"""What the repository modules share: the clock, hashes, the audit log, organisations, and
telling a write conflict from other database errors."""

from __future__ import annotations

import hashlib
import json
import os
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlalchemy.orm import Session

from socinvest.i18n import N_
from socinvest.params.errors import Message
from socinvest.store.errors import ConflictError, NotFoundError
from socinvest.store.models import AuditLog, Organisation

DEFAULT_ORGANISATION = "default"
"""The organisation of what is saved without ``--org``."""

HOLD_ENV = "SOCINVEST_TEST_HOLD_TRANSACTION"
"""For the tests of a killed process only: when set to a file path, a write that reaches
:func:`hold_for_test` creates that file and waits (inside its open transaction) to be
killed."""


def now() -> datetime:
    """The current time in UTC."""
    return datetime.now(UTC)


def as_utc(moment: datetime) -> datetime:
    """A time read back from the database, in UTC (SQLite returns it without a zone)."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def sha256(text: str) -> str:
    """SHA-256 of ``text`` (UTF-8) as hex."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def to_json(data: Any) -> str:
    """``data`` as compact JSON with sorted keys (the audit log's before and after)."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True, default=str)


def audit(
    session: Session,
    actor: str,
    action: str,
    entity: str,
    entity_id: int | str,
    before: Any = None,
    after: Any = None,
    investment_id: int | None = None,
) -> None:
    """Add an entry to the audit log, in the caller's transaction."""
    session.add(
        AuditLog(
            at=now(),
            actor=actor,
            action=action,
            entity=entity,
            entity_id=str(entity_id),
            investment_id=investment_id,
            before=None if before is None else to_json(before),
            after=None if after is None else to_json(after),
        )
    )


def organisation(session: Session, name: str, create: bool, actor: str = "unknown") -> Organisation:
    """The organisation called ``name``; created (by ``actor``, in the audit log) when
    ``create``.

    Raises
    ------
    NotFoundError
        If there is none and ``create`` is false.
    """
    found = session.scalars(select(Organisation).where(Organisation.name == name)).first()
    if found is not None:
        return found
    if not create:
        raise NotFoundError(Message.of(N_("no organisation called {name}"), name=repr(name)))
    made = Organisation(name=name, created_at=now())
    session.add(made)
    session.flush()
    audit(session, actor, "create", "organisation", made.id, after={"name": name})
    return made


def is_write_conflict(exc: DBAPIError) -> bool:
    """Whether ``exc`` is another writer's doing: a unique constraint hit by a row written
    meanwhile, a serialisation failure, or SQLite's lock on a stale snapshot."""
    if isinstance(exc, IntegrityError):
        return True
    if isinstance(exc, OperationalError):
        text = str(exc.orig).lower()
        return "locked" in text or "busy" in text or "could not serialize" in text
    return False


def changed_meanwhile() -> ConflictError:
    """The refusal of a write that met another writer's (SQLite: the database changed under
    the transaction's snapshot); nothing of it was saved."""
    return ConflictError(
        Message.of(N_("someone else changed the database meanwhile; nothing was saved, try again"))
    )


def hold_for_test() -> None:
    """See :data:`HOLD_ENV`: only the tests of a killed process set it."""
    marker = os.environ.get(HOLD_ENV)
    if not marker:
        return
    Path(marker).write_text("holding\n", encoding="utf-8")
    time.sleep(120)
