"""Swedish translations of ``socinvest analyse sobol`` (Sobol indices)."""

from __future__ import annotations

SV = {
    "Base samples N of the design, a power of two; the model is evaluated N x (parameters + "
    "2) times.": "Antal grundstickprov N i försöksplanen, en tvåpotens; modellen beräknas N x "
    "(parametrar + 2) gånger.",
    "Global sensitivity (Sobol indices): the share of the NPV's variance each uncertain "
    "parameter explains alone (S1) and with its interactions (ST), over their joint "
    "distribution. Needs SALib: pip install 'socinvest[sobol]'.": "Global känslighetsanalys "
    "(Sobolindex): hur stor del av nettonuvärdets varians varje osäker parameter förklarar "
    "ensam (S1) och med sina samspel (ST), över deras gemensamma fördelning. Kräver SALib: "
    "pip install 'socinvest[sobol]'.",
    "Global sensitivity (Sobol indices): {alternative}, NPV for {scope}": "Global "
    "känslighetsanalys (Sobolindex): {alternative}, nettonuvärde för {scope}",
    "NPV mean {mean}, standard deviation {sd} ({year} prices), over {evaluations} evaluations "
    "({samples} samples, seed {seed}). S1: the share of the variance the parameter explains "
    "alone; ST: including its interactions with the others; {level} confidence intervals. "
    "Sorted by ST. Saltelli et al. (2010), SALib.": "Nettonuvärde i medeltal {mean}, "
    "standardavvikelse {sd} ({year} års priser), över {evaluations} beräkningar ({samples} "
    "stickprov, frö {seed}). S1: den del av variansen som parametern förklarar ensam; ST: "
    "inklusive dess samspel med de andra; {level} konfidensintervall. Sorterat efter ST. "
    "Saltelli m.fl. (2010), SALib.",
    "S1 interval": "S1-intervall",
    "ST interval": "ST-intervall",
    "Seed of the design and the bootstrap (default: the scenario's analysis.seed).": "Fröet "
    "för försöksplanen och bootstrap (standard: scenariots analysis.seed).",
    "The NPV is the same whatever the uncertain parameters' values: there is no variance to "
    "apportion, and every index is 0.": "Nettonuvärdet är detsamma vilka värden de osäkra "
    "parametrarna än har: det finns ingen varians att fördela, och varje index är 0.",
    "The alternative whose NPV to analyse (default: the first after the comparison).": "Det "
    "alternativ vars nettonuvärde analyseras (standard: det första efter "
    "jämförelsealternativet).",
    "The first-order indices sum to {total}: about {share} of the variance comes from "
    "interactions between parameters.": "Förstaordningens index summerar till {total}: "
    "omkring {share} av variansen kommer från samspel mellan parametrar.",
    "The transition rows with uncertainty (blocks {blocks}) are held at their means: a row is "
    "not one parameter, so it has no index here.": "Övergångsraderna med osäkerhet (block "
    "{blocks}) hålls vid sina medelvärden: en rad är inte en parameter och har därför inget "
    "index här.",
    "the Sobol indices need the SALib package, which is not installed; install it with: pip "
    "install 'socinvest[sobol]'": "Sobolindexen kräver paketet SALib, som inte är installerat; "
    "installera det med: pip install 'socinvest[sobol]'",
    "the number of samples must be a power of two of at least 4 (e.g. 512, 1024 or 2048): "
    "the Sobol sequence is balanced only then": "antalet stickprov måste vara en tvåpotens, "
    "minst 4 (t.ex. 512, 1024 eller 2048): bara då är Sobolföljden balanserad",
    "the scenario has no uncertain parameter in its money fields or effect sizes, so there "
    "is no variance to apportion": "scenariot har ingen osäker parameter i sina belopp eller "
    "effektstorlekar, så det finns ingen varians att fördela",
}
