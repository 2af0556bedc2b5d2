"""Follow-up plans stored as rows: periods with their planned reach, planned cost per period
and payer, indicators with their planned values and the effect each informs. A new plan file
replaces the investment's plan, with the old one in the audit log."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any, cast

from sqlalchemy import delete, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from socinvest.analysis.followup_types import (
    EffectLink,
    FollowUpPlan,
    IndicatorKind,
    IndicatorPlan,
)
from socinvest.store.common import (
    audit,
    changed_meanwhile,
    hold_for_test,
    is_write_conflict,
    now,
)
from socinvest.store.engine import Store
from socinvest.store.investments import find_investment
from socinvest.store.models import Plan, PlanCost, PlanIndicator, PlanPeriod, PlanValue
from socinvest.store.plan_file import parse_plan
from socinvest.store.runs import library_with_params, params_files
from socinvest.store.scenarios import parse_checked


def plan_json(plan: FollowUpPlan) -> dict[str, Any]:
    """A plan as JSON-ready data (the audit log's before and after)."""
    return asdict(plan)


def load_plan(session: Session, investment_id: int) -> FollowUpPlan | None:
    """The plan of an investment from its rows (``None`` when it has none)."""
    plan = session.scalars(select(Plan).where(Plan.investment_id == investment_id)).first()
    if plan is None:
        return None
    periods = list(
        session.scalars(
            select(PlanPeriod).where(PlanPeriod.plan_id == plan.id).order_by(PlanPeriod.position)
        )
    )
    cost: dict[str, dict[str, float]] = {}
    for row in session.scalars(
        select(PlanCost).where(PlanCost.plan_id == plan.id).order_by(PlanCost.id)
    ):
        cost.setdefault(row.period, {})[row.payer] = row.amount
    indicators: list[IndicatorPlan] = []
    for ind in session.scalars(
        select(PlanIndicator)
        .where(PlanIndicator.plan_id == plan.id)
        .order_by(PlanIndicator.position)
    ):
        planned = {
            v.period: v.value
            for v in session.scalars(
                select(PlanValue).where(PlanValue.indicator_id == ind.id).order_by(PlanValue.id)
            )
        }
        effect = (
            EffectLink(ind.effect_intervention, ind.effect_index or 0)
            if ind.effect_intervention is not None
            else None
        )
        indicators.append(
            IndicatorPlan(
                id=ind.key,
                label_sv=ind.label_sv,
                label_en=ind.label_en,
                kind=cast(IndicatorKind, ind.kind),
                planned=planned,
                effect=effect,
                lower_is_better=ind.lower_is_better,
            )
        )
    return FollowUpPlan(
        periods=tuple(p.period for p in periods),
        reach={p.period: p.reach for p in periods if p.reach is not None},
        cost=cost,
        indicators=tuple(indicators),
        tolerance=plan.tolerance,
    )


def _write_plan(
    session: Session, investment_id: int, plan: FollowUpPlan, source: str, actor: str
) -> Plan:
    row = Plan(
        investment_id=investment_id,
        tolerance=plan.tolerance,
        source=source,
        created_at=now(),
        created_by=actor,
    )
    session.add(row)
    session.flush()
    for position, period in enumerate(plan.periods):
        session.add(
            PlanPeriod(
                plan_id=row.id, position=position, period=period, reach=plan.reach.get(period)
            )
        )
    for period, per_payer in plan.cost.items():
        for payer, amount in per_payer.items():
            session.add(PlanCost(plan_id=row.id, period=period, payer=payer, amount=amount))
    for position, ind in enumerate(plan.indicators):
        indicator = PlanIndicator(
            plan_id=row.id,
            position=position,
            key=ind.id,
            label_sv=ind.label_sv,
            label_en=ind.label_en,
            kind=ind.kind,
            lower_is_better=ind.lower_is_better,
            effect_intervention=ind.effect.intervention if ind.effect else None,
            effect_index=ind.effect.index if ind.effect else None,
        )
        session.add(indicator)
        session.flush()
        for period, value in ind.planned.items():
            session.add(PlanValue(indicator_id=indicator.id, period=period, value=value))
    session.flush()
    return row


def _delete_plan(session: Session, plan: Plan) -> None:
    indicator_ids = select(PlanIndicator.id).where(PlanIndicator.plan_id == plan.id)
    session.execute(delete(PlanValue).where(PlanValue.indicator_id.in_(indicator_ids)))
    session.execute(delete(PlanIndicator).where(PlanIndicator.plan_id == plan.id))
    session.execute(delete(PlanCost).where(PlanCost.plan_id == plan.id))
    session.execute(delete(PlanPeriod).where(PlanPeriod.plan_id == plan.id))
    session.delete(plan)
    session.flush()


def save_plan(store: Store, investment_ref: str | int, text: str, source: str) -> FollowUpPlan:
    """Read the plan file ``text`` (named ``source``), check it against the investment's
    scenario and store it, replacing an earlier plan, in one transaction.

    Raises
    ------
    NotFoundError
        If there is no such investment.
    BadFileError
        If the plan is not valid (nothing is changed).
    """
    with store.sessions() as session:
        investment = find_investment(session, investment_ref)
        investment_id = investment.id
        scenario_text = investment.version.text
        files = params_files(investment.param_set.text if investment.param_set else None)
        label = f"{investment.version.scenario.name} v{investment.version.number}"
    scenario = parse_checked(scenario_text, label, library_with_params(files))
    plan = parse_plan(text, source, scenario)
    try:
        _replace_plan(store, investment_id, plan, source)
    except DBAPIError as exc:
        if not is_write_conflict(exc):
            raise
        raise changed_meanwhile() from None
    return plan


def _replace_plan(store: Store, investment_id: int, plan: FollowUpPlan, source: str) -> None:
    with store.transaction() as session:
        old = session.scalars(select(Plan).where(Plan.investment_id == investment_id)).first()
        before = None
        if old is not None:
            previous = load_plan(session, investment_id)
            before = plan_json(previous) if previous is not None else None
            _delete_plan(session, old)
        row = _write_plan(session, investment_id, plan, source, store.actor)
        audit(
            session,
            store.actor,
            "replace" if old is not None else "create",
            "plan",
            row.id,
            before=before,
            after={"source": source, **plan_json(plan)},
            investment_id=investment_id,
        )
        hold_for_test()


def get_plan(store: Store, investment_id: int) -> FollowUpPlan | None:
    """The follow-up plan of investment ``investment_id`` (``None`` when it has none)."""
    with store.sessions() as session:
        return load_plan(session, investment_id)
