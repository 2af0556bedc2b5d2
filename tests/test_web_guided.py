"""The guided flow ("Ny kalkyl") through FastAPI's test client: the five steps in Swedish
with server-side checks shown beside their fields, saving as a new version in the user's
organisation (and only an analyst's), and the same builder in the JSON API."""

from __future__ import annotations

import html
import re
from typing import Any

from fastapi.testclient import TestClient

from socinvest.store.scoped import version_in
from socinvest.store.users import get_user
from webtools import World, client_for, log_in

pytest_plugins = ("web_fixtures",)

STEP1 = {
    "title": "Närvaroteam i Gnesta",
    "label": "Trettonåringar med hög frånvaro",
    "start_age": "13",
    "level": "indicated",
    "group": "at_risk",
    "per_year": "20",
    "years": "5",
}


def draft_of(page: str) -> str:
    match = re.search(r'name="draft" value="([^"]*)"', page)
    assert match, page
    return html.unescape(match.group(1))


def post(
    client: TestClient,
    csrf: str,
    step: int,
    draft: str,
    fields: dict[str, Any],
    action: str = "next",
) -> Any:
    return client.post(
        "/guided",
        data={"csrf_token": csrf, "step": str(step), "draft": draft, "action": action, **fields},
    )


def field_error(page: str, name: str) -> str:
    """The error shown beside the field ``name`` (its input refers to it)."""
    assert f'aria-describedby="e-{name}"' in page, page
    match = re.search(rf'<p class="error" id="e-{re.escape(name)}">([^<]*)</p>', page)
    assert match, page
    return html.unescape(match.group(1))


def org_id(world: World, login: str, name: str) -> int:
    roles = get_user(world.store, login).roles
    return next(oid for oid, (org, _role) in roles.items() if org == name)


def walk_to_review(client: TestClient, csrf: str) -> str:
    first = client.get("/guided")
    assert first.status_code == 200 and "Ny kalkyl" in first.text
    page = post(client, csrf, 1, draft_of(first.text), STEP1)
    assert page.status_code == 200 and "Steg 2 av 5" in page.text, page.text
    page = post(
        client,
        csrf,
        2,
        draft_of(page.text),
        {
            "figures-0-parameter": "produktion.manadslon_medel",
            "figures-0-value": "41 000",
            "figures-0-year": "2024",
            "figures-0-source": "Gnestas lönestatistik 2024",
        },
    )
    assert page.status_code == 200 and "Steg 3 av 5" in page.text, page.text
    assert "Närvaroteam" in page.text and "Evidensgrad" in page.text
    # Each entry says whether it was written for the chosen start age (13) and level.
    cards = {
        re.search(r'value="(\w+)"', c).group(1): c  # type: ignore[union-attr]
        for c in page.text.split('<div class="card">')[1:]
    }
    marker = "skriven för en annan startålder eller nivå än din"
    assert marker not in cards["attendance_team"] and marker in cards["skolfam"]
    assert marker in cards["universal_offer"] and marker in cards["indicated_group"]  # 3-12
    page = post(client, csrf, 3, draft_of(page.text), {"catalogue": ["attendance_team"]})
    assert page.status_code == 200 and "Steg 4 av 5" in page.text, page.text
    page = post(client, csrf, 4, draft_of(page.text), {"single": ["attendance_team"]})
    assert page.status_code == 200 and "Steg 5 av 5" in page.text, page.text
    return page.text


def test_an_analyst_builds_and_saves_a_scenario_in_five_steps(world: World) -> None:
    client = client_for(world)
    csrf = log_in(client, "a_analyst")
    review = walk_to_review(client, csrf)
    assert "produktion.manadslon_medel: " not in review  # the review lists it as entered
    assert "Gnestas lönestatistik 2024" in review and "id: narvaroteam_i_gnesta" in review
    gnesta = org_id(world, "a_analyst", "Gnesta")
    saved = client.post(
        "/guided/save",
        data={"csrf_token": csrf, "draft": draft_of(review), "organisation_id": str(gnesta)},
        follow_redirects=False,
    )
    assert saved.status_code == 303, saved.text
    match = re.fullmatch(r"/scenarios/(\d+)/versions/(\d+)", saved.headers["location"])
    assert match
    _entry, version = version_in(world.store, (gnesta,), int(match.group(1)), int(match.group(2)))
    assert version.organisation == "Gnesta" and version.created_by == "a_analyst"
    assert "41000" in version.text and "attendance_team" in version.text
    assert client.get(saved.headers["location"]).status_code == 200


def test_errors_are_shown_beside_their_fields_in_swedish_and_english(world: World) -> None:
    client = client_for(world)
    csrf = log_in(client, "a_analyst")
    first = client.get("/guided")
    bad = {**STEP1, "start_age": "tretton", "per_year": "-3"}
    page = post(client, csrf, 1, draft_of(first.text), bad)
    assert page.status_code == 400 and "Steg 1 av 5" in page.text
    assert "tretton" in field_error(page.text, "start_age")
    assert field_error(page.text, "per_year")
    # The entered values are kept.
    assert 'value="tretton"' in page.text
    page = post(client, csrf, 1, draft_of(first.text), STEP1)
    page = post(client, csrf, 2, draft_of(page.text), {})
    page = post(client, csrf, 3, draft_of(page.text), {})  # nothing chosen
    assert page.status_code == 400
    assert "minst en insats" in field_error(page.text, "catalogue")
    # A described intervention with an interval that does not hold its figure.
    own = {
        "own-label": "Mentorer",
        "own-payer": "kommun.skola",
        "own-cost": "12000",
        "own-from_state": "at_risk",
        "own-to_state": "on_track",
        "own-measure": "odds_ratio",
        "own-value": "1,4",
        "own-low": "1,5",
        "own-high": "1,8",
        "own-source": "En prövning",
    }
    page = post(client, csrf, 3, draft_of(page.text), own)
    assert page.status_code == 400
    assert "95 %-intervallet runt siffran" in field_error(page.text, "own-value")
    english = client.post(
        "/guided?lang=en",
        data={
            "csrf_token": csrf,
            "step": "3",
            "draft": draft_of(page.text),
            "action": "next",
            **own,
        },
    )
    assert "Step 3 of 5" in english.text and "95 % interval" in field_error(
        english.text, "own-value"
    )
    client.get("/guided?lang=sv")  # back to Swedish (the choice is remembered)
    fixed = post(client, csrf, 3, draft_of(page.text), {**own, "own-low": "1,1"})
    assert fixed.status_code == 200 and "Mentorer ensam" in fixed.text  # step 4
    # Back keeps the answers.
    back = post(client, csrf, 4, draft_of(fixed.text), {"single": ["mentorer"]}, "back")
    assert "Steg 3 av 5" in back.text and 'value="Mentorer"' in back.text


def test_a_local_figure_of_an_intervention_not_chosen_sends_the_user_back(world: World) -> None:
    client = client_for(world)
    csrf = log_in(client, "a_analyst")
    page = post(client, csrf, 1, draft_of(client.get("/guided").text), STEP1)
    page = post(
        client,
        csrf,
        2,
        draft_of(page.text),
        {
            "figures-0-parameter": "foraldraprogram.kostnad_per_familj",
            "figures-0-value": "5000",
            "figures-0-year": "2024",
            "figures-0-source": "Budget",
        },
    )
    page = post(client, csrf, 3, draft_of(page.text), {"catalogue": ["attendance_team"]})
    assert page.status_code == 400 and "Steg 2 av 5" in page.text
    assert "foraldraprogram.kostnad_per_familj" in field_error(page.text, "figures-0-parameter")


def test_viewers_may_not_use_the_guided_flow(world: World) -> None:
    client = client_for(world)
    csrf = log_in(client, "a_viewer")
    assert client.get("/guided").status_code == 403
    assert post(client, csrf, 1, "{}", STEP1).status_code == 403
    gnesta = org_id(world, "a_viewer", "Gnesta")
    answer = client.post(
        "/guided/save", data={"csrf_token": csrf, "draft": "{}", "organisation_id": str(gnesta)}
    )
    assert answer.status_code == 403
    assert "/guided" not in client.get("/scenarios").text  # no link in the menu


def test_an_analyst_cannot_save_into_another_organisation(world: World) -> None:
    client = client_for(world)
    csrf = log_in(client, "a_analyst")
    review = walk_to_review(client, csrf)
    trosa = org_id(world, "b_analyst", "Trosa")
    answer = client.post(
        "/guided/save",
        data={"csrf_token": csrf, "draft": draft_of(review), "organisation_id": str(trosa)},
    )
    assert answer.status_code == 404 and "Trosa" not in answer.text
    assert (
        client.post(
            "/guided/save", data={"draft": draft_of(review), "organisation_id": "1"}
        ).status_code
        == 403
    )


API_CHOICES = {
    "title": {"sv": "Skolfam i Gnesta", "en": "Skolfam in Gnesta"},
    "target_group": {
        "label": "Tioåringar i familjehem",
        "start_age": 10,
        "level": "indicated",
        "initial_states": {"placed": 1.0},
        "per_year": 8,
        "years": 4,
    },
    "catalogue": ["skolfam"],
}


def test_the_api_builds_and_saves_and_refuses_bad_choices(world: World) -> None:
    client = client_for(world)
    csrf = log_in(client, "a_analyst")
    gnesta = org_id(world, "a_analyst", "Gnesta")
    answer = client.post(
        "/api/scenarios/guided",
        headers={"X-CSRF-Token": csrf},
        json={"organisation_id": gnesta, "choices": API_CHOICES},
    )
    assert answer.status_code == 201, answer.text
    body = answer.json()
    assert body["scenario"] == "skolfam_i_gnesta" and body["version"] == 1 and body["created"]
    found = client.get(f"/api/scenarios/{body['scenario_id']}/versions/1").json()
    assert "skolfam" in found["text"]
    bad = {
        **API_CHOICES,
        "catalogue": ["nothing"],
        "target_group": {**API_CHOICES["target_group"], "initial_states": {"asleep": 1}},
    }
    answer = client.post(
        "/api/scenarios/guided",
        headers={"X-CSRF-Token": csrf},
        json={"organisation_id": gnesta, "choices": bad},
    )
    assert answer.status_code == 422
    detail = " ".join(answer.json()["detail"])
    assert "catalogue[0]: no intervention 'nothing'" in detail
    assert "target_group.initial_states.asleep: unknown state 'asleep'" in detail
    viewer = client_for(world)
    vcsrf = log_in(viewer, "a_viewer")
    assert (
        viewer.post(
            "/api/scenarios/guided",
            headers={"X-CSRF-Token": vcsrf},
            json={"organisation_id": gnesta, "choices": API_CHOICES},
        ).status_code
        == 403
    )
    schema = client.get("/api/openapi.json").json()
    assert "/api/scenarios/guided" in schema["paths"]
    assert "/guided" not in schema["paths"]


def test_a_tampered_or_odd_form_is_answered_in_words_not_with_a_server_error(
    world: World,
) -> None:
    client = client_for(world)
    csrf = log_in(client, "a_analyst")
    odd = '{"figures": "x", "own": [1], "alternatives": 3, "catalogue": {"a": 1}}'
    for step in (1, 2, 3, 4, 5):
        answer = post(client, csrf, step, odd, {})
        assert answer.status_code == 400, (step, answer.status_code)
    assert post(client, csrf, 2, "not json", {}).status_code == 400
    # A start age past the horizon (age 65) is refused at once.
    page = post(client, csrf, 1, "{}", {**STEP1, "start_age": "70", "group": "model"})
    assert page.status_code == 400 and "64" in field_error(page.text, "start_age")
    # A problem of the built scenario that no field made is said above the form: a local
    # figure whose year the price index does not cover.
    page = post(client, csrf, 1, "{}", STEP1)
    page = post(
        client,
        csrf,
        2,
        draft_of(page.text),
        {
            "figures-0-parameter": "produktion.manadslon_medel",
            "figures-0-value": "41000",
            "figures-0-year": "2100",
            "figures-0-source": "x",
        },
    )
    page = post(client, csrf, 3, draft_of(page.text), {"catalogue": ["attendance_team"]})
    assert page.status_code == 400 and 'role="alert"' in page.text
    assert "2100" in page.text
