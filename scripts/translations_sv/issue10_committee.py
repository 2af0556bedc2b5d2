"""Swedish for the committee page's sentences on payers that pay nothing (issue 10)."""

SV = {
    "{payer} {amount} ({npv})": "{payer} {amount} ({npv})",
    "Paying nothing for the intervention, these gain by {end} (undiscounted; present value in "
    "brackets): {payers}.": "Utan att betala för insatsen vinner dessa fram till {end} "
    "(odiskonterat; nuvärde inom parentes): {payers}.",
    "Paying nothing for the intervention, these get added costs by {end} (undiscounted; present "
    "value in brackets): {payers}.": "Utan att betala för insatsen får dessa ökade kostnader fram "
    "till {end} (odiskonterat; nuvärde inom parentes): {payers}.",
}
