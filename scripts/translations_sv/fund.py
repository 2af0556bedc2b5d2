"""Swedish for social investment funds and outcome contracts (issue 14, items 2 and 4)."""

SV = {
    "A shipped Swedish fund's rules instead of --rules: gavleborg, norrkoping, "
    "norrkoping-2022, orebro or pitea.": "En medföljande svensk fonds regler i stället för "
    "--rules: gavleborg, norrkoping, norrkoping-2022, orebro eller pitea.",
    "A shipped example contract's terms instead of --terms: placements.": "Ett medföljande "
    "exempelkontrakts villkor i stället för --terms: placements.",
    "A social investment fund over the years: its balance (mean and 5-95 % band), "
    "the probability that it is depleted, and what each committee pays back and when, "
    "under the fund's repayment rule.": "En social investeringsfond över åren: dess saldo "
    "(medelvärde och 5-95 %-band), sannolikheten att den töms och vad varje nämnd betalar "
    "tillbaka och när, enligt fondens regel för återbetalning.",
    "An outcome contract (social impact bond): outcome payments with caps, the "
    "investor's cash flow, IRR and probability of a loss, and each public payer's NPV "
    "with and without the contract.": "Ett utfallskontrakt (social impact bond): "
    "utfallsbetalningar med tak, investerarens kassaflöde, internränta och sannolikhet för "
    "förlust, och varje offentlig aktörs nettonuvärde med och utan kontraktet.",
    "Allocation": "Tilldelning",
    "Closing": "Utgående",
    "Closing, 5-95 %": "Utgående, 5-95 %",
    "Discounted; in brackets the probability of a gain.": "Diskonterat; inom parentes "
    "sannolikheten för en vinst.",
    "Draws of the uncertain parameters, each a whole run of the scenario year by year "
    "(0: the deterministic run only).": "Dragningar av de osäkra parametrarna, var och en en "
    "hel körning av scenariot år för år (0: bara den deterministiska körningen).",
    "Each payer's NPV without and with the contract": "Varje aktörs nettonuvärde utan och "
    "med kontraktet",
    "Figure": "Uppgift",
    "First depleted as early as {year}.": "Tömd första gången redan {year}.",
    "Fund {name}: {rule} ({draws} draws, seed {seed})": "Fond {name}: {rule} ({draws} "
    "dragningar, frö {seed})",
    "Investor's net": "Investerarens netto",
    "Investor: IRR {median} (5-95 %: {p5} to {p95}; no IRR in {missing} of the "
    "draws); probability of a loss {loss}; NPV at {rate} {npv}.": "Investeraren: "
    "internränta {median} (5-95 %: {p5} till {p95}; ingen internränta i {missing} av "
    "dragningarna); sannolikhet för förlust {loss}; nettonuvärde vid {rate} {npv}.",
    "Largest payment in a year {year} (cap {cap_year}); largest total {total} (cap "
    "{cap_total}).": "Största betalning under ett år {year} (tak {cap_year}); största summa "
    "{total} (tak {cap_total}).",
    "Mean over the draws, SEK in whole kronor; the band is the 5th to 95th percentile. "
    "Left out: years without an allocation or a payment out whose repayment is under "
    "5 % of the largest; the last row is the horizon.": "Medelvärde över dragningarna, i "
    "hela kronor; bandet går från 5:e till 95:e percentilen. Utelämnade: år utan "
    "tilldelning eller utbetalning vars återbetalning är under 5 % av den största; sista "
    "raden är horisonten.",
    "Mean over the draws, SEK; the investor pays the costs in the contract's "
    "{years} years.": "Medelvärde över dragningarna, kronor; investeraren betalar "
    "kostnaderna under kontraktets {years} år.",
    "Net = savings - repayments - its own part of the cost (the part the fund does not "
    "pay), discounted; in brackets the probability of a gain. Term of office: the "
    "first {years} years.": "Netto = besparingar - återbetalningar - nämndens egen del av "
    "kostnaden (den del fonden inte betalar), diskonterat; inom parentes sannolikheten för "
    "en vinst. Mandatperioden: de första {years} åren.",
    "Net, term of office": "Netto, mandatperioden",
    "Net, to the horizon": "Netto, till horisonten",
    "Opening": "Ingående",
    "Outcome contract {name} ({draws} draws, seed {seed})": "Utfallskontrakt {name} "
    "({draws} dragningar, frö {seed})",
    "Outcome payments": "Utfallsbetalningar",
    "Paid out": "Utbetalt",
    "Probability that the fund is depleted (below zero at the end of some year): "
    "{p}. Paid out {paid}, paid back {back} (means); the fund gets back what it paid "
    "out in {rec} of the draws.": "Sannolikhet att fonden töms (under noll vid slutet av "
    "något år): {p}. Utbetalt {paid}, återbetalt {back} (medelvärden); fonden får tillbaka "
    "vad den betalat ut i {rec} av dragningarna.",
    "Repays in": "Betalar tillbaka",
    "Savings": "Besparingar",
    "The contract's terms (YAML; see docs/funds.md).": "Kontraktets villkor (YAML; se "
    "docs/funds.md).",
    "The fund's rules (YAML; see docs/funds.md).": "Fondens regler (YAML; se docs/funds.md).",
    "The rules' figures and their sources": "Reglernas uppgifter och deras källor",
    "What each committee saves and pays back": "Vad varje nämnd sparar och betalar tillbaka",
    "With, term of office": "Med, mandatperioden",
    "With, to the horizon": "Med, till horisonten",
    "Without, term of office": "Utan, mandatperioden",
    "Without, to the horizon": "Utan, till horisonten",
    "a share of the realised savings is paid back": "en andel av de realiserade "
    "besparingarna betalas tillbaka",
    "an investment must start between the fund's first year {first} and "
    "the scenario's last year {end}, found {found}": "en investering måste starta mellan "
    "fondens första år {first} och scenariots sista år {end}, fann {found}",
    "expected {what} (a mapping), found {found}": "väntade {what} (en avbildning), fann "
    "{found}",
    "give either --rules FILE or --example NAME (one of {choices})": "ange antingen --rules "
    "FIL eller --example NAMN (ett av {choices})",
    "give either --terms FILE or --example NAME (one of {choices})": "ange antingen --terms "
    "FIL eller --example NAMN (ett av {choices})",
    "no repayment": "ingen återbetalning",
    "no source: an assumption": "ingen källa: ett antagande",
    "primary": "primär",
    "secondary": "sekundär",
    "the budget frame is cut by the expected savings": "budgetramen minskas med de väntade "
    "besparingarna",
    "the fund's first year must be at most the scenario's last year {end}, found "
    "{found}": "fondens första år får vara högst scenariots sista år {end}, fann {found}",
    "unknown alternative {found}; expected one of {choices}": "okänt alternativ {found}; "
    "väntade ett av {choices}",
    "unknown example contract {name}; expected one of {choices}": "okänt exempelkontrakt "
    "{name}; väntade ett av {choices}",
    "unknown example fund {name}; expected one of {choices}": "okänd exempelfond {name}; "
    "väntade en av {choices}",
    "unknown payer {found}; expected one of {choices}": "okänd aktör {found}; väntade en av "
    "{choices}",
    "unknown state {found}; expected one of {choices}": "okänt tillstånd {found}; väntade "
    "ett av {choices}",
    "5-95 % of the draws": "5-95 % av dragningarna",
    "Also write the page as HTML to this file (it must end in .html).": "Skriv också sidan "
    "som HTML till denna fil (den måste sluta på .html).",
    "Balance, million SEK": "Saldo, miljoner kronor",
    "Costs and outcome payments per year": "Kostnader och utfallsbetalningar per år",
    "Investor's cumulative net, million SEK": "Investerarens ackumulerade netto, miljoner "
    "kronor",
    "Line: the mean over {draws} draws (seed {seed}); band: 5-95 % of the draws.": "Linje: "
    "medelvärdet över {draws} dragningar (frö {seed}); band: 5-95 % av dragningarna.",
    "Outcome contract: the investor pays the costs for {years} years, the public payers pay "
    "per achieved outcome": "Utfallskontrakt: investeraren betalar kostnaderna i {years} år, "
    "de offentliga aktörerna betalar per uppnått utfall",
    "Social investment fund: {rule}": "Social investeringsfond: {rule}",
    "Summary": "Sammanfattning",
    "The fund's balance at the end of each year": "Fondens saldo vid slutet av varje år",
    "The fund's book": "Fondens bokföring",
    "The investor's cumulative net over the contract": "Investerarens ackumulerade netto "
    "under kontraktet",
    "the page is HTML: the file must end in .html, found {found}": "sidan är HTML: filen "
    "måste sluta på .html, fann {found}",
    "a figure is verified only when read in a primary source: set grade: primary, or "
    "another status": "en uppgift är verifierad bara om den lästs i en primärkälla: ange "
    "grade: primary, eller en annan status",
    "give one of times_disbursed and amount": "ange ett av times_disbursed och amount",
    "each payer's share must be between 0 and 1": "varje aktörs andel måste ligga mellan 0 "
    "och 1",
    "the payers' shares must sum to 1": "aktörernas andelar måste summera till 1",
    "the rules decide their investments (investments:); leave out --alternative": "reglerna "
    "bestämmer sina investeringar (investments:); utelämna --alternative",
}
