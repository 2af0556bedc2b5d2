"""Every chart the reports make is a valid Vega-Lite spec. At run time the specs are not
checked (they are plain dictionaries built by our own code, and altair's building and checking
was a good part of a report's time): tests/conftest.py checks every spec any test builds
against the Vega-Lite JSON schema that ships with altair (``charts.CHECK_SPEC``); here every
chart of the case report of every example is built, in both languages, screen and print, the
fund and follow-up charts with each of their variants, and the check is shown to refuse an
invalid spec."""

from __future__ import annotations

import copy
import json
import re
import subprocess
import sys
from collections.abc import Callable
from typing import Any

import jsonschema
import numpy as np
import pytest
import vl_convert

from socinvest.analysis.case import Case, build_case
from socinvest.reports import charts, followup_charts, fund_charts
from socinvest.reports.html_report import VENDORED, render_html
from socinvest.scenario.load import example_names, example_text, parse_scenario
from vegalite_schema import check_spec, schema_version

DRAWS = 200


@pytest.fixture
def checked(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """The check stays on; the list records each spec checked."""
    specs: list[dict[str, Any]] = []

    def check(spec: dict[str, Any]) -> None:
        check_spec(spec)
        specs.append(spec)

    monkeypatch.setattr(charts, "CHECK_SPEC", check)
    return specs


@pytest.fixture(scope="module", params=example_names())
def case(request: pytest.FixtureRequest) -> Case:
    name: str = request.param
    scenario = parse_scenario(example_text(name), f"{name}.yaml")
    return build_case(scenario, source=f"{name}.yaml", draws=DRAWS)


def test_every_chart_of_the_case_report_is_a_valid_spec(
    case: Case, checked: list[dict[str, Any]]
) -> None:
    render_html(case, "sv")
    render_html(case, "en")
    # At least eight charts a language, each payer's bars and the cumulative net twice (the
    # screen's and the narrower print spec on the committee's page).
    assert len(checked) >= 16
    widths = {spec["width"] for spec in checked}
    assert {charts.WIDTH, charts.NARROW_WIDTH, charts.NARROW_BAR_WIDTH} <= widths
    assert all(spec["$schema"] == charts.SCHEMA_URL for spec in checked)


def _band_rows() -> list[dict[str, Any]]:
    return [
        {"year": 2025 + i, "mean": m, "p5": m - 1.0, "p95": m + 1.5, "text": "x", "band": "y"}
        for i, m in enumerate((-1.0, 0.5, 2.0))
    ]


def _planned_rows() -> list[dict[str, Any]]:
    return [
        {"period": p, "series": s, "kind": k, "value": v, "text": f"{v}", "flag": f}
        for p, s, k, v, f in (
            ("2025", "Planned", "planned", 120, ""),
            ("2025", "Actual", "actual", 104, followup_charts.FLAG_MARK),
            ("2026", "Planned", "planned", 120, ""),
            ("2026", "Actual", "actual", 118, ""),
        )
    ]


def _forecast_rows() -> list[dict[str, Any]]:
    return [
        {
            "scope": scope,
            "forecast": forecast,
            "mean": mean,
            "low": mean - 3.0,
            "high": mean + 4.0,
            "mean_text": "m",
            "interval_text": "i",
        }
        for scope in ("Kommun", "Region")
        for forecast, mean in (("Decided", 1.8), ("Updated", 0.6))
    ]


def _evsi_rows() -> list[dict[str, Any]]:
    return [
        {"n": n, "series": series, "value": value * n / 100, "text": "t"}
        for n in (50, 100, 200)
        for series, value in (("EVSI", 1.2), ("Cost", 0.7), ("Net", 0.5))
    ]


SMALL_CHARTS: dict[str, Callable[[], dict[str, Any]]] = {
    "fund band": lambda: fund_charts.band_over_years(
        _band_rows(), x_title="Year", y_title="MSEK", band_title="5-95 %"
    ),
    "planned vs actual": lambda: followup_charts.planned_vs_actual(
        _planned_rows(), y_title="Reach", period_title="Year", series_title="Series"
    ),
    "forecast intervals": lambda: followup_charts.forecast_intervals(
        _forecast_rows(),
        x_title="NPV",
        forecast_title="Forecast",
        scope_title="Scope",
        mean_title="Mean",
        interval_title="Interval",
    ),
    "evsi with its optimum": lambda: followup_charts.evsi_curve(
        _evsi_rows(),
        optimal=120.0,
        optimal_label="Optimal",
        x_title="n",
        y_title="MSEK",
        series_title="Series",
    ),
    "evsi without an optimum": lambda: followup_charts.evsi_curve(
        _evsi_rows(), optimal=None, optimal_label="", x_title="n", y_title="M", series_title="S"
    ),
    "histogram without zero": lambda: charts.npv_histogram(
        [1.0, 2.5, 4.0], x_title="NPV", y_title="Draws"
    ),
    "histogram across zero": lambda: charts.npv_histogram(
        [-1.0, 2.5, 4.0], x_title="NPV", y_title="Draws"
    ),
}


@pytest.mark.parametrize("name", list(SMALL_CHARTS))
def test_every_variant_of_the_other_charts_is_valid_and_drawn(
    name: str, checked: list[dict[str, Any]]
) -> None:
    spec = SMALL_CHARTS[name]()
    assert checked == [spec]
    svg = vl_convert.vegalite_to_svg(spec)
    assert svg.startswith("<svg") and "<path" in svg


def _ceac() -> dict[str, Any]:
    rows = [
        {"value": v, "alternative": "A", "probability": p, "text": f"{v}"}
        for v, p in ((0, 0.2), (500_000, 0.6))
    ]
    return charts.ceac(rows, x_title="Value", y_title="Probability", alternative_title="Alt")


def _width(spec: dict[str, Any]) -> None:
    spec["width"] = "wide"  # not a width Vega-Lite knows


def _mark(spec: dict[str, Any]) -> None:
    spec["mark"]["type"] = "bars"


def _field_type(spec: dict[str, Any]) -> None:
    spec["encoding"]["x"]["type"] = "quantity"


def _no_mark(spec: dict[str, Any]) -> None:
    del spec["mark"]


@pytest.mark.parametrize("spoil", [_width, _mark, _field_type, _no_mark])
def test_an_invalid_spec_is_refused(spoil: Callable[[dict[str, Any]], None]) -> None:
    spec = _ceac()
    check_spec(spec)
    spoiled = copy.deepcopy(spec)
    spoil(spoiled)
    with pytest.raises(jsonschema.ValidationError):
        check_spec(spoiled)


def test_a_chart_with_an_invalid_spec_is_refused_as_it_is_built(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(charts, "WIDTH", "wide")
    with pytest.raises(jsonschema.ValidationError):
        _ceac()


def test_a_value_json_cannot_hold_is_refused() -> None:
    rows = [{"age": np.int64(3), "payer": "K", "amount": 1.0, "text": "1"}]
    with pytest.raises(TypeError):
        charts.child_cost_by_age(rows, x_title="Age", y_title="SEK", payer_title="Payer")


def test_the_specs_name_the_inlined_vega_lite_and_the_schema_checked_is_its_version() -> None:
    vendored = {package: version for _, package, version in VENDORED}["vega-lite"]
    named = charts.SCHEMA_URL
    assert named == f"https://vega.github.io/schema/vega-lite/v{vendored}.json"
    assert schema_version().split(".")[0] == f"v{vendored.split('.')[0]}"
    assert json.loads(json.dumps(_ceac()))["$schema"] == charts.SCHEMA_URL


def test_building_the_charts_imports_no_plotting_library() -> None:
    code = (
        "import sys\n"
        "from socinvest.reports import charts, followup_charts, fund_charts\n"
        "charts.ceac([{'value': 0, 'alternative': 'A', 'probability': 0.5, 'text': ''}],"
        " x_title='x', y_title='y', alternative_title='a')\n"
        "print('altair' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


def test_the_start_age_axis_labels_each_age_once() -> None:
    """Three close start ages: a tick at each whole age, none between them (Vega's own
    ticks put half years there, shown as whole ones twice: 9, 10, 10, 11, 11)."""
    rows = [{"age": a, "scope": "K", "npv": float(a - 10), "text": ""} for a in (9, 10, 11)]
    spec = charts.timing_curve(
        rows, base_age=10, x_title="Start age", y_title="NPV", scope_title="Payer"
    )
    svg = vl_convert.vegalite_to_svg(spec)
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    assert texts[: texts.index("Start age")] == ["9", "10", "11"]
