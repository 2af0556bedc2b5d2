"""Swedish for the cohort view's source-convention split (issue 10, item 5)."""

SV = {
    "This cohort: the welfare costs as socinvest books them (transfers on the payer, no taxes). "
    "Source convention: the same plus the municipal and regional income tax the lost earnings "
    "would have paid, at the own tax rates and before income equalisation, as the Skandia "
    "cohort tool most plausibly books it (not verified).": (
        "Denna årskull: välfärdskostnaderna så som socinvest bokför dem (transfereringar hos "
        "den som betalar, inga skatter). Källans konvention: samma plus den kommunala och "
        "regionala inkomstskatt som de uteblivna arbetsinkomsterna skulle ha gett, med egen "
        "skattesats och före inkomstutjämningen, så som Skandias årskullsverktyg troligen "
        "bokför den (inte verifierat)."
    ),
    "Source convention": "Källans konvention",
}
