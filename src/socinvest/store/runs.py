"""Stored runs: the scenario version, the ``--params`` files, the seed and draws a run was made
with, the hashes and package version it recorded, and its results JSON, so that it can be
listed, shown and re-run."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from socinvest.i18n import N_
from socinvest.params.errors import InputError, Message
from socinvest.params.library import ParameterLibrary, default_library, parse_overrides
from socinvest.store.common import (
    DEFAULT_ORGANISATION,
    as_utc,
    audit,
    hold_for_test,
    is_write_conflict,
    now,
    sha256,
)
from socinvest.store.engine import Store
from socinvest.store.errors import BadFileError, NotFoundError
from socinvest.store.models import Organisation, ParamSet, Run, ScenarioRecord, ScenarioVersion
from socinvest.store.scenarios import add_version, conflict

ParamFiles = tuple[tuple[str, str], ...]
"""``--params`` files as ``(name, text)`` pairs, in the order they are applied."""


@dataclass(frozen=True)
class RunInfo:
    """A stored run (``results`` is the JSON text as the run wrote it)."""

    id: int
    scenario: str
    organisation: str
    version: int
    scenario_text: str
    params: ParamFiles
    seed: int
    draws: int
    package_version: str
    scenario_hash: str
    parameter_hash: str
    created_at: datetime
    created_by: str
    results: str

    def as_json(self, with_results: bool = False) -> dict[str, object]:
        """A JSON-ready summary (the results only when ``with_results``)."""
        out: dict[str, object] = {
            "id": self.id,
            "scenario": self.scenario,
            "organisation": self.organisation,
            "version": self.version,
            "params": [name for name, _text in self.params],
            "seed": self.seed,
            "draws": self.draws,
            "package_version": self.package_version,
            "scenario_hash": self.scenario_hash,
            "parameter_hash": self.parameter_hash,
            "created_at": self.created_at.isoformat(),
            "created_by": self.created_by,
        }
        if with_results:
            out["results"] = json.loads(self.results)
        return out


def params_text(files: ParamFiles) -> str:
    """The stored form of a parameter set: JSON ``[[name, text], ...]``."""
    return json.dumps([list(pair) for pair in files], ensure_ascii=False)


def params_files(text: str | None) -> ParamFiles:
    """The ``(name, text)`` pairs of a stored parameter set."""
    if text is None:
        return ()
    return tuple((str(name), str(body)) for name, body in json.loads(text))


def library_with_params(files: ParamFiles) -> ParameterLibrary:
    """The shipped library with each file's values on top, in order (as ``--params``).

    Raises
    ------
    BadFileError
        If a file is not valid (it was valid when stored, so the library changed).
    """
    library = default_library()
    try:
        for name, text in files:
            overrides, lines = parse_overrides(text, name)
            library = library.with_overrides(overrides, name, lines)
    except InputError as exc:
        raise BadFileError(exc) from None
    return library


def add_params(session: Session, files: ParamFiles) -> ParamSet | None:
    """The parameter set of ``files`` (an existing one with the same content, else a new
    one); ``None`` for no files."""
    if not files:
        return None
    text = params_text(files)
    digest = sha256(text)
    found = session.scalars(select(ParamSet).where(ParamSet.content_hash == digest)).first()
    if found is not None:
        return found
    made = ParamSet(text=text, content_hash=digest, created_at=now())
    session.add(made)
    session.flush()
    return made


def run_info(row: Run) -> RunInfo:
    """A run row as plain data."""
    return RunInfo(
        id=row.id,
        scenario=row.version.scenario.name,
        organisation=row.version.scenario.organisation.name,
        version=row.version.number,
        scenario_text=row.version.text,
        params=params_files(row.param_set.text if row.param_set is not None else None),
        seed=row.seed,
        draws=row.draws,
        package_version=row.package_version,
        scenario_hash=row.scenario_hash,
        parameter_hash=row.parameter_hash,
        created_at=as_utc(row.created_at),
        created_by=row.created_by,
        results=row.results,
    )


def save_run(
    store: Store,
    *,
    scenario_text: str,
    scenario_name: str,
    params: ParamFiles,
    seed: int,
    draws: int,
    package_version: str,
    scenario_hash: str,
    parameter_hash: str,
    results: str,
    organisation_name: str = DEFAULT_ORGANISATION,
) -> RunInfo:
    """Save a run with its inputs, in one transaction: the scenario's version (an existing
    one with the same content hash, else a new one), the parameter set and the run.

    ``scenario_hash`` is :func:`socinvest.scenario.load.scenario_hash` of the scenario that
    ran, also the version's content hash.

    Raises
    ------
    ConflictError
        If another writer saved a version of the same scenario meanwhile.
    """
    attempt: list[int] = []
    try:
        with store.transaction() as session:
            version, _created = add_version(
                session,
                store.actor,
                scenario_text,
                scenario_hash,
                scenario_name,
                organisation_name,
                attempt,
            )
            param_set = add_params(session, params)
            row = Run(
                scenario_version_id=version.id,
                param_set_id=param_set.id if param_set is not None else None,
                seed=seed,
                draws=draws,
                package_version=package_version,
                scenario_hash=scenario_hash,
                parameter_hash=parameter_hash,
                results=results,
                created_at=now(),
                created_by=store.actor,
            )
            session.add(row)
            session.flush()
            audit(
                session,
                store.actor,
                "create",
                "run",
                row.id,
                after={
                    "scenario": scenario_name,
                    "version": version.number,
                    "seed": seed,
                    "draws": draws,
                    "scenario_hash": scenario_hash,
                    "parameter_hash": parameter_hash,
                    "results_sha256": sha256(results),
                },
            )
            hold_for_test()
            session.refresh(row)
            return run_info(row)
    except DBAPIError as exc:
        if not is_write_conflict(exc):
            raise
        raise conflict(store, scenario_name, organisation_name, attempt) from None


def get_run(store: Store, run_id: int) -> RunInfo:
    """The stored run ``run_id``.

    Raises
    ------
    NotFoundError
        If there is none.
    """
    with store.sessions() as session:
        row = session.get(Run, run_id)
        if row is None:
            raise NotFoundError(Message.of(N_("no stored run {id}"), id=run_id))
        return run_info(row)


@dataclass(frozen=True)
class RunSummary:
    """One line of the list of runs (without the results)."""

    id: int
    scenario: str
    organisation: str
    version: int
    seed: int
    draws: int
    package_version: str
    created_at: datetime
    created_by: str

    def as_json(self) -> dict[str, object]:
        """A JSON-ready dictionary."""
        return {
            "id": self.id,
            "scenario": self.scenario,
            "organisation": self.organisation,
            "version": self.version,
            "seed": self.seed,
            "draws": self.draws,
            "package_version": self.package_version,
            "created_at": self.created_at.isoformat(),
            "created_by": self.created_by,
        }


def list_runs(
    store: Store, scenario: str | None = None, limit: int | None = None
) -> tuple[RunSummary, ...]:
    """The stored runs, newest first (of ``scenario`` only, when given), without their
    results (which are not read)."""
    query = (
        select(
            Run.id,
            ScenarioRecord.name,
            Organisation.name,
            ScenarioVersion.number,
            Run.seed,
            Run.draws,
            Run.package_version,
            Run.created_at,
            Run.created_by,
        )
        .join(ScenarioVersion, Run.scenario_version_id == ScenarioVersion.id)
        .join(ScenarioRecord, ScenarioVersion.scenario_id == ScenarioRecord.id)
        .join(Organisation, ScenarioRecord.organisation_id == Organisation.id)
        .order_by(Run.id.desc())
    )
    if scenario is not None:
        query = query.where(ScenarioRecord.name == scenario)
    if limit is not None:
        query = query.limit(limit)
    with store.sessions() as session:
        return tuple(
            RunSummary(rid, name, org, number, seed, draws, version, as_utc(at), by)
            for rid, name, org, number, seed, draws, version, at, by in session.execute(query)
        )
