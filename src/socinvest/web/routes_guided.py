"""The guided flow, "Ny kalkyl / New calculation": a scenario made in five steps of plain
forms instead of written as YAML and uploaded.

1. the target group, 2. the municipality's own figures, 3. the interventions (from the
shipped catalogue, with their evidence grade, or described), 4. the alternatives to compare
with "as today", 5. a review, then saved as a scenario version (as an upload is) and shown
on the version's page, where it can be run.

The answers so far travel as JSON in a hidden field of each step's form (nothing is kept on
the server between steps); every step is checked on the server by
:mod:`socinvest.scenario.builder`, and each problem is shown beside its field. The same
builder is in the JSON API: ``POST /api/scenarios/guided``.
"""

from __future__ import annotations

import json
import re
from typing import Annotated, Any

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, Field

from socinvest.i18n import translator
from socinvest.params.errors import InputError, Problem
from socinvest.params.library import default_library
from socinvest.params.payers import default_payer_tree
from socinvest.scenario import builder
from socinvest.scenario.catalogue import catalogue
from socinvest.scenario.model import text_in
from socinvest.store import StoreError, save_scenario
from socinvest.store.errors import BadFileError
from socinvest.store.scoped import scenarios_in
from socinvest.store.users import SessionInfo
from socinvest.web.auth import Access, Login, PostLogin
from socinvest.web.ids import MAX_ID, FormId
from socinvest.web.pages import language, render
from socinvest.web.routes_pages import writable_organisations
from socinvest.web.state import acting, state_of

router = APIRouter()

STEPS = 5
FIGURE_ROWS = 3
"""Empty rows of local figures offered at a time (one more after each filled one)."""
MAX_DRAFT = 200_000
"""The largest answers (JSON characters) a step's form may carry."""

Draft = dict[str, Any]


def _number(text: Any) -> Any:
    """A number typed in a form ('12 000', '7,5'), or the text itself when it is not one
    (the builder then names the field and what it expected)."""
    if not isinstance(text, str):
        return text
    plain = re.sub(r"[\s\u00a0]", "", text).replace(",", ".")
    if re.fullmatch(r"-?\d+", plain):
        return int(plain)
    try:
        return float(plain) if plain else text
    except ValueError:
        return text


def choices_of(draft: Draft, upto: int = STEPS) -> dict[str, Any]:
    """The builder's choices from the answers of steps 1 to ``upto``."""
    group = draft.get("group", "model")
    choices: dict[str, Any] = {
        "title": draft.get("title", ""),
        "target_group": {
            "label": draft.get("label", ""),
            "start_age": _number(draft.get("start_age", "")),
            "level": draft.get("level", ""),
            "initial_states": "model" if group == "model" else {group: 1.0},
            "per_year": _number(draft.get("per_year", "")),
            "years": _number(draft.get("years", "")),
        },
    }
    if upto >= 2:
        figures = []
        for row in draft.get("figures", []):
            figure = {
                "parameter": row.get("parameter", ""),
                "value": _number(row.get("value")),
                "year": _number(row.get("year")),
                "source": row.get("source", ""),
            }
            if row.get("note"):
                figure["note"] = row["note"]
            figures.append(figure)
        choices["local_figures"] = figures
    if upto >= 3:
        choices["catalogue"] = list(draft.get("catalogue", []))
        own = draft.get("own") or {}
        if own.get("label", "").strip():
            choices["own"] = [
                {
                    "label": own["label"].strip(),
                    "payer": own.get("payer", ""),
                    "cost_per_participant": _number(own.get("cost", "")),
                    "from_state": own.get("from_state", ""),
                    "to_state": own.get("to_state", ""),
                    "measure": own.get("measure", ""),
                    "value": _number(own.get("value", "")),
                    "ci95": [_number(own.get("low", "")), _number(own.get("high", ""))],
                    "source": own.get("source", ""),
                }
            ]
    else:
        choices["catalogue"] = []
    if upto >= 4:
        choices["alternatives"] = alternatives_of(draft)
    return choices


def intervention_ids(draft: Draft) -> list[tuple[str, str]]:
    """The chosen interventions' (id, label in the page's language)."""
    lang = draft.get("lang", "sv")
    found = [
        (iid, text_in(catalogue()[iid].intervention.label, lang, iid))
        for iid in draft.get("catalogue", [])
        if iid in catalogue()
    ]
    own = (draft.get("own") or {}).get("label", "").strip()
    if own:
        found.append((builder.slug(own, "own"), own))
    return found


def alternatives_of(draft: Draft) -> list[dict[str, Any]]:
    """The alternatives chosen in step 4: each intervention alone, and all together."""
    alts = draft.get("alternatives", {})
    chosen = intervention_ids(draft)
    labels = {iid: _label_of(iid, label, draft.get("lang", "sv")) for iid, label in chosen}
    out: list[dict[str, Any]] = [
        {"id": iid, "label": labels[iid], "interventions": [iid]}
        for iid in alts.get("single", [])
        if iid in labels
    ]
    if alts.get("together") and len(chosen) > 1:
        _ = translator(draft.get("lang", "sv"))
        out.append(
            {
                "id": "together",
                "label": alts.get("together_label") or _("All chosen together"),
                "interventions": [iid for iid, _label in chosen],
            }
        )
    return out


def _label_of(iid: str, label: str, lang: str) -> Any:
    entry = catalogue().get(iid)
    if entry is not None and entry.intervention.label is not None:
        return (
            entry.intervention.label.model_dump(exclude_none=True)
            if not isinstance(entry.intervention.label, str)
            else entry.intervention.label
        )
    return label


def where(problem: Problem, step: int) -> tuple[int, str]:
    """The step and the form field a builder problem belongs to (``_form``: the whole form
    of ``step``, for a problem of the built scenario that no single field made)."""
    field = problem.field
    if field == "title":
        return 1, "title"
    if field.startswith("target_group"):
        name = field.split(".")[1] if "." in field else "label"
        return 1, {"initial_states": "group", "intake": "per_year"}.get(name, name)
    match = re.match(r"local_figures\[(\d+)\](?:\.(\w+))?", field)
    if match:
        return 2, f"figures-{match.group(1)}-{match.group(2) or 'value'}"
    if field.startswith("catalogue"):
        return 3, "catalogue"
    match = re.match(r"own\[\d+\](?:\.(\w+))?", field)
    if match:
        name = match.group(1) or "value"
        return 3, "own-" + {"ci95": "low", "cost_per_participant": "cost"}.get(name, name)
    if field.startswith("alternatives"):
        return 4, "alternatives"
    return step, "_form"


def check(draft: Draft, step: int, lang: str) -> tuple[int, dict[str, str], builder.Built | None]:
    """Check the answers of steps 1 to ``step``: the earliest step with a problem and its
    messages by field (none: ``step`` and the built scenario when every step is there)."""
    try:
        if step < 3:
            # Before any intervention is chosen only the choices themselves are checked.
            builder.parse_choices(choices_of(draft, step))
            return step, {}, None
        return step, {}, builder.build_scenario(choices_of(draft, step))
    except InputError as exc:
        errors: dict[int, dict[str, str]] = {}
        for problem in exc.problems:
            at, name = where(problem, step)
            if at > step:
                continue
            errors.setdefault(at, {})
            text = problem.message_in(lang)
            if name == "_form" and problem.field:
                text = f"{problem.field}: {text}"
            errors[at][name] = f"{errors[at][name]} {text}" if name in errors[at] else text
        if not errors:  # only problems of later steps: say them here, in words
            return step, {"_form": exc.render(lang)}, None
        first = min(errors)
        return first, errors[first], None


def read_step(draft: Draft, step: int, form: Any) -> None:
    """Put the fields of ``step``'s form into the answers."""
    if step == 1:
        for name in ("title", "label", "start_age", "level", "group", "per_year", "years"):
            draft[name] = str(form.get(name, "")).strip()
    elif step == 2:
        rows = []
        for i in range(int(draft.get("figure_rows", FIGURE_ROWS))):
            row = {
                k: str(form.get(f"figures-{i}-{k}", "")).strip()
                for k in ("parameter", "value", "year", "source", "note")
            }
            if row["parameter"] or row["value"]:
                rows.append(row)
        draft["figures"] = rows
    elif step == 3:
        draft["catalogue"] = [str(v) for v in form.getlist("catalogue")]
        draft["own"] = {
            k: str(form.get(f"own-{k}", "")).strip()
            for k in (
                "label",
                "payer",
                "cost",
                "from_state",
                "to_state",
                "measure",
                "value",
                "low",
                "high",
                "source",
            )
        }
    elif step == 4:
        draft["alternatives"] = {
            "single": [str(v) for v in form.getlist("single")],
            "together": bool(form.get("together")),
            "together_label": str(form.get("together_label", "")).strip(),
        }


TEXT_KEYS = ("title", "label", "start_age", "level", "group", "per_year", "years", "lang")
FIGURE_KEYS = ("parameter", "value", "year", "source", "note")
OWN_KEYS = (
    "label",
    "payer",
    "cost",
    "from_state",
    "to_state",
    "measure",
    "value",
    "low",
    "high",
    "source",
)


def _texts(value: Any, keys: tuple[str, ...]) -> dict[str, str]:
    found = value if isinstance(value, dict) else {}
    return {k: str(found.get(k, "")) for k in keys if k in found}


def _strings(value: Any) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else []


def _draft(text: str) -> Draft:
    """The answers carried by a form, kept to the keys and types the steps write (the field
    comes from the browser, so anything else in it is dropped)."""
    try:
        found = json.loads(text) if text else {}
    except json.JSONDecodeError:
        found = None
    if not isinstance(found, dict):
        raise HTTPException(status_code=400, detail="draft: expected the form's JSON")
    draft: Draft = _texts(found, TEXT_KEYS)
    figures = found.get("figures", [])
    draft["figures"] = [
        _texts(row, FIGURE_KEYS) for row in (figures if isinstance(figures, list) else [])
    ][:100]
    draft["catalogue"] = _strings(found.get("catalogue"))
    draft["own"] = _texts(found.get("own"), OWN_KEYS)
    alts = found.get("alternatives")
    alts = alts if isinstance(alts, dict) else {}
    draft["alternatives"] = {
        "single": _strings(alts.get("single")),
        "together": bool(alts.get("together")),
        "together_label": str(alts.get("together_label", "")),
    }
    rows = found.get("figure_rows")
    draft["figure_rows"] = min(rows, 101) if isinstance(rows, int) and rows > 0 else FIGURE_ROWS
    return draft


def _require_writer(session: SessionInfo) -> list[tuple[int, str]]:
    writable = writable_organisations(session)
    if not writable:
        raise HTTPException(status_code=403, detail="needs the role analyst")
    return writable


def _entries(lang: str, start_age: Any, level: str) -> list[dict[str, Any]]:
    """The catalogue as the page shows it (``fits``: written for the chosen start age and
    level)."""
    _ = translator(lang)
    levels = level_names(lang)
    grades = {
        "very low": _("very low"),
        "low": _("low"),
        "moderate": _("moderate"),
        "high": _("high"),
    }
    measures = measure_names(lang)
    payers = {p.id: p.label(lang) for p in default_payer_tree().payers}
    out = []
    for entry in catalogue().values():
        iv = entry.intervention
        evidence = iv.evidence
        study = next((e.study for e in iv.effects if e.study is not None), None)
        out.append(
            {
                "id": entry.id,
                "label": text_in(iv.label, lang, entry.id),
                "grade": grades.get(evidence.grade, evidence.grade)
                if evidence and evidence.grade
                else _("not graded"),
                "illustrative": bool(evidence and evidence.illustrative),
                "levels": [levels[level] for level in entry.suits.levels],
                "ages": entry.suits.start_ages,
                "fits": (not isinstance(start_age, int) or entry.suits_age(start_age))
                and level in entry.suits.levels,
                "payers": [payers.get(p, p) for p in sorted({c.payer for c in iv.costs})],
                "study": study,
                "measure": measures.get(study.measure, study.measure) if study else "",
                "source": study.source.title
                if study and study.source
                else (iv.effects[0].source.title if iv.effects and iv.effects[0].source else ""),
                "note": text_in(entry.suits.note, lang),
            }
        )
    return out


def level_names(lang: str) -> dict[str, str]:
    """The target-group levels in words."""
    _ = translator(lang)
    return {"universal": _("universal"), "selective": _("selective"), "indicated": _("indicated")}


def measure_names(lang: str) -> dict[str, str]:
    """The study measures in words."""
    _ = translator(lang)
    return {
        "smd": _("standardised mean difference"),
        "odds_ratio": _("odds ratio"),
        "relative_risk": _("relative risk"),
        "risk_difference": _("risk difference"),
    }


def _options(lang: str) -> dict[str, Any]:
    """The lists the forms choose from: states, payers, parameters for local figures."""
    model = builder.model_data("sverige")
    states = [
        (s["id"], text_in_raw(s.get("label"), lang, s["id"]))
        for s in model["states"]
        if not s.get("absorbing")
    ]
    library = default_library()
    _ = translator(lang)
    params = []
    for pid in builder.local_figure_options():
        found: Any = library.parameters.get(pid) or next(
            e.parameters[pid] for e in catalogue().values() if pid in e.parameters
        )
        shown = getattr(found.label, lang, None) or pid
        latest = found.values[-1]
        shipped = _("shipped: {value} {unit}, {year}").format(
            value=f"{latest.value:,.6g}".replace(",", "\u00a0"),
            unit=found.unit or "",
            year=latest.date.year,
        )
        params.append((pid, f"{shown} ({shipped}; {pid})"))
    payers = [(p.id, p.label(lang)) for p in default_payer_tree().payers]
    groups = [("model", _("The whole year group (shares from the life-course model)"))] + [
        (sid, _("Only children in the state: {state}").format(state=shown)) for sid, shown in states
    ]
    return {"states": states, "params": params, "payers": payers, "groups": groups}


def text_in_raw(value: Any, lang: str, default: str) -> str:
    if isinstance(value, dict):
        return str(value.get(lang) or default)
    return str(value or default)


def _page(
    request: Request,
    session: SessionInfo,
    step: int,
    draft: Draft,
    errors: dict[str, str],
    built: builder.Built | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    lang = language(request)
    draft["lang"] = lang
    draft.setdefault("figure_rows", FIGURE_ROWS)
    if step == 2:
        draft["figure_rows"] = max(FIGURE_ROWS, len(draft.get("figures", [])) + 1)
    return render(
        request,
        "guided.html",
        {
            "step": step,
            "steps": STEPS,
            "draft": draft,
            "draft_json": json.dumps(draft, ensure_ascii=False),
            "errors": errors,
            "entries": _entries(lang, _number(draft.get("start_age", "")), draft.get("level", ""))
            if step == 3
            else [],
            "chosen": intervention_ids(draft),
            "built": built,
            "writable": writable_organisations(session),
            "level_names": level_names(lang),
            "price_year": builder.ANALYSIS["price_year"],
            **_options(lang),
        },
        session,
        status_code=status_code,
    )


@router.get("/guided", response_class=HTMLResponse, include_in_schema=False)
def guided_start(request: Request, session: Login) -> HTMLResponse:
    _require_writer(session)
    draft: Draft = {
        "level": "universal",
        "group": "model",
        "years": "1",
        "start_age": "",
        "alternatives": {"single": [], "together": False},
    }
    return _page(request, session, 1, draft, {})


@router.post("/guided", response_class=HTMLResponse, include_in_schema=False)
async def guided_step(
    request: Request,
    session: PostLogin,
    step: Annotated[int, Form(ge=1, le=STEPS)] = 1,
    draft: Annotated[str, Form(max_length=MAX_DRAFT)] = "",
    action: Annotated[str, Form()] = "next",
) -> HTMLResponse:
    _require_writer(session)
    lang = language(request)
    answers = _draft(draft)
    form = await request.form()
    read_step(answers, step, form)
    if action == "back":
        return _page(request, session, max(1, step - 1), answers, {})
    chosen = [iid for iid, _label in intervention_ids(answers)]
    alts = answers.setdefault("alternatives", {"single": [], "together": False})
    if step == 3 and not set(alts.get("single", [])) & set(chosen):
        alts["single"] = chosen  # by default each chosen intervention alone
    at, errors, built = check(answers, step, lang)
    if errors:
        return _page(request, session, at, answers, errors, status_code=400)
    nxt = min(step + 1, STEPS)
    if nxt == STEPS and built is None:
        at, errors, built = check(answers, STEPS - 1, lang)
        if errors:
            return _page(request, session, at, answers, errors, status_code=400)
    return _page(request, session, nxt, answers, {}, built)


@router.post("/guided/save", include_in_schema=False)
def guided_save(
    request: Request,
    session: PostLogin,
    organisation_id: FormId,
    draft: Annotated[str, Form(max_length=MAX_DRAFT)] = "",
    name: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    access = Access(session.user)
    access.require(organisation_id, "analyst")
    lang = language(request)
    answers = _draft(draft)
    at, errors, built = check(answers, STEPS - 1, lang)
    if errors:
        return _page(request, session, at, answers, errors, status_code=400)
    assert built is not None  # every step is answered and checked
    state = state_of(request)
    try:
        saved = save_scenario(
            acting(state.store, session.user.login),
            built.text,
            builder.BUILT,
            name.strip() or None,
            session.user.roles[organisation_id][0],
        )
    except BadFileError as exc:
        return _page(
            request,
            session,
            STEPS,
            answers,
            {"_form": exc.error.render(lang)},
            built,
            status_code=400,
        )
    except StoreError as exc:
        return _page(
            request, session, STEPS, answers, {"_form": exc.render(lang)}, built, status_code=409
        )
    entry = next(
        s for s in scenarios_in(state.store, (organisation_id,)) if s.name == saved.scenario
    )
    return RedirectResponse(f"/scenarios/{entry.id}/versions/{saved.number}", status_code=303)


class GuidedVersion(BaseModel):
    """The guided flow's choices, to build a scenario and save it as a new version."""

    organisation_id: int = Field(ge=1, le=MAX_ID)
    name: str | None = Field(
        default=None, max_length=200, description="Its name in the store (default: its id)."
    )
    choices: builder.GuidedChoices


@router.post("/api/scenarios/guided", status_code=201, tags=["api"])
def api_guided(request: Request, session: PostLogin, body: GuidedVersion) -> dict[str, Any]:
    """Build a scenario from the guided flow's choices (target group, local figures,
    interventions from the catalogue or described, alternatives) and save it as a new
    version (analyst). Bad choices answer 422 with every problem, each naming its field."""
    access = Access(session.user)
    access.require(body.organisation_id, "analyst")
    try:
        built = builder.build_scenario(body.choices)
    except InputError as exc:
        raise HTTPException(
            status_code=422, detail=[p.format(exc.source, "en") for p in exc.problems]
        ) from None
    store = state_of(request).store
    try:
        saved = save_scenario(
            acting(store, session.user.login),
            built.text,
            builder.BUILT,
            body.name,
            session.user.roles[body.organisation_id][0],
        )
    except BadFileError as exc:
        raise HTTPException(
            status_code=422,
            detail=[p.format(exc.error.source, "en") for p in exc.error.problems],
        ) from None
    except StoreError as exc:
        raise HTTPException(status_code=409, detail=exc.render("en")) from None
    entry = next(
        s for s in scenarios_in(store, (body.organisation_id,)) if s.name == saved.scenario
    )
    return {**saved.as_json(with_text=True), "scenario_id": entry.id, "created": saved.created}
