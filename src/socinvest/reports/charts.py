"""Vega-Lite specifications of the report's charts, built with Altair.

One function per chart. Each takes plain rows (the numbers already taken from a
:class:`~socinvest.analysis.case.Case`) and translated titles, and returns the Vega-Lite
specification as a dictionary: the HTML report embeds it with Vega-Embed, the PDF draws the
same specification as SVG with vl-convert. The data are inlined in the specification
(``data.values``), so a chart never loads anything.

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

import altair as alt
from altair.utils.schemapi import debug_mode
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


VALIDATE_SPECS = False
"""Whether altair checks each spec against the Vega-Lite schema as it is built. The specs are
made by this package's own code, so they are checked in the tests (tests/conftest.py turns
this on for the whole suite; tests/test_chart_specs.py checks every chart of the reports)
rather than at every run, where the check was most of the time of building a chart."""


def _data(rows: Rows) -> alt.Data:
    """Inline data (``data.values``) of a chart."""
    # altair checks an object against the schema as it is made (its "debug mode"): for inline
    # data, every row. Checked in the tests only, as the specs (see VALIDATE_SPECS).
    with debug_mode(VALIDATE_SPECS):
        return alt.Data(values=[dict(r) for r in rows])  # type: ignore[no-untyped-call]


def _spec(chart: alt.TopLevelMixin) -> Spec:
    spec: Spec = chart.to_dict(validate=VALIDATE_SPECS)
    # Room at the edges: the PDF's fonts may be a little wider than those vl-convert measures.
    spec.setdefault("padding", {"left": 16, "right": 8, "top": 6, "bottom": 6})
    return spec


def _axis(number_format: str, narrow: bool) -> alt.Axis:
    """An axis with its labels' format; ``narrow``: labels that would overlap left out."""
    if narrow:
        return alt.Axis(format=number_format, labelOverlap=True, labelSeparation=6, tickCount=4)
    return alt.Axis(format=number_format, labelOverlap=True, tickCount=6)


def _zero_rule() -> alt.Chart:
    rule: alt.Chart = (
        alt.Chart(_data([{"zero": 0}]))
        .mark_rule(color="#444", strokeWidth=1)
        .encode(x=alt.X("zero:Q"))
    )
    return rule


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
    bars = (
        alt.Chart(_data(data))
        .mark_bar()
        .encode(
            y=alt.Y("payer:N", title=None, sort=None, axis=alt.Axis(labelLimit=PAYER_LABEL_LIMIT)),
            x=alt.X("npv:Q", title=x_title, axis=_axis(MONEY_FORMAT, narrow)),
            color=alt.Color(
                "sign:N",
                scale=alt.Scale(domain=["gain", "cost"], range=[GAIN_COLOUR, COST_COLOUR]),
                legend=None,
            ),
            tooltip=[
                alt.Tooltip("payer:N", title=payer_title),
                alt.Tooltip("text:N", title=npv_title),
            ],
        )
        .properties(
            width=NARROW_BAR_WIDTH if narrow else WIDTH,
            height=alt.Step(NARROW_BAR_STEP if narrow else 28),
        )
    )
    return _spec(alt.layer(bars, _zero_rule()))


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
    years = alt.X(
        "year:Q",
        title=x_title,
        axis=_axis("d", narrow),
        scale=alt.Scale(zero=False, nice=False),
    )
    unzeroed = alt.Scale(zero=False, nice=False)
    shade = (
        alt.Chart(_data([{"start": band[0], "end": band[1], "label": band_label}]))
        .mark_rect(color=BAND_COLOUR, opacity=0.6)
        .encode(x=alt.X("start:Q", scale=unzeroed), x2="end:Q")
    )
    text = (
        alt.Chart(_data([{"start": band[0], "label": band_label}]))
        .mark_text(align="left", baseline="top", dx=4, dy=4, color="#6b5218")
        .encode(x=alt.X("start:Q", scale=unzeroed), y=alt.value(0), text="label:N")
    )
    zero = (
        alt.Chart(_data([{"zero": 0}]))
        .mark_rule(color="#444", strokeWidth=1)
        .encode(y=alt.Y("zero:Q"))
    )
    below = alt.Legend(
        orient="bottom", direction="vertical", columns=2, columnPadding=14, labelLimit=200
    )
    lines = (
        alt.Chart(_data(rows))
        .mark_line(strokeWidth=2)
        .encode(
            x=years,
            y=alt.Y("value:Q", title=y_title, axis=alt.Axis(format=MONEY_FORMAT, tickCount=5)),
            color=alt.Color(
                "scope:N",
                title=None if narrow else scope_title,
                sort=None,
                legend=below if narrow else alt.Undefined,
            ),
            tooltip=[
                alt.Tooltip("scope:N", title=scope_title),
                alt.Tooltip("year:Q", title=x_title, format="d"),
                alt.Tooltip("text:N", title=y_title),
            ],
        )
    )
    chart = alt.layer(shade, text, zero, lines)
    if narrow:
        # The legend's right column ends the drawing: room for the PDF's wider font.
        padding = {"left": 16, "right": 36, "top": 6, "bottom": 6}
        return _spec(chart.properties(width=NARROW_WIDTH, height=NARROW_HEIGHT, padding=padding))
    return _spec(chart.properties(width=WIDTH, height=300))


def npv_histogram(values: Sequence[float], *, x_title: str, y_title: str) -> Spec:
    """Histogram of the NPV of every draw (values in millions), with a rule at zero where
    zero lies among the draws (otherwise the axis is fitted to the draws alone, not
    stretched to zero)."""
    # Binned first, then drawn on an ordinary scale: the axis gets a few round ticks
    # instead of a label at every bin's edge.
    bars = (
        alt.Chart(_data([{"npv": float(v)} for v in values]))
        .transform_bin(["bin_start", "bin_end"], "npv", bin=alt.Bin(maxbins=40))
        .transform_aggregate(draws="count()", groupby=["bin_start", "bin_end"])
        .mark_bar(color="#4c78a8", orient="vertical")
        .encode(
            x=alt.X(
                "bin_start:Q",
                title=x_title,
                axis=_axis(MONEY_FORMAT, narrow=False),
                scale=alt.Scale(zero=False),
            ),
            x2="bin_end:Q",
            y=alt.Y("draws:Q", title=y_title, axis=alt.Axis(tickCount=5, format="d")),
        )
    )
    if values and min(values) <= 0.0 <= max(values):
        return _spec(alt.layer(bars, _zero_rule()).properties(width=WIDTH, height=220))
    return _spec(bars.properties(width=WIDTH, height=220))


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
    bars = (
        alt.Chart(_data(rows))
        .mark_bar()
        .encode(
            y=alt.Y("parameter:N", title=None, sort=order, axis=alt.Axis(labelLimit=260)),
            x=alt.X("npv:Q", title=x_title, axis=_axis(MONEY_FORMAT, narrow=False)),
            x2="base:Q",
            color=alt.Color("side:N", title=side_title, sort=None),
            tooltip=[
                alt.Tooltip("parameter:N"),
                alt.Tooltip("side:N", title=side_title),
                alt.Tooltip("value:N", title=value_title),
                alt.Tooltip("text:N", title=x_title),
            ],
        )
    )
    rule = (
        alt.Chart(_data([{"base": base}]))
        .mark_rule(color="#222", strokeDash=[4, 3])
        .encode(x=alt.X("base:Q"))
    )
    return _spec(alt.layer(bars, rule).properties(width=WIDTH - 160, height=alt.Step(15)))


def timing_curve(
    rows: Rows, *, base_age: int, x_title: str, y_title: str, scope_title: str
) -> Spec:
    """NPV against the start age, one line per scope, with a rule at the scenario's age.

    ``rows``: ``{"age": int, "scope": label, "npv": NPV in millions, "text": formatted}``.
    """
    # A tick at each age computed, on both layers (the first layer's axis is the one
    # drawn): Vega's own ticks put half years between close ages, labelled as whole ones
    # twice.
    ages = alt.Axis(format="d", values=sorted({int(r["age"]) for r in rows}))
    lines = (
        alt.Chart(_data(rows))
        .mark_line(point=True)
        .encode(
            x=alt.X("age:Q", title=x_title, axis=ages, scale=alt.Scale(zero=False)),
            y=alt.Y("npv:Q", title=y_title, axis=alt.Axis(format=MONEY_FORMAT, tickCount=5)),
            color=alt.Color("scope:N", title=scope_title, sort=None),
            tooltip=[
                alt.Tooltip("scope:N", title=scope_title),
                alt.Tooltip("age:Q", title=x_title),
                alt.Tooltip("text:N", title=y_title),
            ],
        )
    )
    rule = (
        alt.Chart(_data([{"age": base_age}]))
        .mark_rule(color="#888", strokeDash=[4, 3])
        .encode(x=alt.X("age:Q", title=x_title, axis=ages, scale=alt.Scale(zero=False)))
    )
    zero = (
        alt.Chart(_data([{"zero": 0}]))
        .mark_rule(color="#444", strokeWidth=1)
        .encode(y=alt.Y("zero:Q"))
    )
    return _spec(alt.layer(rule, zero, lines).properties(width=WIDTH, height=280))


def ceac(rows: Rows, *, x_title: str, y_title: str, alternative_title: str) -> Spec:
    """The cost-effectiveness acceptability curve: per alternative the probability of being
    best against the value per person-year avoided.

    ``rows``: ``{"value": SEK, "alternative": label, "probability": share, "text":
    formatted value}``.
    """
    lines = (
        alt.Chart(_data(rows))
        .mark_line(point=True)
        .encode(
            x=alt.X("value:Q", title=x_title, axis=alt.Axis(format=",.0f")),
            y=alt.Y(
                "probability:Q",
                title=y_title,
                axis=alt.Axis(format=".0%"),
                scale=alt.Scale(domain=[0, 1]),
            ),
            color=alt.Color("alternative:N", title=alternative_title, sort=None),
            tooltip=[
                alt.Tooltip("alternative:N", title=alternative_title),
                alt.Tooltip("text:N", title=x_title),
                alt.Tooltip("probability:Q", title=y_title, format=".1%"),
            ],
        )
    )
    return _spec(lines.properties(width=WIDTH, height=260))


def child_cost_by_age(rows: Rows, *, x_title: str, y_title: str, payer_title: str) -> Spec:
    """Stacked bars of the public cost of a child by age, coloured by payer.

    ``rows``: ``{"age": int, "payer": label, "amount": SEK in thousands, "text":
    formatted}``.
    """
    bars = (
        alt.Chart(_data(rows))
        .mark_bar()
        .encode(
            x=alt.X("age:O", title=x_title, axis=alt.Axis(labelAngle=0)),
            y=alt.Y("sum(amount):Q", title=y_title, axis=alt.Axis(format=",.0f")),
            color=alt.Color("payer:N", title=payer_title, sort=None),
            tooltip=[
                alt.Tooltip("payer:N", title=payer_title),
                alt.Tooltip("age:O", title=x_title),
                alt.Tooltip("text:N", title=y_title),
            ],
        )
    )
    return _spec(bars.properties(width=WIDTH, height=240))


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
        alt.Tooltip("committee:N", title=committee_title),
        alt.Tooltip("year:O", title=x_title),
        alt.Tooltip("text:N", title=y_title),
    ]
    years = alt.X(
        "year:O",
        title=x_title,
        axis=alt.Axis(labelAngle=0, labelExpr="datum.value % 5 == 0 ? datum.label : ''"),
    )
    bars = (
        alt.Chart(_data(parts))
        .mark_bar()
        .encode(
            x=years,
            y=alt.Y("value:Q", title=y_title, axis=alt.Axis(format=MONEY_FORMAT), stack="zero"),
            color=alt.Color(
                "committee:N",
                title=committee_title,
                sort=None,
                legend=alt.Legend(orient="bottom", labelLimit=320, columns=3),
            ),
            tooltip=tooltip,
        )
    )
    line = (
        alt.Chart(_data(total))
        .mark_line(color="#1f2328", strokeWidth=1.5, point=alt.OverlayMarkDef(size=12))
        .encode(x=years, y=alt.Y("value:Q"), tooltip=tooltip)
    )
    zero = alt.Chart(_data([{"zero": 0}])).mark_rule(color="#444").encode(y=alt.Y("zero:Q"))
    return _spec(alt.layer(bars, line, zero).properties(width=WIDTH, height=240))
