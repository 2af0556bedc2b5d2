"""The ``socinvest`` command line: thin calls into the layers below.

The commands live in modules by what they are about; this one makes the app, with its
``--version``, and adds them in the order ``socinvest --help`` lists them.

Exit codes: 0 success, 2 bad input (a message naming the file, line and field), 1 any
other failure; ``local`` also 3 when Kolada cannot be reached (see local_commands).
"""

from __future__ import annotations

import signal
from typing import Annotated

import typer

from socinvest.cli import (
    admin_commands,
    analyse_commands,
    db_commands,
    followup_commands,
    followup_report_command,
    fund_commands,
    investment_commands,
    library_commands,
    local_commands,
    portfolio_commands,
    run_commands,
    runs_commands,
    scenario_commands,
    serve_command,
    share_commands,
    store_scenario_commands,
)
from socinvest.cli.common import T

app = typer.Typer(
    name="socinvest",
    help=T(
        "socinvest: decision support for social investments in early interventions for "
        "children and young people. Costs and gains per payer, discounted, with the term of "
        "office beside the long run."
    ),
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


run_commands.register(app)  # run, report
scenario_commands.register(app)  # validate, schema, example
library_commands.register(app)  # sources, child-cost, params, cohort
analyse_commands.register(app)  # analyse tornado|breakeven|compare|timing|voi|sobol
local_commands.register(app)  # local KOMMUNKOD (Kolada)
share_commands.register(app)  # share (cost sharing, Finsam)
fund_commands.register(app)  # fund, contract
portfolio_commands.register(app)  # portfolio SCENARIO... --budget FILE
# The store (socinvest.store): scenario versions, stored runs, decided investments and their
# follow-up, the database and its backups.
store_scenario_commands.register(app)  # scenario save|list|show|diff
runs_commands.register(app)  # runs list|show|rerun (run --save stores one)
investment_commands.register(app)  # investment decide|list|show
followup_commands.register(app)  # followup plan|record
followup_report_command.register_report(followup_commands.followup_app)  # followup report
db_commands.register(app)  # db upgrade|current, backup, restore
admin_commands.register(app)  # admin create-user|set-role|disable|enable (web accounts)
serve_command.register(app)  # serve (the web application, socinvest.web)


def _exit_on_sigterm(signum: int, _frame: object) -> None:
    # An exit, not a kill: finally blocks run, so temporary output files are removed.
    raise SystemExit(128 + signum)


def main() -> None:
    """Entry point of the ``socinvest`` console script."""
    signal.signal(signal.SIGTERM, _exit_on_sigterm)
    app()


if __name__ == "__main__":
    main()
