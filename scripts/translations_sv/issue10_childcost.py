"""Swedish for issue 10, items 6 and 8: the cost of a child compared in the same price year,
what it includes and excludes, and the discount rate by name and source."""

SV = {
    "Compared in the same price year: {label}, {original} in {year} prices, is {amount} in "
    "{price_year} prices ({index} {year} → {price_year}, factor {factor}).": (
        "Jämfört i samma prisår: {label}, {original} i {year} års priser, är {amount} i "
        "{price_year} års priser ({index} {year} → {price_year}, faktor {factor})."
    ),
    "Included, by component": "Ingår, per del",
    "Included: {items}.": "Ingår: {items}.",
    "Not included": "Ingår inte",
    "Not included: {items}.": "Ingår inte: {items}.",
    "Outcome discount rate (person-years): {rate}": (
        "Diskonteringsränta för utfall (personår): {rate}"
    ),
    "The total computed here is {amount} higher.": "Summan som räknas fram här är {amount} högre.",
    "The total computed here is {amount} lower.": "Summan som räknas fram här är {amount} lägre.",
    "default, {name}": "standard, {name}",
    "given in the scenario": "angiven i scenariot",
    "parameter {id} is in {unit}; the reference needs a total per child in SEK": (
        "parametern {id} är i {unit}; jämförelsen behöver en summa per barn i kronor"
    ),
    "socinvest's default": "socinvests standard",
}
