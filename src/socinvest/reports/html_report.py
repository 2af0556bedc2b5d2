"""The self-contained HTML report of a :class:`~socinvest.analysis.case.Case`.

One file, nothing loaded from the network: the styles are in the page, the charts are
Vega-Lite specifications (:mod:`socinvest.reports.charts`) drawn in the browser by the
vendored Vega, Vega-Lite and Vega-Embed scripts (``reports/static/``, inlined once), or,
with ``static_charts=True`` (for the PDF, whose renderer runs no JavaScript), drawn as SVG
with vl-convert from the same specifications and inlined without any script.

Sections: the first page for the committee (cost, who pays and who gains, payback, the
probability of a gain, what it means for the children, in plain words), the full case
(assumptions, the life-course model, the yearly ledger, the NPV distribution, the tornado,
break-even, value of information, the right time, the alternatives compared), the cost of a
child, and the appendix (every parameter with its sources, version, hashes, seed, draws,
date). Every number comes from the case; the sections are built by
:mod:`~socinvest.reports.committee_page`, :mod:`~socinvest.reports.case_sections` and
:mod:`~socinvest.reports.appendix_sections` (texts in :mod:`~socinvest.reports.report_text`);
this module holds the page: the Jinja2 environment, the vendored scripts, the charts drawn
as SVG, and :func:`render_html`/:func:`write_html`. Every text goes through the gettext
catalogues (``socinvest.i18n``).
"""

from __future__ import annotations

import contextlib
import json
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import jinja2
from markupsafe import Markup

from socinvest.analysis.case import Case
from socinvest.i18n import translator
from socinvest.params.errors import Message
from socinvest.reports import (
    appendix_sections,
    case_sections,
    committee_page,
    committee_split,
    glossary,
)
from socinvest.reports.charts import PRINT_FONT, PRINT_FONT_FOLDERS, Chart
from socinvest.reports.labels import text_language
from socinvest.reports.report_text import SKIPPED_TEXT
from socinvest.reports.sharing_table import sharing_table
from socinvest.scenario.model import text_in

VENDORED: tuple[tuple[str, str, str], ...] = (
    ("vega.min.js", "vega", "6.2.0"),
    ("vega-lite.min.js", "vega-lite", "6.4.1"),
    ("vega-embed.min.js", "vega-embed", "7.0.2"),
)
"""The inlined scripts (file in ``reports/static/``, package, version); see its README."""

FORMAT_LOCALES: dict[str, Literal["sv-SE", "en-GB"]] = {"sv": "sv-SE", "en": "en-GB"}
"""d3-format locales of the chart axes (Swedish: decimal comma, non-breaking space)."""


def _json_script(data: Any) -> Markup:
    """JSON safe inside a ``<script>`` element (no ``<``, ``>`` or ``&`` left)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)


@cache
def vendored_javascript() -> str:
    """The Vega, Vega-Lite and Vega-Embed builds, concatenated for one ``<script>``."""
    folder = resources.files("socinvest.reports") / "static"
    parts = []
    for filename, package, version in VENDORED:
        text = (folder / filename).read_text(encoding="utf-8")
        parts.append(f"/* {package} {version} (BSD-3-Clause) */\n{text}")
    # A script element ends at the first "</script"; the builds contain none, but be sure.
    return "\n;\n".join(parts).replace("</script", "<\\/script")


@cache
def format_locale(lang: str) -> dict[str, Any]:
    """The d3-format locale of the charts (from vl-convert's bundled locales, no network)."""
    import vl_convert

    locale: dict[str, Any] = vl_convert.get_format_locale(FORMAT_LOCALES[lang])
    return locale


@cache
def _print_fonts() -> None:
    """Make the print font known to vl-convert (its folder, where the system has it)."""
    import vl_convert

    for folder in PRINT_FONT_FOLDERS:
        if Path(folder).is_dir():
            vl_convert.register_font_directory(folder)


def chart_svg(spec: dict[str, Any], lang: str) -> Markup:
    """A Vega-Lite specification drawn as SVG by vl-convert (for the PDF).

    The chart's text is measured and written in :data:`~socinvest.reports.charts.PRINT_FONT`,
    the font the PDF's stylesheet draws every text in: a label measured in one font and drawn
    in a wider one would run past the chart's edge.
    """
    import vl_convert

    _print_fonts()
    config = {**spec.get("config", {}), "font": PRINT_FONT}
    drawn = {**spec, "config": config}
    svg = str(vl_convert.vegalite_to_svg(drawn, format_locale=format_locale(lang)))
    return Markup(svg)


def screen_spec(spec: dict[str, Any]) -> dict[str, Any]:
    """The chart as the browser draws it: as wide as its container (the text column, or the
    screen on a phone), labels and legend included; the PDF keeps the fixed width."""
    if not isinstance(spec.get("width"), (int, float)):
        return spec
    return {**spec, "width": "container", "autosize": {"type": "fit-x", "contains": "padding"}}


NO_CACHE_VARIABLE = "SOCINVEST_NO_CACHE"
"""Set (to anything but empty) to compile the report's templates at every run instead of
keeping their compiled code between runs."""


class _BytecodeCache(jinja2.FileSystemBytecodeCache):
    """Jinja's file cache of compiled templates, for which an entry that cannot be written
    (a full disk, the folder removed meanwhile) is no entry rather than a failed report."""

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    """Jinja's own cache of compiled templates between runs (compiling the report's
    templates is about a tenth of a second): ``jinja2.FileSystemBytecodeCache`` in its default
    place, a folder of the user's own in the temporary directory (Jinja creates it readable
    by the user alone and refuses one that is not). An entry is used only for the same
    template source (Jinja compares a checksum of it) and the same Python and Jinja versions,
    and is written to a temporary file renamed into place; the compiled code is the one
    compiling gives, so the page is the same. ``None`` (no cache) when
    :data:`NO_CACHE_VARIABLE` is set or the folder cannot be made."""
    import os

    if os.environ.get(NO_CACHE_VARIABLE):
        return None
    try:
        return _BytecodeCache()
    except (OSError, RuntimeError):
        return None


@cache
def _environment() -> jinja2.Environment:
    """The Jinja2 environment of the report's templates (autoescaped, strict), with the
    compiled templates kept between runs (:func:`_bytecode_cache`)."""
    return jinja2.Environment(
        loader=jinja2.PackageLoader("socinvest.reports", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        bytecode_cache=_bytecode_cache(),
    )


def render_html(case: Case, lang: str, static_charts: bool = False) -> str:
    """The report of ``case`` as one self-contained HTML page.

    Parameters
    ----------
    case : Case
        From :func:`socinvest.analysis.case.build_case`.
    lang : str
        ``"sv"`` or ``"en"``.
    static_charts : bool
        Draw the charts as inline SVG (vl-convert) and include no script: for the PDF. By
        default the charts are drawn in the browser by the inlined Vega scripts.

    Returns
    -------
    str
        The HTML document.
    """
    _ = translator(lang)
    found: list[Chart] = []

    def add_chart(chart: Chart) -> Chart:
        if static_charts:
            drawn = chart.print_spec if chart.print_spec is not None else chart.spec
            chart = Chart(chart.id, chart.spec, chart_svg(drawn, lang), chart.print_spec)
        found.append(chart)
        return chart

    scenario = case.results.scenario
    context: dict[str, Any] = {
        "_": _,
        "lang": lang,
        "static": static_charts,
        "text_lang": text_language,
        "title": text_in(scenario.title, lang, scenario.id),
        "committee": committee_page.committee_summary(case, lang, add_chart),
        "assumptions": case_sections.assumptions(case, lang),
        "model": case_sections.model(case, lang),
        "ledger": case_sections.ledger(case, lang),
        "distribution": case_sections.distribution(case, lang, add_chart),
        "tornado": case_sections.tornado(case, lang, add_chart),
        "break_even": case_sections.break_even(case, lang),
        "voi": case_sections.value_of_information(case, lang),
        "timing": case_sections.timing(case, lang, add_chart),
        "alternatives": case_sections.alternatives(case, lang, add_chart),
        "cost_effectiveness": case_sections.cost_effectiveness(case, lang),
        "child_cost": appendix_sections.child_cost(case, lang, add_chart),
        "committees": committee_split.committees(case, lang, add_chart),
        "participants": committee_split.per_participant(case, lang),
        "participants_line": committee_split.page_one_line(case, lang),
        "sharing": sharing_table(case, lang),
        "glossary": glossary.glossary(lang),
        "appendix": appendix_sections.appendix(
            case, lang, [f"{package} {version}" for _f, package, version in VENDORED]
        ),
        "skipped": {
            # Catalogue messages (e.g. "needs draws") in the report's language; other
            # reasons are English text and come through unchanged.
            name: {
                "title": _(SKIPPED_TEXT.get(name, name)),
                "reason": reason.translate(_) if isinstance(reason, Message) else reason,
            }
            for name, reason in case.skipped.items()
        },
        "price_year": scenario.analysis.price_year,
        "created": case.created.isoformat(),
        "several": len(case.results.comparisons) > 1,
    }
    if not static_charts:
        context["vendor_js"] = Markup(vendored_javascript())
        context["specs_json"] = _json_script({c.id: screen_spec(c.spec) for c in found})
        context["locale_json"] = _json_script(format_locale(lang))
    template = _environment().get_template("report.html")
    return _scrolling_tables(template.render(context))


def _scrolling_tables(html: str) -> str:
    """Every table of the page (before its scripts) in a ``div.table-scroll``: a table wider
    than a narrow screen scrolls in its own box instead of widening the page. The box takes
    the keyboard's focus (``tabindex="0"``), so a table that scrolls can be scrolled without
    a mouse (WCAG 2.1.1; axe-core's rule ``scrollable-region-focusable``)."""
    cut = html.find("<script")
    page, scripts = (html, "") if cut < 0 else (html[:cut], html[cut:])
    page = page.replace("<table", '<div class="table-scroll" tabindex="0"><table').replace(
        "</table>", "</table></div>"
    )
    return page + scripts


def write_html(case: Case, path: Path, lang: str) -> None:
    """Write the report of ``case`` to ``path`` (UTF-8), all at once.

    Parameters
    ----------
    case : Case
        From :func:`socinvest.analysis.case.build_case`.
    path : Path
        The HTML file to write; its folder must exist.
    lang : str
        ``"sv"`` or ``"en"``.
    """
    text = render_html(case, lang)
    # reports.writer.write_report writes to a temporary file and renames it into place.
    path.write_text(text, encoding="utf-8")
