"""Swedish for what the probability of a gain includes (the PSA's inventory of what was varied
and held fixed) and the PSA's standard deviation and 95% interval."""

SV = {
    "95% interval": "95 %-intervall",
    "95% interval {low} to {high}": "95 %-intervall {low} till {high}",
    "After an effect": "Efter en effekt",
    "Discount rates": "Diskonteringsräntor",
    "Effect windows and decay": "Effekternas tidsfönster och avtagande",
    "Effects": "Effekter",
    "Held fixed": "Hölls fasta",
    "NPV to the horizon over the draws of the uncertain parameters; SD: the standard "
    "deviation; the 95% interval runs from the 2.5th to the 97.5th percentile.": (
        "Nettonuvärde till horisonten över dragningarna av de osäkra parametrarna; Std.avv.: "
        "standardavvikelsen; 95 %-intervallet går från 2,5:e till 97,5:e percentilen."
    ),
    "Other figures": "Övriga värden",
    "Parameters at their value": "Parametrar med fast värde",
    "Production value": "Produktionsvärde",
    "SD": "Std.avv.",
    "Split of the value of work": "Fördelningen av produktionsvärdet",
    "Standard deviation": "Standardavvikelse",
    "The model's states": "Modellens tillstånd",
    "The probability rests on {draws} draws in which {varied} were varied; {fixed} were held "
    "fixed.": (
        "Sannolikheten bygger på {draws} dragningar där {varied} varierades; {fixed} hölls fasta."
    ),
    "The probability rests on {draws} draws, but nothing uncertain was varied; {fixed} were "
    "held fixed.": (
        "Sannolikheten bygger på {draws} dragningar, men inget osäkert varierades; {fixed} "
        "hölls fasta."
    ),
    "Transitions": "Övergångar",
    "Transitions without declared uncertainty": "Övergångar utan angiven osäkerhet",
    "Unit costs": "Enhetskostnader",
    "Varied in every draw": "Varierades i varje dragning",
    "What the probability includes": "Vad sannolikheten omfattar",
    "Which": "Vilka",
    "children whose path an effect improves then follow the transitions of the children "
    "already in the state they reach ({states}); the model has no memory of the "
    "intervention": (
        "barn vars väg en effekt förbättrar följer sedan samma övergångar som de barn som redan "
        "är i det tillstånd de når ({states}); modellen minns inte insatsen"
    ),
    "effects ({n})": "effekter ({n})",
    "no decay": "avtar inte",
    "other figures ({n})": "övriga värden ({n})",
    "parameters at their value ({n})": "parametrar med fast värde ({n})",
    "production value ({n})": "produktionsvärde ({n})",
    "rows of the blocks for {blocks}": "raderna i blocken för {blocks}",
    "Std. dev. {sd}": "Std.avv. {sd}",
    "the discount rates": "diskonteringsräntorna",
    "the effects' windows and decay": "effekternas tidsfönster och avtagande",
    "the model's structure": "modellens struktur",
    "the split of the value of work": "fördelningen av produktionsvärdet",
    "transitions ({n} rows)": "övergångar ({n} rader)",
    "transitions without declared uncertainty ({n} blocks)": (
        "övergångar utan angiven osäkerhet ({n} block)"
    ),
    "unit costs ({n})": "enhetskostnader ({n})",
    "{money} for money, {outcomes} for outcomes": "{money} för pengar, {outcomes} för utfall",
    "{n} blocks": "{n} block",
    "{n} rows": "{n} rader",
    "1 block": "1 block",
    "1 row": "1 rad",
    "transitions (1 row)": "övergångar (1 rad)",
    "transitions without declared uncertainty (1 block)": (
        "övergångar utan angiven osäkerhet (1 block)"
    ),
}
