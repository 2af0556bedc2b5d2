"""The HTML pages: scenarios and their versions, a version's results (per payer), the full
report and stored runs as background jobs, investments and their follow-up report.

Every lookup goes through :mod:`socinvest.store.scoped` with the user's organisations, so
another organisation's id answers 404 exactly like an id that does not exist.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Form, HTTPException, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from socinvest.i18n import N_, translator
from socinvest.params.errors import InputError
from socinvest.store import StoreError, get_observations, get_plan, save_scenario
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
from socinvest.store.users import ROLES, SessionInfo
from socinvest.web import services
from socinvest.web.auth import Access, Login, PostLogin
from socinvest.web.ids import MAX_ID, FormId, Id
from socinvest.web.jobs import BusyError, Job
from socinvest.web.pages import language, render
from socinvest.web.state import acting, state_of
from socinvest.web.views import CHART_CSP

router = APIRouter()

PAGES_BUSY = N_(
    "Other pages you opened are still being calculated; reload this one in a moment.")
"""The answer when the user has too many page-load jobs (see
:data:`socinvest.web.jobs.MAX_PAGE_JOBS_PER_USER`)."""

MAX_UPLOAD = 1_000_000
"""The largest scenario file accepted (bytes)."""


def describe(lang: str) -> Any:
    """How a job's failure is told to the user in ``lang`` (``None``: an internal error)."""

    def text(exc: Exception) -> str | None:
        if isinstance(exc, BadFileError):
            return exc.error.render(lang)
        if isinstance(exc, InputError):
            return exc.render(lang)
        if isinstance(exc, StoreError | services.NoPlanError):
            return exc.text.render(lang)
        if isinstance(exc, ValueError):
            return str(exc)
        return None

    return text


def start_job(request: Request, session: SessionInfo, kind: str, title: str,
              work: Any) -> HTMLResponse:
    """Start ``work`` as a job and answer with its progress fragment (429 when busy)."""
    state = state_of(request)
    _ = translator(language(request))
    try:
        job = state.jobs.start(session.user.id, kind, title, work, describe(language(request)))
    except BusyError:
        return render(request, "_message.html",
                      {"message": _("You have two jobs running already; wait for one of them "
                                    "to finish.")}, session, status_code=429)
    return render(request, "_job.html", {"job": job}, session)


def writable_organisations(session: SessionInfo) -> list[tuple[int, str]]:
    """The (id, name) of the organisations where the user may save (analyst or admin)."""
    return [
        (oid, name) for oid, (name, role) in sorted(session.user.roles.items())
        if ROLES.index(role) >= ROLES.index("analyst")
    ]


@router.get("/", include_in_schema=False)
def home(session: Login) -> RedirectResponse:
    return RedirectResponse("/scenarios", status_code=303)


@router.get("/scenarios", response_class=HTMLResponse)
def scenarios_page(request: Request, session: Login) -> HTMLResponse:
    state = state_of(request)
    access = Access(session.user)
    return render(request, "scenarios.html", {
        "scenarios": scenarios_in(state.store, access.readable),
        "writable": writable_organisations(session),
        "errors": None,
    }, session)


@router.post("/scenarios", response_class=HTMLResponse)
async def upload_scenario(
    request: Request,
    session: PostLogin,
    organisation_id: FormId,
    file: Annotated[UploadFile, File()],
    name: Annotated[str, Form()] = "",
) -> Response:
    state = state_of(request)
    access = Access(session.user)
    access.require(organisation_id, "analyst")
    _ = translator(language(request))
    raw = await file.read(MAX_UPLOAD + 1)
    source = file.filename or "upload.yaml"
    errors: str | None = None
    if len(raw) > MAX_UPLOAD:
        errors = _("The file is larger than {size} bytes.").format(size=MAX_UPLOAD)
    else:
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            errors = _("{file}: expected a UTF-8 text file").format(file=source)
    if errors is None:
        organisation = session.user.roles[organisation_id][0]
        store = state.store
        try:
            saved = save_scenario(
                acting(store, session.user.login),
                text, source, name.strip() or None, organisation,
            )
        except BadFileError as exc:
            errors = exc.error.render(language(request))
        except StoreError as exc:
            errors = exc.render(language(request))
        else:
            entries = [s for s in scenarios_in(state.store, (organisation_id,))
                       if s.name == saved.scenario]
            return RedirectResponse(f"/scenarios/{entries[0].id}", status_code=303)
    return render(request, "scenarios.html", {
        "scenarios": scenarios_in(state.store, access.readable),
        "writable": writable_organisations(session),
        "errors": errors,
    }, session, status_code=400)


@router.get("/scenarios/{scenario_id}", response_class=HTMLResponse)
def scenario_page(request: Request, session: Login, scenario_id: Id) -> HTMLResponse:
    state = state_of(request)
    access = Access(session.user)
    entry, versions = scenario_in(state.store, access.readable, scenario_id)
    return render(request, "scenario.html", {
        "scenario": entry,
        "versions": list(reversed(versions)),
        "runs": runs_in(state.store, access.readable, scenario_id),
        "can_write": session.user.role_in(entry.organisation_id) in ("analyst", "admin"),
    }, session)


@router.get("/scenarios/{scenario_id}/versions/{number}", response_class=HTMLResponse)
def version_page(request: Request, session: Login, scenario_id: Id,
                 number: Id) -> HTMLResponse:
    state = state_of(request)
    entry, version = version_in(state.store, Access(session.user).readable, scenario_id, number)
    page = render(request, "version.html", {
        "scenario": entry,
        "version": version,
        "title": services.version_title(version, language(request)),
        "can_write": session.user.role_in(entry.organisation_id) in ("analyst", "admin"),
        "report_draws": state.settings.report_draws,
    }, session)
    page.headers["Content-Security-Policy"] = CHART_CSP
    return page


@router.get("/scenarios/{scenario_id}/versions/{number}/summary", response_class=HTMLResponse)
def version_summary(request: Request, session: Login, scenario_id: Id, number: Id,
                    job: str = "") -> HTMLResponse:
    """The per-payer summary of a version (a fragment): computed off the request thread
    once, then from the cache; until then a progress fragment that polls this address."""
    state = state_of(request)
    lang = language(request)
    _entry, version = version_in(state.store, Access(session.user).readable, scenario_id,
                                 number)
    data = state.results.get(version.content_hash)
    here = f"/scenarios/{scenario_id}/versions/{number}/summary"
    if data is None and job:
        found = state.jobs.get(session.user.id, job)
        if found is None:
            raise HTTPException(status_code=404)
        if found.state == "done":
            data = found.result
            state.results.put(version.content_hash, data)
        elif found.state == "failed":
            return render(request, "_message.html", {"message": found.error}, session)
        else:
            return render(request, "_job.html", {"job": found, "poll": f"{here}?job={job}"},
                          session)
    if data is None:
        _ = translator(lang)

        def work(_job: Job) -> dict[str, Any]:
            found = services.deterministic_results(version)
            state.results.put(version.content_hash, found)
            return found

        try:
            started = state.jobs.start(
                session.user.id, "results", _("Calculating the results"), work, describe(lang),
                key=version.content_hash,
            )
        except BusyError:
            return render(request, "_message.html", {"message": _(PAGES_BUSY)},
                          session, status_code=429)
        return render(request, "_job.html",
                      {"job": started, "poll": f"{here}?job={started.id}"}, session)
    return render(request, "_summary.html",
                  {"summary": services.per_payer_summary(data, lang)}, session)


@router.post("/scenarios/{scenario_id}/versions/{number}/report", response_class=HTMLResponse)
def start_report(request: Request, session: PostLogin, scenario_id: Id, number: Id,
                 kind: Annotated[str, Form(alias="format")] = "html") -> HTMLResponse:
    state = state_of(request)
    lang = language(request)
    _ = translator(lang)
    _entry, version = version_in(state.store, Access(session.user).readable, scenario_id,
                                 number)
    if kind != "html" and kind not in services.REPORT_KINDS:
        raise HTTPException(status_code=422, detail="format: expected html, pdf or xlsx")
    draws = state.settings.report_draws

    def work(job: Job) -> str | services.ReportFile:
        job.link = f"/jobs/{job.id}/result"
        if kind == "html":
            return services.report_html(version, lang, draws, job.progress)
        return services.report_file(version, lang, draws, job.progress, kind)

    return start_job(request, session, "report",
                     _("The full report of {name} version {number}").format(
                         name=version.scenario, number=version.number)
                     + ("" if kind == "html" else f" ({kind.upper()})"), work)


@router.post("/scenarios/{scenario_id}/versions/{number}/runs", response_class=HTMLResponse)
def start_run(
    request: Request,
    session: PostLogin,
    scenario_id: Id,
    number: Id,
    draws: Annotated[int, Form(ge=0, le=20_000)] = 1000,
    seed: Annotated[str, Form()] = "",
) -> HTMLResponse:
    state = state_of(request)
    lang = language(request)
    _ = translator(lang)
    entry, version = version_in(state.store, Access(session.user).readable, scenario_id, number)
    Access(session.user).require(entry.organisation_id, "analyst")
    if seed.strip() and not (seed.strip().isdigit() and int(seed) <= MAX_ID):
        return render(request, "_message.html", {"message": _(
            "seed: expected a whole number from 0 to {maximum}, or nothing, found {found}").format(
                maximum=MAX_ID, found=repr(seed))}, session, status_code=400)
    chosen = int(seed) if seed.strip() else None
    store = state.store
    as_user = acting(store, session.user.login)

    def work(job: Job) -> int:
        run_id = services.store_run(as_user, version, draws, chosen, job.progress)
        job.link = f"/runs/{run_id}"
        return run_id

    return start_job(request, session, "run",
                     _("A run of {name} version {number} with {draws} draws").format(
                         name=version.scenario, number=version.number, draws=draws), work)


@router.get("/jobs/{job_id}", response_class=HTMLResponse)
def job_fragment(request: Request, session: Login, job_id: str) -> HTMLResponse:
    found = state_of(request).jobs.get(session.user.id, job_id)
    if found is None:
        raise HTTPException(status_code=404)
    return render(request, "_job.html", {"job": found}, session)


@router.get("/jobs/{job_id}/result", response_class=HTMLResponse)
def job_result(request: Request, session: Login, job_id: str) -> Response:
    found = state_of(request).jobs.get(session.user.id, job_id)
    if found is None or found.state != "done":
        raise HTTPException(status_code=404)
    if isinstance(found.result, services.ReportFile):
        return Response(
            found.result.content,
            media_type=found.result.media_type,
            headers={"Content-Disposition":
                     f'attachment; filename="{found.result.filename}"'},
        )
    if not isinstance(found.result, str):
        raise HTTPException(status_code=404)
    return HTMLResponse(found.result, headers={"Content-Security-Policy": REPORT_CSP})


REPORT_CSP = (
    "default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval'; style-src 'unsafe-inline'; "
    "img-src data:; font-src data:; frame-ancestors 'none'; form-action 'none'"
)
"""A report is one self-contained page with its own inline scripts and styles (the charts):
it may run them (Vega compiles its expressions, hence unsafe-eval), and load nothing
from anywhere."""


@router.get("/runs/{run_id}", response_class=HTMLResponse)
def run_page(request: Request, session: Login, run_id: Id) -> HTMLResponse:
    import json

    state = state_of(request)
    run = run_in(state.store, Access(session.user).readable, run_id)
    summary = services.per_payer_summary(json.loads(run.results), language(request))
    page = render(request, "run.html", {"run": run, "summary": summary}, session)
    page.headers["Content-Security-Policy"] = CHART_CSP
    return page


@router.get("/investments", response_class=HTMLResponse)
def investments_page(request: Request, session: Login) -> HTMLResponse:
    state = state_of(request)
    found = investments_in(state.store, Access(session.user).readable)
    return render(request, "investments.html", {"investments": found}, session)


@router.get("/investments/{investment_id}", response_class=HTMLResponse)
def investment_page(request: Request, session: Login, investment_id: Id) -> HTMLResponse:
    state = state_of(request)
    decided = investment_in(state.store, Access(session.user).readable, investment_id)
    role = next(r for _oid, (org, r) in session.user.roles.items()
                if org == decided.organisation)
    from socinvest.params.payers import default_payer_tree

    lang = language(request)
    payers = {payer.id: payer.label(lang) for payer in default_payer_tree().payers}
    return render(request, "investment.html", {
        "investment": decided,
        "payers": payers,
        "plan": get_plan(state.store, decided.id),
        "observations": len(get_observations(state.store, decided.id)),
        "can_write": role in ("analyst", "admin"),
    }, session)


@router.post("/investments/{investment_id}/followup", response_class=HTMLResponse)
def start_followup(request: Request, session: PostLogin, investment_id: Id) -> HTMLResponse:
    state = state_of(request)
    lang = language(request)
    _ = translator(lang)
    decided = investment_in(state.store, Access(session.user).readable, investment_id)

    def work(job: Job) -> str:
        job.link = f"/jobs/{job.id}/result"
        return services.followup_report_html(state.store, decided, lang)

    return start_job(request, session, "followup",
                     _("The follow-up report of {name}").format(name=decided.name), work)
