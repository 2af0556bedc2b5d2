"""Lookups by id confined to a set of organisations (the web application's: a user sees
only the organisations they are a member of). Anything outside them is reported exactly as
something that does not exist, so an id of another organisation tells nothing."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from socinvest.i18n import N_
from socinvest.params.errors import Message
from socinvest.store.common import as_utc
from socinvest.store.engine import Store
from socinvest.store.errors import NotFoundError
from socinvest.store.investments import InvestmentRecord, record_of
from socinvest.store.models import Investment, Run, ScenarioRecord, ScenarioVersion
from socinvest.store.runs import RunInfo, RunSummary, run_info
from socinvest.store.scenarios import VersionInfo, version_info

Orgs = tuple[int, ...]
"""The ids of the organisations a lookup may see."""


@dataclass(frozen=True)
class ScenarioEntry:
    """A scenario with the id and organisation the web application links by."""

    id: int
    name: str
    organisation_id: int
    organisation: str
    versions: int


def _scenario(session: Session, orgs: Orgs, scenario_id: int) -> ScenarioRecord:
    row = session.get(ScenarioRecord, scenario_id)
    if row is None or row.organisation_id not in orgs:
        raise NotFoundError(Message.of(N_("no scenario {ref}"), ref=scenario_id))
    return row


def _entry(session: Session, row: ScenarioRecord) -> ScenarioEntry:
    count = session.scalar(
        select(func.count(ScenarioVersion.id)).where(ScenarioVersion.scenario_id == row.id)
    )
    return ScenarioEntry(row.id, row.name, row.organisation_id, row.organisation.name,
                         int(count or 0))


def scenarios_in(store: Store, orgs: Orgs) -> tuple[ScenarioEntry, ...]:
    """The scenarios of the organisations ``orgs``, by organisation and name."""
    with store.sessions() as session:
        rows = session.scalars(
            select(ScenarioRecord)
            .where(ScenarioRecord.organisation_id.in_(orgs))
            .order_by(ScenarioRecord.organisation_id, ScenarioRecord.name)
        )
        return tuple(_entry(session, row) for row in rows)


def scenario_in(store: Store, orgs: Orgs, scenario_id: int) -> tuple[
    ScenarioEntry, tuple[VersionInfo, ...]
]:
    """The scenario ``scenario_id`` and its versions, oldest first.

    Raises
    ------
    NotFoundError
        If there is none in ``orgs``.
    """
    with store.sessions() as session:
        row = _scenario(session, orgs, scenario_id)
        versions = session.scalars(
            select(ScenarioVersion)
            .where(ScenarioVersion.scenario_id == row.id)
            .order_by(ScenarioVersion.number)
        )
        return _entry(session, row), tuple(version_info(v) for v in versions)


def version_in(store: Store, orgs: Orgs, scenario_id: int, number: int) -> tuple[
    ScenarioEntry, VersionInfo
]:
    """Version ``number`` of scenario ``scenario_id``.

    Raises
    ------
    NotFoundError
        If there is none in ``orgs``.
    """
    with store.sessions() as session:
        row = _scenario(session, orgs, scenario_id)
        version = session.scalars(
            select(ScenarioVersion).where(
                ScenarioVersion.scenario_id == row.id, ScenarioVersion.number == number
            )
        ).first()
        if version is None:
            raise NotFoundError(
                Message.of(N_("{name} has no version {number}"), name=row.name, number=number)
            )
        return _entry(session, row), version_info(version)


def runs_in(store: Store, orgs: Orgs, scenario_id: int | None = None) -> tuple[RunSummary, ...]:
    """The runs of scenarios of ``orgs`` (of ``scenario_id`` only, when given), newest
    first, without their results."""
    query = (
        select(Run, ScenarioVersion, ScenarioRecord)
        .join(ScenarioVersion, Run.scenario_version_id == ScenarioVersion.id)
        .join(ScenarioRecord, ScenarioVersion.scenario_id == ScenarioRecord.id)
        .where(ScenarioRecord.organisation_id.in_(orgs))
        .order_by(Run.id.desc())
    )
    if scenario_id is not None:
        query = query.where(ScenarioRecord.id == scenario_id)
    with store.sessions() as session:
        return tuple(
            RunSummary(
                id=run.id,
                scenario=record.name,
                organisation=record.organisation.name,
                version=version.number,
                seed=run.seed,
                draws=run.draws,
                package_version=run.package_version,
                created_at=as_utc(run.created_at),
                created_by=run.created_by,
            )
            for run, version, record in session.execute(query)
        )


def run_in(store: Store, orgs: Orgs, run_id: int) -> RunInfo:
    """The stored run ``run_id``.

    Raises
    ------
    NotFoundError
        If there is none in ``orgs``.
    """
    with store.sessions() as session:
        row = session.get(Run, run_id)
        if row is None or row.version.scenario.organisation_id not in orgs:
            raise NotFoundError(Message.of(N_("no stored run {id}"), id=run_id))
        return run_info(row)


def investments_in(store: Store, orgs: Orgs) -> tuple[InvestmentRecord, ...]:
    """The decided investments of ``orgs``, by decision date, newest first."""
    with store.sessions() as session:
        rows = session.scalars(
            select(Investment)
            .where(Investment.organisation_id.in_(orgs))
            .order_by(Investment.decision_date.desc(), Investment.id.desc())
        )
        return tuple(record_of(session, row) for row in rows)


def investment_in(store: Store, orgs: Orgs, investment_id: int) -> InvestmentRecord:
    """The investment ``investment_id``.

    Raises
    ------
    NotFoundError
        If there is none in ``orgs``.
    """
    with store.sessions() as session:
        row = session.get(Investment, investment_id)
        if row is None or row.organisation_id not in orgs:
            raise NotFoundError(Message.of(N_("no investment {ref}"), ref=repr(investment_id)))
        return record_of(session, row)
