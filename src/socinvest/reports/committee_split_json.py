"""The split between committees and the figures per participant in ``results.json``
(``alternatives[].vs_comparison.committees`` and ``.participants``; see
docs/results-json.md)."""

from __future__ import annotations

from typing import Any

from socinvest.analysis.committees import DEFAULT_PARENT, CommitteeSplit, committee_split
from socinvest.analysis.participants import participants, per_participant
from socinvest.analysis.results import ScenarioResults
from socinvest.analysis.summary import PERSPECTIVES


def split_json(split: CommitteeSplit) -> dict[str, Any]:
    """A committee split as JSON: each part's yearly net and totals, and the transfers."""

    def part(p: Any) -> dict[str, Any]:
        return {
            "payer": p.payer,
            "own": p.own,
            "net_by_year": [float(v) for v in p.net],
            "costs_by_year": [float(v) for v in p.costs],
            "npv": p.npv,
            "undiscounted_net": p.undiscounted,
        }

    return {
        "parent": split.parent,
        "parts": [part(p) for p in split.parts],
        "total": part(split.total),
        "whole": split.whole,
        "transfers": [
            {"from": t.payer, "to": t.recipient, "amount": t.amount} for t in split.transfers
        ],
    }


def committees_json(results: ScenarioResults, alternative: str) -> dict[str, Any] | None:
    """The kommun's split for ``alternative`` (``None`` without a kommun in the tree)."""
    if DEFAULT_PARENT not in results.compiled.payers.ids:
        return None
    return split_json(committee_split(results.run, alternative))


def participants_json(results: ScenarioResults, alternative: str) -> dict[str, Any]:
    """The participants of ``alternative`` and the present values per participant (and per
    person offered) of every top-level payer and perspective."""
    counted = participants(results.scenario, alternative)
    tree = results.compiled.payers
    scopes = [*tree.top_level, *PERSPECTIVES]
    figures = per_participant(results.comparison_for(alternative), counted, scopes)

    def head(h: Any) -> dict[str, float] | None:
        if h is None:
            return None
        return {
            "pv_costs": h.costs,
            "pv_benefits": h.benefits,
            "npv": h.net,
            "undiscounted_net": h.undiscounted_net,
        }

    return {
        "children": counted.children,
        "offered": counted.offered,
        "participating": counted.participating,
        "participation": counted.participation,
        "per_participant": {s: head(figures[s][0]) for s in scopes},
        "per_offered": {s: head(figures[s][1]) for s in scopes},
    }
