"""A portfolio of interventions from scenarios: which alternatives, at what scale, under each
payer's yearly budget, the target groups' sizes and a risk limit
(:mod:`socinvest.core.portfolio` holds the programme).

Every alternative of every scenario (against that scenario's comparison alternative) is a
candidate. Its NPV in each draw of the probabilistic analysis (one seed for all scenarios, so
the draws are common random numbers) and its intervention costs per payer and calendar year
(the deterministic ledger: the alternative's programme costs less the comparison's, rolled up
the payer tree) are taken at scale 1, the scenario's whole target group, and assumed linear in
the scale: the cohort model is linear in the number of children, so half the group gives half
of every flow. (A fixed cost that does not shrink with the group is scaled too: an
approximation the documentation states.) Alternatives of one scenario share its target group:
their shares sum to at most 1.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt

from socinvest.analysis.errors import OptionError
from socinvest.analysis.portfolio_input import BudgetRow, CandidateSettings, PortfolioSpec
from socinvest.analysis.results import ScenarioResults, analyse
from socinvest.core.payers import roll_up
from socinvest.core.portfolio import (
    ChanceLimit,
    CvarLimit,
    PortfolioInfeasibleError,
    PortfolioProblem,
    PortfolioSolution,
    RiskLimit,
    cvar_of_loss,
    frontier,
    risk_frontier,
    solve,
)
from socinvest.i18n import N_
from socinvest.params.errors import InputError, Message, Problem
from socinvest.params.library import ParameterLibrary
from socinvest.scenario.model import Scenario, text_in

FloatArray = npt.NDArray[np.float64]

DEFAULT_SCOPE = "socio_economic"
DEFAULT_DRAWS = 500
BUDGET_MULTIPLIERS = (0.0, 0.25, 0.5, 0.75, 1.0, 1.25, 1.5, 2.0, 3.0)
RISK_ALPHAS = (0.0, 0.01, 0.05, 0.1, 0.2, 0.3, 0.5, 1.0)


@dataclass(frozen=True)
class Candidate:
    """One alternative against its scenario's comparison, at scale 1 (its whole group)."""

    id: str
    scenario: str
    alternative: str
    label: dict[str, str]
    group: int
    group_size: float
    npv: FloatArray
    """Per draw and scope, shape ``(D, Q)`` (scopes of :attr:`PortfolioInputs.scopes`)."""
    npv_term: FloatArray
    """The same within the term of office."""
    costs: FloatArray
    """Intervention cost per budget row, shape ``(K,)``."""


@dataclass(frozen=True)
class PortfolioInputs:
    """The candidates of one or more scenarios, their draws aligned, against the budgets."""

    candidates: list[Candidate]
    scopes: tuple[str, ...]
    budgets: list[BudgetRow]
    draws: int
    seed: int
    term_years: tuple[int, int]
    price_year: int
    top_level: tuple[str, ...]


@dataclass(frozen=True)
class ScopeFigures:
    """A scope's expected NPV of the portfolio with its probability of a gain, to the horizon
    and within the term of office."""

    mean: float
    p_gain: float
    mean_term: float
    p_gain_term: float


@dataclass(frozen=True)
class ChosenCandidate:
    id: str
    label: dict[str, str]
    share: float
    participants: float
    expected_npv: float
    p_gain: float
    p_gain_term: float


@dataclass(frozen=True)
class BudgetUse:
    payer: str
    year: int
    amount: float
    used: float


@dataclass(frozen=True)
class FrontierPoint:
    """One point of a frontier: the budget multiplier or risk level, and the optimum."""

    value: float
    feasible: bool
    expected_npv: float
    p_gain: float
    chosen: dict[str, float]


@dataclass(frozen=True)
class PortfolioResult:
    scope: str
    draws: int
    seed: int
    price_year: int
    term_years: tuple[int, int]
    risk: RiskLimit | None
    chosen: list[ChosenCandidate]
    candidates: list[ChosenCandidate]
    expected_npv: float
    p_gain: float
    p_gain_term: float
    p_loss: float
    cvar: float | None
    by_scope: dict[str, ScopeFigures]
    budgets: list[BudgetUse]
    frontier_kind: Literal["budget", "risk"] | None
    frontier: list[FrontierPoint]
    status: str


def candidate_inputs(
    scenarios: list[tuple[Scenario, str]],
    spec: PortfolioSpec,
    library: ParameterLibrary | None,
    draws: int,
    seed: int | None,
) -> PortfolioInputs:
    """Run every scenario (deterministic ledger and ``draws`` draws with one seed: the first
    scenario's unless given) and collect its alternatives as candidates.

    Raises
    ------
    InputError
        A budget row naming a payer no scenario knows; two scenarios with the same id.
    """
    if draws < 1:
        raise OptionError("--draws", Message.of(N_("expected at least 1 draw")))
    used_seed = seed if seed is not None else scenarios[0][0].analysis.seed
    results: list[ScenarioResults] = []
    seen: set[str] = set()
    for scenario, source in scenarios:
        if scenario.id in seen:
            raise InputError(
                source,
                [Problem.of("id", N_("two scenarios have the id {id}"), id=repr(scenario.id))],
            )
        seen.add(scenario.id)
        results.append(analyse(scenario, library, draws=draws, seed=used_seed))
    scopes: list[str] = []
    for r in results:
        assert r.psa is not None
        scopes += [s for s in r.psa.scopes if s not in scopes]
    known = {p for r in results for p in r.compiled.payers.ids}
    problems = [
        Problem.of(
            "budgets",
            N_("unknown payer {payer}: expected one of the scenarios' payers ({known})"),
            line=row.line,
            payer=repr(row.payer),
            known=", ".join(sorted(known)),
        )
        for row in spec.budgets
        if row.payer not in known
    ]
    if problems:
        raise InputError(spec.source, problems)
    candidates: list[Candidate] = []
    for g, r in enumerate(results):
        assert r.psa is not None
        index = [scopes.index(s) for s in r.psa.scopes]
        comparison = r.run.comparison
        tree = r.compiled.payers
        years = r.run.years
        size = float(np.sum(r.compiled.intake))
        for alt in r.run.alternatives:
            if alt.comparison:
                continue
            psa = r.psa.for_alternative(alt.id)
            npv = np.zeros((draws, len(scopes)))
            npv[:, index] = psa.npv
            npv_term = np.zeros((draws, len(scopes)))
            npv_term[:, index] = psa.npv_term
            yearly = roll_up((alt.programme - comparison.programme)[0].sum(axis=-1), tree.parents)
            costs = np.zeros(len(spec.budgets))
            for k, row in enumerate(spec.budgets):
                if row.payer in tree.ids and row.year in years:
                    costs[k] = yearly[years.index(row.year), tree.ids.index(row.payer)]
            label = next(a.label for a in r.scenario.alternatives if a.id == alt.id)
            candidates.append(
                Candidate(
                    id=f"{r.scenario.id}/{alt.id}",
                    scenario=r.scenario.id,
                    alternative=alt.id,
                    label={lang: text_in(label, lang, alt.id) for lang in ("sv", "en")},
                    group=g,
                    group_size=size,
                    npv=npv,
                    npv_term=npv_term,
                    costs=costs,
                )
            )
    first = results[0]
    start = first.run.years[0]
    term = min(first.scenario.analysis.term_of_office, len(first.run.years))
    top = tuple(
        p
        for r in results
        for i, p in enumerate(r.compiled.payers.ids)
        if r.compiled.payers.parents[i] < 0
    )
    return PortfolioInputs(
        candidates=candidates,
        scopes=tuple(scopes),
        budgets=list(spec.budgets),
        draws=draws,
        seed=used_seed,
        term_years=(start, start + term - 1),
        price_year=first.scenario.analysis.price_year,
        top_level=tuple(dict.fromkeys(top)),
    )


def _bounds(c: Candidate, s: CandidateSettings | None, binary: bool) -> tuple[float, float, bool]:
    """(upper, lower, all-or-nothing) as shares of the candidate's group; a required
    candidate without a minimum scale is fixed at its maximum."""
    size = c.group_size if c.group_size > 0 else 1.0
    upper, lower, whole = 1.0, 0.0, binary
    if s is not None:
        if s.max_share is not None:
            upper = s.max_share
        if s.max_participants is not None:
            upper = min(1.0, s.max_participants / size)
        if s.min_share is not None:
            lower = s.min_share
        if s.min_participants is not None:
            lower = s.min_participants / size
        if s.all_or_nothing is not None:
            whole = s.all_or_nothing
        if s.required and lower <= 0.0:
            # Required without a minimum: at its full (maximum) scale.
            lower = upper
    return upper, lower, whole


def build_problem(
    inputs: PortfolioInputs,
    spec: PortfolioSpec,
    scope: str,
    risk: RiskLimit | None,
    binary: bool,
) -> PortfolioProblem:
    """The programme's data for ``scope``'s NPV.

    Raises
    ------
    OptionError, InputError
        An unknown scope; settings for a candidate that does not exist; a minimum above the
        maximum.
    """
    if scope not in inputs.scopes:
        raise OptionError(
            "--scope",
            Message.of(
                N_("unknown scope {scope}: expected one of {known}"),
                scope=repr(scope),
                known=", ".join(inputs.scopes),
            ),
        )
    ids = [c.id for c in inputs.candidates]
    problems = [
        Problem.of(
            f"candidates.{key}",
            N_("no such candidate: expected SCENARIO/ALTERNATIVE, one of {known}"),
            line=s.line,
            known=", ".join(ids),
        )
        for key, s in spec.candidates.items()
        if key not in ids
    ]
    q = inputs.scopes.index(scope)
    bounds = [_bounds(c, spec.candidates.get(c.id), binary) for c in inputs.candidates]
    for c, (upper, lower, _whole) in zip(inputs.candidates, bounds, strict=True):
        if lower > upper + 1e-12:
            problems.append(
                Problem.of(
                    f"candidates.{c.id}",
                    N_("the minimum scale {low} is above the maximum {high}"),
                    line=spec.candidates[c.id].line,
                    low=f"{lower:g}",
                    high=f"{upper:g}",
                )
            )
    if problems:
        raise InputError(spec.source, problems)
    n = len(inputs.candidates)
    return PortfolioProblem(
        npv=np.column_stack([c.npv[:, q] for c in inputs.candidates]),
        costs=np.array([c.costs for c in inputs.candidates]).reshape(n, len(inputs.budgets)),
        budgets=np.array([b.amount for b in inputs.budgets]),
        upper=np.array([b[0] for b in bounds]),
        lower=np.array([min(b[1], b[0]) for b in bounds]),
        binary=np.array([b[2] for b in bounds]),
        required=np.array(
            [
                bool(spec.candidates[c.id].required) if c.id in spec.candidates else False
                for c in inputs.candidates
            ]
        ),
        groups=np.array([c.group for c in inputs.candidates], dtype=np.intp),
        risk=risk,
    )


def _infeasible(
    inputs: PortfolioInputs, problem: PortfolioProblem, spec: PortfolioSpec
) -> InputError:
    """Why no portfolio is feasible: the budget rows the required candidates' minimum cost
    already exceeds, else the risk limit."""
    minimum = np.where(problem.required, np.maximum(problem.lower, 0.0), 0.0)
    minimum = np.where(problem.required & problem.binary, problem.upper, minimum)
    need = minimum @ problem.costs
    rows = [
        Problem.of(
            "budgets",
            N_(
                "no portfolio fits: the required candidates alone cost {payer} {need} SEK in "
                "{year}, above its budget of {amount} SEK"
            ),
            line=b.line,
            payer=b.payer,
            year=b.year,
            need=f"{need[k]:,.0f}".replace(",", "\u00a0"),
            amount=f"{b.amount:,.0f}".replace(",", "\u00a0"),
        )
        for k, b in enumerate(inputs.budgets)
        if need[k] > b.amount * (1 + 1e-9) + 1e-6
    ]
    if rows:
        return InputError(spec.source, rows)
    return InputError(
        spec.source,
        [
            Problem.of(
                "",
                N_(
                    "no portfolio meets the budgets, the required candidates and the risk "
                    "limit together: loosen the risk limit (--alpha, --cvar) or drop a "
                    "required candidate"
                ),
            )
        ],
    )


def _point(inputs: PortfolioInputs, value: float, s: PortfolioSolution | None) -> FrontierPoint:
    if s is None:
        return FrontierPoint(value, False, float("nan"), float("nan"), {})
    return FrontierPoint(
        value,
        True,
        s.expected_npv,
        float(np.mean(s.npv_draws > 0.0)),
        {c.id: float(x) for c, x in zip(inputs.candidates, s.scale, strict=True) if x > 0},
    )


def optimise(
    inputs: PortfolioInputs,
    spec: PortfolioSpec,
    scope: str = DEFAULT_SCOPE,
    risk: RiskLimit | None = None,
    binary: bool = False,
    frontier_kind: Literal["budget", "risk"] | None = None,
) -> PortfolioResult:
    """The optimal portfolio for ``scope`` (and a frontier when asked).

    Raises
    ------
    InputError
        When no portfolio is feasible (naming the budget rows the required candidates
        exceed), or the settings are bad.
    """
    problem = build_problem(inputs, spec, scope, risk, binary)
    try:
        solution = solve(problem)
    except PortfolioInfeasibleError:
        raise _infeasible(inputs, problem, spec) from None
    scale = solution.scale
    views = []
    for c, x in zip(inputs.candidates, scale, strict=True):
        q = inputs.scopes.index(scope)
        views.append(
            ChosenCandidate(
                id=c.id,
                label=c.label,
                share=float(x),
                participants=float(x * c.group_size),
                expected_npv=float(np.mean(c.npv[:, q]) * x),
                p_gain=float(np.mean(c.npv[:, q] > 0.0)),
                p_gain_term=float(np.mean(c.npv_term[:, q] > 0.0)),
            )
        )
    by_scope: dict[str, ScopeFigures] = {}
    for name in (*inputs.top_level, "public_finances", "socio_economic", scope):
        if name not in inputs.scopes or name in by_scope:
            continue
        q = inputs.scopes.index(name)
        horizon = sum(
            (c.npv[:, q] * x for c, x in zip(inputs.candidates, scale, strict=True)),
            np.zeros(inputs.draws),
        )
        term = sum(
            (c.npv_term[:, q] * x for c, x in zip(inputs.candidates, scale, strict=True)),
            np.zeros(inputs.draws),
        )
        by_scope[name] = ScopeFigures(
            mean=float(np.mean(horizon)),
            p_gain=float(np.mean(horizon > 0.0)),
            mean_term=float(np.mean(term)),
            p_gain_term=float(np.mean(term > 0.0)),
        )
    used = scale @ problem.costs
    points: list[FrontierPoint] = []
    if frontier_kind == "budget":
        m = np.array(BUDGET_MULTIPLIERS)
        points = [_point(inputs, float(v), s) for v, s in zip(m, frontier(problem, m), strict=True)]
    elif frontier_kind == "risk":
        a = np.array(RISK_ALPHAS if not isinstance(risk, CvarLimit) else RISK_ALPHAS[1:])
        points = [
            _point(inputs, float(v), s) for v, s in zip(a, risk_frontier(problem, a), strict=True)
        ]
    mine = by_scope[scope]
    return PortfolioResult(
        scope=scope,
        draws=inputs.draws,
        seed=inputs.seed,
        price_year=inputs.price_year,
        term_years=inputs.term_years,
        risk=risk,
        chosen=[v for v in views if v.share > 0],
        candidates=views,
        expected_npv=solution.expected_npv,
        p_gain=mine.p_gain,
        p_gain_term=mine.p_gain_term,
        p_loss=float(np.mean(solution.npv_draws < 0.0)),
        cvar=cvar_of_loss(solution.npv_draws, risk.alpha) if isinstance(risk, CvarLimit) else None,
        by_scope=by_scope,
        budgets=[
            BudgetUse(b.payer, b.year, b.amount, float(used[k]))
            for k, b in enumerate(inputs.budgets)
        ],
        frontier_kind=frontier_kind,
        frontier=points,
        status=solution.status,
    )


def risk_limit(alpha: float | None, cvar: float | None) -> RiskLimit | None:
    """``--alpha`` alone: a chance limit; with ``--cvar LIMIT``: a CVaR limit at tail share
    ``alpha`` (default 0.05)."""
    if cvar is not None:
        a = 0.05 if alpha is None else alpha
        if a <= 0.0:
            raise OptionError(
                "--alpha", Message.of(N_("the CVaR's tail share must be above 0, found {a}"), a=a)
            )
        return CvarLimit(a, cvar)
    return None if alpha is None else ChanceLimit(alpha)
