"""Swedish translations of the Excel workbook (``socinvest.reports.excel_workbook``).

Excel function names in the notes are given as a Swedish Excel shows them (TRANSPOSE is
TRANSPONERA; MMULT keeps its name).
"""

from __future__ import annotations

SV = {
    # Sheet names
    "Inputs": "Indata",
    "Results": "Resultat",
    "Ledger": "Huvudbok",
    "Scopes": "Omfång",
    # Categories and kinds of flow
    "Resources": "Resurser",
    "Transfers": "Transfereringar",
    "Production": "Produktion",
    "All flows": "Alla flöden",
    "Intervention costs": "Insatskostnader",
    # Column headers
    "Alternative id": "Alternativ-id",
    "Payer id": "Aktörs-id",
    "Category id": "Kategori-id",
    "Category": "Kategori",
    "Flows": "Flöden",
    "Parameter id": "Parameter-id",
    "Label": "Benämning",
    "Original value": "Ursprungligt värde",
    "Original price year": "Ursprungligt prisår",
    "Index": "Index",
    "Origin": "Ursprung",
    "PV of costs": "Kostnader, nuvärde",
    "PV of benefits": "Nytta, nuvärde",
    "Payback year": "Återbetalningsår",
    "Undiscounted net": "Netto, odiskonterat",
    "Scope id": "Omfångs-id",
    "Last year with a negative cumulative, horizon": "Sista år med negativt ackumulerat "
    "netto, horisont",
    "Last year with a negative cumulative, term of office": "Sista år med negativt "
    "ackumulerat netto, mandatperiod",
    "Costs": "Kostnader",
    "Benefits": "Nytta",
    "Net (benefits - costs)": "Netto (nytta - kostnader)",
    "Net, discounted": "Netto, diskonterat",
    "Net, discounted, cumulative": "Netto, diskonterat, ackumulerat",
    # The inputs sheet
    "Inputs: {title}": "Indata: {title}",
    "Change the discount rate in the yellow cell (named {name}): every result on the sheets "
    "{results} and {calculation} follows.": "Ändra diskonteringsräntan i den gula cellen "
    "(med namnet {name}): alla resultat på bladen {results} och {calculation} följer med.",
    "The ledger was computed by socinvest with the timing convention below; changing the "
    "offset only changes the discounting.": "Huvudboken är beräknad av socinvest med "
    "tidskonventionen nedan; att ändra förskjutningen ändrar bara diskonteringen.",
    "to age {age}: {n} years ({span})": "till {age} års ålder: {n} år ({span})",
    "{n} years ({span})": "{n} år ({span})",
    "Annual rate as a fraction; defined name {name}.": "Årlig ränta som andel; definierat "
    "namn {name}.",
    "Year t is discounted by t + offset years: start 0, mid 0.5, end 1; defined name "
    "{name}.": "År t diskonteras t + förskjutning år: början 0, mitten 0,5, slutet 1; "
    "definierat namn {name}.",
    "The results' term of office is the first {n} years ({span}).": "Resultatens "
    "mandatperiod är de första {n} åren ({span}).",
    "Scenario id": "Scenario-id",
    "Title": "Titel",
    "Start year": "Startår",
    "Every amount is in SEK of this year.": "Alla belopp anges i kronor i detta års priser.",
    "Term of office (years)": "Mandatperiod (år)",
    "Timing convention": "Tidskonvention",
    "Discount rate (money)": "Diskonteringsränta (pengar)",
    "Discounting offset (years)": "Diskonteringens förskjutning (år)",
    "Comparison alternative": "Jämförelsealternativ",
    "Outcome discount rate": "Diskonteringsränta för utfall",
    "Discounts person-years only; not used on these sheets.": "Diskonterar bara personår; "
    "används inte på dessa blad.",
    "Model rebasing factor": "Modellens omräkningsfaktor",
    "The ledger and the results are deterministic.": "Huvudboken och resultaten är "
    "deterministiska.",
    "Created": "Skapad",
    "Scenario": "Scenario",
    "Comparison": "Jämförelse",
    "Interventions": "Insatser",
    "yes": "ja",
    "no": "nej",
    "Parameters used": "Använda parametrar",
    # The ledger sheet
    "Ledger: yearly flows by alternative, payer and category": "Huvudbok: årliga flöden per "
    "alternativ, aktör och kategori",
    "Undiscounted SEK in {year} prices, as computed by socinvest (numbers, not formulas). "
    "Costs are positive, income (taxes, benefits, earnings) negative.": "Odiskonterade kronor "
    "i {year} års priser, beräknade av socinvest (tal, inte formler). Kostnader är positiva, "
    "inkomster (skatter, bidrag, förvärvsinkomster) negativa.",
    "One row per alternative, payer and flow category with a flow in some alternative, one "
    "column per calendar year. A payer row holds only its direct flows; a payer's total is "
    "the sum over its subtree (sheet {scopes}).": "En rad per alternativ, aktör och "
    "flödeskategori som har ett flöde i något alternativ, en kolumn per kalenderår. En "
    "aktörsrad har bara aktörens direkta flöden; en aktörs summa är summan över aktören och "
    "dem under den (bladet {scopes}).",
    "For each alternative: first all flows, then the intervention costs alone (already part "
    "of all flows). Every block has the rows of sheet {scopes} in the same order.": "För "
    "varje alternativ: först alla flöden, sedan insatskostnaderna för sig (redan med i alla "
    "flöden). Varje block har raderna på bladet {scopes} i samma ordning.",
    # The scopes sheet
    "Scopes: which ledger rows count for each payer and perspective": "Omfång: vilka rader i "
    "huvudboken som räknas för varje aktör och perspektiv",
    "1: the ledger row (payer, category) counts in the scope of the column; 0: it does "
    "not.": "1: raden i huvudboken (aktör, kategori) räknas i kolumnens omfång; 0: den gör "
    "det inte.",
    "A payer: its own direct flows and those of every payer under it, all categories. "
    "Public finances: every public payer, all categories (transfers and taxes count).": "En "
    "aktör: dess egna direkta flöden och flödena för varje aktör under den, alla kategorier. "
    "Offentliga finanser: varje offentlig aktör, alla kategorier (transfereringar och skatter "
    "räknas).",
    "Socio-economic: every payer's resources and production; transfers are left out because "
    "they net to zero between payer and recipient.": "Samhällsekonomiskt: varje aktörs "
    "resurser och produktion; transfereringar räknas inte eftersom de tar ut varandra mellan "
    "betalare och mottagare.",
    # The calculation sheet
    "Calculation: yearly costs and benefits per scope": "Beräkning: årliga kostnader och "
    "nytta per omfång",
    "Discount factor of year t = 1 / (1 + {rate}) ^ (t + {offset}) (socinvest "
    "core/timing.py). Undiscounted SEK in the price year unless the row says otherwise.": (
        "Diskonteringsfaktor för år t = 1 / (1 + {rate}) ^ (t + {offset}) (socinvest "
        "core/timing.py). Odiskonterade kronor i prisåret om inte raden säger annat."
    ),
    "Costs: the change in intervention costs, MMULT(TRANSPOSE(the table on {scopes}), "
    "alternative's intervention costs - comparison's) on {ledger}: for each scope and year "
    "the sum of the ledger rows that count in the scope.": "Kostnader: förändringen i "
    "insatskostnader, MMULT(TRANSPONERA(tabellen på {scopes}), alternativets "
    "insatskostnader - jämförelsealternativets) på {ledger}: för varje omfång och år summan "
    "av de rader i huvudboken som räknas i omfånget.",
    "Benefits: the other flows avoided, (comparison's flows - its intervention costs) - "
    "(alternative's flows - its intervention costs). Net = benefits - costs (socinvest "
    "analysis/summary.py).": "Nytta: de övriga flöden som undviks, "
    "(jämförelsealternativets flöden - dess insatskostnader) - (alternativets flöden - dess "
    "insatskostnader). Netto = nytta - kostnader (socinvest analysis/summary.py).",
    "Cumulative: the discounted net summed over the years up to each year (MMULT with the "
    "0/1 matrix 'year <= year'). Last year with a negative cumulative: the last year in "
    "which it is below -{tolerance} SEK (0: none); the payback year is the year after it "
    "(socinvest core/metrics.py).": "Ackumulerat: det diskonterade nettot summerat över åren "
    "fram till och med varje år (MMULT med 0/1-matrisen 'år <= år'). Sista år med negativt "
    "ackumulerat netto: det sista år då det är under -{tolerance} kr (0: inget); "
    "återbetalningsåret är året efter (socinvest core/metrics.py).",
    "Year index t": "Årsindex t",
    "Calendar year": "Kalenderår",
    "Discount factor": "Diskonteringsfaktor",
    "{alternative} against {comparison}": "{alternative} jämfört med {comparison}",
    # The results sheet
    "Results: each intervention against {comparison}": "Resultat: varje insats jämfört med "
    "{comparison}",
    "SEK in {year} prices, discounted at the rate of sheet {inputs} ({name}). Costs: the "
    "change in the intervention's own costs; benefits: every other change in flows, negated "
    "(avoided costs, gained taxes and income).": "Kronor i {year} års priser, diskonterade "
    "med räntan på bladet {inputs} ({name}). Kostnader: förändringen i insatsens egna "
    "kostnader; nytta: alla andra förändringar i flöden med omvänt tecken (undvikna "
    "kostnader, vunna skatter och inkomster).",
    "NPV = PV of benefits - PV of costs. Payback year: the first year from which the "
    "cumulative discounted net stays at or above zero; {dash}: not within the period, or "
    "nothing invested (PV of costs below {threshold} SEK).": "Nettonuvärde = nyttans nuvärde "
    "- kostnadernas nuvärde. Återbetalningsår: det första år från vilket det ackumulerade "
    "diskonterade nettot förblir noll eller mer; {dash}: inte inom perioden, eller inget "
    "investerat (kostnadernas nuvärde under {threshold} kr).",
    "Every figure is a formula over the yearly rows of sheet {calculation}, which are "
    "formulas over sheets {ledger} and {scopes} (socinvest analysis/summary.py).": "Varje "
    "tal är en formel över årsraderna på bladet {calculation}, som är formler över bladen "
    "{ledger} och {scopes} (socinvest analysis/summary.py).",
    "To the horizon ({span})": "Till horisonten ({span})",
    "Term of office ({span})": "Mandatperioden ({span})",
    "socinvest workbook: {title}": "socinvest-arbetsbok: {title}",
}
