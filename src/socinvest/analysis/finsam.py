"""Financial coordination (Finsam): a samordningsförbund's fixed split of its funds set
against how the gains of a jointly financed intervention actually fall.

Lag (2003:1210) om finansiell samordning av rehabiliteringsinsatser, 5 § (as amended by
SFS 2010:350): "Försäkringskassan ska bidra med hälften av medlen till den finansiella
samordningen. Det eller de landsting som deltar ska bidra med en fjärdedel av medlen och den
eller de kommuner som deltar med en fjärdedel." The members are Försäkringskassan,
Arbetsförmedlingen, the region(s) and the municipality or municipalities (3 §); the state's
half is paid through Försäkringskassan (for both state members) and is counted here against
the gains of both state members. Since 2020 the law says "region" for "landsting"; that later
wording was not read here (see :data:`SOURCE`).

For an alternative against the comparison, each member's gain ``g_m`` is its NPV plus the
intervention costs the ledger books on it (present values, deterministic run). If the
förbund pays the whole cost ``C`` (every member's programme cost in the ledger, members or
not), member ``m`` pays ``law_m C`` and its NPV is ``g_m - law_m C``. The split matching the
gains pays ``C g_m / sum g`` (positive gains; :func:`socinvest.core.sharing.
proportional_shares`); the difference is what the member over-pays (positive) or under-pays
(negative) under the law. The contributions are paid as the costs fall (each year's cost in
the same shares, as :func:`socinvest.analysis.sharing.term_transfers`), and under
uncertainty the same contributions are applied to every draw of the PSA, within the term of
office and to the horizon.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from socinvest.analysis.errors import OptionError
from socinvest.analysis.results import ScenarioResults
from socinvest.analysis.sharing import Party, parties_of, term_years
from socinvest.core.sharing import proportional_shares
from socinvest.i18n import N_
from socinvest.params.errors import Message

FloatArray = npt.NDArray[np.float64]

MEMBERS: tuple[tuple[str, tuple[str, ...], float], ...] = (
    ("stat", ("stat.forsakringskassan", "stat.arbetsformedlingen"), 0.5),
    ("region", ("region",), 0.25),
    ("kommun", ("kommun",), 0.25),
)
"""Each member party of a samordningsförbund: its id, the payer nodes whose gains it
receives, and its share of the funds by 5 § of lag (2003:1210)."""

SOURCE: dict[str, str] = {
    "title": "Lag (2003:1210) om finansiell samordning av rehabiliteringsinsatser, 5 §",
    "publisher": "Sveriges riksdag (SFS 2010:350, Svensk författningssamling)",
    "year": "2010",
    "link": "https://www.lagboken.se/Lagboken/start/socialratt/"
    "lag-20031210-om-finansiell-samordning-av-rehabiliteringsinsatser/",
    "note": (
        "5 § as amended by SFS 2010:350: Försäkringskassan half of the funds, the "
        "landsting (now region) a quarter, the municipality or municipalities a quarter; "
        "members by 3 §. Read in the SFS text of the amendment and a consolidation up to SFS "
        "2011:1517; the current wording (region for landsting) not verified."
    ),
    "grade": "primary (5 § as of SFS 2010:350); current consolidated text not verified",
}

NO_GAIN = N_(
    "the members of the samordningsförbund together do not gain from {alternative}: "
    "no split matches the gains"
)


@dataclass(frozen=True)
class FinsamMember:
    """One member under the law's split and under the split matching the gains.

    ``law_share`` and ``gain_share`` are fractions of the cost; ``pays_law`` and
    ``pays_matching`` amounts (SEK, present value); ``over_payment = pays_law -
    pays_matching`` (positive: the member pays more than its gains warrant). ``npv_law`` and
    ``npv_matching`` its deterministic NPV under each split; ``p_gain_law``/``..._term`` the
    share of draws with a gain under the law's split (``None`` without draws), likewise
    ``p_gain_matching``."""

    id: str
    payers: tuple[str, ...]
    gain: float
    law_share: float
    gain_share: float
    pays_law: float
    pays_matching: float
    npv_law: float
    npv_matching: float
    npv_law_term: float
    mean_law: float | None
    p_gain_law: float | None
    p_gain_law_term: float | None
    p_gain_matching: float | None
    p_gain_matching_term: float | None

    @property
    def over_payment(self) -> float:
        return self.pays_law - self.pays_matching


@dataclass(frozen=True)
class Finsam:
    """The Finsam comparison of one alternative."""

    alternative: str
    cost: float
    members: list[FinsamMember]
    draws: int
    term_years: int


def _member_party(parties: list[Party], pid: str, payers: tuple[str, ...]) -> Party:
    """The members' figures summed over their payer nodes (absent nodes count as zero)."""
    found = [p for p in parties if p.id in payers]

    def total(values: list[FloatArray | None]) -> FloatArray | None:
        arrays = [v for v in values if v is not None]
        return np.asarray(sum(arrays), dtype=np.float64) if arrays else None

    return Party(
        id=pid,
        own=False,
        cost=sum(p.cost for p in found),
        gain=sum(p.gain for p in found),
        npv=sum(p.npv for p in found),
        npv_term=sum(p.npv_term for p in found),
        cost_term=sum(p.cost_term for p in found),
        draws=total([p.draws for p in found]),
        draws_term=total([p.draws_term for p in found]),
    )


def _p(values: FloatArray | None) -> float | None:
    return None if values is None else float(np.mean(values > 0.0))


def finsam(results: ScenarioResults, alternative: str | None = None) -> Finsam:
    """The law's split against the gains for ``alternative`` (default the first).

    Raises
    ------
    OptionError
        For an unknown alternative, or when the members together gain nothing.
    """
    chosen = alternative or results.comparisons[0].alternative
    every = [(m, False) for _, nodes, _ in MEMBERS for m in nodes]
    parties = parties_of(results, chosen, every, keep_empty=True)
    run = results.run
    alt = next(a for a in run.alternatives if a.id == chosen)
    programme = (alt.programme - run.comparison.programme).mean(axis=0).sum(axis=(1, 2))
    cost = float((programme * run.money_factors).sum())
    cost_term = float((programme * run.money_factors)[: term_years(results)].sum())
    members = [_member_party(parties, pid, nodes) for pid, nodes, _ in MEMBERS]
    gains = np.array([m.gain for m in members])
    if float(np.maximum(gains, 0.0).sum()) <= 0.0:
        raise OptionError("--finsam", Message.of(NO_GAIN, alternative=chosen))
    law = np.array([share for _, _, share in MEMBERS])
    matching = proportional_shares(gains, cost) / cost if cost else law
    out = []
    for member, (pid, nodes, share), gain_share in zip(members, MEMBERS, matching, strict=True):
        # Under a split the member is reimbursed the cost it bears and pays its share.
        x_law = member.cost - share * cost
        x_match = member.cost - float(gain_share) * cost
        x_law_term = member.cost_term - share * cost_term
        x_match_term = member.cost_term - float(gain_share) * cost_term

        def shifted(values: FloatArray | None, x: float) -> FloatArray | None:
            return None if values is None else values + x

        law_draws = shifted(member.draws, x_law)
        out.append(
            FinsamMember(
                id=pid,
                payers=nodes,
                gain=member.gain,
                law_share=share,
                gain_share=float(gain_share),
                pays_law=share * cost,
                pays_matching=float(gain_share) * cost,
                npv_law=member.npv + x_law,
                npv_matching=member.npv + x_match,
                npv_law_term=member.npv_term + x_law_term,
                mean_law=None if law_draws is None else float(law_draws.mean()),
                p_gain_law=_p(law_draws),
                p_gain_law_term=_p(shifted(member.draws_term, x_law_term)),
                p_gain_matching=_p(shifted(member.draws, x_match)),
                p_gain_matching_term=_p(shifted(member.draws_term, x_match_term)),
            )
        )
    psa = results.psa
    return Finsam(
        alternative=chosen,
        cost=cost,
        members=out,
        draws=psa.draws if psa is not None else 0,
        term_years=term_years(results),
    )
