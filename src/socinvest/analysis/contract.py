"""An outcome contract (social impact bond) over a scenario's draws.

The investor pays the intervention's costs (all payers' costs of the alternative against the
comparison) in the contract's years; the public payers pay the outcome payments
(:func:`socinvest.core.contract.outcome_payments`) for the outcomes achieved in those years,
read per draw from the scenario's person-years or entries in the named states (alternative
against the comparison, not discounted). After the contract the payers bear the costs as in
the scenario.

For each paying payer, its NPV without the contract is its saving less its own share of the
intervention's cost (the scenario's ledger); with the contract, its saving less its share of
the outcome payments and of the costs after the contract. Both are discounted at the
scenario's money discount rate to its start year, within the term of office and to the
horizon. The investor's flows are the outcome payments less the costs; its loss is a sum of
flows below zero (it gets back less than it paid).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from socinvest.analysis.psa import NpvSummary
from socinvest.analysis.yearly_draws import AlternativeDraws, YearlyDraws, npv_summary
from socinvest.core.contract import investor_irr, outcome_payments
from socinvest.core.timing import discount_factors
from socinvest.i18n import N_
from socinvest.params.errors import Problem
from socinvest.params.yaml_source import format_path
from socinvest.scenario.contract_terms import ContractTerms, Outcome

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class PayerContract:
    """One paying payer with and without the contract (NPV over the draws)."""

    payer: str
    share: float
    without: NpvSummary
    with_contract: NpvSummary
    without_term: NpvSummary
    with_contract_term: NpvSummary


@dataclass(frozen=True)
class ContractResult:
    """An outcome contract simulated over the draws; arrays per draw and year ``(D, T)``."""

    terms: ContractTerms
    alternative: str
    years: list[int]
    contract_years: int
    draws: int
    seed: int | None
    outcomes: FloatArray
    """Achieved outcomes of each kind, shape ``(D, T, M)``."""
    payments: FloatArray
    costs: FloatArray
    irr: FloatArray
    """The investor's IRR per draw (``nan`` where none exists)."""
    investor_npv: NpvSummary
    payers: list[PayerContract]

    @property
    def investor_flows(self) -> FloatArray:
        return np.asarray(self.payments - self.costs, dtype=np.float64)

    @property
    def p_loss(self) -> float:
        """The share of draws in which the investor gets back less than it paid."""
        return float(np.mean(self.investor_flows.sum(axis=1) < 0.0))

    def irr_summary(self) -> tuple[float, float, float, float]:
        """The IRR's median, 5th and 95th percentiles over the draws that have one, and the
        share of draws without one (nothing paid back, or no sign change)."""
        ok = self.irr[np.isfinite(self.irr)]
        missing = float(1.0 - ok.size / self.irr.size)
        if ok.size == 0:
            return float("nan"), float("nan"), float("nan"), missing
        p5, med, p95 = np.quantile(ok, [0.05, 0.5, 0.95])
        return float(med), float(p5), float(p95), missing


def check_contract(
    terms: ContractTerms, draws: YearlyDraws, alternative: str | None
) -> list[Problem]:
    """What in the terms does not fit the scenario: unknown alternative, states or payers."""
    problems = []
    chosen = alternative or terms.alternative
    if chosen is not None and chosen not in draws.alternatives:
        field = "--alternative" if alternative else "alternative"
        problems.append(
            Problem.of(
                field,
                N_("unknown alternative {found}; expected one of {choices}"),
                path=("alternative",) if not alternative else (),
                found=chosen,
                choices=", ".join(draws.alternatives),
            )
        )
    for i, outcome in enumerate(terms.outcomes):
        for j, state in enumerate(outcome.states):
            if state not in draws.states:
                path: tuple[str | int, ...] = ("outcomes", i, "states", j)
                problems.append(
                    Problem.of(
                        format_path(path),
                        N_("unknown state {found}; expected one of {choices}"),
                        path=path,
                        found=state,
                        choices=", ".join(draws.states),
                    )
                )
    for payer in terms.payers:
        if payer not in draws.payers:
            path = ("payers", payer)
            problems.append(
                Problem.of(
                    format_path(path),
                    N_("unknown payer {found}; expected one of {choices}"),
                    path=path,
                    found=payer,
                    choices=", ".join(draws.payers),
                )
            )
    return problems


def achieved(outcome: Outcome, alt: AlternativeDraws, states: tuple[str, ...]) -> FloatArray:
    """The outcome achieved per draw and year, shape ``(D, T)``."""
    index = [states.index(s) for s in outcome.states]
    source = alt.person_years if outcome.measure.startswith("person_years") else alt.entries
    total = source[:, :, index].sum(axis=2)
    return np.asarray(-total if outcome.measure.endswith("avoided") else total, dtype=np.float64)


def simulate_contract(
    terms: ContractTerms, draws: YearlyDraws, alternative: str | None = None
) -> ContractResult:
    """Simulate the contract of ``terms`` over the years and draws of ``draws``
    (``alternative`` overrides the terms'; default the scenario's first alternative). A
    field that does not fit the scenario raises ``ValueError``."""
    problems = check_contract(terms, draws, alternative)
    if problems:
        raise ValueError("; ".join(f"{p.field}: {p.message}" for p in problems))
    chosen = alternative or terms.alternative or next(iter(draws.alternatives))
    alt = draws.alternatives[chosen]
    n_years = len(draws.years)
    length = n_years if terms.years is None else min(terms.years, n_years)
    within = np.arange(n_years) < length
    outcomes = np.stack([achieved(o, alt, draws.states) for o in terms.outcomes], axis=2)
    outcomes = outcomes * within[None, :, None]
    cap_year, cap_total = terms.caps
    payments = outcome_payments(outcomes, [o.price for o in terms.outcomes], cap_year, cap_total)
    costs = alt.programme_total * within[None]
    flows = payments - costs
    settings = draws.compiled.scenario.analysis
    investor_factors = discount_factors(terms.investor_discount_rate, n_years, settings.timing)
    factors = draws.money_factors
    term = draws.term_years
    payers = []
    for payer, share in terms.payers.items():
        i = draws.payers.index(payer)
        without = alt.savings[:, :, i] - alt.programme[:, :, i]
        with_contract = alt.savings[:, :, i] - share * payments - alt.programme[:, :, i] * ~within
        payers.append(
            PayerContract(
                payer,
                share,
                without=npv_summary(without @ factors),
                with_contract=npv_summary(with_contract @ factors),
                without_term=npv_summary(without[:, :term] @ factors[:term]),
                with_contract_term=npv_summary(with_contract[:, :term] @ factors[:term]),
            )
        )
    return ContractResult(
        terms=terms,
        alternative=chosen,
        years=draws.years,
        contract_years=length,
        draws=draws.draws,
        seed=draws.seed,
        outcomes=outcomes,
        payments=payments,
        costs=costs,
        irr=investor_irr(flows),
        investor_npv=npv_summary(flows @ investor_factors),
        payers=payers,
    )
