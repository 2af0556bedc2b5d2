"""Rich rendering of the cost of a child (``socinvest child-cost``), in Swedish or English."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from socinvest.analysis.child_cost import ChildCost, ComponentCost
from socinvest.i18n import N_, translator
from socinvest.params.library import ResolvedParameter
from socinvest.params.units import UNIT_LABELS
from socinvest.reports.child_cost import included_excluded, reference_sentence
from socinvest.reports.formatting import money, number, percent
from socinvest.reports.labels import STATUS_TEXT
from socinvest.reports.sources import value_text

CATEGORY_TEXT = {
    "resource": N_("Resources (care, preschool, school)"),
    "transfer": N_("Transfers (benefits paid to the family)"),
}
TIMING_TEXT = {
    "start": N_("flows of age a discounted by a years"),
    "mid": N_("flows of age a discounted by a + 0.5 years"),
    "end": N_("flows of age a discounted by a + 1 years"),
}


def _years(value: float, lang: str) -> str:
    digits = next((d for d in range(4) if round(value, d) == value), 3)
    return number(value, lang, digits)


def _ages(c: ComponentCost, lang: str) -> str:
    _ = translator(lang)
    first, last = c.ages
    if last < 0:
        return _("before birth")
    start = _("before birth") if first < 0 else str(first)
    return start if first == last else f"{start}–{last}"


def _calculation(c: ComponentCost, lang: str) -> str:
    amount = c.parameters[0]
    if c.years is None:
        return value_text(amount, lang)
    unit = UNIT_LABELS["year"][0 if lang == "sv" else 1]
    return f"{_years(c.years, lang)} {unit} × {value_text(amount, lang)}"


def _source(p: ResolvedParameter) -> str:
    first = p.sources[0]
    text = ", ".join(str(x) for x in (first.publisher or first.title, first.year) if x is not None)
    return text + (f" (+{len(p.sources) - 1})" if len(p.sources) > 1 else "")


def _footer(result: ChildCost, lang: str, console: Console) -> None:
    _ = translator(lang)
    sentence = reference_sentence(result, lang)
    if sentence is not None:
        console.print(Text(sentence), highlight=False)
    for line in included_excluded(result, lang):
        if line:
            console.print(Text(line), highlight=False)
    console.print(
        Text(
            _(
                "Undiscounted: the amounts of every age added up, in {year} prices. Transfers "
                "are costs for the payer and income for the family."
            ).format(year=result.price_year),
            style="dim",
        )
    )
    console.print(Text(_("Parameter hash {hash}").format(hash=result.parameter_hash), style="dim"))


def render_child_cost(result: ChildCost, lang: str, console: Console) -> None:
    """The components (label, ages, calculation, payer, amount, status, source), the total,
    the totals by payer and by flow category."""
    _ = translator(lang)
    tree = result.payers
    table = Table(
        title=_(
            "What society invests in a child, from pregnancy to the end of upper secondary "
            "school ({year} prices, undiscounted)"
        ).format(year=result.price_year),
        title_justify="left",
    )
    table.add_column(_("Component"))
    table.add_column(_("Ages"))
    table.add_column(_("Calculation"))
    table.add_column(_("Payer"))
    table.add_column(_("Amount"), justify="right")
    table.add_column(_("Status"))
    table.add_column(_("Source"))
    for c in result.components:
        label = c.label.sv if lang == "sv" else c.label.en
        ids = ", ".join(p.id for p in c.parameters)
        table.add_row(
            f"{escape(label)}\n[dim]{escape(ids)}[/]",
            _ages(c, lang),
            escape(_calculation(c, lang)),
            escape(tree.get(c.payer).label(lang)),
            money(c.amount, lang),
            _(STATUS_TEXT[c.status]),
            escape("; ".join(_source(p) for p in c.parameters)),
        )
    table.add_section()
    table.add_row(_("Total"), "", "", "", money(result.total, lang), "", "", style="bold")
    console.print(table)

    payers = Table(title=_("By payer"), title_justify="left")
    payers.add_column(_("Payer"))
    payers.add_column(_("Amount"), justify="right")
    payers.add_column(_("Share"), justify="right")
    for payer in tree.payers:
        value = result.by_payer[payer.id]
        if value == 0.0:
            continue
        depth = payer.id.count(".")
        payers.add_row(
            ("  " * depth) + escape(payer.label(lang)),
            money(value, lang),
            percent(value / result.total, lang) if result.total else "–",
            style="bold" if depth == 0 else None,
        )
    payers.add_section()
    for category, title in CATEGORY_TEXT.items():
        value = result.by_category[category]
        payers.add_row(
            _(title),
            money(value, lang),
            percent(value / result.total, lang) if result.total else "–",
        )
    payers.add_row(_("Total"), money(result.total, lang), "", style="bold")
    console.print(payers)
    _present_value(result, lang, console)
    _footer(result, lang, console)


def _present_value(result: ChildCost, lang: str, console: Console) -> None:
    pv = result.present_value
    if pv is None:
        return
    _ = translator(lang)
    console.print(
        _("Present value at birth at a discount rate of {rate} ({timing}): {amount}").format(
            rate=percent(pv.discount_rate, lang),
            timing=_(TIMING_TEXT[pv.timing]),
            amount=money(pv.total, lang),
        ),
        highlight=False,
    )


def render_child_cost_by_age(result: ChildCost, lang: str, console: Console) -> None:
    """The amounts by age (rows) and top-level payer (columns), with the totals."""
    _ = translator(lang)
    tree = result.payers
    ids = tree.ids
    columns = [pid for pid in tree.top_level if result.by_payer[pid] != 0.0]
    table = Table(
        title=_("The cost of a child by age and payer ({year} prices, undiscounted)").format(
            year=result.price_year
        ),
        title_justify="left",
        caption=_("Costs before birth (maternity care) are booked at age 0."),
        caption_justify="left",
    )
    table.add_column(_("Age"), justify="right")
    for pid in columns:
        table.add_column(escape(tree.get(pid).label(lang)), justify="right")
    table.add_column(_("Total"), justify="right")
    for i, age in enumerate(result.ages):
        table.add_row(
            str(age),
            *(money(float(result.by_age_payer[i, ids.index(pid)]), lang) for pid in columns),
            money(result.by_age[i], lang),
        )
    table.add_section()
    table.add_row(
        _("Total"),
        *(money(result.by_payer[pid], lang) for pid in columns),
        money(result.total, lang),
        style="bold",
    )
    console.print(table)
    _present_value(result, lang, console)
    _footer(result, lang, console)
