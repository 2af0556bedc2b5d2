"""Choosing the report format from the file name, and the PDF back end as an optional extra."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from socinvest.analysis.case import Case, build_case
from socinvest.analysis.errors import OptionError
from socinvest.params.errors import Problem
from socinvest.reports.writer import report_format, write_report
from socinvest.scenario.load import example_text, parse_scenario


@pytest.fixture(scope="module")
def case() -> Case:
    scenario = parse_scenario(example_text("parenting-programme"), "parenting-programme")
    return build_case(scenario, draws=0)


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("r.html", "html"),
        ("R.HTM", "html"),
        ("kalkyl.pdf", "pdf"),
        ("kalkyl.xlsx", "xlsx"),
        ("r.docx", None),
        ("r", None),
    ],
)
def test_format_follows_the_file_ending(name: str, kind: str | None) -> None:
    assert report_format(Path(name)) == kind


def test_unknown_ending_is_refused_and_nothing_written(case: Case, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"\.html, \.pdf or \.xlsx"):
        write_report(case, tmp_path / "r.odt", "sv")
    assert list(tmp_path.iterdir()) == []


def test_pdf_without_weasyprint_names_the_extra(
    case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """WeasyPrint is an optional back end (DESIGN.md): without it, the PDF is refused with the
    extra to install, and nothing is written."""
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # makes `import weasyprint` fail
    with pytest.raises(OptionError, match=r"socinvest\[pdf\]") as error:
        write_report(case, tmp_path / "r.pdf", "sv")
    assert error.value.option == "--out"
    assert list(tmp_path.iterdir()) == []
    # The command line shows it in the user's language.
    problem = Problem.from_message(error.value.option, error.value.text)
    assert "kräver tillägget 'pdf'" in problem.message_in("sv")
    assert "needs the optional extra 'pdf'" in problem.message_in("en")


def test_analyses_left_out_without_draws_say_why_in_the_report_language(case: Case) -> None:
    from socinvest.reports.html_report import render_html

    assert set(case.skipped) == {"value_of_information", "comparison"}
    swedish = render_html(case, "sv")
    assert "den kräver en probabilistisk analys (--draws över 0)" in swedish
    assert "it needs a probabilistic analysis" not in swedish
    english = render_html(case, "en")
    assert "it needs a probabilistic analysis (--draws above 0)" in english
