"""The follow-up report as an Excel workbook (XlsxWriter) a finance director can check.

Numbers are numbers with formats (kronor ``#,##0``, shares ``0.0%``), and every figure that
is derived from others on the sheet is a live formula carrying the computed value as its
cached result (a viewer that does not recalculate shows the same):

``Plan mot utfall`` / ``Plan vs actual``
    One row per period and item: planned, actual, children measured, the deviation
    ``= actual - planned`` and the relative deviation ``= (actual - planned) / planned``,
    and whether it is flagged.
``Prognos`` / ``Forecast``
    Per payer and perspective the decided and the updated forecast (mean NPV, 95% interval,
    probability of a gain) and the change ``= updated - decided``.
``Effekter`` / ``Effects``
    Each effect's prior, local estimate and posterior on the log scale with its standard
    deviation, and the ratios ``= EXP(mean)`` with the 95% interval
    ``= EXP(mean ± 1.959964 · sd)``.
``EVSI``
    Per study size: EVSI per person and for the population, its cost, the net benefit
    ``= EVSI population - cost``; the optimal size ``= INDEX(n, MATCH(MAX(net), net, 0))``
    when the best net benefit is above zero; the EVPI for the population
    ``= EVPI per person · population``.
``Ändringslogg`` / ``Audit``
    The audit trail: when (UTC), who, action, entity, id, before and after (JSON as stored)
    and the change summarised.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from typing import Any

import xlsxwriter
from xlsxwriter.utility import xl_rowcol_to_cell

from socinvest.analysis.followup_types import FollowUpPlan, FollowUpResult
from socinvest.i18n import N_, translator
from socinvest.reports.followup_report import audit_rows, headline, plan_rows
from socinvest.reports.followup_text import (
    SCALE_TEXT,
    Z95,
    Names,
    action_text,
    entity_text,
    is_proportion,
)
from socinvest.reports.formatting import number

SHEET_TEXT: dict[str, str] = {
    "plan": N_("Plan vs actual"),
    "forecast": N_("Forecast"),
    "effects": N_("Effects"),
    "evsi": N_("EVSI"),
    "audit": N_("Audit"),
}
"""The sheets in order (their names in the workbook's language)."""
PLAN_HEADERS: tuple[str, ...] = (
    N_("Period"),
    N_("Item"),
    N_("Item id"),
    N_("Planned"),
    N_("Actual"),
    N_("Children measured"),
    N_("Deviation (actual - planned)"),
    N_("Relative deviation"),
    N_("Flagged"),
)
FORECAST_HEADERS: tuple[str, ...] = (
    N_("Payer or perspective"),
    N_("Id"),
    N_("Decided NPV"),
    N_("Decided, 2.5%"),
    N_("Decided, 97.5%"),
    N_("Decided, probability of a gain"),
    N_("Updated NPV"),
    N_("Updated, 2.5%"),
    N_("Updated, 97.5%"),
    N_("Updated, probability of a gain"),
    N_("Change in NPV (updated - decided)"),
)
EFFECT_HEADERS: tuple[str, ...] = (
    N_("Indicator"),
    N_("Measure"),
    N_("Prior, log mean"),
    N_("Prior, SD"),
    N_("Prior ratio"),
    N_("Prior, 2.5%"),
    N_("Prior, 97.5%"),
    N_("Local, log mean"),
    N_("Local, SE"),
    N_("Local ratio"),
    N_("Local, 2.5%"),
    N_("Local, 97.5%"),
    N_("Posterior, log mean"),
    N_("Posterior, SD"),
    N_("Posterior ratio"),
    N_("Posterior, 2.5%"),
    N_("Posterior, 97.5%"),
    N_("Events, intervention"),
    N_("Children, intervention"),
    N_("Events, comparison"),
    N_("Children, comparison"),
)
EVSI_HEADERS: tuple[str, ...] = (
    N_("Children followed"),
    N_("Years"),
    N_("EVSI per person"),
    N_("EVSI, population"),
    N_("Cost"),
    N_("Net benefit (EVSI - cost)"),
)
AUDIT_HEADERS: tuple[str, ...] = (
    N_("When (UTC)"),
    N_("Who"),
    N_("Action"),
    N_("Entity"),
    N_("Id"),
    N_("Before"),
    N_("After"),
    N_("Change"),
)
FIRST_ROW = 3
"""Row (0-based) of each sheet's table header: a title and a note above it."""
Z_CELL_TEXT = f"{Z95:.6f}"


def _cell(row: int, col: int) -> str:
    return str(xl_rowcol_to_cell(row, col))


class _Formats:
    def __init__(self, book: Any) -> None:
        self.title = book.add_format({"bold": True, "font_size": 14})
        self.note = book.add_format({"italic": True, "font_color": "#444444"})
        self.header = book.add_format(
            {"bold": True, "bg_color": "#DDE4EE", "border": 1, "text_wrap": True, "valign": "top"}
        )
        self.money = book.add_format({"num_format": "#,##0"})
        self.share = book.add_format({"num_format": "0.0%"})
        self.whole = book.add_format({"num_format": "0"})
        self.decimal = book.add_format({"num_format": "0.00"})
        self.log = book.add_format({"num_format": "0.0000"})
        self.text = book.add_format({"text_wrap": True, "valign": "top"})
        self.flag = book.add_format({"bold": True, "font_color": "#8A2D14", "bg_color": "#FFF1E6"})
        self.when = book.add_format({"num_format": "yyyy-mm-dd hh:mm"})
        self.bold = book.add_format({"bold": True})


def _header(sheet: Any, fmt: _Formats, headers: tuple[str, ...], lang: str) -> None:
    _ = translator(lang)
    for col, text in enumerate(headers):
        sheet.write_string(FIRST_ROW, col, _(text), fmt.header)
    sheet.freeze_panes(FIRST_ROW + 1, 0)


def _plan_sheet(sheet: Any, fmt: _Formats, result: FollowUpResult, names: Names, lang: str) -> None:
    _ = translator(lang)
    sheet.write_string(0, 0, _("Plan against actual"), fmt.title)
    sheet.write_string(
        1,
        0,
        _(
            "Deviation = actual - planned; relative = deviation / planned. Flagged: beyond "
            "the plan's tolerance in the unfavourable direction, or planned but not recorded."
        ),
        fmt.note,
    )
    _header(sheet, fmt, PLAN_HEADERS, lang)
    shown = {r["item_id"] + "\0" + r["period"]: r for r in plan_rows(result, names)}
    order = {"reach": 0, "cost": 1, "indicator": 2}
    deviations = sorted(
        result.deviations, key=lambda d: (d.period, order.get(d.item.partition(":")[0], 3))
    )
    for i, d in enumerate(deviations):
        row = FIRST_ROW + 1 + i
        kind = names.item_kind(d.item)
        value_fmt = (
            fmt.share
            if is_proportion(names, d)
            else fmt.money
            if kind in ("cost", "amount")
            else fmt.whole
            if kind == "reach"
            else fmt.decimal
        )
        sheet.write_string(row, 0, d.period)
        sheet.write_string(row, 1, names.item(d.item))
        sheet.write_string(row, 2, d.item)
        planned, actual = _cell(row, 3), _cell(row, 4)
        for col, value in ((3, d.planned), (4, d.actual)):
            if value is None:
                sheet.write_string(row, col, "–")
            else:
                sheet.write_number(row, col, value, value_fmt)
        if d.n is not None:
            sheet.write_number(row, 5, d.n, fmt.whole)
        if d.planned is not None and d.actual is not None:
            sheet.write_formula(row, 6, f"={actual}-{planned}", value_fmt, d.actual - d.planned)
            if d.planned != 0:
                sheet.write_formula(
                    row,
                    7,
                    f"=({actual}-{planned})/{planned}",
                    fmt.share,
                    (d.actual - d.planned) / d.planned,
                )
            else:
                sheet.write_string(row, 7, "–")
        else:
            sheet.write_string(row, 6, "–")
            sheet.write_string(row, 7, "–")
        status = shown[d.item + "\0" + d.period]["status"]
        sheet.write_string(row, 8, status, fmt.flag if d.flagged else None)
    sheet.set_column(0, 0, 10)
    sheet.set_column(1, 1, 36)
    sheet.set_column(2, 2, 24)
    sheet.set_column(3, 7, 15)
    sheet.set_column(8, 8, 18)


def _forecast_sheet(
    sheet: Any, fmt: _Formats, result: FollowUpResult, names: Names, lang: str
) -> None:
    _ = translator(lang)
    sheet.write_string(0, 0, _("The forecast: decided and updated"), fmt.title)
    sheet.write_string(1, 0, headline(result, names)["sentence"], fmt.note)
    _header(sheet, fmt, FORECAST_HEADERS, lang)
    updated = {s.scope: s for s in result.updated}
    for i, d in enumerate(result.decided):
        row = FIRST_ROW + 1 + i
        bold = fmt.bold if d.scope == result.scope else None
        sheet.write_string(row, 0, names.scope(d.scope), bold)
        sheet.write_string(row, 1, d.scope)
        sheet.write_number(row, 2, d.npv_mean, fmt.money)
        sheet.write_number(row, 3, d.npv_p2_5, fmt.money)
        sheet.write_number(row, 4, d.npv_p97_5, fmt.money)
        sheet.write_number(row, 5, d.p_gain, fmt.share)
        u = updated.get(d.scope)
        if u is None:
            continue
        sheet.write_number(row, 6, u.npv_mean, fmt.money)
        sheet.write_number(row, 7, u.npv_p2_5, fmt.money)
        sheet.write_number(row, 8, u.npv_p97_5, fmt.money)
        sheet.write_number(row, 9, u.p_gain, fmt.share)
        sheet.write_formula(
            row, 10, f"={_cell(row, 6)}-{_cell(row, 2)}", fmt.money, u.npv_mean - d.npv_mean
        )
    sheet.set_column(0, 0, 34)
    sheet.set_column(1, 1, 22)
    sheet.set_column(2, 10, 15)


def _effects_sheet(
    sheet: Any, fmt: _Formats, result: FollowUpResult, names: Names, lang: str
) -> None:
    import math

    _ = translator(lang)
    sheet.write_string(0, 0, _("The effects updated with local data"), fmt.title)
    sheet.write_string(
        1,
        0,
        _("Ratio = EXP(log mean); 95% interval = EXP(log mean ± {z} × SD).").format(
            z=number(Z95, lang, 6)
        ),
        fmt.note,
    )
    _header(sheet, fmt, EFFECT_HEADERS, lang)
    for i, u in enumerate(result.updates):
        row = FIRST_ROW + 1 + i
        sheet.write_string(row, 0, names.indicator(u.indicator))
        sheet.write_string(row, 1, _(SCALE_TEXT[u.scale]))
        blocks = (
            (2, u.prior_mean, u.prior_sd),
            (7, u.local_mean, u.local_se),
            (12, u.posterior_mean, u.posterior_sd),
        )
        for col, mean, sd in blocks:
            if mean is None or sd is None:
                for k in range(5):
                    sheet.write_string(row, col + k, "–")
                continue
            m, s = _cell(row, col), _cell(row, col + 1)
            sheet.write_number(row, col, mean, fmt.log)
            sheet.write_number(row, col + 1, sd, fmt.log)
            sheet.write_formula(row, col + 2, f"=EXP({m})", fmt.decimal, math.exp(mean))
            sheet.write_formula(
                row,
                col + 3,
                f"=EXP({m}-{Z_CELL_TEXT}*{s})",
                fmt.decimal,
                math.exp(mean - Z95 * sd),
            )
            sheet.write_formula(
                row,
                col + 4,
                f"=EXP({m}+{Z_CELL_TEXT}*{s})",
                fmt.decimal,
                math.exp(mean + Z95 * sd),
            )
        counts = (u.events_intervention, u.n_intervention, u.events_comparison, u.n_comparison)
        for k, value in enumerate(counts):
            sheet.write_number(row, 17 + k, value, fmt.whole)
    sheet.set_column(0, 0, 34)
    sheet.set_column(1, 1, 16)
    sheet.set_column(2, 20, 12)


def _evsi_sheet(sheet: Any, fmt: _Formats, result: FollowUpResult, names: Names, lang: str) -> None:
    _ = translator(lang)
    sheet.write_string(0, 0, _("What the next evaluation is worth"), fmt.title)
    evsi = result.evsi
    if evsi is None or not evsi.points:
        sheet.write_string(1, 0, _("No EVSI was computed for this follow-up."), fmt.note)
        return
    sheet.write_string(
        1,
        0,
        _("EVSI by {method}, for {payer}. Net benefit = EVSI for the population - cost.").format(
            method=_("regression on the draws (Strong et al. 2015)"),
            payer=names.scope_in_text(evsi.scope),
        ),
        fmt.note,
    )
    _header(sheet, fmt, EVSI_HEADERS, lang)
    points = sorted(evsi.points, key=lambda p: (p.n, p.years))
    first = FIRST_ROW + 1
    for i, p in enumerate(points):
        row = first + i
        sheet.write_number(row, 0, p.n, fmt.whole)
        sheet.write_number(row, 1, p.years, fmt.whole)
        sheet.write_number(row, 2, p.evsi_per_person, fmt.money)
        sheet.write_number(row, 3, p.evsi_population, fmt.money)
        sheet.write_number(row, 4, p.cost, fmt.money)
        sheet.write_formula(
            row, 5, f"={_cell(row, 3)}-{_cell(row, 4)}", fmt.money, p.evsi_population - p.cost
        )
    last = first + len(points) - 1
    net = f"{_cell(first, 5)}:{_cell(last, 5)}"
    sizes = f"{_cell(first, 0)}:{_cell(last, 0)}"
    row = last + 2
    best = max(p.evsi_population - p.cost for p in points)
    optimal: Any = next(p.n for p in points if p.evsi_population - p.cost == best)
    sheet.write_string(row, 0, _("Optimal size (children followed)"), fmt.bold)
    sheet.write_formula(
        row,
        3,
        f'=IF(MAX({net})>0,INDEX({sizes},MATCH(MAX({net}),{net},0)),"–")',
        fmt.whole,
        optimal if best > 0 else "–",
    )
    sheet.write_string(row + 1, 0, _("Persons affected (population)"))
    sheet.write_number(row + 1, 3, evsi.population, fmt.whole)
    sheet.write_string(row + 2, 0, _("EVPI per person"))
    sheet.write_number(row + 2, 3, evsi.evpi_per_person, fmt.money)
    sheet.write_string(row + 3, 0, _("EVPI, population"))
    sheet.write_formula(
        row + 3,
        3,
        f"={_cell(row + 2, 3)}*{_cell(row + 1, 3)}",
        fmt.money,
        evsi.evpi_per_person * evsi.population,
    )
    sheet.set_column(0, 0, 18)
    sheet.set_column(1, 1, 8)
    sheet.set_column(2, 5, 17)


def _audit_sheet(sheet: Any, fmt: _Formats, result: FollowUpResult, lang: str) -> None:
    _ = translator(lang)
    sheet.write_string(0, 0, _("Audit trail"), fmt.title)
    sheet.write_string(1, 0, _("Every change to the investment's data, oldest first."), fmt.note)
    _header(sheet, fmt, AUDIT_HEADERS, lang)
    entries = sorted(result.audit, key=lambda a: a.at)
    summaries = audit_rows(result, lang)
    for i, (a, shown) in enumerate(zip(entries, summaries, strict=True)):
        row = FIRST_ROW + 1 + i
        sheet.write_datetime(row, 0, a.at.replace(tzinfo=None), fmt.when)
        sheet.write_string(row, 1, a.actor)
        sheet.write_string(row, 2, action_text(a.action, lang))
        sheet.write_string(row, 3, entity_text(a.entity, lang))
        sheet.write_string(row, 4, a.entity_id)
        sheet.write_string(row, 5, a.before or "")
        sheet.write_string(row, 6, a.after or "")
        sheet.write_string(row, 7, shown["change"], fmt.text)
    sheet.set_column(0, 0, 17)
    sheet.set_column(1, 4, 16)
    sheet.set_column(5, 6, 30)
    sheet.set_column(7, 7, 60)


def followup_workbook(
    result: FollowUpResult,
    lang: str,
    *,
    labels: Mapping[str, str] | None = None,
    plan: FollowUpPlan | None = None,
) -> bytes:
    """The follow-up workbook of ``result`` in ``lang`` (see the module docstring).

    Parameters
    ----------
    result : FollowUpResult
        The follow-up to show.
    lang : {"sv", "en"}
        Language of the sheet names, headers and labels.
    labels, plan
        As for :func:`socinvest.reports.followup_report.followup_html`.

    Returns
    -------
    bytes
        The ``.xlsx`` file.
    """
    _ = translator(lang)
    names = Names(lang, dict(labels or {}), plan)
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    try:
        fmt = _Formats(book)
        sheets = {key: book.add_worksheet(_(text)) for key, text in SHEET_TEXT.items()}
        _plan_sheet(sheets["plan"], fmt, result, names, lang)
        _forecast_sheet(sheets["forecast"], fmt, result, names, lang)
        _effects_sheet(sheets["effects"], fmt, result, names, lang)
        _evsi_sheet(sheets["evsi"], fmt, result, names, lang)
        _audit_sheet(sheets["audit"], fmt, result, lang)
        for sheet in sheets.values():
            sheet.set_paper(9)
            sheet.set_landscape()
            sheet.fit_to_pages(1, 0)
            sheet.repeat_rows(FIRST_ROW)
            sheet.set_footer("&C&P / &N")
        book.set_properties(
            {"title": _("Follow-up of {investment}").format(investment=result.investment)}
        )
    finally:
        book.close()
    return buffer.getvalue()
