"""Between committees: what each committee (nämnd) of a payer pays and gains, and a transfer
that would leave every committee whole.

A social investment often pays in one committee and gains in another: a school-attendance
team costs the school and saves social services later. The kommun's figure, rolled up,
hides this. :func:`split_payer` splits a payer node's net flows (alternative minus
comparison) over its children in the payer tree (each child with its own subtree), plus the
flows booked on the node itself (for the kommun: taxes and income equalisation, which no
committee owns), so that the parts sum exactly to the node's figure, each year and in total.

The transfer proposal (:func:`proportional_transfers`) is the simplest rule that leaves
every committee at zero or better when the whole is positive: each committee that gains pays
the committees that lose in proportion to its gain (its share of all gains), until each
losing committee is back at zero. Gainer ``i`` then keeps ``g_i (1 - L / G)`` (``G`` the sum
of gains, ``L`` of losses), which is not negative exactly when ``G >= L``. When the node as
a whole loses, no transfer between its committees can leave them all whole, and the proposal
says so instead. The full cost-sharing analysis (shares by benefit, by ability to pay, fund
repayments) is the work of the synchronisation roadmap; this is a first, plain proposal in
present value (a rule of this module, not taken from a source).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from socinvest.analysis.run import ScenarioRun
from socinvest.core.payers import roll_up

FloatArray = npt.NDArray[np.float64]

DEFAULT_PARENT = "kommun"
"""The payer whose committees are split by default."""


@dataclass(frozen=True)
class PartNet:
    """One part of the split: a committee (with its subtree) or the node's own flows.

    Attributes
    ----------
    payer : str
        The committee's payer id; for the node's own flows the node's id (``own`` is true).
    own : bool
        True for the flows booked on the node itself, not on a committee.
    net : ndarray, shape (T,)
        Benefits minus costs in each calendar year, undiscounted (positive: a gain).
    discounted : ndarray, shape (T,)
        ``net`` discounted with the money discount factors.
    costs : ndarray, shape (T,)
        The intervention's own costs in each year (undiscounted, positive).
    """

    payer: str
    own: bool
    net: FloatArray
    discounted: FloatArray
    costs: FloatArray

    @property
    def npv(self) -> float:
        """Net present value (sum of ``discounted``)."""
        return float(self.discounted.sum())

    @property
    def undiscounted(self) -> float:
        """Undiscounted net over all years."""
        return float(self.net.sum())


@dataclass(frozen=True)
class Transfer:
    """A transfer in present value from a committee that gains to one that loses."""

    payer: str
    recipient: str
    amount: float


@dataclass(frozen=True)
class CommitteeSplit:
    """A payer node's net split over its committees (see the module docstring).

    Attributes
    ----------
    parent : str
        The payer node split (default the kommun).
    parts : list of PartNet
        Each committee with any flow, in the payer tree's order, then the node's own flows
        if it has any. They sum to ``total`` in every year.
    total : PartNet
        The node rolled up (its figure in the rest of the report).
    transfers : list of Transfer
        The proportional proposal; empty when no committee loses or when ``whole`` is false.
    whole : bool
        Whether a transfer between the parts can leave every part at zero or better (the
        node's NPV is not negative).
    """

    parent: str
    parts: list[PartNet]
    total: PartNet
    transfers: list[Transfer]
    whole: bool

    @property
    def losers(self) -> list[PartNet]:
        """Parts with a negative NPV, largest loss first."""
        return sorted((p for p in self.parts if p.npv < 0), key=lambda p: p.npv)

    @property
    def gainers(self) -> list[PartNet]:
        """Parts with a positive NPV, largest gain first."""
        return sorted((p for p in self.parts if p.npv > 0), key=lambda p: -p.npv)

    def after_transfers(self) -> dict[str, float]:
        """Each part's NPV after the proposed transfers (by payer id)."""
        out = {p.payer: p.npv for p in self.parts}
        for t in self.transfers:
            out[t.payer] -= t.amount
            out[t.recipient] += t.amount
        return out


def proportional_transfers(npv: dict[str, float]) -> tuple[list[Transfer], bool]:
    """Transfers that bring every part with a negative NPV to zero, each gaining part paying
    in proportion to its gain.

    Parameters
    ----------
    npv : dict of str to float
        Each part's net present value.

    Returns
    -------
    transfers : list of Transfer
        From each gainer to each loser: ``loss_j * gain_i / sum of gains``. Empty when
        nobody loses or when the parts together lose (then no transfer leaves all whole).
    whole : bool
        Whether the parts together are at zero or better.
    """
    gains = {k: v for k, v in npv.items() if v > 0}
    losses = {k: -v for k, v in npv.items() if v < 0}
    total_gain = sum(gains.values())
    total_loss = sum(losses.values())
    whole = total_gain >= total_loss
    if not whole or not losses:
        return [], whole
    transfers = [
        Transfer(payer=g, recipient=loser, amount=loss * gain / total_gain)
        for g, gain in gains.items()
        for loser, loss in losses.items()
    ]
    return transfers, whole


def split_ledger(
    delta: FloatArray,
    programme: FloatArray,
    ids: Sequence[str],
    parents: Sequence[int],
    factors: FloatArray,
    parent: str = DEFAULT_PARENT,
) -> CommitteeSplit:
    """Split a payer node's flows over its children.

    Parameters
    ----------
    delta : ndarray, shape (D, T, N, C)
        Alternative minus comparison ledger (costs positive), direct flows per payer node.
    programme : ndarray, shape (D, T, N, C)
        The intervention costs' part of ``delta``.
    ids, parents : sequences
        The payer tree: ids and parent indices (``-1`` for a root), parents first.
    factors : ndarray, shape (T,)
        Money discount factors.
    parent : str
        The node to split.

    Raises
    ------
    ValueError
        When ``parent`` is not in the tree.
    """
    if parent not in ids:
        raise ValueError(f"unknown payer {parent!r}; expected one of: {', '.join(ids)}")
    k = list(ids).index(parent)
    flows = roll_up(delta.mean(axis=0).sum(axis=2), parents, axis=1)  # (T, N)
    costs = roll_up(programme.mean(axis=0).sum(axis=2), parents, axis=1)
    direct = delta.mean(axis=0).sum(axis=2)[:, k]
    direct_costs = programme.mean(axis=0).sum(axis=2)[:, k]

    def part(pid: str, own: bool, cost_flows: FloatArray, all_flows: FloatArray) -> PartNet:
        net = -all_flows
        return PartNet(
            payer=pid, own=own, net=net, discounted=net * factors, costs=cost_flows.copy()
        )

    parts = [
        part(pid, False, costs[:, i], flows[:, i])
        for i, pid in enumerate(ids)
        if parents[i] == k and bool(np.any(flows[:, i] != 0) or np.any(costs[:, i] != 0))
    ]
    if np.any(direct != 0) or np.any(direct_costs != 0):
        parts.append(part(parent, True, direct_costs, direct))
    total = part(parent, False, costs[:, k], flows[:, k])
    transfers, whole = proportional_transfers({p.payer: p.npv for p in parts})
    return CommitteeSplit(parent=parent, parts=parts, total=total, transfers=transfers, whole=whole)


def committee_split(
    run: ScenarioRun, alternative: str, parent: str = DEFAULT_PARENT
) -> CommitteeSplit:
    """The split over ``parent``'s committees of ``alternative`` against the comparison,
    from the deterministic ledger of ``run``."""
    alt = next(a for a in run.alternatives if a.id == alternative)
    base = run.comparison
    tree = run.compiled.payers
    return split_ledger(
        alt.ledger - base.ledger,
        alt.programme - base.programme,
        tree.ids,
        tree.parents,
        run.money_factors,
        parent,
    )
