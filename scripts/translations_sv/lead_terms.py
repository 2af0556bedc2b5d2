"""Swedish for the relabelled 'first years' (not a mandatperiod) in Excel and the committee
table (issue 11, item 5)."""

from __future__ import annotations

SV = {
    "Last year with a negative cumulative, first years": (
        "Sista året med negativt ackumulerat, de första åren"
    ),
    "'The first years' in the results are the first {n} years ({span}); the council terms are "
    "named on the report's first page.": (
        "'De första åren' i resultaten är de första {n} åren ({span}); mandatperioderna anges på "
        "rapportens första sida."
    ),
    "First years counted (years)": "De första åren som räknas (år)",
    "The first {n} years ({span})": "De första {n} åren ({span})",
}
