"""Vega-Lite specifications of the follow-up report's charts (Altair), drawn like the case
report's (:mod:`socinvest.reports.charts`): inline data, the same widths, colours and padding,
SVG through vl-convert for the PDF.

Each chart tells its series apart by more than colour (WCAG 1.4.1): planned bars are hatched
outlines, actual bars filled, a flagged deviation carries a written mark; the decided and the
updated forecast differ in shape as well as colour.
"""

from __future__ import annotations

from typing import Any

import altair as alt

from socinvest.reports.charts import (
    COST_COLOUR,
    GAIN_COLOUR,
    MONEY_FORMAT,
    PAYER_LABEL_LIMIT,
    WIDTH,
    Rows,
    Spec,
    _data,
    _spec,
    _zero_rule,
)

PLANNED_COLOUR = "#8a94a0"
ACTUAL_COLOUR = "#1f5f8b"
DECIDED_COLOUR = "#8a94a0"
UPDATED_COLOUR = "#1f5f8b"
FLAG_MARK = "▲"
"""The mark written above a flagged actual value in a chart (and beside it in the tables)."""


def planned_vs_actual(
    rows: Rows,
    *,
    y_title: str,
    period_title: str,
    series_title: str,
    value_format: str = ",~f",
    width: int = WIDTH,
) -> Spec:
    """Grouped bars of the planned and the actual value per period, the actual's bar marked
    with :data:`FLAG_MARK` when its deviation is flagged.

    Parameters
    ----------
    rows : sequence of mappings
        ``{"period": str, "series": label, "kind": "planned" | "actual", "value": number,
        "text": formatted value, "flag": mark or ""}``; the planned row first in a period.
    y_title, period_title, series_title : str
        Axis titles and the legend's title.
    value_format : str
        d3 format of the y axis.
    width : int
        Width of the plotting area.
    """
    series = [r["series"] for r in rows]
    order = list(dict.fromkeys(series))
    tooltip = [
        alt.Tooltip("period:N", title=period_title),
        alt.Tooltip("series:N", title=series_title),
        alt.Tooltip("text:N", title=y_title),
    ]
    base = alt.Chart(_data(rows)).encode(
        x=alt.X("period:N", title=period_title, sort=None, axis=alt.Axis(labelAngle=0)),
        xOffset=alt.XOffset("series:N", sort=order),
    )
    bars = base.mark_bar(strokeWidth=1.5).encode(
        y=alt.Y("value:Q", title=y_title, axis=alt.Axis(format=value_format, tickCount=5)),
        color=alt.Color(
            "series:N",
            title=series_title,
            sort=order,
            scale=alt.Scale(domain=order, range=[PLANNED_COLOUR, ACTUAL_COLOUR]),
            legend=alt.Legend(orient="bottom", direction="horizontal"),
        ),
        fillOpacity=alt.FillOpacity(
            "kind:N", scale=alt.Scale(domain=["planned", "actual"], range=[0.25, 1]), legend=None
        ),
        stroke=alt.Stroke(
            "series:N",
            sort=order,
            scale=alt.Scale(domain=order, range=[PLANNED_COLOUR, ACTUAL_COLOUR]),
            legend=None,
        ),
        tooltip=tooltip,
    )
    flags = base.mark_text(baseline="bottom", dy=-3, fontSize=12, color="#1f2328").encode(
        y=alt.Y("value:Q"), text=alt.Text("flag:N")
    )
    chart = alt.layer(bars, flags).properties(width=width, height=200)
    return _spec(chart)


def forecast_intervals(
    rows: Rows,
    *,
    x_title: str,
    forecast_title: str,
    scope_title: str,
    mean_title: str,
    interval_title: str,
) -> Spec:
    """The decided and the updated forecast per scope: the mean NPV as a point (circle for
    decided, diamond for updated) and its 95% interval as a line, in millions of kronor.

    Parameters
    ----------
    rows : sequence of mappings
        ``{"scope": label, "forecast": label, "mean": millions, "low": millions, "high":
        millions, "mean_text": formatted, "interval_text": formatted}``, the decided row
        first within a scope.
    x_title, forecast_title, scope_title, mean_title, interval_title : str
        Axis, legend and tooltip titles.
    """
    forecasts = list(dict.fromkeys(r["forecast"] for r in rows))
    scale = alt.Scale(domain=forecasts, range=[DECIDED_COLOUR, UPDATED_COLOUR])
    shapes = alt.Scale(domain=forecasts, range=["circle", "diamond"])
    tooltip = [
        alt.Tooltip("scope:N", title=scope_title),
        alt.Tooltip("forecast:N", title=forecast_title),
        alt.Tooltip("mean_text:N", title=mean_title),
        alt.Tooltip("interval_text:N", title=interval_title),
    ]
    base = alt.Chart(_data(rows)).encode(
        y=alt.Y("scope:N", title=None, sort=None, axis=alt.Axis(labelLimit=PAYER_LABEL_LIMIT)),
        yOffset=alt.YOffset("forecast:N", sort=forecasts),
        color=alt.Color(
            "forecast:N",
            title=forecast_title,
            sort=forecasts,
            scale=scale,
            legend=alt.Legend(orient="bottom", direction="horizontal"),
        ),
        tooltip=tooltip,
    )
    intervals = base.mark_rule(strokeWidth=2).encode(
        x=alt.X("low:Q", title=x_title, axis=alt.Axis(format=MONEY_FORMAT, tickCount=6)),
        x2="high:Q",
    )
    points = base.mark_point(filled=True, size=70).encode(
        x=alt.X("mean:Q"), shape=alt.Shape("forecast:N", sort=forecasts, scale=shapes)
    )
    chart = alt.layer(intervals, points, _zero_rule()).properties(width=WIDTH, height=alt.Step(18))
    return _spec(chart)


def evsi_curve(
    rows: Rows,
    *,
    optimal: float | None,
    optimal_label: str,
    x_title: str,
    y_title: str,
    series_title: str,
) -> Spec:
    """The population EVSI, the cost and the expected net benefit of sampling against the
    number of participants followed (millions of kronor); the optimal size as a rule.

    Parameters
    ----------
    rows : sequence of mappings
        ``{"n": int, "series": label, "value": millions, "text": formatted}``, the series in
        the order EVSI, cost, net benefit.
    optimal : float or None
        The optimal size, drawn as a vertical rule labelled ``optimal_label``.
    x_title, y_title, series_title : str
        Axis titles and the legend's title.
    """
    order = list(dict.fromkeys(r["series"] for r in rows))
    colours = [GAIN_COLOUR, COST_COLOUR, "#1f2328"][: len(order)]
    dashes = [[1, 0], [6, 3], [2, 2]][: len(order)]
    lines = (
        alt.Chart(_data(rows))
        .mark_line(strokeWidth=2, point=alt.OverlayMarkDef(size=25))
        .encode(
            x=alt.X("n:Q", title=x_title, axis=alt.Axis(format=",d", tickCount=6)),
            y=alt.Y("value:Q", title=y_title, axis=alt.Axis(format=MONEY_FORMAT, tickCount=5)),
            color=alt.Color(
                "series:N",
                title=series_title,
                sort=order,
                scale=alt.Scale(domain=order, range=colours),
                legend=alt.Legend(orient="bottom", direction="horizontal"),
            ),
            strokeDash=alt.StrokeDash(
                "series:N", sort=order, scale=alt.Scale(domain=order, range=dashes), legend=None
            ),
            tooltip=[
                alt.Tooltip("series:N", title=series_title),
                alt.Tooltip("n:Q", title=x_title, format=",d"),
                alt.Tooltip("text:N", title=y_title),
            ],
        )
    )
    zero = alt.Chart(_data([{"zero": 0}])).mark_rule(color="#444").encode(y=alt.Y("zero:Q"))
    layers: list[Any] = [zero, lines]
    if optimal is not None:
        marker = alt.Chart(_data([{"n": optimal, "label": optimal_label}]))
        layers.append(marker.mark_rule(color="#6b5218", strokeDash=[4, 3]).encode(x="n:Q"))
        layers.append(
            marker.mark_text(align="left", baseline="top", dx=4, dy=4, color="#6b5218").encode(
                x="n:Q", y=alt.value(0), text="label:N"
            )
        )
    return _spec(alt.layer(*layers).properties(width=WIDTH, height=220))
