"""One call from a scenario to all its deterministic results."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from socinvest.analysis.discount_basis import DiscountBasis, discount_basis
from socinvest.analysis.psa import DEFAULT_CHUNK_DRAWS, Progress, PsaResults, run_psa
from socinvest.analysis.run import ScenarioRun, run_scenario
from socinvest.analysis.summary import AlternativeTotals, Comparison, compare, totals
from socinvest.params.library import ParameterLibrary, ResolvedParameter, parameter_hash
from socinvest.scenario.compile import CompiledScenario, compile_scenario
from socinvest.scenario.load import scenario_hash
from socinvest.scenario.model import Scenario
from socinvest.scenario.references import library_for, resolve_scenario


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
    parameters: dict[str, ResolvedParameter]
    parameter_hash: str
    model_rebasing_factor: float = 1.0
    psa: PsaResults | None = None
    loaded: Scenario | None = None
    """The scenario as loaded, its references to the library and inline values not resolved."""
    discount: DiscountBasis | None = None
    """The money discount rate by name and source (ASEK's real rate by default)."""
    outcome_discount: DiscountBasis | None = None
    """The outcome discount rate by name and source."""

    @property
    def scenario(self) -> Scenario:
        """The scenario as run: every library reference replaced by its value."""
        return self.run.compiled.scenario

    @property
    def compiled(self) -> CompiledScenario:
        return self.run.compiled

    def comparison_for(self, alternative: str) -> Comparison:
        return next(c for c in self.comparisons if c.alternative == alternative)


def analyse(
    scenario: Scenario,
    library: ParameterLibrary | None = None,
    *,
    draws: int = 0,
    seed: int | None = None,
    chunk_draws: int = DEFAULT_CHUNK_DRAWS,
    progress: Progress | None = None,
    engine: str | None = None,
    psa_runner: Callable[..., PsaResults] | None = None,
) -> ScenarioResults:
    """Resolve, compile, run and summarise a validated scenario.

    Parameters
    ----------
    scenario : Scenario
        As loaded (it may refer to library parameters).
    library : ParameterLibrary, optional
        The parameter library with any local overrides (``--params``) applied; default the
        shipped Swedish library. The scenario's own ``parameters:`` go on top.
    draws, seed, chunk_draws, progress
        With ``draws > 0``, also a probabilistic analysis
        (:func:`socinvest.analysis.psa.run_psa`; ``seed`` defaults to the scenario's).
    engine : {"auto", "numba", "numpy"}, optional
        The cohort engine of the probabilistic analysis (:func:`~socinvest.analysis.psa.run_psa`).
    psa_runner : callable, optional
        Runs the probabilistic analysis instead of :func:`~socinvest.analysis.psa.run_psa`,
        with its arguments (``scenario, library, draws, seed, chunk_draws=, progress=``) and
        the same results, e.g. spread over workers
        (:func:`socinvest.execution.psa.psa_runner`).
    """
    used_library = library_for(scenario, library)
    resolved = resolve_scenario(scenario, used_library)
    run = run_scenario(compile_scenario(resolved.scenario), capacity=True)

    def basis(field: Literal["discount_rate", "outcome_discount_rate"]) -> DiscountBasis:
        return discount_basis(field, scenario, resolved.scenario, resolved.parameters, used_library)

    return ScenarioResults(
        run=run,
        totals=[totals(run, a) for a in run.alternatives],
        comparisons=[compare(run, a) for a in run.alternatives if not a.comparison],
        scenario_hash=scenario_hash(scenario),
        parameters=resolved.parameters,
        parameter_hash=parameter_hash(resolved.parameters.values()),
        model_rebasing_factor=resolved.inline_factor,
        psa=(
            (psa_runner or run_psa)(
                scenario,
                library,
                draws,
                seed,
                chunk_draws=chunk_draws,
                progress=progress,
                engine=engine,
            )
            if draws > 0
            else None
        ),
        loaded=scenario,
        discount=basis("discount_rate"),
        outcome_discount=basis("outcome_discount_rate"),
    )
