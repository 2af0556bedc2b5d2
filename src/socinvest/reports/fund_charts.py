"""The charts of the fund and contract pages: a yearly amount's mean with its 5-95 % band,
written as Vega-Lite dictionaries like the case report's (:mod:`socinvest.reports.charts`)."""

from __future__ import annotations

from socinvest.reports.charts import (
    BAND_COLOUR,
    GAIN_COLOUR,
    MONEY_FORMAT,
    WIDTH,
    Rows,
    Spec,
    _layer,
    _mark,
    _nominal,
    _quantitative,
    _secondary,
    _spec,
    _unit,
    _zero_line,
)


def band_over_years(rows: Rows, *, x_title: str, y_title: str, band_title: str) -> Spec:
    """The mean (line) and the 5th-95th percentile band (area) of an amount per year.

    Parameters
    ----------
    rows : sequence of mappings
        ``{"year": int, "mean": float, "p5": float, "p95": float, "text": str, "band":
        str}``, amounts in millions of kronor; ``text`` and ``band`` are formatted for the
        tooltip.
    x_title, y_title, band_title : str
        Axis titles and the band's tooltip title.
    """
    years = _quantitative(
        "year",
        title=x_title,
        axis={"format": "d", "labelOverlap": True},
        scale={"zero": False, "nice": False},
    )
    tooltip = [
        _quantitative("year", title=x_title, format="d"),
        _nominal("text", title=y_title),
        _nominal("band", title=band_title),
    ]
    area = _unit(
        rows,
        _mark("area", color=BAND_COLOUR, opacity=0.8),
        {
            "x": years,
            "y": _quantitative("p5", title=y_title, axis={"format": MONEY_FORMAT, "tickCount": 6}),
            "y2": _secondary("p95"),
            "tooltip": tooltip,
        },
    )
    line = _unit(
        rows,
        _mark("line", color=GAIN_COLOUR, strokeWidth=2),
        {"x": years, "y": _quantitative("mean"), "tooltip": tooltip},
    )
    return _spec(_layer(area, _zero_line(strokeWidth=1), line, width=WIDTH, height=260))
