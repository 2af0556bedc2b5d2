"""Fill in Swedish translations for empty entries of the Swedish catalogue from a table.

Usage: ``python scripts/translate_sv.py`` after ``python scripts/update_catalogues.py``.
The table below grows with the messages; entries already translated are left alone.
"""

from __future__ import annotations

from pathlib import Path

from babel.messages.pofile import read_po, write_po

PO = Path(__file__).resolve().parent.parent / "src/socinvest/locale/sv/LC_MESSAGES/socinvest.po"

SV = {
    "Language of the output: sv or en (default: SOCINVEST_LANG or LANG, else sv).": "Språk för "
    "utdata: sv eller en (standard: SOCINVEST_LANG eller LANG, annars sv).",
    "Note: the effect sizes of {names} are illustrative: not measured for this use in a study "
    "(see the description).": "Obs: effektstorlekarna för {names} är illustrativa: inte uppmätta "
    "för denna användning i en studie (se beskrivningen).",
    "Children in the cohort.": "Barn i kohorten.",
    "Costs until this age.": "Kostnader fram till denna ålder.",
    "Of {size} children aged {age}, about {n} are expected to be in long-term exclusion at "
    "{at} ({share}).": "Av {size} barn som är {age} år väntas omkring {n} vara i långvarigt "
    "utanförskap vid {at} års ålder ({share}).",
    "Persons helped": "Personer som får hjälp",
    "Present value": "Nuvärde",
    "Production loss": "Produktionsbortfall",
    "The cohort view: how many children of a cohort are expected to end in long-term "
    "exclusion, what that costs each payer until 65, and what helping one, five or ten of them "
    "is worth.": "Kohortbilden: hur många barn i en årskull som väntas hamna i långvarigt "
    "utanförskap, vad det kostar varje aktör fram till 65 år och vad det är värt att hjälpa "
    "en, fem eller tio av dem.",
    "The cohort's age now (0-30).": "Kohortens ålder nu (0-30).",
    "Undiscounted": "Odiskonterat",
    "What it is worth to help (one person kept out of exclusion from 20 to 64: {total} "
    "undiscounted)": "Vad det är värt att hjälpa (en person som hålls utanför utanförskapet "
    "från 20 till 64 år: {total} odiskonterat)",
    "What their exclusion costs until age {age}": "Vad deras utanförskap kostar fram till "
    "{age} års ålder",
    "{year} prices. Present value at age {start}, discounted at {rate}. Production loss: the "
    "work they do not do.": "{year} års priser. Nuvärde vid {start} års ålder, diskonterat med "
    "{rate}. Produktionsbortfall: det arbete de inte utför.",
    # socinvest child-cost
    "Age": "Ålder",
    "Ages": "Åldrar",
    "Also give the present value at birth at this rate (a fraction, e.g. 0.03).": "Ge även "
    "nuvärdet vid födseln med denna ränta (en andel, t.ex. 0.03).",
    "Amount": "Belopp",
    "By payer": "Per aktör",
    "Calculation": "Beräkning",
    "Component": "Del",
    "Costs before birth (maternity care) are booked at age 0.": "Kostnader före födseln "
    "(mödrahälsovård) bokförs vid ålder 0.",
    "Present value at birth at a discount rate of {rate} ({timing}): {amount}": "Nuvärde vid "
    "födseln med diskonteringsräntan {rate} ({timing}): {amount}",
    "Resources (care, preschool, school)": "Resurser (vård, förskola, skola)",
    "Share": "Andel",
    "Table by component, or by age and payer (--by age).": "Tabell per del, eller per ålder "
    "och aktör (--by age).",
    "The cost of a child by age and payer ({year} prices, undiscounted)": "Kostnaden för ett "
    "barn per ålder och aktör ({year} års priser, odiskonterat)",
    "The public investment in one child from pregnancy to the end of upper secondary school "
    "(about 3.5 MSEK): each component with its payer and source, the total and the totals by "
    "payer, undiscounted.": "Det offentligas investering i ett barn från graviditeten till "
    "slutet av gymnasieskolan (omkring 3,5 miljoner kronor): varje del med aktör och källa, "
    "summan och summorna per aktör, odiskonterat.",
    "Total": "Totalt",
    "Transfers (benefits paid to the family)": "Transfereringar (bidrag till familjen)",
    "Undiscounted: the amounts of every age added up, in {year} prices. Transfers are costs "
    "for the payer and income for the family.": "Odiskonterat: beloppen för alla åldrar "
    "summerade, i {year} års priser. Transfereringar är kostnader för den som betalar och "
    "inkomster för familjen.",
    "What society invests in a child, from pregnancy to the end of upper secondary school "
    "({year} prices, undiscounted)": "Vad samhället investerar i ett barn, från graviditeten "
    "till slutet av gymnasieskolan ({year} års priser, odiskonterat)",
    "before birth": "före födseln",
    "component {id} has no payer: give one, or use an amount parameter that has a payer": "delen "
    "{id} saknar aktör: ange en, eller använd en beloppsparameter som har en aktör",
    "expected a discount rate greater than -1, found {found}": "förväntade en "
    "diskonteringsränta större än -1, men fick {found}",
    "flows of age a discounted by a + 0.5 years": "flöden vid ålder a diskonteras a + 0,5 år",
    "flows of age a discounted by a + 1 years": "flöden vid ålder a diskonteras a + 1 år",
    "flows of age a discounted by a years": "flöden vid ålder a diskonteras a år",
    "parameter {id} is in {unit}; 'years' needs a number of years (unit year)": "parametern "
    "{id} anges i {unit}; 'years' behöver ett antal år (enheten year)",
    "parameter {id} is in {unit}; a component needs a total per child in SEK, or an amount in "
    "SEK/year with 'years'": "parametern {id} anges i {unit}; en del behöver en summa per barn "
    "i SEK, eller ett belopp i SEK/year med 'years'",
    "parameter {id} is in {unit}; with 'years' the amount must be in SEK/year": "parametern "
    "{id} anges i {unit}; med 'years' måste beloppet anges i SEK/year",
    "unknown payer {payer}; expected a payer of the tree such as {example}": "okänd aktör "
    "{payer}; förväntade en aktör i aktörsträdet, t.ex. {example}",
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
    # socinvest analyse tornado | breakeven
    "Ages on the pathway, e.g. 20-64 (default: 20-64, else the whole horizon).": "Åldrar på "
    "vägen, t.ex. 20-64 (standard: 20-64, annars hela horisonten).",
    "Base NPV {npv} ({year} prices). Each parameter at its low and high value (declared bounds, "
    "else the 5th and 95th percentiles), the others at their values; sorted by swing.": "Bas-NNV "
    "{npv} ({year} års priser). Varje parameter på sitt låga och höga värde (angivna gränser, "
    "annars 5:e och 95:e percentilen), de övriga på sina värden; sorterat efter utslag.",
    "Break-even and switching values: the smallest effect at which NPV = 0, the largest "
    "intervention cost at which it still pays, and how many must be helped.": "Break-even och "
    "brytvärden: den minsta effekt där NNV = 0, den största insatskostnad där det fortfarande "
    "lönar sig, och hur många vi måste hjälpa.",
    "Break-even: {alternative}": "Break-even: {alternative}",
    "Definition": "Definition",
    "Effect": "Effekt",
    "Factor": "Faktor",
    "Factor, term of office": "Faktor, mandatperiod",
    "Factor: how many times today's intervention costs the benefits can carry.": "Faktor: hur "
    "många gånger dagens insatskostnader som vinsterna kan bära.",
    "Fixed (no declared uncertainty): {ids}": "Fasta (ingen angiven osäkerhet): {ids}",
    "Further analyses of a scenario: one-way sensitivity (tornado) and break-even.": "Fler "
    "analyser av ett scenario: envägs känslighetsanalys (tornado) och break-even.",
    "High": "Högt",
    "Horizon": "Horisont",
    "How many must we help? Persons kept out of the pathway for it to pay": "Hur många måste vi "
    "hjälpa? Personer som hålls borta från vägen för att det ska löna sig",
    "Largest costs (PV)": "Största kostnader (nuvärde)",
    "Largest intervention cost at which it still pays": "Största insatskostnad där det "
    "fortfarande lönar sig",
    "Low": "Lågt",
    "NPV at high": "NNV vid högt",
    "NPV at low": "NNV vid lågt",
    "Now": "Nu",
    "Number": "Antal",
    "Number = intervention costs (PV) / avoided cost per person (PV).": "Antal = "
    "insatskostnader (nuvärde) / undviken kostnad per person (nuvärde).",
    "Number to help: give --pathway and --good (states of the model).": "Antal att hjälpa: ange "
    "--pathway och --good (modellens tillstånd).",
    "One-way sensitivity (tornado): each uncertain parameter at its low and high value, the "
    "effect on NPV, sorted by swing.": "Envägs känslighetsanalys (tornado): varje osäker "
    "parameter på sitt låga och höga värde, effekten på NNV, sorterat efter utslag.",
    "One-way sensitivity: {alternative}, NPV for {scope}": "Envägs känslighetsanalys: "
    "{alternative}, NNV för {scope}",
    "Only this alternative (default: every alternative but the comparison).": "Bara detta "
    "alternativ (standard: alla alternativ utom jämförelsealternativet).",
    "Payer id or perspective (public_finances, socio_economic) whose NPV to show.": "Aktörs-id "
    "eller perspektiv (public_finances, socio_economic) vars NNV visas.",
    "Payer id or perspective; may be given more than once (default: both perspectives and each "
    "top-level payer that pays for the interventions).": "Aktörs-id eller perspektiv; kan anges "
    "flera gånger (standard: båda perspektiven och varje aktör på högsta nivån som betalar för "
    "insatserna).",
    "Per person (PV)": "Per person (nuvärde)",
    "Scope": "Omfång",
    "Searched from {low} to {high}; the others at their values.": "Sökt från {low} till {high}; "
    "de övriga på sina värden.",
    "Smallest effect at which NPV = 0": "Minsta effekt där NNV = 0",
    "State a helped person is in instead (default: working).": "Tillstånd som en person som får "
    "hjälp är i i stället (standard: working).",
    "State of the pathway a helped person is kept out of (default: excluded).": "Tillståndet på "
    "den väg som en person som får hjälp hålls borta från (standard: excluded).",
    "Swing": "Utslag",
    "Term of office ({n} years)": "Mandatperiod ({n} år)",
    "none: NPV does not depend on it": "inget: NNV beror inte på den",
    "none: NPV is always negative": "inget: NNV är alltid negativt",
    "none: NPV is always positive": "inget: NNV är alltid positivt",
    "none: does not pay even if free": "inget: lönar sig inte ens gratis",
    "none: pays at any cost": "inget: lönar sig till varje kostnad",
    "odds ratio": "oddskvot",
    "relative risk": "relativ risk",
    "typfall: excluded 20-64 (welfare costs and production loss)": "typfall: utanförskap 20-64 "
    "år (välfärdskostnader och produktionsbortfall)",
    "{intervention}: {measure} {source} → {target}": "{intervention}: {measure} {source} → "
    "{target}",
    "{pathway} instead of {good}, ages {first}-{last}": "{pathway} i stället för {good}, "
    "{first}-{last} år",
    # socinvest run --draws (probabilistic analysis)
    "Probabilistic analysis: number of draws of the uncertain parameters (0: deterministic "
    "only).": "Probabilistisk analys: antal dragningar av de osäkra parametrarna (0: bara "
    "deterministiskt).",
    "Seed of the draws (default: the scenario's analysis.seed).": "Fröet för dragningarna "
    "(standard: scenariots analysis.seed).",
    "Drawing": "Drar",
    "{alternative}: uncertainty ({draws} draws, seed {seed})": "{alternative}: osäkerhet "
    "({draws} dragningar, frö {seed})",
    "NPV to the horizon over the draws of the uncertain parameters; the 90 % interval runs from "
    "the 5th to the 95th percentile.": "Nettonuvärde till horisonten över dragningarna av de "
    "osäkra parametrarna; 90 %-intervallet går från 5:e till 95:e percentilen.",
    "Mean NPV": "Nettonuvärde, medel",
    "90 % interval": "90 %-intervall",
    "P(NPV > 0)": "P(nettonuvärde > 0)",
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
