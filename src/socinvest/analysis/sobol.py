"""Global sensitivity analysis: Sobol indices of the NPV, through SALib (optional).

Which uncertain parameters matter, over their whole joint distribution rather than one at a
time (the tornado, :mod:`socinvest.analysis.sensitivity`)? The variance of the NPV of one
alternative against the comparison alternative, for one scope (a payer node or a
perspective; default the socio-economic one), to the horizon, is apportioned to the
uncertain parameters (Sobol 2001):

- the *first-order index* ``S1_i = Var(E[Y | X_i]) / Var(Y)``: the share of the variance that
  parameter ``i`` explains on its own (the expected reduction of the variance if it were
  known);
- the *total index* ``ST_i = E[Var(Y | X_~i)] / Var(Y)``: its share including every
  interaction with the other parameters (the variance that would remain if everything but
  ``i`` were known). ``ST_i - S1_i`` is its share through interactions; ``ST_i = 0`` means
  the parameter could be fixed anywhere in its range.

For a model that is additive in the parameters (for instance a linear one) ``S1_i = ST_i``
and the ``S1`` sum to one; ``1 - sum S1`` is the share of the variance due to interactions.

How it is computed
------------------
- The uncertain parameters are those a probabilistic analysis draws
  (:func:`socinvest.analysis.psa.drawn_parameters`: library parameters in money fields and
  effect sizes, with a distribution that is not ``fixed``), taken as independent (the
  scenario's rank correlations are not imposed: Sobol indices assume independent inputs).
- ``N`` points of Saltelli's design on the unit hypercube (a scrambled Sobol sequence,
  :func:`SALib.sample.sobol.sample` without second-order terms: ``N (D + 2)`` rows for
  ``D`` parameters) are mapped column by column through each parameter's inverse CDF
  (:func:`socinvest.core.distributions.inverse_cdf`).
- Every row is evaluated in one vectorised call of the probabilistic engine with the given
  values (:func:`socinvest.analysis.psa.run_psa` with ``parameter_draws``).
- :func:`SALib.analyze.sobol.analyze` estimates ``S1`` (Saltelli et al. 2010, table 2 (b))
  and ``ST`` (Jansen's estimator, Saltelli et al. 2010, table 2 (f)), with bootstrap
  confidence intervals (95 %, 100 resamples).

Transition rows with ``uncertainty: {concentration: N}`` (Dirichlet) are **held at their
means**: a row is not one parameter but a vector constrained to sum to one, and has no
inverse CDF per column; the result lists the blocks held so
(:attr:`SobolResult.fixed_transition_blocks`). The discount rates and everything else a
probabilistic analysis holds fixed are fixed here too.

Reproducibility: the design is scrambled with the seed and the bootstrap is seeded with it,
and the engine is deterministic given the values, so the same seed gives the same indices.

SALib is an optional dependency: ``pip install 'socinvest[sobol]'``.

References
----------
Sobol, I. M. (2001). Global sensitivity indices for nonlinear mathematical models and their
Monte Carlo estimates. *Mathematics and Computers in Simulation* 55(1-3), 271-280.

Saltelli, A. (2002). Making best use of model evaluations to compute sensitivity indices.
*Computer Physics Communications* 145(2), 280-297.

Saltelli, A., Annoni, P., Azzini, I., Campolongo, F., Ratto, M. and Tarantola, S. (2010).
Variance based sensitivity analysis of model output. Design and estimator for the total
sensitivity index. *Computer Physics Communications* 181(2), 259-270.

Herman, J. and Usher, W. (2017). SALib: an open-source Python library for sensitivity
analysis. *Journal of Open Source Software* 2(9), 97.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from socinvest.analysis.errors import OptionError
from socinvest.analysis.psa import drawn_parameters, run_psa
from socinvest.analysis.sensitivity import DEFAULT_SCOPE, check_scope, chosen_alternatives
from socinvest.core.distributions import inverse_cdf
from socinvest.i18n import N_
from socinvest.params.errors import Message
from socinvest.params.library import ParameterLibrary, ResolvedParameter
from socinvest.params.sampling import spec_for
from socinvest.scenario.compile import compile_scenario
from socinvest.scenario.model import Scenario
from socinvest.scenario.references import library_for, resolve_scenario

FloatArray = npt.NDArray[np.float64]

DEFAULT_SAMPLES = 1024
"""Base samples ``N`` of the design (a power of two); the model is evaluated ``N (D + 2)``
times."""

MIN_SAMPLES = 4
CONF_LEVEL = 0.95
RESAMPLES = 100
"""Bootstrap resamples behind the confidence intervals."""

CONSTANT = 1e-9
"""An NPV whose range over the design is below this fraction of its size is constant (its
variance is rounding): every index is then 0."""

_OPEN = (2.0**-53, 1.0 - 2.0**-53)
"""The unit interval's points are kept off 0 and 1, where some inverse CDFs are infinite."""

MISSING_SALIB = N_(
    "the Sobol indices need the SALib package, which is not installed; install it with: "
    "pip install 'socinvest[sobol]'"
)
BAD_SAMPLES = N_(
    "the number of samples must be a power of two of at least 4 (e.g. 512, 1024 or 2048): "
    "the Sobol sequence is balanced only then"
)
NOTHING_UNCERTAIN = N_(
    "the scenario has no uncertain parameter in its money fields or effect sizes, so there "
    "is no variance to apportion"
)


@dataclass(frozen=True)
class SobolIndex:
    """The Sobol indices of one uncertain parameter.

    ``s1_conf`` and ``st_conf`` are the half-widths of the confidence intervals
    (bootstrap, at :attr:`SobolResult.conf_level`).
    """

    parameter: ResolvedParameter
    s1: float
    s1_conf: float
    st: float
    st_conf: float

    @property
    def s1_interval(self) -> tuple[float, float]:
        """The confidence interval of ``S1``."""
        return self.s1 - self.s1_conf, self.s1 + self.s1_conf

    @property
    def st_interval(self) -> tuple[float, float]:
        """The confidence interval of ``ST``."""
        return self.st - self.st_conf, self.st + self.st_conf

    @property
    def interactions(self) -> float:
        """``ST - S1``: the share of the variance through interactions (estimated, so it may
        come out slightly negative)."""
        return self.st - self.s1


@dataclass(frozen=True)
class SobolResult:
    """The Sobol indices of one alternative's NPV for one scope; ``indices`` sorted by the
    total index, largest first.

    ``samples`` is the design's ``N`` and ``evaluations`` the rows evaluated,
    ``N (D + 2)``. ``npv_mean`` and ``npv_variance`` are over every evaluation (SEK, SEK²).
    ``fixed_transition_blocks`` are the transition blocks that declare (Dirichlet)
    uncertainty, held at their means.
    """

    alternative: str
    scope: str
    samples: int
    evaluations: int
    seed: int
    conf_level: float
    resamples: int
    npv_mean: float
    npv_variance: float
    indices: list[SobolIndex]
    fixed_transition_blocks: tuple[int, ...]

    @property
    def constant(self) -> bool:
        """True when the NPV does not vary with the parameters (every index is 0)."""
        return self.npv_variance == 0.0

    @property
    def sum_first_order(self) -> float:
        """The sum of the ``S1``: about 1 for an additive model, less with interactions."""
        return float(sum(i.s1 for i in self.indices))


def _salib() -> tuple[Any, Any]:
    """SALib's Sobol sampler and analyser, imported when needed."""
    try:
        from SALib.analyze import sobol as analyze
        from SALib.sample import sobol as sample
    except ImportError as exc:
        raise OptionError("", Message.of(MISSING_SALIB)) from exc
    return sample, analyze


def sobol_indices(
    scenario: Scenario,
    library: ParameterLibrary | None = None,
    *,
    scope: str = DEFAULT_SCOPE,
    alternative: str | None = None,
    samples: int = DEFAULT_SAMPLES,
    seed: int | None = None,
) -> SobolResult:
    """First-order and total Sobol indices of an alternative's NPV (see the module docstring).

    Parameters
    ----------
    scenario : Scenario
        As loaded (it may refer to library parameters).
    library : ParameterLibrary, optional
        With any ``--params`` applied; the scenario's own ``parameters:`` go on top.
    scope : str
        A payer id or ``public_finances`` / ``socio_economic``.
    alternative : str, optional
        The alternative whose NPV against the comparison is analysed; default the first
        alternative after the comparison, in the scenario's order.
    samples : int
        The design's base samples ``N``, a power of two of at least 4; the engine evaluates
        ``N (D + 2)`` parameter sets.
    seed : int, optional
        Scrambles the design and seeds the bootstrap; default the scenario's
        ``analysis.seed``.

    Returns
    -------
    SobolResult

    Raises
    ------
    OptionError
        For an unknown scope or alternative, a number of samples that is not a power of two
        of at least 4, a scenario with no uncertain parameter, or SALib not installed.
    """
    if samples < MIN_SAMPLES or samples & (samples - 1):
        raise OptionError("--samples", Message.of(BAD_SAMPLES))
    sample, analyze = _salib()
    seed = scenario.analysis.seed if seed is None else seed
    resolved = resolve_scenario(scenario, library_for(scenario, library))
    check_scope(compile_scenario(resolved.scenario), scope)
    chosen = chosen_alternatives(scenario, alternative)[0]
    money, ratios = drawn_parameters(scenario, resolved.parameters)
    ids = money + ratios
    if not ids:
        raise OptionError("", Message.of(NOTHING_UNCERTAIN))
    problem = {"num_vars": len(ids), "names": ids, "bounds": [[0.0, 1.0]] * len(ids)}
    unit = np.asarray(sample.sample(problem, samples, calc_second_order=False, seed=seed))
    unit = np.clip(unit, *_OPEN)
    values = {
        pid: inverse_cdf(spec_for(resolved.parameters[pid]), unit[:, k])
        for k, pid in enumerate(ids)
    }
    evaluations = unit.shape[0]
    psa = run_psa(
        scenario,
        library,
        evaluations,
        seed,
        parameter_draws=values,
        transition_rows=False,
    )
    npv = psa.for_alternative(chosen).npv[:, psa.scopes.index(scope)]
    mean, variance = float(np.mean(npv)), float(np.var(npv))
    if float(np.ptp(npv)) <= CONSTANT * max(1.0, float(np.max(np.abs(npv)))):
        variance = 0.0
        zeros = np.zeros(len(ids))
        found: dict[str, Any] = {"S1": zeros, "S1_conf": zeros, "ST": zeros, "ST_conf": zeros}
    else:
        found = analyze.analyze(
            problem,
            npv,
            calc_second_order=False,
            num_resamples=RESAMPLES,
            conf_level=CONF_LEVEL,
            seed=seed,
        )
    indices = [
        SobolIndex(
            parameter=resolved.parameters[pid],
            s1=float(found["S1"][k]),
            s1_conf=float(found["S1_conf"][k]),
            st=float(found["ST"][k]),
            st_conf=float(found["ST_conf"][k]),
        )
        for k, pid in enumerate(ids)
    ]
    indices.sort(key=lambda i: (-i.st, -i.s1, i.parameter.id))
    fixed_blocks = tuple(
        b for b, block in enumerate(resolved.scenario.model.transitions) if block.uncertainty
    )
    return SobolResult(
        alternative=chosen,
        scope=scope,
        samples=samples,
        evaluations=evaluations,
        seed=seed,
        conf_level=CONF_LEVEL,
        resamples=RESAMPLES,
        npv_mean=mean,
        npv_variance=variance,
        indices=indices,
        fixed_transition_blocks=fixed_blocks,
    )
