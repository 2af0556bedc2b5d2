"""Effect sizes as studies report them, converted to the log scale the engine uses.

A study reports a standardised mean difference (Cohen's d, Hedges' g), an odds ratio, a
relative risk or a risk difference, with a 95% confidence interval or a standard error. The
engine applies an effect as the log of an odds ratio or a relative risk on named transitions
(:mod:`socinvest.core.transitions`). This module converts a reported figure into a normal
distribution of that log, ``N(mean, se)``, so that the ratio used is log-normal: its median
is ``exp(mean)`` and its 95% interval ``exp(mean +- 1.96 se)``.

Formulas
--------
- Standard error from a 95% interval on the scale where the estimate is normal:
  ``se = (high - low) / (2 z)`` with ``z = 1.959964`` (the 97.5 % normal quantile); for ratios
  on the log scale, ``se = (ln high - ln low) / (2 z)`` (Higgins et al., *Cochrane Handbook for
  Systematic Reviews of Interventions*, version 6.4, section 6.3.1 and 6.3.2).
- Standardised mean difference to log odds ratio:
  ``ln OR = d pi / sqrt(3)`` and ``se(ln OR) = se(d) pi / sqrt(3)``, the logistic
  distribution's standard deviation being ``pi / sqrt(3)`` (Chinn S. A simple method for
  converting an odds ratio to effect size for use in meta-analysis. *Statistics in Medicine*
  2000;19:3127-3131; Hasselblad V, Hedges LV. *Psychological Bulletin* 1995;117:167-178).
- Risk difference to log odds ratio at the comparison group's risk ``p0``:
  ``p1 = p0 + RD`` and ``ln OR = logit(p1) - logit(p0)``; the interval's ends are carried
  through the same monotone map and ``se`` is taken from them on the log scale (a
  transformation of the interval, not of the standard error: Cochrane Handbook 6.4.1).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

Z95 = 1.959963984540054
"""The 97.5 % quantile of the standard normal distribution."""

CHINN = math.pi / math.sqrt(3.0)
"""Chinn's (2000) factor from a standardised mean difference to a log odds ratio: 1.8138."""


@dataclass(frozen=True)
class LogEffect:
    """A normal distribution of the log of a ratio: ``mean`` and standard error ``se``
    (``se = 0`` when the study gives no uncertainty)."""

    mean: float
    se: float

    @property
    def ratio(self) -> float:
        """The ratio at the mean of its log (the median of the log-normal ratio)."""
        return math.exp(self.mean)

    def interval(self) -> tuple[float, float]:
        """The 95% interval of the ratio, ``exp(mean -+ 1.96 se)``."""
        return math.exp(self.mean - Z95 * self.se), math.exp(self.mean + Z95 * self.se)

    def reversed(self) -> LogEffect:
        """The effect on the opposite outcome: the log negated, the same standard error."""
        return LogEffect(-self.mean, self.se)


def se_from_interval(low: float, high: float) -> float:
    """Standard error of a normally distributed estimate from its 95% interval.

    Raises
    ------
    ValueError
        If ``low`` is not below ``high``.
    """
    if not low < high:
        raise ValueError(f"a 95% interval needs low < high, found [{low}, {high}]")
    return (high - low) / (2.0 * Z95)


def _check_se(se: float) -> None:
    if not (math.isfinite(se) and se >= 0.0):
        raise ValueError(f"a standard error must be a finite number >= 0, found {se}")


def log_ratio(value: float, se_log: float = 0.0) -> LogEffect:
    """An odds ratio or relative risk ``value`` with the standard error of its log.

    Raises
    ------
    ValueError
        If the ratio is not positive or the standard error is negative.
    """
    if not (math.isfinite(value) and value > 0.0):
        raise ValueError(f"a ratio must be a positive number, found {value}")
    _check_se(se_log)
    return LogEffect(math.log(value), se_log)


def log_ratio_from_interval(value: float, low: float, high: float) -> LogEffect:
    """An odds ratio or relative risk with its 95% interval: ``se`` of the log from the
    interval's ends on the log scale.

    Raises
    ------
    ValueError
        If a number is not positive or ``low`` is not below ``high``.
    """
    for x in (value, low, high):
        if not (math.isfinite(x) and x > 0.0):
            raise ValueError(f"a ratio and its interval must be positive, found {x}")
    return log_ratio(value, se_from_interval(math.log(low), math.log(high)))


def smd_to_log_odds_ratio(d: float, se_d: float = 0.0) -> LogEffect:
    """Chinn's (2000) conversion: ``ln OR = d pi / sqrt(3)``, ``se = se_d pi / sqrt(3)``.

    Raises
    ------
    ValueError
        If ``d`` is not finite or ``se_d`` is negative.
    """
    if not math.isfinite(d):
        raise ValueError(f"a standardised mean difference must be finite, found {d}")
    _check_se(se_d)
    return LogEffect(d * CHINN, se_d * CHINN)


def _logit(p: float) -> float:
    return math.log(p / (1.0 - p))


def risk_difference_to_log_odds_ratio(
    difference: float, baseline: float, low: float | None = None, high: float | None = None
) -> LogEffect:
    """A risk difference at the comparison group's risk ``baseline`` as a log odds ratio:
    ``logit(baseline + difference) - logit(baseline)``; with an interval, its ends are mapped
    the same way and ``se`` is taken from them on the log scale.

    Raises
    ------
    ValueError
        If the baseline risk is not strictly between 0 and 1, or the risk with the
        intervention (``baseline`` plus the difference or an end of its interval) is not.
    """
    if not 0.0 < baseline < 1.0:
        raise ValueError(
            f"the comparison group's risk must lie strictly in (0, 1), found {baseline}"
        )
    for x in (difference, low, high):
        if x is None:
            continue
        if not 0.0 < baseline + x < 1.0:
            raise ValueError(
                f"the risk difference {x} at the comparison group's risk {baseline} gives a risk "
                f"of {baseline + x:.6g}, outside (0, 1)"
            )
    mean = _logit(baseline + difference) - _logit(baseline)
    if low is None or high is None:
        return LogEffect(mean, 0.0)
    lo = _logit(baseline + low) - _logit(baseline)
    hi = _logit(baseline + high) - _logit(baseline)
    return LogEffect(mean, se_from_interval(lo, hi))
