"""Names of the cost-sharing methods and parties, shared by the command line and the report."""

from __future__ import annotations

from socinvest.analysis.sharing import Party
from socinvest.i18n import N_, translator
from socinvest.params.payers import PayerTree
from socinvest.reports.committee_split import OWN_TEXT
from socinvest.reports.labels import scope_label

METHOD_TEXT = {
    "proportional": N_("In proportion to the gains"),
    "shapley": N_("Shapley value"),
    "minimal": N_("Smallest transfers"),
}
METHOD_NOTE = {
    "proportional": N_(
        "each party pays the cost in proportion to its discounted gain (a party that loses "
        "pays nothing but is not compensated either)"
    ),
    "shapley": N_(
        "the Shapley value (Shapley 1953) of the joint-project game: a coalition is worth "
        "what its own gains exceed the whole cost by, or nothing"
    ),
    "minimal": N_(
        "the smallest transfers (a linear programme) that bring every party to zero or "
        "better, those that gain giving up the same share of their gain"
    ),
}
FINSAM_TEXT = {
    "stat": N_("The state (Försäkringskassan and Arbetsförmedlingen)"),
    "region": N_("The region"),
    "kommun": N_("The municipality or municipalities"),
}


def method_label(method: str, lang: str) -> str:
    return translator(lang)(METHOD_TEXT[method])


def party_label(party: Party | str, tree: PayerTree, lang: str, own: bool = False) -> str:
    """A party's label: the payer's, or for a node's own flows the common budget's."""
    pid, is_own = (party.id, party.own) if isinstance(party, Party) else (party, own)
    if is_own:
        return translator(lang)(OWN_TEXT)
    return scope_label(tree, pid, lang)
