"""``socinvest report`` and ``socinvest run --report`` through the real entry point: HTML, PDF
(its text read back with pdftotext) and Excel, and bad file names refused before any work."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from clitools import run_cli
from socinvest.analysis.case import Case, build_case
from socinvest.i18n import translator
from socinvest.reports.formatting import money, rounded_money
from socinvest.scenario.load import example_text, parse_scenario

DRAWS = 100


@pytest.fixture(scope="module")
def case() -> Case:
    """The case the command builds for the default example with ``--draws 100``."""
    scenario = parse_scenario(example_text("parenting-programme"), "parenting-programme")
    return build_case(scenario, draws=DRAWS)


def _plain(text: str) -> str:
    """Text with every kind of space made one plain space (pdftotext keeps no-break spaces)."""
    return " ".join(text.replace("\xa0", " ").replace("\u202f", " ").split())


@pytest.mark.parametrize(
    ("argv", "option"),
    [
        (("report", "--out", "rapport.docx"), "--out"),
        (("run", "--report", "rapport.txt"), "--report"),
    ],
)
def test_unknown_report_suffix_is_refused_before_any_analysis(
    tmp_path: Path, argv: tuple[str, ...], option: str
) -> None:
    result = run_cli(*argv, cwd=tmp_path)
    assert result.returncode == 2, result.describe()
    assert option in result.stderr
    assert "väntade ett filnamn som slutar på .html, .pdf eller .xlsx" in result.stderr
    assert "Traceback" not in result.output
    assert list(tmp_path.iterdir()) == []
    english = run_cli(*argv, "--lang", "en", cwd=tmp_path)
    assert "expected a file name ending in .html, .pdf or .xlsx" in english.stderr


def test_unwritable_report_file_names_the_option(tmp_path: Path) -> None:
    result = run_cli(
        "report", "--out", str(tmp_path / "no-such-folder" / "r.html"), "--draws", "0", cwd=tmp_path
    )
    assert result.returncode == 2, result.describe()
    assert "--out" in result.stderr and "Traceback" not in result.output


def test_html_report_of_the_default_example(tmp_path: Path, case: Case) -> None:
    result = run_cli("report", "--draws", str(DRAWS), cwd=tmp_path)
    assert result.returncode == 0, result.describe()
    path = tmp_path / "socinvest-rapport.html"
    assert "Rapporten är skriven till socinvest-rapport.html" in result.stdout
    html = path.read_text(encoding="utf-8")
    assert html.lstrip().lower().startswith("<!doctype html>")
    npv = case.results.comparison_for(case.alternative).horizon["socio_economic"].npv
    assert money(npv, "sv") in html


def test_run_with_report_prints_the_results_and_writes_the_report(tmp_path: Path) -> None:
    result = run_cli("run", "--report", "kalkyl.xlsx", "--lang", "en", cwd=tmp_path)
    assert result.returncode == 0, result.describe()
    assert "NPV" in result.stdout
    assert "Report written to kalkyl.xlsx" in result.stdout
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.load_workbook(tmp_path / "kalkyl.xlsx")
    assert len(book.sheetnames) >= 3


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs pdftotext (poppler-utils)")
def test_pdf_report_pages_and_text(tmp_path: Path, case: Case) -> None:
    """Page 1 of the PDF is the decision maker's summary, whole: the kommun's NPV, its budget
    per year, who else gains, when it pays back, the probability of a gain and the children.
    The full case starts on a later page, and the appendix has the scenario and
    parameter hashes; the text can be extracted."""
    _ = translator("en")
    result = run_cli(
        "report", "--out", "report.pdf", "--lang", "en", "--draws", str(DRAWS), cwd=tmp_path
    )
    assert result.returncode == 0, result.describe()
    pdf = tmp_path / "report.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    info = subprocess.run(
        ["pdfinfo", str(pdf)], capture_output=True, text=True, check=True, timeout=60
    ).stdout
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages")))
    assert pages >= 4

    def page_text(first: int, last: int) -> str:
        out = subprocess.run(
            ["pdftotext", "-layout", "-f", str(first), "-l", str(last), str(pdf), "-"],
            capture_output=True,
            text=True,
            check=True,
            timeout=60,
        ).stdout
        return _plain(out)

    first = page_text(1, 1)
    comparison = case.results.comparison_for(case.alternative)
    # Page 1 is for the decision maker, the kommun by default: its NPV rounded, then who
    # else gains, the socio-economic result among them.
    assert _plain(rounded_money(comparison.horizon["kommun"].npv, "en")) in first
    assert _plain(rounded_money(comparison.horizon["socio_economic"].npv, "en")) in first
    on_page_one = [
        _("Decision support for {payer}").format(payer="the municipality"),
        _("Summary for the committee"),
        _("What it costs {payer} per budget year").format(payer="the municipality"),
        _("Who else gains, and the whole"),
        _("When it pays back"),
        _("Probability of a gain for {payer}").format(payer="the municipality"),
        _("What it means for the children"),
    ]
    assert [heading for heading in on_page_one if heading not in first] == []
    full_case = _("The full case")
    assert full_case not in first
    # The full case follows the summary (without a forced page break of its own, which
    # left most of a page empty).
    start = next((n for n in range(2, pages + 1) if full_case in page_text(n, n)), None)
    assert start is not None
    rest = page_text(2, pages)
    assert case.results.scenario_hash[:12] in rest
    assert case.results.parameter_hash[:12] in rest
