"""Value of information: what removing uncertainty is worth, per person and for a population.

From a probabilistic analysis (:func:`socinvest.analysis.psa.run_psa`) the net benefit of
every alternative in every draw is taken for one scope (a payer node or a perspective;
default the socio-economic one): the comparison alternative's net benefit is 0 and every
other alternative's is its NPV to the horizon against the comparison, divided by the number
of persons in the target group (the sum of the intake), so all values are per person.

- EVPI: the expected value of perfect information on everything drawn;
- EVPPI: of perfect information on one drawn parameter or a named group of them, by the
  regression method of Strong, Oakley and Brennan (2014)
  (:func:`socinvest.core.voi.evppi_each`), on the same draws; by default for the groups of
  what was drawn (effects, unit costs, production, other); a group's value is at least that
  of its largest member (information on more parameters is worth no less);
- population values: a per-person value times the persons who will receive the intervention
  each year and the annuity factor of the scenario's money discount rate over the chosen
  number of years (:func:`socinvest.core.voi.population_value`); by default the scenario's
  own intake per year and number of intake years;
- the probability that the alternative that is best on the mean is wrong: the share of the
  draws in which another alternative has a higher net benefit.

Only what the PSA draws carries uncertainty here (money parameters and effect sizes with a
declared distribution, and transition rows with ``uncertainty``); the rows are not
parameters, so they appear in the EVPI but in no EVPPI.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

from socinvest.analysis.errors import OptionError
from socinvest.analysis.psa import PsaResults, run_psa
from socinvest.analysis.sensitivity import DEFAULT_SCOPE, check_scope
from socinvest.analysis.uncertainty_inventory import PARAMETER_GROUPS
from socinvest.core.threads import single_threaded_blas
from socinvest.core.voi import annuity_factor, evpi, evppi, evppi_each, population_value
from socinvest.params.library import ParameterLibrary, ResolvedParameter
from socinvest.scenario.compile import compile_scenario
from socinvest.scenario.model import Scenario, numeric
from socinvest.scenario.references import library_for, resolve_scenario

DEFAULT_DRAWS = 5000
"""Draws of the PSA behind the value of information."""

ROUNDING = 1e-12
"""An EVPI below this fraction of the largest net benefit is rounding and taken as 0."""


class GroupError(ValueError):
    """A ``--group`` that cannot be used (its text names the group and the problem)."""


@dataclass(frozen=True)
class VoiEntry:
    """EVPPI of one drawn parameter or one named group."""

    name: str
    kind: Literal["parameter", "group"]
    members: tuple[str, ...]
    per_person: float
    population: float
    share_of_evpi: float | None
    """EVPPI / EVPI; ``None`` when the EVPI is 0."""


@dataclass(frozen=True)
class ValueOfInformation:
    """EVPI and EVPPI of a scenario's decision for one scope (SEK, per person and for the
    population); ``entries`` sorted by EVPPI, largest first."""

    scope: str
    draws: int
    seed: int
    alternatives: tuple[str, ...]
    comparison: str
    persons: float
    persons_per_year: float
    years: int
    discount_rate: float
    timing: str
    annuity: float
    mean_net_benefit: dict[str, float]
    best: str
    p_best_wrong: float
    evpi_per_person: float
    evpi_population: float
    entries: list[VoiEntry]
    parameters: dict[str, ResolvedParameter]
    transition_blocks: tuple[int, ...]

    @property
    def top(self) -> VoiEntry | None:
        """The entry of largest EVPPI, if any is above zero."""
        return self.entries[0] if self.entries and self.entries[0].per_person > 0 else None


def parse_group(text: str) -> tuple[str, tuple[str, ...]]:
    """``"name=id1,id2"`` as ``(name, (id1, id2))``; GroupError if malformed."""
    name, sep, members = text.partition("=")
    ids = tuple(m.strip() for m in members.split(",") if m.strip())
    if not sep or not name.strip() or not ids:
        raise GroupError(f"group {text!r}: expected NAME=ID1,ID2,... (drawn parameter ids)")
    return name.strip(), ids


def _check_groups(
    groups: Mapping[str, Sequence[str]], drawn: Sequence[str]
) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for name, members in groups.items():
        if name in drawn:
            raise GroupError(f"group {name!r}: the name is a parameter id; choose another")
        unknown = [pid for pid in members if pid not in drawn]
        if unknown:
            raise GroupError(
                f"group {name!r}: {', '.join(repr(u) for u in unknown)} "
                f"{'is' if len(unknown) == 1 else 'are'} not drawn in this scenario; "
                f"drawn parameters: {', '.join(drawn) or 'none'}"
            )
        out[name] = list(dict.fromkeys(members))
    return out


MAX_GROUP_TERMS_SHARE = 0.1
"""A default group is left out when its regression has more terms than this share of the
draws (a degree-2 polynomial in k parameters has 1 + 2k + k (k - 1) / 2 terms)."""


def default_groups(psa: PsaResults, draws: int) -> dict[str, list[str]]:
    """The groups of what the analysis drew (effects, unit costs, production, other; see
    :mod:`socinvest.analysis.uncertainty_inventory`), each with at least one drawn parameter
    and small enough for the draws (:func:`group_degree`), so that the EVPPI says which kind
    of uncertainty matters most. Transition rows are not parameters and have no EVPPI of
    their own."""
    inventory = psa.inventory
    if inventory is None:
        return {}
    out: dict[str, list[str]] = {}
    for group in PARAMETER_GROUPS:
        members = [pid for pid in inventory.ids(group) if pid in psa.drawn_parameters]
        if members and group_degree(len(members), draws) is not None:
            out[group] = members
    return out


def group_degree(k: int, draws: int) -> int | None:
    """The degree of the regression for a group of ``k`` parameters: 2 (squares and pairwise
    interactions, ``1 + 2k + k (k - 1) / 2`` terms) while that has at most
    :data:`MAX_GROUP_TERMS_SHARE` of the draws in terms, else 1 (linear, ``1 + k`` terms:
    money parameters enter each draw's NPV linearly), else ``None`` (too large)."""
    if 1 + 2 * k + k * (k - 1) // 2 <= MAX_GROUP_TERMS_SHARE * draws:
        return 2
    if 1 + k <= MAX_GROUP_TERMS_SHARE * draws:
        return 1
    return None


def value_of_information(
    scenario: Scenario,
    library: ParameterLibrary | None = None,
    *,
    draws: int = DEFAULT_DRAWS,
    seed: int | None = None,
    scope: str = DEFAULT_SCOPE,
    groups: Mapping[str, Sequence[str]] | None = None,
    persons_per_year: float | None = None,
    years: int | None = None,
    psa: PsaResults | None = None,
) -> ValueOfInformation:
    """EVPI and EVPPI of a scenario's decision (see the module docstring).

    Parameters
    ----------
    scenario : Scenario
        As loaded (it may refer to library parameters).
    library : ParameterLibrary, optional
        With any ``--params`` applied.
    draws, seed
        Of the PSA; ``seed`` defaults to the scenario's ``analysis.seed``.
    scope : str
        A payer id or ``public_finances`` / ``socio_economic``.
    groups : mapping of name to parameter ids, optional
        Groups whose joint EVPPI is wanted; default the groups of what was drawn
        (:func:`default_groups`: effects, unit costs, production, other).
    persons_per_year, years : optional
        The population the decision concerns; default the scenario's mean intake per intake
        year and its number of intake years (1 for a single cohort).
    psa : PsaResults, optional
        A probabilistic analysis of the same scenario and library already run (e.g. by
        :func:`socinvest.analysis.results.analyse`); its draws and seed replace ``draws`` and
        ``seed``, and it is not run again.

    Raises
    ------
    ValueError
        For an unknown scope, too few draws, a negative population; :class:`GroupError` for a
        group naming a parameter that is not drawn.
    """
    if psa is not None:
        draws, seed = psa.draws, psa.seed
    if draws < 2:
        raise OptionError(
            "--draws", f"the value of information needs at least 2 draws, found {draws}"
        )
    resolved = resolve_scenario(scenario, library_for(scenario, library))
    check_scope(compile_scenario(resolved.scenario), scope)
    intake = scenario.target_group.intake_sizes()
    persons = float(sum(intake))
    if persons_per_year is None:
        persons_per_year = persons / len(intake)
    if years is None:
        years = len(intake)
    if persons_per_year < 0 or years < 0:
        raise OptionError(
            "--persons-per-year", "the population needs persons per year and years of at least 0"
        )
    settings = resolved.scenario.analysis
    rate = float(numeric(settings.discount_rate))
    annuity = annuity_factor(rate, years, settings.timing)

    if psa is None:
        psa = run_psa(scenario, library, draws, seed)
    drawn = list(psa.drawn_parameters)
    if groups is None:
        groups = default_groups(psa, draws)
    chosen_groups = _check_groups(groups, drawn)
    q = psa.scopes.index(scope)
    comparison = next(a.id for a in scenario.alternatives if a.comparison)
    by_id = {a.alternative: a for a in psa.alternatives}
    order = [a.id for a in scenario.alternatives]
    nb = np.column_stack(
        [np.zeros(draws) if alt == comparison else by_id[alt].npv[:, q] / persons for alt in order]
    )
    means = nb.mean(axis=0)
    best = int(np.argmax(means))
    p_wrong = float(np.mean(np.max(nb, axis=1) > nb[:, best]))
    total = evpi(nb)
    if total <= ROUNDING * max(1.0, float(np.max(np.abs(nb)))):
        total = 0.0  # a difference of rounding: the same alternative is best in every draw
    linear = {
        name: members
        for name, members in chosen_groups.items()
        if len(members) > 1 and group_degree(len(members), draws) == 1
    }
    quadratic = {n: m for n, m in chosen_groups.items() if n not in linear}
    # One BLAS thread for the regressions (as the engine's products, core.threads): the
    # numbers then do not depend on the machine's cores, and OpenBLAS's spinning threads do
    # not take the second core (on two cores the fits took several times the CPU and the
    # wall time with its default threads).
    with single_threaded_blas():
        try:
            values = evppi_each(nb, psa.parameter_draws, quadratic)
        except ValueError as exc:  # a group too large for the draws
            raise OptionError("--draws", str(exc)) from exc
        for name, members in linear.items():
            columns = np.column_stack([psa.parameter_draws[m] for m in members])
            values[name] = evppi(nb, columns, degree=1)
    for name, members in chosen_groups.items():
        # Perfect information on a group is worth at least as much as on any of its members;
        # the group's regression (a polynomial) can fit less closely than a member's smoother.
        values[name] = max([values[name], *(values[m] for m in members)])
    entries = [
        VoiEntry(
            name=name,
            kind="group" if name in chosen_groups else "parameter",
            members=tuple(chosen_groups.get(name, [name])),
            per_person=min(value, total),
            population=population_value(
                min(value, total), persons_per_year, years, rate, settings.timing
            ),
            share_of_evpi=min(value / total, 1.0) if total > 0 else None,
        )
        for name, value in values.items()
    ]
    entries.sort(key=lambda e: (-e.per_person, e.kind == "group", e.name))
    return ValueOfInformation(
        scope=scope,
        draws=draws,
        seed=psa.seed,
        alternatives=tuple(order),
        comparison=comparison,
        persons=persons,
        persons_per_year=float(persons_per_year),
        years=years,
        discount_rate=rate,
        timing=settings.timing,
        annuity=annuity,
        mean_net_benefit={alt: float(m) for alt, m in zip(order, means, strict=True)},
        best=order[best],
        p_best_wrong=p_wrong,
        evpi_per_person=total,
        evpi_population=population_value(total, persons_per_year, years, rate, settings.timing),
        entries=entries,
        parameters={pid: resolved.parameters[pid] for pid in drawn},
        transition_blocks=psa.uncertain_transition_blocks,
    )
