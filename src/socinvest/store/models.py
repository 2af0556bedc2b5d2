"""The tables of the store, as SQLAlchemy 2 typed declarative models.

Every change goes through :mod:`socinvest.store.repository` in one transaction with its
audit entry. Scenario versions and runs are never updated; an edit is a new version.
Text columns that may be empty in a key (an observation's indicator or payer) hold ``""``
rather than NULL, so that the unique constraints hold on every database (NULLs are distinct
in a SQL unique constraint).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
"""Constraint names, fixed so that migrations can name them on every database."""

HASH = 64
"""Length of a SHA-256 hex digest."""


class Base(DeclarativeBase):
    """The declarative base of the store's tables."""

    metadata = MetaData(naming_convention=NAMING)


class Organisation(Base):
    """A municipality, region or agency whose scenarios and investments these are."""

    __tablename__ = "organisation"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class ScenarioRecord(Base):
    """A named scenario of an organisation; its content lives in its versions."""

    __tablename__ = "scenario"
    __table_args__ = (UniqueConstraint("organisation_id", "name"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    organisation: Mapped[Organisation] = relationship()


class ScenarioVersion(Base):
    """One immutable version of a scenario: the YAML text as saved and its content hash."""

    __tablename__ = "scenario_version"
    __table_args__ = (UniqueConstraint("scenario_id", "number"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    scenario_id: Mapped[int] = mapped_column(ForeignKey("scenario.id"))
    number: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(HASH), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    created_by: Mapped[str] = mapped_column(String(200))
    scenario: Mapped[ScenarioRecord] = relationship()


class ParamSet(Base):
    """The ``--params`` files of a run or investment: a JSON list of ``[name, text]``."""

    __tablename__ = "param_set"
    id: Mapped[int] = mapped_column(primary_key=True)
    text: Mapped[str] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(HASH), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Run(Base):
    """One stored run: its inputs (scenario version, parameter set, seed, draws), the hashes
    and package version it recorded, and its results JSON as the command wrote it."""

    __tablename__ = "run"
    id: Mapped[int] = mapped_column(primary_key=True)
    scenario_version_id: Mapped[int] = mapped_column(ForeignKey("scenario_version.id"))
    param_set_id: Mapped[int | None] = mapped_column(ForeignKey("param_set.id"))
    seed: Mapped[int] = mapped_column(Integer)
    draws: Mapped[int] = mapped_column(Integer)
    package_version: Mapped[str] = mapped_column(String(50))
    scenario_hash: Mapped[str] = mapped_column(String(HASH))
    parameter_hash: Mapped[str] = mapped_column(String(HASH))
    results: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    created_by: Mapped[str] = mapped_column(String(200))
    version: Mapped[ScenarioVersion] = relationship()
    param_set: Mapped[ParamSet | None] = relationship()


class Investment(Base):
    """A decided investment: the scenario version decided on, when, by whom, its budget."""

    __tablename__ = "investment"
    __table_args__ = (UniqueConstraint("organisation_id", "name"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    name: Mapped[str] = mapped_column(String(200))
    scenario_version_id: Mapped[int] = mapped_column(ForeignKey("scenario_version.id"))
    param_set_id: Mapped[int | None] = mapped_column(ForeignKey("param_set.id"))
    run_id: Mapped[int | None] = mapped_column(ForeignKey("run.id"))
    decision_date: Mapped[date] = mapped_column(Date)
    body: Mapped[str] = mapped_column(String(200))
    scope: Mapped[str] = mapped_column(String(200))
    seed: Mapped[int] = mapped_column(Integer)
    draws: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    created_by: Mapped[str] = mapped_column(String(200))
    organisation: Mapped[Organisation] = relationship()
    version: Mapped[ScenarioVersion] = relationship()
    param_set: Mapped[ParamSet | None] = relationship()


class BudgetLine(Base):
    """The decided budget of an investment: one amount per year and payer (SEK)."""

    __tablename__ = "budget_line"
    __table_args__ = (UniqueConstraint("investment_id", "year", "payer"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    investment_id: Mapped[int] = mapped_column(ForeignKey("investment.id"))
    year: Mapped[int] = mapped_column(Integer)
    payer: Mapped[str] = mapped_column(String(200))
    amount: Mapped[float] = mapped_column(Float)


class Plan(Base):
    """The follow-up plan of an investment (at most one; a new plan file replaces it)."""

    __tablename__ = "plan"
    id: Mapped[int] = mapped_column(primary_key=True)
    investment_id: Mapped[int] = mapped_column(ForeignKey("investment.id"), unique=True)
    tolerance: Mapped[float] = mapped_column(Float)
    source: Mapped[str] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    created_by: Mapped[str] = mapped_column(String(200))


class PlanPeriod(Base):
    """One period of a plan, in order, with the planned reach (participants)."""

    __tablename__ = "plan_period"
    __table_args__ = (UniqueConstraint("plan_id", "period"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    period: Mapped[str] = mapped_column(String(20))
    reach: Mapped[int | None] = mapped_column(Integer)


class PlanCost(Base):
    """The planned cost of one payer in one period (SEK, the scenario's price year)."""

    __tablename__ = "plan_cost"
    __table_args__ = (UniqueConstraint("plan_id", "period", "payer"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"))
    period: Mapped[str] = mapped_column(String(20))
    payer: Mapped[str] = mapped_column(String(200))
    amount: Mapped[float] = mapped_column(Float)


class PlanIndicator(Base):
    """An indicator of a plan, with the effect of the scenario it informs (if any)."""

    __tablename__ = "plan_indicator"
    __table_args__ = (UniqueConstraint("plan_id", "key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    key: Mapped[str] = mapped_column(String(200))
    label_sv: Mapped[str] = mapped_column(String(500))
    label_en: Mapped[str] = mapped_column(String(500))
    kind: Mapped[str] = mapped_column(String(20))
    lower_is_better: Mapped[bool]
    effect_intervention: Mapped[str | None] = mapped_column(String(200))
    effect_index: Mapped[int | None] = mapped_column(Integer)


class PlanValue(Base):
    """The planned value of an indicator in one period."""

    __tablename__ = "plan_value"
    __table_args__ = (UniqueConstraint("indicator_id", "period"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("plan_indicator.id", ondelete="CASCADE"))
    period: Mapped[str] = mapped_column(String(20))
    value: Mapped[float] = mapped_column(Float)


class ObservationBatch(Base):
    """One observations file as recorded: its name, content hash and number of rows."""

    __tablename__ = "observation_batch"
    id: Mapped[int] = mapped_column(primary_key=True)
    investment_id: Mapped[int] = mapped_column(ForeignKey("investment.id"))
    source: Mapped[str] = mapped_column(String(500))
    content_hash: Mapped[str] = mapped_column(String(HASH))
    rows: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    created_by: Mapped[str] = mapped_column(String(200))


class ObservationRow(Base):
    """One observed value (see :class:`socinvest.analysis.followup_types.Observation`); a
    later file with the same key (period, kind, indicator, payer, group) replaces it."""

    __tablename__ = "observation"
    __table_args__ = (
        UniqueConstraint("investment_id", "period", "kind", "indicator", "payer", "grp"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    investment_id: Mapped[int] = mapped_column(ForeignKey("investment.id"))
    batch_id: Mapped[int] = mapped_column(ForeignKey("observation_batch.id"))
    period: Mapped[str] = mapped_column(String(20))
    kind: Mapped[str] = mapped_column(String(20))
    indicator: Mapped[str] = mapped_column(String(200))
    payer: Mapped[str] = mapped_column(String(200))
    grp: Mapped[str] = mapped_column(String(20))
    value: Mapped[float] = mapped_column(Float)
    n: Mapped[int | None] = mapped_column(Integer)
    events: Mapped[int | None] = mapped_column(Integer)
    line: Mapped[int | None] = mapped_column(Integer)


class AuditLog(Base):
    """One change: who, when, what (action, entity and its id), and the values before and
    after as JSON text. ``investment_id`` ties an entry to an investment's trail."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_investment", "investment_id", "id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(50))
    entity: Mapped[str] = mapped_column(String(50))
    entity_id: Mapped[str] = mapped_column(String(50))
    investment_id: Mapped[int | None] = mapped_column(Integer)
    before: Mapped[str | None] = mapped_column(Text)
    after: Mapped[str | None] = mapped_column(Text)


class User(Base):
    """An account of the web application: a login name, a display name and an argon2 hash
    of the password (never the password). A disabled account cannot log in; it is kept for
    the audit log."""

    __tablename__ = "app_user"
    id: Mapped[int] = mapped_column(primary_key=True)
    login: Mapped[str] = mapped_column(String(100), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    disabled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class Membership(Base):
    """A user's role in one organisation: ``viewer`` (reads), ``analyst`` (also saves and
    runs) or ``admin`` (also manages the organisation's users)."""

    __tablename__ = "membership"
    __table_args__ = (UniqueConstraint("user_id", "organisation_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    role: Mapped[str] = mapped_column(String(20))
    user: Mapped[User] = relationship()
    organisation: Mapped[Organisation] = relationship()


class WebSession(Base):
    """A logged-in session of the web application: the SHA-256 of its random token (the
    token itself is only in the user's cookie), its CSRF token and when it expires."""

    __tablename__ = "web_session"
    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(HASH), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"))
    csrf_token: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)


class ApiToken(Base):
    """A personal API token of a user, for scripts (``Authorization: Bearer``): the SHA-256
    of its random secret (the secret itself is shown once, when made), its name, when it
    was made and last used, and when it was revoked (a revoked token is kept for the
    audit trail and never accepted again)."""

    __tablename__ = "api_token"
    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(HASH), unique=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("app_user.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
