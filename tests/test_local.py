"""``socinvest local KOMMUNKOD``: the municipality's own figures from Kolada as a --params file.

No network: Kolada is played by ``tests/kolada_fake.py`` over the responses in
``tests/data/kolada/``, which are CONSTRUCTED in Kolada's documented JSON format (not recorded
from the live API; see the README there) with invented, round values. In-process tests use
``httpx.MockTransport``; the CLI tests run the real entry point against a server on 127.0.0.1.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from clitools import cli_env, run_cli
from kolada_fake import DATA, KoladaFake, closed_port_url, serving
from socinvest.analysis.results import analyse
from socinvest.atomic_files import write_text_atomically
from socinvest.params.counties import county_table
from socinvest.params.errors import InputError
from socinvest.params.kolada import (
    LocalFigures,
    check_override_text,
    fetch_local_figures,
    override_text,
)
from socinvest.params.kolada_client import (
    KoladaClient,
    KoladaResponseError,
    KoladaUnreachableError,
)
from socinvest.params.library import ParameterLibrary, default_library, load_overrides
from socinvest.scenario.load import load_scenario

TODAY = dt.date(2026, 12, 6)
SCENARIO = DATA / "school-cost-scenario.yaml"
GNESTA = "0461"


def _client(fake: KoladaFake, waits: list[float] | None = None) -> KoladaClient:
    return KoladaClient(
        base_url="http://kolada.test/v3",
        transport=httpx.MockTransport(fake.handler),
        sleep=(waits.append if waits is not None else lambda _s: None),
    )


def _fetch(fake: KoladaFake | None = None, year: int = 2024) -> LocalFigures:
    return fetch_local_figures(
        GNESTA, year, _client(fake or KoladaFake()), default_library(), today=TODAY
    )


def _written_file(tmp_path: Path, figures: LocalFigures) -> Path:
    path = tmp_path / "local-0461.yaml"
    write_text_atomically(path, override_text(figures, "socinvest local 0461 --year 2024"))
    return path


def _value(library: ParameterLibrary, pid: str) -> float:
    return library.parameters[pid].values[-1].value


# -- The file: values, units, dates and sources ------------------------------------------------


def test_the_written_file_validates_with_the_values_read(tmp_path: Path) -> None:
    figures = _fetch()
    library = load_overrides(default_library(), _written_file(tmp_path, figures))
    # Hand values from tests/data/kolada/data.json (constructed).
    assert _value(library, "skola.forskola_per_barn") == 168000
    assert _value(library, "skola.grundskola_per_elev") == 130000
    assert _value(library, "socialtjanst.hvb_per_dygn") == 5000
    assert _value(library, "socialtjanst.familjehem_per_ar") == 1200 * 365  # kr/day -> SEK/year
    assert _value(library, "skatt.skattesats_kommun") == pytest.approx(0.2199)
    assert _value(library, "skatt.skattesats_region") == pytest.approx((33.23 - 21.99) / 100)
    assert _value(library, "skatt.skattekraft_kommun") == pytest.approx(230000 / 250000)
    assert _value(library, "skatt.skattekraft_region") == pytest.approx(240000 / 250000)
    assert _value(library, "skatt.befolkningsandel_kommun") == pytest.approx(
        11500 / 10_500_000, abs=1e-6
    )
    assert _value(library, "skatt.befolkningsandel_region") == pytest.approx(
        300000 / 10_500_000, abs=1e-6
    )
    assert _value(library, "befolkning.invanare_totalt") == 11500  # gender T, not K or M
    assert _value(library, "befolkning.invanare_0_19") == 2600
    # The county of 0461 is 04, Södermanland: its rates from counties.yaml, as fractions.
    sodermanland = county_table().counties["04"]
    assert _value(library, "skatt.utjamningssats_bidrag_kommun") == pytest.approx(
        sodermanland.bidrag[0] / 100
    )
    assert _value(library, "skatt.utjamningssats_avgift_region") == pytest.approx(
        sodermanland.avgift[1] / 100
    )
    # Units are the library's: the overrides of library parameters keep them.
    assert library.parameters["skola.grundskola_per_elev"].unit == "SEK/year"
    assert library.parameters["socialtjanst.hvb_per_dygn"].unit == "SEK/day"


def test_every_entry_has_date_status_source_and_review_date(tmp_path: Path) -> None:
    figures = _fetch()
    library = load_overrides(default_library(), _written_file(tmp_path, figures))
    for pid in figures.entries:
        p = library.parameters[pid]
        assert p.last_reviewed == TODAY
        assert p.sources and p.sources[0].note
        if pid.startswith("skatt.utjamningssats"):
            continue
        kpi = p.sources[0].title.split()[1].rstrip(":")
        assert kpi.startswith("N") and len(kpi) == 6, p.sources[0].title
        assert p.sources[0].link and f"/data/kpi/{kpi}/" in p.sources[0].link
    grundskola = library.parameters["skola.grundskola_per_elev"]
    assert grundskola.status == "verified"
    assert grundskola.values[0].date == dt.date(2024, 1, 1)
    assert "Kostnad grundskola åk 1-9, kr/elev" in grundskola.sources[0].title
    assert "Gnesta (0461) 2024: 130000" in (grundskola.sources[0].note or "")
    familjehem = library.parameters["socialtjanst.familjehem_per_ar"]
    assert "x 365" in (familjehem.sources[0].note or "")
    rate = library.parameters["skatt.skattesats_kommun"]
    assert "21.99 / 100" in (rate.sources[0].note or "")
    region_rate = library.parameters["skatt.skattesats_region"]
    assert region_rate.status == "derived"
    assert "(33.23 - 21.99) / 100" in (region_rate.derivation or "")


def test_the_params_file_changes_the_school_cost_by_the_hand_computed_amount(
    tmp_path: Path,
) -> None:
    national = default_library()
    local = load_overrides(national, _written_file(tmp_path, _fetch()))
    before = analyse(load_scenario(SCENARIO, national), national)
    after = analyse(load_scenario(SCENARIO, local), local)
    school = {r.alternative: r.cost_by_scope["kommun.skola"] for r in before.totals}
    school_local = {r.alternative: r.cost_by_scope["kommun.skola"] for r in after.totals}
    # Ten pupils, one year, no discounting: 10 x the cost per pupil in 2024 prices.
    # Without the file: the library's national value rebased to 2024 with its own index.
    p = national.parameters["skola.grundskola_per_elev"]
    used = p.value_at(dt.date(2026, 1, 1))
    index = national.indices[p.index or "kpi"].values
    national_2024 = used.value * index[2024] / index[used.year_of_prices]
    assert school["as_today"] == pytest.approx(10 * national_2024)
    # With it: Gnesta's 130 000 kr (2024, already in 2024 prices).
    assert school_local["as_today"] == pytest.approx(10 * 130000)
    assert school_local["as_today"] - school["as_today"] == pytest.approx(
        10 * (130000 - national_2024)
    )
    # The intervention's own cost (1 000 per pupil, written in the scenario) is unchanged.
    assert school_local["mentored"] - school_local["as_today"] == pytest.approx(10 * 1000)


def test_a_missing_year_falls_back_to_the_latest_and_says_so(tmp_path: Path) -> None:
    figures = _fetch()
    gymnasium = next(w for w in figures.written if w.parameter == "skola.gymnasieskola_per_elev")
    assert (gymnasium.year, gymnasium.fallback, gymnasium.value) == (2022, True, 140000)
    note = figures.entries["skola.gymnasieskola_per_elev"]["sources"][0]["note"]
    assert "no value for 2024; the latest year with one, 2022, is used" in note
    assert figures.entries["skola.gymnasieskola_per_elev"]["values"][0]["date"] == dt.date(
        2022, 1, 1
    )


def test_money_beyond_the_price_index_is_recorded_in_its_last_year(tmp_path: Path) -> None:
    figures = _fetch(year=2025)
    last = max(default_library().indices["kpi"].values)
    dated = figures.entries["skola.grundskola_per_elev"]["values"][0]
    assert (dated["date"], dated["value"]) == (dt.date(2025, 1, 1), 135000)
    assert dated["price_year"] == last
    assert (
        f"Recorded in {last} prices"
        in figures.entries["skola.grundskola_per_elev"]["sources"][0]["note"]
    )
    # A value with no 2025 figure (null in the data) falls back to 2024.
    inhabitants = next(w for w in figures.written if w.parameter == "befolkning.invanare_totalt")
    assert (inhabitants.year, inhabitants.value) == (2024, 11500)
    load_overrides(default_library(), _written_file(tmp_path, figures))  # validates


def test_partial_data_leaves_parameters_out_and_lists_them(tmp_path: Path) -> None:
    fake = KoladaFake()
    fake.data = [r for r in fake.data if r["kpi"] != "N33100"]  # no HVB day cost at all
    for kpi in fake.kpis:
        if kpi["id"] == "N17005":
            kpi["title"] = "Elever i gymnasieskolan, antal"  # not the cost per pupil
    figures = _fetch(fake)
    left = {item.parameter: item.reason.english for item in figures.left_out}
    assert set(left) == {"socialtjanst.hvb_per_dygn", "skola.gymnasieskola_per_elev"}
    assert "no value of N33100 for 0461 in 2019-2024" in left["socialtjanst.hvb_per_dygn"]
    assert "'Elever i gymnasieskolan, antal'" in left["skola.gymnasieskola_per_elev"]
    assert "socialtjanst.hvb_per_dygn" not in figures.entries
    text = override_text(figures, "socinvest local 0461")
    assert "# Left out:" in text and "#   socialtjanst.hvb_per_dygn: Kolada has no value" in text
    # A KPI whose title is wrong is not even asked for.
    assert not any("/data/kpi/N17005/" in url for url in fake.requests)
    library = load_overrides(default_library(), _written_file(tmp_path, figures))
    assert (
        library.parameters["socialtjanst.hvb_per_dygn"]
        == default_library().parameters["socialtjanst.hvb_per_dygn"]
    )


def test_paged_answers_are_followed(tmp_path: Path) -> None:
    one_page = _fetch(KoladaFake())
    paged_fake = KoladaFake(page_size=1)
    paged = _fetch(paged_fake)
    assert paged.entries == one_page.entries
    assert any("?page=2" in url for url in paged_fake.requests)


def test_the_file_is_refused_like_any_params_file_when_it_is_wrong() -> None:
    text = override_text(_fetch(), "socinvest local 0461").replace("value: 0.2199", "value: 21.99")
    with pytest.raises(InputError) as err:
        check_override_text(text, "local-0461.yaml", default_library())
    assert "expected a fraction in [0, 1] (not percent), found 21.99" in str(err.value)


# -- Bad kommunkod -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("461", "expected a kommunkod of four digits"),
        ("04a1", "expected a kommunkod of four digits"),
        ("0004", "expected a kommunkod of four digits"),  # a region's id
        ("1100", "no county has the code '11'"),
    ],
)
def test_a_malformed_kommunkod_is_refused_before_asking(code: str, expected: str) -> None:
    fake = KoladaFake()
    with pytest.raises(InputError) as err:
        fetch_local_figures(code, 2024, _client(fake), default_library())
    assert expected in str(err.value)
    assert fake.requests == []


def test_a_kommunkod_kolada_does_not_know_is_refused() -> None:
    with pytest.raises(InputError) as err:
        fetch_local_figures("0999", 2024, _client(KoladaFake()), default_library())
    assert "Kolada has no municipality with kommunkod 0999" in str(err.value)


# -- No network, timeouts, HTTP errors ------------------------------------------------------------


def _failing(exc: type[httpx.TransportError], failures: int, fake: KoladaFake) -> KoladaClient:
    calls = {"n": 0}

    def handler(request: httpx.Request) -> httpx.Response:
        calls["n"] += 1
        if calls["n"] <= failures:
            raise exc("simulated", request=request)
        return fake.handler(request)

    return KoladaClient(
        base_url="http://kolada.test/v3",
        transport=httpx.MockTransport(handler),
        sleep=lambda _s: None,
    )


def test_no_network_is_a_clear_error_after_a_bounded_number_of_tries() -> None:
    waits: list[float] = []
    client = KoladaClient(
        base_url="http://kolada.test/v3",
        transport=httpx.MockTransport(_raise(httpx.ConnectError)),
        sleep=waits.append,
    )
    with pytest.raises(KoladaUnreachableError) as err:
        fetch_local_figures(GNESTA, 2024, client, default_library())
    assert str(err.value) == (
        "after 4 tries: cannot connect to http://kolada.test/v3/municipality/0461: simulated"
    )
    assert waits == [0.5, 1.0, 2.0]  # exponential backoff, three retries
    assert len(client.requests_made) == 4


def _raise(exc: type[httpx.TransportError]) -> Callable[[httpx.Request], httpx.Response]:
    def handler(request: httpx.Request) -> httpx.Response:
        raise exc("simulated", request=request)

    return handler


def test_timeouts_are_retried_and_then_succeed() -> None:
    figures = fetch_local_figures(
        GNESTA, 2024, _failing(httpx.ReadTimeout, 2, KoladaFake()), default_library()
    )
    assert figures.name == "Gnesta"
    assert "skola.grundskola_per_elev" in figures.entries


def test_timeouts_every_time_are_a_clear_error() -> None:
    client = _failing(httpx.ReadTimeout, 99, KoladaFake())
    with pytest.raises(KoladaUnreachableError) as err:
        client.get_json("http://kolada.test/v3/municipality/0461")
    assert "after 4 tries: no answer within 20 s from" in str(err.value)


def test_server_errors_are_retried_but_a_client_error_is_not() -> None:
    statuses = iter([503, 200])
    fake = KoladaFake()

    def flaky(request: httpx.Request) -> httpx.Response:
        status = next(statuses)
        return fake.handler(request) if status == 200 else httpx.Response(status)

    client = KoladaClient(
        base_url="http://kolada.test/v3", transport=httpx.MockTransport(flaky), sleep=lambda _s: 0
    )
    assert client.municipality(GNESTA) == {"id": "0461", "title": "Gnesta", "type": "K"}
    gone = KoladaClient(
        base_url="http://kolada.test/v3",
        transport=httpx.MockTransport(lambda r: httpx.Response(404)),
        sleep=lambda _s: None,
    )
    with pytest.raises(KoladaResponseError) as err:
        gone.municipality(GNESTA)
    assert str(err.value) == "Kolada answered HTTP 404 for http://kolada.test/v3/municipality/0461"
    assert len(gone.requests_made) == 1


def test_an_answer_that_is_not_the_documented_json_is_refused() -> None:
    client = KoladaClient(
        base_url="http://kolada.test/v3",
        transport=httpx.MockTransport(lambda r: httpx.Response(200, text="<html>maintenance")),
    )
    with pytest.raises(KoladaResponseError, match="not the documented JSON"):
        client.municipality(GNESTA)


def test_writing_is_atomic(tmp_path: Path) -> None:
    with pytest.raises(OSError):
        write_text_atomically(tmp_path / "missing-folder" / "x.yaml", "a: 1\n")
    assert list(tmp_path.iterdir()) == []
    target = tmp_path / "x.yaml"
    write_text_atomically(target, "a: 1\n")
    assert target.read_text(encoding="utf-8") == "a: 1\n"
    assert [p.name for p in tmp_path.iterdir()] == ["x.yaml"]


# -- Through the real entry point ----------------------------------------------------------------


def test_cli_writes_a_file_that_validates_and_changes_the_sources(tmp_path: Path) -> None:
    out = tmp_path / "gnesta.yaml"
    with serving(KoladaFake()) as url:
        result = run_cli(
            "local", GNESTA, "--year", "2024", "--api-url", url, "--out", out, "--lang", "en"
        )
    assert result.returncode == 0, result.describe()
    assert "Gnesta (0461): figures for 2024 from Kolada" in result.stdout
    assert "skola.gymnasieskola_per_elev" in result.stdout and "2022 *" in result.stdout
    assert f"Wrote {out}" in result.stdout
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Local parameter values for Gnesta (kommunkod 0461")
    assert "socinvest local 0461 --year 2024" in text
    valid = run_cli("validate", SCENARIO, "--params", out, "--lang", "en")
    assert valid.returncode == 0, valid.describe()
    sources = run_cli("sources", SCENARIO, "--params", out, "--format", "json")
    assert sources.returncode == 0, sources.describe()
    used = {p["id"]: p for p in sources.json()["parameters"]}
    assert used["skola.grundskola_per_elev"]["value"] == 130000
    assert used["skola.grundskola_per_elev"]["origin"] == str(out)


def test_cli_without_network_says_so_exits_3_and_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "x.yaml"
    result = run_cli(
        "local", GNESTA, "--api-url", closed_port_url(), "--out", out, "--timeout", "2"
    )
    assert result.returncode == 3, result.describe()
    assert "Fel: kunde inte hämta från Kolada:" in result.stderr  # Swedish by default
    assert "efter 4 försök: kan inte ansluta till" in result.stderr
    assert "Ingenting skrevs." in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_cli_times_out_retries_and_gives_up(tmp_path: Path) -> None:
    out = tmp_path / "x.yaml"
    fake = KoladaFake(delay=1.0)
    started = time.monotonic()
    with serving(fake) as url:
        result = run_cli(
            "local", GNESTA, "--api-url", url, "--out", out, "--timeout", "0.2", "--lang", "en"
        )
    assert result.returncode == 3, result.describe()
    assert "after 4 tries: no answer within 0.2 s from" in result.stderr
    assert len(fake.requests) == 4
    assert not out.exists()
    assert time.monotonic() - started >= 0.5 + 1 + 2  # the waits between tries


def test_cli_refuses_a_bad_or_unknown_kommunkod(tmp_path: Path) -> None:
    bad = run_cli("local", "12345", "--lang", "en", "--out", tmp_path / "x.yaml")
    assert bad.returncode == 2, bad.describe()
    assert "KOMMUNKOD: expected a kommunkod of four digits" in bad.stderr
    with serving(KoladaFake()) as url:
        unknown = run_cli(
            "local", "0999", "--api-url", url, "--lang", "en", "--out", tmp_path / "x.yaml"
        )
    assert unknown.returncode == 2, unknown.describe()
    assert "Kolada has no municipality with kommunkod 0999" in unknown.stderr
    assert list(tmp_path.iterdir()) == []


def test_cli_help_names_the_exit_codes() -> None:
    result = run_cli("local", "--help", env=cli_env(SOCINVEST_LANG="en", COLUMNS="200"))
    assert result.returncode == 0
    assert "Exit codes: 0 written, 2 bad input, 3 Kolada unreachable, 1 no values." in (
        " ".join(result.stdout.split())
    )


def test_the_shipped_responses_say_they_are_constructed() -> None:
    readme = (DATA / "README.md").read_text(encoding="utf-8")
    assert "**These files are constructed, not recorded.**" in readme
    rows = json.loads((DATA / "data.json").read_text(encoding="utf-8"))["values"]
    assert all({"kpi", "municipality", "period", "values"} <= set(r) for r in rows)


def test_cli_with_no_values_at_all_exits_1_and_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "x.yaml"
    with serving(KoladaFake(data=[])) as url:
        result = run_cli(
            "local", GNESTA, "--year", "2024", "--api-url", url, "--out", out, "--lang", "en"
        )
    assert result.returncode == 1, result.describe()
    assert "Kolada has no values for 0461 in these years; nothing was written." in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_cli_refuses_a_year_out_of_range(tmp_path: Path) -> None:
    result = run_cli("local", GNESTA, "--year", "1990", "--lang", "en")
    assert result.returncode == 2, result.describe()
    assert "--year: expected a year from 1998 to" in result.stderr
