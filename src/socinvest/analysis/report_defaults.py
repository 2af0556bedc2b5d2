"""The defaults of a report (its decision maker and its draws), apart from
:mod:`socinvest.analysis.case` so that the command line can show them as option defaults
without importing every analysis of a report."""

from __future__ import annotations

REPORT_SCOPE = "kommun"
"""The decision maker of a report when none is chosen: the municipality as a whole."""

DEFAULT_REPORT_DRAWS = 1000
"""Draws of the probabilistic analyses in a report when none are asked for: enough for
stable means and probabilities to about a percentage point, quick on a laptop."""
