"""Writing the yearly ledger and person-years as CSV files."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

from socinvest.analysis.results import ScenarioResults
from socinvest.core.ledger import CATEGORIES


def write_ledger_csv(results: ScenarioResults, path: Path) -> None:
    """Write the undiscounted yearly ledger in long form.

    Columns: ``alternative, year, payer, category, amount_sek, of_which_intervention_sek``.
    Each row is a payer's *direct* flow (roll-ups are sums over a payer's subtree), so the
    column ``amount_sek`` sums to the alternative's total without double counting. Costs
    are positive, income (taxes, benefits received, earnings) negative. With several draws,
    the mean over draws is written.
    """
    run = results.run
    payers = run.compiled.payers.ids
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            ["alternative", "year", "payer", "category", "amount_sek", "of_which_intervention_sek"]
        )
        for alt in run.alternatives:
            ledger = alt.ledger.mean(axis=0)
            programme = alt.programme.mean(axis=0)
            for t, year in enumerate(run.years):
                for p, payer in enumerate(payers):
                    for c, category in enumerate(CATEGORIES):
                        amount = float(ledger[t, p, c])
                        extra = float(programme[t, p, c])
                        if amount == 0.0 and extra == 0.0:
                            continue
                        writer.writerow([alt.id, year, payer, category, repr(amount), repr(extra)])


def write_person_years_csv(results: ScenarioResults, path: Path) -> None:
    """Write person-years and entries per alternative, year and state (undiscounted)."""
    run = results.run
    states = run.compiled.states
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["alternative", "year", "state", "person_years", "entries"])
        for alt in run.alternatives:
            occupancy = np.asarray(alt.person_years.mean(axis=0))
            entries = np.asarray(alt.entries.mean(axis=0))
            for t, year in enumerate(run.years):
                for s, state in enumerate(states):
                    writer.writerow(
                        [
                            alt.id,
                            year,
                            state,
                            repr(float(occupancy[t, s])),
                            repr(float(entries[t, s])),
                        ]
                    )
