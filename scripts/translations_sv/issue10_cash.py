"""Swedish for cash against capacity, optimism bias and the marginal cost of public funds
(issue 10, item 7)."""

SV = {
    "Capacity, all flows": "Kapacitet, alla flöden",
    "Capacity, intervention costs": "Kapacitet, insatsens kostnader",
    "Cash and capacity": "Likvida medel och kapacitet",
    "Cash only: the flows of cost lines marked 'frees: capacity' (staff time in teams that "
    "remain) are left out; the socio-economic figures are not a budget and are not shown.": (
        "Endast likvida medel: flödena från kostnadsrader märkta 'frees: capacity' (personalens "
        "tid i verksamheter som finns kvar) är borttagna; de samhällsekonomiska siffrorna är "
        "ingen budget och visas inte."
    ),
    "Marginal cost of public funds": "Marginalkostnad för offentliga medel",
    "NPV, of which cash": "Nettonuvärde, varav likvida medel",
    "Of which cash: the NPV without the cost lines marked 'frees: capacity' (staff time in "
    "teams that remain).": (
        "Varav likvida medel: nettonuvärdet utan kostnadsraderna märkta 'frees: capacity' "
        "(personalens tid i verksamheter som finns kvar)."
    ),
    "Optimism bias": "Optimismjustering",
    "Show the budget view of cash alone: the flows of cost lines marked 'frees: capacity' "
    "(staff time in teams that remain) are left out.": (
        "Visa budgetperspektivet för enbart likvida medel: flödena från kostnadsrader märkta "
        "'frees: capacity' (personalens tid i verksamheter som finns kvar) tas bort."
    ),
    "Socio-economic with the marginal cost of public funds": (
        "Samhällsekonomiskt med marginalkostnaden för offentliga medel"
    ),
    "Then the capacity parts of both (the cost lines marked 'frees: capacity', staff time in "
    "teams that remain); cash is the flows less their capacity.": (
        "Därefter kapacitetsdelen av båda (kostnadsraderna märkta 'frees: capacity', "
        "personalens tid i verksamheter som finns kvar); likvida medel är flödena minus "
        "kapacitetsdelen."
    ),
    "an assumption, without a source": "ett antagande, utan källa",
    "analysis.optimism_bias.{part} has no fraction for confidence grade {grade}; listed "
    "grades: {grades}": (
        "analysis.optimism_bias.{part} har ingen andel för konfidensgrad {grade}; angivna "
        "grader: {grades}"
    ),
    "analysis.optimism_bias.{part} is given by confidence grade; expected confidence: "
    "{{{part}: 1-5}} on intervention {name}, found none": (
        "analysis.optimism_bias.{part} anges per konfidensgrad; förväntade confidence: "
        "{{{part}: 1-5}} på insatsen {name}, fann ingen"
    ),
    "capacity": "kapacitet",
    "cash": "likvida medel",
    "cash only": "endast likvida medel",
    "costs raised": "kostnaderna höjda",
    "effects lowered": "effekterna sänkta",
    "grade {grade}: {fraction}": "grad {grade}: {fraction}",
    "shown as its own perspective beside the socio-economic one, not in it": (
        "visas som ett eget perspektiv bredvid det samhällsekonomiska, inte i det"
    ),
    "the adjustment id {name} is reserved for analysis.optimism_bias; give this adjustment "
    "another id": (
        "justeringens id {name} är reserverat för analysis.optimism_bias; ge justeringen ett "
        "annat id"
    ),
    "{n} cost lines free capacity (staff time in teams that remain), the others cash; the "
    "payers' table shows the NPV of cash alone (Greater Manchester's cashable and "
    "non-cashable benefits)": (
        "{n} kostnadsrader frigör kapacitet (personalens tid i verksamheter som finns kvar), "
        "övriga likvida medel; aktörstabellen visar nettonuvärdet för enbart likvida medel "
        "(Greater Manchesters likviditetspåverkande och icke likviditetspåverkande nyttor)"
    ),
}
