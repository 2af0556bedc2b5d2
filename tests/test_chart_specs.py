"""Every chart the reports make is a valid Vega-Lite spec. At run time altair does not check
the specs (``charts.VALIDATE_SPECS`` is off: they are built by our own code, and the check was
most of a chart's time); here every chart of the case report of every example is built with
the check on, in both languages, screen and print."""

from __future__ import annotations

from typing import Any

import altair as alt
import pytest
from altair.utils.schemapi import SchemaValidationError

from socinvest.analysis.case import Case, build_case
from socinvest.reports import charts
from socinvest.reports.html_report import render_html
from socinvest.scenario.load import example_names, example_text, parse_scenario

DRAWS = 200


@pytest.fixture
def checked(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """Turn the check on; the list records whether each chart built was checked."""
    monkeypatch.setattr(charts, "VALIDATE_SPECS", True)
    calls: list[dict[str, Any]] = []
    original = alt.TopLevelMixin.to_dict

    def to_dict(self: alt.TopLevelMixin, *args: Any, **kwargs: Any) -> Any:
        calls.append({"validate": kwargs.get("validate", True)})
        return original(self, *args, **kwargs)

    monkeypatch.setattr(alt.TopLevelMixin, "to_dict", to_dict)
    return calls


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
    # altair's own nested to_dict calls pass validate=False; each chart's top-level one checks.
    assert sum(call["validate"] is True for call in checked) >= 8


def test_with_the_check_off_a_spec_is_written_as_given() -> None:
    chart = alt.Chart(alt.Data(values=[{"a": 1}])).mark_bar().encode(x="a:Q")
    chart.width = "wide"  # not a width Vega-Lite knows
    assert chart.to_dict(validate=False)["width"] == "wide"


def test_an_invalid_chart_is_refused_when_the_check_is_on(
    checked: list[dict[str, Any]],
) -> None:
    chart = alt.Chart(alt.Data(values=[{"a": 1}])).mark_bar().encode(x="a:Q")
    chart.width = "wide"
    with pytest.raises(SchemaValidationError):
        charts._spec(chart)
    assert checked[0] == {"validate": True}


def test_the_start_age_axis_labels_each_age_once() -> None:
    """Three close start ages: a tick at each whole age, none between them (Vega's own
    ticks put half years there, shown as whole ones twice: 9, 10, 10, 11, 11)."""
    import json
    import re

    import vl_convert

    from socinvest.reports import charts

    rows = [{"age": a, "scope": "K", "npv": float(a - 10), "text": ""} for a in (9, 10, 11)]
    spec = charts.timing_curve(
        rows, base_age=10, x_title="Start age", y_title="NPV", scope_title="Payer"
    )
    svg = vl_convert.vegalite_to_svg(spec if isinstance(spec, dict) else json.loads(spec))
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    assert texts[: texts.index("Start age")] == ["9", "10", "11"]
