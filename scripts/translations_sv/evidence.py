"""Swedish for the effects as studies report them, evidence adjustments, decay and inline
uncertainty (issue 9)."""

SV = {
    "'baseline_risk' is needed for a risk_difference and only for it": "'baseline_risk' behövs "
    "för en riskskillnad (risk_difference) och bara för den",
    "a beta distribution needs a value in (0, 1) and sd < sqrt(value (1 - value)), found value "
    "{value} and sd {sd}": "en betafördelning behöver ett värde i (0, 1) och sd < "
    "sqrt(värde (1 - värde)), fick värdet {value} och sd {sd}",
    "a factor between 0 and 1 (a fraction)": "en faktor mellan 0 och 1 (en andel)",
    "a {kind} distribution needs a positive value, found {value}": "en {kind}-fördelning behöver "
    "ett positivt värde, fick {value}",
    "the {measure} and its interval must be positive": "{measure} och dess intervall måste vara "
    "positiva",
    "decay type {type} does not take {extra}": "avklingningstypen {type} tar inte {extra}",
    "decay type {type} needs {missing}": "avklingningstypen {type} behöver {missing}",
    "distribution {kind} needs {wanted}; found {found}": "fördelningen {kind} behöver {wanted}; "
    "fick {found}",
    "each adjustment needs its own id": "varje justering behöver ett eget id",
    "expected exactly one of 'relative_risk', 'odds_ratio' and 'study'": "förväntade exakt en av "
    "'relative_risk', 'odds_ratio' och 'study'",
    "expected low <= value <= high with low < high, found low {low}, value {value}, high "
    "{high}": "förväntade low <= värde <= high med low < high, fick low {low}, värde {value}, "
    "high {high}",
    "expected the value inside its 95% interval, found {value} and [{low}, {high}]": "förväntade "
    "värdet inom sitt 95 %-intervall, fick {value} och [{low}, {high}]",
    "give the uncertainty as 'ci95' or 'se', not both": "ange osäkerheten som 'ci95' eller 'se', "
    "inte båda",
    "this field is filled in by socinvest (the converted ratio); leave it out": "fältet fylls i av "
    "socinvest (den omräknade kvoten); utelämna det",
    "(95% confidence interval {low} to {high})": "(95 % KI {low} till {high})",
    "(se {se})": "(medelfel {se})",
    "Adjusted": "Justerad",
    "Study": "Studie",
    "Used": "Används",
    "compared with {what}": "jämfört med {what}",
    "fades by {rate} a year": "avtar med {rate} per år",
    "follow-up {years} years": "uppföljning {years} år",
    "held fixed in the probabilistic analysis": "hålls fast i osäkerhetsanalysen",
    "risk difference": "riskskillnad",
    "standardised mean difference": "standardiserad medelvärdesskillnad",
    "start age × {factor}": "startålder × {factor}",
    "the study's outcome is the opposite of the transition": "studiens utfall är övergångens "
    "motsats",
    "{figure} (95 % {low}–{high})": "{figure} (95 % {low}–{high})",
    "{figure}, by Chinn (2000)": "{figure}, enligt Chinn (2000)",
    "{label} × {factor}": "{label} × {factor}",
    "{n} participants": "{n} deltagare",
    "{n} studies": "{n} studier",
    "{ratio} of it left after {years} years": "{ratio} av den kvar efter {years} år",
    "inverted (1 / ratio)": "inverterad (1 / kvot)",
}
