"""JSON twins of the results views under ``/api``: the alternatives compared for one payer or
perspective, the right start age, and cost-sharing of a stored scenario version, in the JSON
the command line writes with ``--format json`` (``socinvest analyse compare``, ``analyse
timing``, ``share``; documented in ``docs/results-json.md``).

Computed while the request waits (the draws are capped at :data:`MAX_API_DRAWS`); a choice
the analysis refuses answers 422 with the message, another organisation's id 404.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request

from socinvest.analysis.errors import OptionError
from socinvest.params.errors import InputError
from socinvest.scenario.load import scenario_hash
from socinvest.scenario.model import MAX_AGE
from socinvest.store.errors import BadFileError
from socinvest.store.scenarios import VersionInfo
from socinvest.store.scoped import version_in
from socinvest.web import views
from socinvest.web.auth import Access, Login
from socinvest.web.ids import MAX_ID, Id
from socinvest.web.state import state_of

router = APIRouter(prefix="/api", tags=["api"])

MAX_API_DRAWS = 2000
"""The most draws a request may ask for (the pages run longer work as jobs)."""

Draws = Annotated[int, Query(ge=1, le=MAX_API_DRAWS, description="Draws of the PSA.")]
Seed = Annotated[int | None, Query(ge=0, le=MAX_ID, description="Default: the scenario's seed.")]


def _version(request: Request, session: Any, scenario_id: int, number: int) -> VersionInfo:
    _entry, version = version_in(
        state_of(request).store, Access(session.user).readable, scenario_id, number
    )
    return version


def _answer(work: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    """``work()``, with the analysis refusing its input as 422 (the message in English)."""
    try:
        found = work()
        json.dumps(found, allow_nan=False)
        return found
    except BadFileError as exc:
        raise HTTPException(status_code=409, detail=exc.error.render("en")) from None
    except InputError as exc:
        raise HTTPException(status_code=422, detail=exc.render("en")) from None
    except OptionError as exc:
        raise HTTPException(status_code=422, detail=f"{exc.option}: {exc}") from None
    except ValueError as exc:
        # Also a result that is not a finite number (input too extreme), as the CLI says.
        raise HTTPException(status_code=422, detail=str(exc)) from None


@router.get("/scenarios/{scenario_id}/versions/{number}/compare")
def compare(
    request: Request,
    session: Login,
    scenario_id: Id,
    number: Id,
    scope: Annotated[str, Query(max_length=200)] = "kommun",
    draws: Draws = 1000,
    seed: Seed = None,
) -> dict[str, Any]:
    """The alternatives ranked for ``scope`` (a payer id or perspective) with the
    probability of being best (``socinvest analyse compare --format json``)."""
    from socinvest.analysis.compare import compare_alternatives
    from socinvest.reports.alternatives_json import compare_json

    version = _version(request, session, scenario_id, number)

    def work() -> dict[str, Any]:
        model, library, _source = views.load(version)
        found = compare_alternatives(model, library, scope, draws, seed, views.outcome_of(model))
        return compare_json(found, model, scenario_hash(model))

    return _answer(work)


@router.get("/scenarios/{scenario_id}/versions/{number}/timing")
def start_ages(
    request: Request,
    session: Login,
    scenario_id: Id,
    number: Id,
    first: Annotated[int | None, Query(ge=0, le=MAX_AGE)] = None,
    last: Annotated[int | None, Query(ge=0, le=MAX_AGE)] = None,
) -> dict[str, Any]:
    """NPV per start age from ``first`` to ``last`` and the cost of waiting one year, per
    alternative (``socinvest analyse timing --ages FIRST-LAST --format json``; without
    ages, the analysis's own range)."""
    from socinvest.analysis.timing import default_ages, timing
    from socinvest.reports.alternatives_json import timing_json

    version = _version(request, session, scenario_id, number)

    def work() -> dict[str, Any]:
        model, library, _source = views.load(version)
        defaults = default_ages(model)
        ages = (
            defaults[0] if first is None else first,
            defaults[1] if last is None else last,
        )
        if ages[0] > ages[1]:
            raise ValueError(f"ages: the first start age ({ages[0]}) is above the last")
        return timing_json(timing(model, library, None, ages), model, scenario_hash(model))

    return _answer(work)


@router.get("/scenarios/{scenario_id}/versions/{number}/share")
def share(
    request: Request,
    session: Login,
    scenario_id: Id,
    number: Id,
    alternative: Annotated[str | None, Query(max_length=200)] = None,
    between: Annotated[str, Query(pattern="^(organisations|committees)$")] = "organisations",
    draws: Annotated[int, Query(ge=0, le=MAX_API_DRAWS)] = 1000,
    seed: Seed = None,
) -> dict[str, Any]:
    """Who pays and who gains and the three proposals for sharing the cost (``socinvest
    share --format json``)."""
    from socinvest.analysis.results import analyse
    from socinvest.analysis.sharing import METHODS, cost_sharing
    from socinvest.reports.sharing_json import sharing_json

    version = _version(request, session, scenario_id, number)

    def work() -> dict[str, Any]:
        model, library, _source = views.load(version)
        results = analyse(model, library, draws=draws, seed=seed)
        sharing = cost_sharing(results, alternative, between, list(METHODS), library=library)
        return sharing_json(sharing, model, scenario_hash(model))

    return _answer(work)
