"""Swedish translations of ``socinvest portfolio`` (the portfolio under each payer's budget)."""

from __future__ import annotations

SV = {
    "Also the efficient frontier: the optimum against a multiplier on every budget (budget) "
    "or against the risk level alpha (risk).": "Även den effektiva fronten: optimum mot en "
    "multiplikator på varje budget (budget) eller mot risknivån alfa (risk).",
    "Budget": "Budget",
    "Budget file: payer, year and amount per row (YAML or CSV); in YAML also each candidate's "
    "maximum and minimum scale, all-or-nothing and required.": "Budgetfil: aktör, år och "
    "belopp per rad (YAML eller CSV); i YAML även varje kandidats största och minsta skala, "
    "allt eller inget och obligatorisk.",
    "Budgets used": "Utnyttjade budgetar",
    "Candidate": "Kandidat",
    "Choose interventions and their scale to maximise the expected NPV of a payer or "
    "perspective under each payer's yearly budget, the target groups' sizes and a risk limit "
    "(a mixed-integer programme). Every alternative of every scenario, against its "
    "comparison, is a candidate.": "Välj insatser och deras omfattning så att en aktörs eller "
    "ett perspektivs förväntade nettonuvärde blir så stort som möjligt inom varje aktörs "
    "årsbudget, målgruppernas storlek och en riskgräns (ett blandat heltalsprogram). Varje "
    "alternativ i varje scenario, mot dess jämförelsealternativ, är en kandidat.",
    "Chosen (share)": "Valda (andel)",
    "Draws of the uncertain parameters.": "Dragningar av de osäkra parametrarna.",
    "Each candidate at its full scale or not at all (unless the budget file says otherwise "
    "for it).": "Varje kandidat i full omfattning eller inte alls (om inte budgetfilen säger "
    "annat för den).",
    "Efficient frontier over the budget (multiplier on every budget)": "Effektiv front över "
    "budgeten (multiplikator på varje budget)",
    "Efficient frontier over the risk level alpha": "Effektiv front över risknivån alfa",
    "Expected NPV, horizon": "Förväntat nettonuvärde, horisont",
    "Expected NPV, term": "Förväntat nettonuvärde, mandatperiod",
    "Multiplier": "Multiplikator",
    "P(gain)": "P(vinst)",
    "P(gain), horizon": "P(vinst), horisont",
    "P(gain), term": "P(vinst), mandatperiod",
    "Payer id or perspective whose expected NPV to maximise (public_finances, socio_economic, "
    "kommun ...).": "Aktör (id) eller perspektiv vars förväntade nettonuvärde ska maximeras "
    "(public_finances, socio_economic, kommun ...).",
    "Portfolio: expected NPV for {scope} ({draws} draws, seed {seed})": "Portfölj: förväntat "
    "nettonuvärde för {scope} ({draws} dragningar, frö {seed})",
    "Portfolio: expected NPV {npv}, probability of a gain {p} to the horizon and {pt} within "
    "the term of office. Risk limit: {risk}.": "Portfölj: förväntat nettonuvärde {npv}, "
    "sannolikhet för vinst {p} till horisonten och {pt} inom mandatperioden. Riskgräns: {risk}.",
    "Risk limit: the mean loss in the worst --alpha share of the draws (CVaR) at most this "
    "many SEK (0: no loss on average even there).": "Riskgräns: den genomsnittliga förlusten "
    "i den sämsta andelen --alpha av dragningarna (CVaR) högst så många kronor (0: ingen "
    "förlust i genomsnitt ens där).",
    "Risk limit: the probability of a loss (NPV below 0 in the draws) at most this; with "
    "--cvar, the share of the worst draws the CVaR averages (default 0.05).": "Riskgräns: "
    "sannolikheten för förlust (nettonuvärde under 0 i dragningarna) högst detta; med --cvar "
    "den andel av de sämsta dragningarna som CVaR är medelvärdet av (standard 0.05).",
    "SEK in {year} prices. Share: of the scenario's target group; NPV linear in the scale. "
    "Probability of a gain over the draws, to the horizon and within the term of office "
    "{first}-{last}.": "Kronor i {year} års priser. Andel: av scenariots målgrupp; "
    "nettonuvärdet är linjärt i omfattningen. Sannolikhet för vinst över dragningarna, till "
    "horisonten och inom mandatperioden {first}-{last}.",
    "Scenario files (YAML); each alternative is a candidate.": "Scenariofiler (YAML); varje "
    "alternativ är en kandidat.",
    "Share used": "Andel utnyttjad",
    "Who gains from the portfolio": "Vem som vinner på portföljen",
    "expected a calendar year such as 2026, found {found}": "väntade ett kalenderår som 2026, "
    "fann {found}",
    "expected a list of budget rows (payer, year, amount)": "väntade en lista med budgetrader "
    "(payer, year, amount)",
    "expected a mapping from SCENARIO/ALTERNATIVE to settings": "väntade en avbildning från "
    "SCENARIO/ALTERNATIV till inställningar",
    "expected a mapping of scale settings, found {found}": "väntade en avbildning med "
    "inställningar för omfattningen, fann {found}",
    "expected a number of participants of at least 0, found {found}": "väntade ett antal "
    "deltagare på minst 0, fann {found}",
    "expected a payer id such as kommun, found {found}": "väntade ett aktörs-id som kommun, "
    "fann {found}",
    "expected a share between 0 and 1, found {found}": "väntade en andel mellan 0 och 1, fann "
    "{found}",
    "expected an amount in SEK of at least 0, found {found}": "väntade ett belopp i kronor på "
    "minst 0, fann {found}",
    "expected at least 1 draw": "väntade minst 1 dragning",
    "expected at least one budget row": "väntade minst en budgetrad",
    "expected payer, year and amount, found {found}": "väntade payer, year och amount, fann "
    "{found}",
    "expected the columns payer, year, amount, found {found}": "väntade kolumnerna payer, "
    "year, amount, fann {found}",
    "expected true or false, found {found}": "väntade true eller false, fann {found}",
    "give {first} or {second}, not both": "ange {first} eller {second}, inte båda",
    "mean loss in the worst {alpha} of the draws (CVaR) at most {limit}; in the draws: "
    "{found}": "genomsnittlig förlust i de sämsta {alpha} av dragningarna (CVaR) högst "
    "{limit}; i dragningarna: {found}",
    "no portfolio fits": "ingen portfölj ryms",
    "no portfolio fits: the required candidates alone cost {payer} {need} SEK in {year}, "
    "above its budget of {amount} SEK": "ingen portfölj ryms: de obligatoriska kandidaterna "
    "ensamma kostar {payer} {need} kronor år {year}, över budgeten på {amount} kronor",
    "no portfolio meets the budgets, the required candidates and the risk limit together: "
    "loosen the risk limit (--alpha, --cvar) or drop a required candidate": "ingen portfölj "
    "klarar budgetarna, de obligatoriska kandidaterna och riskgränsen på en gång: vidga "
    "riskgränsen (--alpha, --cvar) eller stryk en obligatorisk kandidat",
    "no such candidate: expected SCENARIO/ALTERNATIVE, one of {known}": "ingen sådan "
    "kandidat: väntade SCENARIO/ALTERNATIV, en av {known}",
    "none (probability of a loss in the draws: {found})": "ingen (sannolikhet för förlust i "
    "dragningarna: {found})",
    "probability of a loss at most {alpha}; in the draws: {found}": "sannolikhet för förlust "
    "högst {alpha}; i dragningarna: {found}",
    "the CVaR's tail share must be above 0, found {a}": "CVaR:s svansandel måste vara över 0, "
    "fann {a}",
    "the minimum scale {low} is above the maximum {high}": "den minsta omfattningen {low} är "
    "över den största {high}",
    "two scenarios have the id {id}": "två scenarier har id {id}",
    "unknown key {key}: expected budgets and candidates": "okänd nyckel {key}: väntade "
    "budgets och candidates",
    "unknown key {key}: expected one of {expected}": "okänd nyckel {key}: väntade en av "
    "{expected}",
    "unknown key {key}: expected payer, year and amount": "okänd nyckel {key}: väntade payer, "
    "year och amount",
    "unknown payer {payer}: expected one of the scenarios' payers ({known})": "okänd aktör "
    "{payer}: väntade en av scenariernas aktörer ({known})",
    "unknown scope {scope}: expected one of {known}": "okänt perspektiv {scope}: väntade ett "
    "av {known}",
    "{payer} has two budgets for {year} (also on line {other})": "{payer} har två budgetar "
    "för {year} (även på rad {other})",
}
SV[
    "Nothing is chosen: no candidate adds to the expected NPV within the budgets and the risk "
    "limit."
] = (
    "Inget väljs: ingen kandidat ökar det förväntade nettonuvärdet inom budgetarna och "
    "riskgränsen."
)
SV.update(
    {
        "A mixed-integer programme (scipy.optimize.milp, HiGHS) over {draws} draws of the "
        "probabilistic analysis, seed {seed}; see docs/portfolio.md.": "Ett blandat "
        "heltalsprogram (scipy.optimize.milp, HiGHS) över {draws} dragningar i den "
        "probabilistiska analysen, frö {seed}; se docs/portfolio.md.",
        "Also write the portfolio as an HTML page to this file.": "Skriv även portföljen som "
        "en HTML-sida till denna fil.",
        "Candidates": "Kandidater",
        "Expected NPV {npv}, probability of a gain {p} to the horizon and {pt} within the "
        "term of office.": "Förväntat nettonuvärde {npv}, sannolikhet för vinst {p} till "
        "horisonten och {pt} inom mandatperioden.",
        "Risk limit: {risk}.": "Riskgräns: {risk}.",
    }
)
