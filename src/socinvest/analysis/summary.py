"""Metrics of a scenario run: per payer node, per perspective, to the term of office and the
horizon, and the human outcomes.

Definitions (all against the comparison alternative, from one scope's point of view):

- *costs*: the change in intervention costs (the investment);
- *benefits*: every other change in flows, negated: avoided costs, gained taxes and, for the
  individual, gained net income (a negative benefit is an added cost, e.g. more school years);
- ``NPV = PV(benefits) - PV(costs)``; ``BCR = PV(benefits) / PV(costs)``;
  ``ROI = NPV / PV(costs)`` (Boardman et al. 2018, *Cost-Benefit Analysis*, 5th ed., ch. 1-3);
- payback: the first year from which the cumulative (discounted) net benefit stays >= 0.

Perspectives: *budget* is one payer node with all flow categories; *public finances* sums the
public payers (transfers and taxes count); *socio-economic* (samhällsekonomisk) sums every
payer's resource and production flows, so transfers, which net to zero, do not count.

With ``analysis.mcpf`` (the marginal cost of public funds, ``lambda``) above 0 a further
perspective, ``socio_economic_mcpf``, adds ``lambda`` times the public finances' net flows to
the socio-economic ones: each krona of net public spending costs society ``1 + lambda``
(the marginal excess tax burden of Boardman et al. 2018, *Cost-Benefit Analysis*, 5th
ed.); it is labelled and never replaces the socio-economic figure.

*Cash and capacity*: a budget's figures are also given for cash only (``Comparison.cash``),
the flows of cost lines marked ``frees: capacity`` (staff time in teams that remain) taken
out, as the Greater Manchester cost-benefit guidance separates cashable from non-cashable
fiscal benefits (HM Treasury 2014, *Supporting public service transformation: cost benefit
analysis guidance for local partnerships*).
"""

from __future__ import annotations

import math
from collections.abc import Collection
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from socinvest.analysis.run import AlternativeRun, ScenarioRun
from socinvest.core.ledger import CATEGORIES
from socinvest.core.metrics import benefit_cost_ratio, irr, payback_index, present_value
from socinvest.core.payers import roll_up

FloatArray = npt.NDArray[np.float64]

PERSPECTIVES: tuple[str, ...] = ("public_finances", "socio_economic")
"""Perspectives other than the budget of one payer."""

MCPF_PERSPECTIVE = "socio_economic_mcpf"
"""The socio-economic perspective with the marginal cost of public funds (only with
``analysis.mcpf`` above 0)."""


@dataclass(frozen=True)
class InvestmentMetrics:
    """Investment metrics of one scope (a payer node or a perspective), in SEK.

    ``payback_year`` and ``payback_year_undiscounted`` are calendar years (``None``: not
    within the period, or nothing was invested). ``bcr`` and ``roi`` are ``None`` without
    costs; ``bcr_flag`` says why
    a ratio is missing or unstable. ``irr`` is ``None`` when no IRR exists.
    """

    pv_costs: float
    pv_benefits: float
    npv: float
    bcr: float | None
    bcr_flag: str | None
    roi: float | None
    irr: float | None
    payback_year: int | None
    payback_year_undiscounted: int | None
    undiscounted_costs: float
    undiscounted_benefits: float
    undiscounted_net: float


def _present_values(
    costs: FloatArray, benefits: FloatArray, factors: FloatArray
) -> tuple[float, float, float]:
    """The present values of the costs and of the benefits, and the NPV (their difference)."""
    pv_costs = float(present_value(costs, factors))
    pv_benefits = float(present_value(benefits, factors))
    return pv_costs, pv_benefits, pv_benefits - pv_costs


def investment_metrics(
    costs: FloatArray, benefits: FloatArray, factors: FloatArray, start_year: int
) -> InvestmentMetrics:
    """Metrics from yearly costs and benefits (each shape ``(T,)``)."""
    net = benefits - costs
    pv_costs, pv_benefits, npv = _present_values(costs, benefits, factors)
    ratio, flag = benefit_cost_ratio(pv_benefits, pv_costs)
    roi = None if ratio is None else npv / pv_costs
    rate = irr(net)
    pay = int(payback_index(net, factors))
    pay_u = int(payback_index(net))
    return InvestmentMetrics(
        pv_costs=pv_costs,
        pv_benefits=pv_benefits,
        npv=npv,
        bcr=ratio,
        bcr_flag=flag,
        roi=roi,
        irr=None if math.isnan(rate) else rate,
        # Without an investment there is nothing to pay back.
        payback_year=None if pay < 0 or flag == "no_costs" else start_year + pay,
        payback_year_undiscounted=None if pay_u < 0 or flag == "no_costs" else start_year + pay_u,
        undiscounted_costs=float(costs.sum()),
        undiscounted_benefits=float(benefits.sum()),
        undiscounted_net=float(net.sum()),
    )


def scope_flows(run: ScenarioRun, ledger: FloatArray) -> dict[str, FloatArray]:
    """Yearly flows ``(D, T)`` of every scope: each payer node (rolled up, all categories)
    and each perspective."""
    tree = run.compiled.payers
    public = np.array([p.public for p in tree.payers])
    counted = [CATEGORIES.index("resource"), CATEGORIES.index("production")]
    # One draw of one year: NumPy merges the axes it sums into one (another order).
    if (
        ledger.dtype == np.float64
        and ledger.ndim == 4
        and ledger.flags.c_contiguous
        and ledger.shape[0] * ledger.shape[1] > 1
    ):
        by_category, public_flows, counted_flows = _scope_sums(ledger, public, counted)
    else:
        by_category = ledger.sum(axis=3)
        public_flows = ledger[:, :, public, :].sum(axis=(2, 3))
        counted_flows = ledger[:, :, :, counted].sum(axis=(2, 3))
    by_payer = roll_up(by_category, tree.parents, axis=2)
    out = {pid: by_payer[:, :, i] for i, pid in enumerate(tree.ids)}
    out["public_finances"] = public_flows
    out["socio_economic"] = counted_flows
    mcpf = run.compiled.scenario.analysis.mcpf
    if mcpf > 0:
        out[MCPF_PERSPECTIVE] = out["socio_economic"] + mcpf * out["public_finances"]
    return out


def _scope_sums(
    ledger: FloatArray, public: npt.NDArray[np.bool_], counted: list[int]
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """``ledger.sum(axis=3)``, ``ledger[:, :, public, :].sum(axis=(2, 3))`` and
    ``ledger[:, :, :, counted].sum(axis=(2, 3))`` of a C-contiguous float64 ledger, bit for
    bit, without their copies of the ledger and their reductions over short axes.

    The terms are added in the order NumPy's reductions add them (checked against them by
    ``tests/test_summary_scope_sums.py``): from ``+0.0``, the categories one after the
    other; the public payers' category sums one after the other (the fancy-indexed copy
    has the payer axis outermost); the counted categories one after the other, each a
    pairwise sum over the payers (:func:`_pairwise`). Whole years of a few draws at a time
    (:data:`SCOPE_CHUNK_BYTES` of the ledger), so each chunk is read from the cache.
    """
    n_draws, n_years, n_payers, n_categories = ledger.shape
    by_category = np.zeros((n_draws, n_years, n_payers))
    public_flows = np.zeros((n_draws, n_years))
    counted_flows = np.zeros((n_draws, n_years))
    if ledger.size == 0:
        return by_category, public_flows, counted_flows
    publics = [int(p) for p in np.flatnonzero(public)]
    step = max(1, SCOPE_CHUNK_BYTES // max(1, ledger[0].nbytes))
    for lo in range(0, n_draws, step):
        hi = min(n_draws, lo + step)
        chunk = ledger[lo:hi]
        sums = by_category[lo:hi]
        for c in range(n_categories):
            sums += chunk[:, :, :, c]
        into = public_flows[lo:hi]
        for p in publics:
            into += sums[:, :, p]
        into = counted_flows[lo:hi]
        for c in counted:
            into += _pairwise([chunk[:, :, p, c] for p in range(n_payers)])
    return by_category, public_flows, counted_flows


def _pairwise(terms: list[FloatArray]) -> FloatArray:
    """The sum of ``terms`` as NumPy's pairwise summation adds the elements of a contiguous
    axis (``pairwise_sum`` in ``numpy/_core/src/umath/loops_utils.h.src``): fewer than 8
    one after the other from ``+0.0``; up to 128 in 8 running sums combined as
    ``((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))`` and the rest added after; more
    split in two halves (the first a multiple of 8)."""
    n = len(terms)
    if n < 8:
        total = np.zeros(terms[0].shape)
        for term in terms:
            total += term
        return total
    if n <= 128:
        runs = [np.array(terms[j]) for j in range(8)]
        i = 8
        while i < n - n % 8:
            for j in range(8):
                runs[j] += terms[i + j]
            i += 8
        total = ((runs[0] + runs[1]) + (runs[2] + runs[3])) + (
            (runs[4] + runs[5]) + (runs[6] + runs[7])
        )
        for term in terms[i:]:
            total += term
        return total
    half = n // 2
    half -= half % 8
    return _pairwise(terms[:half]) + _pairwise(terms[half:])


SCOPE_CHUNK_BYTES = 1 << 20
"""Bytes of a ledger :func:`scope_flows` sums at a time (some draws; within a core's L2
cache)."""


def budget_scopes(run: ScenarioRun) -> list[str]:
    """The scopes that have a cash view: every payer node and the public finances."""
    return [*run.compiled.payers.ids, "public_finances"]


@dataclass(frozen=True)
class Comparison:
    """An alternative against the comparison alternative.

    ``horizon`` and ``term_of_office`` map each scope (payer id or perspective) to its
    metrics; outcome differences are per state (alternative minus comparison).
    """

    alternative: str
    horizon: dict[str, InvestmentMetrics]
    term_of_office: dict[str, InvestmentMetrics]
    person_years_diff: dict[str, float]
    person_years_diff_undiscounted: dict[str, float]
    entries_diff: dict[str, float]
    cash: dict[str, InvestmentMetrics] = field(default_factory=dict)
    """Metrics to the horizon of the cash flows alone, for each payer node and the public
    finances (equal to ``horizon`` when no cost line is capacity; empty when the run did not
    book the capacity part, see :func:`socinvest.analysis.run.run_scenario`)."""
    cash_term_of_office: dict[str, InvestmentMetrics] = field(default_factory=dict)
    """As ``cash``, within the term of office."""


@dataclass(frozen=True)
class AlternativeTotals:
    """Absolute discounted figures of one alternative."""

    alternative: str
    comparison: bool
    cost_by_scope: dict[str, float]
    person_years: dict[str, float]
    person_years_undiscounted: dict[str, float]
    entries: dict[str, float]


def _mean(a: FloatArray) -> FloatArray:
    return np.asarray(a.mean(axis=0), dtype=np.float64)


def totals(run: ScenarioRun, alt: AlternativeRun) -> AlternativeTotals:
    """Discounted costs by scope and person-years by state for one alternative."""
    states = run.compiled.states
    flows = scope_flows(run, alt.ledger)
    person_years = _mean(alt.person_years)
    return AlternativeTotals(
        alternative=alt.id,
        comparison=alt.comparison,
        cost_by_scope={
            k: float(present_value(_mean(v), run.money_factors)) for k, v in flows.items()
        },
        person_years={
            s: float(run.outcome_factors @ person_years[:, i]) for i, s in enumerate(states)
        },
        person_years_undiscounted={
            s: float(person_years[:, i].sum()) for i, s in enumerate(states)
        },
        entries={s: float(_mean(alt.entries)[:, i].sum()) for i, s in enumerate(states)},
    )


def compare(run: ScenarioRun, alt: AlternativeRun) -> Comparison:
    """Metrics of ``alt`` against the comparison alternative, for every scope."""
    return compare_flows(run, alt)[0]


def compare_flows(
    run: ScenarioRun, alt: AlternativeRun
) -> tuple[Comparison, dict[str, FloatArray]]:
    """:func:`compare`, and the yearly flows ``(D, T)`` of every scope of ``alt``'s ledger
    less the comparison's (``scope_flows(run, alt.ledger - base.ledger)``), which it
    computes on the way.

    The cash view's differences are computed in the arrays of the first two (their scope
    flows are new arrays), element by element as :meth:`AlternativeRun.cash` and a
    difference, so the ledgers are not copied more often than needed."""
    base = run.comparison
    delta = np.subtract(alt.ledger, base.ledger)
    total = scope_flows(run, delta)
    delta_programme = np.subtract(alt.programme, base.programme)
    programme = scope_flows(run, delta_programme)
    horizon, term_metrics = _flow_metrics(run, total, programme)
    budget = budget_scopes(run)
    booked = alt.capacity is not None or base.capacity is not None
    if not run.compiled.has_capacity:  # every flow is cash
        cash = {k: horizon[k] for k in budget}
        cash_term = {k: term_metrics[k] for k in budget}
    elif not booked:  # the run did not book the capacity part: no cash view
        cash, cash_term = {}, {}
    else:
        if alt.programme_capacity is None and base.programme_capacity is None:
            cash_programme = programme  # nothing subtracted: the same differences
        else:
            cash_programme = scope_flows(
                run,
                _cash_delta(
                    (alt.programme, alt.programme_capacity),
                    (base.programme, base.programme_capacity),
                    delta_programme,
                    None,
                ),
            )
        cash_total = scope_flows(
            run,
            _cash_delta(
                (alt.ledger, alt.capacity), (base.ledger, base.capacity), delta, delta_programme
            ),
        )
        cash_all, cash_term_all = _flow_metrics(run, cash_total, cash_programme)
        cash = {k: cash_all[k] for k in budget}
        cash_term = {k: cash_term_all[k] for k in budget}
    states = run.compiled.states
    py_delta = _mean(alt.person_years - base.person_years)
    entries_delta = _mean(alt.entries - base.entries)
    comparison = Comparison(
        alternative=alt.id,
        horizon=horizon,
        term_of_office=term_metrics,
        person_years_diff={
            s: float(run.outcome_factors @ py_delta[:, i]) for i, s in enumerate(states)
        },
        person_years_diff_undiscounted={
            s: float(py_delta[:, i].sum()) for i, s in enumerate(states)
        },
        entries_diff={s: float(entries_delta[:, i].sum()) for i, s in enumerate(states)},
        cash=cash,
        cash_term_of_office=cash_term,
    )
    return comparison, total


def _cash_delta(
    alt: tuple[FloatArray, FloatArray | None],
    base: tuple[FloatArray, FloatArray | None],
    into: FloatArray,
    spare: FloatArray | None,
) -> FloatArray:
    """``(alt_all - alt_capacity) - (base_all - base_capacity)`` (a capacity part of
    ``None`` is not subtracted), as :meth:`AlternativeRun.cash` and their difference
    compute it, in ``into`` (and ``spare`` for the comparison's cash part) when they have
    the result's shape."""
    (alt_all, alt_capacity), (base_all, base_capacity) = alt, base
    shape = np.broadcast_shapes(alt_all.shape, base_all.shape)

    def fits(array: FloatArray | None) -> bool:
        return array is not None and array.shape == shape and array.dtype == np.float64

    base_cash = base_all
    if base_capacity is not None:
        base_cash = (
            np.subtract(base_all, base_capacity, out=spare)
            if spare is not None and fits(spare) and base_capacity.shape == base_all.shape == shape
            else base_all - base_capacity
        )
    out = into if fits(into) else np.empty(shape)
    if alt_capacity is None:
        np.subtract(alt_all, base_cash, out=out)
        return out
    if alt_capacity.shape != alt_all.shape:
        return (alt_all - alt_capacity) - base_cash
    np.subtract(alt_all, alt_capacity, out=out)
    out -= base_cash
    return out


@dataclass(frozen=True)
class NpvComparison:
    """The NPV of an alternative against the comparison alternative, for every scope: what
    :func:`compare` gives as ``horizon[scope].npv`` and ``term_of_office[scope].npv``, bit
    for bit, without the IRR, payback and ratios (the searches of the tornado and the
    break-even read only the NPV, thousands of times)."""

    alternative: str
    horizon: dict[str, float]
    term_of_office: dict[str, float]


def compare_npv(
    run: ScenarioRun, alt: AlternativeRun, scopes: Collection[str] | None = None
) -> NpvComparison:
    """The NPV of ``alt`` against the comparison alternative, for every scope (or only those
    of ``scopes``: the searches read one or a few), to the horizon and within the term of
    office (as :func:`compare`, only the NPV). Every scope's flows are rolled up as for all
    of them; only the others' means and present values are left out, so a scope's NPV is the
    same whichever scopes are asked for."""
    base = run.comparison
    factors = run.money_factors
    term = run.compiled.scenario.analysis.term_of_office
    horizon: dict[str, float] = {}
    term_npv: dict[str, float] = {}
    for scope, costs, benefits in _scope_costs_benefits(
        run, alt.ledger - base.ledger, alt.programme - base.programme, scopes
    ):
        horizon[scope] = _present_values(costs, benefits, factors)[2]
        term_npv[scope] = _present_values(costs[:term], benefits[:term], factors[:term])[2]
    return NpvComparison(alternative=alt.id, horizon=horizon, term_of_office=term_npv)


def _scope_costs_benefits(
    run: ScenarioRun,
    delta_ledger: FloatArray,
    delta_programme: FloatArray,
    scopes: Collection[str] | None = None,
) -> list[tuple[str, FloatArray, FloatArray]]:
    """The yearly costs (the programme's) and benefits (everything else, with the sign of a
    gain) of every scope, averaged over draws, from the alternative's ledger and programme
    minus the comparison's."""
    return _costs_benefits(
        scope_flows(run, delta_ledger), scope_flows(run, delta_programme), scopes
    )


def _costs_benefits(
    total_delta: dict[str, FloatArray],
    programme_delta: dict[str, FloatArray],
    scopes: Collection[str] | None = None,
) -> list[tuple[str, FloatArray, FloatArray]]:
    """:func:`_scope_costs_benefits` from the scope flows of the differences."""
    out = []
    for scope, delta in total_delta.items():
        if scopes is not None and scope not in scopes:
            continue
        costs = _mean(programme_delta[scope])
        benefits = -(_mean(delta) - costs)
        out.append((scope, costs, benefits))
    return out


def _flow_metrics(
    run: ScenarioRun, total_delta: dict[str, FloatArray], programme_delta: dict[str, FloatArray]
) -> tuple[dict[str, InvestmentMetrics], dict[str, InvestmentMetrics]]:
    """Metrics of every scope to the horizon and within the term of office, from the scope
    flows of the alternative's ledger and programme minus the comparison's."""
    start = run.compiled.start_year
    term = run.compiled.scenario.analysis.term_of_office
    factors = run.money_factors
    horizon: dict[str, InvestmentMetrics] = {}
    term_metrics: dict[str, InvestmentMetrics] = {}
    for scope, costs, benefits in _costs_benefits(total_delta, programme_delta):
        horizon[scope] = investment_metrics(costs, benefits, factors, start)
        term_metrics[scope] = investment_metrics(
            costs[:term], benefits[:term], factors[:term], start
        )
    return horizon, term_metrics
