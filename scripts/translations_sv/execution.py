"""Swedish for the execution layer: ``socinvest batch`` and the options --workers, --cluster
and --local-cluster (issue 16 item 4)."""

SV = {
    "Batch: {count} scenarios": "Batch: {count} scenarier",
    "Draws of each scenario's probabilistic analysis (0: deterministic only, without the "
    "probability of a gain).": "Dragningar i varje scenarios probabilistiska analys (0: bara "
    "deterministiskt, utan sannolikheten för vinst).",
    "Error: the Dask cluster cannot be used: {error}": "Fel: Dask-klustret kan inte användas: "
    "{error}",
    "Error: the batch was not run; files with problems: {count}": "Fel: batchen kördes inte; "
    "filer med problem: {count}",
    "File": "Fil",
    "Probability of a gain (socio-economic)": "Sannolikhet för vinst (samhällsekonomisk)",
    "Public finances NPV": "Nettonuvärde, offentliga finanser",
    "Results written to {path}": "Resultaten skrevs till {path}",
    "Run many scenarios (e.g. one per municipality) as one batch, on this machine's workers "
    "or a Dask cluster: one result per scenario with each payer's NPV and the probability of "
    "a gain.": "Kör många scenarier (t.ex. ett per kommun) som en batch, på den här datorns "
    "arbetare eller ett Dask-kluster: ett resultat per scenario med varje aktörs nettonuvärde "
    "och sannolikheten för vinst.",
    "Run on the Dask cluster whose scheduler is at this address (tcp://host:8786); needs the "
    "extra: pip install 'socinvest[dask]'.": "Kör på Dask-klustret vars schemaläggare finns "
    "på den här adressen (tcp://värd:8786); kräver tillägget: pip install 'socinvest[dask]'.",
    "Scenario files, or folders of them (every .yaml file directly inside, sorted by name).":
    "Scenariofiler, eller mappar med sådana (varje .yaml-fil direkt i mappen, sorterade efter "
    "namn).",
    "Scenarios": "Scenarier",
    "Socio-economic NPV": "Nettonuvärde, samhällsekonomiskt",
    "Start a Dask cluster of this many worker processes on this machine for the run (needs "
    "the extra: pip install 'socinvest[dask]').": "Starta ett Dask-kluster med så här många "
    "arbetsprocesser på den här datorn för körningen (kräver tillägget: pip install "
    "'socinvest[dask]').",
    "Threads on this machine that share the draws (or the scenarios of a batch); the results "
    "are the same for any number.": "Trådar på den här datorn som delar på dragningarna (eller "
    "på scenarierna i en batch); resultaten blir desamma för varje antal.",
    "Write the results to this file: .csv (one row per scenario, alternative and payer) or "
    ".json; written when every scenario has finished.": "Skriv resultaten till den här filen: "
    ".csv (en rad per scenario, alternativ och aktör) eller .json; den skrivs när alla "
    "scenarier är klara.",
    "expected --cluster or --local-cluster, not both": "förväntade --cluster eller "
    "--local-cluster, inte båda",
    "expected a file name ending in .csv or .json, found {found}": "förväntade ett filnamn "
    "som slutar på .csv eller .json, fann {found}",
    "expected a scheduler address such as tcp://host:8786, found {found}": "förväntade en "
    "adress till en schemaläggare, t.ex. tcp://värd:8786, fann {found}",
    "expected at least one scenario file": "förväntade minst en scenariofil",
    "expected scenario files (*.yaml), found none": "förväntade scenariofiler (*.yaml), fann "
    "inga",
    "no such file or folder": "filen eller mappen finns inte",
}
