"""The JSON of ``socinvest share`` (documented in ``docs/share.md``)."""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from socinvest.analysis.finsam import SOURCE, Finsam
from socinvest.analysis.sharing import Sharing
from socinvest.reports.json_meta import analysis_meta
from socinvest.scenario.model import Scenario

FloatArray = npt.NDArray[np.float64]

FORMAT_VERSION = 1


def _spread(values: FloatArray | None) -> dict[str, float] | None:
    """Mean and 5th and 95th percentiles of a figure over the draws (``None``: not known)."""
    if values is None:
        return None
    p5, p95 = np.quantile(values, [0.05, 0.95])
    return {"mean": float(values.mean()), "p5": float(p5), "p95": float(p95)}


def sharing_json(
    sharing: Sharing, scenario: Scenario, scenario_hash: str, finsam: Finsam | None = None
) -> dict[str, Any]:
    """Parties, proposals and (with ``finsam``) the Finsam comparison as a JSON-ready dict.

    Amounts are SEK in the analysis price year, present values at the start year; ``share``
    is a party's share of the cost, ``received`` the net transfer to it; probabilities are
    shares of the draws (``null`` without draws)."""
    out: dict[str, Any] = {
        "format_version": FORMAT_VERSION,
        "analysis": "share",
        "meta": analysis_meta(scenario, scenario_hash, draws=sharing.draws, seed=sharing.seed),
        "alternative": sharing.alternative,
        "between": sharing.between,
        "parent": sharing.parent,
        "cost": sharing.cost,
        "total_npv": sharing.total_npv,
        "term_years": sharing.term_years,
        "parties": [
            {
                "id": p.id,
                "own_flows": p.own,
                "cost": p.cost,
                "gain": p.gain,
                "npv": p.npv,
                "npv_term": p.npv_term,
                "cost_draws": _spread(p.cost_draws),
                "gain_draws": _spread(p.gain_draws),
                "npv_draws": _spread(p.draws),
            }
            for p in sharing.parties
        ],
        "proposals": [
            {
                "method": pr.method,
                "feasible": pr.infeasible is None,
                "everyone_gains": pr.everyone_gains,
                "message": pr.infeasible.english if pr.infeasible is not None else None,
                "outcomes": [
                    {
                        "party": o.party,
                        "share": o.share,
                        "share_of_cost": o.share / sharing.cost if sharing.cost else None,
                        "received": o.received,
                        "npv": o.npv,
                        "npv_term": o.npv_term,
                        "mean_npv": o.mean,
                        "mean_npv_term": o.mean_term,
                        "p_gain": o.p_gain,
                        "p_gain_term": o.p_gain_term,
                    }
                    for o in pr.outcomes
                ],
            }
            for pr in sharing.proposals
        ],
    }
    if finsam is not None:
        out["finsam"] = {
            "alternative": finsam.alternative,
            "cost": finsam.cost,
            "source": SOURCE,
            "members": [
                {
                    "id": m.id,
                    "payers": list(m.payers),
                    "gain": m.gain,
                    "law_share": m.law_share,
                    "gain_share": m.gain_share,
                    "pays_law": m.pays_law,
                    "pays_matching": m.pays_matching,
                    "over_payment": m.over_payment,
                    "npv_law": m.npv_law,
                    "npv_law_term": m.npv_law_term,
                    "npv_matching": m.npv_matching,
                    "mean_npv_law": m.mean_law,
                    "p_gain_law": m.p_gain_law,
                    "p_gain_law_term": m.p_gain_law_term,
                    "p_gain_matching": m.p_gain_matching,
                    "p_gain_matching_term": m.p_gain_matching_term,
                }
                for m in finsam.members
            ],
        }
    return out
