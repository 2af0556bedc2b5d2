"""Council terms (mandatperioder) as budget years, and the net of a scope within each.

Swedish general elections are held in September every four years (2022, 2026, 2030 ...;
vallagen 2005:837); the council elected in year ``E`` adopts the budgets of the years
``E+1`` to ``E+4``. The analysis starts in some budget year: the *current* term is the one
whose budget years hold the start year, the *next* term the one after it. When the start
year is not the current term's first budget year, the analysis starts mid-term.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from socinvest.analysis.results import ScenarioResults
from socinvest.analysis.summary import InvestmentMetrics, investment_metrics, scope_flows
from socinvest.scenario.model import CouncilTermSettings


@dataclass(frozen=True)
class CouncilTerm:
    """One council term: its election year and budget years, and the part of them that the
    analysis covers (``None`` when the analysis covers none of them)."""

    election_year: int
    first: int
    last: int
    covered: tuple[int, int] | None

    @property
    def mid_term_start(self) -> bool:
        """The analysis starts after this term's first budget year."""
        return self.covered is not None and self.covered[0] > self.first

    def as_json(self) -> dict[str, object]:
        return {
            "election_year": self.election_year,
            "budget_years": [self.first, self.last],
            "years_in_analysis": list(self.covered) if self.covered else None,
            "starts_mid_term": self.mid_term_start,
        }


def term_of_year(year: int, settings: CouncilTermSettings) -> CouncilTerm:
    """The council term whose budget years hold ``year`` (covered part not set)."""
    n = settings.years
    # The election before the budget year: E < year <= E + n, with E on the cycle.
    election = settings.election_year + ((year - 1 - settings.election_year) // n) * n
    return CouncilTerm(election, election + 1, election + n, None)


def council_terms(
    settings: CouncilTermSettings, first_year: int, last_year: int
) -> tuple[CouncilTerm, CouncilTerm]:
    """The current term (holding ``first_year``) and the next, each with the years of
    ``first_year..last_year`` it covers."""

    def covered(term: CouncilTerm) -> CouncilTerm:
        lo, hi = max(term.first, first_year), min(term.last, last_year)
        return CouncilTerm(
            term.election_year, term.first, term.last, (lo, hi) if lo <= hi else None
        )

    current = term_of_year(first_year, settings)
    following = term_of_year(current.last + 1, settings)
    return covered(current), covered(following)


def scenario_terms(results: ScenarioResults) -> tuple[CouncilTerm, CouncilTerm]:
    """:func:`council_terms` of a run's years."""
    years = results.run.years
    return council_terms(results.scenario.analysis.council_term, years[0], years[-1])


def term_metrics(
    results: ScenarioResults, alternative: str, term: CouncilTerm
) -> dict[str, InvestmentMetrics] | None:
    """Metrics of every scope within the budget years of ``term`` that the analysis covers,
    discounted to the analysis's start year (``None``: the term is outside the analysis).
    The payback year is counted from the term's first covered year."""
    if term.covered is None:
        return None
    run = results.run
    alt = next(a for a in run.alternatives if a.id == alternative)
    base = run.comparison
    years = run.years
    lo, hi = years.index(term.covered[0]), years.index(term.covered[1]) + 1
    delta = scope_flows(run, alt.ledger - base.ledger)
    programme = scope_flows(run, alt.programme - base.programme)
    factors = run.money_factors[lo:hi]
    out: dict[str, InvestmentMetrics] = {}
    for scope, flows in delta.items():
        costs = np.asarray(programme[scope].mean(axis=0), dtype=np.float64)[lo:hi]
        total = np.asarray(flows.mean(axis=0), dtype=np.float64)[lo:hi]
        out[scope] = investment_metrics(costs, -(total - costs), factors, term.covered[0])
    return out
