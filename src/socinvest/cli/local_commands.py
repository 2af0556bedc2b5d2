"""``socinvest local KOMMUNKOD``: the municipality's own key figures from Kolada, written as a
``--params`` file.

Exit codes: 0 the file was written (some parameters may be left out: they are listed);
2 bad input (a malformed or unknown kommunkod, a year out of range, an --out that cannot be
written); 3 Kolada could not be reached or answered something unusable (no network, every
try timed out, an HTTP error); 1 Kolada had no value at all. Nothing is written unless the
exit code is 0.
"""

from __future__ import annotations

import datetime as dt
import shlex
import sys
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console
from rich.table import Table

from socinvest.atomic_files import write_text_atomically
from socinvest.cli.common import T, cannot_write, fail, language_of, stdout_console
from socinvest.cli.options import LangOption
from socinvest.i18n import N_, translator
from socinvest.params.errors import InputError, Problem
from socinvest.params.kolada import (
    LocalFigures,
    check_override_text,
    fetch_local_figures,
    override_text,
)
from socinvest.params.kolada_client import DEFAULT_API_URL, DEFAULT_TIMEOUT_S, KoladaClient
from socinvest.params.kolada_client import KoladaError as KoladaFailure
from socinvest.params.library import default_library
from socinvest.params.units import UNIT_LABELS
from socinvest.reports.formatting import number, percent

EXIT_NO_DATA = 1
EXIT_KOLADA = 3
FIRST_YEAR = 1998


def _default_year() -> int:
    """Last year: the latest Kolada can have figures for (many come a year or more later)."""
    return dt.date.today().year - 1


def _kolada_failed(error: KoladaFailure, lang: str) -> NoReturn:
    _ = translator(lang)
    typer.secho(_("Error: could not fetch from Kolada:"), err=True, fg="red", bold=True)
    typer.echo(f"  {error.message.render(lang)}", err=True)
    typer.echo(
        "  " + _("Nothing was written. Check the network connection and try again later."),
        err=True,
    )
    raise typer.Exit(EXIT_KOLADA)


def _fetch(code: str, year: int, client: KoladaClient, lang: str) -> LocalFigures:
    """Fetch with a progress bar on stderr when it is a terminal."""
    console = Console(stderr=True)
    library = default_library()
    if not console.is_terminal:
        return fetch_local_figures(code, year, client, library)
    from socinvest.cli.progress import progress_bar

    _ = translator(lang)
    with progress_bar(console) as bar:
        task = bar.add_task(_("Fetching from Kolada"), total=None)
        return fetch_local_figures(
            code,
            year,
            client,
            library,
            progress=lambda done, total: bar.update(task, completed=done, total=total),
        )


def _shown(value: float, unit: str, lang: str) -> str:
    if unit == "fraction":
        return percent(value, lang, digits=2 if value >= 0.01 else 4)
    if unit == "ratio":
        return number(value, lang, digits=3)
    return number(value, lang)


def _render(figures: LocalFigures, out: Path, lang: str, console: Console) -> None:
    _ = translator(lang)
    table = Table(
        title=_("{name} ({code}): figures for {year} from Kolada").format(
            name=figures.name, code=figures.code, year=figures.year
        )
    )
    table.add_column(_("Parameter"))
    table.add_column(_("Value"), justify="right")
    table.add_column(_("Unit"))
    table.add_column(_("Year"), justify="right")
    table.add_column(_("Source"))
    for w in figures.written:
        year = f"{w.year} *" if w.fallback else str(w.year)
        sv, en = UNIT_LABELS.get(w.unit, (w.unit, w.unit))
        unit = sv if lang == "sv" else en
        table.add_row(w.parameter, _shown(w.value, w.unit, lang), unit, year, w.source)
    console.print(table)
    if any(w.fallback for w in figures.written):
        console.print(
            _("* Kolada has no value for {year}: the latest earlier year is used.").format(
                year=figures.year
            ),
            highlight=False,
        )
    if figures.left_out:
        console.print(_("Left out (not in the file):"))
        for item in figures.left_out:
            console.print(f"  {item.parameter}: {item.reason.render(lang)}", highlight=False)
    console.print(
        _("Wrote {path}. Use it with: socinvest run SCENARIO --params {path}").format(path=out),
        highlight=False,
    )


def local(
    kommunkod: Annotated[
        str,
        typer.Argument(
            help=T("The municipality's code (kommunkod), four digits, e.g. 0461 for Gnesta."),
            show_default=False,
        ),
    ],
    year: Annotated[
        int | None,
        typer.Option(
            "--year",
            help=T(
                "The year of the figures (default: last year). A figure Kolada lacks for it "
                "comes from the latest of the five years before, as its note says."
            ),
            show_default=False,
        ),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            help=T("The file to write (default: local-KOMMUNKOD.yaml)."),
            show_default=False,
        ),
    ] = None,
    lang: LangOption = None,
    api_url: Annotated[
        str,
        typer.Option("--api-url", help=T("Kolada's API root (for a mirror or a new version).")),
    ] = DEFAULT_API_URL,
    timeout: Annotated[
        float,
        typer.Option(
            "--timeout", min=0.01, help=T("Seconds to wait for each answer before trying again.")
        ),
    ] = DEFAULT_TIMEOUT_S,
) -> None:
    language = language_of(lang)
    wanted = _default_year() if year is None else year
    last = dt.date.today().year
    if not FIRST_YEAR <= wanted <= last:
        problem = Problem.of(
            "--year",
            N_("expected a year from {first} to {last}, found {found}"),
            first=FIRST_YEAR,
            last=last,
            found=wanted,
        )
        fail(InputError("socinvest local", [problem]), language)
    path = out or Path(f"local-{kommunkod}.yaml")
    client = KoladaClient(base_url=api_url, timeout=timeout)
    try:
        figures = _fetch(kommunkod, wanted, client, language)
    except InputError as exc:
        fail(exc, language)
    except KoladaFailure as exc:
        _kolada_failed(exc, language)
    if not figures.written or all(w.source == "SFS 2004:881" for w in figures.written):
        _ = translator(language)
        typer.secho(
            _("Error: Kolada has no values for {code} in these years; nothing was written.").format(
                code=kommunkod
            ),
            err=True,
            fg="red",
            bold=True,
        )
        raise typer.Exit(EXIT_NO_DATA)
    command = (
        shlex.join(["socinvest", "local", *sys.argv[2:]])
        if sys.argv[1:2] == ["local"]
        else f"socinvest local {kommunkod} --year {wanted}"
    )
    text = override_text(figures, command, str(path))
    try:
        # The same checks as --params: a file socinvest itself would refuse is never written.
        check_override_text(text, str(path), default_library())
    except InputError as exc:
        fail(exc, language)
    try:
        write_text_atomically(path, text)
    except OSError as exc:
        fail(InputError(str(path), [cannot_write(exc)]), language)
    _render(figures, path, language, stdout_console())


def register(app: typer.Typer) -> None:
    """Add ``local`` to ``app``."""
    app.command(
        name="local",
        help=T(
            "Fetch your municipality's own key figures from Kolada (cost per child or pupil in "
            "förskola, grundskola and gymnasieskola, placement costs, tax rates, tax capacity, "
            "population by age) and write them, with dates and sources, as a --params file. "
            "Exit codes: 0 written, 2 bad input, 3 Kolada unreachable, 1 no values."
        ),
    )(local)
