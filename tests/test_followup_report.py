"""The follow-up report (issue 13 item 5) of a FollowUpResult built here with realistic figures:
a parenting programme for 120 children a year, followed up in 2025 and 2026.

HTML in Swedish and English: the figures as the formats give them (Swedish amounts with
non-breaking spaces), the flagged deviations marked in words and a symbol, the sentence on
page 1, no English label in the Swedish page. Excel: the derived figures are formulas, and an
independent evaluator (``formulas``) gets the values shown. PDF (once): the key figures as
text on page 1, no word outside its page. Browser (Debian's Chromium): nothing wider than the
screen at 390 and 1400 px, every chart drawn.
"""

from __future__ import annotations

import dataclasses
import math
import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import numpy as np
import openpyxl
import pytest
from babel.messages.extract import extract
from hypothesis import given
from hypothesis import strategies as st
from playwright.sync_api import ConsoleMessage, Page

from socinvest.analysis.followup_types import (
    AuditEntry,
    Deviation,
    EffectLink,
    EffectUpdate,
    EvsiPoint,
    EvsiResult,
    FollowUpPlan,
    FollowUpResult,
    ForecastSummary,
    IndicatorPlan,
)
from socinvest.i18n import catalogue
from socinvest.reports import followup_report, followup_text, followup_workbook, labels
from socinvest.reports.followup_charts import FLAG_MARK
from socinvest.reports.followup_report import followup_html, write_followup_report
from socinvest.reports.followup_text import change_summary, ratio_text
from socinvest.reports.formatting import money, percent, rounded_money

os.environ["TQDM_DISABLE"] = "1"  # before formulas is imported: no progress bars
formulas = pytest.importorskip("formulas")

LANGS = ("sv", "en")
NBSP = "\xa0"
LABELS = {"sv": {"parenting": "Föräldraskapsstöd"}, "en": {"parenting": "Parenting support"}}

PLANNED_COST = 2_400_000.0
ACTUAL_COST_2025 = 2_652_300.0
POSTERIOR = (-0.2951, 0.1261)
"""The posterior of the log odds ratio: the normal-normal combination of the study's
log(0.72) ± 0.14 and the local log(0.86) ± 0.29 (precision-weighted mean, 1/sd² = 1/0.14² +
1/0.29²)."""


def _deviation(
    period: str, item: str, planned: float, actual: float | None, flagged: bool, n: int | None
) -> Deviation:
    rel = None if actual is None else (actual - planned) / planned
    return Deviation(period, item, planned, actual, rel, flagged, n)


def _result() -> tuple[FollowUpResult, FollowUpPlan]:
    placed = IndicatorPlan(
        "placed",
        "Placerade utanför hemmet",
        "Placed out of home",
        "proportion",
        {"2025": 0.08, "2026": 0.07},
        EffectLink("parenting", 0),
    )
    plan = FollowUpPlan(
        periods=("2025", "2026"),
        reach={"2025": 120, "2026": 120},
        cost={
            year: {"kommun.socialtjanst": PLANNED_COST, "region.halso_sjukvard": 300_000.0}
            for year in ("2025", "2026")
        },
        indicators=(placed,),
        tolerance=0.10,
    )
    deviations = (
        _deviation("2025", "reach", 120, 104, True, None),
        _deviation("2025", "cost:kommun.socialtjanst", PLANNED_COST, ACTUAL_COST_2025, True, None),
        _deviation("2025", "cost:region.halso_sjukvard", 300_000, 287_450, False, None),
        _deviation("2025", "indicator:placed", 0.08, 0.0865, False, 104),
        _deviation("2026", "reach", 120, 118, False, None),
        _deviation("2026", "cost:kommun.socialtjanst", PLANNED_COST, 2_391_800, False, None),
        _deviation("2026", "cost:region.halso_sjukvard", 300_000, None, True, None),
        _deviation("2026", "indicator:placed", 0.07, 0.0932, True, 118),
    )
    prior_mean, prior_sd = math.log(0.72), 0.14
    local_mean, local_se = math.log(0.86), 0.29
    update = EffectUpdate(
        EffectLink("parenting", 0),
        "placed",
        "normal_log_ratio",
        "odds_ratio",
        prior_mean=prior_mean,
        prior_sd=prior_sd,
        local_mean=local_mean,
        local_se=local_se,
        posterior_mean=POSTERIOR[0],
        posterior_sd=POSTERIOR[1],
        events_intervention=21,
        n_intervention=222,
        events_comparison=26,
        n_comparison=231,
    )
    decided = (
        ForecastSummary("kommun", 1_842_500, -3_215_000, 7_460_000, 0.71),
        ForecastSummary("kommun.socialtjanst", -1_120_400, -4_980_000, 3_010_000, 0.31),
        ForecastSummary("region", 612_300, -150_000, 1_540_000, 0.86),
        ForecastSummary("public_finances", 4_905_800, -2_400_000, 13_100_000, 0.82),
        ForecastSummary("socio_economic", 9_713_200, -1_950_000, 22_800_000, 0.89),
    )
    updated = (
        ForecastSummary("kommun", 642_100, -4_310_000, 5_980_000, 0.57),
        ForecastSummary("kommun.socialtjanst", -1_905_700, -5_720_000, 2_150_000, 0.22),
        ForecastSummary("region", 455_900, -260_000, 1_320_000, 0.79),
        ForecastSummary("public_finances", 3_212_600, -3_600_000, 10_900_000, 0.71),
        ForecastSummary("socio_economic", 7_402_000, -3_100_000, 19_600_000, 0.83),
    )
    population = 2_400
    points = tuple(
        EvsiPoint(n, 3, per_person, per_person * population, cost, per_person * population - cost)
        for n, per_person, cost in (
            (50, 310.0, 450_000.0),
            (100, 520.0, 700_000.0),
            (200, 760.0, 1_200_000.0),
            (400, 905.0, 2_200_000.0),
        )
    )
    evsi = EvsiResult(points, 200, 1_240.0, population, "kommun")
    audit = (
        AuditEntry(
            datetime(2026, 3, 2, 15, 45, tzinfo=UTC),
            "erik.lund",
            "update",
            "plan",
            "fp-2025",
            '{"reach": 120, "tolerance": 0.1}',
            '{"reach": 120, "tolerance": 0.15}',
        ),
        AuditEntry(
            datetime(2025, 1, 14, 9, 30, tzinfo=UTC),
            "anna.berg",
            "decide",
            "investment",
            "fp-2025",
            None,
            '{"decided_on": "2025-01-14", "body": "Socialnämnden", "budget": 2700000}',
        ),
    )
    result = FollowUpResult(
        "Föräldraskapsstöd 2025–2027",
        "kommun",
        deviations,
        (update,),
        decided,
        updated,
        False,
        evsi,
        audit,
        500,
        20251,
    )
    return result, plan


@pytest.fixture(scope="module")
def followup() -> tuple[FollowUpResult, FollowUpPlan]:
    return _result()


@pytest.fixture(scope="module")
def pages(followup: tuple[FollowUpResult, FollowUpPlan]) -> dict[str, str]:
    """The HTML page in each language (charts as scripts, not drawn)."""
    result, plan = followup
    return {lang: followup_html(result, lang, labels=LABELS[lang], plan=plan) for lang in LANGS}


def _text(html: str) -> str:
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.DOTALL)
    return unescape(re.sub(r"<[^>]+>", " ", body))


def _rows(html: str) -> dict[tuple[str, str], str]:
    """The plan-against-actual rows: (period, item id) -> the row's HTML."""
    found = re.findall(
        r'<tr class="(?:flagged|ok)" data-item="([^"]+)" data-period="([^"]+)">(.*?)</tr>',
        html,
        flags=re.DOTALL,
    )
    return {(period, item): row for item, period, row in found}


# -- Formatting helpers -----------------------------------------------------------------------


def test_ratio_and_interval_of_the_posterior() -> None:
    # exp(-0.2951) = 0.7445; exp(-0.2951 ± 1.96 * 0.1261) = 0.5814 and 0.9531.
    assert ratio_text(*POSTERIOR, "sv") == "0,74 (0,58–0,95)"
    assert ratio_text(*POSTERIOR, "en") == "0.74 (0.58–0.95)"
    assert ratio_text(None, None, "sv") == "–"


@given(
    mean=st.floats(min_value=-3, max_value=3, allow_nan=False),
    sd=st.floats(min_value=0, max_value=2, allow_nan=False),
)
def test_the_ratio_lies_within_its_interval(mean: float, sd: float) -> None:
    low, high = followup_text.interval(mean, sd)
    assert low <= followup_text.ratio(mean) <= high
    assert math.isclose(math.log(high) - mean, mean - math.log(low), abs_tol=1e-9)


def test_change_summary() -> None:
    assert (
        change_summary(
            '{"reach": 120, "tolerance": 0.1}', '{"reach": 120, "tolerance": 0.15}', "sv"
        )
        == "tolerance: 0,1 → 0,15"
    )
    assert change_summary(None, '{"budget": 2700000}', "sv") == f"budget: 2{NBSP}700{NBSP}000"
    assert change_summary('{"a": 1}', '{"a": 1}', "en") == "no field changed"
    many = change_summary("{}", '{"a": 1, "b": 2, "c": 3, "d": 4, "e": 5, "f": 6}', "en")
    assert many == "a: – → 1; b: – → 2; c: – → 3; d: – → 4; 2 more"
    assert change_summary("plain text", None, "en") == "plain text → –"


# -- HTML --------------------------------------------------------------------------------------


def test_page_one_says_whether_the_case_holds(
    pages: dict[str, str], followup: tuple[FollowUpResult, FollowUpPlan]
) -> None:
    sv, en = _text(pages["sv"]), _text(pages["en"])
    assert (
        f"Kalkylen håller inte längre för kommunen: den uppdaterade prognosen för nettonuvärdet "
        f"är 642{NBSP}tkr med en sannolikhet för vinst på 57{NBSP}%, mot 1,8{NBSP}mnkr och "
        f"71{NBSP}% när den beslutades." in " ".join(sv.split(" "))
    )
    assert "The case no longer holds for the municipality" in en
    assert f"SEK{NBSP}642,100" in en and "57%" in en
    # The sentence comes before the plan, the forecast, the EVSI and the audit trail.
    html = pages["sv"]
    order = [html.index(f'id="{s}"') for s in ("summary", "plan", "forecast", "evsi", "audit")]
    assert order == sorted(order)
    result, plan = followup
    holding = dataclasses.replace(result, case_holds=True)
    assert "Kalkylen håller fortfarande för kommunen" in followup_html(holding, "sv", plan=plan)


@pytest.mark.parametrize("lang", LANGS)
def test_the_figures_are_formatted_as_the_model_gives_them(
    pages: dict[str, str], lang: str
) -> None:
    html = pages[lang]
    rows = _rows(html)
    cost = rows["2025", "cost:kommun.socialtjanst"]
    assert money(PLANNED_COST, lang) in cost and money(ACTUAL_COST_2025, lang) in cost
    assert "+" + money(ACTUAL_COST_2025 - PLANNED_COST, lang) in cost
    assert "+" + percent((ACTUAL_COST_2025 - PLANNED_COST) / PLANNED_COST, lang) in cost
    if lang == "sv":
        assert f"2{NBSP}400{NBSP}000{NBSP}kr" in cost and f"+10,5{NBSP}%" in cost
        # A share in per cent and its deviation in percentage points.
        placed = rows["2026", "indicator:placed"]
        assert f"9,3{NBSP}%" in placed and "+2,3 procentenheter" in placed
    else:
        assert "SEK\xa02,400,000" in cost and "+10.5%" in cost
    reach = rows["2025", "reach"]
    assert "104" in reach and "−16" in reach
    # Forecast per payer and perspective, EVSI and the effect.
    assert money(-1_905_700, lang) in html and money(7_402_000, lang) in html
    assert money(624_000, lang) in html  # the net benefit at the optimal size
    assert ratio_text(*POSTERIOR, lang) in html
    assert rounded_money(1_824_000, lang) in html  # EVSI for the population at n = 200
    assert ("Föräldraskapsstöd, effekt 1" if lang == "sv" else "Parenting support, effect 1") in (
        html
    )


@pytest.mark.parametrize("lang", LANGS)
def test_flagged_deviations_are_marked_in_words_not_colour_alone(
    pages: dict[str, str], followup: tuple[FollowUpResult, FollowUpPlan], lang: str
) -> None:
    result, _plan = followup
    rows = _rows(pages[lang])
    assert len(rows) == len(result.deviations)
    word = {"sv": ("avvikelse", "inte rapporterad"), "en": ("deviation", "not recorded")}[lang]
    within = {"sv": "inom plan", "en": "within plan"}[lang]
    for d in result.deviations:
        status = re.search(r'<td class="status">(.*?)</td>', rows[d.period, d.item])
        assert status is not None
        if d.flagged:
            expected = word[1] if d.actual is None else word[0]
            assert status.group(1) == f"{FLAG_MARK} {expected}", d
        else:
            assert status.group(1) == within, d
    # The card on page 1 counts them.
    assert ("4 av 8" if lang == "sv" else "4 of 8") in pages[lang]


class _SwedishText(HTMLParser):
    """The page's text outside style, script and marked quotations (``lang`` not sv)."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[bool] = []
        self.parts: list[str] = []

    VOID = frozenset({"br", "meta", "img", "hr", "input", "link", "col", "wbr"})

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.VOID:
            return
        found = dict(attrs)
        quoted = found.get("lang") not in (None, "sv") or "lang-mark" in (found.get("class") or "")
        hidden = tag in ("style", "script", "title")
        self.stack.append(bool(self.stack and self.stack[-1]) or quoted or hidden)

    def handle_endtag(self, tag: str) -> None:
        if tag not in self.VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        if not (self.stack and self.stack[-1]):
            self.parts.append(data)


def _english_labels() -> set[str]:
    """English labels of the report (its modules, its template, and labels.py) whose Swedish
    differs: every message without a placeholder of at most four words, and every text
    constant of the modules."""
    sv = catalogue("sv")
    found: set[str] = set()
    folder = Path(followup_report.__file__).parent
    sources = [
        (folder / "templates" / "followup.html", "jinja2.ext:babel_extract"),
        *((Path(m.__file__ or ""), "python") for m in (followup_text, followup_workbook)),
        (Path(followup_report.__file__), "python"),
    ]
    for path, method in sources:
        with path.open("rb") as handle:
            for _line, message, _comments, _context in extract(
                method, handle, keywords={"_": None, "N_": None}
            ):
                short = isinstance(message, str) and len(message.split()) <= 4
                if short and "{" not in message and sv.get(message, message) != message:
                    found.add(message)
    for module in (labels, followup_text, followup_workbook, followup_report):
        for value in vars(module).values():
            texts: list[str] = []
            if isinstance(value, dict) and all(isinstance(v, str) for v in value.values()):
                texts = list(value.values())
            elif isinstance(value, tuple) and all(isinstance(v, str) for v in value):
                texts = list(value)
            elif isinstance(value, tuple) and all(
                isinstance(v, tuple) and all(isinstance(x, str) for x in v) for v in value
            ):
                texts = [x for v in value for x in v]
            elif isinstance(value, str):
                texts = [value]
            found |= {t for t in texts if sv.get(t, t) != t and len(t) >= 3 and "{" not in t}
    return found


def test_the_swedish_page_has_no_english_label(pages: dict[str, str]) -> None:
    english = _english_labels()
    assert {"within plan", "Planned", "Children measured", "odds ratio", "Audit trail"} <= english
    parser = _SwedishText()
    parser.feed(pages["sv"])
    text = " ".join(" ".join(parser.parts).split())
    found = sorted(
        label
        for label in english
        if re.search(r"(?<![\w.])" + re.escape(label) + r"(?![\w.])", text)
    )
    assert not found, found
    # The sources are quoted in English, marked so.
    assert '<span class="lang-mark">(på engelska)</span>' in pages["sv"]


def test_the_format_follows_the_suffix(
    followup: tuple[FollowUpResult, FollowUpPlan], tmp_path: Path
) -> None:
    result, plan = followup
    write_followup_report(result, tmp_path / "r.htm", lang="en", plan=plan)
    assert (tmp_path / "r.htm").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    write_followup_report(result, tmp_path / "r.bin", lang="en", fmt="xlsx")
    assert (tmp_path / "r.bin").read_bytes()[:2] == b"PK"
    with pytest.raises(ValueError, match=r"\.html, \.pdf or \.xlsx"):
        write_followup_report(result, tmp_path / "r.docx", lang="en")
    assert not (tmp_path / "r.docx").exists()


# -- Excel -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def workbook(
    followup: tuple[FollowUpResult, FollowUpPlan], tmp_path_factory: pytest.TempPathFactory
) -> Path:
    result, plan = followup
    path = tmp_path_factory.mktemp("followup-xlsx") / "uppfoljning.xlsx"
    write_followup_report(result, path, lang="sv", labels=LABELS["sv"], plan=plan)
    return path


def _recalculated(path: Path) -> dict[tuple[str, str], Any]:
    """Every formula cell's value as ``formulas`` computes it: (sheet, cell) -> value."""
    model = formulas.ExcelModel().loads(str(path)).finish()
    solution = model.calculate()
    out: dict[tuple[str, str], Any] = {}
    for key, value in solution.items():
        match = re.fullmatch(r"'\[[^\]]+\](.+)'!([A-Z]+\d+)", key)
        if match:
            out[match.group(1), match.group(2)] = np.asarray(value.value).ravel()[0]
    return out


def test_the_workbook_derives_its_figures_with_formulas(
    workbook: Path, followup: tuple[FollowUpResult, FollowUpPlan]
) -> None:
    result, _plan = followup
    book = openpyxl.load_workbook(workbook)
    assert book.sheetnames == ["Plan mot utfall", "Prognos", "Effekter", "EVSI", "Ändringslogg"]
    values = _recalculated(workbook)
    plan_sheet = book["Plan mot utfall"]
    checked = 0
    for row in plan_sheet.iter_rows(min_row=5):
        period, item = row[0].value, row[2].value
        d = next(x for x in result.deviations if (x.period, x.item) == (period, item))
        if d.actual is None:
            assert row[6].value == "–"
            continue
        assert d.planned is not None and d.relative is not None
        assert str(row[6].value).startswith("=") and str(row[7].value).startswith("=")
        got = values["PLAN MOT UTFALL", row[6].coordinate]
        assert math.isclose(got, d.actual - d.planned, rel_tol=1e-12, abs_tol=1e-12)
        rel = values["PLAN MOT UTFALL", row[7].coordinate]
        assert math.isclose(rel, d.relative, rel_tol=1e-12)
        checked += 1
    assert checked == 7
    forecast = book["Prognos"]
    updated = {s.scope: s for s in result.updated}
    for row in forecast.iter_rows(min_row=5):
        decided = next(s for s in result.decided if s.scope == row[1].value)
        assert row[2].value == decided.npv_mean and row[2].number_format == "#,##0"
        change = values["PROGNOS", row[10].coordinate]
        assert math.isclose(change, updated[decided.scope].npv_mean - decided.npv_mean)
    effects = book["Effekter"]
    assert math.isclose(values["EFFEKTER", "O5"], math.exp(POSTERIOR[0]))
    assert math.isclose(values["EFFEKTER", "P5"], math.exp(POSTERIOR[0] - 1.959964 * POSTERIOR[1]))
    assert effects["O5"].value == "=EXP(M5)"
    evsi = book["EVSI"]
    assert result.evsi is not None
    for i, p in enumerate(sorted(result.evsi.points, key=lambda p: p.n)):
        assert math.isclose(values["EVSI", f"F{5 + i}"], p.enbs)
    optimal_row = 5 + len(result.evsi.points) + 1
    assert str(evsi[f"D{optimal_row}"].value).startswith("=IF(MAX(")
    assert values["EVSI", f"D{optimal_row}"] == result.evsi.optimal_n == 200
    assert math.isclose(values["EVSI", f"D{optimal_row + 3}"], 1_240.0 * 2_400)
    audit = book["Ändringslogg"]
    assert [audit.cell(5 + i, 2).value for i in range(2)] == ["anna.berg", "erik.lund"]
    assert audit.cell(6, 8).value == "tolerance: 0,1 → 0,15"


# -- PDF ---------------------------------------------------------------------------------------


def _pdf_words(
    path: Path,
) -> list[tuple[float, float, list[tuple[str, float, float, float, float]]]]:
    done = subprocess.run(
        ["pdftotext", "-bbox-layout", str(path), "-"], capture_output=True, text=True, check=True
    )
    root = ET.fromstring(re.sub(r'\sxmlns="[^"]+"', "", done.stdout, count=1))
    pages = []
    for page in root.iter("page"):
        words = [
            (
                w.text or "",
                float(w.attrib["xMin"]),
                float(w.attrib["yMin"]),
                float(w.attrib["xMax"]),
                float(w.attrib["yMax"]),
            )
            for w in page.iter("word")
        ]
        pages.append((float(page.attrib["width"]), float(page.attrib["height"]), words))
    return pages


def test_the_pdf_holds_the_figures_within_its_pages(
    followup: tuple[FollowUpResult, FollowUpPlan], tmp_path: Path
) -> None:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    result, plan = followup
    path = tmp_path / "uppfoljning.pdf"
    write_followup_report(result, path, lang="sv", labels=LABELS["sv"], plan=plan)
    pages = _pdf_words(path)
    first = " ".join(w[0] for w in pages[0][2])
    assert "Kalkylen håller inte längre för kommunen" in first
    assert "642 tkr" in first and "1,8 mnkr" in first and "4 av 8" in first
    everything = " ".join(w[0] for _w, _h, words in pages for w in words)
    assert "2 652 300 kr" in everything and "624 000 kr" in everything
    assert "0,74 (0,58–0,95)" in everything
    margin = 5 / 25.4 * 72
    outside = [
        (number, text)
        for number, (width, height, words) in enumerate(pages, 1)
        for text, x0, y0, x1, y1 in words
        if x0 < margin or y0 < 0 or x1 > width - margin or y1 > height
    ]
    assert not outside, outside[:20]


# -- Browser -----------------------------------------------------------------------------------

CHARTS_WITH_MARKS = """
() => {
  const charts = Array.from(document.querySelectorAll(".chart"));
  return charts.length > 0 && charts.every(
    (c) => c.querySelector("svg g[class*='role-mark'] path, svg g[class*='role-mark'] line")
  );
}
"""


def test_the_html_fits_a_narrow_and_a_wide_screen(
    followup: tuple[FollowUpResult, FollowUpPlan], tmp_path: Path, page: Page
) -> None:
    result, plan = followup
    path = tmp_path / "uppfoljning.html"
    write_followup_report(result, path, lang="sv", labels=LABELS["sv"], plan=plan)
    errors: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            errors.append(message.text)

    page.on("console", on_console)
    page.on("pageerror", lambda error: errors.append(str(error)))
    for width in (390, 1400):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(path.as_uri())
        page.wait_for_function(CHARTS_WITH_MARKS, timeout=30_000)
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        inner_width = page.evaluate("window.innerWidth")
        wide = page.evaluate(
            """() => Array.from(document.querySelectorAll("body *"))
                .filter((e) => e.getBoundingClientRect().right > innerWidth + 1
                               && !e.closest(".table-scroll, .chart"))
                .slice(0, 5).map((e) => e.tagName + "." + e.className)"""
        )
        assert scroll_width <= inner_width, (width, scroll_width, wide)
        assert not wide, (width, wide)
        # A table box that scrolls takes the keyboard's focus (WCAG 2.1.1), so it can be
        # scrolled without a mouse; at 390 px the plan and forecast tables do scroll.
        scrolling = page.evaluate(
            """() => Array.from(document.querySelectorAll(".table-scroll"))
                .filter((e) => e.scrollWidth > e.clientWidth)
                .map((e) => [e.parentElement.id, e.tabIndex])"""
        )
        assert all(index >= 0 for _, index in scrolling), (width, scrolling)
        if width == 390:
            assert scrolling, "no table scrolls at 390 px: the check above checks nothing"
        sizes = page.evaluate(
            """() => Array.from(document.querySelectorAll(".chart svg")).map((s) => {
                 const box = s.getBoundingClientRect(); return [box.width, box.height]; })"""
        )
        assert len(sizes) == 4 and all(200 < w <= inner_width and h > 50 for w, h in sizes)
        page.screenshot(path=str(tmp_path / f"followup-sv-{width}.png"), full_page=True)
    assert not errors, errors
