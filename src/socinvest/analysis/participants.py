"""Participants and the figures per participant.

WSIPP's benefit-cost results and the Danish SØM model lead with the figures per participant;
a committee reads "what does it cost per child" before the totals. The participants are
counted from the scenario:

- *children*: the target group, every intake summed (``target_group.size`` or ``intake``);
- *offered*: the children in the intervention's eligible states at the start (the share of
  the initial mix in ``eligible_states``; by default every state of the mix, so all);
- *participating*: the offered times the intervention's ``participation`` (default 1: all
  offered take part).

A universal offer keeps the two apart: every family with a four-year-old is offered a
parenting programme, 30 % take part, so the cost "per participant" is per participating
family and the cost per family offered is a further figure. An alternative with several
interventions is counted by the largest group offered and the largest group taking part
(they are the same children, so the counts are not summed).

The figures per participant are the alternative's present values against the comparison
(:class:`~socinvest.analysis.summary.InvestmentMetrics`) divided by the number
participating (and by the number offered), so each figure times its count is the total.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from socinvest.analysis.summary import Comparison, InvestmentMetrics
from socinvest.scenario.model import Scenario


@dataclass(frozen=True)
class Participants:
    """Who takes part in one alternative (see the module docstring).

    Attributes
    ----------
    alternative : str
    children : float
        The target group, every intake summed.
    offered : float
        Children (families) offered the intervention.
    participating : float
        Of those offered, the ones who take part.
    participation : float or None
        The scenario's share taking part (``None``: not given, all offered take part).
    """

    alternative: str
    children: float
    offered: float
    participating: float
    participation: float | None

    @property
    def universal_offer(self) -> bool:
        """Whether fewer take part than are offered (then both counts are shown)."""
        return self.participating < self.offered


@dataclass(frozen=True)
class PerHead:
    """Present values of one scope divided by a number of persons."""

    costs: float
    benefits: float
    net: float
    undiscounted_net: float

    def times(self, n: float) -> tuple[float, float, float, float]:
        """The totals back (each figure times ``n``)."""
        return (self.costs * n, self.benefits * n, self.net * n, self.undiscounted_net * n)


def participants(scenario: Scenario, alternative: str) -> Participants:
    """Count the participants of ``alternative`` in ``scenario`` (a scenario as run).

    An alternative without interventions (the comparison, or one that only changes
    nothing) offers nobody anything: its counts are 0 and its per-head figures ``None``.

    Raises
    ------
    ValueError
        For an unknown alternative.
    """
    alt = next((a for a in scenario.alternatives if a.id == alternative), None)
    if alt is None:
        raise ValueError(f"{alternative!r} is not an alternative of the scenario")
    tg = scenario.target_group
    children = float(sum(tg.intake_sizes()))
    initial = {s: float(v) for s, v in tg.initial_states.items()}
    offered = participating = 0.0
    share: float | None = None
    for iid in alt.interventions:
        intervention = next(i for i in scenario.interventions if i.id == iid)
        eligible: Iterable[str] = intervention.eligible_states or [
            s for s, v in initial.items() if v > 0
        ]
        n_offered = children * sum(initial.get(s, 0.0) for s in set(eligible))
        p = intervention.participation
        if p is not None:
            share = float(p) if share is None else max(share, float(p))
        offered = max(offered, n_offered)
        participating = max(participating, n_offered * (1.0 if p is None else float(p)))
    return Participants(
        alternative=alternative,
        children=children,
        offered=offered,
        participating=participating,
        participation=share,
    )


def per_head(metrics: InvestmentMetrics, n: float) -> PerHead | None:
    """``metrics`` divided by ``n`` persons (``None`` when nobody takes part)."""
    if n <= 0:
        return None
    return PerHead(
        costs=metrics.pv_costs / n,
        benefits=metrics.pv_benefits / n,
        net=metrics.npv / n,
        undiscounted_net=metrics.undiscounted_net / n,
    )


def per_participant(
    comparison: Comparison, counted: Participants, scopes: Iterable[str]
) -> dict[str, tuple[PerHead | None, PerHead | None]]:
    """For each scope, the figures per participant and per person offered.

    Returns
    -------
    dict of str to (PerHead or None, PerHead or None)
        ``(per participating, per offered)``; per offered is ``None`` when all offered take
        part (it would be the same).
    """
    out: dict[str, tuple[PerHead | None, PerHead | None]] = {}
    for scope in scopes:
        m = comparison.horizon[scope]
        offered = per_head(m, counted.offered) if counted.universal_offer else None
        out[scope] = (per_head(m, counted.participating), offered)
    return out
