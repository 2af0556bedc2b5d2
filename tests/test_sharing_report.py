"""The committee page's table of the proposed split (reports.sharing_table, report.html):
built from Case.sharing, in both languages, and left out when the case has none."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

import pytest

from socinvest.analysis.case import Case, sharing_of
from socinvest.analysis.results import analyse
from socinvest.reports.html_report import render_html
from socinvest.reports.sharing_table import sharing_table
from socinvest.scenario.load import example_text, parse_scenario


@pytest.fixture(scope="module")
def case() -> Case:
    text = (
        example_text("school-attendance")
        .replace("times: 0.78852", "times: 0.19713")
        .replace("times: 0.39426", "times: 0.098565")
    )
    scenario = parse_scenario(text, "cheap-team")
    results = analyse(scenario, draws=200, seed=5)
    alternative = results.comparisons[0].alternative
    # Only the parts the committee page needs; the full build_case runs every analysis.
    return Case(
        scenario=scenario,
        source="cheap-team",
        results=results,
        alternative=alternative,
        scope="kommun",
        draws=200,
        seed=5,
        created=dt.date(2026, 12, 6),
        sharing=sharing_of(results, alternative),
    )


def test_table_rows_follow_the_proposal(case: Case) -> None:
    assert case.sharing is not None
    table = sharing_table(case, "en")
    assert table is not None and table["feasible"]
    ids = [r["id"] for r in table["rows"]]
    assert ids == [p.id for p in case.sharing.parties]
    minimal = {o.party: o for o in case.sharing.proposal("minimal").outcomes}
    for row in table["rows"]:
        assert row["share_exact"] == pytest.approx(minimal[row["id"]].share)
    # Every organisation gains here, so the smallest transfers are none at all.
    assert table["verdict"] == "Every organisation gains already: no transfer is needed."


def test_html_has_one_split_table_in_each_language(case: Case) -> None:
    for lang, heading in (
        ("en", "Proposed split of the cost"),
        ("sv", "Förslag till kostnadsdelning"),
    ):
        html = render_html(case, lang, static_charts=True)
        assert html.count(heading) == 1
        table = html[html.index(heading) :]
        table = table[: table.index("</table>")]
        assert len(re.findall(r'<tr data-scope="', table)) == len(case.sharing.parties)
    without = render_html(dataclasses.replace(case, sharing=None), "en", static_charts=True)
    assert "Proposed split of the cost" not in without
