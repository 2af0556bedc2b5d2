"""Swedish for the individual-level engine (``run --engine individual``, the ``individuals:``
section of a scenario; issue 16 item 3)."""

SV = {
    "cohort: expected values of the Markov model (default); individual: simulate persons one "
    "by one (with the scenario's individual attributes), with Monte Carlo standard errors.":
    "cohort: Markovmodellens väntevärden (standard); individual: simulera personerna en och "
    "en (med scenariots individuella egenskaper), med Monte Carlo-standardfel.",
    "Persons simulated per draw with --engine individual (with --draws N, N populations of "
    "this size, each with its own draw of the parameters).": "Antal personer som simuleras "
    "per dragning med --engine individual (med --draws N: N populationer av denna storlek, "
    "var och en med sin egen dragning av parametrarna).",
    "{option} works with the cohort engine only; leave out --engine individual": "{option} "
    "fungerar bara med kohortmotorn; ta bort --engine individual",
    "Individual-level engine: {n} persons, seed {seed} ({engine}); standard errors from "
    "{blocks} blocks of {size} persons.": "Individmotorn: {n} personer, frö {seed} ({engine}); "
    "standardfelen från {blocks} block om {size} personer.",
    "Individual-level engine: {draws} populations of {n} persons, seed {seed} ({engine}), "
    "each with its own draw of the uncertain parameters (as --draws draws them for the cohort "
    "engine; the transition rows at their values); the standard errors are those of the means "
    "over the populations.": "Individmotorn: {draws} populationer om {n} personer, frö "
    "{seed} ({engine}), var och en med sin egen dragning av de osäkra parametrarna (som "
    "--draws drar dem för kohortmotorn; övergångsraderna vid sina värden); standardfelen är "
    "medelvärdenas över populationerna.",
    "{alternative}: NPV with its Monte Carlo standard error": "{alternative}: nettonuvärde med "
    "dess Monte Carlo-standardfel",
    "Standard error": "Standardfel",
    "duplicate attribute id {name} (also at position {position})": "egenskapen {name} finns "
    "två gånger (även på plats {position})",
    "unknown level {name}; expected one of: {levels}": "okänd nivå {name}; förväntade en av: "
    "{levels}",
    "level {name} is the reference (the first level); odds ratios compare the other levels "
    "with it": "nivån {name} är referensen (den första nivån); oddskvoterna jämför de andra "
    "nivåerna med den",
    "expected at most {limit} groups of persons (attribute level combinations times duration "
    "classes), found {found}": "förväntade högst {limit} grupper av personer (kombinationer av "
    "egenskapernas nivåer gånger varaktighetsklasser), fann {found}",
}
