"""The committee page's table of the proposed split of the intervention's cost between the
organisations (:mod:`socinvest.analysis.sharing`, carried in :attr:`Case.sharing`).

The proposal shown is the smallest transfers that leave every organisation at zero or better
(it changes the ledger's split least); the Shapley value's share stands beside it. When the
organisations together lose, the table shows what each pays and gains and says plainly that
no split leaves all of them whole. Every number comes from the case."""

from __future__ import annotations

from typing import Any

from socinvest.analysis.case import Case
from socinvest.i18n import translator
from socinvest.reports.formatting import money, percent
from socinvest.reports.sharing_labels import party_label

PROPOSED = "minimal"
BESIDE = "shapley"


def sharing_table(case: Case, lang: str) -> dict[str, Any] | None:
    """Rows and notes of the table, or ``None`` when the case has no sharing analysis."""
    sharing = case.sharing
    if sharing is None:
        return None
    _ = translator(lang)
    tree = case.results.compiled.payers
    proposed = sharing.proposal(PROPOSED)
    beside = sharing.proposal(BESIDE)
    outcomes = {o.party: o for o in proposed.outcomes}
    shapley = {o.party: o for o in beside.outcomes}

    def p(value: float | None) -> str:
        return "–" if value is None else percent(value, lang, 0)

    rows = []
    for party in sharing.parties:
        o = outcomes.get(party.id)
        s = shapley.get(party.id)
        rows.append(
            {
                "id": party.id,
                "label": party_label(party, tree, lang),
                "pays_today": money(party.cost, lang),
                "gains": money(party.gain, lang),
                "share": money(o.share, lang) if o else "–",
                "share_exact": o.share if o else None,
                "npv": money(o.npv, lang) if o else money(party.npv, lang),
                "gain": (o.npv if o else party.npv) >= 0,
                "p_term": p(o.p_gain_term) if o else "–",
                "p_horizon": p(o.p_gain) if o else "–",
                "shapley": money(s.share, lang) if s else "–",
            }
        )
    if proposed.infeasible is not None:
        verdict = proposed.infeasible.translate(_)
    elif all(abs(o.received) < 0.5 for o in proposed.outcomes):
        verdict = _("Every organisation gains already: no transfer is needed.")
    else:
        verdict = _(
            "The smallest transfers that leave every organisation at zero or better: those "
            "that gain give up the same share of their gain."
        )
    return {
        "rows": rows,
        "feasible": proposed.infeasible is None,
        "verdict": verdict,
        "cost": money(sharing.cost, lang),
        "draws": sharing.draws,
    }
