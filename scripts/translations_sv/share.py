"""Swedish for cost sharing between payers and committees, and Finsam (issue 14, items 1, 3
and the committee page's table of item 6)."""

SV = {
    "All parties": "Alla parter",
    "Also set the fixed split of a samordningsförbund (lag 2003:1210: the state half, the "
    "region and the municipalities a quarter each) against the gains.": "Ställ också ett "
    "samordningsförbunds fasta fördelning (lag 2003:1210: staten hälften, regionen och "
    "kommunerna en fjärdedel vardera) mot vinsterna.",
    "Draws of the probabilistic analysis for the probabilities of a gain (0: deterministic "
    "only).": "Dragningar i den probabilistiska analysen för sannolikheterna för vinst (0: "
    "bara deterministiskt).",
    "Every organisation gains already: no transfer is needed.": "Alla organisationer vinner "
    "redan: ingen överföring behövs.",
    "Finsam: the law's split of a samordningsförbund's funds against the gains (cost {cost})": (
        "Finsam: lagens fördelning av ett samordningsförbunds medel mot vinsterna "
        "(kostnad {cost})"
    ),
    "Gains": "Vinster",
    "Gains (PV)": "Vinster (nuvärde)",
    "In proportion to the gains": "I proportion till vinsterna",
    "Law's share": "Lagens andel",
    "Member": "Medlem",
    "NPV after": "Nettonuvärde efter",
    "NPV, law's split": "Nettonuvärde, lagens fördelning",
    "NPV, term of office": "Nettonuvärde, mandatperioden",
    "Over-pays": "Betalar för mycket",
    "Over-pays: what the member pays under the law beyond its share of the gains (negative: it "
    "pays less than its gains warrant).": "Betalar för mycket: vad medlemmen enligt lagen "
    "betalar utöver sin andel av vinsterna (negativt: den betalar mindre än vinsterna "
    "motiverar).",
    "P(gain), horizon": "P(vinst), horisont",
    "P(gain), law's split": "P(vinst), lagens fördelning",
    "P(gain), matching split": "P(vinst), fördelning efter vinst",
    "P(gain), term": "P(vinst), mandatperiod",
    "Party": "Part",
    "Pays today": "Betalar i dag",
    "Pays today (PV)": "Betalar i dag (nuvärde)",
    "Present values in {year} prices. Term of office: the first {years} years. Gain: the "
    "party's NPV plus the intervention's cost it bears.": "Nuvärden i {year} års priser. "
    "Mandatperiod: de första {years} åren. Vinst: partens nettonuvärde plus den del av "
    "insatsens kostnad som den bär.",
    "Present values of the intervention's cost of {cost}, shared between the public "
    "organisations; each pays its share of each year's cost as it falls. Probability of a "
    "gain after the transfers, within the council term and to the horizon. Shapley share: by "
    "each organisation's contribution to what they gain together (socinvest share).": (
        "Nuvärden av insatsens kostnad på {cost}, delad mellan de offentliga "
        "organisationerna; var och en betalar sin andel av varje års kostnad när den "
        "uppstår. Sannolikhet för vinst efter överföringarna, inom mandatperioden och fram "
        "till horisonten. Shapleyandel: efter varje organisations bidrag till det de vinner "
        "tillsammans (socinvest share)."
    ),
    "Proposals for sharing an intervention's cost so that every payer gains: in proportion to "
    "the gains, the Shapley value, or the smallest transfers; between organisations or "
    "between one payer's committees, each with its NPV and probability of a gain within the "
    "term of office and to the horizon.": "Förslag till hur en insats kostnad kan delas så "
    "att varje aktör vinner: i proportion till vinsterna, Shapleyvärdet eller de minsta "
    "överföringarna; mellan organisationer eller mellan en aktörs nämnder, var och en med "
    "sitt nettonuvärde och sin sannolikhet för vinst inom mandatperioden och fram till "
    "horisonten.",
    "Proposed share": "Föreslagen andel",
    "Proposed split of the cost": "Förslag till kostnadsdelning",
    "Receives": "Får",
    "Shapley share": "Shapleyandel",
    "Shapley value": "Shapleyvärde",
    "Share between organisations (the top-level public payers) or between the committees of "
    "one payer (--parent).": "Dela mellan organisationer (de offentliga aktörerna högst upp i "
    "trädet) eller mellan en aktörs nämnder (--parent).",
    "Share of the cost": "Andel av kostnaden",
    "Share of the gains": "Andel av vinsterna",
    "Smallest transfers": "Minsta överföringar",
    "Still below zero under this split: {parties}.": "Fortfarande under noll med denna "
    "fördelning: {parties}.",
    "The municipality or municipalities": "Kommunen eller kommunerna",
    "The region": "Regionen",
    "The smallest transfers that leave every organisation at zero or better: those that gain "
    "give up the same share of their gain.": "De minsta överföringar som lämnar varje "
    "organisation på noll eller bättre: de som vinner avstår samma andel av sin vinst.",
    "The state (Försäkringskassan and Arbetsförmedlingen)": "Staten (Försäkringskassan och "
    "Arbetsförmedlingen)",
    "Which proposal: proportional, shapley, minimal or all.": "Vilket förslag: proportional, "
    "shapley, minimal eller all.",
    "Who pays and who gains: {alternative} against the comparison": "Vem betalar och vem "
    "vinner: {alternative} mot jämförelsealternativet",
    "With --between committees: the payer whose committees share the cost.": "Med --between "
    "committees: aktören vars nämnder delar kostnaden.",
    "each party pays the cost in proportion to its discounted gain (a party that loses pays "
    "nothing but is not compensated either)": "varje part betalar kostnaden i proportion till "
    "sin diskonterade vinst (en part som förlorar betalar inget men kompenseras inte heller)",
    "fewer than two parties have any flow: there is nothing to share": "färre än två parter "
    "har några flöden: det finns inget att dela",
    "no draws: deterministic only": "inga dragningar: bara deterministiskt",
    "the Shapley value (Shapley 1953) of the joint-project game: a coalition is worth what "
    "its own gains exceed the whole cost by, or nothing": "Shapleyvärdet (Shapley 1953) i "
    "spelet om ett gemensamt projekt: en koalition är värd det som dess egna vinster "
    "överstiger hela kostnaden med, eller inget",
    "the members of the samordningsförbund together do not gain from {alternative}: no split "
    "matches the gains": "samordningsförbundets medlemmar vinner tillsammans inget på "
    "{alternative}: ingen fördelning motsvarar vinsterna",
    "the parties together lose {amount} SEK in present value: no split of the cost can leave "
    "every party at zero or better": "parterna förlorar tillsammans {amount} kr i nuvärde: "
    "ingen fördelning av kostnaden kan lämna varje part på noll eller bättre",
    "the smallest transfers (a linear programme) that bring every party to zero or better, "
    "those that gain giving up the same share of their gain": "de minsta överföringarna (ett "
    "linjärt program) som för varje part till noll eller bättre, där de som vinner avstår "
    "samma andel av sin vinst",
    "unknown alternative {found}; expected one of: {expected}": "okänt alternativ {found}; "
    "väntade ett av: {expected}",
    "unknown choice {found}; expected one of: {expected}": "okänt val {found}; väntade ett av: "
    "{expected}",
    "unknown method {found}; expected one of: {expected}": "okänd metod {found}; väntade en "
    "av: {expected}",
    "unknown payer {found}; expected one of: {expected}": "okänd aktör {found}; väntade en "
    "av: {expected}",
    "{draws} draws, seed {seed}": "{draws} dragningar, frö {seed}",
    "{parent} has no committee with any flow in this scenario": "{parent} har ingen nämnd med "
    "några flöden i detta scenario",
    "{n} parties are too many for an exact Shapley value (at most {most}): group the "
    "committees under fewer nodes": "{n} parter är för många för ett exakt Shapleyvärde "
    "(högst {most}): samla nämnderna under färre noder",
    "Gains, 90 % of the draws": "Vinster, 90 % av dragningarna",
}
