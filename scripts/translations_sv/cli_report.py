"""Swedish for the report command and ``run --report``."""

SV = {
    "Write a report of a scenario: one page for the committee and the full case with its "
    "sources (.html or .pdf), or an Excel workbook whose results are live formulas (.xlsx).": (
        "Skriv en rapport om ett scenario: en sida för nämnden och hela underlaget med "
        "källor (.html eller .pdf), eller en Excelbok vars resultat är levande formler (.xlsx)."
    ),
    "The report file: .html (open it in a browser), .pdf or .xlsx.": (
        "Rapportfilen: .html (öppna den i en webbläsare), .pdf eller .xlsx."
    ),
    "Draws of the probabilistic analyses in the report (0: deterministic only, without the "
    "NPV distribution, value of information and ranking).": (
        "Antal dragningar i rapportens probabilistiska analyser (0: bara deterministiskt, "
        "utan nettonuvärdets fördelning, informationsvärde och rangordning)."
    ),
    "The alternative the first page presents (default: the one with the highest expected NPV).": (
        "Alternativet som första sidan visar (standard: det med högst förväntat nettonuvärde)."
    ),
    "Payer id or perspective (public_finances, socio_economic) of the sensitivity analysis, "
    "value of information and ranking.": (
        "Betalarens id eller perspektiv (public_finances, socio_economic) för "
        "känslighetsanalysen, informationsvärdet och rangordningen."
    ),
    "expected a file name ending in .html, .pdf or .xlsx, found {found}": (
        "väntade ett filnamn som slutar på .html, .pdf eller .xlsx, fick {found}"
    ),
    "Writing the report": "Skriver rapporten",
    "Report written to {path}": "Rapporten är skriven till {path}",
    "Also write the report to this file: .html (open it in a browser), .pdf or .xlsx. It "
    "includes the probabilistic analyses, with --draws draws (1000 when --draws is 0).": (
        "Skriv också rapporten till den här filen: .html (öppna den i en webbläsare), .pdf "
        "eller .xlsx. Den innehåller de probabilistiska analyserna, med --draws dragningar "
        "(1000 när --draws är 0)."
    ),
}

SV["it needs a probabilistic analysis (--draws above 0)"] = (
    "den kräver en probabilistisk analys (--draws över 0)"
)

SV[
    "the PDF report needs the optional extra 'pdf' (pip install 'socinvest[pdf]') and the "
    "Pango library (Debian: apt-get install libpango-1.0-0 libpangoft2-1.0-0); write .html or "
    ".xlsx instead ({error})"
] = (
    "PDF-rapporten kräver tillägget 'pdf' (pip install 'socinvest[pdf]') och biblioteket "
    "Pango (Debian: apt-get install libpango-1.0-0 libpangoft2-1.0-0); skriv .html eller "
    ".xlsx i stället ({error})"
)
