"""Many scenarios (e.g. one per municipality) run as one batch over an
:class:`~socinvest.execution.executors.Executor`.

The design (docs/execution.md):

- **Input**: scenario files, or folders of them (every ``*.yaml``/``*.yml`` directly inside,
  sorted by name). One municipality is one scenario file; its local figures (intake per
  year, its own unit costs) go in the file itself: the target group's ``intake`` and the
  scenario's ``parameters:`` override layer on top of the national library (and ``--params``
  files apply to every scenario of the batch). There is no second table format to learn and
  validate: each file is checked exactly as ``socinvest validate`` checks it.
- **All or nothing**: every file is loaded and validated before any work; if one is bad the
  batch is refused with every bad file's problems (each naming its file, line and field) and
  nothing runs. A scenario that fails while it runs stops the batch, naming its file. The
  output file is written in one step when every scenario has finished (never half-written),
  so a table of results never silently lacks a municipality.
- **One task per scenario**: each task runs the scenario's deterministic analysis and its
  probabilistic analysis (:func:`socinvest.analysis.results.analyse`) exactly as ``socinvest
  run --draws N`` does; results come back in the order of the files, so the output does not
  depend on the executor or the number of workers.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from socinvest.analysis.errors import OptionError
from socinvest.analysis.psa import NpvSummary
from socinvest.analysis.results import analyse
from socinvest.analysis.summary import PERSPECTIVES
from socinvest.atomic_files import atomic_path
from socinvest.execution.executors import Executor, Progress
from socinvest.i18n import N_
from socinvest.params.errors import InputError, Problem
from socinvest.params.library import ParameterLibrary
from socinvest.scenario.load import load_scenario
from socinvest.scenario.model import Scenario

FORMAT_VERSION = 1
SCENARIO_SUFFIXES = (".yaml", ".yml")
OUTPUT_SUFFIXES = (".csv", ".json")

CSV_COLUMNS = (
    "file",
    "scenario_id",
    "alternative",
    "scope",
    "npv",
    "npv_mean",
    "npv_p5",
    "npv_p95",
    "p_gain",
    "scenario_hash",
    "parameter_hash",
    "seed",
    "draws",
    "version",
    "price_year",
)
"""The CSV's columns: one row per scenario, alternative and scope (every payer node and the
two perspectives); the PSA columns are empty without draws."""


@dataclass(frozen=True)
class BatchItem:
    """One scenario of a batch and the file it came from."""

    source: str
    scenario: Scenario


@dataclass(frozen=True)
class ScopeResult:
    """One scope's NPV (SEK, the deterministic run) and its distribution over the draws
    (``None`` without draws)."""

    scope: str
    npv: float
    psa: NpvSummary | None


@dataclass(frozen=True)
class AlternativeResult:
    alternative: str
    scopes: tuple[ScopeResult, ...]


@dataclass(frozen=True)
class ScenarioResult:
    """What a batch records of one scenario (as ``run --save`` records a run: the package
    version, the scenario and parameter hashes, the seed and the draws)."""

    source: str
    scenario_id: str
    scenario_hash: str
    parameter_hash: str
    seed: int
    draws: int
    version: str
    price_year: int
    alternatives: tuple[AlternativeResult, ...]


@dataclass(frozen=True)
class BatchTask:
    item: BatchItem
    library: ParameterLibrary | None
    draws: int
    seed: int | None


class ScenarioRunError(Exception):
    """A scenario of a batch that could not be analysed (e.g. more draws than the memory
    holds): its file and the problem (picklable, so it comes back from any worker)."""

    def __init__(self, source: str, problem: Problem) -> None:
        super().__init__(source, problem)
        self.source = source
        self.problem = problem

    def __str__(self) -> str:
        return self.problem.format(self.source)

    def as_input_error(self) -> InputError:
        return InputError(self.source, [self.problem])


class BatchInputError(Exception):
    """Bad files of a batch, every one with its problems; nothing has run."""

    def __init__(self, errors: Sequence[InputError]) -> None:
        super().__init__(list(errors))
        self.errors = list(errors)

    def __str__(self) -> str:
        return "\n".join(str(e) for e in self.errors)


def scenario_files(paths: Sequence[Path]) -> list[Path]:
    """The scenario files of ``paths``: a file as it is, a folder's ``*.yaml``/``*.yml``
    directly inside it, sorted by name; in the order given.

    Raises
    ------
    BatchInputError
        For a path that does not exist, a folder without scenario files, or no path.
    """
    entries = _scenario_files(paths)
    errors = [e for e in entries if isinstance(e, InputError)]
    if errors:
        raise BatchInputError(errors)
    return [e for e in entries if isinstance(e, Path)]


def _scenario_files(paths: Sequence[Path]) -> list[Path | InputError]:
    """The scenario files of ``paths``, with the problem of each path that is not one in
    its place."""
    entries: list[Path | InputError] = []
    for path in paths:
        if path.is_dir():
            found = sorted(
                p for p in path.iterdir() if p.is_file() and p.suffix in SCENARIO_SUFFIXES
            )
            if not found:
                entries.append(
                    InputError(
                        str(path),
                        [Problem.of("", N_("expected scenario files (*.yaml), found none"))],
                    )
                )
            entries.extend(found)
        elif path.is_file():
            entries.append(path)
        else:
            entries.append(InputError(str(path), [Problem.of("", N_("no such file or folder"))]))
    if not paths:
        entries.append(
            InputError("batch", [Problem.of("", N_("expected at least one scenario file"))])
        )
    return entries


def load_batch(paths: Sequence[Path], library: ParameterLibrary | None = None) -> list[BatchItem]:
    """Load and validate every scenario of ``paths`` (:func:`scenario_files`).

    Raises
    ------
    BatchInputError
        With every bad file's problems, in the order of the files (paths that are not
        scenario files among them); all files are checked before this is raised.
    """
    items: list[BatchItem] = []
    errors: list[InputError] = []
    for entry in _scenario_files(paths):
        if isinstance(entry, InputError):
            errors.append(entry)
            continue
        try:
            items.append(BatchItem(str(entry), load_scenario(entry, library)))
        except InputError as exc:
            errors.append(exc)
    if errors:
        raise BatchInputError(errors)
    return items


def run_scenario_task(task: BatchTask) -> ScenarioResult:
    """One task of a batch: the scenario analysed as ``socinvest run --draws`` does."""
    from socinvest import __version__

    scenario = task.item.scenario
    try:
        results = analyse(scenario, task.library, draws=task.draws, seed=task.seed)
    except OptionError as exc:
        raise ScenarioRunError(
            task.item.source, Problem.from_message(exc.option, exc.text)
        ) from exc
    except ValueError as exc:
        raise ScenarioRunError(task.item.source, Problem("", str(exc))) from exc
    psa = results.psa
    scopes = [*results.compiled.payers.ids, *PERSPECTIVES]
    alternatives = []
    for comparison in results.comparisons:
        alt_psa = psa.for_alternative(comparison.alternative) if psa is not None else None
        alternatives.append(
            AlternativeResult(
                comparison.alternative,
                tuple(
                    ScopeResult(
                        scope,
                        float(comparison.horizon[scope].npv),
                        alt_psa.horizon[scope] if alt_psa is not None else None,
                    )
                    for scope in scopes
                ),
            )
        )
    return ScenarioResult(
        source=task.item.source,
        scenario_id=scenario.id,
        scenario_hash=results.scenario_hash,
        parameter_hash=results.parameter_hash,
        seed=psa.seed if psa is not None else scenario.analysis.seed,
        draws=task.draws,
        version=__version__,
        price_year=scenario.analysis.price_year,
        alternatives=tuple(alternatives),
    )


def run_batch(
    executor: Executor,
    items: Sequence[BatchItem],
    library: ParameterLibrary | None = None,
    draws: int = 1000,
    seed: int | None = None,
    progress: Progress | None = None,
) -> list[ScenarioResult]:
    """Run every scenario of the batch on ``executor``; results in the items' order.

    ``seed`` (default each scenario's own ``analysis.seed``) and ``draws`` apply to every
    scenario; ``progress(done, total)`` counts finished scenarios.

    Raises
    ------
    ScenarioRunError
        For the first scenario that fails (naming its file); the batch stops.
    """
    if draws < 0:
        raise ValueError(f"expected 0 or more draws, found {draws}")
    tasks = [BatchTask(item, library, draws, seed) for item in items]
    return executor.map(run_scenario_task, tasks, progress=progress)


# --------------------------------------------------------------------------------------------
# Output


def _number(x: float) -> float | None:
    return x if math.isfinite(x) else None


def batch_json(results: Sequence[ScenarioResult]) -> dict[str, Any]:
    """The batch's results as a JSON-ready dictionary (docs/execution.md)."""
    from socinvest import __version__

    def psa_of(s: NpvSummary | None) -> dict[str, Any] | None:
        return None if s is None else {k: _number(v) for k, v in asdict(s).items()}

    return {
        "format_version": FORMAT_VERSION,
        "meta": {"version": __version__, "scenarios": len(results), "currency": "SEK"},
        "scenarios": [
            {
                "file": r.source,
                "scenario_id": r.scenario_id,
                "scenario_hash": r.scenario_hash,
                "parameter_hash": r.parameter_hash,
                "seed": r.seed,
                "draws": r.draws,
                "version": r.version,
                "price_year": r.price_year,
                "alternatives": [
                    {
                        "id": a.alternative,
                        "npv": {s.scope: _number(s.npv) for s in a.scopes},
                        "psa": (
                            {s.scope: psa_of(s.psa) for s in a.scopes}
                            if a.scopes and a.scopes[0].psa is not None
                            else None
                        ),
                    }
                    for a in r.alternatives
                ],
            }
            for r in results
        ],
    }


def batch_rows(results: Sequence[ScenarioResult]) -> list[dict[str, Any]]:
    """One row per scenario, alternative and scope, with the :data:`CSV_COLUMNS`."""
    rows = []
    for r in results:
        for a in r.alternatives:
            for s in a.scopes:
                rows.append(
                    {
                        "file": r.source,
                        "scenario_id": r.scenario_id,
                        "alternative": a.alternative,
                        "scope": s.scope,
                        "npv": repr(s.npv),
                        "npv_mean": "" if s.psa is None else repr(s.psa.mean),
                        "npv_p5": "" if s.psa is None else repr(s.psa.p5),
                        "npv_p95": "" if s.psa is None else repr(s.psa.p95),
                        "p_gain": "" if s.psa is None else repr(s.psa.p_positive),
                        "scenario_hash": r.scenario_hash,
                        "parameter_hash": r.parameter_hash,
                        "seed": r.seed,
                        "draws": r.draws,
                        "version": r.version,
                        "price_year": r.price_year,
                    }
                )
    return rows


def batch_csv(results: Sequence[ScenarioResult]) -> str:
    """The batch's results as CSV (:data:`CSV_COLUMNS`; numbers with every digit)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(batch_rows(results))
    return out.getvalue()


def write_batch(results: Sequence[ScenarioResult], path: Path) -> None:
    """Write the results to ``path`` (``.csv`` or ``.json``) in one step: a temporary file
    beside it, renamed when complete (:func:`socinvest.atomic_files.atomic_path`)."""
    if path.suffix == ".json":
        text = json.dumps(batch_json(results), ensure_ascii=False, indent=2) + "\n"
    elif path.suffix == ".csv":
        text = batch_csv(results)
    else:
        raise ValueError(f"expected a file name ending in .csv or .json, found {path.name}")
    with atomic_path(path) as temporary:
        temporary.write_text(text, encoding="utf-8")
