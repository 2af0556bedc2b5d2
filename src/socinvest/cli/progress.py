"""The long runs (a probabilistic analysis, the whole report), with a progress bar on stderr
when it is a terminal."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console

from socinvest.analysis.report_defaults import REPORT_SCOPE
from socinvest.analysis.results import ScenarioResults, analyse
from socinvest.cli.common import analysis_problem, cannot_write, fail
from socinvest.i18n import translator
from socinvest.params.errors import InputError
from socinvest.params.library import ParameterLibrary
from socinvest.scenario.model import Scenario

if TYPE_CHECKING:
    from rich.progress import Progress

    from socinvest.analysis.psa import PsaResults


def progress_bar(console: Console) -> Progress:
    """A bar that counts draws and goes away when done."""
    from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        TimeRemainingColumn(),
        console=console,
        transient=True,
    )


def analyse_with_progress(
    model: Scenario,
    library: ParameterLibrary,
    draws: int,
    seed: int | None,
    lang: str,
    show: bool,
    source: str = "",
    as_json: bool = False,
    psa_runner: Callable[..., PsaResults] | None = None,
) -> ScenarioResults:
    """Analyse, with a progress bar on stderr for a probabilistic run in a terminal; an
    analysis that cannot run (e.g. more draws than the memory holds) is bad input, exit 2.
    ``psa_runner``: as for :func:`~socinvest.analysis.results.analyse` (draws spread over
    workers)."""
    console = Console(stderr=True)
    try:
        if draws <= 0 or not show or not console.is_terminal:
            return analyse(model, library, draws=draws, seed=seed, psa_runner=psa_runner)
        _ = translator(lang)
        with progress_bar(console) as bar:
            task = bar.add_task(_("Drawing"), total=draws)
            return analyse(
                model,
                library,
                draws=draws,
                seed=seed,
                progress=lambda done, _total: bar.update(task, completed=done),
                psa_runner=psa_runner,
            )
    except ValueError as exc:
        fail(analysis_problem(exc, source), lang, as_json)


def write_case_report(
    model: Scenario,
    library: ParameterLibrary,
    source: str,
    out: Path,
    lang: str,
    draws: int,
    seed: int | None,
    alternative: str | None = None,
    scope: str = REPORT_SCOPE,
    results: ScenarioResults | None = None,
) -> None:
    """Run every analysis of the report (with a progress bar in a terminal) and write it;
    ``results``, if given, are this scenario's results with these draws and seed, reused."""
    # Here, not at import: `socinvest run` without --report needs neither.
    from socinvest.analysis.case import build_case
    from socinvest.reports.writer import write_report

    _ = translator(lang)
    console = Console(stderr=True)
    build = partial(
        build_case,
        model,
        library,
        source=source,
        draws=draws,
        seed=seed,
        alternative=alternative,
        scope=scope,
        results=results,
    )
    try:
        if console.is_terminal:
            with progress_bar(console) as bar:
                task = bar.add_task(_("Drawing"), total=max(draws, 1))
                case = build(progress=lambda done, _total: bar.update(task, completed=done))
                bar.update(task, description=_("Writing the report"), completed=max(draws, 1))
                write_report(case, out, lang)
        else:
            write_report(build(), out, lang)
    except ValueError as exc:
        fail(analysis_problem(exc, source), lang)
    except OSError as exc:
        fail(InputError(str(out), [cannot_write(exc)]), lang)
