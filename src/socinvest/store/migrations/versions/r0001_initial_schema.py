"""The initial schema of the store (issue 13): organisations, scenarios and their versions,
parameter sets, runs, investments and budgets, follow-up plans, observations, the audit log.

Revision ID: 0001
Revises: (none)
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("action", sa.String(length=50), nullable=False),
        sa.Column("entity", sa.String(length=50), nullable=False),
        sa.Column("entity_id", sa.String(length=50), nullable=False),
        sa.Column("investment_id", sa.Integer(), nullable=True),
        sa.Column("before", sa.Text(), nullable=True),
        sa.Column("after", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.create_index("ix_audit_log_investment", ["investment_id", "id"], unique=False)

    op.create_table(
        "organisation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organisation")),
        sa.UniqueConstraint("name", name=op.f("uq_organisation_name")),
    )
    op.create_table(
        "param_set",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_param_set")),
        sa.UniqueConstraint("content_hash", name=op.f("uq_param_set_content_hash")),
    )
    op.create_table(
        "scenario",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_scenario_organisation_id_organisation"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_scenario")),
        sa.UniqueConstraint("organisation_id", "name", name=op.f("uq_scenario_organisation_id")),
    )
    op.create_table(
        "scenario_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("scenario_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["scenario_id"], ["scenario.id"], name=op.f("fk_scenario_version_scenario_id_scenario")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_scenario_version")),
        sa.UniqueConstraint("scenario_id", "number", name=op.f("uq_scenario_version_scenario_id")),
    )
    with op.batch_alter_table("scenario_version", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_scenario_version_content_hash"), ["content_hash"], unique=False
        )

    op.create_table(
        "run",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("scenario_version_id", sa.Integer(), nullable=False),
        sa.Column("param_set_id", sa.Integer(), nullable=True),
        sa.Column("seed", sa.Integer(), nullable=False),
        sa.Column("draws", sa.Integer(), nullable=False),
        sa.Column("package_version", sa.String(length=50), nullable=False),
        sa.Column("scenario_hash", sa.String(length=64), nullable=False),
        sa.Column("parameter_hash", sa.String(length=64), nullable=False),
        sa.Column("results", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["param_set_id"], ["param_set.id"], name=op.f("fk_run_param_set_id_param_set")
        ),
        sa.ForeignKeyConstraint(
            ["scenario_version_id"],
            ["scenario_version.id"],
            name=op.f("fk_run_scenario_version_id_scenario_version"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_run")),
    )
    with op.batch_alter_table("run", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_run_created_at"), ["created_at"], unique=False)

    op.create_table(
        "investment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("scenario_version_id", sa.Integer(), nullable=False),
        sa.Column("param_set_id", sa.Integer(), nullable=True),
        sa.Column("run_id", sa.Integer(), nullable=True),
        sa.Column("decision_date", sa.Date(), nullable=False),
        sa.Column("body", sa.String(length=200), nullable=False),
        sa.Column("scope", sa.String(length=200), nullable=False),
        sa.Column("seed", sa.Integer(), nullable=False),
        sa.Column("draws", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_investment_organisation_id_organisation"),
        ),
        sa.ForeignKeyConstraint(
            ["param_set_id"], ["param_set.id"], name=op.f("fk_investment_param_set_id_param_set")
        ),
        sa.ForeignKeyConstraint(["run_id"], ["run.id"], name=op.f("fk_investment_run_id_run")),
        sa.ForeignKeyConstraint(
            ["scenario_version_id"],
            ["scenario_version.id"],
            name=op.f("fk_investment_scenario_version_id_scenario_version"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_investment")),
        sa.UniqueConstraint("organisation_id", "name", name=op.f("uq_investment_organisation_id")),
    )
    op.create_table(
        "budget_line",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("investment_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("payer", sa.String(length=200), nullable=False),
        sa.Column("amount", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(
            ["investment_id"],
            ["investment.id"],
            name=op.f("fk_budget_line_investment_id_investment"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_budget_line")),
        sa.UniqueConstraint(
            "investment_id", "year", "payer", name=op.f("uq_budget_line_investment_id")
        ),
    )
    op.create_table(
        "observation_batch",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("investment_id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=500), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("rows", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["investment_id"],
            ["investment.id"],
            name=op.f("fk_observation_batch_investment_id_investment"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_observation_batch")),
    )
    op.create_table(
        "plan",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("investment_id", sa.Integer(), nullable=False),
        sa.Column("tolerance", sa.Float(), nullable=False),
        sa.Column("source", sa.String(length=500), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["investment_id"], ["investment.id"], name=op.f("fk_plan_investment_id_investment")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan")),
        sa.UniqueConstraint("investment_id", name=op.f("uq_plan_investment_id")),
    )
    op.create_table(
        "observation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("investment_id", sa.Integer(), nullable=False),
        sa.Column("batch_id", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(length=20), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("indicator", sa.String(length=200), nullable=False),
        sa.Column("payer", sa.String(length=200), nullable=False),
        sa.Column("grp", sa.String(length=20), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("n", sa.Integer(), nullable=True),
        sa.Column("events", sa.Integer(), nullable=True),
        sa.Column("line", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["batch_id"],
            ["observation_batch.id"],
            name=op.f("fk_observation_batch_id_observation_batch"),
        ),
        sa.ForeignKeyConstraint(
            ["investment_id"],
            ["investment.id"],
            name=op.f("fk_observation_investment_id_investment"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_observation")),
        sa.UniqueConstraint(
            "investment_id",
            "period",
            "kind",
            "indicator",
            "payer",
            "grp",
            name=op.f("uq_observation_investment_id"),
        ),
    )
    op.create_table(
        "plan_cost",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(length=20), nullable=False),
        sa.Column("payer", sa.String(length=200), nullable=False),
        sa.Column("amount", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["plan.id"], name=op.f("fk_plan_cost_plan_id_plan"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_cost")),
        sa.UniqueConstraint("plan_id", "period", "payer", name=op.f("uq_plan_cost_plan_id")),
    )
    op.create_table(
        "plan_indicator",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("label_sv", sa.String(length=500), nullable=False),
        sa.Column("label_en", sa.String(length=500), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("lower_is_better", sa.Boolean(), nullable=False),
        sa.Column("effect_intervention", sa.String(length=200), nullable=True),
        sa.Column("effect_index", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["plan.id"],
            name=op.f("fk_plan_indicator_plan_id_plan"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_indicator")),
        sa.UniqueConstraint("plan_id", "key", name=op.f("uq_plan_indicator_plan_id")),
    )
    op.create_table(
        "plan_period",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(length=20), nullable=False),
        sa.Column("reach", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["plan.id"], name=op.f("fk_plan_period_plan_id_plan"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_period")),
        sa.UniqueConstraint("plan_id", "period", name=op.f("uq_plan_period_plan_id")),
    )
    op.create_table(
        "plan_value",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("indicator_id", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(length=20), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(
            ["indicator_id"],
            ["plan_indicator.id"],
            name=op.f("fk_plan_value_indicator_id_plan_indicator"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_value")),
        sa.UniqueConstraint("indicator_id", "period", name=op.f("uq_plan_value_indicator_id")),
    )


def downgrade() -> None:
    op.drop_table("plan_value")
    op.drop_table("plan_period")
    op.drop_table("plan_indicator")
    op.drop_table("plan_cost")
    op.drop_table("observation")
    op.drop_table("plan")
    op.drop_table("observation_batch")
    op.drop_table("budget_line")
    op.drop_table("investment")
    with op.batch_alter_table("run", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_run_created_at"))

    op.drop_table("run")
    with op.batch_alter_table("scenario_version", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_scenario_version_content_hash"))

    op.drop_table("scenario_version")
    op.drop_table("scenario")
    op.drop_table("param_set")
    op.drop_table("organisation")
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_index("ix_audit_log_investment")

    op.drop_table("audit_log")
