"""The store: scenarios and their versions, runs, decided investments, their follow-up plans
and observations, and an audit log of every change, in SQLite (the default, a file in the
user's data folder) or PostgreSQL (shared use), with SQLAlchemy 2 and Alembic migrations.

Every user action is one transaction; errors are :class:`StoreError` subclasses with a
message in Swedish and English. The follow-up loop's data comes and goes as the plain types
of :mod:`socinvest.analysis.followup_types`.
"""

from __future__ import annotations

from socinvest.store.engine import Store, open_store, resolve_url
from socinvest.store.errors import (
    BadFileError,
    ConflictError,
    DriverMissingError,
    NotFoundError,
    NotUpgradedError,
    StoreError,
    ToolMissingError,
)
from socinvest.store.investments import (
    InvestmentRecord,
    audit_log,
    audit_trail,
    decide,
    get_investment,
    list_investments,
)
from socinvest.store.observations import get_observations, record_observations
from socinvest.store.plans import get_plan, save_plan
from socinvest.store.runs import RunInfo, get_run, list_runs, save_run
from socinvest.store.scenarios import (
    VersionInfo,
    diff_versions,
    get_version,
    list_scenarios,
    list_versions,
    save_scenario,
)

__all__ = [
    "BadFileError",
    "ConflictError",
    "DriverMissingError",
    "InvestmentRecord",
    "NotFoundError",
    "NotUpgradedError",
    "RunInfo",
    "Store",
    "StoreError",
    "ToolMissingError",
    "VersionInfo",
    "audit_log",
    "audit_trail",
    "decide",
    "diff_versions",
    "get_investment",
    "get_observations",
    "get_plan",
    "get_run",
    "get_version",
    "list_investments",
    "list_runs",
    "list_scenarios",
    "list_versions",
    "open_store",
    "record_observations",
    "resolve_url",
    "save_plan",
    "save_run",
    "save_scenario",
]
