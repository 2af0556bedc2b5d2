"""``socinvest runs list|show|rerun``: runs stored with ``socinvest run --save``, and
re-running one from its stored inputs to check that it gives the same results, bit for bit."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from socinvest.cli.common import Format, T, echo_json, json_text, language_of, stdout_console
from socinvest.cli.options import FormatOption, LangOption
from socinvest.cli.store_common import DbOption, opened_store, store_errors
from socinvest.i18n import translator
from socinvest.reports.results_json import results_json

if TYPE_CHECKING:
    from socinvest.store import RunInfo, Store

runs_app = typer.Typer(
    name="runs",
    help=T(
        "Runs stored with socinvest run --save: list them, show one, or re-run one from its "
        "stored scenario version, parameters and seed to check it gives the same results."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

RunArgument = Annotated[
    int, typer.Argument(help=T("The run's id (socinvest runs list)."), show_default=False)
]


def save_results(
    store: Store,
    *,
    scenario_text: str,
    scenario_name: str,
    params: tuple[tuple[str, str], ...],
    draws: int,
    data: dict[str, object],
    text: str,
    organisation: str | None,
) -> RunInfo:
    """Store a finished run: ``data`` its results (for the hashes and seed), ``text`` them as
    JSON text."""
    from socinvest.store import save_run
    from socinvest.store.common import DEFAULT_ORGANISATION

    meta = data["meta"]
    assert isinstance(meta, dict)
    return save_run(
        store,
        scenario_text=scenario_text,
        scenario_name=scenario_name,
        params=params,
        seed=int(meta["seed"]),
        draws=draws,
        package_version=str(meta["version"]),
        scenario_hash=str(meta["scenario_hash"]),
        parameter_hash=str(meta["parameter_hash"]),
        results=text,
        organisation_name=organisation or DEFAULT_ORGANISATION,
    )


def rerun_text(run: RunInfo) -> str:
    """The results JSON text of re-running ``run`` from its stored inputs and seed."""
    from socinvest.analysis.results import analyse
    from socinvest.store.runs import library_with_params
    from socinvest.store.scenarios import parse_checked

    library = library_with_params(run.params)
    model = parse_checked(run.scenario_text, f"{run.scenario} v{run.version}", library)
    engine = stored_engine(run.results)
    if engine == "numba":
        from socinvest.core.cohort_kernel import numba_available

        # Without numba the numpy engine runs; the results then differ in the last bits and
        # in psa.cohort_engine, which the comparison reports.
        engine = "numba" if numba_available() else None
    results = analyse(model, library, draws=run.draws, seed=run.seed, engine=engine)
    return json_text(results_json(results))


def stored_engine(results: str) -> str | None:
    """The cohort engine a stored run's probabilistic analysis used (``psa.cohort_engine`` of
    its results JSON), so that a re-run uses it too (the two engines agree to rounding, not
    bit for bit); ``None`` (the default choice) when the run has none or does not say."""
    try:
        data = json.loads(results)
    except ValueError:
        return None
    alternatives = data.get("alternatives") if isinstance(data, dict) else None
    for alt in alternatives if isinstance(alternatives, list) else []:
        psa = alt.get("psa") if isinstance(alt, dict) else None
        if isinstance(psa, dict) and psa.get("cohort_engine") in ("numba", "numpy"):
            return str(psa["cohort_engine"])
    return None


def _first_difference(a: str, b: str) -> int | None:
    """The first line (1-based) where ``a`` and ``b`` differ, ``None`` when equal."""
    for i, (x, y) in enumerate(zip(a.splitlines(), b.splitlines(), strict=False), start=1):
        if x != y:
            return i
    la, lb = a.count("\n"), b.count("\n")
    return None if a == b else min(la, lb) + 1


@runs_app.command("list", help=T("List the stored runs, newest first."))
def list_command(
    scenario: Annotated[
        str | None, typer.Option("--scenario", help=T("Only the runs of this stored scenario."))
    ] = None,
    limit: Annotated[
        int | None, typer.Option("--limit", min=1, help=T("At most this many runs."))
    ] = None,
    db: DbOption = None,
    lang: LangOption = None,
    output: FormatOption = Format.table,
) -> None:
    language = language_of(lang)
    as_json = output is Format.json
    _ = translator(language)
    from socinvest.store import list_runs

    with opened_store(db, None, language, as_json) as store:
        found = list_runs(store, scenario, limit)
    if as_json:
        echo_json([r.as_json() for r in found])
        return
    if not found:
        stdout_console().print(_("No runs are stored yet: socinvest run SCENARIO --save"))
        return
    table = Table(
        _("Run"),
        _("Scenario"),
        _("Version"),
        _("Seed"),
        _("Draws"),
        _("socinvest"),
        _("Saved (UTC)"),
        _("By"),
    )
    for r in found:
        table.add_row(
            str(r.id),
            r.scenario,
            str(r.version),
            str(r.seed),
            str(r.draws),
            r.package_version,
            r.created_at.strftime("%Y-%m-%d %H:%M"),
            r.created_by,
        )
    stdout_console().print(table)


@runs_app.command("show", help=T("Show a stored run: its inputs, hashes and results (JSON)."))
def show(
    run: RunArgument,
    db: DbOption = None,
    lang: LangOption = None,
    output: FormatOption = Format.table,
) -> None:
    language = language_of(lang)
    as_json = output is Format.json
    _ = translator(language)
    from socinvest.store import get_run

    with opened_store(db, None, language, as_json) as store:
        info = get_run(store, run)
    if as_json:
        echo_json(info.as_json(with_results=True))
        return
    console = stdout_console()
    console.print(
        _(
            "Run {id}: {scenario} version {version}, seed {seed}, {draws} draws, socinvest "
            "{package}, saved {at} by {by}."
        ).format(
            id=info.id,
            scenario=info.scenario,
            version=info.version,
            seed=info.seed,
            draws=info.draws,
            package=info.package_version,
            at=info.created_at.strftime("%Y-%m-%d %H:%M"),
            by=info.created_by,
        )
    )
    console.print(
        _("Scenario hash {scenario_hash}, parameter hash {parameter_hash}").format(
            scenario_hash=info.scenario_hash, parameter_hash=info.parameter_hash
        )
    )
    if info.params:
        console.print(
            _("Parameter files: {files}").format(
                files=", ".join(name for name, _text in info.params)
            )
        )
    console.print(_("Results: socinvest runs show {id} --format json").format(id=info.id))


@runs_app.command(
    "rerun",
    help=T(
        "Re-run a stored run from its stored scenario version, parameter files, seed and "
        "draws, and report whether the results are identical, bit for bit (exit 1 if not)."
    ),
)
def rerun(
    run: RunArgument,
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help=T("Also write the new results (JSON) to this file.")),
    ] = None,
    db: DbOption = None,
    lang: LangOption = None,
    output: FormatOption = Format.table,
) -> None:
    language = language_of(lang)
    as_json = output is Format.json
    _ = translator(language)
    from socinvest.store import get_run

    with opened_store(db, None, language, as_json) as store:
        info = get_run(store, run)
    with store_errors(language, as_json):
        text = rerun_text(info)
    if out is not None:
        from socinvest.cli.common import write_text

        write_text(out, text + "\n", language, as_json)
    same = text == info.results
    line = _first_difference(info.results, text)
    if as_json:
        echo_json(
            {
                "run": info.id,
                "identical": same,
                "first_difference_line": line,
                "package_version": info.package_version,
                "stored": json.loads(info.results)["meta"]["version"],
            }
        )
    elif same:
        stdout_console().print(
            _("Run {id} re-run: the results are identical, bit for bit.").format(id=info.id)
        )
    else:
        stdout_console().print(
            _(
                "Run {id} re-run: the results differ from the stored ones, first at line {line} "
                "of the JSON (stored with socinvest {version})."
            ).format(id=info.id, line=line, version=info.package_version)
        )
    if not same:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add the ``runs`` group to ``app``."""
    app.add_typer(runs_app, name="runs")
