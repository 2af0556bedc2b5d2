"""What the results views of the web application call: the charts of a version's results,
the alternatives compared per payer, the right start age, cost-sharing, a fund, a run with
a parameter file. Thin calls into the analysis and the reports, as the command line makes
them (``socinvest report``, ``analyse compare``, ``analyse timing``, ``share``, ``fund``,
``run --params``); no numbers are made here, only laid out in tables beside the charts.

Each view is computed once, in a job (:mod:`socinvest.web.jobs`), in the language of the
page that asked for it, and kept in a small cache by the version's content hash and the
choices made.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from socinvest.analysis.case import REPORT_SCOPE, Case
from socinvest.analysis.compare import DEFAULT_OUTCOME, compare_alternatives
from socinvest.analysis.errors import OptionError
from socinvest.analysis.results import ScenarioResults, analyse
from socinvest.analysis.summary import PERSPECTIVES
from socinvest.i18n import translator
from socinvest.params.errors import InputError, Problem
from socinvest.params.library import ParameterLibrary, default_library, parse_overrides
from socinvest.reports import charts
from socinvest.reports.formatting import money, number, percent
from socinvest.reports.labels import scope_label
from socinvest.reports.sharing_labels import METHOD_NOTE, method_label, party_label
from socinvest.scenario.model import Scenario, text_in
from socinvest.store.errors import BadFileError
from socinvest.store.scenarios import VersionInfo, parse_checked
from socinvest.web.services import PERSPECTIVE_LABELS, version_source

Progress = Callable[[int, int], None] | None
ParamFiles = Sequence[tuple[str, str]]

VENDORED_CHART_SCRIPTS = ("vega.min.js", "vega-lite.min.js", "vega-embed.min.js")
"""The vendored chart scripts (``socinvest/reports/static``) the pages with charts load,
in this order."""

CHART_CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; form-action 'self'; "
    "base-uri 'none'; object-src 'none'"
)
"""The pages with charts: scripts from the application only, as everywhere, but Vega
compiles its expressions to functions (hence ``unsafe-eval``) and sets the size of its
drawing with inline styles. Nothing is loaded from another site."""


# ----------------------------------------------------------------------------------------
# Tables and charts as the templates show them


@dataclass(frozen=True)
class TableView:
    """A table: its caption, column headings, and rows whose first cell heads the row."""

    caption: str
    headings: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    negative: tuple[tuple[bool, ...], ...] = ()
    groups: tuple[tuple[str, int], ...] = ()
    """Headings over groups of columns (text, number of columns), the first column
    included: a header row above ``headings``."""


@dataclass(frozen=True)
class ChartView:
    """A chart (a Vega-Lite spec drawn by the vendored Vega-Embed), its text alternative (a
    sentence) and the same figures as a table."""

    id: str
    title: str
    spec: str
    summary: str
    table: TableView


def _spec_json(spec: dict[str, Any]) -> str:
    """A spec as JSON for the ``data-spec`` attribute of its chart (escaped by the template),
    drawn as wide as its container."""
    if isinstance(spec.get("width"), (int, float)):
        spec = {**spec, "width": "container", "autosize": {"type": "fit-x", "contains": "padding"}}
    text = json.dumps(spec, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return text


def locale_json(lang: str) -> str:
    """The d3-format locale of the charts' axes in ``lang`` (decimal comma in Swedish), as
    JSON for a data block of the page."""
    from socinvest.reports.html_report import format_locale

    return _spec_json(format_locale(lang))


def _table(
    caption: str,
    headings: Sequence[str],
    rows: Sequence[Sequence[str]],
    values: Sequence[Sequence[float | None]] | None = None,
) -> TableView:
    negative = tuple(tuple(v is not None and v < 0 for v in row) for row in values or ())
    return TableView(caption, tuple(headings), tuple(tuple(r) for r in rows), negative)


class ViewCache:
    """Computed views by key (the newest ``size`` kept), so that a page shown again is not
    computed again."""

    def __init__(self, size: int = 32) -> None:
        self.size = size
        self._data: OrderedDict[str, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> Any:
        with self._lock:
            found = self._data.get(key)
            if found is not None:
                self._data.move_to_end(key)
            return found

    def put(self, key: str, value: Any) -> None:
        with self._lock:
            self._data[key] = value
            while len(self._data) > self.size:
                self._data.popitem(last=False)


# ----------------------------------------------------------------------------------------
# Loading a version, with a parameter file


def params_library(files: ParamFiles) -> ParameterLibrary:
    """The shipped library with each parameter file's values on top, in order (as the
    command line's ``--params``).

    Raises
    ------
    InputError
        Naming the file, the line and the field of every problem.
    """
    library = default_library()
    for name, text in files:
        overrides, lines = parse_overrides(text, name)
        library = library.with_overrides(overrides, name, lines)
    return library


def load(version: VersionInfo, files: ParamFiles = ()) -> tuple[Scenario, ParameterLibrary, str]:
    """The parsed scenario of a stored version with the library (and ``files`` on top).

    Raises
    ------
    InputError
        If a parameter file or, with them, the scenario is not valid.
    """
    library = params_library(files)
    source = version_source(version.scenario, version.number)
    try:
        return parse_checked(version.text, source, library), library, source
    except BadFileError as exc:
        # The text no longer validates (the library changed since it was saved, or a
        # parameter file changes what it refers to): its problems, as for a file.
        raise exc.error from None


def option_problem(exc: OptionError, source: str) -> InputError:
    """An analysis refusing a choice, as bad input naming the choice (as the CLI does)."""
    return InputError(source, [Problem.from_message(exc.option, exc.text)])


def _alternative_label(model: Scenario, alternative: str, lang: str) -> str:
    found = next(a for a in model.alternatives if a.id == alternative)
    return text_in(found.label, lang, found.id)


def _top(results: ScenarioResults) -> list[str]:
    return [p.id for p in results.compiled.payers.payers if p.parent_id is None]


# ----------------------------------------------------------------------------------------
# 1. Charts of the results


@dataclass(frozen=True)
class AlternativeCharts:
    """The charts of one alternative against the comparison."""

    label: str
    charts: tuple[ChartView, ...]
    distribution: TableView | None


@dataclass(frozen=True)
class ChartsView:
    """The charts of a version's results: per alternative, the cumulative net per payer over
    the years and the distribution of the NPV over the draws."""

    comparison: str
    draws: int
    seed: int
    price_year: int
    alternatives: tuple[AlternativeCharts, ...] = field(default_factory=tuple)


def charts_view(
    version: VersionInfo,
    lang: str,
    draws: int,
    progress: Progress = None,
    today: dt.date | None = None,
) -> ChartsView:
    """The charts of a version (``socinvest report``'s cumulative net per payer and NPV
    distribution), from :func:`~socinvest.analysis.results.analyse` with ``draws`` draws."""
    model, library, source = load(version)
    results = analyse(model, library, draws=draws, progress=progress)
    return charts_of(results, model, source, lang, today or dt.date.today())


def charts_of(
    results: ScenarioResults, model: Scenario, source: str, lang: str, today: dt.date
) -> ChartsView:
    """:func:`charts_view` of results already computed."""
    _ = translator(lang)
    tree = results.compiled.payers
    years = results.run.years
    term = int(results.scenario.analysis.term_of_office)
    psa = results.psa
    comparison = next(a for a in model.alternatives if a.comparison)
    made = []
    for comp in results.comparisons:
        case = Case(
            scenario=model,
            source=source,
            results=results,
            alternative=comp.alternative,
            scope=REPORT_SCOPE,
            draws=psa.draws if psa else 0,
            seed=psa.seed if psa else model.analysis.seed,
            created=today,
        )
        yearly = case.yearly_net()
        scopes = [*_top(results), "public_finances"]
        labels = [scope_label(tree, s, lang) for s in scopes]
        rows = [
            {
                "year": year,
                "scope": label,
                "value": float(yearly[s].cumulative[t]) / charts.MILLION,
                "text": money(float(yearly[s].cumulative[t]), lang),
            }
            for s, label in zip(scopes, labels, strict=True)
            for t, year in enumerate(years)
        ]
        spec = charts.cumulative_net(
            rows,
            band=(years[0] - 0.5, years[0] + term - 0.5),
            band_label=_("Term of office"),
            x_title=_("Year"),
            y_title=_("Cumulative net, present value (million kronor)"),
            scope_title=_("Payer"),
        )
        alt_label = _alternative_label(model, comp.alternative, lang)
        last = {s: float(yearly[s].cumulative[-1]) for s in scopes}
        summary = _(
            "The net present value had the horizon ended in each year, per payer. At the "
            "horizon ({year}): {figures}."
        ).format(
            year=years[-1],
            figures="; ".join(
                f"{label} {money(last[s], lang)}" for s, label in zip(scopes, labels, strict=True)
            ),
        )
        table = _table(
            _("Cumulative net, present value (SEK), {year} prices").format(
                year=model.analysis.price_year
            ),
            [_("Year"), *labels],
            [
                [str(year), *(money(float(yearly[s].cumulative[t]), lang) for s in scopes)]
                for t, year in enumerate(years)
            ],
            [
                [None, *(float(yearly[s].cumulative[t]) for s in scopes)]
                for t, _year in enumerate(years)
            ],
        )
        found = [
            ChartView(
                f"chart-net-{comp.alternative}",
                _("Net present value per payer over the years: {alternative}").format(
                    alternative=alt_label
                ),
                _spec_json(spec),
                summary,
                table,
            )
        ]
        distribution = None
        if psa is not None:
            alt_psa = psa.for_alternative(comp.alternative)
            scope = REPORT_SCOPE if REPORT_SCOPE in psa.scopes else "public_finances"
            q = psa.scopes.index(scope)
            values = alt_psa.npv[:, q]
            spec = charts.npv_histogram(
                [float(v) / charts.MILLION for v in values],
                x_title=_("NPV (million kronor)"),
                y_title=_("Number of draws"),
            )
            s = alt_psa.horizon[scope]
            counts, edges = np.histogram(values, bins=10)
            summary = _(
                "The NPV for {scope} in each of {draws} draws: mean {mean}, 90 % of the draws "
                "between {low} and {high}; a gain in {p} of the draws."
            ).format(
                scope=scope_label(tree, scope, lang),
                draws=number(psa.draws, lang),
                mean=money(s.mean, lang),
                low=money(s.p5, lang),
                high=money(s.p95, lang),
                p=percent(s.p_positive, lang, 0),
            )
            table = _table(
                _("Draws per NPV interval (SEK), {scope}").format(
                    scope=scope_label(tree, scope, lang)
                ),
                [_("NPV from"), _("NPV to"), _("Number of draws")],
                [
                    [
                        money(float(edges[i]), lang),
                        money(float(edges[i + 1]), lang),
                        number(int(counts[i]), lang),
                    ]
                    for i in range(len(counts))
                ],
            )
            found.append(
                ChartView(
                    f"chart-distribution-{comp.alternative}",
                    _("Distribution of the NPV over the draws: {alternative}, {scope}").format(
                        alternative=alt_label, scope=scope_label(tree, scope, lang)
                    ),
                    _spec_json(spec),
                    summary,
                    table,
                )
            )
            shown = [*_top(results), *PERSPECTIVES]
            distribution = _table(
                _("The NPV over {draws} draws (seed {seed}) per payer and perspective, SEK").format(
                    draws=number(psa.draws, lang), seed=psa.seed
                ),
                [
                    _("Payer"),
                    _("Mean"),
                    _("5th percentile"),
                    _("Median"),
                    _("95th percentile"),
                    _("Probability of a gain"),
                ],
                [
                    [
                        scope_label(tree, p, lang),
                        money(alt_psa.horizon[p].mean, lang),
                        money(alt_psa.horizon[p].p5, lang),
                        money(alt_psa.horizon[p].median, lang),
                        money(alt_psa.horizon[p].p95, lang),
                        percent(alt_psa.horizon[p].p_positive, lang, 0),
                    ]
                    for p in shown
                ],
                [
                    [
                        None,
                        alt_psa.horizon[p].mean,
                        alt_psa.horizon[p].p5,
                        alt_psa.horizon[p].median,
                        alt_psa.horizon[p].p95,
                        None,
                    ]
                    for p in shown
                ],
            )
        made.append(AlternativeCharts(alt_label, tuple(found), distribution))
    return ChartsView(
        comparison=text_in(comparison.label, lang, comparison.id),
        draws=psa.draws if psa else 0,
        seed=psa.seed if psa else model.analysis.seed,
        price_year=model.analysis.price_year,
        alternatives=tuple(made),
    )


def run_charts(data: dict[str, Any], lang: str) -> list[ChartView]:
    """The NPV per payer of each alternative of a stored run (its results JSON), as bars."""
    _ = translator(lang)
    top = [p for p in data["payers"] if p["parent"] is None]
    out = []
    for a in data["alternatives"]:
        if a["vs_comparison"] is None:
            continue
        npv = a["vs_comparison"]["npv"]
        rows = [(p["label"][lang], float(npv["by_payer"][p["id"]])) for p in top]
        rows.append(
            (
                _(PERSPECTIVE_LABELS["public_finances"]),
                float(npv["by_perspective"]["public_finances"]),
            )
        )
        spec = charts.npv_by_payer(
            [
                {"payer": label, "npv": v / charts.MILLION, "text": money(v, lang)}
                for label, v in rows
            ],
            x_title=_("Million kronor"),
            payer_title=_("Payer"),
            npv_title=_("NPV"),
        )
        label = a["label"][lang]
        out.append(
            ChartView(
                f"chart-payers-{a['id']}",
                _("Net present value per payer: {alternative}").format(alternative=label),
                _spec_json(spec),
                "; ".join(f"{name} {money(v, lang)}" for name, v in rows),
                _table(
                    _("Net present value per payer (SEK)"),
                    [_("Payer"), _("NPV")],
                    [[name, money(v, lang)] for name, v in rows],
                    [[None, v] for _n, v in rows],
                ),
            )
        )
    return out


# ----------------------------------------------------------------------------------------
# 2. The alternatives compared


@dataclass(frozen=True)
class CompareView:
    """Every alternative side by side per payer and perspective."""

    alternatives: tuple[str, ...]
    table: TableView
    draws: int
    seed: int
    price_year: int


def outcome_of(model: Scenario) -> str:
    """The outcome whose person-years the comparison counts: the default group, else the
    model's first state (the probabilities shown do not depend on it)."""
    if DEFAULT_OUTCOME in model.model.groups:
        return DEFAULT_OUTCOME
    return model.model.states[0].id


def compare_view(
    version: VersionInfo, lang: str, draws: int, seed: int | None, progress: Progress = None
) -> CompareView:
    """Per payer and perspective, every alternative's expected NPV against the comparison,
    its probability of a gain and its probability of being the best alternative
    (:func:`~socinvest.analysis.compare.compare_alternatives` on one probabilistic run,
    as ``socinvest analyse compare --scope`` gives for one scope)."""
    _ = translator(lang)
    model, library, source = load(version)
    results = analyse(model, library, draws=draws, seed=seed, progress=progress)
    psa = results.psa
    assert psa is not None
    tree = results.compiled.payers
    outcome = outcome_of(model)
    ids = [a.id for a in model.alternatives]
    labels = [_alternative_label(model, a, lang) for a in ids]
    rows: list[list[str]] = []
    values: list[list[float | None]] = []
    for scope in [*tree.ids, *PERSPECTIVES]:
        try:
            found = compare_alternatives(
                model, library, scope, psa=psa, outcome=outcome, steps=2, max_value=0.0
            )
        except OptionError as exc:
            raise option_problem(exc, source) from None
        by_id = {a.alternative: a for a in found.alternatives}
        depth = 0 if scope in PERSPECTIVES else scope.count(".")
        row = [("\u2003" * depth) + scope_label(tree, scope, lang)]
        value: list[float | None] = [None]
        for alt in ids:
            ranked = by_id[alt]
            if ranked.comparison:
                # Against itself its NPV is 0 and it gains nothing: only whether it is best.
                row.append(percent(ranked.probability_best, lang, 0))
                value.append(None)
                continue
            row += [
                money(ranked.expected_npv, lang),
                percent(psa.for_alternative(alt).horizon[scope].p_positive, lang, 0),
                percent(ranked.probability_best, lang, 0),
            ]
            value += [ranked.expected_npv, None, None]
        rows.append(row)
        values.append(value)
    headings = [_("Payer")]
    groups: list[tuple[str, int]] = [("", 1)]
    for alt, label in zip(ids, labels, strict=True):
        if next(a for a in model.alternatives if a.id == alt).comparison:
            headings.append(_("Probability best"))
            groups.append((label, 1))
            continue
        headings += [_("Expected NPV"), _("Probability of a gain"), _("Probability best")]
        groups.append((label, 3))
    caption = _(
        "Expected NPV against {comparison} (the mean over {draws} draws, seed {seed}), the "
        "share of draws with a gain, and the share of draws in which the alternative has the "
        "highest NPV for that payer, {year} prices."
    ).format(
        comparison=labels[ids.index(next(a.id for a in model.alternatives if a.comparison))],
        draws=number(psa.draws, lang),
        seed=psa.seed,
        year=model.analysis.price_year,
    )
    table = _table(caption, headings, rows, values)
    return CompareView(
        tuple(labels),
        TableView(table.caption, table.headings, table.rows, table.negative, tuple(groups)),
        psa.draws,
        psa.seed,
        model.analysis.price_year,
    )


# ----------------------------------------------------------------------------------------
# 3. The right start age


@dataclass(frozen=True)
class TimingAlternative:
    label: str
    chart: ChartView
    waiting: TableView


def timing_view(
    version: VersionInfo, lang: str, ages: tuple[int, int], progress: Progress = None
) -> list[TimingAlternative]:
    """NPV per start age and the cost of waiting one year, per alternative
    (:func:`~socinvest.analysis.timing.timing`, as ``socinvest analyse timing --ages``)."""
    from socinvest.analysis.timing import timing

    _ = translator(lang)
    model, library, source = load(version)
    tree_labels: dict[str, str] = {}
    chosen = [a.id for a in model.alternatives if not a.comparison]
    out = []
    for i, alternative in enumerate(chosen):
        try:
            found = timing(model, library, alternative, ages)
        except OptionError as exc:
            raise option_problem(exc, source) from None
        if progress is not None:
            progress(i + 1, len(chosen))
        t = found[0]
        if not tree_labels:
            from socinvest.scenario.validate import payer_tree_of

            tree = payer_tree_of(model)
            tree_labels = {s: scope_label(tree, s, lang) for s in t.scopes}
        heads = [tree_labels[s] for s in t.scopes]
        rows = [
            {
                "age": p.start_age,
                "scope": tree_labels[s],
                "npv": p.npv[s] / charts.MILLION,
                "text": money(p.npv[s], lang),
            }
            for p in t.points
            for s in t.scopes
        ]
        spec = charts.timing_curve(
            rows,
            base_age=t.base_start_age,
            x_title=_("Start age"),
            y_title=_("NPV (million kronor)"),
            scope_title=_("Payer"),
        )
        label = _alternative_label(model, alternative, lang)
        best = max(t.points, key=lambda p: p.npv["public_finances"])
        table = _table(
            _("NPV by start age (SEK), {year} prices; the scenario starts at age {age}").format(
                year=model.analysis.price_year, age=t.base_start_age
            ),
            [_("Start age"), *heads],
            [[str(p.start_age), *(money(p.npv[s], lang) for s in t.scopes)] for p in t.points],
            [[None, *(p.npv[s] for s in t.scopes)] for p in t.points],
        )
        chart = ChartView(
            f"chart-timing-{alternative}",
            _("NPV by start age: {alternative}").format(alternative=label),
            _spec_json(spec),
            _("For the public finances the NPV is highest at start age {age} ({npv}).").format(
                age=best.start_age, npv=money(best.npv["public_finances"], lang)
            ),
            table,
        )
        waited = [p for p in t.points if p.cost_of_waiting is not None]
        waiting = _table(
            _(
                "Cost of waiting one year (SEK): NPV(start age) - NPV(start age + 1) / "
                "(1 + {rate}); negative: waiting gains"
            ).format(rate=number(t.discount_rate, lang, 3)),
            [_("Start age"), *heads],
            [
                [str(p.start_age), *(money(p.cost_of_waiting[s], lang) for s in t.scopes)]
                for p in waited
                if p.cost_of_waiting is not None
            ],
            [
                [None, *(p.cost_of_waiting[s] for s in t.scopes)]
                for p in waited
                if p.cost_of_waiting is not None
            ],
        )
        out.append(TimingAlternative(label, chart, waiting))
    return out


# ----------------------------------------------------------------------------------------
# 4. Cost-sharing and a fund


@dataclass(frozen=True)
class ProposalView:
    title: str
    note: str
    table: TableView | None
    infeasible: str | None


@dataclass(frozen=True)
class SharingView:
    alternative: str
    parties: TableView
    proposals: tuple[ProposalView, ...]


def sharing_view(
    version: VersionInfo,
    lang: str,
    alternative: str | None,
    between: str,
    draws: int,
    seed: int | None,
    progress: Progress = None,
) -> SharingView:
    """Who pays and who gains, and the proportional, Shapley and smallest-transfers
    proposals (:func:`~socinvest.analysis.sharing.cost_sharing`, as ``socinvest share``)."""
    from socinvest.analysis.sharing import METHODS, cost_sharing

    _ = translator(lang)
    model, library, source = load(version)
    try:
        results = analyse(model, library, draws=draws, seed=seed, progress=progress)
        sharing = cost_sharing(results, alternative, between, list(METHODS), library=library)
    except OptionError as exc:
        raise option_problem(exc, source) from None
    tree = results.compiled.payers
    labels = {p.id: party_label(p, tree, lang) for p in sharing.parties}
    parties = _table(
        _(
            "Who pays and who gains: present values in {year} prices; term of office: the "
            "first {years} years"
        ).format(year=model.analysis.price_year, years=sharing.term_years),
        [_("Party"), _("Pays today"), _("Gains"), _("NPV"), _("NPV, term of office")],
        [
            [
                labels[p.id],
                money(p.cost, lang),
                money(p.gain, lang),
                money(p.npv, lang),
                money(p.npv_term, lang),
            ]
            for p in sharing.parties
        ],
        [[None, p.cost, p.gain, p.npv, p.npv_term] for p in sharing.parties],
    )
    proposals = []
    for proposal in sharing.proposals:
        title = method_label(proposal.method, lang)
        note = _(METHOD_NOTE[proposal.method])
        if proposal.infeasible is not None:
            proposals.append(ProposalView(title, note, None, proposal.infeasible.render(lang)))
            continue

        def p(value: float | None) -> str:
            return "–" if value is None else percent(value, lang, 0)

        table = _table(
            _("{method}: each party's share of the cost ({draws} draws)").format(
                method=title, draws=number(sharing.draws, lang)
            ),
            [
                _("Party"),
                _("Share of the cost"),
                "%",
                _("Receives"),
                _("NPV after"),
                _("P(gain), term"),
                _("P(gain), horizon"),
            ],
            [
                [
                    labels[o.party],
                    money(o.share, lang),
                    percent(o.share / sharing.cost, lang, 0) if sharing.cost else "–",
                    money(o.received, lang),
                    money(o.npv, lang),
                    p(o.p_gain_term),
                    p(o.p_gain),
                ]
                for o in proposal.outcomes
            ],
            [[None, o.share, None, o.received, o.npv, None, None] for o in proposal.outcomes],
        )
        proposals.append(ProposalView(title, note, table, None))
    return SharingView(
        _alternative_label(model, sharing.alternative, lang), parties, tuple(proposals)
    )


def fund_page(
    version: VersionInfo,
    lang: str,
    example: str,
    alternative: str | None,
    draws: int,
    seed: int | None,
    progress: Progress = None,
) -> str:
    """The fund page (``socinvest fund --example NAME --report``) of a version under one of
    the shipped funds' rules."""
    from socinvest.analysis.fund import check_fund, investments_of, simulate_fund
    from socinvest.analysis.yearly_draws import yearly_draws
    from socinvest.reports.fund_report import fund_html
    from socinvest.scenario.fund_rules import example_fund, with_lines
    from socinvest.scenario.validate import payer_tree_of

    model, library, source = load(version)
    rules, lines = example_fund(example)
    rules_source = f"example:{example}"
    try:
        yearly = yearly_draws(model, library, draws, seed, progress=progress)
        if alternative is not None and rules.investments:
            raise OptionError(
                "--alternative",
                "the rules decide their investments (investments:); leave out the alternative",
            )
        investments = investments_of(rules, yearly, alternative)
        problems = check_fund(rules, yearly, investments, bool(rules.investments))
        if problems:
            raise InputError(rules_source, with_lines(problems, lines))
        result = simulate_fund(rules, yearly, alternative)
    except OptionError as exc:
        raise option_problem(exc, source) from None
    return fund_html(result, payer_tree_of(model), lang)
