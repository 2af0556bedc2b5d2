"""Vega-Lite specifications of the follow-up report's charts, written as plain dictionaries
like the case report's (:mod:`socinvest.reports.charts`): inline data, the same widths, colours
and padding, SVG through vl-convert for the PDF.

Each chart tells its series apart by more than colour (WCAG 1.4.1): planned bars are hatched
outlines, actual bars filled, a flagged deviation carries a written mark; the decided and the
updated forecast differ in shape as well as colour.
"""

from __future__ import annotations

from socinvest.reports.charts import (
    COST_COLOUR,
    GAIN_COLOUR,
    MONEY_FORMAT,
    PAYER_LABEL_LIMIT,
    WIDTH,
    Rows,
    Spec,
    _inline_data,
    _layer,
    _mark,
    _nominal,
    _quantitative,
    _secondary,
    _spec,
    _unit,
    _zero_line,
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
        _nominal("period", title=period_title),
        _nominal("series", title=series_title),
        _nominal("text", title=y_title),
    ]
    grouped = {
        "x": _nominal("period", title=period_title, sort=None, axis={"labelAngle": 0}),
        "xOffset": _nominal("series", sort=order),
    }
    colours = {"domain": order, "range": [PLANNED_COLOUR, ACTUAL_COLOUR]}
    # Both layers draw the same rows: the data once, for the layer.
    bars = {
        "mark": _mark("bar", strokeWidth=1.5),
        "encoding": {
            **grouped,
            "y": _quantitative(
                "value", title=y_title, axis={"format": value_format, "tickCount": 5}
            ),
            "color": _nominal(
                "series",
                title=series_title,
                sort=order,
                scale=colours,
                legend={"orient": "bottom", "direction": "horizontal"},
            ),
            "fillOpacity": _nominal(
                "kind", scale={"domain": ["planned", "actual"], "range": [0.25, 1]}, legend=None
            ),
            "stroke": _nominal("series", sort=order, scale=colours, legend=None),
            "tooltip": tooltip,
        },
    }
    flags = {
        "mark": _mark("text", baseline="bottom", dy=-3, fontSize=12, color="#1f2328"),
        "encoding": {**grouped, "y": _quantitative("value"), "text": _nominal("flag")},
    }
    return _spec(_layer(bars, flags, data=_inline_data(rows), width=width, height=200))


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
    shared = {
        "y": _nominal("scope", title=None, sort=None, axis={"labelLimit": PAYER_LABEL_LIMIT}),
        "yOffset": _nominal("forecast", sort=forecasts),
        "color": _nominal(
            "forecast",
            title=forecast_title,
            sort=forecasts,
            scale={"domain": forecasts, "range": [DECIDED_COLOUR, UPDATED_COLOUR]},
            legend={"orient": "bottom", "direction": "horizontal"},
        ),
        "tooltip": [
            _nominal("scope", title=scope_title),
            _nominal("forecast", title=forecast_title),
            _nominal("mean_text", title=mean_title),
            _nominal("interval_text", title=interval_title),
        ],
    }
    intervals = _unit(
        rows,
        _mark("rule", strokeWidth=2),
        {
            **shared,
            "x": _quantitative("low", title=x_title, axis={"format": MONEY_FORMAT, "tickCount": 6}),
            "x2": _secondary("high"),
        },
    )
    shapes = {"domain": forecasts, "range": ["circle", "diamond"]}
    points = _unit(
        rows,
        _mark("point", filled=True, size=70),
        {
            **shared,
            "x": _quantitative("mean"),
            "shape": _nominal("forecast", sort=forecasts, scale=shapes),
        },
    )
    return _spec(_layer(intervals, points, _zero_rule(), width=WIDTH, height={"step": 18}))


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
    lines = _unit(
        rows,
        _mark("line", strokeWidth=2, point={"size": 25}),
        {
            "x": _quantitative("n", title=x_title, axis={"format": ",d", "tickCount": 6}),
            "y": _quantitative(
                "value", title=y_title, axis={"format": MONEY_FORMAT, "tickCount": 5}
            ),
            "color": _nominal(
                "series",
                title=series_title,
                sort=order,
                scale={"domain": order, "range": colours},
                legend={"orient": "bottom", "direction": "horizontal"},
            ),
            "strokeDash": _nominal(
                "series", sort=order, scale={"domain": order, "range": dashes}, legend=None
            ),
            "tooltip": [
                _nominal("series", title=series_title),
                _quantitative("n", title=x_title, format=",d"),
                _nominal("text", title=y_title),
            ],
        },
    )
    layers = [_zero_line(), lines]
    if optimal is not None:
        marker = [{"n": optimal, "label": optimal_label}]
        layers.append(
            _unit(
                marker,
                _mark("rule", color="#6b5218", strokeDash=[4, 3]),
                {"x": _quantitative("n")},
            )
        )
        layers.append(
            _unit(
                marker,
                _mark("text", align="left", baseline="top", dx=4, dy=4, color="#6b5218"),
                {"x": _quantitative("n"), "y": {"value": 0}, "text": _nominal("label")},
            )
        )
    return _spec(_layer(*layers, width=WIDTH, height=220))
