"""One-way sensitivity analysis (the tornado diagram).

For a scenario, its parameter library (with any local overrides) and one or more
alternatives, every library parameter the scenario uses whose uncertainty is not ``fixed``
is set, one at a time, to a low and a high value, and the deterministic analysis is run
again; the NPV of the alternative against the comparison alternative is recorded for one
scope (a payer node or a perspective; default the socio-economic one), to the horizon and
within the term of office. Bars are sorted by their swing ``|NPV(high) - NPV(low)|``,
largest first.

Low and high values (in the analysis price year, as the run uses them):

- ``uniform``, ``triangular`` and ``pert``: the declared ``low`` and ``high``;
- ``normal``, ``lognormal``, ``gamma`` and ``beta``: the 5th and 95th percentiles of the
  declared distribution, parameterised as in :mod:`socinvest.core.distributions` (normal:
  mean and sd; lognormal: median and ``sd_log``; gamma and beta: mean and sd by the method of
  moments);
- ``dirichlet`` (one probability of a row): the 5th and 95th percentiles of its beta
  marginal (see :func:`socinvest.params.sampling.spec_for`).

A parameter is changed through an override layer built in code (:class:`PinnedLibrary`):
its resolved value is replaced wherever the scenario refers to it (times any ``times``);
the library's defaults are not touched. The tornado makes the same resolution without
resolving the scenario again for each run
(:class:`socinvest.scenario.references.PinnableScenario`).

The money discount rate is a setting, not a drawn parameter, but it moves the NPV more than
most: one more bar (``setting`` ``analysis.discount_rate``, basis ``"setting"``) runs the
analysis with ``analysis.discount_rate`` at a low and a high rate, by default
:data:`DISCOUNT_RANGE` (0-5 %); everything else, the outcome discount rate included, is
unchanged.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from socinvest.analysis.errors import OptionError
from socinvest.analysis.run import PathCache, run_scenario
from socinvest.analysis.summary import PERSPECTIVES, NpvComparison, compare_npv
from socinvest.core.distributions import Spec, inverse_cdf
from socinvest.params.library import ParameterLibrary, ResolvedParameter
from socinvest.params.sampling import spec_for
from socinvest.scenario.compile import CompiledScenario, compile_scenario
from socinvest.scenario.model import Scenario, numeric
from socinvest.scenario.references import PinnableScenario, library_for, resolve_scenario

LOW_QUANTILE = 0.05
HIGH_QUANTILE = 0.95
DECLARED_BOUNDS = ("uniform", "triangular", "pert")
DEFAULT_SCOPE = "socio_economic"

DISCOUNT_SETTING = "analysis.discount_rate"
"""The id of the discount-rate bar (the scenario field it changes)."""

DISCOUNT_RANGE = (0.0, 0.05)
"""Default low and high money discount rate of the discount-rate bar: the sensitivity range of
TLV's general guidelines for economic evaluations (TLVAR 2003:2, amended by TLVAR 2017:1: base
3 % for costs and health effects, sensitivity analysis 0-5 %; as tabulated in ISPOR's
"Pharmacoeconomic guidelines around the world: Sweden", the source of the library parameter
``diskontering.ranta_tlv``). It contains the default, ASEK's 3.5 % (Trafikverket, from 2012;
``diskontering.ranta``), and the 4 % most Swedish authorities reported in 2010
(``diskontering.ranta_myndigheter``). ASEK's own recommendation for sensitivity analysis was
not read."""


@dataclass(frozen=True)
class PinnedLibrary(ParameterLibrary):
    """A parameter library in which some parameters resolve to given values (in the analysis
    price year) instead of their own: the override layer of a one-way analysis."""

    pinned: Mapping[str, float] = field(default_factory=dict)

    def resolve(self, parameter_id: str, price_year: int, when: dt.date) -> ResolvedParameter:
        resolved = super().resolve(parameter_id, price_year, when)
        if parameter_id in self.pinned:
            return replace(resolved, value=float(self.pinned[parameter_id]))
        return resolved

    @classmethod
    def on(cls, library: ParameterLibrary, pinned: Mapping[str, float]) -> PinnedLibrary:
        return cls(
            library.parameters, library.origins, library.indices, library.overridden, dict(pinned)
        )


def quantile(spec: Spec, q: float) -> float:
    """The ``q`` quantile of a declared distribution
    (:func:`socinvest.core.distributions.inverse_cdf`)."""
    return float(inverse_cdf(spec, q))


def bounds(parameter: ResolvedParameter) -> tuple[float, float, str] | None:
    """``(low, high, basis)`` of a parameter, ``basis`` being ``"declared"`` or
    ``"percentiles"``; ``None`` for a fixed parameter."""
    u = parameter.uncertainty
    if u.distribution == "fixed":
        return None
    if u.distribution in DECLARED_BOUNDS:
        assert u.low is not None and u.high is not None
        return u.low, u.high, "declared"
    spec = spec_for(parameter)
    if spec.kind == "fixed":
        return None
    return quantile(spec, LOW_QUANTILE), quantile(spec, HIGH_QUANTILE), "percentiles"


@dataclass(frozen=True)
class TornadoBar:
    """One bar: a library parameter, or an analysis setting (``parameter`` is ``None`` and
    ``setting`` names the scenario field, e.g. :data:`DISCOUNT_SETTING`), at its low and high
    value; NPVs for the tornado's scope. ``basis`` is ``"declared"``, ``"percentiles"`` or
    ``"setting"``."""

    parameter: ResolvedParameter | None
    low: float
    high: float
    basis: str
    npv_low: float
    npv_high: float
    npv_low_term: float
    npv_high_term: float
    setting: str | None = None
    setting_value: float | None = None
    """The setting's value in the base run (a setting bar only)."""

    @property
    def id(self) -> str:
        """The parameter's id or the setting's name."""
        if self.parameter is not None:
            return self.parameter.id
        assert self.setting is not None
        return self.setting

    @property
    def unit(self) -> str:
        """The parameter's unit; a setting's is ``"fraction"`` (a rate)."""
        return self.parameter.unit if self.parameter is not None else "fraction"

    @property
    def value(self) -> float:
        """The value in the base run."""
        if self.parameter is not None:
            return self.parameter.value
        assert self.setting_value is not None
        return self.setting_value

    @property
    def swing(self) -> float:
        return abs(self.npv_high - self.npv_low)

    @property
    def swing_term(self) -> float:
        return abs(self.npv_high_term - self.npv_low_term)


@dataclass(frozen=True)
class Tornado:
    """The one-way analysis of one alternative for one scope; ``bars`` sorted by swing.

    ``fixed`` lists the library parameters the scenario uses that have no uncertainty; the
    bars include one for the money discount rate (a setting, see :class:`TornadoBar`).
    """

    alternative: str
    scope: str
    npv_base: float
    npv_base_term: float
    bars: list[TornadoBar]
    fixed: list[str]


def check_scope(compiled: CompiledScenario, scope: str) -> None:
    """Raise ValueError unless ``scope`` is a payer node or a perspective."""
    if scope not in PERSPECTIVES and scope not in compiled.payers.ids:
        known = ", ".join([*PERSPECTIVES, *compiled.payers.ids])
        raise OptionError("--scope", f"unknown scope {scope!r}; expected one of: {known}")


def chosen_alternatives(scenario: Scenario, alternative: str | None) -> list[str]:
    """The non-comparison alternatives, or just ``alternative`` (ValueError if unknown or the
    comparison alternative)."""
    others = [a.id for a in scenario.alternatives if not a.comparison]
    if alternative is None:
        return others
    if alternative not in others:
        raise OptionError(
            "--alternative",
            f"unknown alternative {alternative!r}; expected one of: {', '.join(others)} "
            "(not the comparison alternative)",
        )
    return [alternative]


_Runs = dict[str, NpvComparison]


def check_discount_range(low: float, high: float) -> None:
    """Raise OptionError unless ``-1 < low < high <= 1`` (rates as fractions, as the scenario
    format takes them)."""
    for option, rate in (("--discount-low", low), ("--discount-high", high)):
        if not (math.isfinite(rate) and -1.0 < rate <= 1.0):
            raise OptionError(
                option,
                f"expected a discount rate as a fraction above -1 and at most 1 (0.03 = 3 %), "
                f"found {rate}",
            )
    if not low < high:
        raise OptionError(
            "--discount-low",
            f"expected the low discount rate below the high one, found {low} and {high}",
        )


def with_discount_rate(scenario: Scenario, rate: float) -> Scenario:
    """The scenario with its money discount rate set to ``rate`` (nothing else changed)."""
    analysis = scenario.analysis.model_copy(update={"discount_rate": rate})
    return scenario.model_copy(update={"analysis": analysis})


def _comparisons(
    resolved: Scenario,
    alternatives: list[str] | None = None,
    scope: str | None = None,
    paths: PathCache | None = None,
) -> dict[str, NpvComparison]:
    """The NPV comparisons of a resolved scenario's ``alternatives`` (default every one but
    the comparison). Only the NPV is read: no IRR or payback for each of the many runs; and
    only the comparison and the chosen alternatives are run (each alternative's run depends
    on the compiled scenario and its own arrays alone, so leaving the others out changes no
    number); with ``scope``, only that scope's NPV is summarised. With ``paths``, a cohort
    path computed before from the same inputs is used again (:class:`PathCache`: the same
    numbers bit for bit; a money parameter changes no path)."""
    compiled = compile_scenario(resolved)
    if alternatives is not None:
        wanted = set(alternatives)
        compiled = replace(
            compiled,
            alternatives=[a for a in compiled.alternatives if a.comparison or a.id in wanted],
        )
    run = run_scenario(compiled) if paths is None else paths.run_scenario(compiled)
    scopes = None if scope is None else (scope,)
    return {a.id: compare_npv(run, a, scopes) for a in run.alternatives if not a.comparison}


def tornado(
    scenario: Scenario,
    library: ParameterLibrary | None = None,
    scope: str = DEFAULT_SCOPE,
    alternative: str | None = None,
    discount_range: tuple[float, float] = DISCOUNT_RANGE,
) -> list[Tornado]:
    """The one-way sensitivity analysis of each chosen alternative (see the module docstring).

    Parameters
    ----------
    scenario : Scenario
        As loaded (it may refer to library parameters).
    library : ParameterLibrary, optional
        With any ``--params`` applied; the scenario's own ``parameters:`` go on top.
    scope : str
        A payer id or ``public_finances`` / ``socio_economic``.
    alternative : str, optional
        One alternative; default every alternative but the comparison.
    discount_range : (float, float)
        The low and high money discount rate of the discount-rate bar, as fractions
        (default :data:`DISCOUNT_RANGE`).

    Raises
    ------
    ValueError
        For an unknown scope or alternative, or a discount range that is not two rates with
        the low one first.
    """
    base_library = library_for(scenario, library)
    # Resolved once; each pinned parameter is written into the resolved data at the places
    # that refer to it (PinnableScenario: the same numbers as resolving the scenario again
    # with a PinnedLibrary, without walking the scenario for every run).
    pinnable = PinnableScenario.of(scenario, base_library)
    resolved = pinnable.resolve()
    check_scope(compile_scenario(resolved.scenario), scope)
    alternatives = chosen_alternatives(scenario, alternative)
    check_discount_range(*discount_range)
    paths = PathCache()
    base = _comparisons(resolved.scenario, alternatives, scope, paths)
    runs: list[tuple[ResolvedParameter, float, float, str, _Runs, _Runs]] = []
    fixed: list[str] = []
    for pid, parameter in resolved.parameters.items():
        found = bounds(parameter)
        if found is None:
            fixed.append(pid)
            continue
        low, high, basis = found
        at_low = _comparisons(pinnable.resolve({pid: low}).scenario, alternatives, scope, paths)
        at_high = _comparisons(pinnable.resolve({pid: high}).scenario, alternatives, scope, paths)
        runs.append((parameter, low, high, basis, at_low, at_high))
    rate_low, rate_high = discount_range
    rate_runs = (
        _comparisons(
            resolve_scenario(with_discount_rate(scenario, rate_low), base_library).scenario,
            alternatives,
            scope,
        ),
        _comparisons(
            resolve_scenario(with_discount_rate(scenario, rate_high), base_library).scenario,
            alternatives,
            scope,
        ),
    )
    out = []
    for alt in alternatives:
        bars = [
            TornadoBar(
                parameter=parameter,
                low=low,
                high=high,
                basis=basis,
                npv_low=at_low[alt].horizon[scope],
                npv_high=at_high[alt].horizon[scope],
                npv_low_term=at_low[alt].term_of_office[scope],
                npv_high_term=at_high[alt].term_of_office[scope],
            )
            for parameter, low, high, basis, at_low, at_high in runs
        ]
        at_low, at_high = rate_runs
        bars.append(
            TornadoBar(
                parameter=None,
                low=rate_low,
                high=rate_high,
                basis="setting",
                npv_low=at_low[alt].horizon[scope],
                npv_high=at_high[alt].horizon[scope],
                npv_low_term=at_low[alt].term_of_office[scope],
                npv_high_term=at_high[alt].term_of_office[scope],
                setting=DISCOUNT_SETTING,
                setting_value=numeric(resolved.scenario.analysis.discount_rate),
            )
        )
        bars.sort(key=lambda b: (-b.swing, -b.swing_term, b.id))
        out.append(
            Tornado(
                alternative=alt,
                scope=scope,
                npv_base=base[alt].horizon[scope],
                npv_base_term=base[alt].term_of_office[scope],
                bars=bars,
                fixed=fixed,
            )
        )
    return out
