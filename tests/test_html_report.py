"""The self-contained HTML report, opened in a real browser (Debian's Chromium through
Playwright): every shipped example in both languages renders its charts without errors and
without requesting anything but the file itself; the static variant for the PDF has inline
SVG and no script."""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import ConsoleMessage, Page, Request

from socinvest.analysis.case import Case, build_case
from socinvest.i18n import catalogue
from socinvest.reports import html_report
from socinvest.reports.formatting import money
from socinvest.reports.html_report import VENDORED, render_html, write_html
from socinvest.scenario.load import example_text, parse_scenario

EXAMPLES = ("parenting-programme", "school-attendance", "family-home-school-support")
DRAWS = 200
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
REPORTS = Path(html_report.__file__).resolve().parent
CHART_TIMEOUT_MS = 30_000
REPORT_MODULES = (
    "html_report",
    "report_text",
    "committee_page",
    "case_sections",
    "appendix_sections",
    "cost_effectiveness_text",
    "uncertainty_text",
)
"""The modules whose messages the HTML report shows (besides its template)."""

SWEDISH_HEADINGS = (
    "Sammanfattning för nämnden",
    "Vem betalar och vem vinner",
    "När investeringen betalar sig",
    "Vad det betyder för barnen",
    "Det fullständiga underlaget",
    "Vad ett barn kostar",
    "Bilaga: parametrar och versioner",
)

ALL_CHARTS_DRAWN = """
() => {
  const charts = Array.from(document.querySelectorAll(".chart"));
  return charts.length > 0 && charts.every(
    (c) => c.querySelector("svg g[class*='role-mark'] path, svg g[class*='role-mark'] line")
  );
}
"""

MARKS_PER_CHART = """
() => Array.from(document.querySelectorAll(".chart")).map((c) => [
  c.id,
  c.querySelectorAll("svg g[class*='role-mark'] path, svg g[class*='role-mark'] line").length,
])
"""


@pytest.fixture(scope="module", params=EXAMPLES)
def example(request: pytest.FixtureRequest) -> tuple[str, Case]:
    """A shipped example and its case with a small number of draws (built once per module)."""
    name: str = request.param
    scenario = parse_scenario(example_text(name), f"{name}.yaml")
    return name, build_case(scenario, source=f"{name}.yaml", draws=DRAWS)


def _plain(text: str) -> str:
    """Every kind of space made one plain space."""
    return " ".join(text.replace("\xa0", " ").replace("\u202f", " ").split())


def _headline(case: Case, lang: str) -> str:
    return money(case.results.comparison_for(case.alternative).horizon[case.scope].npv, lang)


def _english_fragments() -> set[str]:
    """Pieces of the report's English messages (template and module) that a translated page
    must not contain: the text between placeholders, where it has at least three words."""
    sources = (REPORTS / "templates" / "report.html").read_text(encoding="utf-8")
    for module in REPORT_MODULES:
        sources += (REPORTS / f"{module}.py").read_text(encoding="utf-8")
    sources = re.sub(r'"\s*\n\s*"', "", sources)  # join implicitly concatenated strings
    sv = catalogue("sv")
    found = set()
    for msgid in re.findall(r'_\(\s*"([^"]+)"\s*\)', sources):
        if sv.get(msgid, msgid) == msgid:
            continue
        for piece in re.split(r"\{[^}]*\}", msgid):
            if len(piece.split()) >= 3:
                found.add(piece.strip())
    return found


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_report_renders_in_the_browser(
    example: tuple[str, Case], lang: str, page: Page, tmp_path: Path
) -> None:
    name, case = example
    path = tmp_path / f"{name}-{lang}.html"
    started = time.perf_counter()
    write_html(case, path, lang)
    errors: list[str] = []
    requests: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            errors.append(f"console: {message.text}")

    def on_request(request: Request) -> None:
        requests.append(request.url)

    page.on("console", on_console)
    page.on("pageerror", lambda error: errors.append(f"page error: {error}"))
    page.on("request", on_request)
    page.set_viewport_size({"width": 1100, "height": 900})
    page.goto(path.as_uri())
    page.wait_for_function(ALL_CHARTS_DRAWN, timeout=CHART_TIMEOUT_MS)

    marks: list[list[Any]] = page.evaluate(MARKS_PER_CHART)
    ids = {chart_id for chart_id, _count in marks}
    assert {"chart-npv-by-payer", "chart-payback", "chart-npv-distribution"} <= ids
    assert len(ids) >= 6, marks
    assert all(count > 0 for _id, count in marks), marks
    assert not errors, errors
    assert requests == [path.as_uri()], requests
    assert not [url for url in requests if url.startswith(("http:", "https:"))]

    text = _plain(page.inner_text("body"))
    assert _plain(_headline(case, lang)) in text
    assert page.get_attribute("html", "lang") == lang
    if lang == "sv":
        for heading in SWEDISH_HEADINGS:
            assert heading in text
        # Whole words only: "95% interval" is not English inside "95% intervall".
        untranslated = [
            piece
            for piece in _english_fragments()
            if re.search(rf"(?<!\w){re.escape(piece)}(?!\w)", text)
        ]
        assert not untranslated, untranslated
    else:
        assert "Summary for the committee" in text
        assert "Who pays and who gains" in text

    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / f"html-report-{name}-{lang}.png"
    page.screenshot(path=str(shot), full_page=True)
    print(f"screenshot: {shot} ({time.perf_counter() - started:.1f} s)")


def test_static_report_for_the_pdf_has_svg_and_no_script(example: tuple[str, Case]) -> None:
    _name, case = example
    html = render_html(case, "sv", static_charts=True)
    assert "<svg" in html
    assert "<script" not in html.lower()
    containers = re.findall(r'<div class="chart"[^>]*>(.{4})', html)
    assert containers and all(start == "<svg" for start in containers), containers
    assert _plain(_headline(case, "sv")) in _plain(html)
    # A print stylesheet for WeasyPrint.
    assert "@page" in html and "size: A4" in html and "counter(page)" in html
    assert "break-inside: avoid" in html and "break-before: page" in html


def test_nothing_is_loaded_from_outside_the_file(example: tuple[str, Case]) -> None:
    _name, case = example
    html = render_html(case, "en")
    scripts = re.findall(r"<script\b([^>]*)>", html)
    assert all("src" not in attributes for attributes in scripts), scripts
    # The vendored scripts are inlined once, then one script draws the charts.
    assert scripts.count("") == 2
    page = re.sub(r"<script\b[^>]*>.*?</script>", "", html, flags=re.DOTALL)
    assert not re.search(r"<(img|iframe|source|video|audio|embed)\b", page, re.IGNORECASE)
    assert not re.search(r"<link\b", page, re.IGNORECASE)
    assert not re.search(r"url\(|@import|@font-face", page, re.IGNORECASE)


def test_vendored_scripts_are_the_documented_versions() -> None:
    static = REPORTS / "static"
    readme = (static / "README.md").read_text(encoding="utf-8")
    for filename, package, version in VENDORED:
        assert (static / filename).stat().st_size > 10_000
        assert f"`{filename}`" in readme and version in readme
        assert (static / f"LICENSE-{package}.txt").exists()
    assert 'var n="6.4.1"' in (static / "vega-lite.min.js").read_text(encoding="utf-8")
