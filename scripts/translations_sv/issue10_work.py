"""Swedish for the cohort view's value of work, its two totals and the split against Luleå
(issue 10, items 2 and 5)."""

SV = {
    "Justice system": "Rättsväsendet",
    "Luleå": "Luleå",
    "Municipality": "Kommunen",
    "Others": "Övriga",
    "Production loss per person-year in exclusion: what the same person would produce at "
    "their education level ({level}): {rate} employment x {value} for a year in work (wage x "
    "hours + employer's contributions).": (
        "Produktionsbortfall per personår i utanförskap: vad samma person skulle producera på "
        "sin utbildningsnivå ({level}): {rate} sysselsättning x {value} för ett år i arbete "
        "(lön x arbetstid + arbetsgivaravgifter)."
    ),
    "Public Employment Service": "Arbetsförmedlingen",
    "Region": "Regionen",
    "Socio-economic cost (real resources plus production loss; transfers net out)": (
        "Samhällsekonomisk kostnad (reala resurser plus produktionsbortfall; transfereringar "
        "tar ut varandra)"
    ),
    "Split of the welfare costs by payer, compared with Luleå's cohort": (
        "Välfärdskostnadernas fördelning på aktörer, jämfört med Luleås årskull"
    ),
    "Swedish Social Insurance Agency": "Försäkringskassan",
    "This cohort": "Denna årskull",
    "Welfare costs (transfers included)": "Välfärdskostnader (inklusive transfereringar)",
    "Welfare costs plus production loss (as Nilsson and Wadeskog count)": (
        "Välfärdskostnader plus produktionsbortfall (som Nilsson och Wadeskog räknar)"
    ),
    "no upper-secondary diploma": "utan gymnasieexamen",
    "of which transfers": "varav transfereringar",
    "post-secondary": "eftergymnasial",
    "upper secondary": "gymnasial",
    "typfall: excluded 20-64 (welfare costs)": "typfall: utanförskap 20-64 år (välfärdskostnader)",
    "typfall: excluded 20-64 (real resources and production loss; transfers net out)": (
        "typfall: utanförskap 20-64 år (reala resurser och produktionsbortfall; "
        "transfereringar tar ut varandra)"
    ),
}
