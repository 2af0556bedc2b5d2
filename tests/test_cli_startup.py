"""The CLI starts at once: ``socinvest --help`` lists every command from the registry in
``socinvest.cli.main`` without importing the command modules, and importing the CLI pulls in
none of the heavy libraries (issue 16 item 1). No timings: what is imported is checked."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import typer
import typer.main
from typer.testing import CliRunner

from socinvest.cli.lazy import load_command
from socinvest.cli.main import COMMANDS, app

HEAVY = (
    "scipy.linalg",
    "scipy.interpolate",
    "altair",
    "weasyprint",
    "sqlalchemy",
    "pydantic",
    "distributed",
)


def modules_after(code: str) -> set[str]:
    """The modules loaded in a fresh interpreter after running ``code``."""
    script = f"import json, sys\n{code}\nprint(json.dumps(sorted(sys.modules)))"
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "SOCINVEST_LANG": "en"},
    )
    return set(json.loads(done.stdout.splitlines()[-1]))


@pytest.fixture(scope="module")
def help_modules() -> set[str]:
    # The real entry point: python -m socinvest.cli.main --help, then the loaded modules.
    code = (
        "import sys\n"
        "sys.argv = ['socinvest', '--help']\n"
        "from socinvest.cli.main import app\n"
        "try:\n"
        "    app()\n"
        "except SystemExit:\n"
        "    pass"
    )
    return modules_after(code)


def test_importing_the_cli_imports_no_heavy_library() -> None:
    loaded = modules_after("import socinvest.cli.main")
    assert not {name for name in HEAVY if name in loaded}
    assert not any(name.endswith("_commands") for name in loaded)


def test_help_imports_no_command_module_nor_heavy_library(help_modules: set[str]) -> None:
    assert not {name for name in HEAVY if name in help_modules}
    assert not [
        name
        for name in help_modules
        if name.startswith("socinvest.cli.") and name.endswith(("_commands", "_command"))
    ]
    assert "socinvest.scenario.model" not in help_modules


def test_validate_does_not_import_scipy_altair_or_the_store() -> None:
    # What validate needs is the scenario model (pydantic) and the YAML reader; not the
    # engines' scipy, the charts nor the database.
    code = (
        "from socinvest.cli.lazy import load_command\n"
        "from socinvest.cli.main import COMMANDS\n"
        "load_command(next(c for c in COMMANDS if c.name == 'validate'))"
    )
    loaded = modules_after(code)
    heavy = {"scipy.linalg", "scipy.interpolate", "altair", "weasyprint", "sqlalchemy"}
    assert not heavy & loaded


def test_run_does_not_import_the_reports_analyses() -> None:
    # `run` without --report shows the deterministic results; the report's analyses (the
    # case, the searches, cost sharing) are imported only when a report is written.
    code = (
        "from socinvest.cli.lazy import load_command\n"
        "from socinvest.cli.main import COMMANDS\n"
        "load_command(next(c for c in COMMANDS if c.name == 'run'))"
    )
    loaded = modules_after(code)
    report_only = {
        "socinvest.analysis.case",
        "socinvest.analysis.breakeven",
        "socinvest.analysis.sharing",
        "socinvest.analysis.timing",
        "altair",
    }
    assert not report_only & loaded


def test_report_through_the_entry_point_does_not_import_altair(tmp_path: Path) -> None:
    # The report's charts are Vega-Lite dictionaries written by our own code (checked against
    # the schema in the tests, not at every run): writing the HTML report needs no altair.
    out = tmp_path / "report.html"
    code = (
        "import sys\n"
        f"sys.argv = ['socinvest', 'report', '--out', {str(out)!r}, '--draws', '50']\n"
        "from socinvest.cli.main import app\n"
        "try:\n"
        "    app()\n"
        "except SystemExit as exit:\n"
        "    assert not exit.code, exit.code"
    )
    loaded = modules_after(code)
    assert "socinvest.reports.charts" in loaded
    assert "schema/vega-lite/v6" in out.read_text(encoding="utf-8")
    assert "altair" not in loaded
    assert not any(name.startswith("altair.") for name in loaded)


def test_the_registry_lists_every_command_with_the_modules_own_help() -> None:
    for entry in COMMANDS:
        command = load_command(entry)
        assert command.name == entry.name
        assert command.help == entry.help, entry.name


def test_help_lists_every_command_in_the_registrys_order() -> None:
    result = CliRunner().invoke(app, ["--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    table = result.output[result.output.index("Commands") :]
    listed = [m.group(1) for m in re.finditer(r"^│ (\S+) ", table, flags=re.MULTILINE)]
    assert listed == [entry.name for entry in COMMANDS]


def test_a_commands_own_help_and_a_subcommand_run_through_the_lazy_group() -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["analyse", "--help"])
    assert result.exit_code == 0
    assert "tornado" in result.output
    result = runner.invoke(app, ["example"])
    assert result.exit_code == 0
    assert "parenting-programme" in result.output


def test_a_mistyped_command_is_refused_with_a_suggestion_from_every_command() -> None:
    result = CliRunner().invoke(app, ["portfolo"])
    assert result.exit_code == 2
    assert "portfolio" in result.output


def test_an_eagerly_registered_command_still_works_after_the_lazy_ones() -> None:
    extra = typer.Typer(cls=type(typer.main.get_command(app)))

    @extra.command()
    def hello() -> None:
        typer.echo("hello")

    @extra.command()
    def other() -> None:
        typer.echo("other")

    group = typer.main.get_command(extra)
    names = group.list_commands(None)  # type: ignore[arg-type]
    assert names[: len(COMMANDS)] == [c.name for c in COMMANDS]
    assert names[len(COMMANDS) :] == ["hello", "other"]
    assert CliRunner().invoke(extra, ["hello"]).output == "hello\n"


def test_a_command_runs_with_the_cli_s_collector_thresholds() -> None:
    """The cycle collector's thresholds are the CLI's as soon as any command's code is
    imported (the package is imported first), and not Python's defaults."""
    from socinvest.cli import GC_THRESHOLDS

    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import gc, socinvest.cli.common; print(list(gc.get_threshold()))",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(done.stdout) == list(GC_THRESHOLDS)
    assert list(GC_THRESHOLDS) != [700, 10, 10]
