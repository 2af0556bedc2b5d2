"""The workbook's sheet between committees and per participant.

The kommun's net per committee and year (values from the deterministic ledger, see
:mod:`socinvest.analysis.committees`), with the kommun's column as the ``SUM`` of the
committees, the undiscounted totals as ``SUM`` and the present values as ``SUMPRODUCT`` with
the discount factors written beside the years; the proportional transfer; then the
participants and, per payer and perspective, the present values divided by the participants
as formulas (``=total / participants``), so that a reader sees that each figure per
participant times the participants is the total.
"""

from __future__ import annotations

from typing import Any

from xlsxwriter.utility import xl_rowcol_to_cell

from socinvest.analysis.case import Case
from socinvest.analysis.committees import committee_split
from socinvest.analysis.participants import participants
from socinvest.i18n import N_, translator
from socinvest.reports.committee_split import part_label, per_participant_scopes
from socinvest.reports.labels import scope_label
from socinvest.scenario.model import text_in

SHEET_NAME = N_("Committees")
"""The sheet's name (message id)."""


def write_committee_sheet(
    case: Case, sheet: Any, fmt: Any, lang: str, rate_name: str, offset_name: str
) -> None:
    """Write the sheet (see the module docstring) for the presented alternative.

    Parameters
    ----------
    case : Case
    sheet : xlsxwriter Worksheet
    fmt : the workbook's formats (``title``, ``note``, ``header``, ``money``,
        ``money_bold``, ``factor``, ``year``, ``label``, ``number``)
    lang : {"sv", "en"}
    rate_name, offset_name : str
        The workbook's defined names of the discount rate and the timing offset: the
        discount factors beside the years are formulas of them, as on the calculation sheet,
        so that the committees' present values move with the rate.
    """
    _ = translator(lang)
    run = case.results.run
    tree = run.compiled.payers
    comp = case.results.comparison_for(case.alternative)
    alt_label = next(
        a for a in case.results.scenario.alternatives if a.id == case.alternative
    ).label
    sheet.write(
        0,
        0,
        _("Between committees and per participant: {alternative}").format(
            alternative=text_in(alt_label, lang, case.alternative)
        ),
        fmt.title,
    )
    row = 2
    if "kommun" in tree.ids:
        split = committee_split(run, case.alternative)
        parts = split.parts
        kommun = scope_label(tree, split.parent, lang)
        sheet.write(
            1,
            0,
            _(
                "Net (benefits minus costs) per committee and year against the comparison, "
                "undiscounted; the column {payer} is the sum of the committees."
            ).format(payer=kommun),
            fmt.note,
        )
        headers = [
            _("Year"),
            _("Discount factor"),
            *[part_label(case, p, lang) for p in parts],
            kommun,
        ]
        for col, text in enumerate(headers):
            sheet.write(row, col, text, fmt.header)
        first = row + 1
        n_parts = len(parts)
        for t, year in enumerate(case.years):
            r = first + t
            sheet.write_number(r, 0, year, fmt.year)
            sheet.write_formula(
                r,
                1,
                f"=1/(1+{rate_name})^({t}+{offset_name})",
                fmt.factor,
                float(run.money_factors[t]),
            )
            for j, p in enumerate(parts):
                sheet.write_number(r, 2 + j, float(p.net[t]), fmt.money)
            span = f"{xl_rowcol_to_cell(r, 2)}:{xl_rowcol_to_cell(r, 1 + n_parts)}"
            sheet.write_formula(
                r, 2 + n_parts, f"=SUM({span})", fmt.money_bold, float(split.total.net[t])
            )
        last = first + len(case.years) - 1
        total_row, npv_row = last + 1, last + 2
        sheet.write(total_row, 0, _("Total, undiscounted"), fmt.label)
        sheet.write(npv_row, 0, _("NPV"), fmt.label)
        factors = (
            f"{xl_rowcol_to_cell(first, 1, True, True)}:{xl_rowcol_to_cell(last, 1, True, True)}"
        )
        for j, p in enumerate([*parts, split.total]):
            col = 2 + j
            column = f"{xl_rowcol_to_cell(first, col)}:{xl_rowcol_to_cell(last, col)}"
            sheet.write_formula(total_row, col, f"=SUM({column})", fmt.money_bold, p.undiscounted)
            sheet.write_formula(
                npv_row, col, f"=SUMPRODUCT({column},{factors})", fmt.money_bold, p.npv
            )
        row = npv_row + 2
        if split.transfers:
            sheet.write(row, 0, _("Transfer that leaves every committee whole"), fmt.label)
            row += 1
            for col, text in enumerate([_("From"), _("To"), _("Transfer (PV)")]):
                sheet.write(row, col, text, fmt.header)
            labels = {p.payer: part_label(case, p, lang) for p in parts}
            for move in split.transfers:
                row += 1
                sheet.write(row, 0, labels[move.payer])
                sheet.write(row, 1, labels[move.recipient])
                sheet.write_number(row, 2, move.amount, fmt.money)
            row += 2
        elif not split.whole:
            sheet.write(
                row,
                0,
                _(
                    "{payer} as a whole loses, so no transfer between its committees can leave "
                    "every committee whole."
                ).format(payer=kommun),
                fmt.note,
            )
            row += 2
    counted = participants(case.results.scenario, case.alternative)
    sheet.write(row, 0, _("Per participant"), fmt.label)
    row += 1
    sheet.write(
        row,
        0,
        _(
            "Present values at the scenario's discount rate (numbers; sheet {results} has them "
            "as formulas), divided by the participants and by those offered."
        ).format(results=_("Results")),
        fmt.note,
    )
    row += 1
    sheet.write(row, 0, _("Offered"))
    sheet.write_number(row, 1, counted.offered, fmt.number)
    offered_cell = xl_rowcol_to_cell(row, 1, True, True)
    row += 1
    sheet.write(row, 0, _("Participating"))
    sheet.write_number(row, 1, counted.participating, fmt.number)
    participating_cell = xl_rowcol_to_cell(row, 1, True, True)
    row += 2
    headers = [
        _("Payer"),
        _("Costs (PV)"),
        _("Benefits (PV)"),
        _("NPV"),
        _("Costs per participant (PV)"),
        _("Benefits per participant (PV)"),
        _("NPV per participant"),
        _("NPV per person offered"),
    ]
    for col, text in enumerate(headers):
        sheet.write(row, col, text, fmt.header)
    for scope in per_participant_scopes(case):
        row += 1
        m = comp.horizon[scope]
        sheet.write(row, 0, scope_label(tree, scope, lang))
        for col, value in ((1, m.pv_costs), (2, m.pv_benefits), (3, m.npv)):
            sheet.write_number(row, col, value, fmt.money)
        if counted.participating > 0:
            for col, value in ((1, m.pv_costs), (2, m.pv_benefits), (3, m.npv)):
                sheet.write_formula(
                    row,
                    col + 3,
                    f"={xl_rowcol_to_cell(row, col)}/{participating_cell}",
                    fmt.money,
                    value / counted.participating,
                )
        if counted.offered > 0:
            sheet.write_formula(
                row,
                7,
                f"={xl_rowcol_to_cell(row, 3)}/{offered_cell}",
                fmt.money,
                m.npv / counted.offered,
            )
    sheet.set_column(0, 0, 34)
    sheet.set_column(1, 12, 16)
    sheet.freeze_panes(3, 1)
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    sheet.print_area(0, 0, row, 12)
    sheet.repeat_rows(2)
