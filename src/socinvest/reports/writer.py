"""Write a report of a case in the format its file name asks for.

``.html`` (or ``.htm``): the self-contained HTML report; ``.pdf``: the same through
WeasyPrint; ``.xlsx``: the Excel workbook with live formulas. Each writer is imported only
when it is used, so a missing optional system library (Pango for WeasyPrint) only affects
the format that needs it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from socinvest.atomic_files import atomic_path

if TYPE_CHECKING:  # annotations only: `run` imports report_format from here, and the case's
    # module brings in every analysis of the report.
    from socinvest.analysis.case import Case

REPORT_FORMATS: dict[str, str] = {".html": "html", ".htm": "html", ".pdf": "pdf", ".xlsx": "xlsx"}
"""File name suffix -> report format."""


def report_format(path: Path) -> str | None:
    """The format of the report ``path`` asks for, or ``None`` for an unknown suffix."""
    return REPORT_FORMATS.get(path.suffix.lower())


def write_report(case: Case, path: Path, lang: str) -> str:
    """Write the report of ``case`` to ``path`` in ``lang``; returns the format written.

    Raises
    ------
    ValueError
        For a file name whose suffix is not one of :data:`REPORT_FORMATS`.
    OSError
        When the file cannot be written.
    """
    kind = report_format(path)
    if kind is None:
        raise ValueError(f"a report file must end in .html, .pdf or .xlsx, found {path.name!r}")
    # Written beside the target and renamed into place: a reader sees the previous report
    # or the complete new one, and an error or interrupt leaves no partial file.
    with atomic_path(path) as temporary:
        if kind == "html":
            from socinvest.reports.html_report import write_html

            write_html(case, temporary, lang)
        elif kind == "pdf":
            from socinvest.reports.pdf_report import write_pdf

            write_pdf(case, temporary, lang)
        else:
            from socinvest.reports.excel_workbook import write_workbook

            write_workbook(case, temporary, lang)
    return kind
