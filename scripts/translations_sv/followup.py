"""Swedish for the follow-up analysis: plan against actual, Bayes' rule, the re-forecast and
what the next evaluation is worth (issue 13, items 2 and 3)."""

SV = {
    "The case no longer holds for {scope}: with the local results the expected net present "
    "value is {updated} (decided: {decided}), and the probability of a gain {p_updated} "
    "(decided: {p_decided}).": "Kalkylen håller inte längre för {scope}: med de lokala "
    "resultaten är det väntade nettonuvärdet {updated} (vid beslutet: {decided}) och "
    "sannolikheten för en vinst {p_updated} (vid beslutet: {p_decided}).",
    "The case still holds for {scope}: with the local results the expected net present value "
    "is {updated} (decided: {decided}), and the probability of a gain {p_updated} (decided: "
    "{p_decided}).": "Kalkylen håller fortfarande för {scope}: med de lokala resultaten är det "
    "väntade nettonuvärdet {updated} (vid beslutet: {decided}) och sannolikheten för en vinst "
    "{p_updated} (vid beslutet: {p_decided}).",
    "line {line}: expected 0 <= events <= n for the indicator {indicator}, found {events} "
    "events of {n}": "rad {line}: för indikatorn {indicator} väntades 0 <= händelser <= n, "
    "fann {events} händelser av {n}",
    "line {line}: the observation is of the indicator {indicator}, which the plan does not "
    "have; expected one of: {known}": "rad {line}: observationen gäller indikatorn "
    "{indicator}, som inte finns i planen; väntade en av: {known}",
    "the baseline proportion must lie strictly between 0 and 1, found {value}": "andelen i "
    "jämförelsegruppen måste ligga strikt mellan 0 och 1, fann {value}",
    "the costs of the evaluation must not be negative, found {cost}": "utvärderingens "
    "kostnader får inte vara negativa, fann {cost}",
    "the indicator {indicator} informs an effect but is {kind}; only a proportion (events of "
    "n in each group) can update an effect": "indikatorn {indicator} är kopplad till en "
    "effekt men är {kind}; bara en andel (händelser av n i varje grupp) kan uppdatera en "
    "effekt",
    "a count": "ett antal",
    "an amount": "ett belopp",
    "the indicator {indicator} informs effect {index} of {intervention}, which has {count} "
    "effects (counted from 0)": "indikatorn {indicator} är kopplad till effekt {index} i "
    "{intervention}, som har {count} effekter (räknat från 0)",
    "the indicator {indicator} informs the intervention {intervention}, which the scenario "
    "does not have; expected one of: {known}": "indikatorn {indicator} är kopplad till "
    "insatsen {intervention}, som inte finns i scenariot; väntade en av: {known}",
    "the indicator {indicator} is not linked to an effect in the plan; linked indicators: "
    "{known}": "indikatorn {indicator} är inte kopplad till någon effekt i planen; kopplade "
    "indikatorer: {known}",
    "the population needs persons per year and years of at least 0, found {persons} and "
    "{years}": "populationen behöver personer per år och år på minst 0, fann {persons} och "
    "{years}",
    "the posterior of effect {index} of {intervention} cannot be written as a ratio (log "
    "ratio {mean}, multiplier {multiplier})": "den uppdaterade effekten {index} i "
    "{intervention} kan inte skrivas som en kvot (logaritmerad kvot {mean}, multiplikator "
    "{multiplier})",
    "the scenario has several alternatives ({known}) and the plan links no effect to one; "
    "name the decided alternative": "scenariot har flera alternativ ({known}) och planen "
    "kopplar ingen effekt till något av dem; ange det beslutade alternativet",
    "the study sizes must be whole numbers of at least 1, found {sizes}": "studiestorlekarna "
    "måste vara heltal på minst 1, fann {sizes}",
    "the years of follow-up must be at least 1, found {years}": "uppföljningsåren måste vara "
    "minst 1, fann {years}",
    "unknown alternative {alternative}; expected one of: {known} (not the comparison "
    "alternative)": "okänt alternativ {alternative}; väntade ett av: {known} (inte "
    "jämförelsealternativet)",
    "unknown scope {scope}; expected one of: {known}": "okänd aktör eller perspektiv {scope}; "
    "väntade en av: {known}",
    "what the next evaluation is worth needs an indicator linked to an effect of the "
    "scenario; the plan has none": "värdet av nästa utvärdering kräver en indikator som är "
    "kopplad till en effekt i scenariot; planen har ingen",
    "what the next evaluation is worth needs at least 2 draws, found {draws}": "värdet av "
    "nästa utvärdering kräver minst 2 dragningar, fann {draws}",
    "what the next evaluation is worth needs the comparison group's proportion of "
    "{indicator}: observe the comparison group or give the baseline": "värdet av nästa "
    "utvärdering kräver jämförelsegruppens andel för {indicator}: följ upp "
    "jämförelsegruppen eller ange andelen",
}
