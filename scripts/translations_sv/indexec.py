"""Swedish for the individual engine on the execution layer (issue 16: run and batch with
--engine individual and --workers, --cluster, --local-cluster)."""

SV = {
    "Threads on this machine that share the draws (the persons with --engine individual, the "
    "scenarios of a batch); the results are the same for any number.": "Trådar på den här "
    "datorn som delar på dragningarna (personerna med --engine individual, scenarierna i en "
    "batch); resultaten blir desamma för varje antal.",
    "Draws of each scenario's probabilistic analysis (0: deterministic only, without the "
    "probability of a gain). Default 1000; with --engine individual the populations per "
    "scenario, default 0 (one).": "Dragningar i varje scenarios probabilistiska analys (0: "
    "bara den deterministiska, utan sannolikheten för en vinst). Standard 1000; med "
    "--engine individual antalet populationer per scenario, standard 0 (en).",
    "cohort: the Markov model's expected values (default); individual: each scenario "
    "simulated person by person, its mean NPV with a Monte Carlo standard error "
    "(npv_se).": "cohort: Markovmodellens väntevärden (standard); individual: varje scenario "
    "simuleras person för person, dess genomsnittliga nettonuvärde med ett Monte "
    "Carlo-standardfel (npv_se).",
    "Persons simulated per draw of each scenario with --engine individual.": "Personer som "
    "simuleras per dragning i varje scenario med --engine individual.",
}
