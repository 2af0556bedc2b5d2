"""The results views of the web application (issue 15): charts of a version's results and of
a stored run, the alternatives compared per payer, the right start age, cost-sharing, a
shipped fund, the follow-up report as PDF and Excel, and a run with a parameter file.

Every figure a view shows is checked against what the analysis function returns for the
same inputs, formatted as the page formats it; another organisation's ids answer 404; a POST
without the CSRF token is refused."""

from __future__ import annotations

import datetime as dt
import html
import importlib.util
import re
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from socinvest.analysis.case import Case
from socinvest.analysis.compare import compare_alternatives
from socinvest.analysis.results import analyse
from socinvest.analysis.sharing import cost_sharing
from socinvest.analysis.timing import timing
from socinvest.params.library import default_library, parse_overrides
from socinvest.reports.formatting import money, percent
from socinvest.reports.labels import scope_label
from socinvest.scenario.load import example_text
from socinvest.scenario.validate import payer_tree_of
from socinvest.store.scenarios import parse_checked
from webtools import World, client_for, log_in

pytest_plugins = ("web_fixtures",)

DRAWS = 40
PARAMS = Path(__file__).resolve().parents[1] / "docs" / "examples" / "gnesta-params.yaml"


def wait_for_job(client: TestClient, fragment: str) -> str:
    """Poll the job of a progress fragment until it is finished; its last fragment."""
    for _ in range(600):
        if 'hx-trigger="every 1s"' not in fragment:
            return fragment
        match = re.search(r'hx-get="([^"]+)"', fragment)
        assert match, fragment
        answer = client.get(html.unescape(match.group(1)))
        assert answer.status_code == 200, answer.text
        fragment = answer.text
        time.sleep(0.1)
    raise AssertionError("the job did not finish")


def text_of(page: str) -> str:
    """The page's text with its entities decoded (the figures as the user reads them)."""
    return html.unescape(page)


@pytest.fixture(scope="module")
def analyst(world: World) -> tuple[TestClient, str]:
    client = client_for(world, report_draws=DRAWS, lang="en")
    return client, log_in(client, "a_analyst")


@pytest.fixture(scope="module")
def scenario_a() -> tuple[object, object]:
    library = default_library()
    return parse_checked(example_text("parenting-programme"), "pp", library), library


def version_path(world: World, key: str = "A") -> str:
    ids = world.ids[key]
    return f"/scenarios/{ids['scenario_id']}/versions/{ids['number']}"


def test_the_charts_show_the_analysis_figures(
    world: World, analyst: tuple[TestClient, str], scenario_a: tuple[object, object]
) -> None:
    client, _csrf = analyst
    page = client.get(version_path(world))
    assert page.status_code == 200
    assert "'unsafe-eval'" in page.headers["Content-Security-Policy"]
    assert "/vendor/vega/vega-embed.min.js" in page.text
    fragment = wait_for_job(client, client.get(version_path(world) + "/charts").text)
    shown = text_of(fragment)
    model, library = scenario_a
    results = analyse(model, library, draws=DRAWS)  # type: ignore[arg-type]
    assert results.psa is not None
    for comp in results.comparisons:
        case = Case(
            scenario=model,
            source="pp",
            results=results,  # type: ignore[arg-type]
            alternative=comp.alternative,
            scope="kommun",
            draws=DRAWS,
            seed=results.psa.seed,
            created=dt.date.today(),
        )
        yearly = case.yearly_net()
        for scope in ("kommun", "region", "public_finances"):
            assert money(float(yearly[scope].cumulative[-1]), "en") in shown, scope
        summary = results.psa.for_alternative(comp.alternative).horizon["kommun"]
        assert money(summary.mean, "en") in shown
        assert money(summary.p95, "en") in shown
        assert f'id="chart-net-{comp.alternative}"' in fragment
        assert f'id="chart-distribution-{comp.alternative}"' in fragment
    assert 'data-spec="' in fragment and "<table>" in fragment
    # The second time from the cache, without a job.
    again = client.get(version_path(world) + "/charts")
    assert 'id="charts"' in again.text


def test_the_vendored_chart_scripts_are_served_and_nothing_else(
    analyst: tuple[TestClient, str],
) -> None:
    client, _csrf = analyst
    answer = client.get("/vendor/vega/vega.min.js")
    assert answer.status_code == 200 and answer.headers["content-type"].startswith(
        "text/javascript"
    )
    assert client.get("/vendor/vega/..%2Fhtml_report.py").status_code == 404
    assert client.get("/vendor/vega/README.md").status_code == 404


def test_the_run_page_draws_the_npv_per_payer(
    world: World, analyst: tuple[TestClient, str]
) -> None:
    client, _csrf = analyst
    run_id = world.ids["A"]["run_id"]
    assert "'unsafe-eval'" in client.get(f"/runs/{run_id}").headers["Content-Security-Policy"]
    fragment = text_of(client.get(f"/runs/{run_id}/charts").text)
    data = client.get(f"/api/runs/{run_id}").json()["results"]
    for alt in data["alternatives"]:
        if alt["vs_comparison"] is not None:
            value = alt["vs_comparison"]["npv"]["by_payer"]["kommun"]
            assert money(value, "en") in fragment
            assert f"chart-payers-{alt['id']}" in fragment


def test_the_alternatives_compared_per_payer(
    world: World, analyst: tuple[TestClient, str], scenario_a: tuple[object, object]
) -> None:
    client, csrf = analyst
    assert client.get(version_path(world) + "/compare").status_code == 200
    started = client.post(
        version_path(world) + "/compare",
        data={"draws": str(DRAWS), "seed": "11", "csrf_token": csrf},
    )
    assert started.status_code == 200, started.text
    shown = text_of(wait_for_job(client, started.text))
    model, library = scenario_a
    results = analyse(model, library, draws=DRAWS, seed=11)  # type: ignore[arg-type]
    assert results.psa is not None
    for scope in ("kommun", "stat", "public_finances", "socio_economic"):
        found = compare_alternatives(
            model,
            library,
            scope,
            DRAWS,
            11,  # type: ignore[arg-type]
            steps=2,
            max_value=0.0,
        )
        label = scope_label(payer_tree_of(model), scope, "en")  # type: ignore[arg-type]
        row = next(
            r for r in re.findall(r"<tr>.*?</tr>", shown) if f'<th scope="row">{label}</th>' in r
        )
        for ranked in found.alternatives:
            assert percent(ranked.probability_best, "en", 0) in row
            if not ranked.comparison:
                assert money(ranked.expected_npv, "en") in row, (scope, ranked)
                gain = results.psa.for_alternative(ranked.alternative).horizon[scope]
                assert percent(gain.p_positive, "en", 0) in row


def test_the_right_start_age(
    world: World, analyst: tuple[TestClient, str], scenario_a: tuple[object, object]
) -> None:
    client, csrf = analyst
    page = client.get(version_path(world) + "/timing")
    assert page.status_code == 200 and 'name="first"' in page.text
    started = client.post(
        version_path(world) + "/timing", data={"first": "3", "last": "6", "csrf_token": csrf}
    )
    shown = text_of(wait_for_job(client, started.text))
    model, library = scenario_a
    for t in timing(model, library, None, (3, 6)):  # type: ignore[arg-type]
        assert f"chart-timing-{t.alternative}" in shown
        for point in t.points:
            assert money(point.npv["kommun"], "en") in shown
            if point.cost_of_waiting is not None:
                assert money(point.cost_of_waiting["public_finances"], "en") in shown
    bad = client.post(
        version_path(world) + "/timing", data={"first": "8", "last": "3", "csrf_token": csrf}
    )
    assert bad.status_code == 400 and "must not be above" in bad.text


def test_cost_sharing(
    world: World, analyst: tuple[TestClient, str], scenario_a: tuple[object, object]
) -> None:
    client, csrf = analyst
    page = client.get(version_path(world) + "/share")
    assert page.status_code == 200 and "norrkoping" in page.text
    started = client.post(
        version_path(world) + "/share",
        data={"alternative": "indicated", "draws": str(DRAWS), "seed": "5", "csrf_token": csrf},
    )
    shown = text_of(wait_for_job(client, started.text))
    model, library = scenario_a
    results = analyse(model, library, draws=DRAWS, seed=5)  # type: ignore[arg-type]
    sharing = cost_sharing(results, "indicated", library=library)  # type: ignore[arg-type]
    for party in sharing.parties:
        assert money(party.npv, "en") in shown
    for proposal in sharing.proposals:
        for outcome in proposal.outcomes:
            assert money(outcome.share, "en") in shown
    assert "Shapley value" in shown and "Smallest transfers" in shown
    unknown = client.post(
        version_path(world) + "/share", data={"alternative": "nope", "csrf_token": csrf}
    )
    assert unknown.status_code == 422


def test_a_shipped_fund(
    world: World, analyst: tuple[TestClient, str], scenario_a: tuple[object, object]
) -> None:
    from socinvest.analysis.fund import simulate_fund
    from socinvest.analysis.yearly_draws import yearly_draws
    from socinvest.scenario.fund_rules import example_fund

    client, csrf = analyst
    started = client.post(
        version_path(world) + "/fund",
        data={"fund": "norrkoping", "draws": "20", "seed": "4", "csrf_token": csrf},
    )
    assert started.status_code == 200, started.text
    job = re.search(r'id="job-([^"]+)"', started.text)
    assert job
    done = wait_for_job(client, started.text)
    assert f"/jobs/{job.group(1)}/result" in done, done
    page = client.get(f"/jobs/{job.group(1)}/result")
    assert page.status_code == 200 and "<html" in page.text
    model, library = scenario_a
    rules, _lines = example_fund("norrkoping")
    result = simulate_fund(rules, yearly_draws(model, library, 20, 4), None)  # type: ignore[arg-type]
    shown = text_of(page.text)
    assert percent(result.p_depleted, "en") in shown
    assert money(float(result.disbursed.mean()), "en") in shown
    assert (
        client.post(
            version_path(world) + "/fund", data={"fund": "../x", "csrf_token": csrf}
        ).status_code
        == 422
    )


def test_the_followup_report_as_excel_and_pdf(
    world: World, analyst: tuple[TestClient, str]
) -> None:
    client, csrf = analyst
    investment = world.ids["A"]["investment_id"]
    kinds = ["xlsx"] + (["pdf"] if importlib.util.find_spec("weasyprint") else [])
    for kind in kinds:
        started = client.post(
            f"/investments/{investment}/followup/{kind}", headers={"X-CSRF-Token": csrf}
        )
        assert started.status_code == 200, started.text
        job = re.search(r'id="job-([^"]+)"', started.text)
        assert job
        done = wait_for_job(client, started.text)
        assert "Done" in done or "Klart" in done, done
        answer = client.get(f"/jobs/{job.group(1)}/result")
        assert answer.status_code == 200
        assert answer.content.startswith(b"PK" if kind == "xlsx" else b"%PDF")
        assert f"followup.{kind}" in answer.headers["content-disposition"]
    assert (
        client.post(
            f"/investments/{investment}/followup/docx", headers={"X-CSRF-Token": csrf}
        ).status_code
        == 404
    )


def test_a_run_with_a_parameter_file_records_its_hash(
    world: World, analyst: tuple[TestClient, str], scenario_a: tuple[object, object]
) -> None:
    client, csrf = analyst
    text = PARAMS.read_text(encoding="utf-8")
    started = client.post(
        version_path(world) + "/params-runs",
        data={"draws": "0", "csrf_token": csrf},
        files={"params": ("gnesta-params.yaml", text.encode(), "text/yaml")},
    )
    assert started.status_code == 200, started.text
    done = wait_for_job(client, started.text)
    run_id = re.search(r'href="/runs/(\d+)"', done)
    assert run_id, done
    stored = client.get(f"/api/runs/{run_id.group(1)}").json()
    library = default_library()
    overrides, lines = parse_overrides(text, "gnesta-params.yaml")
    library = library.with_overrides(overrides, "gnesta-params.yaml", lines)
    model = parse_checked(example_text("parenting-programme"), "pp", library)
    expected = analyse(model, library).parameter_hash
    assert stored["parameter_hash"] == expected
    assert stored["results"]["meta"]["parameter_hash"] == expected


def test_a_bad_parameter_file_is_refused_naming_file_line_and_field(
    world: World, analyst: tuple[TestClient, str]
) -> None:
    client, csrf = analyst
    bad = (
        "socialtjanst.hvb_per_dygn:\n  values:\n    - {date: 2024-01-01, value: 4600}\n"
        "  status: nonsense\n"
    )
    answer = client.post(
        version_path(world) + "/params-runs",
        data={"draws": "0", "csrf_token": csrf},
        files={"params": ("local.yaml", bad.encode(), "text/yaml")},
    )
    assert answer.status_code == 400
    shown = text_of(answer.text)
    assert "local.yaml:4" in shown and ".status" in shown and "nonsense" in shown, shown


ROUTES = ("/charts", "/compare", "/timing", "/share")


def test_another_organisations_ids_answer_404(
    world: World, analyst: tuple[TestClient, str]
) -> None:
    client, csrf = analyst
    other = version_path(world, "B")
    for route in ROUTES:
        assert client.get(other + route).status_code == 404, route
    for route, data in (
        ("/compare", {"draws": "5"}),
        ("/timing", {"first": "3", "last": "4"}),
        ("/share", {}),
        ("/fund", {"fund": "norrkoping"}),
        ("/params-runs", {}),
    ):
        answer = client.post(other + route, data={**data, "csrf_token": csrf})
        assert answer.status_code == 404, route
    assert client.get(f"/runs/{world.ids['B']['run_id']}/charts").status_code == 404
    investment = world.ids["B"]["investment_id"]
    assert (
        client.post(
            f"/investments/{investment}/followup/xlsx", headers={"X-CSRF-Token": csrf}
        ).status_code
        == 404
    )


def test_posts_without_the_csrf_token_are_refused(
    world: World, analyst: tuple[TestClient, str]
) -> None:
    client, _csrf = analyst
    here = version_path(world)
    for route in ("/compare", "/timing", "/share", "/fund", "/params-runs"):
        assert client.post(here + route, data={"first": "3", "last": "4"}).status_code == 403
    investment = world.ids["A"]["investment_id"]
    assert client.post(f"/investments/{investment}/followup/pdf").status_code == 403


def test_a_viewer_may_look_but_not_store_a_run(world: World) -> None:
    client = client_for(world, report_draws=DRAWS)
    csrf = log_in(client, "a_viewer")
    assert client.get(version_path(world) + "/compare").status_code == 200
    answer = client.post(
        version_path(world) + "/params-runs", data={"draws": "0", "csrf_token": csrf}
    )
    assert answer.status_code == 403


def test_the_views_in_swedish(world: World, analyst: tuple[TestClient, str]) -> None:
    client, _csrf = analyst
    page = client.get(version_path(world) + "/timing?lang=sv")
    assert "Rätt startålder" in page.text or "startålder" in page.text
    client.get(version_path(world) + "/timing?lang=en")


def test_the_json_twins_equal_the_cli_json(
    world: World, analyst: tuple[TestClient, str], scenario_a: tuple[object, object]
) -> None:
    from socinvest.analysis.compare import compare_alternatives as ranked
    from socinvest.reports.alternatives_json import compare_json, timing_json
    from socinvest.reports.sharing_json import sharing_json
    from socinvest.scenario.load import scenario_hash

    client, _csrf = analyst
    model, library = scenario_a
    digest = scenario_hash(model)  # type: ignore[arg-type]
    base = "/api" + version_path(world)
    answer = client.get(base + "/compare", params={"scope": "region", "draws": DRAWS, "seed": 3})
    assert answer.status_code == 200, answer.text
    expected = compare_json(
        ranked(model, library, "region", DRAWS, 3),  # type: ignore[arg-type]
        model,
        digest,
    )  # type: ignore[arg-type]
    assert answer.json()["alternatives"] == expected["alternatives"]
    answer = client.get(base + "/timing", params={"first": 3, "last": 5})
    expected = timing_json(
        timing(model, library, None, (3, 5)),
        model,  # type: ignore[arg-type]
        digest,
    )
    assert answer.json()["alternatives"] == expected["alternatives"]
    answer = client.get(base + "/share", params={"draws": DRAWS, "seed": 2})
    results = analyse(model, library, draws=DRAWS, seed=2)  # type: ignore[arg-type]
    expected = sharing_json(
        cost_sharing(results, library=library),  # type: ignore[arg-type]
        model,
        digest,
    )  # type: ignore[arg-type]
    assert answer.json()["proposals"] == expected["proposals"]
    assert client.get(base + "/compare", params={"scope": "nobody"}).status_code == 422
    assert client.get(base + "/timing", params={"first": 9, "last": 3}).status_code == 422
    other = "/api" + version_path(world, "B")
    for view in ("/compare", "/timing", "/share"):
        assert client.get(other + view).status_code == 404


def test_opening_a_version_leaves_the_user_free_to_report_it(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Opening a version's page starts two jobs by itself (its results and its charts). They
    count apart from the jobs the user asks for, so a run and a report start at once (a
    third asked-for job is refused until one finishes), and opening the page again while
    its jobs are unfinished starts none (the same job is polled). The work is held until
    the requests are made, so that no job finishes early."""
    import threading

    from socinvest.web import services, views

    release = threading.Event()
    plain_results = services.deterministic_results
    plain_charts = views.charts_view

    def held_results(*args: object, **kwargs: object) -> object:
        release.wait(60)
        return plain_results(*args, **kwargs)  # type: ignore[arg-type]

    def held_charts(*args: object, **kwargs: object) -> object:
        release.wait(60)
        return plain_charts(*args, **kwargs)  # type: ignore[arg-type]

    def held_report(*args: object, **kwargs: object) -> str:
        release.wait(60)
        return "<p>the report</p>"

    monkeypatch.setattr(services, "deterministic_results", held_results)
    monkeypatch.setattr(services, "report_html", held_report)
    monkeypatch.setattr(views, "charts_view", held_charts)
    client = client_for(world, workers=6)
    csrf = log_in(client, "a_analyst")
    a = world.ids["A"]
    version = f"/scenarios/{a['scenario_id']}/versions/{a['number']}"
    try:
        polls = {}
        for part in ("summary", "charts"):
            first, again = client.get(f"{version}/{part}"), client.get(f"{version}/{part}")
            assert first.status_code == again.status_code == 200
            polls[part] = re.search(r'hx-get="([^"]+)"', first.text)
            assert polls[part] is not None, first.text
            assert polls[part].group(1) in again.text  # the same job, not a second one
        headers = {"X-CSRF-Token": csrf}
        for _ in range(2):
            report = client.post(f"{version}/report", data={"format": "html"}, headers=headers)
            assert report.status_code == 200 and "progress" in report.text, report.text
        third = client.post(f"{version}/report", data={"format": "html"}, headers=headers)
        assert third.status_code == 429
        assert "två beräkningar" in third.text
    finally:
        release.set()
    for part, poll in polls.items():
        assert poll is not None
        done = wait_for_job(client, client.get(html.unescape(poll.group(1))).text)
        assert 'id="summary"' in done if part == "summary" else 'id="charts"' in done


def test_the_jobs_pages_start_by_themselves_are_shared_and_limited() -> None:
    """A page's own jobs (keyed): one per kind and key while unfinished, at most
    MAX_PAGE_JOBS_PER_USER of them per user, counted apart from the jobs asked for."""
    import threading

    from socinvest.web.jobs import MAX_PAGE_JOBS_PER_USER, MAX_RUNNING_PER_USER, BusyError, JobTable

    release = threading.Event()
    table = JobTable(workers=1)
    try:

        def start(owner: int, key: str | None, kind: str = "results") -> str:
            return table.start(
                owner, kind, "t", lambda _job: release.wait(60), lambda _exc: None, key=key
            ).id

        keyed = [start(1, f"v{n}") for n in range(MAX_PAGE_JOBS_PER_USER)]
        assert start(1, "v0") == keyed[0]
        with pytest.raises(BusyError):
            start(1, "another")
        asked = [start(1, None) for _ in range(MAX_RUNNING_PER_USER)]
        assert len(set(asked) | set(keyed)) == len(asked) + len(keyed)
        with pytest.raises(BusyError):
            start(1, None)
        assert start(2, "v0") not in keyed  # another user's page has its own job
    finally:
        release.set()
        table.shutdown()
