"""Fill in Swedish translations for empty entries of the Swedish catalogue from a table.

Usage: ``python scripts/translate_sv.py`` after ``python scripts/update_catalogues.py``.
The table below grows with the messages; entries already translated are left alone. Each
module in ``scripts/translations_sv/`` may hold a further table ``SV`` (one per area, e.g.
the reports), merged into this one.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

from babel.messages.pofile import read_po, write_po

PO = Path(__file__).resolve().parent.parent / "src/socinvest/locale/sv/LC_MESSAGES/socinvest.po"

SV = {
    "parameter {id} is not an uncertain parameter the scenario uses; only those can be "
    "correlated": "parametern {id} är inte en osäker parameter som scenariot använder; bara "
    "sådana kan korreleras",
    "Further analyses of a scenario: one-way sensitivity (tornado), break-even, value of "
    "information, comparing alternatives and the right start age.": "Fler analyser av ett "
    "scenario: envägs känslighetsanalys (tornado), break-even, informationsvärde, jämförelse "
    "av alternativ och rätt startålder.",
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
    "NPV to the horizon over the draws of the uncertain parameters; the 90% interval runs from "
    "the 5th to the 95th percentile.": "Nettonuvärde till horisonten över dragningarna av de "
    "osäkra parametrarna; 90 %-intervallet går från 5:e till 95:e percentilen.",
    "Mean NPV": "Nettonuvärde, medel",
    "90% interval": "90 %-intervall",
    "P(NPV > 0)": "P(nettonuvärde > 0)",
    # socinvest analyse voi
    "A group of parameters whose joint value to show, as NAME=ID1,ID2; may be given more "
    "than once (default: the groups of what was drawn: effects, unit costs, production, "
    "other).": "En grupp parametrar vars gemensamma värde ska visas, som NAMN=ID1,ID2; kan "
    "anges flera gånger (standard: grupperna av det som dragits: effekter, enhetskostnader, "
    "produktion, övrigt).",
    "A local study that removed the uncertainty about {name} would be worth up to {amount} "
    "for these decisions.": "En lokal studie som tog bort osäkerheten om {name} skulle vara "
    "värd upp till {amount} för dessa beslut.",
    "Best on the mean: {alternative}. Share of the draws in which another alternative is "
    "better: {share}.": "Bäst i genomsnitt: {alternative}. Andel av dragningarna där ett annat "
    "alternativ är bättre: {share}.",
    "EVPI: everything drawn": "EVPI: allt som dras",
    "Number of draws of the uncertain parameters.": "Antal dragningar av de osäkra parametrarna.",
    "Parameter or group": "Parameter eller grupp",
    "Per person": "Per person",
    "Per person: per person in the target group ({persons}). Population: {per_year} persons "
    "a year for {years} years, discounted at {rate} (annuity factor {factor}). {year} prices. "
    "EVPPI by regression on the draws (Strong, Oakley and Brennan 2014).": "Per person: per "
    "person i målgruppen ({persons}). Population: {per_year} personer per år i {years} år, "
    "diskonterat med {rate} (annuitetsfaktor {factor}). {year} års priser. EVPPI genom "
    "regression på dragningarna (Strong, Oakley och Brennan 2014).",
    "Perfect information on everything drawn would be worth up to {amount} for these "
    "decisions; no parameter or group alone would change the decision.": "Fullständig "
    "information om allt som dras skulle vara värd upp till {amount} för dessa beslut; ingen "
    "parameter eller grupp ensam skulle ändra beslutet.",
    "Persons who will receive the intervention each year (default: the scenario's intake per "
    "year).": "Personer som får insatsen varje år (standard: scenariots intag per år).",
    "Population": "Population",
    "Share of EVPI": "Andel av EVPI",
    "The same alternative is best whatever the drawn values: removing the uncertainty would "
    "not change the decision, so more information is worth nothing for it.": "Samma "
    "alternativ är bäst vilka värden som än dras: att ta bort osäkerheten skulle inte ändra "
    "beslutet, så mer information är inte värd något för det.",
    "Value of information: NPV for {scope} ({draws} draws, seed {seed})": "Informationsvärde: "
    "nettonuvärde för {scope} ({draws} dragningar, frö {seed})",
    "Value of information: what removing the uncertainty about each parameter (EVPPI) or all "
    "of it (EVPI) is worth, per person and for the population, from a probabilistic "
    "analysis.": "Informationsvärde: vad det är värt att ta bort osäkerheten om varje "
    "parameter (EVPPI) eller all osäkerhet (EVPI), per person och för populationen, utifrån "
    "en probabilistisk analys.",
    "Years the decision applies to (default: the scenario's intake years).": "År som beslutet "
    "gäller (standard: scenariots intagsår).",
    "group {name}": "gruppen {name}",
    # socinvest analyse compare and timing
    "Alternative": "Alternativ",
    "Alternatives ranked by expected NPV for {scope}": "Alternativen rangordnade efter "
    "förväntat nettonuvärde för {scope}",
    "Compare the alternatives: ranked by expected NPV, the probability that each is best, and "
    "the cost-effectiveness acceptability curve over values per person-year of exclusion "
    "avoided.": "Jämför alternativen: rangordnade efter förväntat nettonuvärde, sannolikheten att "
    "vart och ett är bäst och acceptanskurvan (CEAC) över värden per undvikt personår i "
    "utanförskap.",
    "Cost of waiting one year: {alternative}": "Kostnad för att vänta ett år: {alternative}",
    "Cost-effectiveness acceptability curve: probability best by value": "Acceptanskurva "
    "(CEAC): sannolikhet att vara bäst per värde",
    "Draws of the uncertain parameters (0: deterministic NPVs only).": "Dragningar av de "
    "osäkra parametrarna (0: bara deterministiska nettonuvärden).",
    "Expected NPV": "Förväntat nettonuvärde",
    "Expected NPV: the mean over {draws} draws (seed {seed}); the comparison alternative has "
    "NPV 0. Probability best: the share of draws in which the alternative has the highest "
    "NPV. {year} prices.": "Förväntat nettonuvärde: medelvärdet över {draws} dragningar (frö "
    "{seed}); jämförelsealternativet har nettonuvärde 0. Sannolikhet bäst: andelen dragningar "
    "där alternativet har högst nettonuvärde. {year} års priser.",
    "Group or state of the model whose person-years avoided are valued.": "Grupp eller "
    "tillstånd i modellen vars undvikta personår värderas.",
    "Largest value per person-year avoided on the curve (SEK).": "Största värdet per undvikt "
    "personår på kurvan (kr).",
    "NPV by start age: {alternative}": "Nettonuvärde per startålder: {alternative}",
    "NPV(start age) - NPV(start age + 1) / (1 + {rate}): what starting the same children one "
    "year later loses (negative: waiting gains).": "Nettonuvärde(startålder) - "
    "nettonuvärde(startålder + 1) / (1 + {rate}): vad det kostar att börja med samma barn ett "
    "år senare (negativt: att vänta lönar sig).",
    "Net benefit = NPV + value x person-years avoided in {outcome} ({states}), discounted. Each "
    "draw uses its own person-years avoided.": "Nettonytta = nettonuvärde + värde x undvikta "
    "personår i {outcome} ({states}), diskonterade. Varje dragning använder sina egna undvikta "
    "personår.",
    "Payer id or perspective (public_finances, socio_economic) whose NPV to rank.": "Aktörs-id "
    "eller perspektiv (public_finances, socio_economic) vars nettonuvärde rangordnas.",
    "Payer id or perspective; may be given more than once (default: every top-level payer and "
    "both perspectives).": "Aktörs-id eller perspektiv; kan anges flera gånger (standard: "
    "varje aktör på översta nivån och båda perspektiven).",
    "Person-years avoided": "Undvikta personår",
    "Probability best": "Sannolikhet bäst",
    "Rank": "Plats",
    "Start age": "Startålder",
    "Start ages, e.g. 2-12 (default: 2 years before to 8 after the start age).": "Startåldrar, "
    "t.ex. 2-12 (standard: från 2 år före till 8 år efter startåldern).",
    "The right time: the intervention started at each age in a range, NPV per payer against "
    "the start age, and the cost of waiting one year.": "Rätt tidpunkt: insatsen startad vid "
    "varje ålder i ett intervall, nettonuvärde per aktör mot startåldern och kostnaden för att "
    "vänta ett år.",
    "The scenario starts at age {age}; effect windows given by ages move with the start age, "
    "the intake and the initial states are kept. {year} prices.": "Scenariot startar vid {age} "
    "års ålder; effektfönster angivna med åldrar flyttas med startåldern, intaget och "
    "starttillstånden behålls. {year} års priser.",
    "Value per person-year avoided": "Värde per undvikt personår",
    "Values on the curve, from 0 to --max-value.": "Värden på kurvan, från 0 till --max-value.",
    "Without draws: deterministic NPVs; the best alternative has probability 1. {year} "
    "prices.": "Utan dragningar: deterministiska nettonuvärden; det bästa alternativet har "
    "sannolikheten 1. {year} års priser.",
}


def _area_tables() -> dict[str, str]:
    """The ``SV`` tables of the modules in ``scripts/translations_sv/``, merged."""
    merged: dict[str, str] = {}
    for path in sorted((Path(__file__).resolve().parent / "translations_sv").glob("*.py")):
        spec = importlib.util.spec_from_file_location(f"translations_sv.{path.stem}", path)
        if spec is None or spec.loader is None:
            continue
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        merged.update(getattr(module, "SV", {}))
    return merged


def main() -> None:
    SV.update(_area_tables())
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
