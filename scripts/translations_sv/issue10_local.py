"""Swedish translations of ``socinvest local`` (the municipality's own figures from Kolada)."""

from __future__ import annotations

SV = {
    "* Kolada has no value for {year}: the latest earlier year is used.": "* Kolada har inget "
    "värde för {year}: det senaste tidigare året används.",
    "Error: Kolada has no values for {code} in these years; nothing was written.": "Fel: Kolada "
    "har inga värden för {code} under dessa år; ingenting skrevs.",
    "Error: could not fetch from Kolada:": "Fel: kunde inte hämta från Kolada:",
    "Fetch your municipality's own key figures from Kolada (cost per child or pupil in "
    "förskola, grundskola and gymnasieskola, placement costs, tax rates, tax capacity, "
    "population by age) and write them, with dates and sources, as a --params file. Exit "
    "codes: 0 written, 2 bad input, 3 Kolada unreachable, 1 no values.": "Hämta kommunens egna "
    "nyckeltal från Kolada (kostnad per barn eller elev i förskola, grundskola och "
    "gymnasieskola, placeringskostnader, skattesatser, skattekraft, befolkning efter ålder) och "
    "skriv dem, med datum och källor, som en --params-fil. Slutkoder: 0 skriven, 2 felaktig "
    "indata, 3 Kolada går inte att nå, 1 inga värden.",
    "Fetching from Kolada": "Hämtar från Kolada",
    "Kolada answered HTTP {status} for {url}": "Kolada svarade HTTP {status} för {url}",
    "Kolada has no KPI {kpi}": "Kolada har inget nyckeltal {kpi}",
    "Kolada has no municipality with kommunkod {code}": "Kolada har ingen kommun med "
    "kommunkod {code}",
    "Kolada has no value of {kpi} for {unit} in {first}-{last}": "Kolada har inget värde för "
    "{kpi} för {unit} under {first}-{last}",
    "Kolada's API root (for a mirror or a new version).": "Koladas API-rot (för en spegel "
    "eller en ny version).",
    "Kolada's KPI {kpi} is titled {title}, not the figure expected (with {words})": "Koladas "
    "nyckeltal {kpi} heter {title}, inte det väntade måttet (med {words})",
    "Kolada's answer for {url} is not the documented JSON (an object with a list 'values')": (
        "Koladas svar för {url} är inte den dokumenterade JSON-formen (ett objekt med en "
        "lista 'values')"
    ),
    "Left out (not in the file):": "Utelämnade (finns inte i filen):",
    "Nothing was written. Check the network connection and try again later.": "Ingenting "
    "skrevs. Kontrollera nätverksanslutningen och försök igen senare.",
    "Seconds to wait for each answer before trying again.": "Sekunder att vänta på varje svar "
    "innan ett nytt försök görs.",
    "The file to write (default: local-KOMMUNKOD.yaml).": "Filen som skrivs (standard: "
    "local-KOMMUNKOD.yaml).",
    "The municipality's code (kommunkod), four digits, e.g. 0461 for Gnesta.": "Kommunens "
    "kod (kommunkod), fyra siffror, t.ex. 0461 för Gnesta.",
    "The year of the figures (default: last year). A figure Kolada lacks for it comes from "
    "the latest of the five years before, as its note says.": "Året som nyckeltalen gäller "
    "(standard: förra året). Ett nyckeltal som Kolada saknar för året hämtas från det senaste "
    "av de fem föregående åren, vilket dess anteckning säger.",
    "Wrote {path}. Use it with: socinvest run SCENARIO --params {path}": "Skrev {path}. "
    "Använd den med: socinvest run SCENARIO --params {path}",
    "after {n} tries: {last}": "efter {n} försök: {last}",
    "cannot connect to {url}: {error}": "kan inte ansluta till {url}: {error}",
    "expected a kommunkod of four digits such as 0461 (Gnesta) or 1480 (Göteborg), found "
    "{found}": "väntade en kommunkod med fyra siffror som 0461 (Gnesta) eller 1480 (Göteborg), "
    "fann {found}",
    "expected a year from {first} to {last}, found {found}": "väntade ett år från {first} till "
    "{last}, fann {found}",
    "fetching from Kolada needs the httpx package: pip install 'socinvest[local]'": "hämtning "
    "från Kolada kräver paketet httpx: pip install 'socinvest[local]'",
    "no answer within {seconds} s from {url}": "inget svar inom {seconds} s från {url}",
    "no county has the code {county} (the first two digits of {code}); check the kommunkod": (
        "inget län har koden {county} (de två första siffrorna i {code}); kontrollera kommunkoden"
    ),
    "the library has no parameter {id}": "biblioteket har ingen parameter {id}",
    "{name} ({code}): figures for {year} from Kolada": "{name} ({code}): nyckeltal för {year} "
    "från Kolada",
}
