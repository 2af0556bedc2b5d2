"""Observations of a decided investment: recorded from a file in one transaction (a later
value of the same period, kind, indicator, payer and group replaces the earlier one, which
stays in the audit log), and read back as :class:`Observation` rows."""

from __future__ import annotations

import hashlib
from dataclasses import asdict
from pathlib import Path
from typing import Any, cast

from sqlalchemy import select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from socinvest.analysis.followup_types import Group, Observation, ObservationKind
from socinvest.i18n import N_
from socinvest.params.errors import Message
from socinvest.scenario.validate import payer_tree_of
from socinvest.store.common import (
    audit,
    changed_meanwhile,
    hold_for_test,
    is_write_conflict,
    now,
)
from socinvest.store.engine import Store
from socinvest.store.errors import NotFoundError
from socinvest.store.investments import find_investment
from socinvest.store.models import ObservationBatch, ObservationRow
from socinvest.store.observation_file import read_observations
from socinvest.store.plans import load_plan
from socinvest.store.runs import library_with_params, params_files
from socinvest.store.scenarios import parse_checked

Key = tuple[str, str, str, str, str]


def _key(obs: Observation) -> Key:
    return (obs.period, obs.kind, obs.indicator or "", obs.payer or "", obs.group)


def _observation(row: ObservationRow) -> Observation:
    return Observation(
        period=row.period,
        kind=cast(ObservationKind, row.kind),
        value=row.value,
        indicator=row.indicator or None,
        payer=row.payer or None,
        group=cast(Group, row.grp),
        n=row.n,
        events=row.events,
        line=row.line,
    )


def _json(obs: Observation) -> dict[str, Any]:
    return asdict(obs)


def write_observations(
    session: Session,
    investment_id: int,
    observations: tuple[Observation, ...],
    source: str,
    digest: str,
    actor: str,
) -> ObservationBatch:
    """Write one file's observations in the caller's transaction."""
    batch = ObservationBatch(
        investment_id=investment_id,
        source=source,
        content_hash=digest,
        rows=len(observations),
        created_at=now(),
        created_by=actor,
    )
    session.add(batch)
    session.flush()
    existing = {
        (r.period, r.kind, r.indicator, r.payer, r.grp): r
        for r in session.scalars(
            select(ObservationRow).where(ObservationRow.investment_id == investment_id)
        )
    }
    replaced: list[dict[str, Any]] = []
    for obs in observations:
        old = existing.get(_key(obs))
        if old is not None:
            replaced.append(_json(_observation(old)))
            session.delete(old)
            session.flush()
        session.add(
            ObservationRow(
                investment_id=investment_id,
                batch_id=batch.id,
                period=obs.period,
                kind=obs.kind,
                indicator=obs.indicator or "",
                payer=obs.payer or "",
                grp=obs.group,
                value=obs.value,
                n=obs.n,
                events=obs.events,
                line=obs.line,
            )
        )
    session.flush()
    audit(
        session,
        actor,
        "record",
        "observations",
        batch.id,
        before={"replaced": replaced} if replaced else None,
        after={"source": source, "sha256": digest, "rows": [_json(o) for o in observations]},
        investment_id=investment_id,
    )
    return batch


def record_observations(
    store: Store, investment_ref: str | int, path: Path, source: str | None = None
) -> tuple[Observation, ...]:
    """Check the observations file ``path`` (CSV or .xlsx) against the investment's plan and
    scenario, and record them all in one transaction.

    Raises
    ------
    NotFoundError
        If there is no such investment, or it has no plan yet.
    BadFileError
        If a row is not valid (every problem listed; nothing is changed).
    """
    name = source or str(path)
    with store.sessions() as session:
        investment = find_investment(session, investment_ref)
        investment_id = investment.id
        investment_name = investment.name
        scenario_text = investment.version.text
        files = params_files(investment.param_set.text if investment.param_set else None)
        label = f"{investment.version.scenario.name} v{investment.version.number}"
        plan = load_plan(session, investment_id)
    if plan is None:
        raise NotFoundError(
            Message.of(
                N_(
                    "investment {name} has no follow-up plan yet: first run socinvest followup "
                    "plan {name} PLAN.yaml"
                ),
                name=investment_name,
            )
        )
    payers = payer_tree_of(parse_checked(scenario_text, label, library_with_params(files))).ids
    observations = read_observations(path, plan, payers, name)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    try:
        with store.transaction() as session:
            write_observations(session, investment_id, observations, name, digest, store.actor)
            hold_for_test()
    except DBAPIError as exc:
        if not is_write_conflict(exc):
            raise
        raise changed_meanwhile() from None
    return observations


def get_observations(store: Store, investment_id: int) -> tuple[Observation, ...]:
    """The investment's current observations, by period, kind, indicator, payer and group."""
    with store.sessions() as session:
        rows = session.scalars(
            select(ObservationRow)
            .where(ObservationRow.investment_id == investment_id)
            .order_by(
                ObservationRow.period,
                ObservationRow.kind,
                ObservationRow.indicator,
                ObservationRow.payer,
                ObservationRow.grp,
            )
        )
        return tuple(_observation(row) for row in rows)
