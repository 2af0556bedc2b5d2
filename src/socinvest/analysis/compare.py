"""Comparing alternatives: ranking by expected NPV, the probability that each is best, and the
cost-effectiveness acceptability curve (CEAC).

Definitions, for one scope (a payer node or a perspective; default the socio-economic one):

- Every alternative's NPV is against the comparison alternative, whose NPV is 0 in every draw.
  With draws (:func:`socinvest.analysis.psa.run_psa`, common random numbers), the *expected
  NPV* is the mean over the draws and the *probability of being best* is the share of draws in
  which the alternative has the highest NPV (ties go to the alternative listed first in the
  scenario). With 0 draws the deterministic NPVs are used: the best alternative has
  probability 1 and every other 0.
- *Rank*: 1 for the highest expected NPV.
- *Person-years avoided*: the person-years of the outcome (by default the model's group
  ``long_term_exclusion``; or a named group or state) in the comparison alternative minus those
  in the alternative, discounted at the outcome discount rate (as ``person_years_diff`` of the
  deterministic results, negated). The ranking reports the deterministic value.
- *Net benefit* at a value ``v`` (SEK per person-year avoided):
  ``NB = NPV + v x person-years avoided``, both of the same draw: the person-years avoided of
  each draw come from the probabilistic analysis (``person_years_diff`` of
  :class:`~socinvest.analysis.psa.AlternativePsa`, negated), so the CEAC carries the
  uncertainty of the outcome (drawn effects and transition rows) as well as that of the NPV.
  The CEAC gives, for each ``v`` on the grid from 0 to the maximum, the share of draws in which
  each alternative has the highest net benefit (ties as above). The shares sum to 1 at every
  value. With 0 draws the deterministic NPVs and person-years avoided are used.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from socinvest.analysis.errors import OptionError
from socinvest.analysis.psa import PsaResults, run_psa
from socinvest.analysis.run import run_scenario
from socinvest.analysis.sensitivity import DEFAULT_SCOPE, check_scope
from socinvest.analysis.summary import compare
from socinvest.params.library import ParameterLibrary
from socinvest.scenario.compile import compile_scenario
from socinvest.scenario.model import Scenario
from socinvest.scenario.references import library_for, resolve_scenario

FloatArray = npt.NDArray[np.float64]

DEFAULT_DRAWS = 2000
DEFAULT_OUTCOME = "long_term_exclusion"
DEFAULT_MAX_VALUE = 1_000_000.0
DEFAULT_STEPS = 21


@dataclass(frozen=True)
class RankedAlternative:
    """One alternative (the comparison included) in the comparison."""

    alternative: str
    comparison: bool
    expected_npv: float
    deterministic_npv: float
    rank: int
    probability_best: float
    person_years_avoided: float


@dataclass(frozen=True)
class AlternativesComparison:
    """The ranking and the CEAC of every alternative for one scope.

    ``ceac[i][j]``: the share of draws in which ``alternatives[j]`` has the highest net benefit
    at ``values[i]``. ``alternatives`` are in the scenario's order.
    """

    scope: str
    draws: int
    seed: int
    outcome: str
    outcome_states: list[str]
    alternatives: list[RankedAlternative]
    values: list[float]
    ceac: list[list[float]]

    @property
    def ranking(self) -> list[RankedAlternative]:
        return sorted(self.alternatives, key=lambda a: a.rank)


def outcome_states(scenario: Scenario, outcome: str) -> list[str]:
    """The states of a named group, or the one state; ValueError if neither."""
    groups = scenario.model.groups
    if outcome in groups:
        return list(groups[outcome])
    states = [s.id for s in scenario.model.states]
    if outcome in states:
        return [outcome]
    known = ", ".join([*groups, *states])
    if outcome == DEFAULT_OUTCOME:
        raise OptionError(
            "--outcome",
            f"the model has no group {outcome!r} (the default outcome); choose the group or "
            f"state whose person-years avoided are valued with --outcome: {known}",
        )
    raise OptionError(
        "--outcome", f"unknown outcome {outcome!r}; expected a group or state: {known}"
    )


def best_shares(values: FloatArray) -> FloatArray:
    """Share of rows ``(D, A)`` in which each column is highest (ties: the first column)."""
    best = np.argmax(values, axis=1)
    counts = np.bincount(best, minlength=values.shape[1])
    return np.asarray(counts / values.shape[0], dtype=np.float64)


def compare_alternatives(
    scenario: Scenario,
    library: ParameterLibrary | None = None,
    scope: str = DEFAULT_SCOPE,
    draws: int = DEFAULT_DRAWS,
    seed: int | None = None,
    outcome: str = DEFAULT_OUTCOME,
    max_value: float = DEFAULT_MAX_VALUE,
    steps: int = DEFAULT_STEPS,
    psa: PsaResults | None = None,
) -> AlternativesComparison:
    """Rank the alternatives of a scenario and give their CEAC (see the module docstring).

    ``psa``, if given, is a probabilistic analysis of the same scenario and library already
    run (e.g. by :func:`socinvest.analysis.results.analyse`): its draws and seed replace
    ``draws`` and ``seed``, and it is not run again.

    Raises
    ------
    ValueError
        For an unknown scope or outcome, fewer than 2 steps, a negative maximum or draws.
    """
    if psa is not None:
        draws, seed = psa.draws, psa.seed
    if draws < 0:
        raise OptionError("--draws", f"expected 0 or more draws, found {draws}")
    if steps < 2:
        raise OptionError("--steps", f"expected at least 2 steps, found {steps}")
    if not max_value >= 0.0:
        raise OptionError(
            "--max-value", f"expected a maximum value of 0 or more, found {max_value}"
        )
    resolved = resolve_scenario(scenario, library_for(scenario, library)).scenario
    compiled = compile_scenario(resolved)
    check_scope(compiled, scope)
    chosen_states = outcome_states(resolved, outcome)
    run = run_scenario(compiled)
    ids = [a.id for a in run.alternatives]
    is_comparison = [a.comparison for a in run.alternatives]
    deterministic = np.zeros(len(ids))
    avoided = np.zeros(len(ids))
    for i, alt in enumerate(run.alternatives):
        if alt.comparison:
            continue
        comp = compare(run, alt)
        deterministic[i] = comp.horizon[scope].npv
        avoided[i] = -sum(comp.person_years_diff[s] for s in chosen_states)
    used_seed = scenario.analysis.seed if seed is None else seed
    if draws > 0:
        if psa is None:
            psa = run_psa(scenario, library, draws, used_seed)
        q = psa.scopes.index(scope)
        chosen = [psa.states.index(s) for s in chosen_states]
        npv = np.zeros((draws, len(ids)))
        avoided_draws = np.zeros((draws, len(ids)))
        for i, alt_id in enumerate(ids):
            if not is_comparison[i]:
                alt_psa = psa.for_alternative(alt_id)
                npv[:, i] = alt_psa.npv[:, q]
                avoided_draws[:, i] = -alt_psa.person_years_diff[:, chosen].sum(axis=1)
    else:
        npv = deterministic[None, :]
        avoided_draws = avoided[None, :]
    expected = npv.mean(axis=0)
    p_best = best_shares(npv)
    order = sorted(range(len(ids)), key=lambda i: (-expected[i], i))
    rank = {i: r + 1 for r, i in enumerate(order)}
    values = np.linspace(0.0, max_value, steps)
    ceac = [best_shares(npv + v * avoided_draws).tolist() for v in values]
    return AlternativesComparison(
        scope=scope,
        draws=draws,
        seed=used_seed,
        outcome=outcome,
        outcome_states=chosen_states,
        alternatives=[
            RankedAlternative(
                alternative=alt_id,
                comparison=is_comparison[i],
                expected_npv=float(expected[i]),
                deterministic_npv=float(deterministic[i]),
                rank=rank[i],
                probability_best=float(p_best[i]),
                person_years_avoided=float(avoided[i]),
            )
            for i, alt_id in enumerate(ids)
        ],
        values=values.tolist(),
        ceac=ceac,
    )
