"""Swedish for the individual-level engine's second round (issue 16 items 3 and 5): the
transition rows drawn per population."""

SV = {
    "Individual-level engine: {draws} populations of {n} persons, seed {seed} ({engine}), "
    "each with its own draw of the uncertain parameters (as --draws draws them for the cohort "
    "engine, the transition rows included); the standard errors are those of the means over "
    "the populations.": "Individmotorn: {draws} populationer om {n} personer, frö {seed} "
    "({engine}), var och en med sin egen dragning av de osäkra parametrarna (som --draws drar "
    "dem för kohortmotorn, övergångsraderna medräknade); standardfelen är medelvärdenas över "
    "populationerna.",
}
