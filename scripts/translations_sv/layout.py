"""Swedish for the messages of the layout work (issue 11: evidence grades, marked
quotations, a flat acceptability curve)."""

from __future__ import annotations

SV = {
    "high": "hög",
    "moderate": "måttlig",
    "low": "låg",
    "very low": "mycket låg",
    "(in English)": "(på engelska)",
    "(in Swedish)": "(på svenska)",
    "Derivation:": "Härledning:",
    "The probability that an alternative is best does not change with the value put on a "
    "person-year avoided (from {low} to {high}): {shares}.": "Sannolikheten att ett alternativ "
    "är bäst ändras inte med värdet på ett undvikt personår (från {low} till {high}): "
    "{shares}.",
    "Left out of the table: {n} parameters or groups whose information is worth nothing for "
    "the decision.": "Utelämnade ur tabellen: {n} parametrar eller grupper vars information "
    "inte är värd något för beslutet.",
}
