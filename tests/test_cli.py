"""End-to-end tests of the ``socinvest`` command line, through its real entry point.

Every test runs the installed console script in a subprocess (the script of this
interpreter's environment, else the first on ``PATH``, else ``python -m
socinvest.cli.main``). A subprocess costs about a second, so the calls are made once per
module in a few fixtures, each running its independent calls in parallel, and the tests
read the results.

The bad scenario files are the shipped example (written with ``socinvest example``) with
one line edited or inserted; each edit first checks that the line it changes holds the
expected text, so the line numbers in the expectations are explicit and checked. The shipped
example uses the default Swedish model (``model: {use: sverige}``), so errors inside a
life-course model are made in ``tests/data/inline-model-scenario.yaml``, a scenario with its
model written out, in the same way.
"""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
from collections import defaultdict
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
import yaml

import socinvest
from clitools import Result, cli_env, run_cli
from socinvest.i18n import translator
from socinvest.params.library import default_library
from socinvest.reports.formatting import money, number, percent

EXAMPLE = "parenting-programme"
INLINE_MODEL = Path(__file__).resolve().parent / "data" / "inline-model-scenario.yaml"
REL_TOL = 1e-6
TIMING_OFFSET = {"start": 0.0, "end": 1.0, "mid": 0.5}


# --------------------------------------------------------------------------------------
# Running the command line


@dataclass(frozen=True)
class Call:
    """A CLI call to make."""

    args: tuple[str, ...]
    cwd: Path | None = None
    env: dict[str, str] = field(default_factory=cli_env)


def cli_batch(calls: dict[str, Call]) -> dict[str, Result]:
    """Run independent calls in parallel."""
    workers = max(2, os.cpu_count() or 2)
    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = {
            key: pool.submit(run_cli, *call.args, cwd=call.cwd, env=call.env)
            for key, call in calls.items()
        }
        return {key: future.result() for key, future in futures.items()}


# --------------------------------------------------------------------------------------
# Helpers


_BOX = re.compile(r"[\u2500-\u257f]")


def flat(text: str) -> str:
    """Text with box-drawing characters removed and runs of ordinary whitespace joined.

    Non-breaking spaces (in Swedish amounts) are kept.
    """
    return re.sub(r"[ \t\r\n]+", " ", _BOX.sub(" ", text)).strip()


def assert_close(actual: float, expected: float, scale: float = 1.0, what: str = "") -> None:
    """``actual == expected`` to REL_TOL relative (of ``expected``, at least of ``scale``)."""
    tolerance = REL_TOL * max(abs(expected), abs(scale), 1.0)
    assert abs(actual - expected) <= tolerance, f"{what}: {actual!r} != {expected!r}"


def in_subtree(payer: str, node: str) -> bool:
    return payer == node or payer.startswith(node + ".")


def example_text() -> str:
    ref = resources.files("socinvest").joinpath("data", "examples", f"{EXAMPLE}.yaml")
    return ref.read_text(encoding="utf-8")


def default_payer_ids() -> list[str]:
    ref = resources.files("socinvest").joinpath("data", "payers.yaml")
    return [p["id"] for p in yaml.safe_load(ref.read_text(encoding="utf-8"))["payers"]]


def replace_on(lines: list[str], lineno: int, old: str, new: str) -> list[str]:
    """``lines`` with ``old`` replaced by ``new`` on (1-based) line ``lineno``."""
    out = list(lines)
    assert old in out[lineno - 1], f"line {lineno} is {out[lineno - 1]!r}, expected {old!r}"
    out[lineno - 1] = out[lineno - 1].replace(old, new)
    return out


def insert_after(lines: list[str], lineno: int, after: str, text: str) -> list[str]:
    """``lines`` with ``text`` inserted after line ``lineno`` (which must hold ``after``)."""
    assert after in lines[lineno - 1], f"line {lineno} is {lines[lineno - 1]!r}"
    return [*lines[:lineno], text, *lines[lineno:]]


def write_lines(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def comparison_and_alternatives(
    data: dict[str, Any],
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The comparison alternative and the others, in the order of the results."""
    alternatives = data["alternatives"]
    comparisons = [a for a in alternatives if a["comparison"]]
    others = [a for a in alternatives if not a["comparison"]]
    assert len(comparisons) == 1 and others
    return comparisons[0], others


def example_scenario() -> socinvest.Scenario:
    """The shipped example, parsed (its model is the shipped Swedish model)."""
    return socinvest.parse_scenario(example_text(), f"{EXAMPLE}.yaml")


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


# --------------------------------------------------------------------------------------
# Fixtures


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("cli")


@pytest.fixture(scope="module")
def example_file(workdir: Path) -> Path:
    """The example written by ``socinvest example parenting-programme --out x.yaml``."""
    result = run_cli("example", EXAMPLE, "--out", "x.yaml", cwd=workdir)
    assert result.returncode == 0, result.describe()
    return workdir / "x.yaml"


@pytest.fixture(scope="module")
def example_lines(example_file: Path) -> list[str]:
    return example_file.read_text(encoding="utf-8").splitlines()


@pytest.fixture(scope="module")
def runs(workdir: Path, example_file: Path, example_lines: list[str]) -> dict[str, Result]:
    """The good-input calls, run once in parallel."""
    for timing in ("start", "end"):
        write_lines(
            workdir / f"timing_{timing}.yaml",
            replace_on(example_lines, 405, "timing: mid", f"timing: {timing}"),
        )
    write_lines(
        workdir / "changed_number.yaml",
        replace_on(example_lines, 233, "value: -0.44", "value: -0.45"),
    )
    write_lines(
        workdir / "comment_only.yaml",
        insert_after(example_lines, 233, "value: -0.44", "        # a comment changes nothing"),
    )
    en = cli_env(SOCINVEST_LANG="en")
    calls = {
        # The shipped example, run twice: as a table writing the files, and as JSON.
        "sv": Call(("run", "--out", "out_mid"), cwd=workdir),
        "json": Call(("run", "--format", "json")),
        "en": Call(("run", "--lang", "en"), env=cli_env(SOCINVEST_LANG="sv")),
        "out_start": Call(
            ("run", "timing_start.yaml", "--out", "out_start", "--format", "json"), cwd=workdir
        ),
        "out_end": Call(
            ("run", "timing_end.yaml", "--out", "out_end", "--format", "json"), cwd=workdir
        ),
        "changed_number": Call(("run", "changed_number.yaml", "--format", "json"), cwd=workdir),
        "comment_only": Call(("validate", "comment_only.yaml", "--format", "json"), cwd=workdir),
        "validate": Call(("validate", "x.yaml"), cwd=workdir),
        "validate_json": Call(("validate", "x.yaml", "--format", "json"), cwd=workdir),
        "schema": Call(("schema",)),
        "schema_out": Call(("schema", "--out", "schema.json"), cwd=workdir),
        "example_list": Call(("example",)),
        "example_list_json": Call(("example", "--format", "json")),
        "example_unknown": Call(("example", "no-such-example"), cwd=workdir),
    }
    for command in ("run", "validate", "schema", "example"):
        calls[f"help_{command}"] = Call((command, "--help"), env=en)
    return cli_batch(calls)


@pytest.fixture(scope="module")
def data(runs: dict[str, Result]) -> dict[str, Any]:
    """The results JSON of ``socinvest run --format json`` (the shipped example)."""
    result = runs["json"]
    assert result.returncode == 0, result.describe()
    document: dict[str, Any] = result.json()
    return document


# --------------------------------------------------------------------------------------
# Help


HELP_PURPOSE = {
    "run": "Run a scenario: costs, benefits, NPV and payback per payer",
    "validate": "Check a scenario file and report every problem with its line and field",
    "schema": "Print the JSON Schema of scenario files",
    "example": "List the shipped example scenarios, or write one to start from",
}
HELP_OPTIONS = {
    "run": ["--lang", "--format", "--out"],
    "validate": ["--lang", "--format"],
    "schema": ["--out"],
    "example": ["--out", "--force", "--format"],
}


@pytest.mark.parametrize("command", list(HELP_PURPOSE))
def test_help_states_the_purpose(runs: dict[str, Result], command: str) -> None:
    result = runs[f"help_{command}"]
    assert result.returncode == 0, result.describe()
    text = flat(result.stdout)
    assert HELP_PURPOSE[command] in text
    for word in HELP_OPTIONS[command]:
        assert word in text
    assert "Traceback" not in result.output


# --------------------------------------------------------------------------------------
# run: the table


SV_AMOUNT = re.compile(r"(?<![\d\xa0])\d{1,3}(?:\xa0\d{3})+\xa0kr")
EN_AMOUNT = re.compile(r"SEK\xa0\d{1,3}(?:,\d{3})+")


def test_run_without_argument_runs_the_example_in_swedish(runs: dict[str, Result]) -> None:
    result = runs["sv"]
    assert result.returncode == 0, result.describe()
    out = result.stdout
    assert SV_AMOUNT.search(out), "no Swedish amount like '1\\xa0234\\xa0567\\xa0kr'"
    for heading in ("Nettonuvärde", "Aktör", "Kommunen", "Samhällsekonomiskt", "Personår"):
        assert heading in out
    assert EXAMPLE in flat(out)  # says which example it ran
    # no English currency ("SEK"); the name of the discount-rate guidelines, ASEK, is no amount
    assert not re.search(r"\bSEK\b", out)
    assert "Traceback" not in result.output


def test_run_lang_en_prints_english(runs: dict[str, Result]) -> None:
    result = runs["en"]  # --lang en wins over SOCINVEST_LANG=sv
    assert result.returncode == 0, result.describe()
    out = result.stdout
    assert "NPV" in out and "Payer" in out and "Socio-economic (total)" in out
    assert "SEK\xa0" in out and EN_AMOUNT.search(out)
    assert "Nettonuvärde" not in out and "\xa0kr" not in out


def _table_rows(text: str, cells: int) -> list[list[str]]:
    """Body rows of the rich tables with ``cells`` columns (continuation lines skipped)."""
    rows = []
    for line in text.splitlines():
        parts = [c.strip() for c in line.split("│")[1:-1]]
        if len(parts) == cells and parts[0] and parts[1]:
            rows.append(parts)
    return rows


def _metric_cells(vs: dict[str, Any], key: str, scope: str, lang: str) -> list[str]:
    """The cells the table should show for one scope, computed from the JSON."""
    _ = translator(lang)

    def get(name: str, block: dict[str, Any] = vs) -> Any:
        return block[name][key][scope]

    bcr, flag = get("bcr"), get("bcr_flag")
    bcr_text = "–" if bcr is None else number(bcr, lang, 2) + ("*" if flag == "small_costs" else "")
    year = get("payback_year")
    if flag == "no_costs":
        payback = "–"  # the renderer shows no payback when nothing was invested
    else:
        payback = str(year) if year is not None else _("not within horizon")
    return [
        money(get("pv_costs"), lang),
        money(get("pv_benefits"), lang),
        money(get("npv"), lang),
        bcr_text,
        payback,
        money(get("npv", vs["term_of_office"]), lang),
    ]


def _signed(value: float, lang: str) -> str:
    text = number(value, lang, 1)
    return f"+{text}" if value > 0.05 else text


def _sections(text: str, headings: list[str]) -> list[str]:
    """``text`` cut at each heading (in order): the part from one heading to the next."""
    starts = []
    for heading in headings:
        at = text.find(heading, starts[-1] + 1 if starts else 0)
        assert at >= 0, f"no heading {heading!r}"
        starts.append(at)
    return [text[a:b] for a, b in zip(starts, [*starts[1:], len(text)], strict=True)]


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_table_numbers_equal_the_json(
    runs: dict[str, Result], data: dict[str, Any], lang: str
) -> None:
    result = runs[lang]
    assert result.returncode == 0, result.describe()
    _ = translator(lang)
    comparison, alternatives = comparison_and_alternatives(data)
    assert len(alternatives) == len(yaml.safe_load(example_text())["alternatives"]) - 1
    headings = [
        _("{alternative} compared with {comparison}").format(
            alternative=a["label"][lang], comparison=comparison["label"][lang]
        )
        for a in alternatives
    ]
    with_cash = data["meta"]["capacity_lines"]
    # One section per alternative, in order: its payer table, IRR line and outcomes table.
    for alternative, section in zip(alternatives, _sections(result.stdout, headings), strict=True):
        vs = alternative["vs_comparison"]
        expected: list[tuple[str, list[str]]] = []
        for payer in data["payers"]:
            pid = payer["id"]
            hidden = (
                payer["parent"] is not None
                and vs["pv_costs"]["by_payer"][pid] == 0.0
                and vs["pv_benefits"]["by_payer"][pid] == 0.0
            )
            # With cost lines marked 'frees: capacity', a last column gives the cash NPV.
            cash = [money(vs["cash"]["npv"]["by_payer"][pid], lang)] if with_cash else []
            if not hidden:
                expected.append(
                    (payer["label"][lang], _metric_cells(vs, "by_payer", pid, lang) + cash)
                )
        for scope, title in (
            ("public_finances", "Public finances"),
            ("socio_economic", "Socio-economic (total)"),
        ):
            cash = []
            if with_cash:
                by_perspective = vs["cash"]["npv"]["by_perspective"]
                cash = [money(by_perspective[scope], lang) if scope in by_perspective else ""]
            expected.append((_(title), _metric_cells(vs, "by_perspective", scope, lang) + cash))

        rows = _table_rows(section, 8 if with_cash else 7)
        assert len(rows) == len(expected), rows
        for row, (label, cells) in zip(rows, expected, strict=True):
            assert label.startswith(row[0]), (row, label)  # long labels wrap onto a second line
            assert row[1:] == cells, (label, row, cells)

        npv_total = money(vs["npv"]["total"], lang)
        assert npv_total in section
        assert percent(vs["irr"]["total"], lang) in section

        labels = {s["id"]: s["label"][lang] for s in data["states"]}
        outcomes = vs["outcomes"]
        expected_outcomes = [
            [
                labels[state],
                _signed(outcomes["person_years_diff_undiscounted"][state], lang),
                _signed(outcomes["person_years_diff"][state], lang),
                _signed(outcomes["entries_diff"][state], lang),
            ]
            for state in outcomes["person_years_diff"]
        ]
        assert _table_rows(section, 4) == expected_outcomes
    assert data["meta"]["scenario_hash"][:12] in result.stdout


# --------------------------------------------------------------------------------------
# run: the JSON


def test_run_json_has_the_documented_keys(data: dict[str, Any]) -> None:
    meta = data["meta"]
    assert meta["version"] == socinvest.__version__
    assert re.fullmatch(r"[0-9a-f]{64}", meta["scenario_hash"])
    example = yaml.safe_load(example_text())
    assert meta["seed"] == 1
    assert meta["price_year"] == example["analysis"]["price_year"]
    # The example takes its discount rate from the parameter library.
    assert example["analysis"]["discount_rate"] == {"param": "diskontering.ranta"}
    library_rate = default_library().parameters["diskontering.ranta"].values[-1].value
    assert meta["discount_rate"] == library_rate == 0.035  # ASEK's real rate, the default
    basis = meta["discount_rate_basis"]
    assert basis["parameter"] == "diskontering.ranta" and basis["kind"] == "library"
    assert basis["rate"] == 0.035 and "ASEK" in basis["label"]["en"]
    assert basis["sources"][0]["publisher"].startswith("Trafikverket")
    assert meta["timing"] == example["analysis"]["timing"]
    assert meta["start_year"] == example["analysis"]["start_year"]

    payer_ids = default_payer_ids()
    assert [p["id"] for p in data["payers"]] == payer_ids
    assert {"kommun", "kommun.socialtjanst", "region", "stat", "individ"} <= set(payer_ids)

    assert [a["id"] for a in data["alternatives"]] == [a["id"] for a in example["alternatives"]]
    metrics = ("npv", "pv_costs", "pv_benefits", "bcr", "roi", "irr", "payback_year")
    for alternative in data["alternatives"]:
        assert {"id", "comparison", "totals", "vs_comparison"} <= set(alternative)
        totals = alternative["totals"]
        for key in ("cost_by_payer", "cost_total", "person_years", "person_years_undiscounted"):
            assert key in totals
        assert list(totals["cost_by_payer"]) == payer_ids
        state_ids = [s.id for s in example_scenario().model.states]
        assert list(totals["person_years"]) == state_ids
        assert list(totals["person_years_undiscounted"]) == state_ids
        vs = alternative["vs_comparison"]
        if alternative["comparison"]:
            assert vs is None
            continue
        for name in metrics:
            assert {"total", "by_payer"} <= set(vs[name]), name
            assert list(vs[name]["by_payer"]) == payer_ids, name
        term = vs["term_of_office"]
        assert term["years"] == example["analysis"]["term_of_office"]
        for name in metrics:
            assert {"total", "by_payer"} <= set(term[name]), name


def _json_constant(name: str) -> None:
    raise ValueError(f"the JSON holds {name}, which is not valid JSON")


def test_run_json_is_strict_json(runs: dict[str, Result]) -> None:
    json.loads(runs["json"].stdout, parse_constant=_json_constant)


def _scopes(vs: dict[str, Any]) -> Iterator[tuple[str, str]]:
    yield "total", ""
    for pid in vs["npv"]["by_payer"]:
        yield "by_payer", pid
    for scope in vs["npv"]["by_perspective"]:
        yield "by_perspective", scope


def _pick(block: dict[str, Any], key: str, scope: str) -> Any:
    return block[key] if key == "total" else block[key][scope]


def _intervention_payers(alternative_id: str) -> set[str]:
    """The payers of the intervention costs of an alternative of the shipped example."""
    scenario = example_scenario()
    chosen = next(a for a in scenario.alternatives if a.id == alternative_id).interventions
    return {c.payer for i in scenario.interventions if i.id in chosen for c in i.costs}


def test_run_json_metrics_are_consistent(data: dict[str, Any]) -> None:
    comparison, alternatives = comparison_and_alternatives(data)
    for alternative in alternatives:
        vs = alternative["vs_comparison"]
        scale = abs(vs["npv"]["total"])
        for block in (vs, vs["term_of_office"]):
            for key, scope in _scopes(block):
                npv = _pick(block["npv"], key, scope)
                costs = _pick(block["pv_costs"], key, scope)
                benefits = _pick(block["pv_benefits"], key, scope)
                assert_close(npv, benefits - costs, scale, f"npv {key} {scope}")
                bcr, roi = _pick(block["bcr"], key, scope), _pick(block["roi"], key, scope)
                if bcr is not None:
                    assert_close(bcr, benefits / costs, 1.0, f"bcr {key} {scope}")
                    assert_close(roi, npv / costs, 1.0, f"roi {key} {scope}")
                else:
                    assert roi is None
            assert block["npv"]["total"] == block["npv"]["by_perspective"]["socio_economic"]

        # Transfers net to zero, so the top-level payers' NPVs add up to the total.
        top = [p for p in data["payers"] if p["parent"] is None]
        by_payer = vs["npv"]["by_payer"]
        total = vs["npv"]["total"]
        assert_close(sum(by_payer[p["id"]] for p in top), total, scale, "sum of top")
        public = sum(by_payer[p["id"]] for p in top if p["public"])
        assert_close(public, vs["npv"]["by_perspective"]["public_finances"], scale, "public")

        # NPV is what the comparison costs each scope minus what the alternative costs it.
        for pid, npv in by_payer.items():
            saved = (
                comparison["totals"]["cost_by_payer"][pid]
                - alternative["totals"]["cost_by_payer"][pid]
            )
            assert_close(npv, saved, scale, f"npv {pid} from totals")
        saved_total = comparison["totals"]["cost_total"] - alternative["totals"]["cost_total"]
        assert_close(vs["npv"]["total"], saved_total, scale, "npv total from totals")

        # Each alternative of the example invests through one committee of the municipality
        # (universal: the preschool; indicated: social services): its roll-up carries the
        # whole cost.
        (payer,) = _intervention_payers(alternative["id"])
        assert payer.startswith("kommun.")
        costs = vs["pv_costs"]["by_payer"]
        assert costs["kommun"] == pytest.approx(costs[payer])
        assert costs["kommun"] == pytest.approx(vs["pv_costs"]["total"])
        assert vs["irr"]["total"] is not None
    # The example's message: the indicated offer pays back, the universal one does not.
    npv = {a["id"]: a["vs_comparison"]["npv"]["total"] for a in alternatives}
    assert npv["indicated"] > 0 > npv["universal"]


def test_run_json_outcomes_match_the_totals(data: dict[str, Any]) -> None:
    comparison, alternatives = comparison_and_alternatives(data)
    for alternative in alternatives:
        outcomes = alternative["vs_comparison"]["outcomes"]
        for key, diff_key in (
            ("person_years", "person_years_diff"),
            ("person_years_undiscounted", "person_years_diff_undiscounted"),
            ("entries", "entries_diff"),
        ):
            for state, diff in outcomes[diff_key].items():
                expected = alternative["totals"][key][state] - comparison["totals"][key][state]
                assert_close(diff, expected, 1.0, f"{alternative['id']} {diff_key} {state}")


def test_json_payback_is_null_when_nothing_was_invested(data: dict[str, Any]) -> None:
    _comparison, alternatives = comparison_and_alternatives(data)
    for alternative in alternatives:
        vs = alternative["vs_comparison"]
        for pid, flag in vs["bcr_flag"]["by_payer"].items():
            if flag == "no_costs":
                assert vs["payback_year"]["by_payer"][pid] is None, pid


def test_scenario_hash_is_stable_and_tracks_numbers(
    runs: dict[str, Result], data: dict[str, Any], workdir: Path
) -> None:
    digest = data["meta"]["scenario_hash"]
    from_file = json.loads((workdir / "out_mid" / "results.json").read_text(encoding="utf-8"))
    assert from_file["meta"]["scenario_hash"] == digest  # a second run
    assert runs["validate_json"].json()["scenario_hash"] == digest
    comment_only = runs["comment_only"]
    assert comment_only.returncode == 0, comment_only.describe()
    assert comment_only.json()["scenario_hash"] == digest  # formatting does not count
    changed = runs["changed_number"]
    assert changed.returncode == 0, changed.describe()
    assert changed.json()["meta"]["scenario_hash"] != digest


# --------------------------------------------------------------------------------------
# run --out: ledger.csv, person_years.csv, results.json


def test_run_out_writes_the_files(
    runs: dict[str, Result], workdir: Path, data: dict[str, Any]
) -> None:
    result = runs["sv"]
    assert result.returncode == 0, result.describe()
    folder = workdir / "out_mid"
    assert sorted(p.name for p in folder.iterdir()) == [
        "ledger.csv",
        "person_years.csv",
        "results.json",
    ]
    written = translator("sv")("Ledger and results written to {folder}").format(folder="out_mid")
    assert written in flat(result.stdout)
    # The file holds the same results as the JSON printed by another run of the example.
    assert json.loads((folder / "results.json").read_text(encoding="utf-8")) == data
    with (folder / "ledger.csv").open(encoding="utf-8") as handle:
        header = handle.readline().strip()
    assert header == "alternative,year,payer,category,amount_sek,of_which_intervention_sek"


@dataclass(frozen=True)
class Written:
    """What ``run --out`` wrote, with the discount factor of each year."""

    results: dict[str, Any]
    ledger: list[dict[str, str]]
    person_years: list[dict[str, str]]

    def factor(self, year: str | int, rate_key: str = "discount_rate") -> float:
        meta = self.results["meta"]
        t = int(year) - meta["start_year"]
        return float((1.0 + meta[rate_key]) ** -(t + TIMING_OFFSET[meta["timing"]]))

    def pv(self, alternative: str, keep: Callable[[dict[str, str]], bool], column: str) -> float:
        return sum(
            float(row[column]) * self.factor(row["year"])
            for row in self.ledger
            if row["alternative"] == alternative and keep(row)
        )


@pytest.fixture(scope="module", params=["mid", "start", "end"])
def written(request: pytest.FixtureRequest, runs: dict[str, Result], workdir: Path) -> Written:
    timing = request.param
    result = runs["sv" if timing == "mid" else f"out_{timing}"]
    assert result.returncode == 0, result.describe()
    folder = workdir / f"out_{timing}"
    results = json.loads((folder / "results.json").read_text(encoding="utf-8"))
    assert results["meta"]["timing"] == timing
    if timing != "mid":
        assert result.json() == results
    return Written(results, read_csv(folder / "ledger.csv"), read_csv(folder / "person_years.csv"))


def test_ledger_reproduces_cost_by_payer(written: Written) -> None:
    payers = [p["id"] for p in written.results["payers"]]
    assert {row["payer"] for row in written.ledger} <= set(payers)
    for alternative in written.results["alternatives"]:
        totals = alternative["totals"]
        scale = max(abs(v) for v in totals["cost_by_payer"].values())
        for pid in payers:

            def keep(row: dict[str, str], p: str = pid) -> bool:
                return in_subtree(row["payer"], p)

            pv = written.pv(alternative["id"], keep, "amount_sek")
            assert_close(
                totals["cost_by_payer"][pid], pv, 1e-3 * scale, f"{alternative['id']} {pid}"
            )


def test_ledger_reproduces_the_perspectives(written: Written) -> None:
    public_tops = [
        p["id"] for p in written.results["payers"] if p["parent"] is None and p["public"]
    ]
    for alternative in written.results["alternatives"]:
        totals = alternative["totals"]
        socio = written.pv(
            alternative["id"], lambda r: r["category"] in ("resource", "production"), "amount_sek"
        )
        assert_close(totals["cost_total"], socio, 1.0, "socio-economic")
        everything = written.pv(alternative["id"], lambda r: True, "amount_sek")
        assert_close(totals["cost_total"], everything, abs(socio), "transfers net to zero")
        public = written.pv(
            alternative["id"],
            lambda r: any(in_subtree(r["payer"], top) for top in public_tops),
            "amount_sek",
        )
        assert_close(totals["cost_by_perspective"]["public_finances"], public, 1.0, "public")
    transfers: dict[tuple[str, str], float] = defaultdict(float)
    for row in written.ledger:
        if row["category"] == "transfer":
            transfers[row["alternative"], row["year"]] += float(row["amount_sek"])
    assert transfers, "the example has transfers (income support)"
    assert max(abs(v) for v in transfers.values()) < 1e-3


def test_ledger_direct_shares_and_children_add_up_to_each_npv(written: Written) -> None:
    """npv[node] = the node's own direct flows (from the ledger) + the npv of its children."""
    results = written.results
    comparison, alternatives = comparison_and_alternatives(results)
    for alternative in alternatives:
        vs = alternative["vs_comparison"]
        npv = vs["npv"]["by_payer"]
        scale = abs(vs["npv"]["total"])
        for payer in results["payers"]:
            pid = payer["id"]

            def own(row: dict[str, str], p: str = pid) -> bool:
                return row["payer"] == p

            direct = written.pv(comparison["id"], own, "amount_sek") - written.pv(
                alternative["id"], own, "amount_sek"
            )
            children = [c["id"] for c in results["payers"] if c["parent"] == pid]
            assert_close(npv[pid], direct + sum(npv[c] for c in children), scale, pid)
        kommun_children = sum(npv[p] for p in npv if p.startswith("kommun."))
        assert npv["kommun"] != pytest.approx(kommun_children)  # kommun has a direct tax share


def test_ledger_intervention_column_gives_the_pv_of_costs(written: Written) -> None:
    comparison, alternatives = comparison_and_alternatives(written.results)
    for alternative in alternatives:
        vs = alternative["vs_comparison"]
        for pid in (
            "kommun",
            "kommun.socialtjanst",
            "kommun.forskola",
            "region",
            "stat",
            "individ",
        ):

            def keep(row: dict[str, str], p: str = pid) -> bool:
                return in_subtree(row["payer"], p)

            costs = written.pv(alternative["id"], keep, "of_which_intervention_sek") - written.pv(
                comparison["id"], keep, "of_which_intervention_sek"
            )
            assert_close(vs["pv_costs"]["by_payer"][pid], costs, 1.0, f"{alternative['id']} {pid}")


def test_ledger_gives_the_irr_and_payback(written: Written) -> None:
    results = written.results
    comparison, alternatives = comparison_and_alternatives(results)
    years = results["meta"]["years"]
    for alternative in alternatives:
        vs = alternative["vs_comparison"]
        net = dict.fromkeys(years, 0.0)  # socio-economic net benefit by year
        for row in written.ledger:
            if row["category"] not in ("resource", "production"):
                continue
            if row["alternative"] == comparison["id"]:
                net[int(row["year"])] += float(row["amount_sek"])
            elif row["alternative"] == alternative["id"]:
                net[int(row["year"])] -= float(row["amount_sek"])
        flows = [net[y] for y in years]
        rate = vs["irr"]["total"]
        at_irr = sum(c * (1.0 + rate) ** -t for t, c in enumerate(flows))
        assert abs(at_irr) <= 1e-6 * sum(abs(c) for c in flows)
        cumulative, payback = 0.0, None
        for year, c in zip(years, flows, strict=True):
            cumulative += c * written.factor(year)
            if cumulative < 0:
                payback = None
            elif payback is None:
                payback = year
        assert vs["payback_year"]["total"] == payback
        # The term of office is the first years of the same flows.
        term = results["meta"]["term_of_office"]
        term_npv = sum(
            c * written.factor(y) for y, c in zip(years[:term], flows[:term], strict=True)
        )
        assert_close(vs["term_of_office"]["npv"]["total"], term_npv, 1.0, "term of office")


def test_person_years_csv_reproduces_the_totals(written: Written) -> None:
    assert list(written.person_years[0]) == [
        "alternative",
        "year",
        "state",
        "person_years",
        "entries",
    ]
    for alternative in written.results["alternatives"]:
        rows = [r for r in written.person_years if r["alternative"] == alternative["id"]]
        totals = alternative["totals"]
        for state in totals["person_years"]:
            mine = [r for r in rows if r["state"] == state]
            undiscounted = sum(float(r["person_years"]) for r in mine)
            discounted = sum(
                float(r["person_years"]) * written.factor(r["year"], "outcome_discount_rate")
                for r in mine
            )
            entries = sum(float(r["entries"]) for r in mine)
            assert_close(totals["person_years_undiscounted"][state], undiscounted, 1.0, state)
            assert_close(totals["person_years"][state], discounted, 1.0, state)
            assert_close(totals["entries"][state], entries, 1.0, state)


# --------------------------------------------------------------------------------------
# validate


def test_validate_accepts_the_example(runs: dict[str, Result]) -> None:
    result = runs["validate"]
    assert result.returncode == 0, result.describe()
    assert "x.yaml" in result.stdout and "parenting_programme" in result.stdout
    assert "x.yaml: giltigt scenario 'parenting_programme'" in flat(result.stdout)


def test_validate_json(runs: dict[str, Result]) -> None:
    result = runs["validate_json"]
    assert result.returncode == 0, result.describe()
    summary = result.json()
    example = yaml.safe_load(example_text())
    assert summary["valid"] is True
    assert summary["scenario_id"] == example["id"]
    assert example["model"] == {"use": "sverige"}  # the shipped Swedish model
    assert summary["states"] == len(example_scenario().model.states) == 11
    assert summary["interventions"] == len(example["interventions"])
    assert summary["alternatives"] == len(example["alternatives"])


# --------------------------------------------------------------------------------------
# Bad input


@dataclass(frozen=True)
class BadCase:
    """An example with one edit: where the problem is and what the message says.

    ``base`` is the file edited: ``"example"``, the shipped example, or ``"inline"``, the
    scenario with its model written out (``INLINE_MODEL``), for errors inside a model.
    """

    name: str
    edit: Callable[[list[str]], list[str]]
    line: int
    field: str
    says: str
    base: str = "example"


BAD_CASES = [
    BadCase(
        "invalid_yaml",
        lambda s: replace_on(
            s,
            68,
            "{sv: Alla fyraåringar i kommunen, en:",
            "{sv: Alla fyraåringar i kommunen en:",
        ),
        68,
        "",
        "not valid YAML",
    ),
    BadCase(
        "duplicate_key",
        lambda s: insert_after(s, 406, "term_of_office: 4", "  timing: end"),
        407,
        "analysis.timing",
        "duplicate key 'timing' (first given on line 405)",
    ),
    BadCase(
        "unknown_state",
        lambda s: replace_on(s, 38, "placed: 0.02", "plcaed: 0.02"),
        38,
        "model.transitions[0].probabilities.at_risk.plcaed",
        "unknown state 'plcaed'",
        base="inline",
    ),
    BadCase(
        "unknown_payer",
        lambda s: replace_on(s, 225, "payer: kommun.socialtjanst", "payer: kommun.socialtjansten"),
        225,
        "interventions[1].costs[0].payer",
        "unknown payer 'kommun.socialtjansten'",
    ),
    BadCase(
        "probability_above_one",
        lambda s: replace_on(s, 38, "on_track: 0.10", "on_track: 1.10"),
        38,
        "model.transitions[0].probabilities.at_risk.on_track",
        "expected a probability in [0, 1], found 1.1",
        base="inline",
    ),
    BadCase(
        "row_not_summing_to_one",
        lambda s: replace_on(s, 40, "working: {working: 1}", "working: {working: 0.9}"),
        40,
        "model.transitions[0].probabilities.working",
        "expected probabilities summing to 1, found 0.9",
        base="inline",
    ),
    BadCase(
        "effect_window_outside_horizon",
        lambda s: replace_on(s, 326, "years: 0", "ages: 70-75"),
        326,
        "interventions[1].effects[0].ages",
        "ages 70-75 fall outside the horizon",
    ),
    BadCase(
        "unknown_payer_in_model",
        lambda s: replace_on(s, 71, "payer: kommun.socialtjanst", "payer: kommun.socialtjansten"),
        71,
        "model.costs[0].payer",
        "unknown payer 'kommun.socialtjansten'",
        base="inline",
    ),
    BadCase(
        "unknown_field",
        lambda s: insert_after(
            s,
            226,
            "per_participant: {param: foraldraprogram.kostnad_per_familj}",
            "        colour: red",
        ),
        227,
        "interventions[1].costs[0].colour",
        "unknown field",
    ),
    BadCase(
        "unknown_state_in_effect",
        lambda s: replace_on(s, 229, "from: at_risk", "from: plcaed"),
        229,
        "interventions[1].effects[0].from",
        "unknown state 'plcaed'",
    ),
]


FORMS = ("text", "json")
"""Each bad case is run once, as text (stderr) or as JSON; ``validate`` and ``run`` take
turns, so both commands meet both forms."""


def _bad_call(index: int) -> tuple[str, str]:
    return FORMS[index % 2], ("validate", "run")[(index // 2) % 2]


@pytest.fixture(scope="module")
def bad_runs(workdir: Path, example_lines: list[str]) -> dict[str, Result]:
    folder = workdir / "bad"
    folder.mkdir()
    bases = {
        "example": example_lines,
        "inline": INLINE_MODEL.read_text(encoding="utf-8").splitlines(),
    }
    calls: dict[str, Call] = {}
    for index, case in enumerate(BAD_CASES):
        name = f"{case.name}.yaml"
        write_lines(folder / name, case.edit(bases[case.base]))
        form, command = _bad_call(index)
        json_option = ("--format", "json") if form == "json" else ()
        calls[case.name] = Call((command, name, "--lang", "en", *json_option), cwd=folder)
    calls["missing/text"] = Call(("validate", "missing.yaml"), cwd=folder)
    calls["missing/json"] = Call(("run", "missing.yaml", "--format", "json"), cwd=folder)
    return cli_batch(calls)


def _problem_prefix(name: str, line: int | None, field_path: str) -> str:
    where = name if line is None else f"{name}:{line}"
    return f"{where}: {field_path}: " if field_path else f"{where}: "


@pytest.mark.parametrize("index", range(len(BAD_CASES)), ids=[c.name for c in BAD_CASES])
def test_bad_input_names_file_line_and_field(bad_runs: dict[str, Result], index: int) -> None:
    case = BAD_CASES[index]
    result = bad_runs[case.name]
    assert result.returncode == 2, result.describe()
    assert "Traceback" not in result.output
    name = f"{case.name}.yaml"
    if _bad_call(index)[0] == "text":
        assert result.stdout == ""
        assert "Error: the input has problems:" in result.stderr
        assert _problem_prefix(name, case.line, case.field) in result.stderr
        assert case.says in flat(result.stderr)
    else:
        report = result.json()
        assert report["valid"] is False
        located = [(p["file"], p["line"], p["field"]) for p in report["problems"]]
        assert (name, case.line, case.field) in located
        assert all(p["message"] for p in report["problems"])
        assert any(case.says in p["message"] for p in report["problems"])


def test_bad_input_reaches_both_commands_in_both_forms() -> None:
    assert {_bad_call(i) for i in range(len(BAD_CASES))} == {
        (form, command) for form in FORMS for command in ("validate", "run")
    }
    for base in ("example", "inline"):
        indices = [i for i, case in enumerate(BAD_CASES) if case.base == base]
        assert {_bad_call(i) for i in indices} == {
            (form, command) for form in FORMS for command in ("validate", "run")
        }, base


def test_the_inline_model_scenario_is_valid() -> None:
    """The file the model errors are made in is itself valid (only the edit is wrong)."""
    scenario = socinvest.load_scenario(INLINE_MODEL)
    assert scenario.model.transitions and scenario.model.costs


def test_missing_file(bad_runs: dict[str, Result]) -> None:
    result = bad_runs["missing/text"]
    assert result.returncode == 2, result.describe()
    assert "Traceback" not in result.output and result.stdout == ""
    assert "Fel: indata har problem:" in result.stderr  # the default language is Swedish
    assert "missing.yaml: " in result.stderr
    result = bad_runs["missing/json"]
    assert result.returncode == 2, result.describe()
    assert "Traceback" not in result.output
    report = result.json()
    assert report["valid"] is False
    assert report["problems"][0]["file"] == "missing.yaml"
    assert report["problems"][0]["line"] is None


def test_each_problem_is_on_one_line(bad_runs: dict[str, Result]) -> None:
    result = bad_runs["unknown_state"]
    assert result.returncode == 2
    lines = result.stderr.splitlines()[1:]
    assert lines and all(line.startswith("  unknown_state.yaml:38: ") for line in lines), lines


# --------------------------------------------------------------------------------------
# schema


def test_schema_is_json_schema(runs: dict[str, Result], workdir: Path) -> None:
    result = runs["schema"]
    assert result.returncode == 0, result.describe()
    schema = result.json()
    assert schema["$schema"].startswith("https://json-schema.org/")
    assert {"model", "target_group", "alternatives", "analysis", "id", "title"} <= set(
        schema["properties"]
    )
    written = runs["schema_out"]
    assert written.returncode == 0, written.describe()
    assert written.stdout == ""
    assert json.loads((workdir / "schema.json").read_text(encoding="utf-8")) == schema


class _JsonLikeLoader(yaml.SafeLoader):
    """YAML as an editor's schema checker sees it: dates stay strings (JSON has no dates)."""


_JsonLikeLoader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _schema_validator(runs: dict[str, Result]) -> Any:
    jsonschema = pytest.importorskip("jsonschema")
    schema = runs["schema"].json()
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    return validator_class(schema)


def test_schema_accepts_the_example(runs: dict[str, Result]) -> None:
    validator = _schema_validator(runs)
    example = yaml.load(example_text(), Loader=_JsonLikeLoader)
    # The example names the shipped Swedish model ({use: sverige}); check the model it stands
    # for, written out, together with the rest of the example.
    assert example["model"] == {"use": "sverige"}
    model = resources.files("socinvest").joinpath("data", "models", "sverige.yaml")
    example["model"] = yaml.load(model.read_text(encoding="utf-8"), Loader=_JsonLikeLoader)
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(example)]
    assert errors == []
    # ...and refuses an unknown field, as the loader does.
    example["analysis"]["horizn"] = 3
    assert not validator.is_valid(example)


def test_schema_accepts_a_shipped_model_reference(runs: dict[str, Result]) -> None:
    validator = _schema_validator(runs)
    example = yaml.load(example_text(), Loader=_JsonLikeLoader)
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(example)]
    assert errors == []


# --------------------------------------------------------------------------------------
# example


def test_example_lists_the_examples(runs: dict[str, Result]) -> None:
    result = runs["example_list"]
    assert result.returncode == 0, result.describe()
    title = yaml.safe_load(example_text())["title"]["sv"]
    assert EXAMPLE in result.stdout
    assert title in flat(result.stdout)
    listing = runs["example_list_json"].json()
    assert isinstance(listing, list) and listing
    assert all({"name", "title"} <= set(item) for item in listing)
    assert {"name": EXAMPLE, "id": "parenting_programme", "title": title} in listing


def test_example_writes_the_shipped_text(example_file: Path) -> None:
    assert example_file.read_text(encoding="utf-8") == example_text()


def test_example_overwrites_only_with_force(workdir: Path) -> None:
    folder = workdir / "overwrite"
    folder.mkdir()
    target = folder / "mine.yaml"
    first = run_cli("example", EXAMPLE, "--out", "mine.yaml", cwd=folder)
    assert first.returncode == 0, first.describe()
    assert "mine.yaml" in first.stdout
    target.write_text("# my own edits\n", encoding="utf-8")

    again = run_cli("example", EXAMPLE, "--out", "mine.yaml", "--lang", "en", cwd=folder)
    assert again.returncode == 2, again.describe()
    assert "Traceback" not in again.output
    assert "mine.yaml" in again.stderr and "--force" in again.stderr
    assert target.read_text(encoding="utf-8") == "# my own edits\n"

    forced = run_cli("example", EXAMPLE, "--out", "mine.yaml", "--force", cwd=folder)
    assert forced.returncode == 0, forced.describe()
    assert target.read_text(encoding="utf-8") == example_text()


def test_unknown_example_lists_the_known_ones(runs: dict[str, Result]) -> None:
    result = runs["example_unknown"]
    assert result.returncode == 2, result.describe()
    assert "Traceback" not in result.output
    assert "no-such-example" in result.stderr
    assert EXAMPLE in result.stderr


# --------------------------------------------------------------------------------------
# Rough edges: bad input that escapes as a traceback or in the wrong form


@pytest.fixture(scope="module")
def rough_runs(workdir: Path, example_file: Path, example_lines: list[str]) -> dict[str, Result]:
    folder = workdir / "rough"
    folder.mkdir()
    (folder / "a_file").write_text("", encoding="utf-8")
    write_lines(
        folder / "alias_loop.yaml",
        replace_on(
            example_lines,
            76,
            "initial_states: {on_track: 0.9643, at_risk: 0.0323, placed: 0.0034}",
            "initial_states: &loop {at_risk: *loop}",
        ),
    )
    write_lines(
        folder / "python_tag.yaml",
        replace_on(example_lines, 16, "id: parenting_programme", "id: !!python/name:os.system x"),
    )
    shutil.copy(example_file, folder / "x.yaml")
    return cli_batch(
        {
            "schema_out": Call(("schema", "--out", "no_such_dir/s.json"), cwd=folder),
            "example_out": Call(("example", EXAMPLE, "--out", "no_such_dir/x.yaml"), cwd=folder),
            "run_out_json": Call(
                ("run", "x.yaml", "--out", "a_file", "--format", "json"), cwd=folder
            ),
            "alias_loop": Call(("validate", "alias_loop.yaml", "--lang", "en"), cwd=folder),
            "python_tag": Call(("validate", "python_tag.yaml", "--lang", "en"), cwd=folder),
        }
    )


def test_schema_out_to_a_missing_folder(rough_runs: dict[str, Result]) -> None:
    result = rough_runs["schema_out"]
    assert "Traceback" not in result.output, result.describe()
    assert result.returncode == 2


def test_example_out_to_a_missing_folder(rough_runs: dict[str, Result]) -> None:
    result = rough_runs["example_out"]
    assert "Traceback" not in result.output, result.describe()
    assert result.returncode == 2


def test_run_out_to_a_file_is_bad_input(rough_runs: dict[str, Result]) -> None:
    result = rough_runs["run_out_json"]
    assert result.returncode == 2, result.describe()
    assert "Traceback" not in result.output
    assert "a_file" in result.output


def test_run_out_error_is_json_with_format_json(rough_runs: dict[str, Result]) -> None:
    result = rough_runs["run_out_json"]
    assert result.json()["valid"] is False


def test_recursive_yaml_alias_is_bad_input(rough_runs: dict[str, Result]) -> None:
    result = rough_runs["alias_loop"]
    assert "Traceback" not in result.output, result.describe()
    assert result.returncode == 2
    assert "alias_loop.yaml:76:" in result.stderr


def test_python_tag_is_refused(rough_runs: dict[str, Result]) -> None:
    result = rough_runs["python_tag"]
    assert result.returncode == 2, result.describe()
    assert "Traceback" not in result.output
    assert "python_tag.yaml" in result.stderr


def test_python_tag_error_has_the_line(rough_runs: dict[str, Result]) -> None:
    result = rough_runs["python_tag"]
    assert "python_tag.yaml:16: " in result.stderr, result.describe()
    assert "<unicode string>" not in result.stderr
