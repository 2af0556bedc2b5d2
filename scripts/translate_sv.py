"""Fill in Swedish translations for empty entries of the Swedish catalogue from a table.

Usage: ``python scripts/translate_sv.py`` after ``python scripts/update_catalogues.py``.
The table below grows with the messages; entries already translated are left alone.
"""

from __future__ import annotations

from pathlib import Path

from babel.messages.pofile import read_po, write_po

PO = Path(__file__).resolve().parent.parent / "src/socinvest/locale/sv/LC_MESSAGES/socinvest.po"

SV = {
    "Derivation: {text}": "Härledning: {text}",
    "List every parameter a scenario uses: value, unit, original price year, rebasing factor "
    "and sources.": "Lista varje parameter som ett scenario använder: värde, enhet, "
    "ursprungligt prisår, omräkningsfaktor och källor.",
    "List the parameters of the library (with any --params values on top).": "Lista "
    "parametrarna i biblioteket (med eventuella värden från --params ovanpå).",
    "Local parameter values (e.g. your municipality's own costs) on top of the national "
    "defaults; may be given more than once.": "Lokala parametervärden (t.ex. kommunens egna "
    "kostnader) ovanpå de nationella standardvärdena; kan anges flera gånger.",
    "Only ids starting with this, e.g. 'skola'.": "Bara id:n som börjar så, t.ex. 'skola'.",
    "Parameter": "Parameter",
    "Parameter hash {hash}": "Parametrarnas hash {hash}",
    "Scenario file (YAML). Without it, the shipped example is used.": "Scenariofil (YAML). "
    "Utan fil används det medföljande exemplet.",
    "Show money in this year's prices.": "Visa belopp i detta års priser.",
    "Source": "Källa",
    "Status": "Status",
    "The scenario uses no parameters from the library.": "Scenariot använder inga parametrar "
    "från biblioteket.",
    "Value": "Värde",
    "a fraction": "en andel",
    "a ratio (relative risk or odds ratio)": "en kvot (relativ risk eller oddskvot)",
    "an amount (SEK, or a daily or monthly amount with 'times')": "ett belopp (kr, eller ett "
    "belopp per dygn eller månad med 'times')",
    "an amount per year (SEK/year, or a daily or monthly amount with 'times')": "ett belopp "
    "per år (kr/år, eller ett belopp per dygn eller månad med 'times')",
    "derived": "härledd",
    "illustrative": "illustrativ",
    "not verified": "ej verifierad",
    "verified": "verifierad",
    "parameter {id} is in {unit}; this field needs {needs}": "parametern {id} anges i {unit}; "
    "fältet behöver {needs}",
    "unknown parameter {id} ('socinvest params' lists them)": "okänd parameter {id} "
    "('socinvest params' listar dem)",
    "unknown parameter {id}; did you mean {close}?": "okänd parameter {id}; menade du {close}?",
}


def main() -> None:
    with PO.open("rb") as handle:
        catalog = read_po(handle, locale="sv")
    missing = []
    for message in catalog:
        if message.id and not message.string:
            if message.id in SV:
                message.string = SV[message.id]
            else:
                missing.append(message.id)
    with PO.open("wb") as handle:
        write_po(handle, catalog, sort_output=True, no_location=True, width=100)
    for m in missing:
        print("untranslated:", m)


if __name__ == "__main__":
    main()
