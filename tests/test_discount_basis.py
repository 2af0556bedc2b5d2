"""The discount rate chosen with its source (issue 10, item 8): ASEK's real rate is the default
for cross-sector social investment, TLV's rate is there for health-economic comparisons, and
every output states the rate by name and source."""

from __future__ import annotations

import html
from pathlib import Path

import openpyxl
import pytest

from clitools import run_cli
from socinvest.analysis.case import build_case
from socinvest.analysis.results import ScenarioResults, analyse
from socinvest.params.library import default_library
from socinvest.reports.excel_workbook import write_workbook
from socinvest.reports.html_report import render_html
from socinvest.reports.results_json import results_json
from socinvest.scenario.load import example_text, parse_scenario
from socinvest.scenario.model import DEFAULT_DISCOUNT_RATE

EXAMPLE = "parenting-programme"
LIBRARY_REF = "discount_rate: {param: diskontering.ranta}"


def _run(text: str) -> ScenarioResults:
    return analyse(parse_scenario(text, f"{EXAMPLE}.yaml"))


@pytest.fixture(scope="module")
def text() -> str:
    example = example_text(EXAMPLE)
    assert LIBRARY_REF in example
    return example


@pytest.fixture(scope="module")
def asek(text: str) -> ScenarioResults:
    return _run(text)


def _npv(results: ScenarioResults) -> float:
    return results.comparisons[-1].horizon["socio_economic"].npv


def test_the_default_is_asek_real_rate() -> None:
    library = default_library()
    assert DEFAULT_DISCOUNT_RATE == 0.035
    ranta = library.parameters["diskontering.ranta"]
    assert ranta.values[-1].value == DEFAULT_DISCOUNT_RATE
    assert "ASEK" in ranta.label.en and ranta.sources[0].publisher == "Trafikverket, ASEK"
    tlv = library.parameters["diskontering.ranta_tlv"]
    assert tlv.values[-1].value == 0.03 and "TLV" in tlv.label.en
    # read only in secondary sources: graded honestly
    assert ranta.status == tlv.status == "not_verified"


def test_the_example_states_asek_by_name_and_source(asek: ScenarioResults) -> None:
    basis = asek.discount
    assert basis is not None and basis.kind == "library"
    assert basis.rate == 0.035 and basis.parameter == "diskontering.ranta"
    assert basis.label is not None and "ASEK" in basis.label.en
    assert basis.sources and basis.status == "not_verified"
    # the example gives no outcome rate: the default, named after the library's parameter
    outcome = asek.outcome_discount
    assert outcome is not None and outcome.kind == "default"
    assert outcome.rate == DEFAULT_DISCOUNT_RATE and outcome.parameter == "diskontering.ranta"
    meta = results_json(asek)["meta"]
    assert meta["discount_rate_basis"]["parameter"] == "diskontering.ranta"
    assert meta["outcome_discount_rate_basis"]["kind"] == "default"


def test_tlv_by_reference_equals_the_number_and_is_named(text: str, asek: ScenarioResults) -> None:
    tlv = _run(text.replace(LIBRARY_REF, "discount_rate: {param: diskontering.ranta_tlv}"))
    number = _run(text.replace(LIBRARY_REF, "discount_rate: 0.03"))
    assert tlv.discount is not None and tlv.discount.parameter == "diskontering.ranta_tlv"
    assert tlv.discount.rate == 0.03 and tlv.discount.label is not None
    assert "TLV" in tlv.discount.label.en
    assert number.discount is not None and number.discount.kind == "scenario"
    assert number.discount.parameter is None and number.discount.sources == ()
    assert _npv(tlv) == _npv(number)  # the same rate, whichever way it is written
    assert _npv(tlv) != _npv(asek)  # the rate matters


def test_a_scenario_without_a_rate_uses_the_default(text: str, asek: ScenarioResults) -> None:
    results = _run(text.replace("  " + LIBRARY_REF + "\n", ""))
    assert results.discount is not None and results.discount.kind == "default"
    assert results.discount.rate == 0.035 and results.discount.parameter == "diskontering.ranta"
    assert _npv(results) == _npv(asek)


def test_report_first_page_and_excel_state_the_rate(text: str, tmp_path: Path) -> None:
    case = build_case(parse_scenario(text, f"{EXAMPLE}.yaml"), draws=0)
    page = " ".join(html.unescape(render_html(case, "en")).replace("\xa0", " ").split())
    committee = page[page.index('id="committee"') : page.index('id="full-case"')]
    assert "Discount rate: 3.5% – ASEK's real discount rate" in committee
    assert "diskontering.ranta" in committee
    path = tmp_path / "book.xlsx"
    write_workbook(case, path, "en")
    sheet = openpyxl.load_workbook(path)["Inputs"]
    rows = {r[0]: r for r in sheet.iter_rows(values_only=True) if r[0]}
    rate = rows["Discount rate (money)"]
    assert rate[1] == 0.035 and "ASEK" in rate[2] and "diskontering.ranta" in rate[2]


def test_cli_header_names_the_rate() -> None:
    result = run_cli("run", "--lang", "en")
    assert result.returncode == 0, result.describe()
    flat = " ".join(result.stdout.split())
    assert "Discount rate: 3.5% – ASEK's real discount rate" in flat
    assert "diskontering.ranta" in flat
