"""The arguments and options more than one command takes, declared once.

Where commands give an option different help on purpose (what the seed seeds, whose NPV the
scope picks, what the draws are for), each text has its own type, named after its use. The
help texts are gettext message ids: change one and its translation is lost.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from socinvest.cli.common import Format, Lang, T

# -- Every scenario command ------------------------------------------------------------------

ScenarioArgument = Annotated[
    Path | None,
    typer.Argument(
        help=T("Scenario file (YAML). Without it, the shipped example is used."),
        show_default=False,
    ),
]
ParamsOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--params",
        "-p",
        help=T(
            "Local parameter values (e.g. your municipality's own costs) on top of the "
            "national defaults; may be given more than once."
        ),
    ),
]
LangOption = Annotated[
    Lang | None,
    typer.Option(
        "--lang",
        "-l",
        help=T("Language of the output: sv or en (default: SOCINVEST_LANG or LANG, else sv)."),
        show_default=False,
    ),
]
FormatOption = Annotated[
    Format, typer.Option("--format", "-f", help=T("Output format: table or json."))
]
PriceYearOption = Annotated[
    int, typer.Option("--price-year", help=T("Show money in this year's prices."))
]

# -- Seeds -----------------------------------------------------------------------------------

SeedOption = Annotated[
    int | None,
    typer.Option(
        "--seed",
        min=0,
        help=T("Seed of the draws (default: the scenario's analysis.seed)."),
        show_default=False,
    ),
]
DesignSeedOption = Annotated[
    int | None,
    typer.Option(
        "--seed",
        min=0,
        help=T("Seed of the design and the bootstrap (default: the scenario's analysis.seed)."),
        show_default=False,
    ),
]
"""The seed of a Sobol design (no draws)."""

# -- Draws -----------------------------------------------------------------------------------

RunDrawsOption = Annotated[
    int,
    typer.Option(
        "--draws",
        min=0,
        help=T(
            "Probabilistic analysis: number of draws of the uncertain parameters "
            "(0: deterministic only)."
        ),
    ),
]
ReportDrawsOption = Annotated[
    int,
    typer.Option(
        "--draws",
        min=0,
        help=T(
            "Draws of the probabilistic analyses in the report (0: deterministic only, "
            "without the NPV distribution, value of information and ranking)."
        ),
    ),
]
CompareDrawsOption = Annotated[
    int,
    typer.Option(
        "--draws",
        min=0,
        help=T("Draws of the uncertain parameters (0: deterministic NPVs only)."),
    ),
]
VoiDrawsOption = Annotated[
    int, typer.Option("--draws", min=2, help=T("Number of draws of the uncertain parameters."))
]
"""At least two draws: the value of information needs a spread."""

# -- Scopes: whose NPV -----------------------------------------------------------------------

ScopeOption = Annotated[
    str,
    typer.Option(
        "--scope",
        "-s",
        help=T("Payer id or perspective (public_finances, socio_economic) whose NPV to show."),
    ),
]
RankScopeOption = Annotated[
    str,
    typer.Option(
        "--scope",
        "-s",
        help=T("Payer id or perspective (public_finances, socio_economic) whose NPV to rank."),
    ),
]
ReportScopeOption = Annotated[
    str,
    typer.Option(
        "--scope",
        "-s",
        help=T(
            "The decision maker the report is for: a payer id (kommun, the municipality as a "
            "whole, the default; a committee such as kommun.skola or kommun.socialtjanst; "
            "region; stat ...) or a perspective (public_finances, socio_economic). Page 1 "
            "leads with its budget, payback and probability of a gain, then who else gains; "
            "the presented alternative, sensitivity analysis, value of information and "
            "ranking of the full case are for it too."
        ),
    ),
]
BreakEvenScopesOption = Annotated[
    list[str] | None,
    typer.Option(
        "--scope",
        "-s",
        help=T(
            "Payer id or perspective; may be given more than once (default: both "
            "perspectives and each top-level payer that pays for the interventions)."
        ),
        show_default=False,
    ),
]
TimingScopesOption = Annotated[
    list[str] | None,
    typer.Option(
        "--scope",
        "-s",
        help=T(
            "Payer id or perspective; may be given more than once (default: every "
            "top-level payer and both perspectives)."
        ),
        show_default=False,
    ),
]

# -- Alternatives ----------------------------------------------------------------------------

AlternativeOption = Annotated[
    str | None,
    typer.Option(
        "--alternative",
        "-a",
        help=T("Only this alternative (default: every alternative but the comparison)."),
        show_default=False,
    ),
]
ReportAlternativeOption = Annotated[
    str | None,
    typer.Option(
        "--alternative",
        "-a",
        help=T(
            "The alternative the first page presents (default: the one with the highest "
            "expected NPV)."
        ),
        show_default=False,
    ),
]
SobolAlternativeOption = Annotated[
    str | None,
    typer.Option(
        "--alternative",
        "-a",
        help=T("The alternative whose NPV to analyse (default: the first after the comparison)."),
        show_default=False,
    ),
]

# -- Where the work runs (socinvest.execution) -----------------------------------------------

WorkersOption = Annotated[
    int,
    typer.Option(
        "--workers",
        min=1,
        max=256,
        help=T(
            "Threads on this machine that share the draws (or the scenarios of a batch); "
            "the results are the same for any number."
        ),
    ),
]
ClusterOption = Annotated[
    str | None,
    typer.Option(
        "--cluster",
        help=T(
            "Run on the Dask cluster whose scheduler is at this address (tcp://host:8786); "
            "needs the extra: pip install 'socinvest[dask]'."
        ),
        show_default=False,
    ),
]
LocalClusterOption = Annotated[
    int | None,
    typer.Option(
        "--local-cluster",
        min=1,
        max=256,
        help=T(
            "Start a Dask cluster of this many worker processes on this machine for the run "
            "(needs the extra: pip install 'socinvest[dask]')."
        ),
        show_default=False,
    ),
]
