"""Deciding an investment on a scenario version, and giving it a follow-up plan and
observed figures (analyst): thin calls into :func:`socinvest.store.decide`,
:func:`socinvest.store.save_plan` and :func:`socinvest.store.record_observations`, which
check every file against the scenario and write nothing of a file with a problem."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from socinvest.i18n import translator
from socinvest.store import StoreError, decide, record_observations, save_plan
from socinvest.store.errors import BadFileError
from socinvest.store.investments import InvestmentRecord
from socinvest.store.scoped import investment_in, version_in
from socinvest.store.users import SessionInfo
from socinvest.web.auth import Access, PostLogin
from socinvest.web.ids import MAX_ID, Id
from socinvest.web.pages import language, render
from socinvest.web.state import acting, state_of

router = APIRouter()

MAX_FILE = 5_000_000
"""The largest plan or observations file accepted (bytes)."""

OBSERVATION_SUFFIXES = (".csv", ".xlsx")

MAX_DECIDE_DRAWS = 20_000
"""The most draws of a decided forecast asked for in the form."""


def refused(request: Request, session: SessionInfo, exc: StoreError) -> HTMLResponse:
    """A refusal of the store as a page fragment with every problem (400)."""
    lang = language(request)
    text = exc.error.render(lang) if isinstance(exc, BadFileError) else exc.render(lang)
    return render(request, "_message.html", {"message": text}, session, status_code=400)


def go_to(request: Request, url: str) -> Response:
    """After a change: htmx is told to load ``url``, a plain form is redirected there."""
    if request.headers.get("HX-Request"):
        return Response(status_code=204, headers={"HX-Redirect": url})
    return RedirectResponse(url, status_code=303)


def organisation_id(session: SessionInfo, name: str) -> int:
    """The id of the user's organisation called ``name``."""
    return next(oid for oid, (org, _role) in session.user.roles.items() if org == name)


async def read_upload(file: UploadFile) -> bytes | None:
    """The uploaded bytes (``None`` when larger than :data:`MAX_FILE`)."""
    raw = await file.read(MAX_FILE + 1)
    return None if len(raw) > MAX_FILE else raw


@router.post("/scenarios/{scenario_id}/versions/{number}/decide", response_class=HTMLResponse)
def decide_investment(
    request: Request,
    session: PostLogin,
    scenario_id: Id,
    number: Id,
    decision_date: Annotated[date, Form()],
    body: Annotated[str, Form(min_length=1, max_length=200)],
    name: Annotated[str, Form(max_length=200)] = "",
    scope: Annotated[str, Form(max_length=200)] = "kommun",
    budget: Annotated[str, Form(max_length=100_000)] = "",
    run_id: Annotated[str, Form()] = "",
    draws: Annotated[int | None, Form(ge=1, le=MAX_DECIDE_DRAWS)] = None,
) -> Response:
    state = state_of(request)
    entry, version = version_in(state.store, Access(session.user).readable, scenario_id,
                                number)
    Access(session.user).require(entry.organisation_id, "analyst")
    _ = translator(language(request))
    if run_id.strip() and not (run_id.strip().isdigit() and 1 <= int(run_id) <= MAX_ID):
        return render(request, "_message.html", {"message": _(
            "run: expected the number of a stored run of this version, or nothing, found "
            "{found}").format(found=repr(run_id))}, session, status_code=400)
    try:
        made = decide(
            acting(state.store, session.user.login), version.scenario, version.number,
            decision_date, body.strip(), name=name.strip() or None,
            organisation_name=entry.organisation, budget_text=budget.strip() or None,
            budget_source="budget", scope=scope.strip() or "kommun",
            run_id=int(run_id) if run_id.strip() else None,
            draws=state.settings.report_draws if draws is None else draws,
        )
    except StoreError as exc:
        return refused(request, session, exc)
    return go_to(request, f"/investments/{made.id}")


def _writable(request: Request, session: SessionInfo, investment_id: Id) -> InvestmentRecord:
    decided = investment_in(state_of(request).store, Access(session.user).readable,
                            investment_id)
    Access(session.user).require(organisation_id(session, decided.organisation), "analyst")
    return decided


@router.post("/investments/{investment_id}/plan", response_class=HTMLResponse)
async def upload_plan(request: Request, session: PostLogin, investment_id: Id,
                      file: Annotated[UploadFile, File()]) -> Response:
    decided = _writable(request, session, investment_id)
    _ = translator(language(request))
    raw = await read_upload(file)
    source = file.filename or "plan.yaml"
    try:
        text = None if raw is None else raw.decode("utf-8")
    except UnicodeDecodeError:
        text = None
    if text is None:
        return render(request, "_message.html", {"message": _(
            "{file}: expected a UTF-8 text file of at most {size} bytes").format(
                file=source, size=MAX_FILE)}, session, status_code=400)
    try:
        save_plan(acting(state_of(request).store, session.user.login), decided.id, text,
                  source)
    except StoreError as exc:
        return refused(request, session, exc)
    return go_to(request, f"/investments/{decided.id}")


@router.post("/investments/{investment_id}/observations", response_class=HTMLResponse)
async def upload_observations(request: Request, session: PostLogin, investment_id: Id,
                              file: Annotated[UploadFile, File()]) -> Response:
    decided = _writable(request, session, investment_id)
    _ = translator(language(request))
    source = Path(file.filename or "observations.csv").name
    suffix = Path(source).suffix.lower()
    raw = await read_upload(file)
    if raw is None or suffix not in OBSERVATION_SUFFIXES:
        return render(request, "_message.html", {"message": _(
            "{file}: expected a .csv or .xlsx file of at most {size} bytes").format(
                file=source, size=MAX_FILE)}, session, status_code=400)
    with tempfile.TemporaryDirectory(prefix="socinvest-upload-") as folder:
        path = Path(folder) / f"upload{suffix}"
        path.write_bytes(raw)
        try:
            record_observations(acting(state_of(request).store, session.user.login),
                                decided.id, path, source)
        except StoreError as exc:
            return refused(request, session, exc)
    return go_to(request, f"/investments/{decided.id}")
