"""Swedish for the sections between committees and per participant, the committee sheet and
the glossary page (issue 11, items 2-4)."""

SV = {
    # Between committees
    "Common budget (e.g. tax income)": "Kommunen gemensamt (t.ex. skatt)",
    "the net cost to {committee} is {amount}": "{committee} betalar netto {amount}",
    "the net gain to {committee} is {amount}": "{committee} får tillbaka netto {amount}",
    "In present value up to {end}: {pays}, while {gains}.": "Räknat i nuvärde fram till {end}: "
    "{pays}, medan {gains}.",
    "Every committee with flows pays: {pays} in present value up to {end}.": "Alla nämnder med "
    "flöden betalar: {pays} i nuvärde fram till {end}.",
    "No committee loses; in present value up to {end} they gain: {gains}.": "Ingen nämnd "
    "förlorar; i nuvärde fram till {end} vinner de: {gains}.",
    "{payer} as a whole loses {amount}, so no transfer between its committees can leave every "
    "committee whole; the loss has to be met from the common budget or shared with those "
    "outside it who gain.": "{payer} som helhet förlorar {amount}, så ingen överföring mellan "
    "nämnderna kan få alla nämnder att gå jämnt upp; förlusten får täckas ur den gemensamma "
    "budgeten eller delas med dem utanför som vinner.",
    "the others less than {amount} each": "övriga mindre än {amount} var",
    "from {payer} to {recipient}: {amount}": "från {payer} till {recipient}: {amount}",
    "A transfer that leaves every committee at zero or better, each committee that gains "
    "paying in proportion to its gain: {moves} (present value).": "En överföring som låter "
    "varje nämnd gå jämnt upp eller bättre, där varje nämnd som vinner betalar i proportion "
    "till sin vinst: {moves} (nuvärde).",
    "Between committees: who pays and who gains ({payer})": "Mellan nämnderna: vem betalar "
    "och vem vinner ({payer})",
    "Net per committee and year, undiscounted": "Netto per nämnd och år, odiskonterat",
    "Bars: each committee's net (above zero a gain, below a cost); line: {payer} as a whole. "
    "{year} prices.": "Staplar: varje nämnds netto (över noll en vinst, under en kostnad); "
    "linje: {payer} som helhet. {year} års priser.",
    "Net (million kronor)": "Netto (miljoner kronor)",
    "Committee": "Nämnd",
    "Committees": "Nämnder",
    "Term of office {years}": "Mandatperioden {years}",
    "NPV after the transfer": "Nettonuvärde efter överföringen",
    "Net (benefits minus costs) of {alternative} against {comparison}, undiscounted per year "
    "and period, {year} prices. The committees sum to {payer}. Committees without any flow "
    "are left out.": "Netto (nytta minus kostnad) för {alternative} jämfört med {comparison}, "
    "odiskonterat per år och period, {year} års priser. Nämnderna summerar till {payer}. "
    "Nämnder utan flöden är utelämnade.",
    "From": "Från",
    "To": "Till",
    "Transfer (PV)": "Överföring (nuvärde)",
    "A simple proportional proposal: each committee that gains pays the committees that lose "
    "in proportion to its gain, until every committee is at zero. In present value; it may be "
    "paid as a yearly transfer over the same years.": "Ett enkelt proportionellt förslag: "
    "varje nämnd som vinner betalar de nämnder som förlorar i proportion till sin vinst, tills "
    "varje nämnd är på noll. I nuvärde; det kan betalas som en årlig överföring under samma "
    "år.",
    "Net (benefits minus costs) per committee and year against the comparison, undiscounted; "
    "the column {payer} is the sum of the committees.": "Netto (nytta minus kostnad) per nämnd "
    "och år jämfört med jämförelsealternativet, odiskonterat; kolumnen {payer} är summan av "
    "nämnderna.",
    "Between committees and per participant: {alternative}": "Mellan nämnderna och per "
    "deltagare: {alternative}",
    "Transfer that leaves every committee whole": "Överföring som låter varje nämnd gå jämnt upp",
    "{payer} as a whole loses, so no transfer between its committees can leave every "
    "committee whole.": "{payer} som helhet förlorar, så ingen överföring mellan nämnderna kan "
    "få alla nämnder att gå jämnt upp.",
    # Per participant
    "Present values at the scenario's discount rate (numbers; sheet {results} has them as "
    "formulas), divided by the participants and by those offered.": "Nuvärden med scenariots "
    "diskonteringsränta (tal; bladet {results} har dem som formler), delade med deltagarna och "
    "med de erbjudna.",
    "Per participant": "Per deltagare",
    "Offered": "Erbjudna",
    "Participating": "Deltagande",
    "Costs per participant (PV)": "Kostnad per deltagare (nuvärde)",
    "Benefits per participant (PV)": "Nytta per deltagare (nuvärde)",
    "NPV per participant": "Nettonuvärde per deltagare",
    "NPV per person offered": "Nettonuvärde per erbjuden",
    "NPV, total": "Nettonuvärde, totalt",
    "Present values up to {end} divided by the {n} participants; each figure per participant "
    "times the participants is the total.": "Nuvärden fram till {end} delade med de {n} "
    "deltagarna; varje belopp per deltagare gånger antalet deltagare är summan.",
    "Per person offered: divided by the {n} offered instead.": "Per erbjuden: delat med de {n} "
    "erbjudna i stället.",
    "{offered} offered, of whom {participating} take part ({share}); the target group is "
    "{children}.": "{offered} erbjuds, av dem deltar {participating} ({share}); målgruppen är "
    "{children}.",
    "{participating} participants (all offered take part); the target group is {children}.": ""
    "{participating} deltagare (alla som erbjuds deltar); målgruppen är {children}.",
    "{participating} participants": "{participating} deltagare",
    "{participating} participants of {offered} offered": "{participating} deltagare av "
    "{offered} erbjudna",
    "{scope} {amount}": "{scope} {amount}",
    "{who}; net present value per participant: {figures}.": "{who}; nettonuvärde per "
    "deltagare: {figures}.",
    # Glossary
    "Glossary": "Ordlista",
    "The technical terms of this report in plain words.": "Rapportens facktermer med enkla ord.",
    "What a future amount is worth today. A krona next year is worth a little less than a "
    "krona now, so later amounts are reduced by the discount rate, more the further away they "
    "are. The report's present values are in the price year's money, discounted to the first "
    "year.": "Vad ett framtida belopp är värt i dag. En krona nästa år är värd lite mindre än en "
    "krona nu, så senare belopp räknas ned med diskonteringsräntan, mer ju längre bort de "
    "ligger. Rapportens nuvärden är i prisårets penningvärde, diskonterade till det första "
    "året.",
    "Amounts simply added up over the years, without reducing later years: what the budgets "
    "will actually see in the price year's money.": "Belopp som bara läggs ihop över åren, "
    "utan att senare år räknas ned: det som budgetarna faktiskt kommer att se, i prisårets "
    "penningvärde.",
    "Discount rate": "Diskonteringsränta",
    "The yearly rate by which future amounts are reduced to their present value. The report "
    "states the rate used and its source.": "Den årliga räntan som framtida belopp räknas ned "
    "med till sitt nuvärde. Rapporten anger vilken ränta som används och dess källa.",
    "Net present value (NPV)": "Nettonuvärde (NNV)",
    "The present value of the benefits minus the present value of the costs. Above zero: the "
    "intervention gives back more than it costs, for the payer or perspective named.": ""
    "Nyttans nuvärde minus kostnadernas nuvärde. Över noll: insatsen ger tillbaka mer än den "
    "kostar, för den aktör eller det perspektiv som anges.",
    "Benefit-cost ratio": "Nytta/kostnad-kvot",
    "The present value of the benefits divided by that of the costs. 2 means that every krona "
    "spent brings back two; below 1, less than was spent.": "Nyttans nuvärde delat med "
    "kostnadernas. 2 betyder att varje satsad krona ger tillbaka två; under 1 kommer mindre "
    "tillbaka än det som satsades.",
    "Payback period": "Återbetalningstid",
    "How long until the benefits, in present value, have covered the costs for good: the "
    "first year from which the running total of the net stays at or above zero.": "Hur lång "
    "tid det tar innan nyttan, i nuvärde, har täckt kostnaderna för gott: det första året från "
    "vilket det ackumulerade nettot ligger kvar på eller över noll.",
    "The calculation is repeated many times, each time with the uncertain figures (effects, "
    "costs, the children's life courses) drawn from their ranges. The probability of a gain "
    "is the share of these runs in which the net present value is above zero. It only covers "
    "the uncertainty the report lists as varied.": "Beräkningen görs om många gånger, varje "
    "gång med de osäkra siffrorna (effekter, kostnader, barnens livslopp) dragna ur sina "
    "intervall. Sannolikheten för vinst är andelen av dessa körningar där nettonuvärdet är "
    "över noll. Den omfattar bara den osäkerhet som rapporten anger som varierad.",
    "Socio-economic perspective": "Samhällsekonomiskt perspektiv",
    "Society as a whole: the real resources used or saved (care, school, prison) and the value "
    "of work. Money that only moves from one to another, such as benefits, cancels out.": ""
    "Samhället som helhet: de reala resurser som används eller sparas (vård, skola, "
    "kriminalvård) och värdet av arbete. Pengar som bara flyttas från en till en annan, som "
    "bidrag, tar ut varandra.",
    "Public finances perspective": "Offentligfinansiellt perspektiv",
    "All public payers together (municipality, region, state): their costs, the benefits they "
    "pay out and the taxes they receive.": "Alla offentliga aktörer tillsammans (kommun, "
    "region, stat): deras kostnader, de ersättningar de betalar ut och de skatter de får in.",
    "Money paid from one to another without using resources, for example income support or "
    "sickness compensation: a cost to the payer and income to the recipient, so zero for "
    "society as a whole.": "Pengar som betalas från en till en annan utan att resurser "
    "förbrukas, till exempel försörjningsstöd eller sjukersättning: en kostnad för den som "
    "betalar och en inkomst för den som får, alltså noll för samhället som helhet.",
    "The four budget years of a council elected in a Swedish general election; the report "
    "shows the result within the term beside the long run.": "De fyra budgetåren för en "
    "fullmäktige som väljs i ett svenskt allmänt val; rapporten visar resultatet inom "
    "mandatperioden bredvid det långa loppet.",
    "All amounts are in the money of one year, so that amounts from different years can be "
    "compared; older figures are raised by a price or wage index.": "Alla belopp är i ett års "
    "penningvärde, så att belopp från olika år kan jämföras; äldre siffror räknas upp med ett "
    "pris- eller löneindex.",
    "Illustrative": "Illustrativ",
    "A figure that is a reasoned assumption rather than measured for this use; the result "
    "depends on it and should be checked against local follow-up.": "En siffra som är ett "
    "motiverat antagande snarare än uppmätt för denna användning; resultatet beror på den och "
    "bör stämmas av mot lokal uppföljning.",
    "Tornado diagram": "Tornadodiagram",
    "A chart that moves one uncertain figure at a time to its low and its high value and shows "
    "how much the net present value changes; the longest bars are the figures that matter "
    "most.": "Ett diagram som flyttar en osäker siffra i taget till dess låga och höga värde och "
    "visar hur mycket nettonuvärdet ändras; de längsta staplarna är de siffror som betyder "
    "mest.",
    "Break-even": "Break-even (brytpunkt)",
    "The value of a figure (for example the size of the effect or the cost) at which the net "
    "present value is exactly zero: above or below it, the decision would turn.": "Det värde "
    "på en siffra (till exempel effektens storlek eller kostnaden) där nettonuvärdet är exakt "
    "noll: på andra sidan det värdet skulle beslutet slå om.",
    "EVPI (expected value of perfect information)": "EVPI (förväntat värde av perfekt information)",
    "What it would be worth, at most, to remove all uncertainty before deciding: how much "
    "better the decision could be on average if we knew the true figures. A small value means "
    "that more research would hardly change the decision.": "Vad det som mest skulle vara värt "
    "att ta bort all osäkerhet innan man beslutar: hur mycket bättre beslutet i genomsnitt "
    "kunde bli om vi kände de sanna siffrorna. Ett litet värde betyder att mer forskning knappast "
    "skulle ändra beslutet.",
    "CEAC (cost-effectiveness acceptability curve)": "CEAC (acceptanskurva för "
    "kostnadseffektivitet)",
    "A curve of the probability that each alternative is the best choice, for each value one "
    "is willing to pay for an outcome such as a year of exclusion avoided.": "En kurva över "
    "sannolikheten att varje alternativ är det bästa valet, för varje belopp man är villig att "
    "betala för ett utfall, till exempel ett undvikt år i utanförskap.",
    "Typfall (archetype)": "Typfall",
    "A typical life course with its costs year by year, such as a young person who drops out "
    "of school and never gets a steady job (Nilsson and Wadeskog's method); it shows what is "
    "at stake for one person.": "Ett typiskt livslopp med dess kostnader år för år, till "
    "exempel en ung person som hoppar av skolan och aldrig får ett fast arbete (Nilssons och "
    "Wadeskogs metod); det visar vad som står på spel för en person.",
    "Half-cycle correction": "Halvcykelkorrektion",
    "The model moves the children between states once a year; counting each move as if it "
    "happened in the middle of the year, rather than at its start or end, gives fairer yearly "
    "totals.": "Modellen flyttar barnen mellan tillstånd en gång om året; att räkna varje "
    "förflyttning som om den skedde mitt på året, i stället för vid årets början eller slut, "
    "ger rättvisare årssummor.",
    "Participants and those offered": "Deltagare och erbjudna",
    "Those offered are the children or families the intervention is offered to; the "
    "participants are those who take part. In a universal offer fewer take part than are "
    "offered, and the figures per participant are per participating family.": "De erbjudna är "
    "de barn eller familjer som insatsen erbjuds; deltagarna är de som deltar. I ett "
    "universellt erbjudande deltar färre än som erbjuds, och beloppen per deltagare gäller per "
    "deltagande familj.",
    "Between committees": "Mellan nämnderna",
    "One committee (for example the school) may pay while another (for example social "
    "services) gains. The report shows each committee's net and a transfer between them that "
    "would leave every committee at zero or better.": "En nämnd (till exempel skolan) kan "
    "betala medan en annan (till exempel socialtjänsten) vinner. Rapporten visar varje nämnds "
    "netto och en överföring mellan dem som skulle låta varje nämnd gå jämnt upp eller bättre.",
}
