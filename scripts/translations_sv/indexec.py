"""Swedish for the individual engine on the execution layer (issue 16: run --engine individual
with --workers, --cluster and --local-cluster)."""

SV = {
    "Threads on this machine that share the draws (the persons with --engine individual, the "
    "scenarios of a batch); the results are the same for any number.": "Trådar på den här "
    "datorn som delar på dragningarna (personerna med --engine individual, scenarierna i en "
    "batch); resultaten blir desamma för varje antal.",
}
