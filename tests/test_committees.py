"""Between committees and per participant (issue 11, items 2 and 3) and the glossary page.

The committees' figures sum to the kommun's (random ledgers with Hypothesis, and the
examples); the proportional transfer leaves every committee whole exactly when the whole
is; the participants are counted from the scenario (offered and participating apart) and
each figure per participant times the participants is the total; the report, the JSON and
the workbook show them; every glossary term is on the glossary page in both languages.
"""

from __future__ import annotations

import datetime as dt
import io
from functools import cache
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from openpyxl import load_workbook

from socinvest.analysis.case import Case, build_case
from socinvest.analysis.committees import committee_split, proportional_transfers, split_ledger
from socinvest.analysis.participants import participants, per_participant
from socinvest.analysis.results import ScenarioResults, analyse
from socinvest.core.timing import discount_factors
from socinvest.params.errors import InputError
from socinvest.reports.committee_split import committees, page_one_line, split_sentences
from socinvest.reports.excel_workbook import write_workbook
from socinvest.reports.glossary import GLOSSARY, glossary
from socinvest.reports.html_report import render_html
from socinvest.reports.results_json import results_json
from socinvest.scenario.load import load_scenario

EXAMPLES = Path(__file__).resolve().parent.parent / "src" / "socinvest" / "data" / "examples"
NAMES = ("school-attendance", "family-home-school-support", "parenting-programme")


@cache
def _results(name: str) -> ScenarioResults:
    return analyse(load_scenario(EXAMPLES / f"{name}.yaml"))


@cache
def _case(name: str) -> Case:
    scenario = load_scenario(EXAMPLES / f"{name}.yaml")
    return build_case(scenario, draws=0, created=dt.date(2026, 12, 6), results=_results(name))


# --- the split: random ledgers --------------------------------------------------------------

# A small tree: 0 kommun (root), 1-3 its committees, 4 a sub-unit of committee 1, 5 another
# root (region) whose flows must not enter the kommun's split.
IDS = ["kommun", "kommun.a", "kommun.b", "kommun.c", "kommun.a.x", "region"]
PARENTS = [-1, 0, 0, 0, 1, -1]

ledgers = hnp.arrays(
    np.float64,
    st.tuples(st.integers(1, 3), st.integers(1, 8), st.just(len(IDS)), st.integers(1, 3)),
    elements=st.floats(-1e7, 1e7, allow_nan=False, allow_infinity=False),
)


@settings(max_examples=60, deadline=None)
@given(delta=ledgers, seed=st.integers(0, 2**32 - 1))
def test_committees_sum_to_the_kommun_on_random_ledgers(delta: np.ndarray, seed: int) -> None:
    rng = np.random.default_rng(seed)
    programme = np.abs(delta) * rng.uniform(0, 1, size=delta.shape)
    factors = 1.035 ** -np.arange(delta.shape[1], dtype=float)
    split = split_ledger(delta, programme, IDS, PARENTS, factors)
    kommun = -delta.mean(axis=0)[:, [0, 1, 2, 3, 4], :].sum(axis=(1, 2))
    parts = sum((p.net for p in split.parts), np.zeros(delta.shape[1]))
    np.testing.assert_allclose(parts, kommun, rtol=1e-9, atol=1e-3)
    np.testing.assert_allclose(split.total.net, kommun, rtol=1e-9, atol=1e-3)
    assert sum(p.npv for p in split.parts) == pytest.approx(split.total.npv, rel=1e-9, abs=1e-3)
    # The sub-unit belongs to its committee, not to a part of its own; the region is outside.
    assert {p.payer for p in split.parts} <= {"kommun", "kommun.a", "kommun.b", "kommun.c"}
    after = split.after_transfers()
    assert sum(after.values()) == pytest.approx(split.total.npv, rel=1e-9, abs=1e-3)
    if split.whole:
        assert all(v >= -1e-6 * max(1.0, abs(split.total.npv)) for v in after.values())
    else:
        assert split.total.npv < 0 and not split.transfers


def test_proportional_transfer_by_hand() -> None:
    # School loses 6, social services gain 3 and labour market 1: the kommun loses 2.
    transfers, whole = proportional_transfers({"skola": -6.0, "soc": 3.0, "am": 1.0})
    assert not whole and transfers == []
    # School loses 2, social services gain 3, labour market 1: 2 x 3/4 and 2 x 1/4.
    transfers, whole = proportional_transfers({"skola": -2.0, "soc": 3.0, "am": 1.0})
    assert whole
    paid = {(t.payer, t.recipient): t.amount for t in transfers}
    assert paid == {("soc", "skola"): pytest.approx(1.5), ("am", "skola"): pytest.approx(0.5)}
    # Nobody loses: nothing to transfer.
    assert proportional_transfers({"a": 1.0, "b": 0.0}) == ([], True)


# --- the split: examples --------------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_committees_sum_to_the_kommun_in_the_examples(name: str) -> None:
    results = _results(name)
    for comp in results.comparisons:
        split = committee_split(results.run, comp.alternative)
        kommun = comp.horizon["kommun"]
        assert sum(p.npv for p in split.parts) == pytest.approx(kommun.npv, rel=1e-9)
        assert sum(p.undiscounted for p in split.parts) == pytest.approx(
            kommun.undiscounted_net, rel=1e-9
        )
        assert split.total.npv == pytest.approx(kommun.npv, rel=1e-9)


def test_the_school_pays_and_social_services_gain_in_the_attendance_example() -> None:
    split = committee_split(_results("school-attendance").run, "attendance_team")
    npv = {p.payer: p.npv for p in split.parts}
    assert npv["kommun.skola"] < -5e6
    assert npv["kommun.socialtjanst"] > 0
    # The kommun as a whole loses, so the report says no transfer can leave all whole.
    assert not split.whole and not split.transfers
    case = _case("school-attendance")
    sv = " ".join(split_sentences(case, split, "sv"))
    en = " ".join(split_sentences(case, split, "en"))
    assert "Skolan betalar netto" in sv and "socialtjänsten får tillbaka netto" in sv
    assert "ingen överföring" in sv
    assert "the net cost to School is" in en and "no transfer" in en


def test_no_transfer_when_no_committee_loses() -> None:
    # The indicated parenting programme: social services pay for it and gain more; the
    # school gains too, so every committee is whole without a transfer.
    results = _results("parenting-programme")
    split = committee_split(results.run, "indicated")
    assert split.total.npv > 0 and split.whole
    assert not split.losers and not split.transfers
    case = _case("parenting-programme")
    assert "No committee loses; in present value up to" in " ".join(
        split_sentences(case, split, "en")
    )


# --- participants ---------------------------------------------------------------------------


def test_participants_by_hand() -> None:
    scenario = _results("parenting-programme").scenario
    universal = participants(scenario, "universal")
    # 1000 four-year-olds a year for 5 years, all offered, 30 % take part.
    assert universal.children == 5000
    assert universal.offered == pytest.approx(5000)
    assert universal.participating == pytest.approx(1500)
    assert universal.participation == 0.3 and universal.universal_offer
    indicated = participants(scenario, "indicated")
    # Only the 3.23 % at risk are offered, and all take part.
    assert indicated.offered == pytest.approx(5000 * 0.0323)
    assert indicated.participating == pytest.approx(indicated.offered)
    assert not indicated.universal_offer
    school = participants(_results("school-attendance").scenario, "attendance_team")
    assert (school.children, school.offered, school.participating) == (100, 100, 100)
    # The comparison offers nobody anything: no participants, no per-head figures.
    nobody = participants(scenario, "as_today")
    assert (nobody.offered, nobody.participating) == (0.0, 0.0)
    with pytest.raises(ValueError, match="not an alternative of the scenario"):
        participants(scenario, "nope")


@pytest.mark.parametrize("name", NAMES)
def test_per_participant_times_participants_is_the_total(name: str) -> None:
    results = _results(name)
    tree = results.compiled.payers
    scopes = [*tree.top_level, "public_finances", "socio_economic"]
    for comp in results.comparisons:
        counted = participants(results.scenario, comp.alternative)
        figures = per_participant(comp, counted, scopes)
        for scope in scopes:
            head, offered = figures[scope]
            assert head is not None
            m = comp.horizon[scope]
            assert head.times(counted.participating) == pytest.approx(
                (m.pv_costs, m.pv_benefits, m.npv, m.undiscounted_net), rel=1e-12, abs=1e-6
            )
            if counted.universal_offer:
                assert offered is not None
                assert offered.net * counted.offered == pytest.approx(m.npv, rel=1e-12)
            else:
                assert offered is None


def test_per_participant_by_hand() -> None:
    # Attendance team: 100 pupils; the kommun's present values divided by 100.
    comp = _results("school-attendance").comparison_for("attendance_team")
    counted = participants(_results("school-attendance").scenario, "attendance_team")
    head = per_participant(comp, counted, ["kommun"])["kommun"][0]
    assert head is not None
    assert head.costs == pytest.approx(comp.horizon["kommun"].pv_costs / 100)
    assert head.net == pytest.approx(comp.horizon["kommun"].npv / 100)


def test_participation_is_validated(tmp_path: Path) -> None:
    text = (EXAMPLES / "parenting-programme.yaml").read_text(encoding="utf-8")
    bad = text.replace("participation: 0.3", "participation: 30")
    assert bad != text
    path = tmp_path / "bad.yaml"
    path.write_text(bad, encoding="utf-8")
    with pytest.raises(InputError, match="participation") as error:
        load_scenario(path)
    assert "bad.yaml" in str(error.value)


# --- the report, the JSON and the workbook --------------------------------------------------


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_report_shows_committees_participants_and_glossary(lang: str) -> None:
    case = _case("school-attendance")
    page = render_html(case, lang)
    assert 'id="between-committees"' in page and 'id="per-participant"' in page
    assert 'id="glossary"' in page and "chart-committees" in page
    section = committees(case, lang, lambda c: c)
    assert section is not None and len(section["headings"]) >= 2
    line = page_one_line(case, lang)
    assert line is not None and "100" in line and line in page
    # The line sits on page 1, right after the key-figure cards.
    assert page.index(line) < page.index('id="full-case"')


def test_json_has_committees_and_participants() -> None:
    results = _results("parenting-programme")
    data = results_json(results)
    universal = next(a for a in data["alternatives"] if a["id"] == "universal")
    block = universal["vs_comparison"]
    parts = block["committees"]["parts"]
    assert sum(p["npv"] for p in parts) == pytest.approx(block["npv"]["by_payer"]["kommun"])
    p = block["participants"]
    assert (p["offered"], p["participating"], p["participation"]) == (
        pytest.approx(5000),
        pytest.approx(1500),
        0.3,
    )
    total = block["npv"]["by_perspective"]["socio_economic"]
    assert p["per_participant"]["socio_economic"]["npv"] * 1500 == pytest.approx(total)
    assert p["per_offered"]["socio_economic"]["npv"] * 5000 == pytest.approx(total)


def test_workbook_has_the_committee_sheet(tmp_path: Path) -> None:
    case = _case("school-attendance")
    path = tmp_path / "book.xlsx"
    write_workbook(case, path, "sv")
    book = load_workbook(io.BytesIO(path.read_bytes()))
    sheet = book["Nämnder"]
    cells = [c for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    assert any(c.value.startswith("=SUM(") for c in cells)
    assert any("/$B$" in c.value for c in cells if c.value.startswith("="))


# --- glossary ------------------------------------------------------------------------------

TERMS = {
    "sv": [
        "Nettonuvärde (NNV)",
        "Nuvärde",
        "Odiskonterat",
        "Nytta/kostnad-kvot",
        "Diskonteringsränta",
        "Återbetalningstid",
        "Sannolikhet för vinst",
        "EVPI",
        "CEAC",
        "Tornado",
        "Break-even",
        "Typfall",
        "Halvcykelkorrektion",
        "Mandatperiod",
        "Transfereringar",
        "Samhällsekonomiskt perspektiv",
        "Offentligfinansiellt perspektiv",
    ],
    "en": [
        "Net present value (NPV)",
        "Present value",
        "Undiscounted",
        "Benefit-cost ratio",
        "Discount rate",
        "Payback period",
        "Probability of a gain",
        "EVPI",
        "CEAC",
        "Tornado",
        "Break-even",
        "Typfall",
        "Half-cycle correction",
        "Term of office",
        "Transfers",
        "Socio-economic perspective",
        "Public finances perspective",
    ],
}


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_every_term_is_in_the_glossary(lang: str) -> None:
    entries = glossary(lang)
    assert len(entries) == len(GLOSSARY)
    terms = [e["term"] for e in entries]
    for term in TERMS[lang]:
        assert any(t.startswith(term) for t in terms), term
    if lang == "sv":
        # Translated: no entry left in English.
        english = glossary("en")
        assert all(a["text"] != b["text"] for a, b in zip(entries, english, strict=True))
    page = render_html(_case("family-home-school-support"), lang)
    glossary_part = page[page.index('id="glossary"') : page.index('id="appendix"')]
    for e in entries:
        assert e["term"].replace("&", "&amp;") in glossary_part


def test_workbook_committee_present_values_recalculate(tmp_path: Path) -> None:
    """Recalculated by an independent evaluator (``formulas``), the committee sheet's present
    values equal the engine's, and they move with the discount-rate cell."""
    import formulas

    from socinvest.analysis.committees import committee_split as split_of

    case = _case("school-attendance")
    path = tmp_path / "book.xlsx"
    write_workbook(case, path, "en")
    sheet = load_workbook(path)["Committees"]
    npv_row = next(r for r in sheet.iter_rows() if r[0].value == "NPV")
    cells = [c.coordinate for c in npv_row[2:] if c.value]
    model = formulas.ExcelModel().loads(str(path)).finish()
    solution = model.calculate()

    def value(sol: object, cell: str) -> float:
        key = f"'[{path.name}]COMMITTEES'!{cell}"
        return float(np.asarray(sol[key].value).ravel()[0])  # type: ignore[index]

    split = split_of(case.results.run, case.alternative)
    expected = [p.npv for p in split.parts] + [split.total.npv]
    assert len(cells) == len(expected)
    for cell, npv in zip(cells, expected, strict=True):
        assert value(solution, cell) == pytest.approx(npv, abs=1.0)
    # The kommun's column is the sum of the committees, also recalculated.
    assert value(solution, cells[-1]) == pytest.approx(
        sum(value(solution, c) for c in cells[:-1]), abs=1.0
    )
    # At 5 %, the present values are the yearly nets discounted at 5 %.
    target = load_workbook(path).defined_names["DiscountRate"].attr_text
    rate_sheet, rate_cell = target.rsplit("!", 1)
    key = f"'[{path.name}]{rate_sheet.strip(chr(39)).upper()}'!{rate_cell.replace('$', '')}"
    moved = model.calculate(inputs={key: 0.05})
    timing = case.results.scenario.analysis.timing
    factors = discount_factors(0.05, len(case.years), timing)
    before = value(solution, cells[-1])
    assert value(moved, cells[-1]) == pytest.approx(float(split.total.net @ factors), abs=1.0)
    assert abs(value(moved, cells[-1]) - before) > 1.0
