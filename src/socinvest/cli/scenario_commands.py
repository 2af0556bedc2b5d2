"""``socinvest validate``, ``schema`` and ``example``: writing and checking scenario files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from socinvest.cli.common import (
    Format,
    T,
    echo_json,
    fail,
    language_of,
    library_with,
    load_or_example,
    stdout_console,
    write_text,
)
from socinvest.cli.options import FormatOption, LangOption, ParamsOption
from socinvest.i18n import N_, default_language, translator
from socinvest.params.errors import InputError, Problem
from socinvest.scenario.load import (
    example_names,
    example_text,
    parse_scenario,
    scenario_hash,
    scenario_notes,
)
from socinvest.scenario.model import Scenario, text_in


def validate(
    scenario: Annotated[Path, typer.Argument(help=T("Scenario file (YAML) to check."))],
    lang: LangOption = None,
    output: FormatOption = Format.table,
    params: ParamsOption = None,
) -> None:
    language = language_of(lang)
    _ = translator(language)
    as_json = output is Format.json
    model, source = load_or_example(
        scenario, language, as_json, library_with(params, language, as_json)
    )
    notes = scenario_notes(model, scenario)
    summary = {
        "valid": True,
        "scenario_id": model.id,
        "scenario_hash": scenario_hash(model),
        "states": len(model.model.states),
        "interventions": len(model.interventions),
        "alternatives": len(model.alternatives),
        # Not errors: what the scenario leaves to a default that a reader should know.
        "notes": [
            {
                "file": source,
                "line": note.line,
                "field": note.field,
                "message": note.message_in(language),
                "message_en": note.message,
            }
            for note in notes
        ],
    }
    if as_json:
        echo_json(summary)
        return
    # A plain line, like the notes and the errors (no markup: a file name may hold "[").
    typer.echo(
        _(
            "{file}: valid scenario '{id}' (states: {states}, interventions: {interventions}, "
            "alternatives: {alternatives})."
        ).format(
            file=source,
            id=model.id,
            states=summary["states"],
            interventions=summary["interventions"],
            alternatives=summary["alternatives"],
        )
    )
    for note in notes:
        # Plain lines (file:line: field: note), like the errors: no wrapping, no markup.
        typer.echo(_("Note: {note}").format(note=note.format(source, language)))


def schema(
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help=T("Write the schema to this file."))
    ] = None,
) -> None:
    document = Scenario.model_json_schema(by_alias=True)
    document["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    document["title"] = "socinvest scenario"
    text = json.dumps(document, ensure_ascii=False, indent=2)
    if out is None:
        typer.echo(text)
    else:
        write_text(out, text + "\n", default_language())


def example(
    name: Annotated[
        str | None,
        typer.Argument(help=T("Name of the example. Without it, the examples are listed.")),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help=T("File to write (default: NAME.yaml here).")),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help=T("Overwrite an existing file."))] = False,
    lang: LangOption = None,
    output: FormatOption = Format.table,
) -> None:
    language = language_of(lang)
    _ = translator(language)
    if name is None:
        listing = []
        for example_name in example_names():
            model = parse_scenario(example_text(example_name), example_name)
            listing.append(
                {"name": example_name, "id": model.id, "title": text_in(model.title, language)}
            )
        if output is Format.json:
            echo_json(listing)
            return
        console = stdout_console()
        for item in listing:
            console.print(f"[bold]{item['name']}[/]  {item['title']}", highlight=False)
        console.print(_("Write one with: socinvest example NAME"), style="dim")
        return
    try:
        text = example_text(name)
    except InputError as exc:
        fail(exc, language, output is Format.json)
    target = out if out is not None else Path(f"{name}.yaml")
    if target.exists() and not force:
        fail(
            InputError(
                str(target),
                [Problem.of("--out", N_("the file exists already; use --force to overwrite it"))],
            ),
            language,
            output is Format.json,
        )
    write_text(target, text, language, output is Format.json)
    if output is Format.json:
        typer.echo(json.dumps({"written": str(target), "name": name}, ensure_ascii=False))
    else:
        stdout_console().print(
            _("Wrote {file}. Run it with: socinvest run {file}").format(file=target),
            highlight=False,
        )


def register(app: typer.Typer) -> None:
    """Add ``validate``, ``schema`` and ``example`` to ``app``."""
    app.command(help=T("Check a scenario file and report every problem with its line and field."))(
        validate
    )
    app.command(
        help=T("Print the JSON Schema of scenario files (for editors' completion and checking).")
    )(schema)
    app.command(help=T("List the shipped example scenarios, or write one to start from."))(example)
