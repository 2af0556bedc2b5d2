"""The charts of the fund and contract pages: a yearly amount's mean with its 5-95 % band."""

from __future__ import annotations

from typing import Any

import altair as alt

from socinvest.reports.charts import (
    BAND_COLOUR,
    GAIN_COLOUR,
    MONEY_FORMAT,
    WIDTH,
    Rows,
    Spec,
    _data,
    _spec,
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
    years = alt.X(
        "year:Q",
        title=x_title,
        axis=alt.Axis(format="d", labelOverlap=True),
        scale=alt.Scale(zero=False, nice=False),
    )
    money = alt.Axis(format=MONEY_FORMAT, tickCount=6)
    tooltip: list[Any] = [
        alt.Tooltip("year:Q", title=x_title, format="d"),
        alt.Tooltip("text:N", title=y_title),
        alt.Tooltip("band:N", title=band_title),
    ]
    base = alt.Chart(_data(rows))
    area = base.mark_area(color=BAND_COLOUR, opacity=0.8).encode(
        x=years, y=alt.Y("p5:Q", title=y_title, axis=money), y2="p95:Q", tooltip=tooltip
    )
    line = base.mark_line(color=GAIN_COLOUR, strokeWidth=2).encode(
        x=years, y="mean:Q", tooltip=tooltip
    )
    zero = (
        alt.Chart(_data([{"zero": 0}]))
        .mark_rule(color="#444", strokeWidth=1)
        .encode(y=alt.Y("zero:Q"))
    )
    return _spec(alt.layer(area, zero, line).properties(width=WIDTH, height=260))
