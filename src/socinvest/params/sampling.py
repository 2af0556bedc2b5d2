"""Draws of resolved parameters for probabilistic analysis.

A :class:`~socinvest.params.library.ResolvedParameter` carries its value and its declared
:class:`~socinvest.params.model.Uncertainty`, both already in the analysis price year. This
module turns that declaration into a :class:`~socinvest.core.distributions.Spec` and draws
``{parameter_id: array(n)}`` with :func:`~socinvest.core.distributions.draw_matrix`, so
the same seed gives the same draws of a parameter, bit for bit, whichever other parameters
are drawn with it.

What the value means for each distribution (see ``Uncertainty``): the mean for ``normal``,
``gamma`` and ``beta``; the median for ``lognormal``; the mode for ``triangular`` and
``pert``; not used for ``uniform``. A ``fixed`` parameter gives its value repeated.

A ``dirichlet`` declaration belongs to a row of transition probabilities. Drawn on its own,
one probability ``p`` with concentration ``c`` gets the marginal of its Dirichlet row,
``Beta(c p, c (1 - p))`` (mean ``p``, variance ``p (1 - p) / (c + 1)``); to keep a row
summing to one, name its parameters as a row (``rows=``) and they are drawn jointly.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence

import numpy as np

from socinvest.core.distributions import ROW_SUM_TOLERANCE, FloatArray, Spec, draw_matrix
from socinvest.params.library import ResolvedParameter

ROW_PREFIX = "row:"
"""Prefix of a Dirichlet row's stream name (parameter ids cannot contain a colon, so a row
never shares a stream with a parameter)."""


def spec_for(parameter: ResolvedParameter) -> Spec:
    """The distribution to draw a resolved parameter from.

    Raises
    ------
    ValueError
        If the declared numbers do not give a distribution (e.g. a beta sd too large for
        its mean, a mode outside its range); the message names the parameter.
    """
    u = parameter.uncertainty
    value = parameter.value
    try:
        match u.distribution:
            case "fixed":
                return Spec("fixed", value=value)
            case "normal" | "gamma" | "beta":
                return Spec(u.distribution, value=value, sd=u.sd)
            case "lognormal":
                return Spec("lognormal", value=value, sd_log=u.sd_log)
            case "uniform":
                return Spec("uniform", low=u.low, high=u.high)
            case "triangular" | "pert":
                return Spec(u.distribution, value=value, low=u.low, high=u.high)
            case "dirichlet":
                assert u.concentration is not None
                if not 0.0 <= value <= 1.0:
                    raise ValueError(f"a Dirichlet probability must lie in [0, 1], found {value}")
                if value in (0.0, 1.0):
                    return Spec("fixed", value=value)
                sd = math.sqrt(value * (1.0 - value) / (u.concentration + 1.0))
                return Spec("beta", value=value, sd=sd)
    except ValueError as exc:
        raise ValueError(f"parameter {parameter.id!r}: {exc}") from None
    raise ValueError(f"parameter {parameter.id!r}: unknown distribution {u.distribution!r}")


def row_spec(members: Sequence[ResolvedParameter]) -> Spec:
    """The Dirichlet spec of a row made of ``members``, each declared ``dirichlet`` with the
    same concentration; their values are the row's probabilities. If they sum to less than
    one, the remainder (usually staying in the same state) is the row's last component.

    Raises
    ------
    ValueError
        If a member is not declared ``dirichlet``, the concentrations differ, or the values
        are negative or sum to more than one.
    """
    if not members:
        raise ValueError("a Dirichlet row needs at least one parameter")
    ids = [m.id for m in members]
    if len(set(ids)) != len(ids):
        raise ValueError(f"a Dirichlet row lists a parameter twice: {', '.join(ids)}")
    for m in members:
        if m.uncertainty.distribution != "dirichlet":
            raise ValueError(
                f"parameter {m.id!r} is in a Dirichlet row but declares the distribution "
                f"{m.uncertainty.distribution!r}"
            )
    concentrations = {m.uncertainty.concentration for m in members}
    if len(concentrations) != 1:
        found = ", ".join(f"{m.id}: {m.uncertainty.concentration}" for m in members)
        raise ValueError(f"the parameters of a Dirichlet row need one concentration; found {found}")
    (concentration,) = concentrations
    assert concentration is not None
    p = [m.value for m in members]
    total = math.fsum(p)
    if any(v < 0 for v in p) or total > 1.0 + ROW_SUM_TOLERANCE:
        raise ValueError(
            f"a Dirichlet row's probabilities must be non-negative and sum to at most 1; "
            f"found {', '.join(f'{i}: {v}' for i, v in zip(ids, p, strict=True))} "
            f"(sum {total:.12g})"
        )
    if total < 1.0 - ROW_SUM_TOLERANCE:
        p.append(1.0 - total)
    else:
        p = [v / total for v in p]
    return Spec("dirichlet", probabilities=tuple(p), concentration=concentration)


def draw_parameters(
    parameters: Iterable[ResolvedParameter],
    n: int,
    seed: int,
    *,
    correlations: Mapping[tuple[str, str], float] | None = None,
    rows: Mapping[str, Sequence[str]] | None = None,
) -> dict[str, FloatArray]:
    """Draw every parameter ``n`` times from its declared distribution.

    Parameters
    ----------
    parameters : iterable of ResolvedParameter
        Each parameter once.
    n : int
        Number of draws.
    seed : int
        Non-negative seed.
    correlations : mapping of (id_a, id_b) to float, optional
        Target Spearman rank correlations between uncertain scalar parameters (not fixed,
        not in a row), imposed by the Iman-Conover method; each marginal is kept.
    rows : mapping of name to sequence of ids, optional
        Dirichlet rows: parameters drawn jointly so that the row keeps summing to one (see
        :func:`row_spec`). A row's draws depend on the row's name and the seed.

    Returns
    -------
    dict of id to ndarray, shape (n,)
        In sorted id order.

    Raises
    ------
    ValueError
        For a repeated or unknown id, a declaration that gives no distribution, a bad row,
        or rank correlations that are out of range, involve a fixed parameter or a row, or
        are not consistent (not positive definite); the message names the parameter(s) or
        pair(s).
    """
    by_id: dict[str, ResolvedParameter] = {}
    for p in parameters:
        if p.id in by_id:
            raise ValueError(f"parameter {p.id!r} is given twice")
        by_id[p.id] = p
    in_row: dict[str, str] = {}
    specs: dict[str, Spec] = {}
    for name, members in (rows or {}).items():
        for pid in members:
            if pid not in by_id:
                raise ValueError(f"Dirichlet row {name!r}: unknown parameter {pid!r}")
            if pid in in_row:
                raise ValueError(
                    f"parameter {pid!r} is in two Dirichlet rows, {in_row[pid]!r} and {name!r}"
                )
            in_row[pid] = name
        try:
            specs[ROW_PREFIX + name] = row_spec([by_id[pid] for pid in members])
        except ValueError as exc:
            raise ValueError(f"Dirichlet row {name!r}: {exc}") from None
    for pid, p in by_id.items():
        if pid not in in_row:
            specs[pid] = spec_for(p)
    for a, b in correlations or {}:
        for pid in (a, b):
            if pid in in_row:
                raise ValueError(
                    f"correlation ({a}, {b}): {pid!r} is in the Dirichlet row {in_row[pid]!r}; "
                    "a row's probabilities cannot be rank-correlated with other parameters"
                )
    drawn = draw_matrix(specs, n, seed, correlations)
    out: dict[str, FloatArray] = {}
    for pid in sorted(by_id):
        if pid in in_row:
            name = in_row[pid]
            column = list((rows or {})[name]).index(pid)
            out[pid] = np.ascontiguousarray(drawn[ROW_PREFIX + name][:, column])
        else:
            out[pid] = drawn[pid]
    return out
