"""The JSON API under ``/api`` (its OpenAPI description at ``/api/openapi.json``): the
scenarios, versions, runs and investments of the user's organisations, and saving a new
scenario version.

Authentication is the web application's session cookie (log in through ``/login``); a POST
carries the session's CSRF token in the header ``X-CSRF-Token`` (``GET /api/me`` gives it).
A script sends ``Authorization: Bearer <token>`` with a personal API token instead (no CSRF
token then; see :mod:`socinvest.web.auth`).
Another organisation's id answers 404, like one that does not exist.
"""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from pydantic import BaseModel, Field

from socinvest.store import StoreError, save_scenario
from socinvest.store.errors import BadFileError
from socinvest.store.scoped import (
    investment_in,
    investments_in,
    run_in,
    runs_in,
    scenario_in,
    scenarios_in,
    version_in,
)
from socinvest.web.auth import Access, Login, PostLogin
from socinvest.web.ids import MAX_ID, Id
from socinvest.web.state import acting, state_of

router = APIRouter(prefix="/api", tags=["api"])


class NewVersion(BaseModel):
    """A scenario file to save as a new version."""

    organisation_id: int = Field(ge=1, le=MAX_ID)
    text: str = Field(max_length=1_000_000, description="The scenario's YAML text.")
    name: str | None = Field(default=None, max_length=200,
                             description="Its name in the store (default: its id).")
    source: str = Field(default="api.yaml", max_length=200,
                        description="The file name errors name.")


@router.get("/me")
def me(session: Login) -> dict[str, Any]:
    """The logged-in user, their roles and the CSRF token for POSTs (``null`` with a
    bearer token, whose POSTs need none)."""
    return {**session.user.as_json(),
            "csrf_token": None if session.bearer else session.csrf_token}


@router.get("/scenarios")
def scenarios(request: Request, session: Login) -> list[dict[str, Any]]:
    """The scenarios of the user's organisations."""
    found = scenarios_in(state_of(request).store, Access(session.user).readable)
    return [
        {"id": s.id, "name": s.name, "organisation_id": s.organisation_id,
         "organisation": s.organisation, "versions": s.versions}
        for s in found
    ]


@router.post("/scenarios", status_code=201)
def new_version(request: Request, session: PostLogin, body: NewVersion) -> dict[str, Any]:
    """Save a scenario text as a new version (analyst); the same content returns the
    version that has it (``created`` false). A bad file answers 422 with every problem."""
    access = Access(session.user)
    access.require(body.organisation_id, "analyst")
    store = state_of(request).store
    organisation = session.user.roles[body.organisation_id][0]
    try:
        saved = save_scenario(acting(store, session.user.login),
                              body.text, body.source, body.name, organisation)
    except BadFileError as exc:
        raise HTTPException(
            status_code=422,
            detail=[p.format(exc.error.source, "en") for p in exc.error.problems],
        ) from None
    except StoreError as exc:
        raise HTTPException(status_code=409, detail=exc.render("en")) from None
    return {**saved.as_json(), "created": saved.created}


@router.get("/scenarios/{scenario_id}")
def scenario(request: Request, session: Login, scenario_id: Id) -> dict[str, Any]:
    """A scenario and its versions."""
    entry, versions = scenario_in(state_of(request).store, Access(session.user).readable,
                                  scenario_id)
    return {"id": entry.id, "name": entry.name, "organisation_id": entry.organisation_id,
            "organisation": entry.organisation, "versions": [v.as_json() for v in versions]}


@router.get("/scenarios/{scenario_id}/versions/{number}")
def version(request: Request, session: Login, scenario_id: Id, number: Id) -> dict[str, Any]:
    """One version with its YAML text."""
    _entry, found = version_in(state_of(request).store, Access(session.user).readable,
                               scenario_id, number)
    return found.as_json(with_text=True)


@router.get("/scenarios/{scenario_id}/runs")
def scenario_runs(request: Request, session: Login, scenario_id: Id) -> list[dict[str, Any]]:
    """The stored runs of a scenario, newest first."""
    store = state_of(request).store
    readable = Access(session.user).readable
    scenario_in(store, readable, scenario_id)
    return [r.as_json() for r in runs_in(store, readable, scenario_id)]


@router.get("/runs")
def runs(request: Request, session: Login) -> list[dict[str, Any]]:
    """The stored runs of the user's organisations, newest first."""
    return [r.as_json() for r in runs_in(state_of(request).store,
                                         Access(session.user).readable)]


@router.get("/runs/{run_id}")
def run(request: Request, session: Login, run_id: Id) -> dict[str, Any]:
    """A stored run with its results JSON."""
    found = run_in(state_of(request).store, Access(session.user).readable, run_id)
    out = found.as_json()
    out["results"] = json.loads(found.results)
    return out


@router.get("/investments")
def investments(request: Request, session: Login) -> list[dict[str, Any]]:
    """The decided investments of the user's organisations."""
    return [i.as_json() for i in investments_in(state_of(request).store,
                                                Access(session.user).readable)]


@router.get("/investments/{investment_id}")
def investment(request: Request, session: Login, investment_id: Id) -> dict[str, Any]:
    """A decided investment with its budget and the scenario text decided on."""
    found = investment_in(state_of(request).store, Access(session.user).readable,
                          investment_id)
    return found.as_json(with_text=True)
