"""``socinvest batch``: many scenarios (e.g. one per municipality) as one batch, spread over
workers or a Dask cluster (:mod:`socinvest.execution.batch`; docs/execution.md)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from socinvest.atomic_files import check_target
from socinvest.cli.common import (
    EXIT_BAD_INPUT,
    Format,
    T,
    cannot_write,
    echo_json,
    fail,
    language_of,
    library_with,
    stdout_console,
    terminal_safe,
)
from socinvest.cli.execution_common import opened_executor
from socinvest.cli.options import (
    ClusterOption,
    FormatOption,
    LangOption,
    LocalClusterOption,
    ParamsOption,
    SeedOption,
    WorkersOption,
)
from socinvest.i18n import N_, translator
from socinvest.params.errors import InputError, Problem

if TYPE_CHECKING:
    from socinvest.execution.batch import ScenarioResult

BATCH_DRAWS = 1000
HELP = T(
    "Run many scenarios (e.g. one per municipality) as one batch, on this machine's workers "
    "or a Dask cluster: one result per scenario with each payer's NPV and the probability "
    "of a gain."
)


def batch(
    scenarios: Annotated[
        list[Path],
        typer.Argument(
            help=T(
                "Scenario files, or folders of them (every .yaml file directly inside, sorted "
                "by name)."
            ),
            show_default=False,
        ),
    ],
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            help=T(
                "Write the results to this file: .csv (one row per scenario, alternative and "
                "payer) or .json; written when every scenario has finished."
            ),
            show_default=False,
        ),
    ] = None,
    draws: Annotated[
        int,
        typer.Option(
            "--draws",
            min=0,
            help=T(
                "Draws of each scenario's probabilistic analysis (0: deterministic only, "
                "without the probability of a gain)."
            ),
        ),
    ] = BATCH_DRAWS,
    seed: SeedOption = None,
    params: ParamsOption = None,
    workers: WorkersOption = 1,
    cluster: ClusterOption = None,
    local_cluster: LocalClusterOption = None,
    lang: LangOption = None,
    output: FormatOption = Format.table,
) -> None:
    from socinvest.execution.batch import (
        OUTPUT_SUFFIXES,
        BatchInputError,
        ScenarioRunError,
        batch_json,
        load_batch,
        run_batch,
        write_batch,
    )

    language = language_of(lang)
    as_json = output is Format.json
    _ = translator(language)
    if out is not None:
        if out.suffix not in OUTPUT_SUFFIXES:
            problem = Problem.of(
                "--out",
                N_("expected a file name ending in .csv or .json, found {found}"),
                found=out.name,
            )
            fail(InputError(str(out), [problem]), language, as_json)
        try:
            check_target(out)
        except OSError as exc:
            fail(InputError(str(out), [cannot_write(exc)]), language, as_json)
    library = library_with(params, language, as_json)
    try:
        items = load_batch(scenarios, library)
    except BatchInputError as exc:
        _fail_many(exc.errors, language, as_json)
    console = Console(stderr=True)
    with opened_executor(workers, cluster, local_cluster, language, as_json) as executor:
        try:
            if as_json or not console.is_terminal:
                results = run_batch(executor, items, library, draws, seed)
            else:
                from socinvest.cli.progress import progress_bar

                with progress_bar(console) as bar:
                    task = bar.add_task(_("Scenarios"), total=len(items))
                    results = run_batch(
                        executor,
                        items,
                        library,
                        draws,
                        seed,
                        progress=lambda done, _total: bar.update(task, completed=done),
                    )
        except ScenarioRunError as exc:
            fail(exc.as_input_error(), language, as_json)
    if out is not None:
        try:
            write_batch(results, out)
        except OSError as exc:
            fail(InputError(str(out), [cannot_write(exc)]), language, as_json)
    if as_json:
        echo_json(batch_json(results))
        return
    _render(results, language)
    if out is not None:
        stdout_console().print(_("Results written to {path}").format(path=out))


def _fail_many(errors: list[InputError], lang: str, as_json: bool) -> None:
    """Every bad file's problems (as :func:`~socinvest.cli.common.fail` does for one), exit 2."""
    _ = translator(lang)
    if as_json:
        echo_json(
            {
                "valid": False,
                "problems": [
                    {
                        "file": e.source,
                        "line": p.line,
                        "field": p.field,
                        "message": p.message_in(lang),
                        "message_en": p.message,
                    }
                    for e in errors
                    for p in e.problems
                ],
            }
        )
    else:
        typer.secho(
            _("Error: the batch was not run; files with problems: {count}").format(
                count=len(errors)
            ),
            err=True,
            fg="red",
            bold=True,
        )
        for error in errors:
            for line in error.render(lang).splitlines():
                typer.echo(f"  {terminal_safe(line)}", err=True)
    raise typer.Exit(EXIT_BAD_INPUT)


def _render(results: list[ScenarioResult], lang: str) -> None:
    """A table: each scenario's alternatives, their socio-economic and public-finance NPV
    and the probability of a gain."""
    from rich.table import Table

    from socinvest.reports.formatting import money, percent

    _ = translator(lang)
    table = Table(title=_("Batch: {count} scenarios").format(count=len(results)))
    table.add_column(_("File"))
    table.add_column(_("Alternative"))
    for scope_label in (_("Socio-economic NPV"), _("Public finances NPV")):
        table.add_column(scope_label, justify="right")
    table.add_column(_("Probability of a gain (socio-economic)"), justify="right")
    for r in results:
        for a in r.alternatives:
            by_scope = {s.scope: s for s in a.scopes}
            socio = by_scope["socio_economic"]
            public = by_scope["public_finances"]
            table.add_row(
                terminal_safe(r.source),
                a.alternative,
                money(socio.npv, lang),
                money(public.npv, lang),
                "–" if socio.psa is None else percent(socio.psa.p_positive, lang, 0),
            )
    stdout_console().print(table)


def register(app: typer.Typer) -> None:
    """Add ``batch`` to ``app``."""
    app.command(help=HELP)(batch)
