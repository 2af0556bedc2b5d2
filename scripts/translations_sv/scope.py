"""Swedish for the first page for the decision maker (--scope), council terms and the
evidence on page 1 (issue 11, items 1, 4, 5 and 6)."""

SV = {
    "(probability of a gain {p})": "(sannolikhet för vinst {p})",
    "95% of the draws between {low} and {high}": "95 % av dragningarna mellan {low} och {high}",
    "Avoided costs and gained income, {payer}": "Minskade kostnader och ökade intäkter, {payer}",
    "Council term": "Mandatperiod",
    "Council term {years}": "Mandatperioden {years}",
    "Decision support for {payer}": "Beslutsunderlag för {payer}",
    "For {payer}": "Underlag för {payer}",
    "For {payer} it does not pay for itself by {end}: a net present value of {npv}.": (
        "För {payer} betalar den sig inte fram till {end}: nettonuvärdet är {npv}."
    ),
    "For {payer} it has paid for itself in {year}.": "För {payer} har den betalat sig år {year}.",
    "Net for {payer}": "Netto för {payer}",
    "Net in the council term {years}: {npv}": "Netto under mandatperioden {years}: {npv}",
    "Net present value for {payer}": "Nettonuvärde för {payer}",
    "Net present value up to {end} for each, {year} prices. The figures per payer are in the "
    "table on the next page.": (
        "Nettonuvärde fram till {end} för var och en, {year} års priser. Siffrorna per aktör "
        "finns i tabellen på nästa sida."
    ),
    "Not by {end}": "Inte före {end}",
    "Paid back for {payer}": "Återbetalt för {payer}",
    "Pays nothing": "Betalar inget",
    "Present value (nuvärde): future amounts counted at their worth in {start}, each year's "
    "discounted by the rate; undiscounted: the amounts added up as they fall. All in {year} "
    "prices.": (
        "Nuvärde: framtida belopp räknade om till sitt värde år {start}, varje års belopp "
        "diskonterat med räntan; odiskonterat: beloppen summerade som de faller. Allt i {year} "
        "års priser."
    ),
    "Probability of a gain for {payer}": "Sannolikhet för vinst för {payer}",
    "Probability of a gain for {payer}:": "Sannolikheten för vinst för {payer}:",
    "The analysis starts mid-term, in {start}: {term} (elected in {election}) has the budget "
    "years {remaining} left; the next term, elected in {next_election}, has {years}.": (
        "Kalkylen börjar mitt i en mandatperiod, år {start}: {term} (vald {election}) har "
        "budgetåren {remaining} kvar; nästa mandatperiod, vald {next_election}, har {years}."
    ),
    "The analysis starts with {term} (elected in {election}); the next term, elected in "
    "{next_election}, has the budget years {years}.": (
        "Kalkylen börjar med {term} (vald {election}); nästa mandatperiod, vald "
        "{next_election}, har budgetåren {years}."
    ),
    "The decision maker the report is for: a payer id (kommun, the municipality as a whole, "
    "the default; a committee such as kommun.skola or kommun.socialtjanst; region; stat ...) "
    "or a perspective (public_finances, socio_economic). Page 1 leads with its budget, "
    "payback and probability of a gain, then who else gains; the presented alternative, "
    "sensitivity analysis, value of information and ranking of the full case are for it "
    "too.": (
        "Beslutsfattaren som rapporten är till för: en aktörs id (kommun, kommunen som helhet, "
        "standard; en nämnd som kommun.skola eller kommun.socialtjanst; region; stat ...) "
        "eller ett perspektiv (public_finances, socio_economic). Sidan 1 börjar med dess "
        "budget, återbetalning och sannolikhet för vinst, sedan vilka andra som vinner; det "
        "redovisade alternativet, känslighetsanalysen, värdet av information och rangordningen "
        "i det fullständiga underlaget gäller också den."
    ),
    "The probability of a gain for {payer} is {p}.": "Sannolikheten för vinst för {payer} är {p}.",
    "The request, {payer}": "Anslagsbehov, {payer}",
    "The shaded band is the council term {years}. Where a line crosses zero, the investment "
    "has paid for itself for that payer.": (
        "Det skuggade fältet är mandatperioden {years}. Där en linje korsar noll har "
        "investeringen betalat sig för den aktören."
    ),
    "Undiscounted kronor in {year} prices; the request is the intervention's own cost.": (
        "Odiskonterade kronor i {year} års priser; anslagsbehovet är insatsens egen kostnad."
    ),
    "What it costs {payer}": "Vad det kostar {payer}",
    "What it costs {payer} per budget year": "Vad det kostar {payer} per budgetår",
    "Who else gains, and the whole": "Vilka andra som vinner, och helheten",
    "evidence grade {grade}": "evidensgrad {grade}",
    "high": "hög",
    "kronor": "kronor",
    "low": "låg",
    "moderate": "måttlig",
    "very low": "mycket låg",
    "no evidence grade given": "ingen evidensgrad angiven",
    "the effect sizes are illustrative: not measured for this use in a study": (
        "effektstorlekarna är illustrativa: inte uppmätta för denna användning i en studie"
    ),
    "the effect sizes are taken from the cited studies": (
        "effektstorlekarna är hämtade från de citerade studierna"
    ),
    "undiscounted; {pv} in present value": "odiskonterat; {pv} i nuvärde",
    "unknown decision maker {found}; expected a payer id ({payers}) or a perspective "
    "({perspectives})": (
        "okänd beslutsfattare {found}; väntade ett aktörs-id ({payers}) eller ett perspektiv "
        "({perspectives})"
    ),
    "up to {end}; benefit-cost ratio {bcr}": "fram till {end}; nytta/kostnad {bcr}",
    "{alternative} costs {payer} {costs} ({years}; {pv} in present value) and brings back "
    "{benefits} by {end}.": (
        "{alternative} kostar {payer} {costs} ({years}; {pv} i nuvärde) och ger tillbaka "
        "{benefits} fram till {end}."
    ),
    "{entries} fewer children are placed in care ({years} fewer person-years in care).": (
        "{entries} färre barn placeras utanför hemmet ({years} färre personår i placering)."
    ),
    "{intervention}: {grade}; {status}.": "{intervention}: {grade}; {status}.",
    "{n} of the figures behind the effects are illustrative judgements": (
        "{n} av siffrorna bakom effekterna är illustrativa bedömningar"
    ),
    "{payer} pays nothing for {alternative}; its net present value up to {end} is {npv}.": (
        "{payer} betalar inget för {alternative}; nettonuvärdet fram till {end} är {npv}."
    ),
    "{start} is the last budget year of {term} (elected in {election}); the council elected "
    "in September {next_election} has the budget years {years}.": (
        "{start} är sista budgetåret för {term} (vald {election}); fullmäktige som valdes i "
        "september {next_election} har budgetåren {years}."
    ),
    "the council term {years}": "mandatperioden {years}",
}

SV |= {
    "NPV, first {n} years": "Nettonuvärde, de första {n} åren",
    "Council terms: {current} (elected {current_election}), {next} (elected {next_election}); "
    "the analysis starts in {start}.": (
        "Mandatperioder: {current} (vald {current_election}), {next} (vald {next_election}); "
        "kalkylen börjar {start}."
    ),
}

SV |= {
    "{alternative} costs {payer} {costs} ({years}; {pv} in present value) and brings it "
    "{added} of added costs by {end}.": (
        "{alternative} kostar {payer} {costs} ({years}; {pv} i nuvärde) och ger ökade "
        "kostnader på {added} fram till {end}."
    ),
}

SV |= {
    "First years' figures": "De första årens siffror",
    "the first {n} years": "de första {n} åren",
    "Council terms": "Mandatperioder",
    "{years} (elected {election})": "{years} (vald {election})",
    "First {n} years": "De första {n} åren",
    "Factor, first years": "Faktor, de första åren",
}
