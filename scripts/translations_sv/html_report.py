"""Swedish translations of the HTML report (``socinvest.reports.html_report``, its sections in
``report_text``, ``committee_page``, ``case_sections`` and ``appendix_sections``, and its
template ``reports/templates/report.html``)."""

from __future__ import annotations

SV = {
    # The committee page
    "Summary for the committee": "Sammanfattning för nämnden",
    "{alternative} costs {costs} ({pv} in present value). Net present value up to {end}, "
    "{scope}: {npv}.": "{alternative} kostar {costs} ({pv} i nuvärde). Nettonuvärde fram till "
    "{end}, {scope}: {npv}.",
    "It has paid for itself in {year}.": "Investeringen har betalat sig {year}.",
    "The probability that it is a gain is {p}.": "Sannolikheten att det blir en vinst är {p}.",
    "What it costs": "Vad det kostar",
    "{pv} in present value": "{pv} i nuvärde",
    "Net present value ({scope})": "Nettonuvärde ({scope})",
    "Benefit-cost ratio {bcr}": "Nytta/kostnad {bcr}",
    "Term of office {years}: {npv}": "Mandatperioden {years}: {npv}",
    "Probability of a gain": "Sannolikhet för vinst",
    "90% interval {low} to {high}": "90 %-intervall {low} till {high}",
    "In plain words": "Med enkla ord",
    "Costs, benefits and payback per payer": "Kostnader, nytta och återbetalning per aktör",
    "{payer} pays {costs} in {years} and gets {benefits} back by {end} (undiscounted).": (
        "{payer} betalar {costs} under {years} och får tillbaka {benefits} fram till {end} "
        "(odiskonterat)."
    ),
    "{payer} pays {costs} in {years} and gets nothing back by {end}.": "{payer} betalar "
    "{costs} under {years} och får inget tillbaka fram till {end}.",
    "In present value the investment has paid for itself in {year}: a net present value of "
    "{npv} by {end}.": "I nuvärde har investeringen betalat sig {year}: ett nettonuvärde på "
    "{npv} fram till {end}.",
    "In present value it does not pay for itself by {end}: a net present value of {npv}.": (
        "I nuvärde betalar den sig inte fram till {end}: ett nettonuvärde på {npv}."
    ),
    "Within the term of office ({years}) the net is {npv}.": "Under mandatperioden ({years}) "
    "blir nettot {npv}.",
    "{payer} pays nothing for the intervention and gains {benefits} by {end} (undiscounted; "
    "{npv} in present value).": "{payer} betalar inget för insatsen och vinner {benefits} fram "
    "till {end} (odiskonterat; {npv} i nuvärde).",
    "{payer} pays nothing for the intervention but gets added costs of {costs} by {end} "
    "(undiscounted; {npv} in present value).": "{payer} betalar inget för insatsen men får "
    "ökade kostnader på {costs} fram till {end} (odiskonterat; {npv} i nuvärde).",
    "SEK {amount} million": "{amount} mnkr",
    "Who pays and who gains": "Vem betalar och vem vinner",
    "Net present value per payer up to {end}": "Nettonuvärde per aktör fram till {end}",
    "Green: a gain; red: a cost. {year} prices.": "Grönt: en vinst; rött: en kostnad. {year} "
    "års priser.",
    "Million kronor": "Miljoner kronor",
    "Term of office": "Mandatperiod",
    "Present values in {year} prices, discounted to {start}. Benefits are avoided costs and "
    "gained taxes and income. Probability of a gain: the share of {draws} draws of the "
    "uncertain figures in which the net present value is positive.": "Nuvärden i {year} års "
    "priser, diskonterade till {start}. Nyttor är undvikta kostnader och vunna skatter och "
    "inkomster. Sannolikhet för vinst: andelen av {draws} dragningar av de osäkra siffrorna där "
    "nettonuvärdet är positivt.",
    "When it pays back": "När investeringen betalar sig",
    "Cumulative net in present value, per payer and for public finances": "Ackumulerat netto "
    "i nuvärde, per aktör och för de offentliga finanserna",
    "The shaded band is the term of office ({years}). Where a line crosses zero, the "
    "investment has paid for itself for that payer.": "Det skuggade fältet är mandatperioden "
    "({years}). Där en linje korsar noll har investeringen betalat sig för den aktören.",
    "Cumulative net, present value (million kronor)": "Ackumulerat netto, nuvärde (miljoner "
    "kronor)",
    "Year": "År",
    "What it means for the children": "Vad det betyder för barnen",
    "Years in long-term exclusion avoided": "Undvikta år i långvarigt utanförskap",
    "Person-years ({states})": "Personår ({states})",
    "Placements avoided": "Undvikta placeringar",
    "{years} fewer person-years in care": "{years} färre personår i placering",
    "For the {n} children of the target group, compared with {comparison}.": "För målgruppens "
    "{n} barn, jämfört med {comparison}.",
    "Together they spend {years} fewer years in long-term exclusion ({states}).": "Tillsammans "
    "tillbringar de {years} färre år i långvarigt utanförskap ({states}).",
    "{entries} fewer children are placed in care.": "{entries} färre barn placeras utanför hemmet.",
    "The other alternatives": "De andra alternativen",
    "{alternative}: net present value {npv} for {scope}, probability of a gain {p}.": (
        "{alternative}: nettonuvärde {npv} för {scope}, sannolikhet för vinst {p}."
    ),
    "{alternative}: net present value {npv} for {scope}.": "{alternative}: nettonuvärde {npv} "
    "för {scope}.",
    "The report presents the alternative with the highest expected net present value; all are "
    "compared in the full case.": "Rapporten presenterar alternativet med högst förväntat "
    "nettonuvärde; alla jämförs i det fullständiga underlaget.",
    "{year} prices": "{year} års priser",
    # The full case
    "The full case": "Det fullständiga underlaget",
    "Assumptions": "Antaganden",
    "Period": "Period",
    "to age {age}": "till {age} års ålder",
    "{n} years": "{n} år",
    "Price year": "Prisår",
    "Discount rate, money": "Diskonteringsränta, pengar",
    "Discount rate, outcomes": "Diskonteringsränta, utfall",
    "Timing of flows": "Flödenas tidpunkt",
    "Perspective of the analyses": "Analysernas perspektiv",
    "Draws": "Dragningar",
    "Seed": "Frö",
    "Target group": "Målgrupp",
    "At the start:": "Vid start:",
    "Alternatives": "Alternativ",
    "the comparison alternative": "jämförelsealternativet",
    "presented": "presenteras",
    "Interventions and their effects": "Insatser och deras effekter",
    "illustrative effect sizes": "illustrativa effektstorlekar",
    "Eligible: {states}": "Kan delta: {states}",
    "Cost": "Kostnad",
    "When": "När",
    "Transition": "Övergång",
    "{amount} a year": "{amount} per år",
    "{amount} per participant": "{amount} per deltagare",
    "{amount} per participant and year": "{amount} per deltagare och år",
    "programme years {years}": "programår {years}",
    "relative risk {value}": "relativ risk {value}",
    "odds ratio {value}": "oddskvot {value}",
    "ages {ages}": "åldrarna {ages}",
    "every year": "varje år",
    "fades linearly over {years} years": "avtar linjärt över {years} år",
    "fades with a half-life of {years} years": "avtar med en halveringstid på {years} år",
    "Evidence grade: {grade}": "Evidensgrad: {grade}",
    "The life-course model": "Livsloppsmodellen",
    "Every child is in one of these states each year; the model moves the children between "
    "them with yearly, age-dependent probabilities, and each state has its costs per payer.": (
        "Varje barn befinner sig varje år i ett av dessa tillstånd; modellen flyttar barnen mellan "
        "dem med årliga, åldersberoende sannolikheter, och varje tillstånd har sina kostnader per "
        "aktör."
    ),
    "Description": "Beskrivning",
    "absorbing: no one leaves it": "absorberande: ingen lämnar det",
    "Group {name}: {states}": "Gruppen {name}: {states}",
    "Change in the children's lives": "Förändringen i barnens liv",
    "{alternative} minus {comparison}: negative numbers are years and entries avoided.": (
        "{alternative} minus {comparison}: negativa tal är undvikta år och inträden."
    ),
    "The ledger per payer and year": "Huvudboken per aktör och år",
    "Net (benefits minus costs) of {alternative} against {comparison} in each year, "
    "undiscounted, {year} prices. Positive: a gain for the payer.": "Netto (nytta minus "
    "kostnad) för {alternative} jämfört med {comparison} varje år, odiskonterat, {year} års "
    "priser. Positivt: en vinst för aktören.",
    "Total, undiscounted": "Summa, odiskonterat",
    "How sure are we? The distribution of the net present value": "Hur säkra är vi? "
    "Nettonuvärdets fördelning",
    "Net present value for {scope} in {draws} draws": "Nettonuvärde för {scope} i {draws} "
    "dragningar",
    "Each draw takes every uncertain figure ({n} parameters) from its distribution (seed "
    "{seed}).": "Varje dragning tar varje osäker siffra ({n} parametrar) ur dess fördelning "
    "(frö {seed}).",
    "NPV (million kronor)": "Nettonuvärde (miljoner kronor)",
    "Number of draws": "Antal dragningar",
    "Median": "Median",
    "No probabilistic analysis: the case was built without draws.": "Ingen probabilistisk "
    "analys: underlaget togs fram utan dragningar.",
    "Which figures matter most (tornado)": "Vilka siffror betyder mest (tornado)",
    "NPV for {scope} with each parameter at its low and high value": "Nettonuvärde för {scope} "
    "med varje parameter på sitt låga och höga värde",
    "Base NPV {npv} (dashed line). Each parameter at its low and high value (declared bounds, "
    "else the 5th and 95th percentiles), the others at their values; sorted by swing.": (
        "Basnettonuvärde {npv} (streckad linje). Varje parameter på sitt låga och höga värde "
        "(angivna gränser, annars 5:e och 95:e percentilen), de övriga på sina värden; sorterat "
        "efter utslag."
    ),
    "Low value": "Lågt värde",
    "High value": "Högt värde",
    "Parameter at its": "Parametern på sitt",
    "One-way sensitivity (tornado)": "Envägs känslighetsanalys (tornado)",
    "Break-even and switching values": "Break-even och brytvärden",
    "Value of information": "Informationsvärde",
    "The right time": "Rätt tidpunkt",
    "Net present value by start age": "Nettonuvärde per startålder",
    "The scenario starts at age {age} (dashed line); effect windows given by ages move with "
    "the start age, the intake and the initial states are kept. {year} prices.": "Scenariot "
    "startar vid {age} års ålder (streckad linje); effektfönster angivna med åldrar flyttas med "
    "startåldern, intaget och starttillstånden behålls. {year} års priser.",
    "Over start ages {first} to {last}, the net present value for {scope} is highest at age "
    "{age}: {npv}.": "Bland startåldrarna {first} till {last} är nettonuvärdet för {scope} "
    "högst vid {age} års ålder: {npv}.",
    "Starting the same children one year later, at {age}, loses {amount} ({scope}).": "Att "
    "börja med samma barn ett år senare, vid {age} års ålder, förlorar {amount} ({scope}).",
    "Starting the same children one year later, at {age}, gains {amount} ({scope}).": "Att "
    "börja med samma barn ett år senare, vid {age} års ålder, vinner {amount} ({scope}).",
    "Alternatives compared": "Alternativen jämförda",
    "Value per person-year avoided (kronor)": "Värde per undvikt personår (kronor)",
    "long-term exclusion": "långvarigt utanförskap",
    # The cost of a child
    "The cost of a child": "Vad ett barn kostar",
    "For context: society invests about {amount} in every child from pregnancy to the end of "
    "upper secondary school ({year} prices, undiscounted), whatever the intervention.": "Som "
    "bakgrund: samhället investerar omkring {amount} i varje barn från graviditeten till "
    "slutet av gymnasieskolan ({year} års priser, odiskonterat), oavsett insats.",
    "Thousand kronor a year": "Tusen kronor per år",
    "By component": "Per del",
    # Appendix
    "Appendix: parameters and versions": "Bilaga: parametrar och versioner",
    "socinvest version": "socinvest-version",
    "Scenario file": "Scenariofil",
    "Scenario hash": "Scenariots hash",
    "Parameter hash": "Parametrarnas hash",
    "Rebasing factor of the model's own amounts": "Omräkningsfaktor för modellens egna belopp",
    "Date": "Datum",
    "Charts": "Diagram",
    "Every parameter the calculation uses": "Varje parameter som beräkningen använder",
    "Money is rebased from the price year of its source to {year} with the index shown (KPI: "
    "the consumer price index).": "Belopp räknas om från källans prisår till {year} med det "
    "index som anges (KPI: konsumentprisindex).",
    "Unit": "Enhet",
    "Rebasing factor": "Omräkningsfaktor",
    "Sources": "Källor",
    "Parameters of the cost of a child": "Parametrar för vad ett barn kostar",
    "Analyses not run": "Analyser som inte kördes",
    "This analysis could not be run for this scenario: {reason}": "Analysen kunde inte göras "
    "för detta scenario: {reason}",
    "Made with socinvest {version}, open decision support for social investments.": "Gjord med "
    "socinvest {version}, öppet beslutsstöd för sociala investeringar.",
}
