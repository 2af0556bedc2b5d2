"""The JSON of ``socinvest portfolio`` (documented in ``docs/portfolio.md``)."""

from __future__ import annotations

import math
from typing import Any

from socinvest.analysis.portfolio import FrontierPoint, PortfolioResult
from socinvest.core.portfolio import ChanceLimit, CvarLimit

FORMAT_VERSION = 1


def _finite(value: float) -> float | None:
    return value if math.isfinite(value) else None


def _risk(result: PortfolioResult) -> dict[str, Any] | None:
    if isinstance(result.risk, ChanceLimit):
        return {"kind": "chance", "alpha": result.risk.alpha}
    if isinstance(result.risk, CvarLimit):
        return {"kind": "cvar", "alpha": result.risk.alpha, "limit": result.risk.limit}
    return None


def _point(p: FrontierPoint) -> dict[str, Any]:
    return {
        "value": p.value,
        "feasible": p.feasible,
        "expected_npv": _finite(p.expected_npv),
        "p_gain": _finite(p.p_gain),
        "chosen": p.chosen,
    }


def portfolio_json(
    result: PortfolioResult, scenarios: list[tuple[str, str]], budget_file: str
) -> dict[str, Any]:
    """The portfolio as a JSON-ready dictionary; ``scenarios`` are (id, hash) pairs."""
    from socinvest import __version__

    return {
        "format_version": FORMAT_VERSION,
        "analysis": "portfolio",
        "meta": {
            "version": __version__,
            "scenarios": [{"id": i, "scenario_hash": h} for i, h in scenarios],
            "budget_file": budget_file,
            "currency": "SEK",
            "price_year": result.price_year,
            "draws": result.draws,
            "seed": result.seed,
            "term_of_office_years": list(result.term_years),
            "method": "mixed-integer programme, scipy.optimize.milp (HiGHS)",
            "status": result.status,
        },
        "scope": result.scope,
        "risk_limit": _risk(result),
        "expected_npv": result.expected_npv,
        "p_gain": result.p_gain,
        "p_gain_term_of_office": result.p_gain_term,
        "p_loss": result.p_loss,
        "cvar": result.cvar,
        "candidates": [
            {
                "id": c.id,
                "label": c.label,
                "chosen": c.share > 0,
                "share": c.share,
                "participants": c.participants,
                "expected_npv": c.expected_npv,
                "p_gain": c.p_gain,
                "p_gain_term_of_office": c.p_gain_term,
            }
            for c in result.candidates
        ],
        "by_scope": {
            name: {
                "expected_npv": f.mean,
                "p_gain": f.p_gain,
                "expected_npv_term_of_office": f.mean_term,
                "p_gain_term_of_office": f.p_gain_term,
            }
            for name, f in result.by_scope.items()
        },
        "budgets": [
            {"payer": b.payer, "year": b.year, "amount": b.amount, "used": b.used}
            for b in result.budgets
        ],
        "frontier": (
            {"over": result.frontier_kind, "points": [_point(p) for p in result.frontier]}
            if result.frontier_kind
            else None
        ),
    }
