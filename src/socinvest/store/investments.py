"""Decided investments: the scenario version decided on, the date, the deciding body, the
budget per year and payer, the scope (whose figure decided it), the seed and draws of the
forecast, and the run it was decided on; and the audit trail of an investment."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session

from socinvest.analysis.case import DEFAULT_REPORT_DRAWS, check_scope
from socinvest.analysis.errors import OptionError
from socinvest.analysis.followup_types import AuditEntry
from socinvest.i18n import N_
from socinvest.params.errors import InputError, Message, Problem
from socinvest.params.yaml_source import parse_yaml
from socinvest.scenario.validate import payer_tree_of
from socinvest.store.common import (
    DEFAULT_ORGANISATION,
    as_utc,
    audit,
    changed_meanwhile,
    is_write_conflict,
    now,
    organisation,
)
from socinvest.store.engine import Store
from socinvest.store.errors import BadFileError, ConflictError, NotFoundError
from socinvest.store.models import (
    AuditLog,
    BudgetLine,
    Investment,
    Organisation,
    Run,
    ScenarioRecord,
    ScenarioVersion,
)
from socinvest.store.observation_file import some
from socinvest.store.runs import ParamFiles, add_params, library_with_params, params_files
from socinvest.store.scenarios import find_scenario, find_version, parse_checked

DEFAULT_SCOPE = "kommun"
"""Whose figure the decision rests on when no ``--scope`` is given."""

Budget = dict[int, dict[str, float]]
"""Budget per year and payer id (SEK)."""


@dataclass(frozen=True)
class InvestmentRecord:
    """A decided investment with everything needed to follow it up: the scenario text
    decided on, the ``--params`` files (``params_text``: their texts joined, ``None`` without
    any; ``params_files`` keeps them apart, in order), the budget per year and payer, the
    scope, seed and draws of the forecast."""

    id: int
    name: str
    organisation: str
    scenario_name: str
    scenario_version: int
    scenario_text: str
    params_text: str | None
    decision_date: date
    body: str
    budget: Budget
    scope: str
    seed: int
    draws: int
    run_id: int | None = None
    params_files: ParamFiles = ()
    created_at: datetime | None = None
    created_by: str = ""

    def as_json(self, with_text: bool = False) -> dict[str, object]:
        """A JSON-ready dictionary (the scenario text only when ``with_text``)."""
        out: dict[str, object] = {
            "id": self.id,
            "name": self.name,
            "organisation": self.organisation,
            "scenario": self.scenario_name,
            "version": self.scenario_version,
            "decision_date": self.decision_date.isoformat(),
            "body": self.body,
            "scope": self.scope,
            "seed": self.seed,
            "draws": self.draws,
            "run": self.run_id,
            "params": [name for name, _text in self.params_files],
            "budget": {str(y): dict(p) for y, p in sorted(self.budget.items())},
            "created_at": self.created_at.isoformat() if self.created_at else None,
            "created_by": self.created_by,
        }
        if with_text:
            out["scenario_text"] = self.scenario_text
        return out


def parse_budget(text: str, source: str, payers: list[str]) -> Budget:
    """A budget file: a mapping from years to mappings from payer ids to amounts (SEK).

    Raises
    ------
    BadFileError
        With every problem, each with its line.
    """
    try:
        data, lines = parse_yaml(text, source)
    except InputError as exc:
        raise BadFileError(exc) from None
    problems: list[Problem] = []
    budget: Budget = {}
    if not isinstance(data, dict):
        problems.append(
            Problem.of(
                "",
                N_("expected a mapping from years to payers and amounts, found {found}"),
                line=1,
                found=type(data).__name__,
            )
        )
        raise BadFileError(InputError(source, problems))
    for year, per_payer in data.items():
        where = str(year)
        line = lines.line_of((year,))
        if isinstance(year, bool) or not isinstance(year, int) or not 1900 <= year <= 2200:
            problems.append(
                Problem.of(
                    where,
                    N_("expected a year such as 2026, found {found}"),
                    line=line,
                    found=repr(year),
                )
            )
            continue
        if not isinstance(per_payer, dict):
            problems.append(
                Problem.of(
                    where,
                    N_("expected a mapping from payer ids to amounts, found {found}"),
                    line=line,
                    found=repr(per_payer),
                )
            )
            continue
        budget[year] = {}
        for payer, amount in per_payer.items():
            field = f"{year}.{payer}"
            at = lines.line_of((year, payer))
            if payer not in payers:
                problems.append(
                    Problem.of(
                        field,
                        N_("unknown payer {found}; expected one of: {expected}"),
                        line=at,
                        found=repr(payer),
                        expected=some(payers),
                    )
                )
            elif not _amount(amount):
                problems.append(
                    Problem.of(
                        field,
                        N_("expected an amount of at least 0 SEK, found {found}"),
                        line=at,
                        found=repr(amount),
                    )
                )
            else:
                budget[year][str(payer)] = float(amount)
    if problems:
        raise BadFileError(InputError(source, problems))
    return budget


def _amount(value: Any) -> bool:
    return (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and math.isfinite(value)
        and value >= 0
    )


def _budget_of(session: Session, investment_id: int) -> Budget:
    budget: Budget = {}
    for line in session.scalars(
        select(BudgetLine)
        .where(BudgetLine.investment_id == investment_id)
        .order_by(BudgetLine.year, BudgetLine.payer)
    ):
        budget.setdefault(line.year, {})[line.payer] = line.amount
    return budget


def record_of(session: Session, row: Investment) -> InvestmentRecord:
    """An investment row as plain data."""
    files = params_files(row.param_set.text if row.param_set is not None else None)
    return InvestmentRecord(
        id=row.id,
        name=row.name,
        organisation=row.organisation.name,
        scenario_name=row.version.scenario.name,
        scenario_version=row.version.number,
        scenario_text=row.version.text,
        params_text="\n".join(text for _name, text in files) if files else None,
        decision_date=row.decision_date,
        body=row.body,
        budget=_budget_of(session, row.id),
        scope=row.scope,
        seed=row.seed,
        draws=row.draws,
        run_id=row.run_id,
        params_files=files,
        created_at=as_utc(row.created_at),
        created_by=row.created_by,
    )


def decide(
    store: Store,
    scenario_name: str,
    version: int,
    decision_date: date,
    body: str,
    *,
    name: str | None = None,
    organisation_name: str | None = None,
    budget_text: str | None = None,
    budget_source: str = "<budget>",
    scope: str = DEFAULT_SCOPE,
    seed: int | None = None,
    draws: int = DEFAULT_REPORT_DRAWS,
    run_id: int | None = None,
    params: ParamFiles = (),
) -> InvestmentRecord:
    """Record that ``body`` decided on version ``version`` of ``scenario_name`` on
    ``decision_date``; the investment is called ``name`` (default: the scenario's name).

    Raises
    ------
    NotFoundError
        If the scenario, version or run does not exist.
    BadFileError
        If the budget file or the scope is not valid for the scenario.
    ConflictError
        If the organisation has an investment of that name already.
    """
    with store.sessions() as session:
        record = find_scenario(session, scenario_name, organisation_name)
        text = find_version(session, record, version).text
        org_name = record.organisation.name
    library = library_with_params(params)
    model = parse_checked(text, f"{scenario_name} v{version}", library)
    try:
        check_scope(model, scope)
    except OptionError as exc:
        raise BadFileError(
            InputError("--scope", [Problem.from_message(exc.option, exc.text)])
        ) from None
    payers = payer_tree_of(model).ids
    budget = parse_budget(budget_text, budget_source, payers) if budget_text else {}
    investment_name = name or scenario_name
    try:
        with store.transaction() as session:
            org = organisation(session, org_name or DEFAULT_ORGANISATION, create=False)
            scen = find_scenario(session, scenario_name, org.name)
            ver = find_version(session, scen, version)
            if run_id is not None:
                run = session.get(Run, run_id)
                if run is None or run.scenario_version_id != ver.id:
                    raise NotFoundError(
                        Message.of(
                            N_("no stored run {id} of {name} version {version}"),
                            id=run_id,
                            name=scenario_name,
                            version=version,
                        )
                    )
            param_set = add_params(session, params)
            row = Investment(
                organisation_id=org.id,
                name=investment_name,
                scenario_version_id=ver.id,
                param_set_id=param_set.id if param_set is not None else None,
                run_id=run_id,
                decision_date=decision_date,
                body=body,
                scope=scope,
                seed=model.analysis.seed if seed is None else seed,
                draws=draws,
                created_at=now(),
                created_by=store.actor,
            )
            session.add(row)
            session.flush()
            for year, per_payer in budget.items():
                for payer, amount in per_payer.items():
                    session.add(
                        BudgetLine(investment_id=row.id, year=year, payer=payer, amount=amount)
                    )
            session.flush()
            session.refresh(row)
            result = record_of(session, row)
            audit(
                session,
                store.actor,
                "decide",
                "investment",
                row.id,
                after=result.as_json(),
                investment_id=row.id,
            )
            return result
    except DBAPIError as exc:
        if not is_write_conflict(exc):
            raise
        if not isinstance(exc, IntegrityError):
            raise changed_meanwhile() from None
        raise ConflictError(
            Message.of(
                N_(
                    "{organisation} already has an investment called {name}; choose another "
                    "name with --name"
                ),
                organisation=org_name,
                name=repr(investment_name),
            )
        ) from None


def find_investment(session: Session, ref: str | int) -> Investment:
    """The investment with id ``ref`` (a number) or name ``ref``.

    Raises
    ------
    NotFoundError
        If there is none, or several of the name (in different organisations).
    """
    text = str(ref).strip()
    conditions = [Investment.name == text]
    if text.isdigit():
        conditions.append(Investment.id == int(text))
    found = list(session.scalars(select(Investment).where(or_(*conditions))))
    by_id = [row for row in found if text.isdigit() and row.id == int(text)]
    if by_id:
        return by_id[0]
    if not found:
        raise NotFoundError(Message.of(N_("no investment {ref}"), ref=repr(text)))
    if len(found) > 1:
        raise NotFoundError(
            Message.of(
                N_("several investments are called {ref}: give the id ({ids})"),
                ref=repr(text),
                ids=", ".join(str(row.id) for row in found),
            )
        )
    return found[0]


def get_investment(store: Store, ref: str | int) -> InvestmentRecord:
    """The investment with id or name ``ref`` (see :func:`find_investment`)."""
    with store.sessions() as session:
        return record_of(session, find_investment(session, ref))


def list_investments(
    store: Store, organisation_name: str | None = None
) -> tuple[InvestmentRecord, ...]:
    """The decided investments, by decision date."""
    query = (
        select(Investment)
        .join(Organisation)
        .join(ScenarioVersion)
        .join(ScenarioRecord)
        .order_by(Investment.decision_date, Investment.id)
    )
    if organisation_name is not None:
        query = query.where(Organisation.name == organisation_name)
    with store.sessions() as session:
        return tuple(record_of(session, row) for row in session.scalars(query))


def audit_trail(store: Store, investment_id: int) -> tuple[AuditEntry, ...]:
    """Every change to the investment, its plan and its observations, oldest first."""
    with store.sessions() as session:
        rows = session.scalars(
            select(AuditLog).where(AuditLog.investment_id == investment_id).order_by(AuditLog.id)
        )
        return tuple(
            AuditEntry(
                at=as_utc(row.at),
                actor=row.actor,
                action=row.action,
                entity=row.entity,
                entity_id=row.entity_id,
                before=row.before,
                after=row.after,
            )
            for row in rows
        )


def audit_log(store: Store, limit: int | None = None) -> tuple[AuditEntry, ...]:
    """The whole audit log, newest first."""
    query = select(AuditLog).order_by(AuditLog.id.desc())
    if limit is not None:
        query = query.limit(limit)
    with store.sessions() as session:
        return tuple(
            AuditEntry(as_utc(r.at), r.actor, r.action, r.entity, r.entity_id, r.before, r.after)
            for r in session.scalars(query)
        )
