"""The report's case: every analysis run once, consistent with the deterministic results."""

from __future__ import annotations

import json

import pytest

from socinvest.analysis.case import Case, build_case
from socinvest.analysis.errors import OptionError
from socinvest.scenario.load import example_text, parse_scenario


@pytest.fixture(scope="module")
def case() -> Case:
    scenario = parse_scenario(example_text("parenting-programme"), "parenting-programme")
    return build_case(scenario, draws=200, seed=3)


def test_every_analysis_runs_on_the_example(case: Case) -> None:
    assert case.skipped == {}
    assert case.tornado is not None and case.tornado.bars
    assert case.break_even is not None and case.voi is not None
    assert case.comparison is not None and case.timing is not None
    assert case.child_cost is not None
    assert case.seed == 3 and case.draws == 200
    assert case.results.psa is not None and case.results.psa.draws == 200


def test_presented_alternative_is_the_best_by_expected_npv(case: Case) -> None:
    assert case.results.psa is not None
    means = {a.alternative: a.horizon[case.scope].mean for a in case.results.psa.alternatives}
    assert case.alternative == max(means, key=lambda a: means[a])


def test_cumulative_net_ends_at_the_npv_of_every_scope(case: Case) -> None:
    """The payback chart's last point is the NPV: the yearly view loses nothing."""
    comparison = case.results.comparison_for(case.alternative)
    yearly = case.yearly_net()
    assert set(comparison.horizon) <= set(yearly)
    for scope, metrics in comparison.horizon.items():
        assert yearly[scope].cumulative[-1] == pytest.approx(metrics.npv, rel=1e-9, abs=1e-6)
        assert yearly[scope].costs.sum() == pytest.approx(metrics.undiscounted_costs, abs=1e-6)
    assert len(yearly["kommun"].net) == len(case.years)


def test_without_draws_the_probabilistic_analyses_are_skipped_with_a_reason() -> None:
    scenario = parse_scenario(example_text("parenting-programme"), "parenting-programme")
    case = build_case(scenario, draws=0)
    assert case.voi is None and case.comparison is None
    assert set(case.skipped) == {"value_of_information", "comparison"}
    assert case.tornado is not None


def test_unknown_alternative_or_scope_names_the_option() -> None:
    scenario = parse_scenario(example_text("parenting-programme"), "parenting-programme")
    with pytest.raises(OptionError) as error:
        build_case(scenario, draws=0, alternative="nope")
    assert error.value.option == "--alternative"
    with pytest.raises(OptionError) as error:
        build_case(scenario, draws=0, scope="kommun.nope")
    assert error.value.option == "--scope"


def test_value_of_information_and_ranking_reuse_the_case_draws(case: Case) -> None:
    """The case hands its probabilistic analysis to the value of information and the ranking
    instead of running it again: the same numbers as running them alone with its draws."""
    from socinvest.analysis.compare import compare_alternatives
    from socinvest.analysis.value_of_information import value_of_information

    alone_voi = value_of_information(case.scenario, draws=200, seed=3, scope=case.scope)
    assert case.voi is not None
    assert case.voi.evpi_per_person == alone_voi.evpi_per_person
    assert [e.per_person for e in case.voi.entries] == [e.per_person for e in alone_voi.entries]
    alone_rank = compare_alternatives(case.scenario, scope=case.scope, draws=200, seed=3)
    assert case.comparison is not None
    assert case.comparison.ceac == alone_rank.ceac
    assert [a.expected_npv for a in case.comparison.alternatives] == [
        a.expected_npv for a in alone_rank.alternatives
    ]


def test_results_already_run_are_reused_and_must_match_the_draws(case: Case) -> None:
    """``run --draws N --report FILE`` hands its results to the case instead of running them
    again; results with other draws are refused."""
    reused = build_case(case.scenario, draws=200, seed=3, results=case.results)
    assert reused.results is case.results
    assert reused.voi is not None and case.voi is not None
    assert reused.voi.evpi_per_person == case.voi.evpi_per_person
    with pytest.raises(ValueError, match="draws"):
        build_case(case.scenario, draws=100, seed=3, results=case.results)


def test_the_report_tornado_shows_the_discount_rate(case: Case) -> None:
    """The report's tornado (built from the case's one-way analysis) has the discount-rate
    bar with its range as label and its rates as percentages, in the table and the chart."""
    from socinvest.analysis.sensitivity import DISCOUNT_SETTING
    from socinvest.reports import case_sections
    from socinvest.reports.charts import Chart

    charts: list[Chart] = []

    def add_chart(chart: Chart) -> Chart:
        charts.append(chart)
        return chart

    section = case_sections.tornado(case, "sv", add_chart)
    assert section is not None and case.tornado is not None
    (bar,) = [b for b in section["bars"] if b["id"] == DISCOUNT_SETTING]
    assert (bar["label"], bar["low"], bar["high"]) == (
        "Diskonteringsränta 0–5\xa0%",
        "0\xa0%",
        "5\xa0%",
    )
    position = [b.id for b in case.tornado.bars].index(DISCOUNT_SETTING)
    assert section["bars"][position] is bar  # in the order of the swings
    assert "Diskonteringsränta 0–5\xa0%" in json.dumps(charts[0].spec, ensure_ascii=False)
