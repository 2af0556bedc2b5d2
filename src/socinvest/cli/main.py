"""The ``socinvest`` command line: thin calls into the layers below.

The commands live in modules by what they are about; this one makes the app, with its
``--version``, and lists them (``COMMANDS``) in the order ``socinvest --help`` shows them. A
command's module is imported only when that command runs or shows its own help (see
:mod:`socinvest.cli.lazy`), so ``socinvest --help`` and the light commands start at once.

Exit codes: 0 success, 2 bad input (a message naming the file, line and field), 1 any
other failure; ``local`` also 3 when Kolada cannot be reached (see local_commands).
"""

from __future__ import annotations

import signal
from typing import Annotated

import typer

from socinvest.cli.lazy import LazyCommand, lazy_group
from socinvest.i18n import default_language, translator

T = translator(default_language())


def _command(name: str, module: str, help: str) -> LazyCommand:
    return LazyCommand(name, f"socinvest.cli.{module}", help)


# Every command, in the order ``socinvest --help`` lists them, with the module that registers
# it (imported only when the command runs or shows its own help: the overview imports none
# of them) and its help text, the same as the module's (tests/test_cli_startup.py checks).
COMMANDS = [
    _command(
        "run",
        "run_commands",
        T(
            "Run a scenario: costs, benefits, NPV and payback per payer, and what it means "
            "for the children."
        ),
    ),
    _command(
        "batch",
        "batch_command",
        T(
            "Run many scenarios (e.g. one per municipality) as one batch, on this machine's "
            "workers or a Dask cluster: one result per scenario with each payer's NPV and the "
            "probability of a gain."
        ),
    ),
    _command(
        "report",
        "run_commands",
        T(
            "Write a report of a scenario: one page for the committee and the full case with "
            "its sources (.html or .pdf), or an Excel workbook whose results are live "
            "formulas (.xlsx)."
        ),
    ),
    _command(
        "validate",
        "scenario_commands",
        T("Check a scenario file and report every problem with its line and field."),
    ),
    _command(
        "schema",
        "scenario_commands",
        T("Print the JSON Schema of scenario files (for editors' completion and checking)."),
    ),
    _command(
        "example",
        "scenario_commands",
        T("List the shipped example scenarios, or write one to start from."),
    ),
    _command(
        "sources",
        "library_commands",
        T(
            "List every parameter a scenario uses: value, unit, original price year, rebasing"
            " factor and sources."
        ),
    ),
    _command(
        "child-cost",
        "library_commands",
        T(
            "The public investment in one child from pregnancy to the end of upper secondary "
            "school (the literature's 'about 3.5 MSEK' is in 2012 prices, about 4.6 MSEK in "
            "2024 prices): each component with its payer and source, the total and the totals"
            " by payer, undiscounted."
        ),
    ),
    _command(
        "params",
        "library_commands",
        T("List the parameters of the library (with any --params values on top)."),
    ),
    _command(
        "cohort",
        "library_commands",
        T(
            "The cohort view: how many children of a cohort are expected to end in long-term "
            "exclusion, what that costs each payer until 65, and what helping one, five or "
            "ten of them is worth."
        ),
    ),
    _command(
        "local",
        "local_commands",
        T(
            "Fetch your municipality's own key figures from Kolada (cost per child or pupil "
            "in förskola, grundskola and gymnasieskola, placement costs, tax rates, tax "
            "capacity, population by age) and write them, with dates and sources, as a "
            "--params file. Exit codes: 0 written, 2 bad input, 3 Kolada unreachable, 1 no "
            "values."
        ),
    ),
    _command(
        "share",
        "share_commands",
        T(
            "Proposals for sharing an intervention's cost so that every payer gains: in "
            "proportion to the gains, the Shapley value, or the smallest transfers; between "
            "organisations or between one payer's committees, each with its NPV and "
            "probability of a gain within the term of office and to the horizon."
        ),
    ),
    _command(
        "fund",
        "fund_commands",
        T(
            "A social investment fund over the years: its balance (mean and 5-95 % band), the"
            " probability that it is depleted, and what each committee pays back and when, "
            "under the fund's repayment rule."
        ),
    ),
    _command(
        "contract",
        "fund_commands",
        T(
            "An outcome contract (social impact bond): outcome payments with caps, the "
            "investor's cash flow, IRR and probability of a loss, and each public payer's NPV"
            " with and without the contract."
        ),
    ),
    _command(
        "portfolio",
        "portfolio_commands",
        T(
            "Choose interventions and their scale to maximise the expected NPV of a payer or "
            "perspective under each payer's yearly budget, the target groups' sizes and a "
            "risk limit (a mixed-integer programme). Every alternative of every scenario, "
            "against its comparison, is a candidate."
        ),
    ),
    _command(
        "backup",
        "db_commands",
        T(
            "Back up the whole store to FILE: SQLite's online backup (others may keep "
            "working), or pg_dump for PostgreSQL."
        ),
    ),
    _command(
        "restore",
        "db_commands",
        T(
            "Replace everything in the store, its audit log included, with the backup FILE "
            "(made by socinvest backup from the same kind of database)."
        ),
    ),
    _command(
        "analyse",
        "analyse_commands",
        T(
            "Further analyses of a scenario: one-way sensitivity (tornado), break-even, value"
            " of information, comparing alternatives and the right start age."
        ),
    ),
    _command(
        "scenario",
        "store_scenario_commands",
        T(
            "Scenarios kept in the store: every saved edit is a new, numbered version that is"
            " never changed; show and compare versions."
        ),
    ),
    _command(
        "runs",
        "runs_commands",
        T(
            "Runs stored with socinvest run --save: list them, show one, or re-run one from "
            "its stored scenario version, parameters and seed to check it gives the same "
            "results."
        ),
    ),
    _command(
        "investment",
        "investment_commands",
        T(
            "Decided investments: which scenario version was decided, when, by which body, "
            "with what budget per year and payer."
        ),
    ),
    _command(
        "followup",
        "followup_report_command",
        T(
            "Follow up a decided investment: its plan per period, the observed reach, cost "
            "and indicators, and the report of plan against actual."
        ),
    ),
    _command(
        "db",
        "db_commands",
        T("The database of the store: create it or bring its schema up to date."),
    ),
    _command(
        "admin",
        "admin_commands",
        T("Accounts of the web application: users, their roles per organisation."),
    ),
    _command(
        "serve",
        "serve_command",
        T(
            "Start the web application: scenarios, results per payer, reports, investments "
            "and their follow-up in the browser, with accounts and roles (see docs/web.md)."
        ),
    ),
]


app = typer.Typer(
    name="socinvest",
    help=T(
        "socinvest: decision support for social investments in early interventions for "
        "children and young people. Costs and gains per payer, discounted, with the term of "
        "office beside the long run."
    ),
    cls=lazy_group(COMMANDS),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _show_version(value: bool) -> None:
    if value:
        from socinvest import __version__

        typer.echo(f"socinvest {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            help=T("Show the version and exit."),
            callback=_show_version,
            is_eager=True,
        ),
    ] = False,
) -> None:
    pass


def _exit_on_sigterm(signum: int, _frame: object) -> None:
    # An exit, not a kill: finally blocks run, so temporary output files are removed.
    raise SystemExit(128 + signum)


def main() -> None:
    """Entry point of the ``socinvest`` console script."""
    signal.signal(signal.SIGTERM, _exit_on_sigterm)
    app()


if __name__ == "__main__":
    main()
