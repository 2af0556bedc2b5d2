"""Vega-Lite specifications of the report's charts, written as plain dictionaries.

One function per chart. Each takes plain rows (the numbers already taken from a
:class:`~socinvest.analysis.case.Case`) and translated titles, and returns the Vega-Lite
specification as a dictionary: the HTML report embeds it with Vega-Embed, the PDF draws the
same specification as SVG with vl-convert. The data are inlined in the specification
(``data.values``), so a chart never loads anything.

The specs are built without a plotting library (importing Altair and its checks took a good
part of a report's time); the tests check every spec the reports make against the Vega-Lite
JSON schema (see :data:`CHECK_SPEC`).

A section of the report wraps a specification in a :class:`Chart` (its container id on the
page, and the SVG when the charts are drawn for the PDF) and hands it to the page's
:data:`AddChart` hook.

Money on the axes is in millions of kronor (the caller divides by
:data:`MILLION`); the tooltips carry the exact amounts already formatted for the language.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

Spec = dict[str, Any]
Rows = Sequence[Mapping[str, Any]]

MILLION = 1_000_000.0
WIDTH = 560
"""Width of the plotting area in pixels (fits an A4 page with its margins)."""
NARROW_WIDTH = 250
"""Width of the plotting area of :func:`cumulative_net` drawn ``narrow``: at half the width
of the PDF's page, beside the bars on the committee's page."""
NARROW_HEIGHT = 145
"""Height of the plotting area of :func:`cumulative_net` drawn ``narrow``."""
NARROW_BAR_WIDTH = 170
"""Width of the bars of :func:`npv_by_payer` drawn ``narrow`` (the payers' names take the
rest of the half page)."""
NARROW_BAR_STEP = 22
"""Height of one bar of :func:`npv_by_payer` drawn ``narrow``."""
GAIN_COLOUR = "#2f7d4f"
COST_COLOUR = "#b5452f"
BAND_COLOUR = "#f1d9a6"
PAYER_LABEL_LIMIT = 240
"""Longest payer label in pixels before it is cut with an ellipsis: room for the longest
payer's name ("Övriga kommuner och regioner") in the print font."""
MONEY_FORMAT = ",~f"
"""Axis labels in millions without trailing zeros ("2", "2,5", not "2,0")."""
PRINT_FONT = "DejaVu Sans"
"""The PDF's one font (Debian: fonts-dejavu-core): its stylesheet draws the text in it and
vl-convert measures and writes the charts' text in it, so what was measured is what is
drawn."""
PRINT_FONT_FOLDERS = ("/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu")
"""Where the print font is looked for (besides the system's fonts vl-convert loads)."""


@dataclass(frozen=True)
class Chart:
    """One chart of the page: its container id, the Vega-Lite spec, (static) its SVG, and
    optionally a smaller spec of the same chart for print (drawn instead of ``spec`` when the
    charts are drawn as SVG for the PDF)."""

    id: str
    spec: dict[str, Any]
    svg: Markup | None = None
    print_spec: dict[str, Any] | None = None


AddChart = Callable[[Chart], Chart]
"""The page's hook for a section's chart: records it (and, for the PDF, draws its SVG)."""


SCHEMA_URL = "https://vega.github.io/schema/vega-lite/v6.4.1.json"
"""The Vega-Lite version the specs are written for: the one the HTML report inlines (see
``socinvest.reports.html_report.VENDORED``)."""

CHECK_SPEC: Callable[[Spec], None] | None = None
"""Called with every spec as it is made, if set. The specs are built by this package's own
code, so they are checked in the tests rather than at every run: tests/conftest.py sets this
to a validation against the Vega-Lite JSON schema for the whole suite, and
tests/test_chart_specs.py checks every chart of the reports."""


def _inline_data(rows: Rows) -> Spec:
    """Inline data (``data.values``) of a chart: a copy of each row."""
    return {"values": [dict(r) for r in rows]}


def _quantitative(field: str, **properties: Any) -> Spec:
    """An encoding channel showing a quantitative field (axis, scale, title: ``properties``)."""
    return {"field": field, "type": "quantitative", **properties}


def _nominal(field: str, **properties: Any) -> Spec:
    """An encoding channel showing a nominal (categorical) field."""
    return {"field": field, "type": "nominal", **properties}


def _ordinal(field: str, **properties: Any) -> Spec:
    """An encoding channel showing an ordinal field."""
    return {"field": field, "type": "ordinal", **properties}


def _secondary(field: str) -> Spec:
    """The second channel of a range (``x2``, ``y2``): the field where a bar or band ends."""
    return {"field": field}


def _mark(kind: str, **properties: Any) -> Spec:
    """A mark definition: its type (``"bar"``, ``"line"``, ...) and properties."""
    return {"type": kind, **properties}


def _unit(rows: Rows, mark: Spec, encoding: Spec, **properties: Any) -> Spec:
    """One layer of a chart: its inline data, mark and encoding (and e.g. transforms)."""
    return {"data": _inline_data(rows), "mark": mark, "encoding": encoding, **properties}


def _layer(*layers: Spec, **properties: Any) -> Spec:
    """Layers drawn on top of each other, the first at the bottom."""
    return {"layer": list(layers), **properties}


def _spec(chart: Spec) -> Spec:
    """The top-level spec of a chart (a unit or :func:`_layer`): its schema, the default view
    size of a chart without its own, and room at the edges."""
    spec: Spec = {
        "config": {"view": {"continuousWidth": 300, "continuousHeight": 300}},
        **chart,
        "$schema": SCHEMA_URL,
    }
    # Room at the edges: the PDF's fonts may be a little wider than those vl-convert measures.
    spec.setdefault("padding", {"left": 16, "right": 8, "top": 6, "bottom": 6})
    if CHECK_SPEC is not None:
        CHECK_SPEC(spec)
    return spec


def _axis(number_format: str, narrow: bool) -> Spec:
    """An axis with its labels' format; ``narrow``: labels that would overlap left out."""
    if narrow:
        return {"format": number_format, "labelOverlap": True, "labelSeparation": 6, "tickCount": 4}
    return {"format": number_format, "labelOverlap": True, "tickCount": 6}


def _zero_rule() -> Spec:
    """A vertical rule at x = 0."""
    return _unit(
        [{"zero": 0}], _mark("rule", color="#444", strokeWidth=1), {"x": _quantitative("zero")}
    )


def _zero_line(**mark: Any) -> Spec:
    """A horizontal rule at y = 0."""
    return _unit([{"zero": 0}], _mark("rule", color="#444", **mark), {"y": _quantitative("zero")})


def npv_by_payer(
    rows: Rows,
    *,
    x_title: str,
    payer_title: str,
    npv_title: str,
    narrow: bool = False,
) -> Spec:
    """Horizontal bars of the NPV per payer.

    Parameters
    ----------
    rows : sequence of mappings
        ``{"payer": label, "npv": NPV in millions, "text": formatted NPV}`` in the order the
        bars are drawn.
    x_title, payer_title, npv_title : str
        Axis title (millions of kronor) and tooltip titles.
    narrow : bool
        Drawn at half the page's width for print (:data:`NARROW_BAR_WIDTH`, thinner bars,
        axis labels that would overlap left out).
    """
    data = [{**r, "sign": "gain" if r["npv"] >= 0 else "cost"} for r in rows]
    bars = _unit(
        data,
        _mark("bar"),
        {
            "y": _nominal("payer", title=None, sort=None, axis={"labelLimit": PAYER_LABEL_LIMIT}),
            "x": _quantitative("npv", title=x_title, axis=_axis(MONEY_FORMAT, narrow)),
            "color": _nominal(
                "sign",
                scale={"domain": ["gain", "cost"], "range": [GAIN_COLOUR, COST_COLOUR]},
                legend=None,
            ),
            "tooltip": [
                _nominal("payer", title=payer_title),
                _nominal("text", title=npv_title),
            ],
        },
    )
    return _spec(
        _layer(
            bars,
            _zero_rule(),
            width=NARROW_BAR_WIDTH if narrow else WIDTH,
            height={"step": NARROW_BAR_STEP if narrow else 28},
        )
    )


def cumulative_net(
    rows: Rows,
    *,
    band: tuple[float, float],
    band_label: str,
    x_title: str,
    y_title: str,
    scope_title: str,
    narrow: bool = False,
) -> Spec:
    """Lines of the cumulative discounted net per scope over the calendar years, with the
    term of office as a shaded band.

    Parameters
    ----------
    rows : sequence of mappings
        ``{"year": int, "scope": label, "value": cumulative net in millions, "text":
        formatted amount}``.
    band : (float, float)
        First and last x of the term of office band.
    band_label : str
        Text written in the band (e.g. "Term of office").
    x_title, y_title, scope_title : str
        Axis titles and the legend's title.
    narrow : bool
        Drawn at half the page's width for print (:data:`NARROW_WIDTH` by
        :data:`NARROW_HEIGHT`): the legend under it in two columns, without its title,
        instead of beside it, and year labels that would overlap left out.
    """
    unzeroed = {"zero": False, "nice": False}
    shade = _unit(
        [{"start": band[0], "end": band[1], "label": band_label}],
        _mark("rect", color=BAND_COLOUR, opacity=0.6),
        {"x": _quantitative("start", scale=unzeroed), "x2": _secondary("end")},
    )
    text = _unit(
        [{"start": band[0], "label": band_label}],
        _mark("text", align="left", baseline="top", dx=4, dy=4, color="#6b5218"),
        {
            "x": _quantitative("start", scale=unzeroed),
            "y": {"value": 0},
            "text": _nominal("label"),
        },
    )
    colour = _nominal("scope", title=None if narrow else scope_title, sort=None)
    if narrow:
        colour["legend"] = {
            "orient": "bottom",
            "direction": "vertical",
            "columns": 2,
            "columnPadding": 14,
            "labelLimit": 200,
        }
    lines = _unit(
        rows,
        _mark("line", strokeWidth=2),
        {
            "x": _quantitative(
                "year", title=x_title, axis=_axis("d", narrow), scale=dict(unzeroed)
            ),
            "y": _quantitative(
                "value", title=y_title, axis={"format": MONEY_FORMAT, "tickCount": 5}
            ),
            "color": colour,
            "tooltip": [
                _nominal("scope", title=scope_title),
                _quantitative("year", title=x_title, format="d"),
                _nominal("text", title=y_title),
            ],
        },
    )
    layers = (shade, text, _zero_line(strokeWidth=1), lines)
    if narrow:
        # The legend's right column ends the drawing: room for the PDF's wider font.
        padding = {"left": 16, "right": 36, "top": 6, "bottom": 6}
        return _spec(_layer(*layers, width=NARROW_WIDTH, height=NARROW_HEIGHT, padding=padding))
    return _spec(_layer(*layers, width=WIDTH, height=300))


def npv_histogram(values: Sequence[float], *, x_title: str, y_title: str) -> Spec:
    """Histogram of the NPV of every draw (values in millions), with a rule at zero where
    zero lies among the draws (otherwise the axis is fitted to the draws alone, not
    stretched to zero)."""
    # Binned first, then drawn on an ordinary scale: the axis gets a few round ticks
    # instead of a label at every bin's edge.
    bars = _unit(
        [{"npv": float(v)} for v in values],
        _mark("bar", color="#4c78a8", orient="vertical"),
        {
            "x": _quantitative(
                "bin_start",
                title=x_title,
                axis=_axis(MONEY_FORMAT, narrow=False),
                scale={"zero": False},
            ),
            "x2": _secondary("bin_end"),
            "y": _quantitative("draws", title=y_title, axis={"tickCount": 5, "format": "d"}),
        },
        transform=[
            {"bin": {"maxbins": 40}, "field": "npv", "as": ["bin_start", "bin_end"]},
            {"aggregate": [{"op": "count", "as": "draws"}], "groupby": ["bin_start", "bin_end"]},
        ],
    )
    if values and min(values) <= 0.0 <= max(values):
        return _spec(_layer(bars, _zero_rule(), width=WIDTH, height=220))
    return _spec({**bars, "width": WIDTH, "height": 220})


def tornado(
    rows: Rows,
    *,
    base: float,
    x_title: str,
    side_title: str,
    value_title: str,
) -> Spec:
    """The tornado diagram: per parameter a bar from the base NPV to the NPV at its low and
    at its high value.

    Parameters
    ----------
    rows : sequence of mappings
        ``{"parameter": label, "side": "low"/"high" label, "npv": NPV in millions, "base":
        base NPV in millions, "value": formatted parameter value, "text": formatted NPV}``,
        largest swing first.
    base : float
        The base NPV in millions (a rule is drawn there).
    """
    order = list(dict.fromkeys(str(r["parameter"]) for r in rows))
    bars = _unit(
        rows,
        _mark("bar"),
        {
            "y": _nominal("parameter", title=None, sort=order, axis={"labelLimit": 260}),
            "x": _quantitative("npv", title=x_title, axis=_axis(MONEY_FORMAT, narrow=False)),
            "x2": _secondary("base"),
            "color": _nominal("side", title=side_title, sort=None),
            "tooltip": [
                _nominal("parameter"),
                _nominal("side", title=side_title),
                _nominal("value", title=value_title),
                _nominal("text", title=x_title),
            ],
        },
    )
    rule = _unit(
        [{"base": base}],
        _mark("rule", color="#222", strokeDash=[4, 3]),
        {"x": _quantitative("base")},
    )
    return _spec(_layer(bars, rule, width=WIDTH - 160, height={"step": 15}))


def timing_curve(
    rows: Rows, *, base_age: int, x_title: str, y_title: str, scope_title: str
) -> Spec:
    """NPV against the start age, one line per scope, with a rule at the scenario's age.

    ``rows``: ``{"age": int, "scope": label, "npv": NPV in millions, "text": formatted}``.
    """
    # A tick at each age computed, on both layers (the first layer's axis is the one
    # drawn): Vega's own ticks put half years between close ages, labelled as whole ones
    # twice.
    ages = {"format": "d", "values": sorted({int(r["age"]) for r in rows})}
    lines = _unit(
        rows,
        _mark("line", point=True),
        {
            "x": _quantitative("age", title=x_title, axis=ages, scale={"zero": False}),
            "y": _quantitative("npv", title=y_title, axis={"format": MONEY_FORMAT, "tickCount": 5}),
            "color": _nominal("scope", title=scope_title, sort=None),
            "tooltip": [
                _nominal("scope", title=scope_title),
                _quantitative("age", title=x_title),
                _nominal("text", title=y_title),
            ],
        },
    )
    rule = _unit(
        [{"age": base_age}],
        _mark("rule", color="#888", strokeDash=[4, 3]),
        {"x": _quantitative("age", title=x_title, axis=ages, scale={"zero": False})},
    )
    return _spec(_layer(rule, _zero_line(strokeWidth=1), lines, width=WIDTH, height=280))


def ceac(rows: Rows, *, x_title: str, y_title: str, alternative_title: str) -> Spec:
    """The cost-effectiveness acceptability curve: per alternative the probability of being
    best against the value per person-year avoided.

    ``rows``: ``{"value": SEK, "alternative": label, "probability": share, "text":
    formatted value}``.
    """
    lines = _unit(
        rows,
        _mark("line", point=True),
        {
            "x": _quantitative("value", title=x_title, axis={"format": ",.0f"}),
            "y": _quantitative(
                "probability", title=y_title, axis={"format": ".0%"}, scale={"domain": [0, 1]}
            ),
            "color": _nominal("alternative", title=alternative_title, sort=None),
            "tooltip": [
                _nominal("alternative", title=alternative_title),
                _nominal("text", title=x_title),
                _quantitative("probability", title=y_title, format=".1%"),
            ],
        },
    )
    return _spec({**lines, "width": WIDTH, "height": 260})


def child_cost_by_age(rows: Rows, *, x_title: str, y_title: str, payer_title: str) -> Spec:
    """Stacked bars of the public cost of a child by age, coloured by payer.

    ``rows``: ``{"age": int, "payer": label, "amount": SEK in thousands, "text":
    formatted}``.
    """
    bars = _unit(
        rows,
        _mark("bar"),
        {
            "x": _ordinal("age", title=x_title, axis={"labelAngle": 0}),
            "y": _quantitative("amount", aggregate="sum", title=y_title, axis={"format": ",.0f"}),
            "color": _nominal("payer", title=payer_title, sort=None),
            "tooltip": [
                _nominal("payer", title=payer_title),
                _ordinal("age", title=x_title),
                _nominal("text", title=y_title),
            ],
        },
    )
    return _spec({**bars, "width": WIDTH, "height": 240})


def committee_net_by_year(
    rows: Rows, *, x_title: str, y_title: str, committee_title: str, total_title: str
) -> Spec:
    """Stacked bars of each committee's net per year (millions, gains above zero, costs
    below), with the whole payer's net as a line.

    Parameters
    ----------
    rows : sequence of mappings
        ``{"year": int, "committee": label, "value": net in millions, "text": formatted
        amount}``; a row with ``committee`` equal to ``total_title`` is the line.
    x_title, y_title, committee_title, total_title : str
        Axis titles, the legend's title and the name of the whole payer's line.
    """
    parts = [r for r in rows if r["committee"] != total_title]
    total = [r for r in rows if r["committee"] == total_title]
    tooltip = [
        _nominal("committee", title=committee_title),
        _ordinal("year", title=x_title),
        _nominal("text", title=y_title),
    ]
    years = _ordinal(
        "year",
        title=x_title,
        axis={"labelAngle": 0, "labelExpr": "datum.value % 5 == 0 ? datum.label : ''"},
    )
    bars = _unit(
        parts,
        _mark("bar"),
        {
            "x": years,
            "y": _quantitative("value", title=y_title, axis={"format": MONEY_FORMAT}, stack="zero"),
            "color": _nominal(
                "committee",
                title=committee_title,
                sort=None,
                legend={"orient": "bottom", "labelLimit": 320, "columns": 3},
            ),
            "tooltip": tooltip,
        },
    )
    line = _unit(
        total,
        _mark("line", color="#1f2328", strokeWidth=1.5, point={"size": 12}),
        {"x": years, "y": _quantitative("value"), "tooltip": tooltip},
    )
    return _spec(_layer(bars, line, _zero_line(), width=WIDTH, height=240))
