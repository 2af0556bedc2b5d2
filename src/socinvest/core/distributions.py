"""Random draws for probabilistic analysis: one function per distribution, rank correlation
(Iman-Conover) and a seeded draw matrix.

Everything here is a pure function of its inputs (SALib style: no hidden state). The draws
are made once, as data, and engines are deterministic given them:

- every distribution function takes a :class:`numpy.random.Generator` and ``n`` and
  returns ``n`` draws, parametrised by the numbers a parameter declares (the ``value`` is
  the mean for normal, gamma and beta, the median for the lognormal and the mode for the
  triangular and PERT distributions);
- :func:`draw_matrix` gives each parameter its own generator, derived from the seed and the
  parameter's *id* (not its position), so the same ``(seed, n)`` gives bit-identical draws
  for a parameter whether it is drawn alone or together with any other parameters;
- :func:`iman_conover` imposes a rank correlation on independent draws by reordering them,
  so every marginal distribution is kept exactly.

References
----------
Iman, R. L. and Conover, W. J. (1982). A distribution-free approach to inducing rank
correlation among input variables. *Communications in Statistics - Simulation and
Computation* 11(3), 311-334.

Vose, D. (2008). *Risk Analysis: A Quantitative Guide*, 3rd ed. Wiley (ch. 8-9: the PERT,
triangular and method-of-moments parametrisations).

Davis, R. (2008). Teaching note - Teaching project simulation in Excel using PERT-Beta
distributions. *INFORMS Transactions on Education* 8(3), 139-148.

Briggs, A., Claxton, K. and Sculpher, M. (2006). *Decision Modelling for Health Economic
Evaluation*. Oxford University Press (ch. 4: gamma, beta, lognormal and Dirichlet
distributions for parameters, fitted by the method of moments).

Kruskal, W. H. (1958). Ordinal measures of association. *Journal of the American Statistical
Association* 53(284), 814-861 (Spearman's rho of a bivariate normal distribution).
"""

from __future__ import annotations

import hashlib
import itertools
import math
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]

Kind = Literal[
    "fixed", "normal", "lognormal", "gamma", "beta", "uniform", "triangular", "pert", "dirichlet"
]

ROW_SUM_TOLERANCE = 1e-9
"""Absolute tolerance with which a Dirichlet row's probabilities must sum to one."""

MIN_THREADED_DRAWS = 2_000
"""Fewer draws per row than this are drawn in one thread: starting threads would cost more."""

PERT_LAMBDA = 4.0
"""Weight of the mode in the (standard) PERT distribution."""

_PARAMETER_STREAM = 0
_MAX_PERMUTATIONS = 100
_CORRELATION_STREAM = 1


# --------------------------------------------------------------------------------------------
# Parametrisations (method of moments and PERT shapes)


def gamma_shape_scale(mean: float, sd: float) -> tuple[float, float]:
    """Shape and scale of the gamma distribution with the given mean and sd.

    By the method of moments, ``shape = (mean / sd) ** 2`` and ``scale = sd ** 2 / mean``
    (Briggs, Claxton and Sculpher 2006, sec. 4.3.2).

    Raises
    ------
    ValueError
        Unless ``mean > 0`` and ``sd > 0``.
    """
    if not (math.isfinite(mean) and mean > 0):
        raise ValueError(f"a gamma distribution needs a positive mean, found {mean}")
    if not (math.isfinite(sd) and sd > 0):
        raise ValueError(f"a gamma distribution needs a positive sd, found {sd}")
    return (mean / sd) ** 2, sd**2 / mean


def beta_shape(mean: float, sd: float) -> tuple[float, float]:
    """Shape parameters ``(alpha, beta)`` of the beta distribution with the given mean and sd.

    By the method of moments, with ``common = mean * (1 - mean) / sd ** 2 - 1``,
    ``alpha = mean * common`` and ``beta = (1 - mean) * common`` (Briggs, Claxton and
    Sculpher 2006, sec. 4.3.1).

    Raises
    ------
    ValueError
        Unless ``0 < mean < 1`` and ``0 < sd ** 2 < mean * (1 - mean)`` (a larger sd has no
        beta distribution: the largest variance of a variable in [0, 1] with that mean is
        ``mean * (1 - mean)``).
    """
    if not (math.isfinite(mean) and 0.0 < mean < 1.0):
        raise ValueError(f"a beta distribution needs a mean strictly between 0 and 1, found {mean}")
    if not (math.isfinite(sd) and sd > 0):
        raise ValueError(f"a beta distribution needs a positive sd, found {sd}")
    limit = mean * (1.0 - mean)
    if not sd**2 < limit:
        raise ValueError(
            f"a beta distribution with mean {mean} needs sd < {math.sqrt(limit):.6g} "
            f"(sqrt(mean * (1 - mean))), found sd {sd}"
        )
    common = limit / sd**2 - 1.0
    return mean * common, (1.0 - mean) * common


def pert_shape(low: float, mode: float, high: float) -> tuple[float, float]:
    """Shape parameters of the beta distribution behind a PERT(low, mode, high).

    With the standard weight ``lambda = 4``: ``alpha = 1 + 4 (mode - low) / (high - low)``
    and ``beta = 1 + 4 (high - mode) / (high - low)``; the PERT variable is
    ``low + (high - low) * Beta(alpha, beta)``, with mean ``(low + 4 mode + high) / 6``
    (Vose 2008, sec. 9.1.5; Davis 2008).

    Raises
    ------
    ValueError
        Unless ``low <= mode <= high`` and ``low < high``.
    """
    _check_range("PERT", low, mode, high)
    width = high - low
    return 1.0 + PERT_LAMBDA * (mode - low) / width, 1.0 + PERT_LAMBDA * (high - mode) / width


def _check_range(name: str, low: float, mode: float, high: float) -> None:
    if not all(math.isfinite(v) for v in (low, mode, high)):
        raise ValueError(f"a {name} distribution needs finite bounds and mode")
    if not low < high:
        raise ValueError(f"a {name} distribution needs low < high, found {low} and {high}")
    if not low <= mode <= high:
        raise ValueError(
            f"a {name} distribution needs low <= mode <= high, found {low}, {mode}, {high}"
        )


def _check_n(n: int) -> None:
    if isinstance(n, bool) or not isinstance(n, int | np.integer) or n < 0:
        raise ValueError(f"the number of draws must be a non-negative integer, found {n!r}")


# --------------------------------------------------------------------------------------------
# One distribution each


def normal(rng: np.random.Generator, n: int, mean: float, sd: float) -> FloatArray:
    """``n`` draws from Normal(mean, sd ** 2)."""
    _check_n(n)
    if not (math.isfinite(mean) and math.isfinite(sd) and sd >= 0):
        raise ValueError(f"a normal distribution needs a finite mean and sd >= 0, found {sd}")
    return np.asarray(rng.normal(mean, sd, size=n), dtype=np.float64)


def lognormal(rng: np.random.Generator, n: int, median: float, sd_log: float) -> FloatArray:
    """``n`` draws of ``median * exp(sd_log * Z)``, Z standard normal.

    The median is ``median``; the mean is ``median * exp(sd_log ** 2 / 2)`` (Briggs, Claxton
    and Sculpher 2006, sec. 4.3.3).
    """
    _check_n(n)
    if not (math.isfinite(median) and median > 0):
        raise ValueError(f"a lognormal distribution needs a positive median, found {median}")
    if not (math.isfinite(sd_log) and sd_log >= 0):
        raise ValueError(f"a lognormal distribution needs sd_log >= 0, found {sd_log}")
    return np.asarray(rng.lognormal(math.log(median), sd_log, size=n), dtype=np.float64)


def gamma(rng: np.random.Generator, n: int, mean: float, sd: float) -> FloatArray:
    """``n`` draws from the gamma distribution with the given mean and sd
    (see :func:`gamma_shape_scale`)."""
    _check_n(n)
    shape, scale = gamma_shape_scale(mean, sd)
    return np.asarray(rng.gamma(shape, scale, size=n), dtype=np.float64)


def beta(rng: np.random.Generator, n: int, mean: float, sd: float) -> FloatArray:
    """``n`` draws from the beta distribution with the given mean and sd
    (see :func:`beta_shape`)."""
    _check_n(n)
    a, b = beta_shape(mean, sd)
    return np.asarray(rng.beta(a, b, size=n), dtype=np.float64)


def uniform(rng: np.random.Generator, n: int, low: float, high: float) -> FloatArray:
    """``n`` draws from Uniform[low, high): mean ``(low + high) / 2``, sd
    ``(high - low) / sqrt(12)``."""
    _check_n(n)
    if not (math.isfinite(low) and math.isfinite(high) and low < high):
        raise ValueError(f"a uniform distribution needs low < high, found {low} and {high}")
    return np.asarray(rng.uniform(low, high, size=n), dtype=np.float64)


def triangular(
    rng: np.random.Generator, n: int, low: float, mode: float, high: float
) -> FloatArray:
    """``n`` draws from the triangular distribution on [low, high] with the given mode.

    Mean ``(low + mode + high) / 3``; ``P(X <= mode) = (mode - low) / (high - low)``
    (Vose 2008, sec. 9.1.5).
    """
    _check_n(n)
    _check_range("triangular", low, mode, high)
    return np.asarray(rng.triangular(low, mode, high, size=n), dtype=np.float64)


def pert(rng: np.random.Generator, n: int, low: float, mode: float, high: float) -> FloatArray:
    """``n`` draws from PERT(low, mode, high), a scaled beta distribution
    (see :func:`pert_shape`).

    Mean ``(low + 4 mode + high) / 6``; variance ``(mean - low) (high - mean) / 7``.
    """
    _check_n(n)
    a, b = pert_shape(low, mode, high)
    return np.asarray(low + (high - low) * rng.beta(a, b, size=n), dtype=np.float64)


def dirichlet(
    rng: np.random.Generator, n: int, probabilities: npt.ArrayLike, concentration: float
) -> FloatArray:
    """``n`` draws of a row of transition probabilities from a Dirichlet distribution.

    Parameters
    ----------
    rng : numpy.random.Generator
    n : int
    probabilities : array_like, shape (k,)
        The row's expected probabilities ``p``: non-negative, summing to one.
    concentration : float
        ``c > 0``, the sum of the Dirichlet parameters (e.g. the number of observations
        behind the row): ``alpha = c * p``. Component ``j`` then has mean ``p_j`` and
        variance ``p_j (1 - p_j) / (c + 1)`` (Briggs, Claxton and Sculpher 2006, sec. 4.3.4).

    Returns
    -------
    ndarray, shape (n, k)
        Each row sums to one (to rounding); entries with ``p_j = 0`` are exactly zero in
        every draw (the Dirichlet is drawn over the positive entries only).
    """
    _check_n(n)
    p = np.asarray(probabilities, dtype=np.float64)
    if p.ndim != 1 or p.size == 0:
        raise ValueError("a Dirichlet row needs a one-dimensional, non-empty list of probabilities")
    if not np.all(np.isfinite(p)) or np.any(p < 0):
        raise ValueError(f"a Dirichlet row needs non-negative probabilities, found {p.tolist()}")
    total = float(p.sum())
    if abs(total - 1.0) > ROW_SUM_TOLERANCE:
        raise ValueError(f"a Dirichlet row's probabilities must sum to 1, found {total:.12g}")
    if not (math.isfinite(concentration) and concentration > 0):
        raise ValueError(f"a Dirichlet row needs a positive concentration, found {concentration}")
    positive = p > 0
    out = np.zeros((n, p.size), dtype=np.float64)
    if int(positive.sum()) == 1:
        out[:, positive] = 1.0
        return out
    sample = rng.dirichlet(concentration * p[positive], size=n)
    out[:, positive] = sample / sample.sum(axis=1, keepdims=True)
    return out


def dirichlet_rows(
    keys: Sequence[str],
    n: int,
    probabilities: Sequence[npt.ArrayLike],
    concentrations: Sequence[float],
    seed: int,
    workers: int = 2,
    draw_last: bool = False,
) -> list[FloatArray]:
    """:func:`dirichlet` draws of many rows, each from its own keyed generator, in threads.

    Row ``r`` is ``dirichlet(child_generator(seed, keys[r]), n, probabilities[r],
    concentrations[r])``: its draws depend on its key only, so the result is bit-identical
    whatever ``workers`` is (numpy's generators release the GIL while they draw; threads
    only change who draws which row). Returns one ``(n, k)`` array per row, in order, or
    with ``draw_last`` one contiguous ``(k, n)`` array (the cohort engine's layout).
    """
    if not len(keys) == len(probabilities) == len(concentrations):
        raise ValueError("dirichlet_rows needs as many keys, probabilities and concentrations")
    generators = [child_generator(seed, key) for key in keys]
    return dirichlet_from(generators, n, probabilities, concentrations, workers, draw_last)


def dirichlet_from(
    generators: Sequence[np.random.Generator],
    n: int,
    probabilities: Sequence[npt.ArrayLike],
    concentrations: Sequence[float],
    workers: int = 2,
    draw_last: bool = False,
) -> list[FloatArray]:
    """:func:`dirichlet` draws of many rows, row ``r`` from ``generators[r]`` (each advanced
    by its own draws only), in up to ``workers`` threads (one thread below
    :data:`MIN_THREADED_DRAWS` draws); see :func:`dirichlet_rows` (also for
    ``draw_last``)."""
    jobs = list(zip(generators, probabilities, concentrations, strict=True))

    def draw(job: tuple[np.random.Generator, npt.ArrayLike, float]) -> FloatArray:
        rows = dirichlet(job[0], n, job[1], job[2])
        return np.ascontiguousarray(rows.T) if draw_last else rows

    if workers <= 1 or len(jobs) <= 1 or n < MIN_THREADED_DRAWS:
        return [draw(job) for job in jobs]
    with ThreadPoolExecutor(max_workers=min(workers, len(jobs))) as pool:
        return list(pool.map(draw, jobs))


# --------------------------------------------------------------------------------------------
# A declaration as data, drawn by name


@dataclass(frozen=True)
class Spec:
    """What to draw for one parameter: the distribution and its numbers.

    ``value`` is the mean (``normal``, ``gamma``, ``beta``), the median (``lognormal``), the
    mode (``triangular``, ``pert``) or the constant (``fixed``); it is not used by
    ``uniform`` and ``dirichlet``. A ``dirichlet`` spec is a whole row: ``probabilities``
    and ``concentration``, and draws have shape ``(n, k)``; every other spec draws shape
    ``(n,)``. The numbers are checked when the spec is made.
    """

    kind: Kind
    value: float = math.nan
    sd: float | None = None
    sd_log: float | None = None
    low: float | None = None
    high: float | None = None
    concentration: float | None = None
    probabilities: tuple[float, ...] | None = None

    def __post_init__(self) -> None:
        needs: dict[str, tuple[str, ...]] = {
            "fixed": ("value",),
            "normal": ("value", "sd"),
            "lognormal": ("value", "sd_log"),
            "gamma": ("value", "sd"),
            "beta": ("value", "sd"),
            "uniform": ("low", "high"),
            "triangular": ("low", "value", "high"),
            "pert": ("low", "value", "high"),
            "dirichlet": ("probabilities", "concentration"),
        }
        if self.kind not in needs:
            raise ValueError(
                f"unknown distribution {self.kind!r}; expected one of {', '.join(needs)}"
            )
        missing = [
            k
            for k in needs[self.kind]
            if getattr(self, k) is None or (k == "value" and math.isnan(self.value))
        ]
        if missing:
            raise ValueError(f"distribution {self.kind!r} needs {', '.join(missing)}")
        optional = ("sd", "sd_log", "low", "high", "concentration", "probabilities")
        extra = [k for k in optional if getattr(self, k) is not None and k not in needs[self.kind]]
        if extra:
            raise ValueError(f"distribution {self.kind!r} does not take {', '.join(extra)}")
        if self.probabilities is not None:
            object.__setattr__(self, "probabilities", tuple(float(v) for v in self.probabilities))
        # Check the numbers by drawing nothing: the same checks as a real draw.
        draw(self, np.random.Generator(np.random.PCG64(0)), 0)

    @property
    def is_random(self) -> bool:
        """False for ``fixed`` (its draws are the value repeated)."""
        return self.kind != "fixed"


def draw(spec: Spec, rng: np.random.Generator, n: int) -> FloatArray:
    """``n`` draws for ``spec`` from ``rng``: shape ``(n,)``, or ``(n, k)`` for a
    Dirichlet row."""
    _check_n(n)
    kind = spec.kind
    if kind == "fixed":
        if not math.isfinite(spec.value):
            raise ValueError(f"a fixed value must be finite, found {spec.value}")
        return np.full(n, spec.value, dtype=np.float64)
    if kind == "dirichlet":
        assert spec.probabilities is not None and spec.concentration is not None
        return dirichlet(rng, n, spec.probabilities, spec.concentration)
    if kind in ("uniform", "triangular", "pert"):
        assert spec.low is not None and spec.high is not None
        if kind == "uniform":
            return uniform(rng, n, spec.low, spec.high)
        shaped = triangular if kind == "triangular" else pert
        return shaped(rng, n, spec.low, spec.value, spec.high)
    if kind == "lognormal":
        assert spec.sd_log is not None
        return lognormal(rng, n, spec.value, spec.sd_log)
    assert spec.sd is not None
    by_moments = {"normal": normal, "gamma": gamma, "beta": beta}[kind]
    return by_moments(rng, n, spec.value, spec.sd)


# --------------------------------------------------------------------------------------------
# Rank correlation


def correlation_matrix(ids: Sequence[str], pairs: Mapping[tuple[str, str], float]) -> FloatArray:
    """The symmetric target rank-correlation matrix of ``ids`` from pairwise values.

    Parameters
    ----------
    ids : sequence of str
        The correlated parameters, in the order of the matrix's rows.
    pairs : mapping of (id_a, id_b) to float
        Spearman rank correlations; a pair not given is uncorrelated. ``(a, b)`` and
        ``(b, a)`` are the same pair (giving both with different values is an error).

    Raises
    ------
    ValueError
        For an unknown id, a pair of a parameter with itself, a value outside (-1, 1), or a
        matrix that is not positive definite; the message names the pair(s) at fault.
    """
    position = {pid: i for i, pid in enumerate(ids)}
    if len(position) != len(ids):
        raise ValueError("each parameter may appear only once in a correlation matrix")
    k = len(ids)
    matrix = np.eye(k, dtype=np.float64)
    seen: dict[frozenset[str], float] = {}
    for (a, b), rho in pairs.items():
        for pid in (a, b):
            if pid not in position:
                raise ValueError(f"correlation ({a}, {b}): unknown parameter {pid!r}")
        if a == b:
            raise ValueError(f"correlation ({a}, {b}): a parameter is not correlated with itself")
        rho = float(rho)
        if not (math.isfinite(rho) and -1.0 < rho < 1.0):
            raise ValueError(
                f"correlation ({a}, {b}): expected a rank correlation strictly between "
                f"-1 and 1, found {rho}"
            )
        key = frozenset((a, b))
        if key in seen and seen[key] != rho:
            raise ValueError(f"correlation ({a}, {b}) is given twice, as {seen[key]} and {rho}")
        seen[key] = rho
        i, j = position[a], position[b]
        matrix[i, j] = matrix[j, i] = rho
    if not _positive_definite(matrix):
        culprits = _non_positive_definite_pairs(matrix, ids)
        raise ValueError(
            "the rank correlations are not consistent (the correlation matrix is not positive "
            f"definite); check the pair(s) {', '.join(f'({a}, {b})' for a, b in culprits)}"
        )
    return matrix


def _positive_definite(matrix: FloatArray) -> bool:
    try:
        np.linalg.cholesky(matrix)
    except np.linalg.LinAlgError:
        return False
    return bool(np.linalg.eigvalsh(matrix).min() > 1e-10)


def _non_positive_definite_pairs(matrix: FloatArray, ids: Sequence[str]) -> list[tuple[str, str]]:
    """The given pairs behind a matrix that is not positive definite: those in an
    inconsistent triple (three parameters whose correlations cannot hold together), else
    those whose removal alone makes the matrix positive definite, else every given pair."""
    k = len(ids)
    given = [(i, j) for i in range(k) for j in range(i + 1, k) if matrix[i, j] != 0.0]
    found: set[tuple[int, int]] = set()
    for trio in itertools.combinations(range(k), 3):
        sub = matrix[np.ix_(trio, trio)]
        if not _positive_definite(sub):
            found.update((i, j) for i, j in itertools.combinations(trio, 2) if matrix[i, j] != 0)
    if not found:
        for i, j in given:
            trial = matrix.copy()
            trial[i, j] = trial[j, i] = 0.0
            if _positive_definite(trial):
                found.add((i, j))
    chosen = sorted(found) if found else given
    return [(ids[i], ids[j]) for i, j in chosen]


def spearman_to_pearson(rho: npt.ArrayLike) -> FloatArray:
    """The Pearson correlation ``r = 2 sin(pi rho / 6)`` of a bivariate normal distribution
    whose Spearman rank correlation is ``rho`` (Kruskal 1958)."""
    return np.asarray(2.0 * np.sin(np.pi * np.asarray(rho, dtype=np.float64) / 6.0))


def iman_conover(
    draws: npt.ArrayLike, target: npt.ArrayLike, rng: np.random.Generator
) -> FloatArray:
    """Reorder independent draws so that they have a target Spearman rank correlation.

    The method of Iman and Conover (1982): take van der Waerden scores
    ``Phi^-1(i / (n + 1))``, permute them at random in each column (matrix ``M``), remove
    their chance correlation ``E = F F^T`` and impose ``C = P P^T``
    (``T = M F^-T P^T``, whose sample correlation is exactly ``C``), then rearrange each
    column of ``draws`` to have the ranks of the matching column of ``T``. Only the order of
    the draws within each column changes, so every marginal distribution is kept exactly.

    Iman and Conover impose the target on the Pearson correlation of the normal scores; the
    rank correlation of normal variables is slightly smaller, so the target Spearman matrix
    is first converted with :func:`spearman_to_pearson` (the achieved Spearman correlation
    then matches the target up to sampling error, about ``(1 - rho ** 2) / sqrt(n)``).

    Parameters
    ----------
    draws : array_like, shape (n, k)
        Independent draws, one column per parameter.
    target : array_like, shape (k, k)
        Target Spearman rank-correlation matrix: symmetric, unit diagonal, positive
        definite.
    rng : numpy.random.Generator
        Source of the random permutations of the scores.

    Returns
    -------
    ndarray, shape (n, k)
        ``draws`` with each column reordered; ``np.sort(result, axis=0)`` equals
        ``np.sort(draws, axis=0)``.

    Raises
    ------
    ValueError
        If the shapes do not match, the target is not a positive definite correlation
        matrix, or there are too few draws (at least ``k + 2``) for the scores.
    """
    x = np.asarray(draws, dtype=np.float64)
    c = np.asarray(target, dtype=np.float64)
    if x.ndim != 2:
        raise ValueError(f"expected draws of shape (n, k), found shape {x.shape}")
    n, k = x.shape
    if c.shape != (k, k):
        raise ValueError(f"expected a ({k}, {k}) target matrix, found shape {c.shape}")
    if not np.allclose(c, c.T, rtol=0.0, atol=1e-12) or not np.allclose(np.diag(c), 1.0):
        raise ValueError("a correlation matrix must be symmetric with ones on the diagonal")
    if np.any(np.abs(c) > 1.0) or not _positive_definite(c):
        raise ValueError("the target rank-correlation matrix is not positive definite")
    if k < 2 or n == 0:
        return x.copy()
    if n < k + 2:
        raise ValueError(f"imposing a rank correlation on {k} parameters needs >= {k + 2} draws")
    pearson = spearman_to_pearson(c)
    np.fill_diagonal(pearson, 1.0)
    if not _positive_definite(pearson):
        raise ValueError(
            "the target rank correlations are too close to singular: the matching normal-score "
            "correlation matrix is not positive definite; weaken the strongest correlations"
        )
    from scipy.special import ndtri  # here, not at import: scipy.special is slow to load

    scores = ndtri(np.arange(1, n + 1, dtype=np.float64) / (n + 1))
    # Work on (k, n) arrays so that every sort runs over contiguous memory.
    # With few draws the permuted scores can be collinear by chance (e.g. two identical
    # permutations); permute again (the same seed still gives the same result).
    for _ in range(_MAX_PERMUTATIONS):
        m = np.stack([rng.permutation(scores) for _ in range(k)])
        chance = np.corrcoef(m)
        if _positive_definite(chance):
            break
    else:
        raise ValueError(
            f"could not impose a rank correlation on {k} parameters with only {n} draws "
            "(the random scores stay collinear); use more draws"
        )
    f = np.linalg.cholesky(chance)
    p = np.linalg.cholesky(pearson)
    # T^T = (P F^-1) M^T: the small (k, k) mixing matrix first, by a solve, then one product.
    t = np.linalg.solve(f.T, p.T).T @ m
    order = np.argsort(t, axis=1)
    out = np.empty((k, n), dtype=np.float64)
    np.put_along_axis(out, order, np.sort(x.T, axis=1), axis=1)
    return out.T


# --------------------------------------------------------------------------------------------
# Seeded draws for many parameters


def _stream_key(domain: int, name: str) -> tuple[int, ...]:
    digest = hashlib.sha256(name.encode("utf-8")).digest()
    words = np.frombuffer(digest[:16], dtype="<u4")
    return (domain, *(int(w) for w in words))


def child_generator(
    seed: int, name: str, *, domain: int = _PARAMETER_STREAM
) -> np.random.Generator:
    """The generator of the stream called ``name`` under ``seed``.

    It is ``Generator(PCG64(SeedSequence(seed, spawn_key=key)))`` where ``key`` is the
    ``domain`` followed by four 32-bit words of SHA-256 of ``name``: the construction that
    ``SeedSequence(seed).spawn(...)`` uses, with the child's position replaced by a stable
    key from its name, so a stream does not depend on which other streams exist. The bit
    generator is named (PCG64) rather than taken from ``default_rng`` so that a future
    change of numpy's default does not change the numbers.
    """
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer) or seed < 0:
        raise ValueError(f"a seed must be a non-negative integer, found {seed!r}")
    sequence = np.random.SeedSequence(int(seed), spawn_key=_stream_key(domain, name))
    return np.random.Generator(np.random.PCG64(sequence))


def correlation_groups(
    ids: Sequence[str], pairs: Mapping[tuple[str, str], float]
) -> list[list[str]]:
    """The connected groups of parameters linked by non-zero correlations, each sorted, in
    sorted order; parameters without correlations are left out."""
    parent = {pid: pid for pid in ids}

    def root(pid: str) -> str:
        while parent[pid] != pid:
            parent[pid] = parent[parent[pid]]
            pid = parent[pid]
        return pid

    for (a, b), rho in pairs.items():
        if rho != 0 and a in parent and b in parent:
            parent[root(a)] = root(b)
    groups: dict[str, list[str]] = {}
    linked = {pid for pair, rho in pairs.items() if rho != 0 for pid in pair}
    for pid in sorted(ids):
        if pid in linked:
            groups.setdefault(root(pid), []).append(pid)
    return sorted((g for g in groups.values() if len(g) > 1), key=lambda g: g[0])


def draw_matrix(
    specs: Mapping[str, Spec],
    n: int,
    seed: int,
    correlations: Mapping[tuple[str, str], float] | None = None,
) -> dict[str, FloatArray]:
    """Draw every parameter ``n`` times, reproducibly.

    Parameters
    ----------
    specs : mapping of id to Spec
        What to draw for each parameter (or Dirichlet row).
    n : int
        Number of draws.
    seed : int
        Non-negative seed.
    correlations : mapping of (id_a, id_b) to float, optional
        Target Spearman rank correlations between scalar, non-fixed parameters, imposed
        with :func:`iman_conover` on each connected group of correlated parameters.

    Returns
    -------
    dict of id to ndarray
        In sorted id order; shape ``(n,)``, or ``(n, k)`` for a Dirichlet row.

    Notes
    -----
    Each parameter is drawn from its own generator, :func:`child_generator` of ``(seed,
    id)``, so the same ``(seed, n)`` gives bit-identical draws of a parameter whether it is
    drawn alone or with others, and adding a parameter changes no other parameter's draws.
    A group of correlated parameters is reordered with a generator keyed by the group's
    sorted ids; its draws are therefore the same whenever the same group is drawn with
    the same correlations. Draws for ``n`` are not guaranteed to be a prefix of draws for
    ``n' > n`` (rank correlation reorders all of them): an engine that works in chunks of
    draws should slice one full draw matrix, made once.
    """
    _check_n(n)
    correlations = dict(correlations or {})
    out = {pid: draw(specs[pid], child_generator(seed, pid), n) for pid in sorted(specs)}
    if not correlations:
        return out
    for a, b in correlations:
        for pid in (a, b):
            if pid not in specs:
                raise ValueError(f"correlation ({a}, {b}): unknown parameter {pid!r}")
            kind = specs[pid].kind
            if kind in ("fixed", "dirichlet"):
                raise ValueError(
                    f"correlation ({a}, {b}): {pid!r} is {kind}; only scalar uncertain "
                    "parameters can be rank-correlated"
                )
    for group in correlation_groups(sorted(specs), correlations):
        members = set(group)
        pairs = {ab: rho for ab, rho in correlations.items() if set(ab) <= members}
        target = correlation_matrix(group, pairs)
        rng = child_generator(seed, "\x1f".join(group), domain=_CORRELATION_STREAM)
        joint = iman_conover(np.column_stack([out[pid] for pid in group]), target, rng)
        for j, pid in enumerate(group):
            out[pid] = np.ascontiguousarray(joint[:, j])
    return out


def _closed_form_quantiles(spec: Spec, q: FloatArray) -> FloatArray | None:
    """The quantiles of a normal, lognormal, gamma, beta, PERT, uniform or triangular spec
    computed as ``scipy.stats`` computes them (``_ppf(q) * scale + loc`` with the same
    ``_ppf``: ``scipy.special.ndtri``, ``gammaincinv`` and the Boost beta quantile
    ``scipy.special._ufuncs._beta_ppf``; the same operations, so the same numbers bit for
    bit) without importing ``scipy.stats`` (most of a short command's time); ``None`` for the
    other kinds (or a scipy without that private ufunc), or for a ``q`` outside (0, 1) or a
    degenerate scale, which ``scipy.stats`` handles (bounds, NaN)."""
    if not bool(np.all((q > 0.0) & (q < 1.0))):
        return None
    match spec.kind:
        case "normal" | "lognormal":
            from scipy.special import ndtri  # lighter than scipy.stats

            if spec.kind == "normal":
                assert spec.sd is not None
                scale, loc, ppf = spec.sd, spec.value, ndtri(q)
            else:
                assert spec.sd_log is not None
                if not spec.sd_log > 0.0:
                    return None
                scale, loc, ppf = spec.value, 0.0, np.exp(spec.sd_log * ndtri(q))
        case "gamma":
            from scipy.special import gammaincinv  # scipy.stats' gamma._ppf

            assert spec.sd is not None
            shape, scale = gamma_shape_scale(spec.value, spec.sd)
            if not shape > 0.0:
                return None
            loc, ppf = 0.0, gammaincinv(shape, q)
        case "beta" | "pert":
            try:
                from scipy.special._ufuncs import _beta_ppf  # scipy.stats' beta._ppf
            except ImportError:  # private in scipy: fall back to scipy.stats
                return None

            if spec.kind == "beta":
                assert spec.sd is not None
                a, b = beta_shape(spec.value, spec.sd)
                scale, loc = 1.0, 0.0
            else:
                assert spec.low is not None and spec.high is not None
                a, b = pert_shape(spec.low, spec.value, spec.high)
                scale, loc = spec.high - spec.low, spec.low
            if not (a > 0.0 and b > 0.0):
                return None
            ppf = _beta_ppf(q, a, b)
        case "uniform":
            assert spec.low is not None and spec.high is not None
            scale, loc, ppf = spec.high - spec.low, spec.low, q
        case "triangular":
            assert spec.low is not None and spec.high is not None
            scale, loc = spec.high - spec.low, spec.low
            if not scale > 0.0:
                return None
            c = (spec.value - spec.low) / scale
            if not 0.0 <= c <= 1.0:
                return None
            ppf = np.where(q < c, np.sqrt(c * q), 1 - np.sqrt((1 - c) * (1 - q)))
        case _:
            return None
    if not (scale > 0.0 and loc == loc):
        return None
    return np.asarray(ppf * scale + loc, dtype=np.float64)


def inverse_cdf(spec: Spec, u: npt.ArrayLike) -> FloatArray:
    """The quantiles ``u`` (in (0, 1)) of a declared scalar distribution, vectorised.

    The parameterisation is the one the draws use: normal by mean and sd, lognormal by
    median and ``sd_log``, gamma and beta by mean and sd (method of moments), uniform on
    ``[low, high]``, triangular by ``low``, mode and ``high``, PERT as
    ``low + (high - low) Beta(alpha, beta)`` (:func:`pert_shape`).

    Raises
    ------
    ValueError
        For a Dirichlet row (a vector, with no inverse CDF per component).
    """
    q = np.asarray(u, dtype=np.float64)
    if spec.kind == "fixed":
        return np.full(q.shape, spec.value)
    closed = _closed_form_quantiles(spec, q)
    if closed is not None:
        return closed
    from scipy import stats  # here, not at import: scipy.stats is slow to load

    match spec.kind:
        case "normal":
            dist: Any = stats.norm(loc=spec.value, scale=spec.sd)
        case "lognormal":
            dist = stats.lognorm(s=spec.sd_log, scale=spec.value)
        case "gamma":
            assert spec.sd is not None
            shape, scale = gamma_shape_scale(spec.value, spec.sd)
            dist = stats.gamma(a=shape, scale=scale)
        case "beta":
            assert spec.sd is not None
            dist = stats.beta(*beta_shape(spec.value, spec.sd))
        case "uniform" | "triangular" | "pert":
            assert spec.low is not None and spec.high is not None
            width = spec.high - spec.low
            if spec.kind == "uniform":
                dist = stats.uniform(loc=spec.low, scale=width)
            elif spec.kind == "triangular":
                dist = stats.triang(c=(spec.value - spec.low) / width, loc=spec.low, scale=width)
            else:
                a, b = pert_shape(spec.low, spec.value, spec.high)
                dist = stats.beta(a, b, loc=spec.low, scale=width)
        case _:
            raise ValueError(f"no inverse CDF for distribution {spec.kind!r}")
    return np.asarray(dist.ppf(q), dtype=np.float64)
