"""What the routes call: the analysis of a stored scenario version (as ``socinvest run``
does), the full report (as ``socinvest report``), a stored run (as ``run --save``) and the
follow-up report of an investment (as ``socinvest followup report``). Thin calls into the
store, the analysis and the reports; no numbers are made here."""

from __future__ import annotations

import json
import tempfile
import threading
from collections import OrderedDict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from socinvest.analysis.case import build_case
from socinvest.analysis.results import analyse
from socinvest.i18n import N_, translator
from socinvest.params.errors import InputError, Message, Problem
from socinvest.params.library import ParameterLibrary, default_library
from socinvest.reports.followup_labels import followup_labels
from socinvest.reports.formatting import money
from socinvest.reports.results_json import results_json
from socinvest.scenario.model import Scenario
from socinvest.store import Store
from socinvest.store.investments import InvestmentRecord
from socinvest.store.runs import library_with_params, save_run
from socinvest.store.scenarios import VersionInfo, parse_checked

PERSPECTIVES = ("public_finances", "socio_economic")
"""The perspectives the summary shows below the payers."""

EVALUATION_FIXED_COST = 100_000.0
"""The fixed cost of a further local evaluation (SEK) the follow-up report assumes, as
``socinvest followup report`` does by default: an assumption, not a sourced figure."""

EVALUATION_COST_PER_PARTICIPANT_YEAR = 2_000.0
"""Following one participant and one in the comparison group for a year (SEK): the same
default assumption."""

PERSPECTIVE_LABELS = {
    "public_finances": N_("Public finances"),
    "socio_economic": N_("Socio-economic (all of society)"),
}


def results_text(data: dict[str, Any], source: str) -> str:
    """The results JSON as ``socinvest run --format json`` writes it (so that ``socinvest
    runs rerun`` compares it bit for bit).

    Raises
    ------
    InputError
        If a result is not a finite number.
    """
    try:
        return json.dumps(data, ensure_ascii=False, indent=2, allow_nan=False)
    except ValueError:
        problem = Problem.of(
            "",
            N_(
                "the result is not a finite number: some input is too large or too extreme "
                "for the calculation (check the amounts, sizes and rates)"
            ),
        )
        raise InputError(source, [problem]) from None


def version_source(scenario: str, number: int) -> str:
    """How a stored version is named in messages."""
    return f"{scenario} v{number}"


def load_version(version: VersionInfo) -> tuple[Scenario, ParameterLibrary, str]:
    """The parsed scenario of a stored version, with the shipped parameter library.

    Raises
    ------
    BadFileError
        If the text no longer validates (the library changed since it was saved).
    """
    library = default_library()
    source = version_source(version.scenario, version.number)
    return parse_checked(version.text, source, library), library, source


class ResultsCache:
    """The deterministic results JSON of scenario versions, by content hash (the newest
    ``size`` kept): a results page is computed once, not on every view."""

    def __init__(self, size: int = 32) -> None:
        self.size = size
        self._data: OrderedDict[str, dict[str, Any]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> dict[str, Any] | None:
        """The cached results of ``key``."""
        with self._lock:
            found = self._data.get(key)
            if found is not None:
                self._data.move_to_end(key)
            return found

    def put(self, key: str, data: dict[str, Any]) -> None:
        """Keep ``data`` as the results of ``key``."""
        with self._lock:
            self._data[key] = data
            while len(self._data) > self.size:
                self._data.popitem(last=False)


def deterministic_results(version: VersionInfo) -> dict[str, Any]:
    """The results JSON of a version without draws (``socinvest run`` without --draws)."""
    model, library, _source = load_version(version)
    return results_json(analyse(model, library, draws=0))


@dataclass(frozen=True)
class SummaryRow:
    """One payer or perspective of the per-payer summary: its label, its depth in the payer
    tree and the net present value of each alternative against the comparison."""

    id: str
    label: str
    depth: int
    values: tuple[str, ...]
    negative: tuple[bool, ...]


@dataclass(frozen=True)
class Summary:
    """The per-payer summary of a run: the alternatives compared (their labels) and rows."""

    title: str
    comparison: str
    alternatives: tuple[str, ...]
    rows: tuple[SummaryRow, ...]
    perspectives: tuple[SummaryRow, ...]
    price_year: int
    first_year: int
    last_year: int


def per_payer_summary(data: dict[str, Any], lang: str) -> Summary:
    """The net present value per payer (each payer's budget view, roll-ups included) and
    per perspective of every alternative against the comparison, as the results JSON has
    it, formatted for ``lang``."""
    _ = translator(lang)
    alternatives = [a for a in data["alternatives"] if a["vs_comparison"] is not None]
    comparison = next(a for a in data["alternatives"] if a["vs_comparison"] is None)
    depth: dict[str, int] = {}
    rows: list[SummaryRow] = []
    for payer in data["payers"]:
        parent = payer["parent"]
        depth[payer["id"]] = 0 if parent is None else depth.get(parent, 0) + 1
        values = [a["vs_comparison"]["npv"]["by_payer"][payer["id"]] for a in alternatives]
        rows.append(_row(payer["id"], payer["label"][lang], depth[payer["id"]], values, lang))
    perspectives = tuple(
        _row(p, _(PERSPECTIVE_LABELS[p]), 0,
             [a["vs_comparison"]["npv"]["by_perspective"][p] for a in alternatives], lang)
        for p in PERSPECTIVES
    )
    meta = data["meta"]
    return Summary(
        title=meta["title"][lang],
        comparison=comparison["label"][lang],
        alternatives=tuple(a["label"][lang] for a in alternatives),
        rows=tuple(rows),
        perspectives=perspectives,
        price_year=int(meta["price_year"]),
        first_year=int(meta["years"][0]),
        last_year=int(meta["years"][-1]),
    )


def _row(key: str, label: str, depth: int, values: list[float], lang: str) -> SummaryRow:
    return SummaryRow(
        id=key,
        label=label,
        depth=depth,
        values=tuple(money(v, lang) for v in values),
        negative=tuple(v < 0 for v in values),
    )


REPORT_KINDS: dict[str, tuple[str, str]] = {
    "pdf": ("application/pdf", ".pdf"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx"),
}
"""The downloadable report formats: media type and file suffix."""


@dataclass(frozen=True)
class ReportFile:
    """A report to download: its bytes, media type and file name."""

    content: bytes
    media_type: str
    filename: str


def report_html(version: VersionInfo, lang: str, draws: int, progress: Any) -> str:
    """The full report of a version (``socinvest report``) as one HTML page."""
    from socinvest.reports.html_report import render_html

    model, library, source = load_version(version)
    case = build_case(model, library, source=source, draws=draws, progress=progress)
    return render_html(case, lang)


def report_file(version: VersionInfo, lang: str, draws: int, progress: Any,
                kind: str) -> ReportFile:
    """The full report of a version as a PDF or Excel file (``socinvest report --out
    FILE.pdf|.xlsx``); the PDF needs ``socinvest[pdf]``."""
    from socinvest.reports.writer import write_report

    media_type, suffix = REPORT_KINDS[kind]
    model, library, source = load_version(version)
    case = build_case(model, library, source=source, draws=draws, progress=progress)
    with tempfile.TemporaryDirectory(prefix="socinvest-report-") as folder:
        path = Path(folder) / f"report{suffix}"
        write_report(case, path, lang)
        content = path.read_bytes()
    return ReportFile(content, media_type, f"{version.scenario}-v{version.number}{suffix}")


def store_run(
    store: Store, version: VersionInfo, draws: int, seed: int | None, progress: Any,
    params: tuple[tuple[str, str], ...] = (),
) -> int:
    """Run a version with ``draws`` draws and store it (``socinvest run --save``, with
    ``params``: ``--params``, each file's name and text, on top of the shipped library, in
    order); its id."""
    if params:
        library = library_with_params(params)
        source = version_source(version.scenario, version.number)
        model = parse_checked(version.text, source, library)
    else:
        model, library, source = load_version(version)
    data = results_json(analyse(model, library, draws=draws, seed=seed, progress=progress))
    meta = data["meta"]
    stored = save_run(
        store,
        scenario_text=version.text,
        scenario_name=version.scenario,
        params=params,
        seed=int(meta["seed"]),
        draws=draws,
        package_version=str(meta["version"]),
        scenario_hash=str(meta["scenario_hash"]),
        parameter_hash=str(meta["parameter_hash"]),
        results=results_text(data, source),
        organisation_name=version.organisation,
    )
    return stored.id


class NoPlanError(Exception):
    """The investment has no follow-up plan yet."""

    def __init__(self, text: Message) -> None:
        super().__init__(text.english)
        self.text = text


def followup_report_html(store: Store, decided: InvestmentRecord, lang: str) -> str:
    """The follow-up report of ``decided`` as HTML (see :func:`followup_report_file`)."""
    from socinvest.reports.followup_report import followup_html

    result, labels, plan = _followup(store, decided, lang)
    return followup_html(result, lang, labels=labels, plan=plan)


def followup_report_file(store: Store, decided: InvestmentRecord, lang: str,
                         kind: str) -> ReportFile:
    """The follow-up report of ``decided`` as a PDF or Excel file (``socinvest followup
    report --out FILE.pdf|.xlsx``); the PDF needs ``socinvest[pdf]``.

    Raises
    ------
    NoPlanError
        If the investment has no plan.
    BadFileError
        If its scenario no longer validates.
    """
    from socinvest.reports.followup_report import followup_pdf
    from socinvest.reports.followup_workbook import followup_workbook

    media_type, suffix = REPORT_KINDS[kind]
    result, labels, plan = _followup(store, decided, lang)
    write = followup_pdf if kind == "pdf" else followup_workbook
    content = write(result, lang, labels=labels, plan=plan)
    return ReportFile(content, media_type, f"{decided.name}-followup{suffix}")


def _followup(store: Store, decided: InvestmentRecord, lang: str) -> tuple[Any, Any, Any]:
    """The follow-up of ``decided`` (``socinvest followup report`` with its defaults: the
    decided scope, draws and seed, the default cost of the next evaluation), its labels in
    ``lang`` and its plan.

    Raises
    ------
    NoPlanError
        If the investment has no plan.
    BadFileError
        If its scenario no longer validates.
    """
    from socinvest.analysis.evsi import EvsiSettings
    from socinvest.store import audit_trail, get_observations, get_plan

    plan = get_plan(store, decided.id)
    if plan is None:
        raise NoPlanError(
            Message.of(
                N_(
                    "the investment {name} has no follow-up plan yet; add one with "
                    "'socinvest followup plan {name} PLAN.yaml'"
                ),
                name=decided.name,
            )
        )
    from socinvest.analysis.followup import follow_up

    observations = get_observations(store, decided.id)
    trail = audit_trail(store, decided.id)
    library = library_with_params(decided.params_files)
    source = version_source(decided.scenario_name, decided.scenario_version)
    scenario = parse_checked(decided.scenario_text, source, library)
    has_link = any(indicator.effect is not None for indicator in plan.indicators)
    result = follow_up(
        scenario,
        library,
        plan,
        observations,
        scope=decided.scope,
        draws=decided.draws,
        seed=decided.seed,
        evsi=EvsiSettings(
            years=1,
            cost_per_participant_year=EVALUATION_COST_PER_PARTICIPANT_YEAR,
            fixed_cost=EVALUATION_FIXED_COST,
        ) if has_link else None,
        investment=decided.name,
        audit=trail,
    )
    labels = followup_labels(scenario, lang, plan, decided.name)
    return result, labels, plan



def version_title(version: VersionInfo, lang: str) -> str | None:
    """The scenario's own title in ``lang`` (``title:`` of its file, e.g. the name given in
    the guided flow), or ``None`` when the file has none or cannot be read (its page then
    shows the name it is stored under)."""
    return _title(version.content_hash, version.text, lang)


@lru_cache(maxsize=256)
def _title(_content_hash: str, text: str, lang: str) -> str | None:
    import yaml

    try:
        document = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError:
        return None
    title = document.get("title") if isinstance(document, dict) else None
    if isinstance(title, dict):
        found = title.get(lang) or next(iter(title.values()), None)
        return found if isinstance(found, str) and found.strip() else None
    return (title.strip() or None) if isinstance(title, str) else None
