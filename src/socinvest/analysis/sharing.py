"""Who pays how much of an intervention's cost so that every participating payer gains.

From a scenario's per-payer ledger (an alternative against the comparison), each
participating party's cost of the intervention ``c_i`` (present value of its programme
costs) and its gain ``g_i`` (its NPV plus that cost: the avoided costs and extra income it
receives) are taken from the deterministic run. Three proposals share the whole cost
``C = sum c_i`` (:mod:`socinvest.core.sharing`):

- ``proportional``: in proportion to each party's positive discounted gain;
- ``shapley``: the Shapley value of the joint-project game ``v(S) = max(0, g(S) - C)``;
- ``minimal``: the smallest transfers (a linear programme, HiGHS) that bring every party's
  NPV to zero or better, the paying parties giving up the same share of their NPV.

A proposal is a share ``s_i`` of the cost; the party is reimbursed the cost it bears in the
ledger and pays its share, a net transfer ``x_i = c_i - s_i`` in present value. The
transfers are settled as the costs fall: in each year ``t`` the party pays the fraction
``f_i = s_i / C`` of that year's cost ``C_t`` and is reimbursed its own ``c_{i,t}``, so within
the term of office it receives ``x_i^term = c_i^term - f_i C^term`` (the costs' present
values over the term's years). The amounts are agreed in advance from the deterministic
run. Under uncertainty the same transfers are applied to every draw of the probabilistic
analysis: a party's NPV in draw ``d`` becomes ``npv_{i,d} + x_i`` to the horizon and
``npv^term_{i,d} + x_i^term`` within the term, and its probability of a gain is the share
of draws in which that is above zero.

Each party's cost and gain per draw: the probabilistic analysis gives every payer's NPV
per draw. :func:`cost_draws` splits it into cost and gain exactly by running the same draws
(the PSA's parameter draws given back to :func:`~socinvest.analysis.psa.run_psa`, the
transition rows from the same seed) on a variant of the scenario with one more alternative:
the intervention's effects without its costs (the comparison's own interventions kept as
they are; the copy's inline effect values, parameters of their own, take the draws of the
original's). Both share every path, so the difference of their NPVs in a draw is the
intervention's cost in that draw, payer by payer; the NPV of the alternative in the variant
is checked against the PSA's, draw by draw. The shares are still agreed on the
deterministic figures; the per-draw costs and gains are reported beside them.

Parties are either the organisations (the top-level public payers: kommun, region, stat,
...) or the committees of one payer node (its children plus the flows booked on the node
itself, as :func:`socinvest.analysis.committees.split_ledger` splits them; the committee
split's own proportional transfer is the ``minimal`` proposal here, found by the LP).
Parties with no flow at all are left out.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np
import numpy.typing as npt

from socinvest.analysis.committees import DEFAULT_PARENT, split_ledger
from socinvest.analysis.errors import OptionError
from socinvest.analysis.psa import Progress, PsaResults, drawn_parameters, run_psa
from socinvest.analysis.results import ScenarioResults
from socinvest.analysis.summary import scope_flows
from socinvest.analysis.uncertainty_inventory import uncertainty_inventory
from socinvest.core.sharing import (
    MAX_PLAYERS,
    InfeasibleSharingError,
    TooManyPlayersError,
    minimal_shares,
    proportional_shares,
    shapley_shares,
)
from socinvest.i18n import N_
from socinvest.params.errors import Message
from socinvest.params.library import ParameterLibrary
from socinvest.scenario.inline import inline_id, inline_values
from socinvest.scenario.model import Intervention, Scenario
from socinvest.scenario.references import library_for, resolve_scenario

FloatArray = npt.NDArray[np.float64]

METHODS = ("proportional", "shapley", "minimal")
BETWEEN = ("organisations", "committees")
PRESENT_SEK = 0.5
"""A party whose cost and gain are both below this in present value (SEK) takes no part."""

INFEASIBLE = N_(
    "the parties together lose {amount} SEK in present value: no split of the cost can leave "
    "every party at zero or better"
)
UNKNOWN_METHOD = N_("unknown method {found}; expected one of: {expected}")
UNKNOWN_BETWEEN = N_("unknown choice {found}; expected one of: {expected}")
UNKNOWN_PAYER = N_("unknown payer {found}; expected one of: {expected}")
UNKNOWN_ALTERNATIVE = N_("unknown alternative {found}; expected one of: {expected}")
NO_COMMITTEES = N_("{parent} has no committee with any flow in this scenario")
TOO_MANY = N_(
    "{n} parties are too many for an exact Shapley value (at most {most}): group the "
    "committees under fewer nodes"
)
TOO_FEW = N_("fewer than two parties have any flow: there is nothing to share")


@dataclass(frozen=True)
class Party:
    """One party's figures for the alternative against the comparison (present values, SEK).

    Attributes
    ----------
    id : str
        Payer id (for a node's own flows in a committee split: the node's id, ``own`` true).
    own : bool
        True for the flows booked on the split node itself (no committee's).
    cost : float
        The intervention's cost the ledger books on the party (deterministic).
    gain : float
        ``npv + cost``: what the party gains besides the intervention's cost.
    npv, npv_term : float
        Deterministic NPV to the horizon and within the term of office.
    cost_term : float
        The part of ``cost`` that falls within the term of office.
    draws, draws_term : ndarray, shape (D,), or None
        The NPV of every PSA draw (``None`` without draws).
    cost_draws : ndarray, shape (D,), or None
        The intervention's cost on the party in every draw (:func:`cost_draws`; ``None``
        without draws or when the split could not be made); its gain in a draw is
        ``draws + cost_draws``.
    """

    id: str
    own: bool
    cost: float
    gain: float
    npv: float
    npv_term: float
    cost_term: float = 0.0
    draws: FloatArray | None = None
    draws_term: FloatArray | None = None
    cost_draws: FloatArray | None = None

    @property
    def gain_draws(self) -> FloatArray | None:
        """The party's gain in every draw (``None`` when the costs per draw are not known)."""
        if self.draws is None or self.cost_draws is None:
            return None
        return np.asarray(self.draws + self.cost_draws, dtype=np.float64)


@dataclass(frozen=True)
class Outcome:
    """One party under a proposal.

    ``share`` is its share of the cost (SEK; negative: it is compensated beyond its cost),
    ``received`` the net transfer to it (``cost - share``), ``npv``/``npv_term`` its
    deterministic NPV after the transfer, ``mean``/``mean_term`` the PSA means after it and
    ``p_gain``/``p_gain_term`` the share of draws above zero after it (``None`` without
    draws)."""

    party: str
    share: float
    received: float
    npv: float
    npv_term: float
    mean: float | None
    mean_term: float | None
    p_gain: float | None
    p_gain_term: float | None


@dataclass(frozen=True)
class Proposal:
    """One method's split: an outcome per party, or ``infeasible`` with the reason."""

    method: str
    outcomes: list[Outcome]
    infeasible: Message | None = None

    @property
    def everyone_gains(self) -> bool:
        """Every party's deterministic NPV after the transfers is zero or better."""
        return self.infeasible is None and all(o.npv >= -PRESENT_SEK for o in self.outcomes)


@dataclass(frozen=True)
class Sharing:
    """The cost-sharing analysis of one alternative (see the module docstring)."""

    alternative: str
    between: str
    parent: str | None
    parties: list[Party]
    proposals: list[Proposal]
    draws: int
    seed: int | None
    term_years: int

    @property
    def cost(self) -> float:
        """The intervention's cost shared (present value, the parties' sum)."""
        return float(sum(p.cost for p in self.parties))

    @property
    def total_npv(self) -> float:
        return float(sum(p.npv for p in self.parties))

    def proposal(self, method: str) -> Proposal:
        return next(p for p in self.proposals if p.method == method)


def _summary(values: FloatArray | None) -> tuple[float | None, float | None]:
    if values is None:
        return None, None
    return float(values.mean()), float(np.mean(values > 0.0))


def term_transfers(parties: Sequence[Party], shares: FloatArray) -> FloatArray:
    """Each party's net transfer within the term of office, ``c_i^term - f_i C^term``, when
    every year's cost is shared in the proportions ``f = shares / C``."""
    cost = sum(p.cost for p in parties)
    cost_term = sum(p.cost_term for p in parties)
    fractions = shares / cost if cost else np.zeros_like(shares)
    own = np.array([p.cost_term for p in parties])
    return np.asarray(own - fractions * cost_term, dtype=np.float64)


def _outcomes(parties: Sequence[Party], shares: FloatArray) -> list[Outcome]:
    out = []
    in_term = term_transfers(parties, shares)
    for party, share, x_term in zip(parties, shares, in_term, strict=True):
        x = party.cost - float(share)
        after = None if party.draws is None else party.draws + x
        after_term = None if party.draws_term is None else party.draws_term + x_term
        mean, p = _summary(after)
        mean_term, p_term = _summary(after_term)
        out.append(
            Outcome(
                party=party.id,
                share=float(share),
                received=x,
                npv=party.npv + x,
                npv_term=party.npv_term + float(x_term),
                mean=mean,
                mean_term=mean_term,
                p_gain=p,
                p_gain_term=p_term,
            )
        )
    return out


def propose(parties: Sequence[Party], methods: Sequence[str] = METHODS) -> list[Proposal]:
    """Each method's proposal for ``parties`` (see the module docstring)."""
    costs = np.array([p.cost for p in parties])
    gains = np.array([p.gain for p in parties])
    total = float(costs.sum())
    rules: dict[str, Callable[[], FloatArray]] = {
        "proportional": lambda: proportional_shares(gains, total),
        "shapley": lambda: shapley_shares(gains, total),
        "minimal": lambda: minimal_shares(costs, gains),
    }
    proposals = []
    for method in methods:
        if method not in rules:
            raise OptionError(
                "--method",
                Message.of(UNKNOWN_METHOD, found=repr(method), expected=", ".join(METHODS)),
            )
        try:
            shares = rules[method]()
        except InfeasibleSharingError as exc:
            reason = Message.of(INFEASIBLE, amount=f"{-exc.total_npv:,.0f}".replace(",", " "))
            proposals.append(Proposal(method=method, outcomes=[], infeasible=reason))
            continue
        except TooManyPlayersError:
            reason = Message.of(TOO_MANY, n=str(len(parties)), most=str(MAX_PLAYERS))
            proposals.append(Proposal(method=method, outcomes=[], infeasible=reason))
            continue
        proposals.append(Proposal(method=method, outcomes=_outcomes(parties, shares)))
    return proposals


def term_years(results: ScenarioResults) -> int:
    return min(int(results.scenario.analysis.term_of_office), len(results.run.years))


def organisation_parties(
    results: ScenarioResults, alternative: str, costs_per_draw: FloatArray | None = None
) -> list[Party]:
    """The top-level public payers with any flow, with their costs, gains and NPVs."""
    run = results.run
    tree = run.compiled.payers
    ids = [p.id for p in tree.payers if p.parent_id is None and p.public]
    members = [(pid, False) for pid in ids]
    return parties_of(results, alternative, members, costs_per_draw=costs_per_draw)


def committee_parties(
    results: ScenarioResults,
    alternative: str,
    parent: str = DEFAULT_PARENT,
    costs_per_draw: FloatArray | None = None,
) -> list[Party]:
    """The committees of ``parent`` with any flow and the node's own flows
    (:func:`socinvest.analysis.committees.split_ledger`)."""
    run = results.run
    tree = run.compiled.payers
    if parent not in tree.ids:
        raise OptionError(
            "--parent",
            Message.of(UNKNOWN_PAYER, found=repr(parent), expected=", ".join(tree.ids)),
        )
    _alternative(results, alternative)
    alt = next(a for a in run.alternatives if a.id == alternative)
    base = run.comparison
    split = split_ledger(
        alt.ledger - base.ledger,
        alt.programme - base.programme,
        tree.ids,
        tree.parents,
        run.money_factors,
        parent,
    )
    members = [(p.payer, p.own) for p in split.parts]
    return parties_of(results, alternative, members, parent, costs_per_draw=costs_per_draw)


def _alternative(results: ScenarioResults, alternative: str) -> None:
    run = results.run
    found = [a for a in run.alternatives if a.id == alternative and not a.comparison]
    if not found:
        expected = ", ".join(c.alternative for c in results.comparisons)
        raise OptionError(
            "--alternative",
            Message.of(UNKNOWN_ALTERNATIVE, found=repr(alternative), expected=expected),
        )


GHOST_SUFFIX = "__effects_only"
"""Suffix of the ids of the variant's costless copies (:func:`cost_draws`)."""


def with_cost_copies(scenario: Scenario) -> Scenario:
    """``scenario`` with a costless copy of every alternative but the comparison after its
    own alternatives (ids ending in :data:`GHOST_SUFFIX`), and a costless copy of each of
    their interventions that the comparison does not have after its own interventions: the
    variant of the module docstring for every alternative at once. The scenario's own
    alternatives and interventions keep their places and definitions."""
    comparison = next(a for a in scenario.alternatives if a.comparison)
    others = [a for a in scenario.alternatives if not a.comparison]
    copied = {i for a in others for i in a.interventions if i not in comparison.interventions}
    ghosts = [
        i.model_copy(update={"id": f"{i.id}{GHOST_SUFFIX}", "costs": []})
        for i in scenario.interventions
        if i.id in copied
    ]
    copies = [
        a.model_copy(
            update={
                "id": f"{a.id}{GHOST_SUFFIX}",
                "interventions": [
                    i if i in comparison.interventions else f"{i}{GHOST_SUFFIX}"
                    for i in a.interventions
                ],
            }
        )
        for a in others
    ]
    return scenario.model_copy(
        update={
            "interventions": [*scenario.interventions, *ghosts],
            "alternatives": [*scenario.alternatives, *copies],
        }
    )


def copy_aliases(scenario: Scenario, copies: Sequence[Intervention]) -> dict[str, str]:
    """The inline parameters of ``copies`` (costless copies of ``scenario``'s interventions,
    placed after them in that order) and those of the originals they copy:
    ``{copy's id: original's id}`` (:func:`socinvest.scenario.inline.inline_id`)."""
    place = {i.id: n for n, i in enumerate(scenario.interventions)}
    out = {}
    for k, copy in enumerate(copies):
        original = place[copy.id.removesuffix(GHOST_SUFFIX)]
        for path, _value in inline_values(copy, ("interventions", len(scenario.interventions) + k)):
            out[inline_id(path)] = inline_id(("interventions", original, *path[2:]))
    return out


def psa_with_cost_copies(
    scenario: Scenario,
    library: ParameterLibrary | None,
    draws: int,
    seed: int | None = None,
    progress: Progress | None = None,
) -> tuple[PsaResults, dict[str, FloatArray]] | None:
    """The probabilistic analysis of ``scenario`` and, from the same run, the NPV per draw
    and scope of each alternative's costless copy (:func:`with_cost_copies`), keyed by the
    alternative's id: one run instead of the analysis and a variant run per alternative.

    Each alternative's draws are evaluated from the shared draws and its own arrays alone,
    and the copies add no parameter, so the returned analysis is the same as
    ``run_psa(scenario, library, draws, seed)``'s bit for bit
    (``tests/test_shared_psa.py`` checks every field on every example): the copies are
    taken out of its alternatives and person-years, and its inventory is made from
    ``scenario`` itself. A copied intervention's inline values (an effect's study or
    uncertain number), parameters of their own, take the original's draws
    (:func:`copy_aliases`). ``None`` if the run draws other parameters than the analysis
    alone would (not expected).
    """
    variant = with_cost_copies(scenario)
    # The copies' inline values (of their effects) are parameters of their own: they take
    # the originals' draws and are not drawn themselves.
    aliases = copy_aliases(scenario, variant.interventions[len(scenario.interventions) :])
    full = run_psa(variant, library, draws, seed, progress=progress, aliases=aliases)
    resolved = resolve_scenario(scenario, library_for(scenario, library))
    money, ratios = drawn_parameters(scenario, resolved.parameters)
    if full.drawn_parameters != (*money, *ratios):
        return None  # not expected: the copies refer to no parameter of their own
    own = {a.id for a in scenario.alternatives}
    inventory = full.inventory
    if inventory is not None:
        inventory = uncertainty_inventory(
            scenario,
            resolved.scenario,
            full.drawn_parameters,
            inventory.transition_rows,
            full.uncertain_transition_blocks,
        )
    psa = replace(
        full,
        alternatives=[a for a in full.alternatives if a.alternative in own],
        person_years={k: v for k, v in full.person_years.items() if k in own},
        inventory=inventory,
    )
    copies = {
        a.id: full.for_alternative(f"{a.id}{GHOST_SUFFIX}").npv
        for a in scenario.alternatives
        if not a.comparison
    }
    return psa, copies


def cost_draws(
    results: ScenarioResults,
    alternative: str,
    library: ParameterLibrary | None = None,
    copies: Mapping[str, FloatArray] | None = None,
) -> FloatArray | None:
    """The intervention's cost per draw and scope, shape ``(D, Q)`` in the order of
    ``results.psa.scopes``, from the variant run described in the module docstring.

    ``copies``: the costless copies' NPV per draw from the run that made ``results.psa``
    (:func:`psa_with_cost_copies`); then no variant is run.

    Returns ``None`` without a PSA or a loaded scenario, or when the variant's NPV of
    ``alternative`` does not reproduce the PSA's in every draw (then the split would not be
    exact and is left out rather than approximated).
    """
    psa = results.psa
    loaded = results.loaded
    if psa is None or loaded is None:
        return None
    if copies is not None and alternative in copies:
        npv = psa.for_alternative(alternative).npv
        return np.asarray(copies[alternative] - npv, dtype=np.float64)
    chosen = next(a for a in loaded.alternatives if a.id == alternative)
    comparison = next(a for a in loaded.alternatives if a.comparison)
    by_id = {i.id: i for i in loaded.interventions}
    ghosts = [
        by_id[i].model_copy(update={"id": f"{i}{GHOST_SUFFIX}", "costs": []})
        for i in chosen.interventions
        if i not in comparison.interventions
    ]
    ghost = chosen.model_copy(
        update={
            "id": f"{alternative}{GHOST_SUFFIX}",
            "interventions": [
                i if i in comparison.interventions else f"{i}{GHOST_SUFFIX}"
                for i in chosen.interventions
            ],
        }
    )
    variant = loaded.model_copy(
        update={
            "interventions": [*loaded.interventions, *ghosts],
            "alternatives": [comparison, chosen, ghost],
        }
    )
    # A copied intervention's inline values (an effect's study or uncertain number) are
    # parameters of their own in the variant (ids from their place); they take the draws
    # of the original's, so the copy's effects, and the paths, are those of the draw.
    given = dict(psa.parameter_draws)
    for alias, source in copy_aliases(loaded, ghosts).items():
        if source in given:
            given[alias] = given[source]
    run = run_psa(
        variant,
        library,
        psa.draws,
        psa.seed,
        parameter_draws=given or None,
    )
    if tuple(run.scopes) != tuple(psa.scopes):
        return None
    npv = run.for_alternative(alternative).npv
    reference = psa.for_alternative(alternative).npv
    scale = max(1.0, float(np.abs(reference).max()))
    if not np.allclose(npv, reference, rtol=1e-9, atol=1e-9 * scale):
        return None
    return np.asarray(run.for_alternative(ghost.id).npv - npv, dtype=np.float64)


def parties_of(
    results: ScenarioResults,
    alternative: str,
    members: Sequence[tuple[str, bool]],
    parent: str | None = None,
    keep_empty: bool = False,
    costs_per_draw: FloatArray | None = None,
) -> list[Party]:
    """Deterministic and per-draw figures of ``members`` (payer id, own flows of the node);
    members with no flow are left out unless ``keep_empty``, members not in the payer tree
    always. ``costs_per_draw`` (from :func:`cost_draws`) gives each party's cost per draw."""
    _alternative(results, alternative)
    run = results.run
    alt = next(a for a in run.alternatives if a.id == alternative)
    base = run.comparison
    delta = scope_flows(run, alt.ledger - base.ledger)
    programme = scope_flows(run, alt.programme - base.programme)
    factors = run.money_factors
    term = term_years(results)
    tree = run.compiled.payers
    children = (
        []
        if parent is None
        else [
            pid
            for pid, par in zip(tree.ids, tree.parents, strict=True)
            if par >= 0 and tree.ids[par] == parent
        ]
    )

    def flows(pid: str, own: bool, source: dict[str, FloatArray]) -> FloatArray:
        yearly = np.asarray(source[pid].mean(axis=0), dtype=np.float64)
        if own:
            yearly = yearly - sum(
                (np.asarray(source[c].mean(axis=0), dtype=np.float64) for c in children),
                np.zeros_like(yearly),
            )
        return yearly

    psa = results.psa.for_alternative(alternative) if results.psa is not None else None
    scopes = list(results.psa.scopes) if results.psa is not None else []

    def draws(pid: str, own: bool, values: FloatArray | None) -> FloatArray | None:
        if values is None:
            return None
        column = values[:, scopes.index(pid)].copy()
        if own:
            for c in children:
                column -= values[:, scopes.index(c)]
        return np.asarray(column, dtype=np.float64)

    parties = []
    for pid, own in members:
        if pid not in delta:
            continue
        net = -flows(pid, own, delta) * factors
        discounted_cost = flows(pid, own, programme) * factors
        cost = float(discounted_cost.sum())
        npv = float(net.sum())
        if not keep_empty and abs(cost) < PRESENT_SEK and abs(npv) < PRESENT_SEK:
            continue
        parties.append(
            Party(
                id=pid,
                own=own,
                cost=cost,
                gain=npv + cost,
                npv=npv,
                npv_term=float(net[:term].sum()),
                cost_term=float(discounted_cost[:term].sum()),
                draws=draws(pid, own, psa.npv if psa is not None else None),
                draws_term=draws(pid, own, psa.npv_term if psa is not None else None),
                cost_draws=draws(pid, own, costs_per_draw),
            )
        )
    return parties


def cost_sharing(
    results: ScenarioResults,
    alternative: str | None = None,
    between: str = "organisations",
    methods: Sequence[str] = METHODS,
    parent: str = DEFAULT_PARENT,
    library: ParameterLibrary | None = None,
    split_draws: bool = True,
    copies: Mapping[str, FloatArray] | None = None,
) -> Sharing:
    """The cost-sharing proposals for ``alternative`` (default: the first intervention).

    Parameters
    ----------
    results : ScenarioResults
        A run, with a PSA (``analyse(..., draws=N)``) for the probabilities of a gain.
    between : {"organisations", "committees"}
        Share between the top-level public payers, or between ``parent``'s committees.
    library : ParameterLibrary, optional
        The library ``results`` were run with (default the shipped one), for the per-draw
        split of the costs (:func:`cost_draws`).
    split_draws : bool
        Split each draw's NPV into cost and gain (one more probabilistic run).
    copies : mapping of alternative id to ndarray, optional
        The costless copies' NPV per draw from the run of ``results.psa``
        (:func:`psa_with_cost_copies`): the split without another run.

    Raises
    ------
    OptionError
        For an unknown alternative, method or choice of parties, or when fewer than two
        parties have any flow.
    """
    if between not in BETWEEN:
        raise OptionError(
            "--between",
            Message.of(UNKNOWN_BETWEEN, found=repr(between), expected=", ".join(BETWEEN)),
        )
    chosen = alternative or results.comparisons[0].alternative
    _alternative(results, chosen)
    per_draw = cost_draws(results, chosen, library, copies) if split_draws else None
    if between == "organisations":
        parties = organisation_parties(results, chosen, per_draw)
    else:
        parties = committee_parties(results, chosen, parent, per_draw)
        if not any(not p.own for p in parties):
            raise OptionError("--between", Message.of(NO_COMMITTEES, parent=parent))
    if len(parties) < 2:
        raise OptionError("--between", Message.of(TOO_FEW))
    psa = results.psa
    return Sharing(
        alternative=chosen,
        between=between,
        parent=parent if between == "committees" else None,
        parties=parties,
        proposals=propose(parties, methods),
        draws=psa.draws if psa is not None else 0,
        seed=psa.seed if psa is not None else None,
        term_years=term_years(results),
    )
