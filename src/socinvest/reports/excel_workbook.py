"""The auditable Excel workbook of a :class:`~socinvest.analysis.case.Case` (XlsxWriter).

An economist checks the numbers in Excel: the engine's yearly ledger is in the workbook as
numbers, and every result is a live formula over that ledger and one discount-rate cell, so
changing the rate moves every result. Sheets, in the report's language (Swedish names in
brackets):

``Inputs`` (Indata)
    The scenario (name, source, start year, price year, horizon, term of office, timing
    convention), the **discount-rate cell** (defined name :data:`RATE_NAME`: ``DiscountRate`` /
    ``Diskonteringsranta``), the discounting offset of the timing convention (defined name
    :data:`OFFSET_NAME`), version, hashes, seed and draws, and every parameter the run used
    (id, label, value, unit, price years, rebasing factor, status, sources).
``Results`` (Resultat)
    One block per intervention against the comparison alternative, one row per scope (each
    node of the payer tree, then the public-finance and socio-economic perspectives): PV of
    costs, PV of benefits, NPV, payback year (discounted) and the undiscounted net, to the
    horizon and to the term of office. Formulas only.
``Calculation`` (Beräkning)
    The helper rows: year index ``t``, calendar year, the discount factor of each year and,
    per intervention, sections of scopes x years: costs, benefits, net, discounted net and
    cumulative discounted net, each section one array formula (``MMULT`` of the scope table
    and the ledger), plus the last year in which the cumulative is still negative (for the
    payback year). Formulas only.
``Ledger`` (Huvudbok)
    The deterministic yearly ledger (the mean over draws; the run behind a case is
    deterministic): one row per alternative, payer node (direct flows only) and flow
    category, one column per calendar year; per alternative first all flows, then the
    intervention costs alone. Pairs (payer, category) without a flow in any alternative are
    left out. Numbers, undiscounted, SEK in the price year; costs positive, income negative.
``Scopes`` (Omfång)
    A 0/1 table: which ledger rows (payer, category) count in each scope, the rows in the
    order of every block of the ledger, so a scope's yearly flows are
    ``MMULT(TRANSPOSE(table), ledger block)``.

The definitions are those of the engine (:mod:`socinvest.analysis.summary`,
:mod:`socinvest.core.metrics`, :mod:`socinvest.core.timing`):

- discount factor of year ``t`` (0 for the start year): ``1 / (1 + r) ** (t + offset)``, with
  ``offset`` 0, 0.5 or 1 for the timing convention start, mid or end;
- *costs*: the change in the intervention's own costs against the comparison; *benefits*:
  every other change in flows, negated; ``NPV = PV(benefits) - PV(costs)``, which is the
  present value of the net ``comparison flows - alternative flows``;
- payback year: the first year from which the cumulative discounted net benefit stays at
  or above zero (less than :data:`~socinvest.core.metrics.PAYBACK_TOLERANCE_SEK` below zero
  counts as zero); none when it is negative in the last year of the period, or when the PV
  of costs is below :data:`~socinvest.core.metrics.NO_COST_SEK` (nothing was invested);
- the term of office is the first ``term_of_office`` years of the horizon.

Formula cells carry the engine's value as their cached result, so a viewer that does not
recalculate shows the same numbers; Excel recalculates the workbook when it is opened.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import xlsxwriter
from xlsxwriter.utility import xl_rowcol_to_cell

from socinvest.analysis.case import Case
from socinvest.analysis.summary import PERSPECTIVES, InvestmentMetrics
from socinvest.core.ledger import CATEGORIES
from socinvest.core.metrics import NO_COST_SEK, PAYBACK_TOLERANCE_SEK
from socinvest.core.timing import TIMING_OFFSET
from socinvest.i18n import N_, translator
from socinvest.params.library import ResolvedParameter
from socinvest.params.payers import PayerTree
from socinvest.params.units import MONEY_UNITS, UNIT_LABELS
from socinvest.reports.committee_sheet import SHEET_NAME as COMMITTEE_SHEET
from socinvest.reports.committee_sheet import write_committee_sheet
from socinvest.reports.discount_text import discount_name
from socinvest.reports.formatting import number
from socinvest.reports.labels import STATUS_TEXT, TIMING_TEXT, scope_label
from socinvest.reports.sources import grade_text
from socinvest.scenario.model import numeric, text_in

SHEET_TEXT: dict[str, str] = {
    "inputs": N_("Inputs"),
    "results": N_("Results"),
    "calculation": N_("Calculation"),
    "ledger": N_("Ledger"),
    "scopes": N_("Scopes"),
}
"""Sheet keys and their names (English message ids), in the order of the workbook."""

RATE_NAME: dict[str, str] = {"sv": "Diskonteringsranta", "en": "DiscountRate"}
"""Defined name of the discount-rate cell, by language (plain ASCII, valid in every Excel)."""

OFFSET_NAME: dict[str, str] = {"sv": "Tidsforskjutning", "en": "TimingOffset"}
"""Defined name of the discounting offset of the timing convention (0, 0.5 or 1 years)."""

CATEGORY_TEXT: dict[str, str] = {
    "resource": N_("Resources"),
    "transfer": N_("Transfers"),
    "production": N_("Production"),
}
FLOW_TEXT: dict[str, str] = {
    "all": N_("All flows"),
    "programme": N_("Intervention costs"),
    "capacity": N_("Capacity, all flows"),
    "programme_capacity": N_("Capacity, intervention costs"),
}
"""The kinds of ledger block, in their order within an alternative; the capacity blocks
(the flows of cost lines marked ``frees: capacity``) only when a cost line is capacity."""

LEDGER_HEADERS: tuple[str, ...] = (
    N_("Alternative id"),
    N_("Alternative"),
    N_("Payer id"),
    N_("Payer"),
    N_("Category id"),
    N_("Category"),
    N_("Flows"),
)
"""Column headers of the ledger before the year columns."""

SCOPES_HEADERS: tuple[str, ...] = (N_("Payer id"), N_("Payer"), N_("Category id"), N_("Category"))
"""Column headers of the scope table before the scope columns."""

PARAMETER_HEADERS: tuple[str, ...] = (
    N_("Parameter id"),
    N_("Label"),
    N_("Value"),
    N_("Unit"),
    N_("Price year"),
    N_("Original value"),
    N_("Original price year"),
    N_("Rebasing factor"),
    N_("Index"),
    N_("Status"),
    N_("Sources"),
    N_("Origin"),
)
"""Column headers of the parameter table on the inputs sheet."""

METRIC_HEADERS: tuple[str, ...] = (
    N_("PV of costs"),
    N_("PV of benefits"),
    N_("NPV"),
    N_("Payback year"),
    N_("Undiscounted net"),
)
"""Column headers of each period (horizon, term of office) on the results sheet."""

RESULTS_HEADERS: tuple[str, ...] = (N_("Scope"), N_("Scope id"), *METRIC_HEADERS, *METRIC_HEADERS)
"""Column headers of a block on the results sheet."""

CUMULATIVE_HEADERS: tuple[str, ...] = (
    N_("Last year with a negative cumulative, horizon"),
    N_("Last year with a negative cumulative, first years"),
)
"""Column headers of the payback helper cells beside the cumulative section."""

CALC_ROW_TEXT: dict[str, str] = {
    "costs": N_("Costs"),
    "benefits": N_("Benefits"),
    "net": N_("Net (benefits - costs)"),
    "discounted": N_("Net, discounted"),
    "cumulative": N_("Net, discounted, cumulative"),
}
"""The yearly rows of each scope on the calculation sheet, in order."""
CALC_FACTOR_ROW = 8
"""Row (0-based) of the discount factors on the calculation sheet (year index and calendar
year are the two rows above it)."""

NOT_PAID_BACK = "–"
"""Shown for a payback year that does not exist (not paid back, or nothing invested)."""

MONEY_FORMAT = "#,##0"
"""Whole kronor with thousands grouping; Excel shows the reader's separator (a space in a
Swedish Excel, where this format reads ``# ##0``). The cell keeps the full number."""

LEDGER_YEAR_COL = len(LEDGER_HEADERS)
CALC_YEAR_COL = 2 + len(CUMULATIVE_HEADERS)
SCOPES_FIRST_COL = len(SCOPES_HEADERS)
FIRST_TABLE_ROW = 5
"""Row (0-based) of the first table header on the ledger and scope sheets."""


def _sheet_ref(name: str) -> str:
    """``'Name'!`` with any apostrophe doubled, as Excel quotes a sheet name."""
    return "'" + name.replace("'", "''") + "'!"


def _cell(row: int, col: int, *, absolute: bool = True) -> str:
    return str(xl_rowcol_to_cell(row, col, row_abs=absolute, col_abs=absolute))


def _span(first_row: int, first_col: int, last_row: int, last_col: int) -> str:
    """An absolute range ``$A$1:$B$2``."""
    return f"{_cell(first_row, first_col)}:{_cell(last_row, last_col)}"


@dataclass(frozen=True)
class _Layout:
    """Where things are, so the formulas of one sheet can point into another."""

    names: dict[str, str]
    n_years: int
    n_term: int
    cells: list[tuple[int, int]]
    """The (payer index, category index) of each row of a ledger block: every pair with a
    flow in some alternative, in payer-tree order."""
    alternatives: list[str]
    scopes: list[str]
    calc_rows: dict[tuple[str, str], int]
    """First row (the first scope's) of each (intervention, yearly quantity) section on the
    calculation sheet; the scopes follow in the order of :attr:`scopes`."""
    calc_year_row: int
    calc_factor_row: int
    capacity: bool = False
    """Whether the ledger has the capacity blocks (some cost line is ``frees: capacity``)."""

    @property
    def kinds(self) -> list[str]:
        """The kinds of ledger block of each alternative, in order."""
        return list(FLOW_TEXT) if self.capacity else ["all", "programme"]

    @property
    def n_cells(self) -> int:
        """Rows of one ledger block."""
        return len(self.cells)

    def ref(self, sheet: str) -> str:
        return _sheet_ref(self.names[sheet])

    def ledger_block(self, alternative: str, kind: str, first: int, last: int) -> str:
        """The ledger cells of one block (``kind``: all flows or intervention costs) for the
        year indices ``first`` to ``last``."""
        start = self.ledger_block_row(alternative, kind)
        return self.ref("ledger") + _span(
            start, LEDGER_YEAR_COL + first, start + self.n_cells - 1, LEDGER_YEAR_COL + last
        )

    def ledger_block_row(self, alternative: str, kind: str) -> int:
        kinds = self.kinds
        index = self.alternatives.index(alternative) * len(kinds) + kinds.index(kind)
        return FIRST_TABLE_ROW + 1 + index * self.n_cells

    def weights_of(self, scope: str) -> str:
        """The 0/1 column of one scope on the scope sheet."""
        first = FIRST_TABLE_ROW + 2
        col = SCOPES_FIRST_COL + self.scopes.index(scope)
        return self.ref("scopes") + _span(first, col, first + self.n_cells - 1, col)

    def weights(self) -> str:
        """The 0/1 table of every scope on the scope sheet (ledger rows x scopes)."""
        first = FIRST_TABLE_ROW + 2
        return self.ref("scopes") + _span(
            first,
            SCOPES_FIRST_COL,
            first + self.n_cells - 1,
            SCOPES_FIRST_COL + len(self.scopes) - 1,
        )

    def calc_row(self, alternative: str, quantity: str, scope: str) -> int:
        """Row of one scope's yearly ``quantity`` (costs, benefits, ...) on the calculation
        sheet."""
        return self.calc_rows[(alternative, quantity)] + self.scopes.index(scope)

    def factors(self, last: int) -> str:
        """Discount factors of the year indices 0 to ``last`` (calculation sheet)."""
        row = self.calc_factor_row
        return self.ref("calculation") + _span(row, CALC_YEAR_COL, row, CALC_YEAR_COL + last)


class _Formats:
    """The cell formats of the workbook."""

    def __init__(self, book: Any) -> None:
        self.title = book.add_format({"bold": True, "font_size": 14})
        self.heading = book.add_format({"bold": True, "font_size": 12})
        self.header = book.add_format(
            {"bold": True, "bg_color": "#DDE4EE", "border": 1, "text_wrap": True, "valign": "top"}
        )
        self.note = book.add_format({"italic": True, "font_color": "#444444"})
        self.label = book.add_format({"bold": True})
        self.money = book.add_format({"num_format": MONEY_FORMAT})
        self.money_bold = book.add_format({"num_format": MONEY_FORMAT, "bold": True})
        self.factor = book.add_format({"num_format": "0.000000"})
        self.number = book.add_format({"num_format": "General"})
        self.year = book.add_format({"num_format": "0", "align": "center"})
        self.year_header = book.add_format(
            {"bold": True, "bg_color": "#DDE4EE", "border": 1, "num_format": "0"}
        )
        self.rate = book.add_format(
            {"num_format": "0.00%", "bg_color": "#FFF2CC", "border": 2, "bold": True}
        )
        self.input = book.add_format({"bg_color": "#FFF2CC", "border": 1})
        self.scope = [book.add_format({"indent": level, "bold": level == 0}) for level in range(6)]


def _scopes(tree: PayerTree) -> list[str]:
    """Every payer node in tree order, then the perspectives (as ``scope_flows`` has them)."""
    return [*tree.ids, *PERSPECTIVES]


def scope_weights(
    tree: PayerTree, cells: Sequence[tuple[int, int]]
) -> np.ndarray[Any, np.dtype[np.float64]]:
    """The 0/1 matrix ``(len(cells), scopes)``: does ledger row (payer, category) count in a
    scope.

    The membership of :func:`socinvest.analysis.summary.scope_flows`: a payer node holds its
    own direct flows and those of its subtree, every category; *public finances* holds the
    direct flows of every public payer, every category; *socio-economic* holds every payer's
    resource and production flows (transfers net to zero).
    """
    scopes = _scopes(tree)
    out = np.zeros((len(cells), len(scopes)))
    for row, (p, c) in enumerate(cells):
        payer, category = tree.payers[p], CATEGORIES[c]
        for s, scope in enumerate(scopes):
            if scope == "public_finances":
                inside = payer.public
            elif scope == "socio_economic":
                inside = category in ("resource", "production")
            else:
                inside = payer.id == scope or payer.id.startswith(scope + ".")
            out[row, s] = 1.0 if inside else 0.0
    return out


def ledger_cells(case: Case) -> list[tuple[int, int]]:
    """(payer index, category index) of every ledger row with a flow in some alternative
    (all flows or intervention costs, any year); every pair if there is none at all."""
    run = case.results.run
    used = np.zeros(run.alternatives[0].ledger.shape[2:], dtype=bool)
    for alt in run.alternatives:
        used |= (alt.ledger != 0).any(axis=(0, 1)) | (alt.programme != 0).any(axis=(0, 1))
        for part in (alt.capacity, alt.programme_capacity):
            if part is not None:
                used |= (part != 0).any(axis=(0, 1))
    if not used.any():
        used[:] = True
    return [(int(p), int(c)) for p, c in zip(*np.nonzero(used), strict=True)]


def _citation_text(p: ResolvedParameter, lang: str) -> str:
    """Every source of a parameter, one a line: [grade] title · publisher · year · link ·
    note."""
    parts = []
    for s in p.sources:
        bits = [s.title, s.publisher, str(s.year) if s.year else None, s.link, s.note]
        parts.append(f"[{grade_text(s.grade, lang)}] " + " · ".join(b for b in bits if b))
    return "\n".join(parts)


def _fraction_text(value: float) -> str:
    """A number for a formula: plain decimal notation (``0.000001``, not ``1e-06``)."""
    text = np.format_float_positional(value, trim="-")
    return str(text)


# --------------------------------------------------------------------------------------------
# The sheets


def _named(name: str, note: str) -> str:
    """A discount rate's name and source before the cell's note (the note alone without)."""
    return f"{name}. {note}" if name else note


def _write_inputs(
    case: Case, sheet: Any, fmt: _Formats, layout: _Layout, lang: str
) -> tuple[str, str]:
    """The inputs sheet; returns the addresses of the discount-rate and offset cells."""
    from socinvest import __version__

    _ = translator(lang)
    results = case.results
    scenario = results.scenario
    settings = scenario.analysis
    years = case.years
    sheet.write(0, 0, _("Inputs: {title}").format(title=text_in(scenario.title, lang)), fmt.title)
    sheet.write(
        1,
        0,
        _(
            "Change the discount rate in the yellow cell (named {name}): every result on the "
            "sheets {results} and {calculation} follows."
        ).format(
            name=RATE_NAME[lang],
            results=layout.names["results"],
            calculation=layout.names["calculation"],
        ),
        fmt.note,
    )
    sheet.write(
        2,
        0,
        _(
            "The ledger was computed by socinvest with the timing convention below; changing "
            "the offset only changes the discounting."
        ),
        fmt.note,
    )
    horizon = settings.horizon
    span = f"{years[0]}–{years[-1]}"
    if horizon.age is not None:
        horizon_text = _("to age {age}: {n} years ({span})").format(
            age=horizon.age, n=len(years), span=span
        )
    else:
        horizon_text = _("{n} years ({span})").format(n=len(years), span=span)
    comparison = next(a for a in scenario.alternatives if a.comparison)
    n_term = layout.n_term
    rate_note = _("Annual rate as a fraction; defined name {name}.").format(name=RATE_NAME[lang])
    offset_note = _(
        "Year t is discounted by t + offset years: start 0, mid 0.5, end 1; defined name {name}."
    ).format(name=OFFSET_NAME[lang])
    term_note = _(
        "'The first years' in the results are the first {n} years ({span}); the council "
        "terms are named on the report's first page."
    ).format(n=n_term, span=f"{years[0]}–{years[n_term - 1]}")
    rows: list[tuple[str, str | int | float, Any, str]] = [
        (_("Scenario id"), scenario.id, None, ""),
        (_("Title"), text_in(scenario.title, lang, scenario.id), None, ""),
        (_("Scenario file"), case.source or "–", None, ""),
        (_("Start year"), int(settings.start_year), None, ""),
        (
            _("Price year"),
            int(settings.price_year),
            None,
            _("Every amount is in SEK of this year."),
        ),
        (_("Horizon"), horizon_text, None, ""),
        (_("First years counted (years)"), int(settings.term_of_office), None, term_note),
        (_("Timing convention"), settings.timing, None, _(TIMING_TEXT[settings.timing])),
        (
            _("Discount rate (money)"),
            float(numeric(settings.discount_rate)),
            fmt.rate,
            _named(discount_name(results.discount, lang), rate_note),
        ),
        (_("Discounting offset (years)"), TIMING_OFFSET[settings.timing], fmt.input, offset_note),
        (_("Comparison alternative"), text_in(comparison.label, lang, comparison.id), None, ""),
        (
            _("Outcome discount rate"),
            float(numeric(settings.outcome_discount_rate)),
            fmt.number,
            _named(
                discount_name(results.outcome_discount, lang),
                _("Discounts person-years only; not used on these sheets."),
            ),
        ),
        (_("Model rebasing factor"), results.model_rebasing_factor, fmt.number, ""),
        (_("socinvest version"), __version__, None, ""),
        (_("Scenario hash"), results.scenario_hash, None, ""),
        (_("Parameter hash"), results.parameter_hash, None, ""),
        (_("Seed"), case.seed, None, ""),
        (_("Draws"), case.draws, None, _("The ledger and the results are deterministic.")),
        (_("Created"), case.created.isoformat(), None, ""),
    ]
    row = 4
    sheet.write(row, 0, _("Scenario"), fmt.heading)
    row += 1
    cells: dict[str, str] = {}
    for label, value, value_format, note in rows:
        sheet.write(row, 0, label, fmt.label)
        if isinstance(value, str):
            sheet.write_string(row, 1, value, value_format)
        else:
            sheet.write_number(row, 1, value, value_format)
        if note:
            sheet.write(row, 2, note, fmt.note)
        cells[label] = _cell(row, 1)
        row += 1
    row += 1
    sheet.write(row, 0, _("Alternatives"), fmt.heading)
    row += 1
    for col, header in enumerate(
        (_("Alternative id"), _("Alternative"), _("Comparison"), _("Interventions"))
    ):
        sheet.write(row, col, header, fmt.header)
    row += 1
    for alt in scenario.alternatives:
        sheet.write_string(row, 0, alt.id)
        sheet.write_string(row, 1, text_in(alt.label, lang, alt.id))
        sheet.write_string(row, 2, _("yes") if alt.comparison else _("no"))
        sheet.write_string(row, 3, ", ".join(alt.interventions))
        row += 1
    row += 1
    sheet.write(row, 0, _("Parameters used"), fmt.heading)
    row += 1
    for col, header in enumerate(PARAMETER_HEADERS):
        sheet.write(row, col, _(header), fmt.header)
    row += 1
    for p in results.parameters.values():
        unit = UNIT_LABELS[p.unit][0 if lang == "sv" else 1]
        value_format = fmt.money if p.unit in MONEY_UNITS else fmt.number
        sheet.write_string(row, 0, p.id)
        sheet.write_string(row, 1, p.label.sv if lang == "sv" else p.label.en)
        sheet.write_number(row, 2, p.value, value_format)
        sheet.write_string(row, 3, unit)
        if p.price_year is not None:
            sheet.write_number(row, 4, p.price_year)
        sheet.write_number(row, 5, p.original_value, value_format)
        if p.original_price_year is not None:
            sheet.write_number(row, 6, p.original_price_year)
        sheet.write_number(row, 7, p.factor, fmt.factor)
        sheet.write_string(row, 8, (p.index or "").upper())
        sheet.write_string(row, 9, f"{_(STATUS_TEXT[p.status])} ({grade_text(p.grade, lang)})")
        sheet.write_string(row, 10, _citation_text(p, lang))
        sheet.write_string(row, 11, p.origin)
        row += 1
    sheet.set_column(0, 0, 44)
    sheet.set_column(1, 1, 36)
    sheet.set_column(2, 2, 60)
    sheet.set_column(3, 9, 14)
    sheet.set_column(10, 10, 80)
    sheet.set_column(11, 11, 24)
    sheet.freeze_panes(4, 0)
    return cells[_("Discount rate (money)")], cells[_("Discounting offset (years)")]


def _write_ledger(case: Case, sheet: Any, fmt: _Formats, layout: _Layout, lang: str) -> None:
    """The ledger sheet: numbers, one block per alternative and kind of flow."""
    _ = translator(lang)
    run = case.results.run
    tree = run.compiled.payers
    price_year = int(case.results.scenario.analysis.price_year)
    sheet.write(0, 0, _("Ledger: yearly flows by alternative, payer and category"), fmt.title)
    notes = (
        _(
            "Undiscounted SEK in {year} prices, as computed by socinvest (numbers, not "
            "formulas). Costs are positive, income (taxes, benefits, earnings) negative."
        ).format(year=price_year),
        _(
            "One row per alternative, payer and flow category with a flow in some alternative, "
            "one column per calendar year. A payer row holds only its direct flows; a payer's "
            "total is the sum over its subtree (sheet {scopes})."
        ).format(scopes=layout.names["scopes"]),
        _(
            "For each alternative: first all flows, then the intervention costs alone (already "
            "part of all flows). Every block has the rows of sheet {scopes} in the same order."
        ).format(scopes=layout.names["scopes"]),
        *(
            [
                _(
                    "Then the capacity parts of both (the cost lines marked 'frees: capacity', "
                    "staff time in teams that remain); cash is the flows less their capacity."
                )
            ]
            if layout.capacity
            else []
        ),
    )
    for i, note in enumerate(notes):
        sheet.write(1 + i, 0, note, fmt.note)
    header = FIRST_TABLE_ROW
    for col, text in enumerate(LEDGER_HEADERS):
        sheet.write(header, col, _(text), fmt.header)
    for t, year in enumerate(run.years):
        sheet.write_number(header, LEDGER_YEAR_COL + t, year, fmt.year_header)
    labels = {a.id: text_in(a.label, lang, a.id) for a in case.results.scenario.alternatives}
    for alt in run.alternatives:
        blocks = {"all": alt.ledger.mean(axis=0), "programme": alt.programme.mean(axis=0)}
        if layout.capacity:
            zero = np.zeros_like(alt.ledger)
            capacity = alt.capacity if alt.capacity is not None else zero
            own = alt.programme_capacity if alt.programme_capacity is not None else zero
            blocks["capacity"] = capacity.mean(axis=0)
            blocks["programme_capacity"] = own.mean(axis=0)
        for kind, values in blocks.items():
            row = layout.ledger_block_row(alt.id, kind)
            for p, c in layout.cells:
                payer, category = tree.payers[p], CATEGORIES[c]
                sheet.write_string(row, 0, alt.id)
                sheet.write_string(row, 1, labels[alt.id])
                sheet.write_string(row, 2, payer.id)
                sheet.write_string(row, 3, payer.label(lang))
                sheet.write_string(row, 4, category)
                sheet.write_string(row, 5, _(CATEGORY_TEXT[category]))
                sheet.write_string(row, 6, _(FLOW_TEXT[kind]))
                sheet.write_row(
                    row, LEDGER_YEAR_COL, [float(x) for x in values[:, p, c]], fmt.money
                )
                row += 1
    sheet.set_column(0, 0, 14)
    sheet.set_column(1, 1, 24)
    sheet.set_column(2, 2, 24)
    sheet.set_column(3, 3, 30)
    sheet.set_column(4, 6, 14)
    sheet.set_column(LEDGER_YEAR_COL, LEDGER_YEAR_COL + layout.n_years - 1, 12)
    sheet.freeze_panes(header + 1, LEDGER_YEAR_COL)
    last_row = FIRST_TABLE_ROW + len(run.alternatives) * len(layout.kinds) * layout.n_cells
    sheet.autofilter(header, 0, last_row, LEDGER_YEAR_COL + layout.n_years - 1)


def _write_scopes(case: Case, sheet: Any, fmt: _Formats, layout: _Layout, lang: str) -> None:
    """The 0/1 table of which ledger rows count in each scope."""
    _ = translator(lang)
    tree = case.results.compiled.payers
    weights = scope_weights(tree, layout.cells)
    sheet.write(
        0, 0, _("Scopes: which ledger rows count for each payer and perspective"), fmt.title
    )
    notes = (
        _("1: the ledger row (payer, category) counts in the scope of the column; 0: it does not."),
        _(
            "A payer: its own direct flows and those of every payer under it, all categories. "
            "Public finances: every public payer, all categories (transfers and taxes count)."
        ),
        _(
            "Socio-economic: every payer's resources and production; transfers are left out "
            "because they net to zero between payer and recipient."
        ),
    )
    for i, note in enumerate(notes):
        sheet.write(1 + i, 0, note, fmt.note)
    for col, text in enumerate(SCOPES_HEADERS):
        sheet.write(FIRST_TABLE_ROW, col, _(text), fmt.header)
        sheet.write(FIRST_TABLE_ROW + 1, col, "", fmt.header)
    for s, scope in enumerate(layout.scopes):
        col = SCOPES_FIRST_COL + s
        sheet.write(FIRST_TABLE_ROW, col, scope_label(tree, scope, lang), fmt.header)
        sheet.write(FIRST_TABLE_ROW + 1, col, scope, fmt.header)
    row = FIRST_TABLE_ROW + 2
    for i, (p, c) in enumerate(layout.cells):
        payer, category = tree.payers[p], CATEGORIES[c]
        sheet.write_string(row, 0, payer.id)
        sheet.write_string(row, 1, payer.label(lang))
        sheet.write_string(row, 2, category)
        sheet.write_string(row, 3, _(CATEGORY_TEXT[category]))
        sheet.write_row(row, SCOPES_FIRST_COL, [int(w) for w in weights[i]])
        row += 1
    sheet.set_column(0, 0, 24)
    sheet.set_column(1, 1, 30)
    sheet.set_column(2, 3, 14)
    sheet.set_column(SCOPES_FIRST_COL, SCOPES_FIRST_COL + len(layout.scopes) - 1, 14)
    sheet.set_row(FIRST_TABLE_ROW, 45)
    sheet.freeze_panes(FIRST_TABLE_ROW + 2, SCOPES_FIRST_COL)


def _last_negative_year(cumulative: npt.ArrayLike, years: Sequence[int]) -> int:
    """The last calendar year whose cumulative net is below ``-PAYBACK_TOLERANCE_SEK``
    (0 if none): the cached value of the MAXIFS cell."""
    values = np.asarray(cumulative, dtype=np.float64)
    negative = [y for y, v in zip(years, values, strict=True) if v < -PAYBACK_TOLERANCE_SEK]
    return max(negative, default=0)


def _write_array(
    sheet: Any, first_row: int, first_col: int, formula: str, values: Any, cell_format: Any
) -> None:
    """One array formula over a block of cells, each cell caching its engine value (as Excel
    stores an array formula: the formula in the first cell, the values in all)."""
    block = np.atleast_2d(np.asarray(values, dtype=np.float64))
    last_row, last_col = first_row + block.shape[0] - 1, first_col + block.shape[1] - 1
    sheet.write_array_formula(
        first_row, first_col, last_row, last_col, "{" + formula + "}", cell_format, block[0, 0]
    )
    for i, j in np.ndindex(*block.shape):
        if i or j:
            sheet.write_number(first_row + i, first_col + j, float(block[i, j]), cell_format)


def _write_calculation(case: Case, sheet: Any, fmt: _Formats, layout: _Layout, lang: str) -> None:
    """Year index, calendar year, discount factors, and per intervention the yearly costs,
    benefits, net, discounted net and cumulative discounted net of every scope, as formulas.

    Each (intervention, quantity) section is one array formula over its scopes x years
    block, so the sheet holds a handful of formulas per intervention however long the
    horizon (and an independent evaluator loads it quickly).
    """
    _ = translator(lang)
    results = case.results
    run = results.run
    tree = run.compiled.payers
    years = run.years
    n, n_term = layout.n_years, layout.n_term
    comparison = run.comparison.id
    sheet.write(0, 0, _("Calculation: yearly costs and benefits per scope"), fmt.title)
    notes = (
        _(
            "Discount factor of year t = 1 / (1 + {rate}) ^ (t + {offset}) (socinvest "
            "core/timing.py). Undiscounted SEK in the price year unless the row says otherwise."
        ).format(rate=RATE_NAME[lang], offset=OFFSET_NAME[lang]),
        _(
            "Costs: the change in intervention costs, MMULT(TRANSPOSE(the table on {scopes}), "
            "alternative's intervention costs - comparison's) on {ledger}: for each scope and "
            "year the sum of the ledger rows that count in the scope."
        ).format(ledger=layout.names["ledger"], scopes=layout.names["scopes"]),
        _(
            "Benefits: the other flows avoided, (comparison's flows - its intervention costs) - "
            "(alternative's flows - its intervention costs). Net = benefits - costs "
            "(socinvest analysis/summary.py)."
        ),
        _(
            "Cumulative: the discounted net summed over the years up to each year (MMULT with "
            "the 0/1 matrix 'year <= year'). Last year with a negative cumulative: the last "
            "year in which it is below -{tolerance} SEK (0: none); the payback year is the "
            "year after it (socinvest core/metrics.py)."
        ).format(tolerance=number(PAYBACK_TOLERANCE_SEK, lang, 6)),
    )
    for i, note in enumerate(notes):
        sheet.write(1 + i, 0, note, fmt.note)
    year_row, factor_row = layout.calc_year_row, layout.calc_factor_row
    t_row = year_row - 1
    sheet.write(t_row, 0, _("Year index t"), fmt.label)
    sheet.write(year_row, 0, _("Calendar year"), fmt.label)
    sheet.write(factor_row, 0, _("Discount factor"), fmt.label)
    factors = run.money_factors
    for t, year in enumerate(years):
        col = CALC_YEAR_COL + t
        sheet.write_number(t_row, col, t, fmt.year)
        sheet.write_number(year_row, col, year, fmt.year_header)
        sheet.write_formula(
            factor_row,
            col,
            f"=1/(1+{RATE_NAME[lang]})^({_cell(t_row, col, absolute=False)}+{OFFSET_NAME[lang]})",
            fmt.factor,
            float(factors[t]),
        )
    last_col = CALC_YEAR_COL + n - 1
    t_range = _span(t_row, CALC_YEAR_COL, t_row, last_col)
    factor_range = _span(factor_row, CALC_YEAR_COL, factor_row, last_col)
    labels = {a.id: text_in(a.label, lang, a.id) for a in results.scenario.alternatives}
    weights = f"TRANSPOSE({layout.weights()})"
    tolerance = _fraction_text(PAYBACK_TOLERANCE_SEK)
    n_scopes = len(layout.scopes)
    for comp in results.comparisons:
        alt = comp.alternative
        yearly = case.yearly_net(alt)
        first_row = layout.calc_rows[(alt, "costs")]
        sheet.write(
            first_row - 2,
            0,
            _("{alternative} against {comparison}").format(
                alternative=labels[alt], comparison=labels[comparison]
            ),
            fmt.heading,
        )
        comp_all = layout.ledger_block(comparison, "all", 0, n - 1)
        comp_prog = layout.ledger_block(comparison, "programme", 0, n - 1)
        alt_all = layout.ledger_block(alt, "all", 0, n - 1)
        alt_prog = layout.ledger_block(alt, "programme", 0, n - 1)

        def block(key: str, alt: str = alt) -> str:
            top = layout.calc_rows[(alt, key)]
            return _span(top, CALC_YEAR_COL, top + n_scopes - 1, last_col)

        formulas = {
            "costs": f"=MMULT({weights},{alt_prog}-{comp_prog})",
            "benefits": f"=MMULT({weights},({comp_all}-{comp_prog})-({alt_all}-{alt_prog}))",
            "net": f"={block('benefits')}-{block('costs')}",
            "discounted": f"={block('net')}*{factor_range}",
            "cumulative": f"=MMULT({block('discounted')},--(TRANSPOSE({t_range})<={t_range}))",
        }
        flows = [yearly[scope] for scope in layout.scopes]
        values = {
            "costs": [f.costs for f in flows],
            "benefits": [f.net + f.costs for f in flows],
            "net": [f.net for f in flows],
            "discounted": [f.discounted for f in flows],
            "cumulative": [f.cumulative for f in flows],
        }
        for key, text in CALC_ROW_TEXT.items():
            top = layout.calc_rows[(alt, key)]
            headers = [_(text), _("Scope id")]
            if key == "cumulative":
                headers += [_(h) for h in CUMULATIVE_HEADERS]
            for col in range(CALC_YEAR_COL):
                sheet.write(top - 1, col, headers[col] if col < len(headers) else "", fmt.header)
            for t, year in enumerate(years):
                sheet.write_number(top - 1, CALC_YEAR_COL + t, year, fmt.year_header)
            for i, scope in enumerate(layout.scopes):
                depth = scope.count(".") if scope not in PERSPECTIVES else 0
                sheet.write(top + i, 0, scope_label(tree, scope, lang), fmt.scope[min(depth, 5)])
                sheet.write_string(top + i, 1, scope)
            cell_format = fmt.money_bold if key == "cumulative" else fmt.money
            _write_array(sheet, top, CALC_YEAR_COL, formulas[key], values[key], cell_format)
        top = layout.calc_rows[(alt, "cumulative")]
        for i, f in enumerate(flows):
            row = top + i
            for col, last in ((2, n - 1), (3, n_term - 1)):
                years_range = _span(year_row, CALC_YEAR_COL, year_row, CALC_YEAR_COL + last)
                cum_range = _span(row, CALC_YEAR_COL, row, CALC_YEAR_COL + last)
                sheet.write_formula(
                    row,
                    col,
                    f'=MAXIFS({years_range},{cum_range},"<"&-{tolerance})',
                    fmt.year,
                    _last_negative_year(f.cumulative[: last + 1], years[: last + 1]),
                )
    sheet.set_column(0, 0, 34)
    sheet.set_column(1, 1, 22)
    sheet.set_column(2, 3, 16)
    sheet.set_column(CALC_YEAR_COL, last_col, 12)
    sheet.freeze_panes(factor_row + 1, CALC_YEAR_COL)


def _payback_value(m: InvestmentMetrics) -> int | str:
    if m.bcr_flag == "no_costs" or m.payback_year is None:
        return NOT_PAID_BACK
    return m.payback_year


def _write_results(case: Case, sheet: Any, fmt: _Formats, layout: _Layout, lang: str) -> None:
    """One block per intervention: the metrics of every scope, to the horizon and to the term
    of office, as formulas over the calculation sheet."""
    _ = translator(lang)
    results = case.results
    run = results.run
    tree = run.compiled.payers
    years = run.years
    n, n_term = layout.n_years, layout.n_term
    comparison = run.comparison.id
    labels = {a.id: text_in(a.label, lang, a.id) for a in results.scenario.alternatives}
    price_year = int(results.scenario.analysis.price_year)
    sheet.write(
        0,
        0,
        _("Results: each intervention against {comparison}").format(comparison=labels[comparison]),
        fmt.title,
    )
    notes = (
        _(
            "SEK in {year} prices, discounted at the rate of sheet {inputs} ({name}). Costs: "
            "the change in the intervention's own costs; benefits: every other change in "
            "flows, negated (avoided costs, gained taxes and income)."
        ).format(year=price_year, inputs=layout.names["inputs"], name=RATE_NAME[lang]),
        _(
            "NPV = PV of benefits - PV of costs. Payback year: the first year from which the "
            "cumulative discounted net stays at or above zero; {dash}: not within the period, "
            "or nothing invested (PV of costs below {threshold} SEK)."
        ).format(dash=NOT_PAID_BACK, threshold=number(NO_COST_SEK, lang, 1)),
        _(
            "Every figure is a formula over the yearly rows of sheet {calculation}, which are "
            "formulas over sheets {ledger} and {scopes} (socinvest analysis/summary.py)."
        ).format(
            ledger=layout.names["ledger"],
            scopes=layout.names["scopes"],
            calculation=layout.names["calculation"],
        ),
    )
    for i, note in enumerate(notes):
        sheet.write(1 + i, 0, note, fmt.note)
    calc = layout.ref("calculation")
    year_row = layout.calc_year_row
    row = FIRST_TABLE_ROW
    periods = (
        (_("To the horizon ({span})").format(span=f"{years[0]}–{years[-1]}"), n),
        (
            _("The first {n} years ({span})").format(
                n=n_term, span=f"{years[0]}–{years[n_term - 1]}"
            ),
            n_term,
        ),
    )
    width = len(METRIC_HEADERS)
    for comp in results.comparisons:
        alt = comp.alternative
        sheet.write(
            row,
            0,
            _("{alternative} against {comparison}").format(
                alternative=labels[alt], comparison=labels[comparison]
            ),
            fmt.heading,
        )
        row += 1
        for k, (title, _length) in enumerate(periods):
            first = 2 + k * width
            sheet.merge_range(row, first, row, first + width - 1, title, fmt.header)
        row += 1
        for col, text in enumerate(RESULTS_HEADERS):
            sheet.write(row, col, _(text), fmt.header)
        cash_col = 2 + len(periods) * width
        if layout.capacity:
            sheet.write(row, cash_col, _("NPV, of which cash"), fmt.header)
        row += 1
        comp_cap = alt_cap = ""
        if layout.capacity:
            comp_cap = layout.ledger_block(comparison, "capacity", 0, n - 1)
            alt_cap = layout.ledger_block(alt, "capacity", 0, n - 1)
        for scope in layout.scopes:
            depth = scope.count(".") if scope not in PERSPECTIVES else 0
            sheet.write(row, 0, scope_label(tree, scope, lang), fmt.scope[min(depth, 5)])
            sheet.write_string(row, 1, scope)
            engine = (comp.horizon[scope], comp.term_of_office[scope])
            for k, (_title, length) in enumerate(periods):
                metrics = engine[k]
                last = CALC_YEAR_COL + length - 1

                def line(key: str, last: int = last, scope: str = scope, alt: str = alt) -> str:
                    calc_row = layout.calc_row(alt, key, scope)
                    return calc + _span(calc_row, CALC_YEAR_COL, calc_row, last)

                factors = layout.factors(length - 1)
                pvc, pvb, npv, pay, net = (2 + k * width + i for i in range(width))
                here = {c: _cell(row, c, absolute=False) for c in (pvc, pvb)}
                sheet.write_formula(
                    row,
                    pvc,
                    f"=SUMPRODUCT({line('costs')},{factors})",
                    fmt.money,
                    metrics.pv_costs,
                )
                sheet.write_formula(
                    row,
                    pvb,
                    f"=SUMPRODUCT({line('benefits')},{factors})",
                    fmt.money,
                    metrics.pv_benefits,
                )
                sheet.write_formula(
                    row, npv, f"={here[pvb]}-{here[pvc]}", fmt.money_bold, metrics.npv
                )
                cumulative_row = layout.calc_row(alt, "cumulative", scope)
                last_negative = calc + _cell(cumulative_row, 2 + k)
                first_year = calc + _cell(year_row, CALC_YEAR_COL)
                last_year = calc + _cell(year_row, last)
                sheet.write_formula(
                    row,
                    pay,
                    f'=IF({here[pvc]}<{_fraction_text(NO_COST_SEK)},"{NOT_PAID_BACK}",'
                    f"IF({last_negative}=0,{first_year},"
                    f'IF({last_negative}>={last_year},"{NOT_PAID_BACK}",{last_negative}+1)))',
                    fmt.year,
                    _payback_value(metrics),
                )
                sheet.write_formula(
                    row, net, f"=SUM({line('net')})", fmt.money, metrics.undiscounted_net
                )
            if layout.capacity and scope in comp.cash:
                # Cash NPV = NPV less the PV of the capacity net (comparison's capacity flows
                # less the alternative's): the capacity part of costs and benefits.
                npv_cell = _cell(row, 4, absolute=False)
                capacity_net = f"MMULT(TRANSPOSE({layout.weights_of(scope)}),{comp_cap}-{alt_cap})"
                sheet.write_array_formula(
                    row,
                    cash_col,
                    row,
                    cash_col,
                    f"{{={npv_cell}-SUMPRODUCT({capacity_net},{layout.factors(n - 1)})}}",
                    fmt.money,
                    comp.cash[scope].npv,
                )
            row += 1
        row += 1
    sheet.set_column(0, 0, 34)
    sheet.set_column(1, 1, 22)
    sheet.set_column(2, 2 + 2 * width, 15)
    sheet.freeze_panes(FIRST_TABLE_ROW, 2)


def _layout(case: Case, lang: str) -> _Layout:
    _ = translator(lang)
    run = case.results.run
    tree = run.compiled.payers
    n = len(run.years)
    scopes = _scopes(tree)
    calc_rows: dict[tuple[str, str], int] = {}
    factor_row = CALC_FACTOR_ROW
    row = factor_row + 2
    for comp in case.results.comparisons:
        row += 1  # the block's title
        for key in CALC_ROW_TEXT:
            row += 1  # the section's header
            calc_rows[(comp.alternative, key)] = row
            row += len(scopes) + 1
    return _Layout(
        names={key: _(text) for key, text in SHEET_TEXT.items()},
        n_years=n,
        n_term=min(int(case.results.scenario.analysis.term_of_office), n),
        cells=ledger_cells(case),
        alternatives=[a.id for a in run.alternatives],
        scopes=scopes,
        calc_rows=calc_rows,
        calc_year_row=factor_row - 1,
        calc_factor_row=factor_row,
        capacity=run.compiled.has_capacity,
    )


PRINT_COLUMNS_PER_PAGE = 16
"""Columns printed across one landscape A4 page; a wider sheet is fitted to as many pages
across as it needs (the ledger's years), never shrunk to one unreadable page."""


def _print_setup(sheet: Any) -> None:
    """Print a sheet as a reader wants it: A4 landscape, the used cells as the print area,
    fitted to the width (:data:`PRINT_COLUMNS_PER_PAGE` columns a page) and as long as it
    needs, with the frozen header rows (and label columns) repeated on every page."""
    last_row = sheet.dim_rowmax if sheet.dim_rowmax is not None else 0
    last_col = sheet.dim_colmax if sheet.dim_colmax is not None else 0
    sheet.set_paper(9)  # A4
    sheet.set_landscape()
    sheet.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.6)
    sheet.print_area(0, 0, last_row, last_col)
    sheet.fit_to_pages(-(-(last_col + 1) // PRINT_COLUMNS_PER_PAGE), 0)
    frozen_rows, frozen_cols = (sheet.panes[0], sheet.panes[1]) if sheet.panes else (0, 0)
    if frozen_rows:
        sheet.repeat_rows(0, frozen_rows - 1)
    if frozen_cols and last_col + 1 > PRINT_COLUMNS_PER_PAGE:
        sheet.repeat_columns(0, frozen_cols - 1)
    sheet.set_footer("&C&P / &N")


def write_workbook(case: Case, path: Path, lang: str) -> None:
    """Write the auditable workbook of ``case`` to ``path`` (see the module docstring).

    Parameters
    ----------
    case : Case
        From :func:`socinvest.analysis.case.build_case`; only its deterministic results are
        used.
    path : Path
        The ``.xlsx`` file to write (replaced if it exists).
    lang : {"sv", "en"}
        Language of the sheet names, headers and labels.

    Notes
    -----
    On the results sheet, PV of costs is ``SUMPRODUCT(costs, discount factors)`` and PV of
    benefits ``SUMPRODUCT(benefits, discount factors)`` over the calculation sheet's yearly
    rows, ``NPV = PV of benefits - PV of costs``, the undiscounted net ``SUM(net)``, and the
    payback year follows from the cumulative discounted net (definitions of
    :func:`socinvest.analysis.summary.compare` and
    :func:`socinvest.core.metrics.payback_index`; factors of
    :func:`socinvest.core.timing.discount_factors`). The file is written only once the whole
    workbook has been built.
    """
    _ = translator(lang)
    layout = _layout(case, lang)
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"use_future_functions": True, "in_memory": True})
    try:
        fmt = _Formats(book)
        sheets = {key: book.add_worksheet(layout.names[key]) for key in SHEET_TEXT}
        rate_cell, offset_cell = _write_inputs(case, sheets["inputs"], fmt, layout, lang)
        inputs = layout.ref("inputs")
        book.define_name(RATE_NAME[lang], f"={inputs}{rate_cell}")
        book.define_name(OFFSET_NAME[lang], f"={inputs}{offset_cell}")
        _write_results(case, sheets["results"], fmt, layout, lang)
        _write_calculation(case, sheets["calculation"], fmt, layout, lang)
        _write_ledger(case, sheets["ledger"], fmt, layout, lang)
        _write_scopes(case, sheets["scopes"], fmt, layout, lang)
        write_committee_sheet(
            case,
            book.add_worksheet(_(COMMITTEE_SHEET)),
            fmt,
            lang,
            RATE_NAME[lang],
            OFFSET_NAME[lang],
        )
        for sheet in sheets.values():
            _print_setup(sheet)
        sheets["results"].activate()
        book.set_properties(
            {
                "title": _("socinvest workbook: {title}").format(
                    title=text_in(case.results.scenario.title, lang, case.results.scenario.id)
                ),
                "comments": f"scenario_hash={case.results.scenario_hash} "
                f"parameter_hash={case.results.parameter_hash}",
                "created": dt.datetime.combine(case.created, dt.time()),
            }
        )
    finally:
        book.close()
    path.write_bytes(buffer.getvalue())
