"""Swedish for the results views of the web application: charts, the alternatives compared,
the right start age, cost-sharing and funds, the follow-up report as files, parameter files
for runs (issue 15)."""

SV = {
    "5th percentile": "5:e percentilen",
    "95th percentile": "95:e percentilen",
    "A social investment fund": "En social investeringsfond",
    "Against {comparison}; {draws} draws, seed {seed}; {year} prices.": "Jämfört med "
    "{comparison}; {draws} dragningar, frö {seed}; {year} års priser.",
    "Alternative (empty: as the rules decide)": "Alternativ (tomt: som reglerna bestämmer)",
    "Between": "Mellan",
    "Calculate": "Beräkna",
    "Compare": "Jämför",
    "Compare the alternatives": "Jämför alternativen",
    "Comparing the alternatives ({draws} draws)": "Jämför alternativen ({draws} dragningar)",
    "Cost of waiting one year (SEK): NPV(start age) - NPV(start age + 1) / (1 + {rate}); "
    "negative: waiting gains": "Kostnaden för att vänta ett år (kr): NNV(startålder) − "
    "NNV(startålder + 1) / (1 + {rate}); negativ: att vänta lönar sig",
    "Cost-sharing and funds": "Kostnadsdelning och fonder",
    "Cumulative net, present value (SEK), {year} prices": "Ackumulerat netto, nuvärde (kr), "
    "{year} års priser",
    "Distribution of the NPV over the draws: {alternative}, {scope}": "Nettonuvärdets "
    "fördelning över dragningarna: {alternative}, {scope}",
    "Drawing the charts ({draws} draws)": "Ritar diagrammen ({draws} dragningar)",
    "Drawing the charts…": "Ritar diagrammen …",
    "Draws per NPV interval (SEK), {scope}": "Dragningar per intervall av nettonuvärdet (kr), "
    "{scope}",
    "Every alternative side by side for each payer and perspective: the expected net present "
    "value against the comparison, the probability of a gain and the probability of being the "
    "best alternative, from one probabilistic analysis.": "Alla alternativ sida vid sida för "
    "varje aktör och perspektiv: det förväntade nettonuvärdet jämfört med jämförelsealternativet, "
    "sannolikheten för en vinst och sannolikheten att vara det bästa alternativet, från en "
    "probabilistisk analys.",
    "Expected NPV against {comparison} (the mean over {draws} draws, seed {seed}), the share of "
    "draws with a gain, and the share of draws in which the alternative has the highest NPV for "
    "that payer, {year} prices.": "Förväntat nettonuvärde jämfört med {comparison} (medelvärdet "
    "över {draws} dragningar, frö {seed}), andelen dragningar med en vinst och andelen "
    "dragningar där alternativet har det högsta nettonuvärdet för den aktören, {year} års "
    "priser.",
    "First start age": "Första startålder",
    "For the public finances the NPV is highest at start age {age} ({npv}).": "För de "
    "offentliga finanserna är nettonuvärdet högst vid startåldern {age} ({npv}).",
    "Fund rules": "Fondens regler",
    "Further analyses": "Fler analyser",
    "Last start age": "Sista startålder",
    "Make the fund's page": "Gör fondens sida",
    "NPV by start age (SEK), {year} prices; the scenario starts at age {age}": "Nettonuvärde "
    "per startålder (kr), {year} års priser; scenariot börjar vid {age} års ålder",
    "NPV by start age, {first} to {last}": "Nettonuvärde per startålder, {first} till {last}",
    "NPV from": "Nettonuvärde från",
    "NPV to": "Nettonuvärde till",
    "Net present value per payer (SEK)": "Nettonuvärde per aktör (kr)",
    "Net present value per payer over the years: {alternative}": "Nettonuvärde per aktör över "
    "åren: {alternative}",
    "Net present value per payer: {alternative}": "Nettonuvärde per aktör: {alternative}",
    "Organisations (the top-level public payers)": "Organisationer (de offentliga huvudmännen "
    "överst i trädet)",
    "Parameter files (optional, as --params: local values on top of the shipped library)":
    "Parameterfiler (valfritt, som --params: lokala värden ovanpå det medföljande biblioteket)",
    "Share the cost": "Dela kostnaden",
    "Sharing the cost": "Att dela kostnaden",
    "Sharing the cost ({draws} draws)": "Delar kostnaden ({draws} dragningar)",
    "The NPV for {scope} in each of {draws} draws: mean {mean}, 90 % of the draws between "
    "{low} and {high}; a gain in {p} of the draws.": "Nettonuvärdet för {scope} i var och en "
    "av {draws} dragningar: medelvärde {mean}, 90 % av dragningarna mellan {low} och {high}; "
    "en vinst i {p} av dragningarna.",
    "The NPV over {draws} draws (seed {seed}) per payer and perspective, SEK": "Nettonuvärdet "
    "över {draws} dragningar (frö {seed}) per aktör och perspektiv, kr",
    "The comparison alternative has NPV 0 against itself; its probability of being best is "
    "the share of draws in which no other alternative gains.": "Jämförelsealternativet har "
    "nettonuvärdet 0 mot sig självt; dess sannolikhet att vara bäst är andelen dragningar där "
    "inget annat alternativ ger en vinst.",
    "The figures as a table": "Siffrorna som tabell",
    "The follow-up report as Excel": "Uppföljningsrapporten som Excel",
    "The follow-up report as PDF": "Uppföljningsrapporten som PDF",
    "The fund {fund} on {name} version {number}": "Fonden {fund} för {name} version {number}",
    "The fund's balance over the years, the probability that it is depleted, and what each "
    "committee pays back and when, under the rules of one of the shipped Swedish funds.":
    "Fondens saldo över åren, sannolikheten att den töms och vad varje nämnd betalar tillbaka "
    "och när, enligt reglerna för en av de medföljande svenska fonderna.",
    "The intervention started at each age in a range: the NPV per payer against the start "
    "age, and what waiting one year costs. The scenario starts at age {age}.": "Insatsen "
    "startad vid varje ålder i ett intervall: nettonuvärdet per aktör mot startåldern, och vad "
    "det kostar att vänta ett år. Scenariot börjar vid {age} års ålder.",
    "The municipality's committees": "Kommunens nämnder",
    "The net present value had the horizon ended in each year, per payer. At the horizon "
    "({year}): {figures}.": "Nettonuvärdet om horisonten hade slutat det året, per aktör. Vid "
    "horisonten ({year}): {figures}.",
    "The right start age": "Rätt startålder",
    "Who pays and who gains, and three proposals for sharing the cost: in proportion to the "
    "gains, the Shapley value and the smallest transfers, each with the probability that every "
    "party gains.": "Vem betalar och vem vinner, och tre förslag för att dela kostnaden: i "
    "proportion till vinsterna, Shapleyvärdet och de minsta överföringarna, vart och ett med "
    "sannolikheten att varje part vinner.",
    "Who pays and who gains: present values in {year} prices; term of office: the first "
    "{years} years": "Vem betalar och vem vinner: nuvärden i {year} års priser; mandatperiod: "
    "de första {years} åren",
    "ages: the first start age ({first}) must not be above the last ({last})": "åldrar: den "
    "första startåldern ({first}) får inte vara högre än den sista ({last})",
    "parameters: {files}": "parametrar: {files}",
    "{method}: each party's share of the cost ({draws} draws)": "{method}: varje parts andel "
    "av kostnaden ({draws} dragningar)",
}
