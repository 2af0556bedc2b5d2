"""Scenarios and their immutable versions: save (an identical text or content returns the
version that has it; an edit makes the next version), list, show and diff."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from socinvest.i18n import N_
from socinvest.params.errors import InputError, Message
from socinvest.params.library import ParameterLibrary
from socinvest.scenario.load import parse_scenario, scenario_hash
from socinvest.scenario.model import Scenario
from socinvest.store.common import (
    DEFAULT_ORGANISATION,
    as_utc,
    audit,
    hold_for_test,
    is_write_conflict,
    now,
    organisation,
)
from socinvest.store.engine import Store
from socinvest.store.errors import BadFileError, ConflictError, NotFoundError
from socinvest.store.models import Organisation, ScenarioRecord, ScenarioVersion


@dataclass(frozen=True)
class VersionInfo:
    """One version of a scenario; ``created`` tells whether the save made it."""

    scenario: str
    organisation: str
    number: int
    content_hash: str
    created_at: datetime
    created_by: str
    text: str
    created: bool = False

    def as_json(self, with_text: bool = False) -> dict[str, object]:
        """A JSON-ready summary (the YAML text only when ``with_text``)."""
        out: dict[str, object] = {
            "scenario": self.scenario,
            "organisation": self.organisation,
            "version": self.number,
            "content_hash": self.content_hash,
            "created_at": self.created_at.isoformat(),
            "created_by": self.created_by,
        }
        if with_text:
            out["text"] = self.text
        return out


@dataclass(frozen=True)
class ScenarioSummary:
    """A stored scenario: its name, organisation, number of versions and the newest one."""

    name: str
    organisation: str
    versions: int
    latest_at: datetime


def parse_checked(text: str, source: str, library: ParameterLibrary | None) -> Scenario:
    """The scenario of ``text``, validated.

    Raises
    ------
    BadFileError
        With every problem of the file.
    """
    try:
        return parse_scenario(text, source, library)
    except InputError as exc:
        raise BadFileError(exc) from None


def version_info(row: ScenarioVersion, created: bool = False) -> VersionInfo:
    """A version row as plain data."""
    return VersionInfo(
        scenario=row.scenario.name,
        organisation=row.scenario.organisation.name,
        number=row.number,
        content_hash=row.content_hash,
        created_at=as_utc(row.created_at),
        created_by=row.created_by,
        text=row.text,
        created=created,
    )


def add_version(
    session: Session,
    actor: str,
    text: str,
    digest: str,
    name: str,
    organisation_name: str,
    attempt: list[int] | None = None,
) -> tuple[ScenarioVersion, bool]:
    """The version of scenario ``name`` with content hash ``digest`` (an existing one), else a
    new version numbered one above the newest; in the caller's transaction. The number of a
    new version is appended to ``attempt`` before it is written (for the conflict message)."""
    org = organisation(session, organisation_name, create=True, actor=actor)
    record = session.scalars(
        select(ScenarioRecord).where(
            ScenarioRecord.organisation_id == org.id, ScenarioRecord.name == name
        )
    ).first()
    if record is None:
        record = ScenarioRecord(organisation_id=org.id, name=name, created_at=now())
        session.add(record)
        session.flush()
        audit(session, actor, "create", "scenario", record.id, after={"name": name})
    existing = session.scalars(
        select(ScenarioVersion)
        .where(ScenarioVersion.scenario_id == record.id, ScenarioVersion.content_hash == digest)
        .order_by(ScenarioVersion.number)
    ).first()
    if existing is not None:
        return existing, False
    latest = session.scalar(
        select(func.max(ScenarioVersion.number)).where(ScenarioVersion.scenario_id == record.id)
    )
    if attempt is not None:
        attempt.append((latest or 0) + 1)
    version = ScenarioVersion(
        scenario_id=record.id,
        number=(latest or 0) + 1,
        text=text,
        content_hash=digest,
        created_at=now(),
        created_by=actor,
    )
    session.add(version)
    session.flush()
    audit(
        session,
        actor,
        "create",
        "scenario_version",
        version.id,
        after={
            "scenario": name,
            "organisation": organisation_name,
            "version": version.number,
            "content_hash": digest,
        },
    )
    return version, True


def conflict(store: Store, name: str, organisation_name: str, attempt: list[int]) -> ConflictError:
    """Why a save failed on another writer: the version it was making was saved by someone
    else meanwhile, or (SQLite) the database changed otherwise under the transaction."""
    latest = latest_number(store, name, organisation_name)
    if not attempt or latest is None or latest < attempt[0]:
        return ConflictError(
            Message.of(
                N_(
                    "someone else changed the database meanwhile; nothing of {name} was saved, "
                    "save again"
                ),
                name=name,
            )
        )
    number = attempt[0]
    return ConflictError(
        Message.of(
            N_(
                "version {number} of {name} was saved by someone else meanwhile; nothing was "
                "lost, save again"
            ),
            number=number,
            name=name,
        )
    )


def latest_number(store: Store, name: str, organisation_name: str) -> int | None:
    """The newest version number of a scenario (``None`` when it has none)."""
    with store.sessions() as session:
        return session.scalar(
            select(func.max(ScenarioVersion.number))
            .join(ScenarioRecord)
            .join(Organisation)
            .where(ScenarioRecord.name == name, Organisation.name == organisation_name)
        )


def save_scenario(
    store: Store,
    text: str,
    source: str,
    name: str | None = None,
    organisation_name: str = DEFAULT_ORGANISATION,
    library: ParameterLibrary | None = None,
) -> VersionInfo:
    """Save the scenario YAML ``text`` as a version of ``name`` (default: the scenario's id).

    The content hash is :func:`socinvest.scenario.load.scenario_hash` of the parsed scenario,
    so formatting and comments do not make a new version; content saved before returns the
    version that has it.

    Raises
    ------
    BadFileError
        If the text is not a valid scenario (nothing is saved).
    ConflictError
        If another writer saved a version of the same scenario meanwhile (nothing is saved).
    """
    model = parse_checked(text, source, library)
    digest = scenario_hash(model)
    scenario_name = name or model.id
    attempt: list[int] = []
    try:
        with store.transaction() as session:
            version, created = add_version(
                session, store.actor, text, digest, scenario_name, organisation_name, attempt
            )
            hold_for_test()
            return version_info(version, created)
    except DBAPIError as exc:
        if not is_write_conflict(exc):
            raise
        raise conflict(store, scenario_name, organisation_name, attempt) from None


def find_scenario(session: Session, name: str, organisation_name: str | None) -> ScenarioRecord:
    """The scenario called ``name`` (in ``organisation_name``, or the only one of the name).

    Raises
    ------
    NotFoundError
        If there is none, or several in different organisations and none was named.
    """
    query = select(ScenarioRecord).join(Organisation).where(ScenarioRecord.name == name)
    if organisation_name is not None:
        query = query.where(Organisation.name == organisation_name)
    found = list(session.scalars(query))
    if not found:
        raise NotFoundError(Message.of(N_("no scenario called {name}"), name=repr(name)))
    if len(found) > 1:
        raise NotFoundError(
            Message.of(
                N_("several organisations have a scenario called {name}: give --org ({names})"),
                name=repr(name),
                names=", ".join(sorted(r.organisation.name for r in found)),
            )
        )
    return found[0]


def find_version(session: Session, record: ScenarioRecord, number: int | None) -> ScenarioVersion:
    """Version ``number`` of ``record`` (the newest when ``None``).

    Raises
    ------
    NotFoundError
        If there is no such version.
    """
    query = select(ScenarioVersion).where(ScenarioVersion.scenario_id == record.id)
    if number is None:
        query = query.order_by(ScenarioVersion.number.desc())
    else:
        query = query.where(ScenarioVersion.number == number)
    found = session.scalars(query).first()
    if found is None:
        newest = session.scalar(
            select(func.max(ScenarioVersion.number)).where(ScenarioVersion.scenario_id == record.id)
        )
        raise NotFoundError(
            Message.of(
                N_("{name} has no version {number}; its versions are 1 to {newest}"),
                name=record.name,
                number=number if number is not None else "-",
                newest=newest or 0,
            )
        )
    return found


def get_version(
    store: Store, name: str, number: int | None = None, organisation_name: str | None = None
) -> VersionInfo:
    """Version ``number`` of scenario ``name`` (the newest when ``None``)."""
    with store.sessions() as session:
        record = find_scenario(session, name, organisation_name)
        return version_info(find_version(session, record, number))


def list_versions(
    store: Store, name: str, organisation_name: str | None = None
) -> tuple[VersionInfo, ...]:
    """Every version of scenario ``name``, oldest first."""
    with store.sessions() as session:
        record = find_scenario(session, name, organisation_name)
        rows = session.scalars(
            select(ScenarioVersion)
            .where(ScenarioVersion.scenario_id == record.id)
            .order_by(ScenarioVersion.number)
        )
        return tuple(version_info(row) for row in rows)


def list_scenarios(
    store: Store, organisation_name: str | None = None
) -> tuple[ScenarioSummary, ...]:
    """The stored scenarios, by organisation and name."""
    query = (
        select(
            ScenarioRecord.name,
            Organisation.name,
            func.count(ScenarioVersion.id),
            func.max(ScenarioVersion.created_at),
        )
        .join(Organisation, ScenarioRecord.organisation_id == Organisation.id)
        .join(ScenarioVersion, ScenarioVersion.scenario_id == ScenarioRecord.id)
        .group_by(ScenarioRecord.id, ScenarioRecord.name, Organisation.name)
        .order_by(Organisation.name, ScenarioRecord.name)
    )
    if organisation_name is not None:
        query = query.where(Organisation.name == organisation_name)
    with store.sessions() as session:
        return tuple(
            ScenarioSummary(name, org, count, as_utc(latest))
            for name, org, count, latest in session.execute(query)
        )


def diff_versions(
    store: Store, name: str, first: int, second: int, organisation_name: str | None = None
) -> str:
    """The unified diff from version ``first`` to version ``second`` of scenario ``name``
    (empty when the texts are the same)."""
    with store.sessions() as session:
        record = find_scenario(session, name, organisation_name)
        a = find_version(session, record, first)
        b = find_version(session, record, second)
        lines = difflib.unified_diff(
            a.text.splitlines(keepends=True),
            b.text.splitlines(keepends=True),
            fromfile=f"{name} v{first}",
            tofile=f"{name} v{second}",
        )
        return "".join(line if line.endswith("\n") else line + "\n" for line in lines)
