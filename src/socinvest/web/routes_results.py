"""The results views: charts of a version's results and of a stored run, the alternatives
compared per payer, the right start age, cost-sharing, a shipped fund's rules, the follow-up
report as PDF or Excel, and a run with a parameter file (``--params``).

Thin calls into :mod:`socinvest.web.views` and :mod:`socinvest.web.services`. Every lookup
goes through :mod:`socinvest.store.scoped` with the user's organisations (another
organisation's id answers 404); long work runs as a job of the user who started it, whose
page polls it; POSTs carry the CSRF token (:mod:`socinvest.web.auth`).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from importlib import resources
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, HTTPException, Request, UploadFile
from fastapi.responses import HTMLResponse, Response

from socinvest.i18n import translator
from socinvest.params.errors import InputError
from socinvest.scenario.model import MAX_AGE, Scenario, text_in
from socinvest.store.scenarios import VersionInfo
from socinvest.store.scoped import investment_in, run_in, version_in
from socinvest.store.users import SessionInfo
from socinvest.web import services, views
from socinvest.web.auth import Access, Login, PostLogin
from socinvest.web.ids import MAX_ID, Id
from socinvest.web.jobs import BusyError, Job
from socinvest.web.pages import language, render
from socinvest.web.routes_pages import PAGES_BUSY, describe, start_job
from socinvest.web.state import acting, state_of

router = APIRouter()

MAX_PARAMS = 1_000_000
"""The largest parameter file accepted (bytes)."""
MAX_DRAWS = 20_000
"""The most draws a view may ask for."""
DEFAULT_DRAWS = 1000
BETWEEN = ("organisations", "committees")


def with_charts(response: HTMLResponse) -> HTMLResponse:
    """A page that draws charts (see :data:`socinvest.web.views.CHART_CSP`)."""
    response.headers["Content-Security-Policy"] = views.CHART_CSP
    return response


def _cache(request: Request) -> views.ViewCache:
    app_state = request.app.state
    found = getattr(app_state, "socinvest_views", None)
    if found is None:
        found = views.ViewCache()
        app_state.socinvest_views = found
    assert isinstance(found, views.ViewCache)
    return found


def _locale(request: Request) -> Any:
    return views.locale_json(language(request))


def _version(
    request: Request, session: SessionInfo, scenario_id: int, number: int
) -> tuple[Any, VersionInfo]:
    return version_in(state_of(request).store, Access(session.user).readable, scenario_id, number)


def _busy(request: Request, session: SessionInfo) -> HTMLResponse:
    _ = translator(language(request))
    return render(
        request,
        "_message.html",
        {"message": _("You have two jobs running already; wait for one of them to finish.")},
        session,
        status_code=429,
    )


def _bad(request: Request, session: SessionInfo, message: str) -> HTMLResponse:
    return render(request, "_message.html", {"message": message}, session, status_code=400)


def computed_view(
    request: Request,
    session: SessionInfo,
    *,
    kind: str,
    key: str,
    title: str,
    here: str,
    template: str,
    work: Callable[[Job], Any],
    page_load: bool = False,
) -> HTMLResponse:
    """A view computed once: from the cache, else started as a job whose progress fragment
    polls ``here?job=ID`` (see :func:`poll_view`). ``page_load``: the page asks for it by
    itself when opened (the job is keyed by ``key``, see
    :meth:`socinvest.web.jobs.JobTable.start`)."""
    found = _cache(request).get(key)
    if found is not None:
        return render(request, template, {"view": found, "locale": _locale(request)}, session)
    cache = _cache(request)

    def run(job: Job) -> Any:
        made = work(job)
        cache.put(key, made)
        return made

    try:
        job = state_of(request).jobs.start(
            session.user.id,
            kind,
            title,
            run,
            describe(language(request)),
            key=key if page_load else None,
        )
    except BusyError:
        if page_load:
            _ = translator(language(request))
            return render(
                request, "_message.html", {"message": _(PAGES_BUSY)}, session, status_code=429
            )
        return _busy(request, session)
    return render(request, "_job.html", {"job": job, "poll": f"{here}?job={job.id}"}, session)


def poll_view(
    request: Request, session: SessionInfo, *, kind: str, job_id: str, here: str, template: str
) -> HTMLResponse:
    """The job ``job_id`` of kind ``kind``: its view when done, else its progress."""
    found = state_of(request).jobs.get(session.user.id, job_id)
    if found is None or found.kind != kind:
        raise HTTPException(status_code=404)
    if found.state == "done":
        return render(
            request, template, {"view": found.result, "locale": _locale(request)}, session
        )
    if found.state == "failed":
        return render(request, "_message.html", {"message": found.error}, session)
    return render(request, "_job.html", {"job": found, "poll": f"{here}?job={job_id}"}, session)


def _seed(request: Request, seed: str) -> int | str | None:
    """The seed given (``None``: the scenario's), or the message of a bad one."""
    _ = translator(language(request))
    if not seed.strip():
        return None
    if seed.strip().isdigit() and int(seed) <= MAX_ID:
        return int(seed)
    return _("seed: expected a whole number from 0 to {maximum}, or nothing, found {found}").format(
        maximum=MAX_ID, found=repr(seed)
    )


def _model(version: VersionInfo) -> Scenario:
    """The version's scenario (409 if it no longer validates: the library changed)."""
    try:
        return views.load(version)[0]
    except InputError as exc:
        raise HTTPException(status_code=409, detail=exc.render("en")) from None


def _alternatives(version: VersionInfo, lang: str) -> list[tuple[str, str]]:
    """The (id, label) of a version's alternatives other than the comparison."""
    model = _model(version)
    return [(a.id, text_in(a.label, lang, a.id)) for a in model.alternatives if not a.comparison]


# ----------------------------------------------------------------------------------------
# The vendored chart scripts


def _vendored(name: str) -> Callable[[], Response]:
    def script() -> Response:
        text = (resources.files("socinvest.reports") / "static" / name).read_bytes()
        return Response(
            text, media_type="text/javascript", headers={"Cache-Control": "public, max-age=86400"}
        )

    return script


for _name in views.VENDORED_CHART_SCRIPTS:
    # Vega, Vega-Lite and Vega-Embed as the package ships them (``reports/static``), each at
    # its own fixed address.
    router.add_api_route(f"/vendor/vega/{_name}", _vendored(_name), methods=["GET"])


# ----------------------------------------------------------------------------------------
# 1. Charts


@router.get("/scenarios/{scenario_id}/versions/{number}/charts", response_class=HTMLResponse)
def version_charts(
    request: Request, session: Login, scenario_id: Id, number: Id, job: str = ""
) -> HTMLResponse:
    """The charts of a version's results (a fragment of the version's page)."""
    lang = language(request)
    _ = translator(lang)
    _entry, version = _version(request, session, scenario_id, number)
    here = f"/scenarios/{scenario_id}/versions/{number}/charts"
    if job:
        return poll_view(
            request, session, kind="charts", job_id=job, here=here, template="_charts.html"
        )
    draws = state_of(request).settings.report_draws
    return computed_view(
        request,
        session,
        kind="charts",
        key=f"charts:{version.content_hash}:{draws}:{lang}",
        title=_("Drawing the charts ({draws} draws)").format(draws=draws),
        here=here,
        template="_charts.html",
        work=lambda job: views.charts_view(version, lang, draws, job.progress),
        page_load=True,
    )


@router.get("/runs/{run_id}/charts", response_class=HTMLResponse)
def run_charts(request: Request, session: Login, run_id: Id) -> HTMLResponse:
    """The NPV per payer of a stored run's alternatives as bars (a fragment)."""
    run = run_in(state_of(request).store, Access(session.user).readable, run_id)
    found = views.run_charts(json.loads(run.results), language(request))
    return render(
        request, "_run_charts.html", {"charts": found, "locale": _locale(request)}, session
    )


# ----------------------------------------------------------------------------------------
# 2. The alternatives compared, 3. the right start age, 4. cost-sharing and a fund


def _page(
    request: Request,
    session: SessionInfo,
    scenario_id: int,
    number: int,
    template: str,
    **context: Any,
) -> HTMLResponse:
    entry, version = _version(request, session, scenario_id, number)
    title = services.version_title(version, language(request))
    return render(
        request,
        template,
        {"scenario": entry, "version": version, "title": title, **context},
        session,
    )


def _poll(
    request: Request, session: SessionInfo, scenario_id: int, number: int, kind: str, job: str
) -> HTMLResponse:
    _version(request, session, scenario_id, number)
    return poll_view(
        request,
        session,
        kind=kind,
        job_id=job,
        here=f"/scenarios/{scenario_id}/versions/{number}/{kind}",
        template=f"_{kind}.html",
    )


@router.get("/scenarios/{scenario_id}/versions/{number}/compare", response_class=HTMLResponse)
def compare_page(
    request: Request, session: Login, scenario_id: Id, number: Id, job: str = ""
) -> HTMLResponse:
    """The page (with ``job``: the job's progress, then the comparison, a fragment)."""
    if job:
        return _poll(request, session, scenario_id, number, "compare", job)
    return _page(
        request,
        session,
        scenario_id,
        number,
        "compare.html",
        default_draws=DEFAULT_DRAWS,
        max_draws=MAX_DRAWS,
    )


@router.post("/scenarios/{scenario_id}/versions/{number}/compare", response_class=HTMLResponse)
def start_compare(
    request: Request,
    session: PostLogin,
    scenario_id: Id,
    number: Id,
    draws: Annotated[int, Form(ge=1, le=MAX_DRAWS)] = DEFAULT_DRAWS,
    seed: Annotated[str, Form(max_length=40)] = "",
) -> HTMLResponse:
    lang = language(request)
    _ = translator(lang)
    _entry, version = _version(request, session, scenario_id, number)
    chosen = _seed(request, seed)
    if isinstance(chosen, str):
        return _bad(request, session, chosen)
    return computed_view(
        request,
        session,
        kind="compare",
        key=f"compare:{version.content_hash}:{draws}:{chosen}:{lang}",
        title=_("Comparing the alternatives ({draws} draws)").format(draws=draws),
        here=f"/scenarios/{scenario_id}/versions/{number}/compare",
        template="_compare.html",
        work=lambda job: views.compare_view(version, lang, draws, chosen, job.progress),
    )


@router.get("/scenarios/{scenario_id}/versions/{number}/timing", response_class=HTMLResponse)
def timing_page(
    request: Request, session: Login, scenario_id: Id, number: Id, job: str = ""
) -> HTMLResponse:
    """The page (with ``job``: the job's progress, then NPV by start age, a fragment)."""
    from socinvest.analysis.timing import default_ages

    if job:
        return _poll(request, session, scenario_id, number, "timing", job)
    _entry, version = _version(request, session, scenario_id, number)
    model = _model(version)
    first, last = default_ages(model)
    return with_charts(
        _page(
            request,
            session,
            scenario_id,
            number,
            "timing.html",
            first=first,
            last=last,
            start_age=model.target_group.start_age,
            max_age=MAX_AGE,
        )
    )


@router.post("/scenarios/{scenario_id}/versions/{number}/timing", response_class=HTMLResponse)
def start_timing(
    request: Request,
    session: PostLogin,
    scenario_id: Id,
    number: Id,
    first: Annotated[int | None, Form(ge=0, le=MAX_AGE)] = None,
    last: Annotated[int | None, Form(ge=0, le=MAX_AGE)] = None,
) -> HTMLResponse:
    """NPV by start age from ``first`` to ``last`` (default: the analysis's own range)."""
    lang = language(request)
    _ = translator(lang)
    _entry, version = _version(request, session, scenario_id, number)
    if first is None or last is None:
        from socinvest.analysis.timing import default_ages

        defaults = default_ages(_model(version))
        first = defaults[0] if first is None else first
        last = defaults[1] if last is None else last
    if first > last:
        return _bad(
            request,
            session,
            _("ages: the first start age ({first}) must not be above the last ({last})").format(
                first=first, last=last
            ),
        )
    ages = (first, last)
    return computed_view(
        request,
        session,
        kind="timing",
        key=f"timing:{version.content_hash}:{first}:{last}:{lang}",
        title=_("NPV by start age, {first} to {last}").format(first=first, last=last),
        here=f"/scenarios/{scenario_id}/versions/{number}/timing",
        template="_timing.html",
        work=lambda job: views.timing_view(version, lang, ages, job.progress),
    )


@router.get("/scenarios/{scenario_id}/versions/{number}/share", response_class=HTMLResponse)
def share_page(
    request: Request, session: Login, scenario_id: Id, number: Id, job: str = ""
) -> HTMLResponse:
    """The page (with ``job``: the job's progress, then the proposals, a fragment)."""
    if job:
        return _poll(request, session, scenario_id, number, "share", job)
    from socinvest.scenario.fund_rules import example_funds

    _entry, version = _version(request, session, scenario_id, number)
    return _page(
        request,
        session,
        scenario_id,
        number,
        "share.html",
        alternatives=_alternatives(version, language(request)),
        funds=example_funds(),
        default_draws=DEFAULT_DRAWS,
        max_draws=MAX_DRAWS,
    )


def _alternative(request: Request, version: VersionInfo, alternative: str) -> str | None:
    """The alternative chosen (``None``: the default), refused with 422 if unknown."""
    if not alternative:
        return None
    if alternative not in {a for a, _label in _alternatives(version, language(request))}:
        raise HTTPException(status_code=422, detail="alternative: unknown")
    return alternative


@router.post("/scenarios/{scenario_id}/versions/{number}/share", response_class=HTMLResponse)
def start_share(
    request: Request,
    session: PostLogin,
    scenario_id: Id,
    number: Id,
    alternative: Annotated[str, Form(max_length=200)] = "",
    between: Annotated[str, Form(max_length=40)] = "organisations",
    draws: Annotated[int, Form(ge=0, le=MAX_DRAWS)] = DEFAULT_DRAWS,
    seed: Annotated[str, Form(max_length=40)] = "",
) -> HTMLResponse:
    lang = language(request)
    _ = translator(lang)
    _entry, version = _version(request, session, scenario_id, number)
    if between not in BETWEEN:
        raise HTTPException(status_code=422, detail="between: expected organisations or committees")
    chosen_alternative = _alternative(request, version, alternative)
    chosen = _seed(request, seed)
    if isinstance(chosen, str):
        return _bad(request, session, chosen)
    return computed_view(
        request,
        session,
        kind="share",
        key=f"share:{version.content_hash}:{alternative}:{between}:{draws}:{chosen}:{lang}",
        title=_("Sharing the cost ({draws} draws)").format(draws=draws),
        here=f"/scenarios/{scenario_id}/versions/{number}/share",
        template="_share.html",
        work=lambda job: views.sharing_view(
            version, lang, chosen_alternative, between, draws, chosen, job.progress
        ),
    )


@router.post("/scenarios/{scenario_id}/versions/{number}/fund", response_class=HTMLResponse)
def start_fund(
    request: Request,
    session: PostLogin,
    scenario_id: Id,
    number: Id,
    fund: Annotated[str, Form(max_length=100)] = "",
    alternative: Annotated[str, Form(max_length=200)] = "",
    draws: Annotated[int, Form(ge=0, le=MAX_DRAWS)] = 500,
    seed: Annotated[str, Form(max_length=40)] = "",
) -> HTMLResponse:
    """A shipped fund's rules on the version's draws (``socinvest fund --example``): a job
    whose result is the fund's page."""
    from socinvest.scenario.fund_rules import example_funds

    lang = language(request)
    _ = translator(lang)
    _entry, version = _version(request, session, scenario_id, number)
    if fund not in example_funds():
        raise HTTPException(status_code=422, detail="fund: unknown")
    chosen_alternative = _alternative(request, version, alternative)
    chosen = _seed(request, seed)
    if isinstance(chosen, str):
        return _bad(request, session, chosen)

    def work(job: Job) -> str:
        job.link = f"/jobs/{job.id}/result"
        return views.fund_page(version, lang, fund, chosen_alternative, draws, chosen, job.progress)

    return start_job(
        request,
        session,
        "fund",
        _("The fund {fund} on {name} version {number}").format(
            fund=fund, name=version.scenario, number=version.number
        ),
        work,
    )


# ----------------------------------------------------------------------------------------
# 5. The follow-up report as PDF or Excel


def start_followup_file(
    request: Request, session: SessionInfo, investment_id: int, kind: str
) -> HTMLResponse:
    """The follow-up report as a PDF or Excel file, made in a job."""
    state = state_of(request)
    lang = language(request)
    _ = translator(lang)
    decided = investment_in(state.store, Access(session.user).readable, investment_id)

    def work(job: Job) -> services.ReportFile:
        job.link = f"/jobs/{job.id}/result"
        return services.followup_report_file(state.store, decided, lang, kind)

    return start_job(
        request,
        session,
        "followup",
        _("The follow-up report of {name}").format(name=decided.name) + f" ({kind.upper()})",
        work,
    )


@router.post("/investments/{investment_id}/followup/pdf", response_class=HTMLResponse)
def start_followup_pdf(request: Request, session: PostLogin, investment_id: Id) -> HTMLResponse:
    return start_followup_file(request, session, investment_id, "pdf")


@router.post("/investments/{investment_id}/followup/xlsx", response_class=HTMLResponse)
def start_followup_xlsx(request: Request, session: PostLogin, investment_id: Id) -> HTMLResponse:
    return start_followup_file(request, session, investment_id, "xlsx")


# ----------------------------------------------------------------------------------------
# 6. A run with a parameter file


@router.post("/scenarios/{scenario_id}/versions/{number}/params-runs", response_class=HTMLResponse)
async def start_params_run(
    request: Request,
    session: PostLogin,
    scenario_id: Id,
    number: Id,
    draws: Annotated[int, Form(ge=0, le=MAX_DRAWS)] = 1000,
    seed: Annotated[str, Form(max_length=40)] = "",
    params: Annotated[list[UploadFile] | None, File()] = None,
) -> HTMLResponse:
    """Run a version and store the run (analyst), with the uploaded parameter files on top
    of the shipped library, as ``socinvest run --params FILE --save``; a file with a problem
    is refused before anything runs, naming the file, the line and the field."""
    lang = language(request)
    _ = translator(lang)
    entry, version = _version(request, session, scenario_id, number)
    Access(session.user).require(entry.organisation_id, "analyst")
    chosen = _seed(request, seed)
    if isinstance(chosen, str):
        return _bad(request, session, chosen)
    files: list[tuple[str, str]] = []
    for upload in params or []:
        name = (upload.filename or "params.yaml").rsplit("/", 1)[-1]
        raw = await upload.read(MAX_PARAMS + 1)
        if not raw and not upload.filename:
            continue
        try:
            text = raw.decode("utf-8") if len(raw) <= MAX_PARAMS else None
        except UnicodeDecodeError:
            text = None
        if text is None:
            return _bad(
                request,
                session,
                _("{file}: expected a UTF-8 text file of at most {size} bytes").format(
                    file=name, size=MAX_PARAMS
                ),
            )
        files.append((name, text))
    try:
        views.load(version, files)
    except InputError as exc:
        return _bad(request, session, exc.render(lang))
    store = acting(state_of(request).store, session.user.login)
    chosen_files = tuple(files)

    def work(job: Job) -> int:
        run_id = services.store_run(
            store, version, draws, chosen, job.progress, params=chosen_files
        )
        job.link = f"/runs/{run_id}"
        return run_id

    title = _("A run of {name} version {number} with {draws} draws").format(
        name=version.scenario, number=version.number, draws=draws
    )
    if files:
        title += " · " + _("parameters: {files}").format(files=", ".join(n for n, _t in files))
    return start_job(request, session, "run", title, work)
