"""A social investment fund simulated over the years and the draws of a scenario.

The fund pays (part of) each decided investment's costs; the benefiting committees pay back
by the fund's rule (:mod:`socinvest.core.fund`); the fund's book is kept per draw and year.
What each committee saves comes from the scenario's ledger per draw
(:func:`socinvest.analysis.yearly_draws.yearly_draws`, cash flows only: a fund is paid in
cash), the intervention's own costs left out.

A committee's net in a year is its saving, less its repayment, less the part of the
intervention's cost it pays itself (its share of the cost the fund does not cover). Its
probability of a gain is the share of draws whose net, discounted to the fund's first year
at the scenario's money discount rate, is above zero, within the term of office (the first
``analysis.term_of_office`` years) and to the horizon.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from socinvest.analysis.psa import NpvSummary
from socinvest.analysis.yearly_draws import YearlyDraws, npv_summary
from socinvest.core.fund import (
    FundLedger,
    budget_frame,
    fund_ledger,
    share_of_savings,
    window_mask,
)
from socinvest.core.timing import discount_factors
from socinvest.i18n import N_
from socinvest.params.errors import Problem
from socinvest.params.yaml_source import format_path
from socinvest.scenario.fund_rules import FundRules, Investment, Repayment, cap_value
from socinvest.scenario.model import numeric

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class InvestmentFlows:
    """One investment's money per draw and year of the fund, shape ``(D, T)``."""

    alternative: str
    start_year: int
    cost: FloatArray
    disbursed: FloatArray
    repaid: FloatArray
    cap: FloatArray
    """The repayment cap per draw (SEK; ``inf`` for none), shape ``(D,)``."""


@dataclass(frozen=True)
class CommitteeFlows:
    """What one benefiting committee saves, repays and pays itself, per draw and year."""

    payer: str
    savings: FloatArray
    repaid: FloatArray
    own_cost: FloatArray
    horizon: NpvSummary
    term_of_office: NpvSummary
    """Its net (savings - repayments - own cost), discounted, within the first
    ``term_years`` years and to the horizon."""

    @property
    def net(self) -> FloatArray:
        return np.asarray(self.savings - self.repaid - self.own_cost, dtype=np.float64)


@dataclass(frozen=True)
class FundResult:
    """A fund simulated over the years and draws."""

    rules: FundRules
    years: list[int]
    draws: int
    seed: int | None
    term_years: int
    ledger: FundLedger
    investments: list[InvestmentFlows]
    committees: list[CommitteeFlows]

    @property
    def p_depleted(self) -> float:
        """The share of draws in which the balance is below zero at the end of some year."""
        return float(np.mean(self.ledger.depleted))

    def balance_band(self) -> tuple[FloatArray, FloatArray, FloatArray]:
        """The closing balance per year: mean, 5th and 95th percentiles over the draws."""
        closing = self.ledger.closing
        p5, p95 = np.quantile(closing, [0.05, 0.95], axis=0)
        return closing.mean(axis=0), p5, p95

    def first_depleted(self) -> dict[int, float]:
        """The share of draws first depleted in each year (years with none left out)."""
        first = self.ledger.first_depleted
        counts = np.bincount(first[first >= 0], minlength=len(self.years))
        n = first.shape[0]
        return {self.years[t]: float(c / n) for t, c in enumerate(counts) if c}

    @property
    def disbursed(self) -> FloatArray:
        """Paid out in all, per draw."""
        return np.asarray(self.ledger.disbursements.sum(axis=1), dtype=np.float64)

    @property
    def repaid(self) -> FloatArray:
        """Paid back in all, per draw."""
        return np.asarray(self.ledger.repayments.sum(axis=1), dtype=np.float64)

    @property
    def p_recovered(self) -> float:
        """The share of draws in which the fund gets back at least what it paid out."""
        return float(np.mean(self.repaid >= self.disbursed))


# ------------------------------------------------------------------------------------------


def _beneficiaries(rules: FundRules, repayment: Repayment, ids: tuple[str, ...]) -> list[str]:
    if repayment.beneficiaries is not None:
        return list(repayment.beneficiaries)
    children = [p for p in ids if p.rsplit(".", 1)[0] == rules.owner and "." in p]
    return children or [rules.owner]


def investments_of(
    rules: FundRules, draws: YearlyDraws, alternative: str | None
) -> list[Investment]:
    """The rules' decided investments, or one of ``alternative`` (default: the scenario's
    first alternative) from the scenario's start year."""
    if rules.investments:
        return list(rules.investments)
    chosen = alternative if alternative is not None else next(iter(draws.alternatives))
    return [Investment(alternative=chosen)]


def check_fund(
    rules: FundRules, draws: YearlyDraws, investments: list[Investment], from_rules: bool
) -> list[Problem]:
    """What in the rules does not fit the scenario: unknown alternatives or payers, start
    years outside the horizon. Each problem names the rules' field (or ``--alternative``)."""
    problems = []
    ids = draws.payers
    start = draws.compiled.start_year
    end = start + draws.compiled.calendar_years - 1
    fund_start = rules.start_year if rules.start_year is not None else start
    if rules.owner not in ids:
        problems.append(
            Problem.of(
                "owner",
                N_("unknown payer {found}; expected one of {choices}"),
                path=("owner",),
                found=rules.owner,
                choices=", ".join(ids),
            )
        )
    if fund_start > end:
        problems.append(
            Problem.of(
                "start_year",
                N_(
                    "the fund's first year must be at most the scenario's last year {end}, "
                    "found {found}"
                ),
                path=("start_year",),
                end=end,
                found=fund_start,
            )
        )
    repayments: list[tuple[tuple[str | int, ...], Repayment]] = [(("repayment",), rules.repayment)]
    for i, inv in enumerate(investments):
        where: tuple[str | int, ...] = ("investments", i) if from_rules else ()
        if inv.alternative not in draws.alternatives:
            path = (*where, "alternative")
            problems.append(
                Problem.of(
                    format_path(path) if from_rules else "--alternative",
                    N_("unknown alternative {found}; expected one of {choices}"),
                    path=path,
                    found=inv.alternative,
                    choices=", ".join(draws.alternatives),
                )
            )
        inv_start = inv.start_year if inv.start_year is not None else start
        if not fund_start <= inv_start <= end:
            path = (*where, "start_year")
            problems.append(
                Problem.of(
                    format_path(path),
                    N_(
                        "an investment must start between the fund's first year {first} and "
                        "the scenario's last year {end}, found {found}"
                    ),
                    path=path,
                    first=fund_start,
                    end=end,
                    found=inv_start,
                )
            )
        if inv.repayment is not None:
            repayments.append(((*where, "repayment"), inv.repayment))
    for where, repayment in repayments:
        for j, payer in enumerate(repayment.beneficiaries or []):
            if payer not in ids:
                path = (*where, "beneficiaries", j)
                problems.append(
                    Problem.of(
                        format_path(path),
                        N_("unknown payer {found}; expected one of {choices}"),
                        path=path,
                        found=payer,
                        choices=", ".join(ids),
                    )
                )
    return problems


def _shifted(a: FloatArray, offset: int, years: int) -> FloatArray:
    """``a`` (``(D, T_s, ...)``, the scenario's years) placed from fund year ``offset`` on a
    fund of ``years`` years (cut at its end)."""
    out = np.zeros((a.shape[0], years, *a.shape[2:]))
    n = min(a.shape[1], years - offset)
    if n > 0:
        out[:, offset : offset + n] = a[:, :n]
    return out


def simulate_fund(
    rules: FundRules, draws: YearlyDraws, alternative: str | None = None
) -> FundResult:
    """Simulate the fund of ``rules`` over the years and draws of ``draws``.

    Parameters
    ----------
    rules : FundRules
        Checked against the scenario first (:func:`check_fund`); a bad field raises
        ``ValueError``.
    draws : YearlyDraws
        The scenario's yearly flows per draw.
    alternative : str, optional
        The alternative invested in when the rules decide no investments.
    """
    investments = investments_of(rules, draws, alternative)
    problems = check_fund(rules, draws, investments, bool(rules.investments))
    if problems:
        raise ValueError("; ".join(f"{p.field}: {p.message}" for p in problems))
    start = draws.compiled.start_year
    fund_start = rules.start_year if rules.start_year is not None else start
    n_years = start + draws.compiled.calendar_years - fund_start
    years = [fund_start + t for t in range(n_years)]
    n_draws = max(draws.draws, 1)
    ids = draws.payers
    limits = rules.limits
    flows: list[InvestmentFlows] = []
    by_committee: dict[str, list[FloatArray]] = {}
    for inv in investments:
        alt = draws.alternatives[inv.alternative]
        inv_start = inv.start_year if inv.start_year is not None else start
        offset = inv_start - fund_start
        cost = np.maximum(_shifted(alt.programme_total, offset, n_years), 0.0)
        financed = window_mask(n_years, offset, limits.max_years)
        disbursed = np.round(limits.fund_share * cost * financed[None])
        if limits.max_per_year is not None:
            disbursed = np.minimum(disbursed, np.round(limits.max_per_year))
        repayment = inv.repayment or rules.repayment
        committees = _beneficiaries(rules, repayment, ids)
        index = [ids.index(c) for c in committees]
        savings = _shifted(alt.savings[:, :, index], offset, n_years)
        programme = _shifted(alt.programme[:, :, index], offset, n_years)
        window = window_mask(n_years, offset + repayment.from_year, repayment.years)
        if repayment.rule == "share_of_savings":
            cap = np.array([cap_value(repayment.cap, float(x)) for x in disbursed.sum(axis=1)])
            repaid = share_of_savings(savings, repayment.share, window, cap)
        elif repayment.rule == "budget_frame":
            cap_mean = cap_value(repayment.cap, float(disbursed.sum(axis=1).mean()))
            cap = np.full(n_draws, cap_mean)
            repaid = budget_frame(savings.mean(axis=0), repayment.share, window, cap_mean, n_draws)
        else:
            cap = np.zeros(n_draws)
            repaid = np.zeros_like(savings)
        with np.errstate(invalid="ignore", divide="ignore"):
            uncovered = np.where(cost > 0.0, 1.0 - disbursed / np.where(cost > 0, cost, 1), 1.0)
        own = programme * uncovered[:, :, None]
        for k, payer in enumerate(committees):
            parts = by_committee.setdefault(payer, [np.zeros((n_draws, n_years))] * 3)
            by_committee[payer] = [
                parts[0] + savings[:, :, k],
                parts[1] + repaid[:, :, k],
                parts[2] + own[:, :, k],
            ]
        flows.append(
            InvestmentFlows(inv.alternative, inv_start, cost, disbursed, repaid.sum(axis=2), cap)
        )
    ledger = fund_ledger(
        rules.capital,
        rules.allocation_per_year(n_years),
        sum((f.disbursed for f in flows), np.zeros((n_draws, n_years))),
        sum((f.repaid for f in flows), np.zeros((n_draws, n_years))),
    )
    settings = draws.compiled.scenario.analysis
    factors = discount_factors(numeric(settings.discount_rate), n_years, settings.timing)
    term = min(settings.term_of_office, n_years)
    committees_out = []
    for payer, (sav, rep, own) in by_committee.items():
        if max(float(np.max(np.abs(a))) for a in (sav, rep, own)) < 0.5:
            continue  # a committee the investment does not touch (rounding noise at most)
        net = sav - rep - own
        committees_out.append(
            CommitteeFlows(
                payer,
                sav,
                rep,
                own,
                horizon=npv_summary(net @ factors),
                term_of_office=npv_summary(net[:, :term] @ factors[:term]),
            )
        )
    return FundResult(
        rules=rules,
        years=years,
        draws=draws.draws,
        seed=draws.seed,
        term_years=term,
        ledger=ledger,
        investments=flows,
        committees=committees_out,
    )
