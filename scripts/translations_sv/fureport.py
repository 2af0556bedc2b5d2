"""Swedish for the follow-up report of a decided investment (issue 13 item 5): plan mot
utfall, the updated forecast, EVSI, the audit trail, and ``followup report``."""

SV = {
    "95% interval": "95 %-intervall",
    "95% interval {interval}": "95 %-intervall {interval}",
    "A deviation larger than the plan's tolerance in the unfavourable direction (fewer children "
    "reached, a higher cost, an indicator moving the wrong way), or a figure that was planned "
    "but not recorded. Marked {flag} in the tables and charts.": (
        "En avvikelse som är större än planens tolerans åt det ogynnsamma hållet (färre barn "
        "nådda, högre kostnad, en indikator som rör sig åt fel håll), eller en siffra som "
        "planerades men inte rapporterades. Markeras {flag} i tabeller och diagram."
    ),
    "A period with a payer's cost not recorded shows the plan only.": (
        "En period där någon aktörs kostnad inte har rapporterats visar bara planen."
    ),
    "Action": "Åtgärd",
    "Actual": "Utfall",
    "After": "Efter",
    "Audit": "Ändringslogg",
    "Audit trail": "Ändringslogg",
    "Before": "Före",
    "Change": "Ändring",
    "Change in NPV": "Förändring av nettonuvärdet",
    "Change in NPV (updated - decided)": "Förändring av nettonuvärdet (uppdaterad - beslutad)",
    "Children followed": "Barn som följs",
    "Children measured": "Mätta barn",
    "Children, comparison": "Barn, jämförelsegrupp",
    "Children, intervention": "Barn, insats",
    "Cost of all payers, planned and actual": "Alla aktörers kostnad, plan och utfall",
    "Cost, {payer}": "Kostnad, {payer}",
    "Database URL (default: a SQLite file in your data folder); postgresql+psycopg://... for "
    "a shared database.": (
        "Databasens URL (standard: en SQLite-fil i din datamapp); postgresql+psycopg://... "
        "för en gemensam databas."
    ),
    "Decided": "Beslutad",
    "Decided NPV": "Beslutat nettonuvärde",
    "Decided, 2.5%": "Beslutad, 2,5 %",
    "Decided, 97.5%": "Beslutad, 97,5 %",
    "Decided, probability of a gain": "Beslutad, sannolikhet för vinst",
    "Deviation": "Avvikelse",
    "Deviation (actual - planned)": "Avvikelse (utfall - plan)",
    "Deviation = actual - planned; relative = deviation / planned. Flagged: beyond the plan's "
    "tolerance in the unfavourable direction, or planned but not recorded.": (
        "Avvikelse = utfall - plan; relativ = avvikelse / plan. Flaggad: utanför planens "
        "tolerans åt det ogynnsamma hållet, eller planerad men inte rapporterad."
    ),
    "Deviation: actual minus planned. Rows marked {flag} are flagged: beyond the plan's "
    "tolerance in the unfavourable direction, or planned but not recorded.": (
        "Avvikelse: utfall minus plan. Rader märkta {flag} är flaggade: utanför planens "
        "tolerans åt det ogynnsamma hållet, eller planerade men inte rapporterade."
    ),
    "Draws of the updated forecast and of the EVSI.": (
        "Antal dragningar för den uppdaterade prognosen och för EVSI."
    ),
    "EVPI per person": "EVPI per person",
    "EVPI, population": "EVPI, befolkningen",
    "EVSI": "EVSI",
    "EVSI (expected value of sample information)": (
        "EVSI (förväntat värde av ytterligare information)"
    ),
    "EVSI by {method}, for {payer}. Net benefit = EVSI for the population - cost.": (
        "EVSI med {method}, för {payer}. Nettonytta = EVSI för befolkningen - kostnad."
    ),
    "EVSI per person": "EVSI per person",
    "EVSI, population": "EVSI, befolkningen",
    "Each effect is updated by Bayes' rule with the study's estimate as the prior: a "
    "proportion against the comparison group's by a beta-binomial update, an odds ratio or "
    "relative risk by a normal update of its logarithm. The scenario is then run again with "
    "the updated effects. The value of the next evaluation is estimated by regression on the "
    "draws of the probabilistic analysis.": (
        "Varje effekt uppdateras med Bayes sats med studiens skattning som förhandsfördelning: "
        "en andel mot jämförelsegruppens med en beta-binomial uppdatering, en oddskvot eller "
        "relativ risk med en normal uppdatering av dess logaritm. Scenariot räknas sedan om "
        "med de uppdaterade effekterna. Värdet av nästa utvärdering skattas med regression på "
        "dragningarna i den probabilistiska analysen."
    ),
    "Effect in the scenario": "Effekt i scenariot",
    "Effects": "Effekter",
    "Entity": "Objekt",
    "Events, comparison": "Händelser, jämförelsegrupp",
    "Events, intervention": "Händelser, insats",
    "Every change to the investment's data in the database: who made it, when, what changed, "
    "and the values before and after.": (
        "Varje ändring av investeringens uppgifter i databasen: vem som gjorde den, när, vad "
        "som ändrades, och värdena före och efter."
    ),
    "Every change to the investment's data, oldest first.": (
        "Varje ändring av investeringens uppgifter, äldst först."
    ),
    "Expected net benefit of sampling": "Förväntad nettonytta av utvärderingen",
    "Filled bars: actual; pale bars: planned; {flag}: flagged.": (
        "Fyllda staplar: utfall; bleka staplar: plan; {flag}: flaggad."
    ),
    "Flagged": "Flaggad",
    "Flagged deviation": "Flaggad avvikelse",
    "Flagged deviations": "Flaggade avvikelser",
    "Follow-up for {payer}": "Uppföljning för {payer}",
    "Follow-up of {investment}": "Uppföljning av {investment}",
    "Following {n} more children for {years} more years is worth {value} for the {population} "
    "persons affected and costs {cost}: an expected net benefit of {enbs}. No other size tried "
    "is worth more.": (
        "Att följa {n} barn till i {years} år till är värt {value} för de {population} "
        "personer som berörs och kostar {cost}: en förväntad nettonytta på {enbs}. Ingen annan "
        "prövad storlek är värd mer."
    ),
    "Forecast": "Prognos",
    "How much more or less common an outcome is with the intervention than without it. 1 "
    "means no difference; 0.80 means a fifth less common. A 95% interval gives the range "
    "within which the true ratio lies with 95% probability.": (
        "Hur mycket vanligare eller ovanligare ett utfall är med insatsen än utan den. 1 "
        "betyder ingen skillnad; 0,80 betyder en femtedel ovanligare. Ett 95 %-intervall anger "
        "det spann inom vilket den sanna kvoten ligger med 95 % sannolikhet."
    ),
    "Id": "Id",
    "Indicator": "Indikator",
    "Item": "Post",
    "Item id": "Postens id",
    "Local data": "Lokala data",
    "Local data: children with the outcome / children followed, with the intervention against "
    "the comparison group.": (
        "Lokala data: barn med utfallet / barn som följts, med insatsen mot jämförelsegruppen."
    ),
    "Local estimate": "Lokal skattning",
    "Local ratio": "Lokal kvot",
    "Local, 2.5%": "Lokal, 2,5 %",
    "Local, 97.5%": "Lokal, 97,5 %",
    "Local, SE": "Lokal, medelfel",
    "Local, log mean": "Lokal, log-medelvärde",
    "Locally {ei} of {ni} children with the intervention and {ec} of {nc} in the comparison "
    "group had the outcome: a {scale} of {local}.": (
        "Lokalt hade {ei} av {ni} barn med insatsen och {ec} av {nc} i jämförelsegruppen "
        "utfallet: en {scale} på {local}."
    ),
    "Made with socinvest, open decision support for social investments.": (
        "Gjord med socinvest, öppet beslutsstöd för sociala investeringar."
    ),
    "Mean": "Medelvärde",
    "Measure": "Mått",
    "Methods": "Metoder",
    "NPV: net present value, the mean over the draws. The highlighted row is the decision "
    "maker's.": (
        "Nettonuvärde: medelvärdet över dragningarna. Den markerade raden är beslutsfattarens."
    ),
    "Net benefit": "Nettonytta",
    "Net benefit (EVSI - cost)": "Nettonytta (EVSI - kostnad)",
    "Net present value for {payer}, decided": "Nettonuvärde för {payer}, beslutat",
    "Net present value for {payer}, updated": "Nettonuvärde för {payer}, uppdaterat",
    "Net present value, decided and updated": "Nettonuvärde, beslutat och uppdaterat",
    "Net present value, million kronor": "Nettonuvärde, miljoner kronor",
    "No EVSI was computed for this follow-up.": "Inget EVSI beräknades för denna uppföljning.",
    "No changes are recorded.": "Inga ändringar är registrerade.",
    "No size of further evaluation tried pays for itself: at best it is worth {value} and "
    "costs {cost}. The decision can rest on what is known now.": (
        "Ingen prövad storlek på fortsatt utvärdering betalar sig: i bästa fall är den värd "
        "{value} och kostar {cost}. Beslutet kan vila på det som är känt nu."
    ),
    "Odds ratio and relative risk": "Oddskvot och relativ risk",
    "Optimal size (children followed)": "Bästa storlek (barn som följs)",
    "Participants": "Deltagare",
    "Participants reached": "Nådda deltagare",
    "Participants reached, planned and actual": "Nådda deltagare, plan och utfall",
    "Payer or perspective": "Aktör eller perspektiv",
    "Persons affected (population)": "Berörda personer (befolkningen)",
    "Plan against actual": "Plan mot utfall",
    "Plan against actual, the forecast updated with local data, and what the next evaluation "
    "is worth": (
        "Plan mot utfall, prognosen uppdaterad med lokala data, och vad nästa utvärdering är "
        "värd"
    ),
    "Plan vs actual": "Plan mot utfall",
    "Planned": "Plan",
    "Point: mean; line: 95% interval; circle: decided, diamond: updated.": (
        "Punkt: medelvärde; linje: 95 %-intervall; cirkel: beslutad, romb: uppdaterad."
    ),
    "Posterior ratio": "Uppdaterad kvot",
    "Posterior, 2.5%": "Uppdaterad, 2,5 %",
    "Posterior, 97.5%": "Uppdaterad, 97,5 %",
    "Posterior, SD": "Uppdaterad, standardavvikelse",
    "Posterior, log mean": "Uppdaterad, log-medelvärde",
    "Present values in the scenario's price year; 95% intervals and probabilities over "
    "{draws} draws (seed {seed}).": (
        "Nuvärden i scenariots prisår; 95 %-intervall och sannolikheter över {draws} "
        "dragningar (frö {seed})."
    ),
    "Prior ratio": "Studiens kvot",
    "Prior, 2.5%": "Studien, 2,5 %",
    "Prior, 97.5%": "Studien, 97,5 %",
    "Prior, SD": "Studien, standardavvikelse",
    "Prior, local estimate and posterior": (
        "Förhandsfördelning, lokal skattning och uppdaterad fördelning"
    ),
    "Prior, log mean": "Studien, log-medelvärde",
    "Ratio = EXP(log mean); 95% interval = EXP(log mean ± {z} × SD).": (
        "Kvot = EXP(log-medelvärde); 95 %-intervall = EXP(log-medelvärde ± {z} × "
        "standardavvikelse)."
    ),
    "Ratios with their 95% intervals; below 1 the outcome is less common with the "
    "intervention than without it.": (
        "Kvoter med 95 %-intervall; under 1 är utfallet ovanligare med insatsen än utan den."
    ),
    "Relative": "Relativ",
    "Relative deviation": "Relativ avvikelse",
    "Solid: EVSI for the population; dashed: cost; dotted: net benefit.": (
        "Heldragen: EVSI för befolkningen; streckad: kostnad; prickad: nettonytta."
    ),
    "Study (prior)": "Studien (före)",
    "The EVSI for everyone affected minus what the evaluation costs. The size of the "
    "evaluation at which it is largest is the one most worth doing; when it is below zero at "
    "every size, further evaluation does not pay for itself.": (
        "EVSI för alla som berörs minus vad utvärderingen kostar. Den storlek där den är störst "
        "är den som är mest värd att göra; är den under noll för alla storlekar betalar sig "
        "fortsatt utvärdering inte."
    ),
    "The case no longer holds for {payer}: the updated forecast of the net present value is "
    "{updated} with a probability of a gain of {p_updated}, against {decided} and {p_decided} "
    "when it was decided.": (
        "Kalkylen håller inte längre för {payer}: den uppdaterade prognosen för nettonuvärdet "
        "är {updated} med en sannolikhet för vinst på {p_updated}, mot {decided} och "
        "{p_decided} när den beslutades."
    ),
    "The case still holds for {payer}: the updated forecast of the net present value is "
    "{updated} with a probability of a gain of {p_updated}, against {decided} and {p_decided} "
    "when it was decided.": (
        "Kalkylen håller fortfarande för {payer}: den uppdaterade prognosen för nettonuvärdet "
        "är {updated} med en sannolikhet för vinst på {p_updated}, mot {decided} och "
        "{p_decided} när den beslutades."
    ),
    "The ceiling, the value of perfect information, is {per_person} per person and {total} "
    "for the population; computed for {payer} by {method}.": (
        "Taket, värdet av fullständig information, är {per_person} per person och {total} för "
        "befolkningen; beräknat för {payer} med {method}."
    ),
    "The decided investment's id.": "Den beslutade investeringens id.",
    "The decision maker the follow-up is for: a payer id (kommun, the default; a committee "
    "such as kommun.socialtjanst; region) or a perspective (public_finances, "
    "socio_economic).": (
        "Beslutsfattaren som uppföljningen gäller: en aktörs id (kommun, standard; en nämnd "
        "som kommun.socialtjanst; region) eller ett perspektiv (public_finances, "
        "socio_economic)."
    ),
    "The effects updated with local data": "Effekterna uppdaterade med lokala data",
    "The forecast: decided and updated": "Prognosen: beslutad och uppdaterad",
    "The local data support the effect the decision counted on.": (
        "De lokala data stöder den effekt som beslutet räknade med."
    ),
    "The local data weaken the effect the decision counted on.": (
        "De lokala data försvagar den effekt som beslutet räknade med."
    ),
    "The next evaluation:": "Nästa utvärdering:",
    "The prior is the effect the decision was based on, from the study, with its "
    "uncertainty. The local estimate comes from the children followed here. The posterior "
    "combines the two by Bayes' rule: the more local children, the more weight the local "
    "estimate gets.": (
        "Förhandsfördelningen är den effekt som beslutet byggde på, från studien, med dess "
        "osäkerhet. Den lokala skattningen kommer från barnen som följts här. Den uppdaterade "
        "fördelningen väger samman de två med Bayes sats: ju fler lokala barn, desto större "
        "vikt får den lokala skattningen."
    ),
    "The scenario run again with the updated effects: the net present value and the "
    "probability of a gain as they look now, beside those of the decision.": (
        "Scenariot omräknat med de uppdaterade effekterna: nettonuvärdet och sannolikheten för "
        "vinst som de ser ut nu, bredvid dem i beslutet."
    ),
    "There are no local data yet, so the updated effect is the study's.": (
        "Det finns inga lokala data ännu, så den uppdaterade effekten är studiens."
    ),
    "There is no forecast for {payer} in this follow-up.": (
        "Det finns ingen prognos för {payer} i denna uppföljning."
    ),
    "Together: {posterior}.": "Tillsammans: {posterior}.",
    "Tolerance: {tolerance}.": "Tolerans: {tolerance}.",
    "Updated": "Uppdaterad",
    "Updated (posterior)": "Uppdaterad (efter)",
    "Updated NPV": "Uppdaterat nettonuvärde",
    "Updated forecast": "Uppdaterad prognos",
    "Updated, 2.5%": "Uppdaterad, 2,5 %",
    "Updated, 97.5%": "Uppdaterad, 97,5 %",
    "Updated, probability of a gain": "Uppdaterad, sannolikhet för vinst",
    "Value and cost of following more children": "Värde och kostnad av att följa fler barn",
    "What": "Vad",
    "What following more children for more years is expected to be worth: how much better "
    "the decision can be made on average once their results are known. It is never more than "
    "the EVPI, the value of knowing everything.": (
        "Vad det förväntas vara värt att följa fler barn i fler år: hur mycket bättre beslutet "
        "i genomsnitt kan fattas när deras resultat är kända. Det är aldrig mer än EVPI, "
        "värdet av att veta allt."
    ),
    "What the decision planned for each period (children reached, cost per payer, the "
    "indicators) beside what was recorded. The deviation is the actual minus the planned "
    "value; the relative deviation divides it by the planned value.": (
        "Vad beslutet planerade för varje period (nådda barn, kostnad per aktör, "
        "indikatorerna) bredvid det som rapporterades. Avvikelsen är utfallet minus planen; "
        "den relativa avvikelsen delar den med planen."
    ),
    "What the next evaluation is worth": "Vad nästa utvärdering är värd",
    "When (UTC)": "När (UTC)",
    "Who": "Vem",
    "Words and methods": "Ord och metoder",
    "Write the follow-up report of a decided investment for the committee: plan against "
    "actual, the forecast updated with local data beside the decided one, what the next "
    "evaluation is worth, and the audit trail (.html, .pdf or .xlsx).": (
        "Skriv uppföljningsrapporten för en beslutad investering till nämnden: plan mot "
        "utfall, prognosen uppdaterad med lokala data bredvid den beslutade, vad nästa "
        "utvärdering är värd, och ändringsloggen (.html, .pdf eller .xlsx)."
    ),
    "Years": "År",
    "beta-binomial update of the proportions": "beta-binomial uppdatering av andelarna",
    "beyond the plan's tolerance, or not recorded": (
        "utanför planens tolerans, eller inte rapporterade"
    ),
    "changed": "ändrad",
    "created": "skapad",
    "decided": "beslutad",
    "decided → updated": "beslutad → uppdaterad",
    "deleted": "borttagen",
    "deviation": "avvikelse",
    "follow-up plan": "uppföljningsplan",
    "imported": "importerad",
    "investment": "investering",
    "million kronor": "miljoner kronor",
    "no field changed": "inget fält ändrat",
    "normal update of the log ratio": "normal uppdatering av logaritmen av kvoten",
    "not recorded": "inte rapporterad",
    "observation": "observation",
    "observations": "observationer",
    "odds ratio": "oddskvot",
    "relative risk": "relativ risk",
    "optimal": "bäst",
    "optimal: {n}": "bäst: {n}",
    "organisation": "organisation",
    "parameter overrides": "lokala parametervärden",
    "planned": "planerad",
    "recorded": "rapporterad",
    "regression on the draws (Strong et al. 2015)": (
        "regression på dragningarna (Strong m.fl. 2015)"
    ),
    "restored": "återställd",
    "run": "körning",
    "saved": "sparad",
    "scenario": "scenario",
    "scenario version": "scenarioversion",
    "thousand kronor": "tusen kronor",
    "within plan": "inom plan",
    "{ei}/{ni} against {ec}/{nc}": "{ei}/{ni} mot {ec}/{nc}",
    "{flagged} of {all}": "{flagged} av {all}",
    "{indicator}: the study's {scale} was {prior}.": "{indicator}: studiens {scale} var {prior}.",
    "{intervention}, effect {number}": "{intervention}, effekt {number}",
    "{n} more": "{n} till",
    "{points} pp": "{points} procentenheter",
    "Period": "Period",
    "Value": "Värde",
    "Cost": "Kostnad",
}
