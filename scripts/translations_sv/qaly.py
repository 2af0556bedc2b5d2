"""Swedish for the cost-effectiveness figures: QALYs, exclusion avoided, ICERs, welfare."""

SV = {
    "Cost-effectiveness": "Kostnadseffektivitet",
    "Cost-effectiveness (difference from {comparison})": (
        "Kostnadseffektivitet (skillnad mot {comparison})"
    ),
    "Efficiency frontier, {perspective}, {effect}: {frontier}": (
        "Effektivitetsfronten, {perspective}, {effect}: {frontier}"
    ),
    "Mean over {draws} draws {mean}; positive in {p} of the draws.": (
        "Medelvärde över {draws} dragningar {mean}; positivt i {p} av dragningarna."
    ),
    "Net cost": "Nettokostnad",
    "Net cost: present value of the costs minus every saving, in the perspective. QALYs and "
    "person-years are discounted at the outcome discount rate.": (
        "Nettokostnad: nuvärdet av kostnaderna minus alla besparingar, i perspektivet. QALY och "
        "personår diskonteras med diskonteringsräntan för utfall."
    ),
    "Per QALY": "Per QALY",
    "Per person-year avoided": "Per undvikt personår",
    "Person-years avoided, {group}": "Undvikta personår, {group}",
    "Perspective": "Perspektiv",
    "QALYs gained": "Vunna QALY",
    "QALYs gained (quality-adjusted life years)": "vunna QALY (kvalitetsjusterade levnadsår)",
    "a value per QALY needs quality weights: add model.quality_weights": (
        "ett värde per QALY kräver livskvalitetsvikter: lägg till model.quality_weights"
    ),
    "an assumption": "ett antagande",
    "dominant (gains and saves)": "dominant (vinner och sparar)",
    "dominated (loses and costs)": "dominerad (förlorar och kostar)",
    "expected a quality weight from {low} to {high} (1 full health, 0 as bad as dead), "
    "found {value}": (
        "förväntade en livskvalitetsvikt från {low} till {high} (1 full hälsa, 0 lika illa som "
        "död), fann {value}"
    ),
    "net cost {amount} (socio-economic)": "nettokostnad {amount} (samhällsekonomiskt)",
    "no quality weight for state(s) {states}; every state that is not absorbing needs one (an "
    "absorbing state left out, such as 'dead', weighs 0)": (
        "ingen livskvalitetsvikt för tillstånd {states}; varje tillstånd som inte är absorberande "
        "behöver en (ett utelämnat absorberande tillstånd, som 'dead', väger 0)"
    ),
    "person-years of {group} avoided": "undvikta personår i {group}",
    "saves {amount} per unit lost": "sparar {amount} per förlorad enhet",
    "{alternative} (ICER {icer} against {reference})": (
        "{alternative} (ICER {icer} mot {reference})"
    ),
    "{alternative} is dominated by {other}": "{alternative} domineras av {other}",
    "{alternative} is extendedly dominated (through {other})": (
        "{alternative} är utvidgat dominerat (genom {other})"
    ),
    "{alternative}, mean over {draws} draws: {figures}.": (
        "{alternative}, medelvärde över {draws} dragningar: {figures}."
    ),
    "{alternative}: welfare {welfare} (socio-economic NPV plus {value} per QALY gained; value "
    "per QALY: {basis}).": (
        "{alternative}: välfärd {welfare} (samhällsekonomiskt nettonuvärde plus {value} per "
        "vunnen QALY; värde per QALY: {basis})."
    ),
    "{n} QALYs gained": "{n} vunna QALY",
    "{n} person-years of {group} avoided": "{n} undvikta personår i {group}",
}
