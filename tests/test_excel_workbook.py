"""The Excel workbook: its formulas, recalculated by an independent evaluator (``formulas``),
give the engine's figures for every example, intervention and scope; the discount-rate cell
moves them; the sheets and headers are in the report's language."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import numpy as np
import openpyxl
import pytest

from socinvest.analysis.case import Case, build_case
from socinvest.analysis.summary import InvestmentMetrics
from socinvest.i18n import translator
from socinvest.reports.excel_workbook import (
    CALC_ROW_TEXT,
    LEDGER_HEADERS,
    METRIC_HEADERS,
    NOT_PAID_BACK,
    PARAMETER_HEADERS,
    RATE_NAME,
    RESULTS_HEADERS,
    SCOPES_HEADERS,
    SHEET_TEXT,
    write_workbook,
)
from socinvest.scenario.load import example_names, example_text, parse_scenario

os.environ["TQDM_DISABLE"] = "1"  # before formulas is imported: no progress bars
formulas = pytest.importorskip("formulas")

EXAMPLES = ("parenting-programme", "school-attendance", "family-home-school-support")
LANGUAGE = {"parenting-programme": "sv", "school-attendance": "en"}
"""Language of each example's recalculated workbook (both are exercised); default sv."""
OTHER_RATE = 0.05
METRICS = ("pv_costs", "pv_benefits", "npv", "payback_year", "undiscounted_net")
"""The metrics of a period on the results sheet, in the order of its columns."""


def _case(name: str) -> Case:
    return build_case(parse_scenario(example_text(name), name), draws=0)


@pytest.fixture(scope="module")
def cases() -> dict[str, Case]:
    return {name: _case(name) for name in EXAMPLES}


@pytest.fixture(scope="module")
def books(cases: dict[str, Case], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("excel")
    out = {}
    for name, case in cases.items():
        path = folder / f"{name}.xlsx"
        write_workbook(case, path, LANGUAGE.get(name, "sv"))
        out[name] = path
    return out


class Recalculated:
    """A workbook loaded by ``formulas``, with its solution and a look-up by cell."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.model = formulas.ExcelModel().loads(str(path)).finish()
        self.solution = self.model.calculate()

    def key(self, sheet: str, cell: str) -> str:
        return f"'[{self.path.name}]{sheet.upper()}'!{cell.replace('$', '')}"

    def value(self, sheet: str, cell: str, solution: Any = None) -> Any:
        result = (solution or self.solution)[self.key(sheet, cell)]
        return np.asarray(result.value).ravel()[0]


@pytest.fixture(scope="module")
def recalculated(books: dict[str, Path]) -> dict[str, Recalculated]:
    return {name: Recalculated(path) for name, path in books.items()}


def _result_cells(path: Path, case: Case) -> list[tuple[str, str, int, dict[str, str]]]:
    """(intervention, scope, period, {metric: cell}) of every figure on the results sheet;
    period 0 is the horizon, 1 the term of office."""
    book = openpyxl.load_workbook(path)
    sheet = book.worksheets[1]
    interventions = [c.alternative for c in case.results.comparisons]
    scopes = list(case.results.comparisons[0].horizon)
    width = len(METRIC_HEADERS)
    out = []
    block = -1
    for row in sheet.iter_rows(min_row=1):
        scope = row[1].value
        if scope not in scopes:
            continue
        if scope == scopes[0]:
            block += 1
        for period in (0, 1):
            cells = {m: row[2 + period * width + i].coordinate for i, m in enumerate(METRICS)}
            out.append((interventions[block], scope, period, cells))
    assert block == len(interventions) - 1
    return out


def _check(got: Any, expected: InvestmentMetrics, metric: str, where: str) -> None:
    value = getattr(expected, metric)
    if metric == "payback_year":
        if value is None or expected.bcr_flag == "no_costs":
            assert str(got) == NOT_PAID_BACK, where
        else:
            assert float(got) == value, where
        return
    assert abs(float(got) - value) <= 1.0, f"{where}: {got} != {value}"


@pytest.mark.parametrize("name", EXAMPLES)
def test_recalculated_results_equal_the_engine(
    name: str, cases: dict[str, Case], books: dict[str, Path], recalculated: dict[str, Any]
) -> None:
    """PV of costs and benefits, NPV, payback year and undiscounted net of every intervention
    and scope, to the horizon and to the term of office, within 1 SEK."""
    case = cases[name]
    sheet = translator(LANGUAGE.get(name, "sv"))(SHEET_TEXT["results"])
    cells = _result_cells(books[name], case)
    n_scopes = len(case.results.comparisons[0].horizon)
    assert len(cells) == 2 * n_scopes * len(case.results.comparisons)
    assert n_scopes == len(case.results.compiled.payers.ids) + 2
    for alternative, scope, period, where in cells:
        comparison = case.results.comparison_for(alternative)
        expected = (comparison.horizon, comparison.term_of_office)[period][scope]
        for metric, cell in where.items():
            got = recalculated[name].value(sheet, cell)
            _check(got, expected, metric, f"{name} {alternative} {scope} {period} {metric}")


def test_the_rate_cell_moves_every_result(
    cases: dict[str, Case], books: dict[str, Path], recalculated: dict[str, Any]
) -> None:
    """With the discount-rate cell at 5 %, the NPVs are the engine's at 5 %."""
    name = "parenting-programme"
    lang = LANGUAGE[name]
    book = openpyxl.load_workbook(books[name])
    target = book.defined_names[RATE_NAME[lang]].attr_text
    sheet, cell = target.rsplit("!", 1)
    model = recalculated[name]
    moved = model.model.calculate(inputs={model.key(sheet.strip("'"), cell): OTHER_RATE})
    scenario = parse_scenario(example_text(name), name)
    analysis = scenario.analysis.model_copy(update={"discount_rate": OTHER_RATE})
    other = build_case(scenario.model_copy(update={"analysis": analysis}), draws=0)
    results = translator(lang)(SHEET_TEXT["results"])
    changed = 0
    for alternative, scope, period, where in _result_cells(books[name], cases[name]):
        comparison = other.results.comparison_for(alternative)
        expected = (comparison.horizon, comparison.term_of_office)[period][scope]
        for metric in ("npv", "pv_costs", "pv_benefits"):
            got = model.value(results, where[metric], moved)
            _check(got, expected, metric, f"{alternative} {scope} {period} {metric}")
        before = model.value(results, where["npv"])
        changed += abs(float(before) - expected.npv) > 1.0
    assert changed > 0


def test_results_are_formulas_and_the_ledger_numbers(
    cases: dict[str, Case], books: dict[str, Path]
) -> None:
    name = "parenting-programme"
    case = cases[name]
    book = openpyxl.load_workbook(books[name])
    _, results, calculation, ledger, scopes = book.worksheets[:5]
    for _alt, _scope, _period, where in _result_cells(books[name], case):
        assert all(results[cell].data_type == "f" for cell in where.values())
    array_formulas = [c for row in calculation.iter_rows() for c in row if c.data_type == "f"]
    assert any("MMULT" in str(getattr(c.value, "text", c.value)) for c in array_formulas)
    assert any("DISKONTERINGSRANTA" in str(c.value).upper() for c in array_formulas)
    # the ledger: numbers only, summing to the engine's ledger of each alternative
    assert not any(c.data_type == "f" for row in ledger.iter_rows() for c in row)
    assert not any(c.data_type == "f" for row in scopes.iter_rows() for c in row)
    first = len(LEDGER_HEADERS)
    totals: dict[tuple[str, str], float] = {}
    sv = translator("sv")
    kinds = {
        sv("All flows"): "all",
        sv("Intervention costs"): "p",
        sv("Capacity, all flows"): "cap",
        sv("Capacity, intervention costs"): "pcap",
    }
    for row in ledger.iter_rows(min_row=7):
        if row[0].value is None:
            continue
        key = (str(row[0].value), kinds[str(row[6].value)])
        totals[key] = totals.get(key, 0.0) + sum(float(c.value) for c in row[first:])
    assert case.results.compiled.has_capacity  # the example has capacity lines
    for alt in case.results.run.alternatives:
        assert totals[(alt.id, "all")] == pytest.approx(float(alt.ledger.sum()), abs=1e-3)
        assert totals[(alt.id, "p")] == pytest.approx(float(alt.programme.sum()), abs=1e-3)
        capacity = 0.0 if alt.capacity is None else float(alt.capacity.sum())
        assert totals[(alt.id, "cap")] == pytest.approx(capacity, abs=1e-3)
        own = 0.0 if alt.programme_capacity is None else float(alt.programme_capacity.sum())
        assert totals[(alt.id, "pcap")] == pytest.approx(own, abs=1e-3)


@pytest.mark.parametrize("name", EXAMPLES)
def test_recalculated_cash_npv_equals_the_engine(
    name: str, cases: dict[str, Case], books: dict[str, Path], recalculated: dict[str, Any]
) -> None:
    """The results sheet's 'NPV, of which cash' (a formula over the ledger's capacity blocks)
    recalculates to the engine's cash NPV of every payer and the public finances."""
    case = cases[name]
    lang = LANGUAGE.get(name, "sv")
    sheet_name = translator(lang)(SHEET_TEXT["results"])
    sheet = openpyxl.load_workbook(books[name])[sheet_name]
    cash_col = 2 + 2 * len(METRIC_HEADERS)
    interventions = [c.alternative for c in case.results.comparisons]
    first_scope = case.results.compiled.payers.ids[0]
    block, checked = -1, 0
    for row in sheet.iter_rows(min_row=1):
        scope = row[1].value
        if scope == first_scope:
            block += 1
        cash = case.results.comparison_for(interventions[block]).cash if block >= 0 else {}
        if scope not in cash:
            continue
        cell = row[cash_col]
        assert cell.data_type == "f", f"{name} {scope}: {cell.value!r}"
        got = float(recalculated[name].value(sheet_name, cell.coordinate))
        assert abs(got - cash[scope].npv) <= 1.0, f"{name} {scope}: {got} != {cash[scope].npv}"
        checked += 1
    assert checked == len(interventions) * (len(case.results.compiled.payers.ids) + 1)


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_sheet_names_and_headers_are_in_the_language(
    lang: str, cases: dict[str, Case], tmp_path: Path
) -> None:
    _ = translator(lang)
    case = cases["parenting-programme"]
    path = tmp_path / "book.xlsx"
    write_workbook(case, path, lang)
    book = openpyxl.load_workbook(path)
    names = [_(text) for text in SHEET_TEXT.values()]
    # The five sheets of the calculation, then the committees and participants
    # (reports/committee_sheet.py).
    assert book.sheetnames == [*names, _("Committees")]
    if lang == "sv":
        assert names == ["Indata", "Resultat", "Beräkning", "Huvudbok", "Omfång"]
    else:
        assert names == ["Inputs", "Results", "Calculation", "Ledger", "Scopes"]
    assert RATE_NAME[lang] in book.defined_names
    inputs, results, calculation, ledger, scopes = book.worksheets[:5]

    def row_of(sheet: Any, first: str) -> list[str]:
        for row in sheet.iter_rows():
            if row[0].value == first:
                return [str(c.value) for c in row if c.value is not None]
        raise AssertionError(f"no header starting {first!r} on {sheet.title}")

    expected = {
        (inputs, tuple(PARAMETER_HEADERS)),
        (results, tuple(RESULTS_HEADERS)),
        (ledger, tuple(LEDGER_HEADERS)),
        (scopes, tuple(SCOPES_HEADERS)),
    }
    english: set[str] = set()
    for sheet, headers in expected:
        got = row_of(sheet, _(headers[0]))[: len(headers)]
        assert got == [_(h) for h in headers]
        english |= {h for h in headers if _(h) != h}
    for key, text in CALC_ROW_TEXT.items():
        assert row_of(calculation, _(text))[1] == _("Scope id"), key
        english.add(text)
    if lang == "sv":
        # no English header or title anywhere in the Swedish workbook
        english |= {"Inputs", "Results", "Ledger", "Scopes", "Payer", "Payback year"}
        for sheet in book.worksheets:
            for row in sheet.iter_rows():
                for c in row:
                    assert c.value not in english, (sheet.title, c.coordinate, c.value)
        assert str(inputs["A1"].value).startswith("Indata: ")
        assert str(results["A1"].value).startswith("Resultat: ")
    scope_labels = {results.cell(row=r, column=1).value for r in range(1, results.max_row + 1)}
    assert case.results.compiled.payers.get("kommun").label(lang) in scope_labels
    assert _("Public finances") in scope_labels


def test_every_shipped_example_is_covered() -> None:
    assert sorted(EXAMPLES) == sorted(example_names())


def test_every_sheet_prints_on_a4_with_its_headers(books: dict[str, Path]) -> None:
    """Print area, landscape A4 fitted to the width (as many pages down as needed) and the
    frozen header rows repeated on every printed page, on every sheet."""
    for name, path in books.items():
        book = openpyxl.load_workbook(path)
        for sheet in book.worksheets:
            where = f"{name}: {sheet.title}"
            assert sheet.print_area, where
            area = sheet.print_area[0] if isinstance(sheet.print_area, list) else sheet.print_area
            last = area.split(":")[-1].replace("$", "")
            assert openpyxl.utils.cell.coordinate_from_string(last)[1] == sheet.max_row, where
            assert sheet.page_setup.orientation == "landscape", where
            assert sheet.sheet_properties.pageSetUpPr.fitToPage, where
            assert sheet.page_setup.fitToHeight == 0, where
            assert int(sheet.page_setup.fitToWidth or 1) >= 1, where
            pane = sheet.freeze_panes
            if pane is not None and openpyxl.utils.cell.coordinate_from_string(pane)[1] > 1:
                assert sheet.print_title_rows, where
