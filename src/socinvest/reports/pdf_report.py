"""The PDF report: the HTML report's templates, charts as inline SVG, printed by WeasyPrint.

WeasyPrint runs no JavaScript, so the charts come in as SVG drawn by vl-convert from the
same Vega-Lite specifications (``render_html(..., static_charts=True)``); the templates'
print stylesheet sets the A4 pages, page numbers and the page breaks that keep charts and
tables whole.
"""

from __future__ import annotations

import logging
from pathlib import Path

from socinvest.analysis.case import Case
from socinvest.analysis.errors import OptionError
from socinvest.i18n import N_
from socinvest.params.errors import Message
from socinvest.reports.html_report import render_html


def _local_only(url: str, *args: object, **kwargs: object) -> dict[str, object]:
    """WeasyPrint's URL fetcher, for ``data:`` URLs only: the report fetches nothing from
    outside (no network at run time)."""
    from weasyprint import default_url_fetcher

    if not url.startswith("data:"):
        raise ValueError(f"the PDF report loads nothing from outside the file, found {url}")
    fetched: dict[str, object] = default_url_fetcher(url)
    return fetched


def pdf_bytes(case: Case, lang: str) -> bytes:
    """The PDF report of ``case`` in ``lang``.

    Raises
    ------
    OptionError
        When WeasyPrint cannot load its system libraries (Pango), naming ``--out``.
    """
    try:
        from weasyprint import HTML
    except (ImportError, OSError) as exc:
        raise OptionError(
            "--out",
            Message.of(
                N_(
                    "the PDF report needs the optional extra 'pdf' (pip install "
                    "'socinvest[pdf]') and the Pango library (Debian: apt-get install "
                    "libpango-1.0-0 libpangoft2-1.0-0); write .html or .xlsx instead ({error})"
                ),
                error=f"{type(exc).__name__}: {exc}",
            ),
        ) from None

    # WeasyPrint logs every CSS property it does not support (e.g. the screen-only rules);
    # those are not the user's concern.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    document = HTML(
        string=render_html(case, lang, static_charts=True), base_url=None, url_fetcher=_local_only
    )
    data = document.write_pdf()
    if not isinstance(data, bytes):  # pragma: no cover - write_pdf() without a target
        raise TypeError("WeasyPrint returned no PDF")
    return data


def write_pdf(case: Case, path: Path, lang: str) -> None:
    """Write the PDF report of ``case`` to ``path``."""
    data = pdf_bytes(case, lang)
    path.write_bytes(data)
