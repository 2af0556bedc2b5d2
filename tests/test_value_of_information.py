"""Value of information (socinvest.analysis.value_of_information): EVPI >= EVPPI >= 0, the
group of everything drawn, a parameter outside the scope, population scaling, and
``socinvest analyse voi`` through the real entry point."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest

from clitools import Result, cli_env, run_cli
from socinvest.analysis.psa import run_psa
from socinvest.analysis.value_of_information import (
    GroupError,
    ValueOfInformation,
    parse_group,
    value_of_information,
)
from socinvest.scenario.load import example_text, parse_scenario
from socinvest.scenario.model import Scenario

HAND = Path(__file__).resolve().parent / "data" / "hand-pathway-scenario.yaml"
DRAWS = 2000
# The hand case with a second cost on the pathway, paid by the region: it enters the
# socio-economic net benefit but not that of social services.
REGION_COST = """  lokal.region_per_ar:
    label: {sv: Regionens kostnad per år, en: The region's cost per year}
    unit: SEK/year
    values: [{date: 2024-01-01, value: 20000}]
    status: illustrative
    sources: [{title: Hand case}]
    last_reviewed: 2026-01-01
    uncertainty: {distribution: normal, sd: 8000}
"""
HAND_IDS = ["lokal.insats_per_deltagare", "lokal.kostnad_per_ar", "lokal.region_per_ar"]


def _hand_text() -> str:
    text = HAND.read_text(encoding="utf-8")
    line = (
        "    - {state: pathway, payer: kommun.socialtjanst, "
        "annual: {param: lokal.kostnad_per_ar}}\n"
    )
    assert line in text
    region = "    - {state: pathway, payer: region, annual: {param: lokal.region_per_ar}}\n"
    return text.replace(line, line + region) + REGION_COST


def _hand() -> Scenario:
    return parse_scenario(_hand_text(), "hand-voi.yaml")


@pytest.fixture(scope="module")
def parenting() -> Scenario:
    return parse_scenario(example_text("parenting-programme"), "example")


@pytest.fixture(scope="module")
def hand_social() -> ValueOfInformation:
    return value_of_information(
        _hand(), draws=DRAWS, scope="kommun.socialtjanst", groups={"all": HAND_IDS}
    )


def _check_bounds(voi: ValueOfInformation) -> None:
    assert voi.evpi_per_person >= 0.0
    for e in voi.entries:
        assert 0.0 <= e.per_person <= voi.evpi_per_person + 1e-9, e.name
        assert 0.0 <= e.population <= voi.evpi_population + 1e-6, e.name
    values = [e.per_person for e in voi.entries]
    assert values == sorted(values, reverse=True)


def test_evpi_bounds_evppi_on_the_parenting_example(parenting: Scenario) -> None:
    psa_ids = run_psa(parenting, draws=10).drawn_parameters
    everything = {"all": list(psa_ids)}
    for scope in ("socio_economic", "public_finances", "kommun"):
        voi = value_of_information(parenting, draws=DRAWS, scope=scope, groups=everything)
        assert {e.name for e in voi.entries} == {*psa_ids, "all"}
        _check_bounds(voi)
        assert 0.0 <= voi.p_best_wrong <= 1.0
        # Defaults: the intake of 1000 a year for 5 years.
        assert (voi.persons, voi.persons_per_year, voi.years) == (5000.0, 1000.0, 5)


def test_evpi_bounds_evppi_on_the_hand_case(hand_social: ValueOfInformation) -> None:
    assert hand_social.evpi_per_person > 0.0
    _check_bounds(hand_social)


def test_group_of_everything_drawn_is_close_to_evpi(hand_social: ValueOfInformation) -> None:
    group = next(e for e in hand_social.entries if e.name == "all")
    assert group.kind == "group"
    assert group.per_person == pytest.approx(hand_social.evpi_per_person, rel=0.05)
    assert group.share_of_evpi == pytest.approx(1.0, rel=0.05)


def test_a_parameter_outside_the_scope_is_worth_nothing(
    hand_social: ValueOfInformation,
) -> None:
    region = next(e for e in hand_social.entries if e.name == "lokal.region_per_ar")
    assert region.per_person <= 0.01 * hand_social.evpi_per_person
    others = [e for e in hand_social.entries if e.name in HAND_IDS[:2]]
    assert all(e.per_person > 0.1 * hand_social.evpi_per_person for e in others)


def test_probability_best_is_wrong_and_net_benefits_per_person() -> None:
    scenario = _hand()
    voi = value_of_information(scenario, draws=DRAWS, scope="kommun.socialtjanst")
    psa = run_psa(scenario, draws=DRAWS)
    npv = psa.for_alternative("helped").npv[:, psa.scopes.index("kommun.socialtjanst")]
    per_person = npv / 10.0
    assert voi.mean_net_benefit == pytest.approx(
        {"as_today": 0.0, "helped": float(per_person.mean())}
    )
    best_is_helped = per_person.mean() > 0
    assert voi.best == ("helped" if best_is_helped else "as_today")
    wrong = per_person < 0 if best_is_helped else per_person > 0
    assert voi.p_best_wrong == pytest.approx(float(np.mean(wrong)))
    assert 0.0 < voi.p_best_wrong < 1.0


def test_population_scaling_is_per_person_times_the_annuity() -> None:
    scenario = _hand()
    # The hand case: one cohort of 10, rate 3 %, timing start.
    default = value_of_information(scenario, draws=DRAWS, scope="kommun.socialtjanst")
    assert (default.persons_per_year, default.years, default.annuity) == (10.0, 1, 1.0)
    assert default.evpi_population == pytest.approx(10.0 * default.evpi_per_person)
    scaled = value_of_information(
        scenario, draws=DRAWS, scope="kommun.socialtjanst", persons_per_year=30, years=3
    )
    annuity = 1.0 + 1.0 / 1.03 + 1.0 / 1.03**2  # 2.913469...
    assert scaled.annuity == pytest.approx(annuity, rel=1e-12)
    assert scaled.evpi_per_person == default.evpi_per_person
    assert scaled.evpi_population == pytest.approx(default.evpi_per_person * 30 * annuity)
    for e in scaled.entries:
        assert e.population == pytest.approx(e.per_person * 30 * annuity)


def test_groups_are_checked() -> None:
    assert parse_group("costs = a, b ,c") == ("costs", ("a", "b", "c"))
    for bad in ("costs", "=a", "costs="):
        with pytest.raises(GroupError, match="expected NAME=ID1,ID2"):
            parse_group(bad)
    with pytest.raises(GroupError, match=r"'no\.such'"):
        value_of_information(_hand(), draws=10, groups={"g": ["no.such"]})
    with pytest.raises(ValueError, match="unknown scope"):
        value_of_information(_hand(), draws=10, scope="nowhere")


# --------------------------------------------------------------------------------------
# The command line, through the real entry point


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Result]:
    hand = tmp_path_factory.mktemp("voi") / "hand.yaml"
    hand.write_text(_hand_text(), encoding="utf-8")
    base = ("analyse", "voi", str(hand), "--draws", "1000", "--scope", "kommun.socialtjanst")
    calls = {
        "sv": (*base, "--lang", "sv", "--group", "costs=lokal.kostnad_per_ar,lokal.region_per_ar"),
        "en": (*base, "--lang", "en", "--persons-per-year", "30", "--years", "3"),
        "json": (*base, "--format", "json", "-g", f"all={','.join(HAND_IDS)}"),
        "example": ("analyse", "voi", "--draws", "500", "--lang", "en"),
        "bad_group": (*base, "--lang", "en", "--group", "g=lokal.kostnad_per_ar,no.such"),
        "bad_group_json": (*base, "-f", "json", "--group", "nothing"),
    }
    wide = cli_env(COLUMNS="200")
    with ThreadPoolExecutor(max_workers=3) as pool:
        futures = {name: pool.submit(run_cli, *args, env=wide) for name, args in calls.items()}
        return {name: f.result() for name, f in futures.items()}


def test_cli_table_in_swedish_and_english(
    runs: dict[str, Result],
) -> None:
    sv, en = runs["sv"], runs["en"]
    assert sv.returncode == 0, sv.stderr
    assert "Informationsvärde" in sv.stdout and "EVPI: allt som dras" in sv.stdout
    assert "gruppen costs" in sv.stdout
    assert "En lokal studie som tog bort osäkerheten om" in sv.stdout
    assert en.returncode == 0, en.stderr
    assert "Value of information" in en.stdout and "Share of EVPI" in en.stdout
    assert "30 persons a year for 3 years" in " ".join(en.stdout.split())  # wrapped caption
    assert "A local study that removed the uncertainty about" in en.stdout
    example = runs["example"]
    assert example.returncode == 0, example.stderr
    assert "EVPI: everything drawn" in example.stdout


def test_cli_json(runs: dict[str, Result]) -> None:
    result = runs["json"]
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["analysis"] == "voi" and data["scope"] == "kommun.socialtjanst"
    assert data["meta"]["draws"] == 1000
    assert data["population"]["persons_per_year"] == 10.0
    evpi = data["evpi"]["per_person"]
    assert evpi > 0
    names = [e["name"] for e in data["evppi"]]
    assert set(names) == {*HAND_IDS, "all"}
    for e in data["evppi"]:
        assert 0.0 <= e["per_person"] <= evpi + 1e-9
    group = next(e for e in data["evppi"] if e["name"] == "all")
    assert group["kind"] == "group" and group["label"] is None
    assert group["per_person"] == pytest.approx(evpi, rel=0.05)


def test_cli_bad_group_is_bad_input(runs: dict[str, Result]) -> None:
    bad = runs["bad_group"]
    assert bad.returncode == 2
    assert "--group" in bad.stderr and "'no.such'" in bad.stderr
    bad_json = runs["bad_group_json"]
    assert bad_json.returncode == 2
    problem = json.loads(bad_json.stdout)["problems"][0]
    assert problem["field"] == "--group" and "nothing" in problem["message"]
