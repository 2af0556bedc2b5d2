"""Swedish for the guided flow of the web application ("Ny kalkyl"), the intervention
catalogue and the scenario builder (issue 15)."""

SV = {
    "(none)": "(ingen)",
    "95 % interval": "95 % intervall",
    "95 % interval, high": "95 % intervall, övre gräns",
    "95 % interval, low": "95 % intervall, nedre gräns",
    "Age at the start (years)": "Ålder vid start (år)",
    "All chosen together": "Alla valda tillsammans",
    "Alternatives to compare": "Alternativ att jämföra",
    "Back": "Tillbaka",
    "Children who start each year": "Barn som börjar varje år",
    "Cost per participant (SEK, once, in {year} prices)": "Kostnad per deltagare (kr, en "
    "gång, i {year} års priser)",
    "Enter the municipality's own figures where you have them, for example your own cost per "
    "participant. Each replaces the shipped value and needs its year and source; leave the rows "
    "empty to use the shipped values.": "Ange kommunens egna siffror där ni har dem, till "
    "exempel er egen kostnad per deltagare. Varje siffra ersätter det medföljande värdet och "
    "behöver sitt år och sin källa; lämna raderna tomma för att använda de medföljande "
    "värdena.",
    "Every alternative is compared with 'as today' (the comparison alternative).": "Varje "
    "alternativ jämförs med 'som idag' (jämförelsealternativet).",
    "Evidence grade": "Evidensgrad",
    "For example: 13-year-olds with problematic absence.": "Till exempel: trettonåringar med "
    "problematisk frånvaro.",
    "From the catalogue": "Från katalogen",
    "Indicated: children with signs of problems": "Indikerad: barn med tecken på problem",
    "Leave the name empty if you describe none. The effect is entered as the study reports "
    "it; it acts in the first year.": "Lämna namnet tomt om du inte beskriver någon. Effekten "
    "anges som studien redovisar den; den verkar det första året.",
    "Level": "Nivå",
    "Local figure {n}": "Lokal siffra {n}",
    "Local figures": "Lokala siffror",
    "Name of the calculation": "Kalkylens namn",
    "Name of the combination (optional)": "Kombinationens namn (frivilligt)",
    "Name of the intervention": "Insatsens namn",
    "New calculation": "Ny kalkyl",
    "Next": "Nästa",
    "Note (optional)": "Anteckning (frivillig)",
    "Only children in the state: {state}": "Bara barn i tillståndet: {state}",
    "Or describe your own intervention": "Eller beskriv en egen insats",
    "Paid by": "Betalas av",
    "Please correct the fields marked below.": "Rätta fälten som är markerade nedan.",
    "Review and save": "Granska och spara",
    "Saved as a new version of the scenario; its page shows the results and can run it.":
    "Sparas som en ny version av scenariot; dess sida visar resultaten och kan köra det.",
    "Selective: a group at higher risk": "Selektiv: en grupp med högre risk",
    "Source (a report, the accounts)": "Källa (en rapport, redovisningen)",
    "Step {n} of {total}: {name}": "Steg {n} av {total}: {name}",
    "Steps": "Steg",
    "Suits": "Passar",
    "The participants' state": "Deltagarnas tillstånd",
    "The scenario file (YAML)": "Scenariofilen (YAML)",
    "The state the intervention moves more of them to": "Tillståndet som insatsen flyttar "
    "fler av dem till",
    "The study (title)": "Studien (titel)",
    "The study's figure": "Studiens siffra",
    "The study's measure": "Studiens mått",
    "The target group in words": "Målgruppen i ord",
    "The whole year group (shares from the life-course model)": "Hela årskullen (andelar "
    "från livsloppsmodellen)",
    "Universal: everyone in the age group": "Universell: alla i åldersgruppen",
    "Who pays": "Vem betalar",
    "Who the group is at the start": "Vilka gruppen består av vid start",
    "Year of the figure (and its prices)": "Siffrans år (och dess prisnivå)",
    "Years of intake": "Antal år med intag",
    "age {age}, {level}, {n} a year for {years} years": "ålder {age}, {level}, {n} per år i "
    "{years} år",
    "an intervention called {id} is chosen already; give this one another name": "en insats "
    "som heter {id} är redan vald; ge den här ett annat namn",
    "choose at least one alternative to compare with 'as today'": "välj minst ett alternativ "
    "att jämföra med 'som idag'",
    "choose at least one intervention from the catalogue or describe one": "välj minst en "
    "insats ur katalogen eller beskriv en",
    "duplicate intervention id {id} in the catalogue": "insatsens id {id} finns två gånger i "
    "katalogen",
    "expected the 95 % interval around the figure (low < {value} < high), found {low} to "
    "{high}": "förväntade 95 %-intervallet runt siffran (nedre < {value} < övre), fann "
    "{low} till {high}",
    "a ratio and its interval must be above 0, found {value} ({low} to {high})": "en kvot och "
    "dess intervall måste vara över 0, fann {value} ({low} till {high})",
    "expected a mapping": "förväntade en mappning",
    "expected a state other than the from-state {state}": "förväntade ett annat tillstånd än "
    "utgångstillståndet {state}",
    "illustrative: the carry-over to the life course is an assumption": "illustrativ: "
    "överföringen till livsloppet är ett antagande",
    "no intervention {id} in the catalogue; expected one of: {ids}": "ingen insats {id} i "
    "katalogen; förväntade en av: {ids}",
    "no shipped model called {name}; expected one of: {names}": "ingen medföljande modell som "
    "heter {name}; förväntade en av: {names}",
    "none: the shipped values": "inga: de medföljande värdena",
    "standardised mean difference (positive: more moves)": "standardiserad medelvärdesskillnad "
    "(positiv: fler förflyttningar)",
    "shipped: {value} {unit}, {year}": "medföljande: {value} {unit}, {year}",
    "start ages": "startåldrar",
    "unknown payer {payer}; expected one of: {payers}": "okänd aktör {payer}; förväntade en "
    "av: {payers}",
    "unknown state {state}; expected one of: {states}": "okänt tillstånd {state}; förväntade "
    "ett av: {states}",
    "written for another start age or level than yours": "skriven för en annan startålder "
    "eller nivå än din",
    "{id} is neither a parameter of the library nor of the chosen interventions": "{id} är "
    "varken en parameter i biblioteket eller i de valda insatserna",
    "{id} is not among the chosen interventions ({ids})": "{id} är inte bland de valda "
    "insatserna ({ids})",
    "{id} was written for the model {written}, not {model}": "{id} skrevs för modellen "
    "{written}, inte {model}",
    "{name} alone": "{name} ensam",
}
