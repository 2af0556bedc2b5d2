"""One call from a scenario to all its deterministic results."""

from __future__ import annotations

from dataclasses import dataclass

from socinvest.analysis.run import ScenarioRun, run_scenario
from socinvest.analysis.summary import AlternativeTotals, Comparison, compare, totals
from socinvest.scenario.compile import CompiledScenario, compile_scenario
from socinvest.scenario.load import scenario_hash
from socinvest.scenario.model import Scenario


@dataclass(frozen=True)
class ScenarioResults:
    """Everything a report needs: the run (ledgers), totals and comparisons.

    ``comparisons`` holds one entry per alternative other than the comparison alternative,
    in the scenario's order.
    """

    run: ScenarioRun
    totals: list[AlternativeTotals]
    comparisons: list[Comparison]
    scenario_hash: str

    @property
    def scenario(self) -> Scenario:
        return self.run.compiled.scenario

    @property
    def compiled(self) -> CompiledScenario:
        return self.run.compiled

    def comparison_for(self, alternative: str) -> Comparison:
        return next(c for c in self.comparisons if c.alternative == alternative)


def analyse(scenario: Scenario) -> ScenarioResults:
    """Compile, run and summarise a validated scenario."""
    run = run_scenario(compile_scenario(scenario))
    return ScenarioResults(
        run=run,
        totals=[totals(run, a) for a in run.alternatives],
        comparisons=[compare(run, a) for a in run.alternatives if not a.comparison],
        scenario_hash=scenario_hash(scenario),
    )
