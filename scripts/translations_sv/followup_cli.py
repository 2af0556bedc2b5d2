"""Swedish for the ``followup report`` command's own messages."""

SV = {
    "Cost in SEK of following one participant and one in the comparison group for a year (an "
    "assumption unless you give your own).": "Kostnad i kronor för att följa en deltagare och en "
    "i jämförelsegruppen under ett år (ett antagande om du inte anger din egen).",
    "Draws of the decided and the updated forecast and of the EVSI (default: as decided).":
    "Dragningar för den beslutade och den uppdaterade prognosen och för EVSI (standard: som "
    "vid beslutet).",
    "Fixed cost in SEK of the next local evaluation (an assumption unless you give your own).":
    "Fast kostnad i kronor för nästa lokala utvärdering (ett antagande om du inte anger din "
    "egen).",
    "Note: the cost of the next evaluation is an assumption ({fixed} fixed, {per_year} per "
    "participant and year); give your own with --evaluation-fixed-cost and --evaluation-cost.":
    "Obs: kostnaden för nästa utvärdering är ett antagande ({fixed} fast, {per_year} per "
    "deltagare och år); ange din egen med --evaluation-fixed-cost och --evaluation-cost.",
    "The decided investment: its number or name.": "Den beslutade investeringen: dess nummer "
    "eller namn.",
    "The decision maker the follow-up is for: a payer id (kommun; a committee such as "
    "kommun.socialtjanst; region) or a perspective (public_finances, socio_economic). Default: "
    "the scope the investment was decided for.": "Beslutsfattaren som uppföljningen gäller: ett "
    "betalar-id (kommun; en nämnd som kommun.socialtjanst; region) eller ett perspektiv "
    "(public_finances, socio_economic). Standard: den som investeringen beslutades för.",
    "Years the next local evaluation would follow its participants.": "År som nästa lokala "
    "utvärdering skulle följa sina deltagare.",
    "the investment {name} has no follow-up plan yet; add one with 'socinvest followup plan "
    "{name} PLAN.yaml'": "investeringen {name} har ingen uppföljningsplan ännu; lägg till en med "
    "'socinvest followup plan {name} PLAN.yaml'",
}

SV["give either {option} FILE or --example NAME (one of {choices})"] = (
    "ange antingen {option} FIL eller --example NAMN (ett av {choices})"
)
