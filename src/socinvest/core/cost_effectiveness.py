"""Incremental cost-effectiveness: the efficiency frontier of several alternatives.

Given each alternative's cost and effect (for example net cost in SEK and QALYs, both
discounted), the alternatives are sorted by effect and

1. an alternative is *strongly dominated* when another costs no more and is at least as
   effective, and is better in one of the two (an exact copy of an alternative listed before
   it is dominated by that one);
2. of the rest, sorted by effect, an alternative is *extendedly dominated* when its
   incremental cost-effectiveness ratio (ICER) against the previous one on the frontier is
   higher than that of the next, more effective, alternative against it: a mix of its two
   neighbours would buy the same effect for less. Removing it changes its neighbours' ICERs,
   so the test is repeated until the ICERs rise along the frontier;
3. each alternative on the frontier gets its ICER against the previous alternative on the
   frontier, ``(C_k - C_{k-1}) / (E_k - E_{k-1})``; the least effective one has none.

This is the standard procedure of Drummond, Sculpher, Claxton, Stoddart & Torrance (2015),
*Methods for the Economic Evaluation of Health Care Programmes*, 4th ed., Oxford University
Press, ch. 4 (dominance and extended dominance), as in the York Health Economics Consortium
glossary entry "Extended dominance" (2016) and the NICE methods guide (PMG36, 2022, 4.4).
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise
from typing import Literal

import numpy as np
import numpy.typing as npt

Status = Literal["frontier", "strongly_dominated", "extendedly_dominated"]


@dataclass(frozen=True)
class FrontierEntry:
    """One alternative on (or off) the efficiency frontier.

    Attributes
    ----------
    index : int
        Its position in the input.
    cost, effect : float
        As given.
    status : {'frontier', 'strongly_dominated', 'extendedly_dominated'}
    icer : float or None
        On the frontier: the ICER against ``reference`` (``None`` for the least effective
        alternative on the frontier). Off the frontier: ``None``.
    reference : int or None
        On the frontier: the index of the previous alternative on the frontier.
    dominated_by : int or None
        Strongly dominated: the index of an alternative that dominates it (the cheapest such
        alternative, then the most effective, then the first). Extendedly dominated: the index
        of the next, more effective alternative on the frontier whose ICER is lower.
    """

    index: int
    cost: float
    effect: float
    status: Status
    icer: float | None
    reference: int | None
    dominated_by: int | None


def efficiency_frontier(costs: npt.ArrayLike, effects: npt.ArrayLike) -> list[FrontierEntry]:
    """The efficiency frontier of alternatives with ``costs`` and ``effects``.

    Parameters
    ----------
    costs, effects : array_like, shape (A,)
        Each alternative's cost and effect; only differences matter, so both may be
        incremental against a common comparison.

    Returns
    -------
    list of FrontierEntry
        One per alternative, sorted by effect (ties by cost, then input order).

    Raises
    ------
    ValueError
        When the arrays differ in shape, are not one-dimensional, are empty or not finite.

    Notes
    -----
    See the module docstring (Drummond et al. 2015, ch. 4).
    """
    c = np.asarray(costs, dtype=np.float64)
    e = np.asarray(effects, dtype=np.float64)
    if c.ndim != 1 or c.shape != e.shape or c.size == 0:
        raise ValueError(
            f"expected costs and effects of the same length >= 1, found shapes {c.shape} "
            f"and {e.shape}"
        )
    if not (np.all(np.isfinite(c)) and np.all(np.isfinite(e))):
        raise ValueError("expected finite costs and effects")
    n = c.size
    order = sorted(range(n), key=lambda i: (e[i], c[i], i))
    dominated_by: dict[int, int] = {}
    for i in range(n):
        rivals = [
            j
            for j in range(n)
            if j != i
            and c[j] <= c[i]
            and e[j] >= e[i]
            and (c[j] < c[i] or e[j] > e[i] or j < i)  # an exact copy: the first one stays
        ]
        if rivals:
            dominated_by[i] = min(rivals, key=lambda j: (c[j], -e[j], j))
    frontier = [i for i in order if i not in dominated_by]
    extended: dict[int, int] = {}
    changed = True
    while changed:
        changed = False
        for k in range(1, len(frontier) - 1):
            prev, here, nxt = frontier[k - 1], frontier[k], frontier[k + 1]
            icer_here = (c[here] - c[prev]) / (e[here] - e[prev])
            icer_next = (c[nxt] - c[here]) / (e[nxt] - e[here])
            if icer_here > icer_next:
                extended[here] = nxt
                del frontier[k]
                changed = True
                break
    # An alternative removed earlier is named against the frontier's final next alternative
    # above it, whose ICER is the lower one.
    final = set(frontier)
    for i, j in list(extended.items()):
        while j not in final:
            j = extended[j]
        extended[i] = j
    reference = {here: prev for prev, here in pairwise(frontier)}
    out = []
    for i in order:
        if i in dominated_by:
            status: Status = "strongly_dominated"
            icer, ref, by = None, None, dominated_by[i]
        elif i in extended:
            status = "extendedly_dominated"
            icer, ref, by = None, None, extended[i]
        else:
            status = "frontier"
            ref = reference.get(i)
            icer = None if ref is None else float((c[i] - c[ref]) / (e[i] - e[ref]))
            by = None
        out.append(FrontierEntry(i, float(c[i]), float(e[i]), status, icer, ref, by))
    return out
