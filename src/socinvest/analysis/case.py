"""The whole case for one scenario: every analysis a report shows, run once, in one object.

A report (HTML, PDF, Excel) is a view of a :class:`Case`; it computes no numbers of its own
beyond formatting them. :func:`build_case` runs the deterministic analysis and, with draws,
the probabilistic one, then the tornado, the break-even and switching values, the value of
information, the comparison of alternatives, the timing curve and the cost of a child, each
with the same library, draws and seed. An analysis that cannot run for the scenario (for
example a break-even effect when the intervention has no effect to scale) is recorded in
:attr:`Case.skipped` with the reason instead of stopping the report.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import TypeVar

import numpy as np
import numpy.typing as npt

from socinvest.analysis.breakeven import BreakEven, break_even
from socinvest.analysis.child_cost import ChildCost, child_cost
from socinvest.analysis.compare import AlternativesComparison, compare_alternatives
from socinvest.analysis.errors import OptionError
from socinvest.analysis.psa import Progress
from socinvest.analysis.report_defaults import DEFAULT_REPORT_DRAWS as DEFAULT_REPORT_DRAWS
from socinvest.analysis.report_defaults import REPORT_SCOPE as REPORT_SCOPE
from socinvest.analysis.results import ScenarioResults, analyse
from socinvest.analysis.sensitivity import Tornado, tornado
from socinvest.analysis.sharing import Sharing, cost_sharing, psa_with_cost_copies
from socinvest.analysis.summary import scope_flows
from socinvest.analysis.timing import Timing, timing
from socinvest.analysis.value_of_information import ValueOfInformation, value_of_information
from socinvest.i18n import N_
from socinvest.params.errors import InputError, Message
from socinvest.params.library import ParameterLibrary, default_library
from socinvest.scenario.model import Scenario
from socinvest.scenario.references import memoised_resolution
from socinvest.scenario.validate import payer_tree_of

FloatArray = npt.NDArray[np.float64]
T = TypeVar("T")


PERSPECTIVES = ("public_finances", "socio_economic")

NEEDS_DRAWS = N_("it needs a probabilistic analysis (--draws above 0)")
"""Why the value of information and the ranking by probability are left out without draws
(a message id: the report translates it)."""


@dataclass(frozen=True)
class YearlyNet:
    """Yearly net gain of an alternative against the comparison, for one scope.

    Attributes
    ----------
    net : ndarray, shape (T,)
        Benefits minus costs in each calendar year, undiscounted (positive: a gain).
    discounted : ndarray, shape (T,)
        The same discounted to the start year with the money discount factors.
    cumulative : ndarray, shape (T,)
        Running sum of ``discounted``: the NPV had the horizon ended that year. Its last value
        is the scope's NPV.
    costs : ndarray, shape (T,)
        The intervention's own costs in each year (undiscounted, positive).
    """

    net: FloatArray
    discounted: FloatArray
    cumulative: FloatArray
    costs: FloatArray


@dataclass(frozen=True)
class Case:
    """Everything a report shows for one scenario (see the module docstring).

    Attributes
    ----------
    alternative : str
        The alternative the committee page presents: the one with the highest expected NPV
        in ``scope`` (or the one asked for).
    scope : str
        The decision maker the report is for (a payer id such as ``kommun`` or
        ``kommun.skola``, or a perspective): the first page leads with its figures, and the
        presented alternative, the tornado, the value of information and the ranking are
        for it too, so that the whole report answers one decision maker's question.
    skipped : dict of str to Message or str
        Analyses that could not run for this scenario, with the reason: a message of the
        catalogue (:data:`NEEDS_DRAWS`, or an analysis's option error), or English text.
    """

    scenario: Scenario
    source: str
    results: ScenarioResults
    alternative: str
    scope: str
    draws: int
    seed: int
    created: dt.date
    tornado: Tornado | None = None
    break_even: BreakEven | None = None
    voi: ValueOfInformation | None = None
    comparison: AlternativesComparison | None = None
    timing: Timing | None = None
    child_cost: ChildCost | None = None
    skipped: dict[str, Message | str] = field(default_factory=dict)
    sharing: Sharing | None = None
    """Proposals for sharing the presented alternative's cost between the organisations
    (:mod:`socinvest.analysis.sharing`); ``None`` when fewer than two organisations have any
    flow."""

    @property
    def years(self) -> list[int]:
        return self.results.run.years

    @property
    def term_of_office(self) -> int:
        """Years in the term of office, counted from the start year."""
        return int(self.results.scenario.analysis.term_of_office)

    @property
    def top_level_payers(self) -> list[str]:
        """Payer ids at the top of the payer tree (kommun, region, staten's agencies, ...)."""
        tree = self.results.compiled.payers
        return [p.id for p in tree.payers if p.parent_id is None]

    def yearly_net(self, alternative: str | None = None) -> dict[str, YearlyNet]:
        """:class:`YearlyNet` of every scope (payer node and perspective) for ``alternative``
        (default :attr:`alternative`), from the deterministic ledger."""
        run = self.results.run
        alt = next(a for a in run.alternatives if a.id == (alternative or self.alternative))
        base = run.comparison
        delta = scope_flows(run, alt.ledger - base.ledger)
        programme = scope_flows(run, alt.programme - base.programme)
        factors = run.money_factors
        out: dict[str, YearlyNet] = {}
        for scope, flows in delta.items():
            net = -flows.mean(axis=0)
            discounted = net * factors
            out[scope] = YearlyNet(
                net=net,
                discounted=discounted,
                cumulative=np.cumsum(discounted),
                costs=programme[scope].mean(axis=0),
            )
        return out


UNKNOWN_SCOPE = N_(
    "unknown decision maker {found}; expected a payer id ({payers}) or a perspective "
    "({perspectives})"
)


def check_scope(scenario: Scenario, scope: str) -> None:
    """Refuse a scope that is neither a payer of the scenario's payer tree nor a perspective.

    Raises
    ------
    OptionError
        Naming ``--scope``, the scope given and the scopes expected.
    """
    ids = payer_tree_of(scenario).ids
    if scope not in {*ids, *PERSPECTIVES}:
        raise OptionError(
            "--scope",
            Message.of(
                UNKNOWN_SCOPE,
                found=repr(scope),
                payers=", ".join(ids),
                perspectives=", ".join(PERSPECTIVES),
            ),
        )


def _attempt(name: str, skipped: dict[str, Message | str], run: Callable[[], T]) -> T | None:
    """Run one analysis; a reason the scenario does not allow it is recorded, not raised."""
    try:
        return run()
    except OptionError as exc:
        skipped[name] = exc.text
    except (ValueError, InputError) as exc:
        skipped[name] = str(exc)
    return None


def _best_alternative(results: ScenarioResults, scope: str) -> str:
    """The intervention with the highest expected NPV in ``scope`` (probabilistic mean when
    there are draws, else the deterministic NPV); ties go to the first listed."""
    if results.psa is not None:
        means = {a.alternative: a.horizon[scope].mean for a in results.psa.alternatives}
    else:
        means = {c.alternative: c.horizon[scope].npv for c in results.comparisons}
    return max(means, key=lambda a: (means[a], -list(means).index(a)))


def build_case(
    scenario: Scenario,
    library: ParameterLibrary | None = None,
    *,
    source: str = "",
    draws: int = DEFAULT_REPORT_DRAWS,
    seed: int | None = None,
    alternative: str | None = None,
    scope: str = REPORT_SCOPE,
    progress: Progress | None = None,
    created: dt.date | None = None,
    results: ScenarioResults | None = None,
) -> Case:
    """Run every analysis of a report for ``scenario``.

    Parameters
    ----------
    scenario : Scenario
        As loaded (it may refer to library parameters).
    library : ParameterLibrary, optional
        With any ``--params`` applied (default: the shipped library).
    draws : int
        Draws of the probabilistic analyses (0: deterministic only; then the distribution,
        the value of information and the ranking by probability are left out).
    seed : int, optional
        Default: the scenario's ``analysis.seed``.
    alternative : str, optional
        The alternative the committee page presents (default: the best in ``scope``).
    scope : str
        The decision maker (default :data:`REPORT_SCOPE`, the kommun): the presented
        alternative, the first page, the tornado, value of information and ranking.
    progress : callable, optional
        ``progress(done, total)`` during the probabilistic analysis.
    results : ScenarioResults, optional
        ``analyse(scenario, library, draws=draws, seed=seed)`` when it has already been run
        (``socinvest run --draws N --report FILE``); reused instead of run again.

    Raises
    ------
    OptionError
        For an unknown alternative or scope.

    Notes
    -----
    The analyses share one resolution of the scenario
    (:func:`~socinvest.scenario.references.memoised_resolution`): neither the scenario nor
    the library may be changed while the case is built.
    """
    with memoised_resolution():
        return _build_case(
            scenario,
            library,
            source=source,
            draws=draws,
            seed=seed,
            alternative=alternative,
            scope=scope,
            progress=progress,
            created=created,
            results=results,
        )


def _build_case(
    scenario: Scenario,
    library: ParameterLibrary | None,
    *,
    source: str,
    draws: int,
    seed: int | None,
    alternative: str | None,
    scope: str,
    progress: Progress | None,
    created: dt.date | None,
    results: ScenarioResults | None,
) -> Case:
    """:func:`build_case` within its memo of the resolution."""
    lib = library if library is not None else default_library()
    check_scope(scenario, scope)
    copies: dict[str, npt.NDArray[np.float64]] | None = None
    if results is None:
        results, copies = _analyse_with_cost_copies(scenario, lib, draws, seed, progress)
    elif (results.psa.draws if results.psa is not None else 0) != draws:
        raise ValueError("the given results were not run with the draws asked for")
    used_seed = results.psa.seed if results.psa is not None else int(scenario.analysis.seed)
    interventions = [c.alternative for c in results.comparisons]
    if alternative is not None and alternative not in interventions:
        raise OptionError(
            "--alternative",
            f"unknown alternative {alternative!r}; expected one of: {', '.join(interventions)}",
        )
    chosen = alternative or _best_alternative(results, scope)
    skipped: dict[str, Message | str] = {}
    tornadoes = _attempt("tornado", skipped, lambda: tornado(scenario, lib, scope, chosen))
    breakevens = _attempt("break_even", skipped, lambda: break_even(scenario, lib, chosen))
    voi = comparison = None
    psa = results.psa
    if psa is not None:
        # The analyses below use the draws of the PSA above instead of running it again.
        voi = _attempt(
            "value_of_information",
            skipped,
            lambda: value_of_information(scenario, lib, scope=scope, psa=psa),
        )
        comparison = _attempt(
            "comparison", skipped, lambda: compare_alternatives(scenario, lib, scope=scope, psa=psa)
        )
    else:
        skipped["value_of_information"] = Message.of(NEEDS_DRAWS)
        skipped["comparison"] = Message.of(NEEDS_DRAWS)
    timings = _attempt("timing", skipped, lambda: timing(scenario, lib, chosen))
    price_year = int(results.scenario.analysis.price_year)
    cost = _attempt("child_cost", skipped, lambda: child_cost(lib, price_year))
    return Case(
        scenario=scenario,
        source=source,
        results=results,
        alternative=chosen,
        scope=scope,
        draws=draws,
        seed=used_seed,
        created=created or dt.date.today(),
        tornado=tornadoes[0] if tornadoes else None,
        break_even=breakevens[0] if breakevens else None,
        voi=voi,
        comparison=comparison,
        timing=timings[0] if timings else None,
        child_cost=cost,
        skipped=skipped,
        sharing=sharing_of(results, chosen, lib, copies),
    )


def _analyse_with_cost_copies(
    scenario: Scenario,
    library: ParameterLibrary,
    draws: int,
    seed: int | None,
    progress: Progress | None,
) -> tuple[ScenarioResults, dict[str, npt.NDArray[np.float64]] | None]:
    """``analyse(scenario, library, draws=draws, seed=seed, progress=progress)``, its
    probabilistic analysis run once with the cost sharing's costless copies
    (:func:`~socinvest.analysis.sharing.psa_with_cost_copies`: the same analysis bit for
    bit, and the copies' NPVs, so the cost sharing needs no run of its own). When the
    copies do not fit in memory or would draw parameters of their own, the analysis alone,
    as ``analyse`` runs it."""
    results = analyse(scenario, library, draws=0, seed=seed)
    if draws <= 0:
        return results, None
    try:
        shared = psa_with_cost_copies(scenario, library, draws, seed, progress)
    except OptionError:  # more alternatives than the memory allows
        shared = None
    if shared is None:  # the analysis alone; the cost sharing runs its variant
        return analyse(scenario, library, draws=draws, seed=seed, progress=progress), None
    psa, copies = shared
    return replace(results, psa=psa), copies


def sharing_of(
    results: ScenarioResults,
    alternative: str,
    library: ParameterLibrary | None = None,
    copies: Mapping[str, npt.NDArray[np.float64]] | None = None,
) -> Sharing | None:
    """The cost-sharing proposals between organisations, or ``None`` when there is nothing
    to share (fewer than two organisations with any flow). ``copies``: see
    :func:`~socinvest.analysis.sharing.cost_draws`."""
    try:
        return cost_sharing(results, alternative, "organisations", library=library, copies=copies)
    except (OptionError, ValueError):
        return None
