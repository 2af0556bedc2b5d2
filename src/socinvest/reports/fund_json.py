"""The JSON of ``socinvest fund`` and ``socinvest contract`` (documented in
``docs/funds.md``)."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import numpy.typing as npt

from socinvest.analysis.contract import ContractResult
from socinvest.analysis.fund import FundResult
from socinvest.analysis.psa import NpvSummary
from socinvest.reports.json_meta import analysis_meta
from socinvest.scenario.fund_rules import FigureSource, FundRules
from socinvest.scenario.model import Scenario

FORMAT_VERSION = 1


def _finite(x: float) -> float | None:
    return float(x) if math.isfinite(x) else None


def _band(a: npt.NDArray[np.float64]) -> dict[str, float]:
    """Mean, 5th and 95th percentiles of per-draw values."""
    p5, p95 = np.quantile(a, [0.05, 0.95])
    return {"mean": float(a.mean()), "p5": float(p5), "p95": float(p95)}


def _per_year(a: npt.NDArray[np.float64]) -> list[float]:
    return [float(x) for x in a.mean(axis=0)]


def npv_json(s: NpvSummary) -> dict[str, float]:
    """An NPV's distribution: mean, percentiles and the probability of a gain."""
    return {"mean": s.mean, "p5": s.p5, "median": s.median, "p95": s.p95, "p_gain": s.p_positive}


def source_json(s: FigureSource) -> dict[str, Any]:
    return {
        "figures": list(s.figures),
        "title": s.title,
        "publisher": s.publisher,
        "year": s.year,
        "link": s.link,
        "grade": s.grade,
        "status": s.status,
        "note": s.note,
    }


def figures_json(rules_figures: list[str], sources: list[FigureSource]) -> list[dict[str, Any]]:
    """Each figure with its best-graded source's grade and status, or none (an assumption)."""
    rank = {"primary": 0, "secondary": 1, "estimate": 2, None: 3}
    out = []
    for figure in rules_figures:
        backing = sorted((s for s in sources if figure in s.figures), key=lambda s: rank[s.grade])
        best = backing[0] if backing else None
        out.append(
            {
                "figure": figure,
                "grade": best.grade if best else None,
                "status": best.status if best else "not_verified",
                "source": best.title if best else None,
            }
        )
    return out


def _rules_json(rules: FundRules) -> dict[str, Any]:
    r = rules.repayment
    cap = None if r.cap is None else r.cap.model_dump(exclude_none=True)
    return {
        "id": rules.id,
        "name": rules.name.model_dump(),
        "owner": rules.owner,
        "capital": rules.capital,
        "limits": rules.limits.model_dump(),
        "repayment": {
            "rule": r.rule,
            "share": r.share,
            "from_year": r.from_year,
            "years": r.years,
            "cap": cap,
        },
    }


def fund_json(result: FundResult, scenario: Scenario, scenario_hash: str) -> dict[str, Any]:
    """A fund's simulation as a JSON-ready dictionary."""
    ledger = result.ledger
    mean, p5, p95 = result.balance_band()
    rules = result.rules
    return {
        "format_version": FORMAT_VERSION,
        "analysis": "fund",
        "meta": analysis_meta(
            scenario,
            scenario_hash,
            draws=result.draws,
            seed=result.seed,
            method="fund ledger per draw and year, whole kronor",
        ),
        "fund": _rules_json(rules),
        "years": result.years,
        "balance": {
            "mean": [float(x) for x in mean],
            "p5": [float(x) for x in p5],
            "p95": [float(x) for x in p95],
        },
        "ledger_mean": {
            "opening": _per_year(ledger.opening),
            "allocations": [float(x) for x in ledger.allocations],
            "disbursements": _per_year(ledger.disbursements),
            "repayments": _per_year(ledger.repayments),
            "closing": _per_year(ledger.closing),
        },
        "p_depleted": result.p_depleted,
        "first_depleted": {str(y): p for y, p in result.first_depleted().items()},
        "disbursed": _band(result.disbursed),
        "repaid": _band(result.repaid),
        "p_recovered": result.p_recovered,
        "investments": [
            {
                "alternative": f.alternative,
                "start_year": f.start_year,
                "cost": _band(f.cost.sum(axis=1)),
                "disbursed": _band(f.disbursed.sum(axis=1)),
                "repaid": _band(f.repaid.sum(axis=1)),
                "cap": _finite(float(np.mean(f.cap))),
            }
            for f in result.investments
        ],
        "committees": [
            {
                "payer": c.payer,
                "savings": _band(c.savings.sum(axis=1)),
                "repaid": _band(c.repaid.sum(axis=1)),
                "repaid_by_year": _per_year(c.repaid),
                "own_cost": _band(c.own_cost.sum(axis=1)),
                "net_npv": {
                    "term_of_office": npv_json(c.term_of_office),
                    "horizon": npv_json(c.horizon),
                },
            }
            for c in result.committees
        ],
        "term_years": result.term_years,
        "figures": figures_json(rules.figures(), rules.sources),
        "sources": [source_json(s) for s in rules.sources],
    }


def contract_json(result: ContractResult, scenario: Scenario, scenario_hash: str) -> dict[str, Any]:
    """An outcome contract's simulation as a JSON-ready dictionary."""
    terms = result.terms
    cap_year, cap_total = terms.caps
    med, p5, p95, missing = result.irr_summary()
    return {
        "format_version": FORMAT_VERSION,
        "analysis": "contract",
        "meta": analysis_meta(
            scenario,
            scenario_hash,
            draws=result.draws,
            seed=result.seed,
            method="outcome payments per draw and year; IRR by the roots of the NPV polynomial",
        ),
        "contract": {
            "id": terms.id,
            "name": terms.name.model_dump(),
            "alternative": result.alternative,
            "years": result.contract_years,
            "cap_per_year": _finite(cap_year),
            "cap_total": _finite(cap_total),
            "investor_discount_rate": terms.investor_discount_rate,
            "payers": dict(terms.payers),
        },
        "years": result.years,
        "outcomes": [
            {
                "states": list(o.states),
                "measure": o.measure,
                "price": o.price,
                "achieved": _band(result.outcomes[:, :, m].sum(axis=1)),
            }
            for m, o in enumerate(terms.outcomes)
        ],
        "payments": {
            "total": _band(result.payments.sum(axis=1)),
            "by_year_mean": _per_year(result.payments),
            "largest_year": float(result.payments.max()),
            "largest_total": float(result.payments.sum(axis=1).max()),
        },
        "costs": {
            "total": _band(result.costs.sum(axis=1)),
            "by_year_mean": _per_year(result.costs),
        },
        "investor": {
            "flows_by_year_mean": _per_year(result.investor_flows),
            "net": _band(result.investor_flows.sum(axis=1)),
            "npv": npv_json(result.investor_npv),
            "irr": {
                "median": _finite(med),
                "p5": _finite(p5),
                "p95": _finite(p95),
                "share_without_irr": missing,
            },
            "p_loss": result.p_loss,
        },
        "payers": [
            {
                "payer": p.payer,
                "share": p.share,
                "without_contract": {
                    "term_of_office": npv_json(p.without_term),
                    "horizon": npv_json(p.without),
                },
                "with_contract": {
                    "term_of_office": npv_json(p.with_contract_term),
                    "horizon": npv_json(p.with_contract),
                },
            }
            for p in result.payers
        ],
        "figures": figures_json(terms.figures(), terms.sources),
        "sources": [source_json(s) for s in terms.sources],
    }
