"""Rich rendering of ``socinvest analyse voi``."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from socinvest.analysis.value_of_information import ValueOfInformation, VoiEntry
from socinvest.cli.render_analysis import scope_label
from socinvest.i18n import translator
from socinvest.params.payers import PayerTree
from socinvest.reports.formatting import money, percent
from socinvest.reports.labels import voi_caption
from socinvest.scenario.model import Scenario, text_in


def _name(entry: VoiEntry, voi: ValueOfInformation, lang: str, long: bool = True) -> str:
    _ = translator(lang)
    if entry.kind == "group":
        text = _("group {name}").format(name=escape(entry.name))
        return f"{text}\n{escape(', '.join(entry.members))}" if long else text
    parameter = voi.parameters[entry.name]
    label = parameter.label.sv if lang == "sv" else parameter.label.en
    return f"{escape(entry.name)}\n{escape(label)}" if long else escape(label)


def render_voi(
    voi: ValueOfInformation, scenario: Scenario, tree: PayerTree, lang: str, console: Console
) -> None:
    """EVPI on top, then EVPPI per parameter and group (largest first), and a sentence."""
    _ = translator(lang)
    labels = {a.id: escape(text_in(a.label, lang, a.id)) for a in scenario.alternatives}
    table = Table(
        title=_("Value of information: NPV for {scope} ({draws} draws, seed {seed})").format(
            scope=scope_label(voi.scope, tree, lang), draws=voi.draws, seed=voi.seed
        ),
        title_justify="left",
        caption=voi_caption(voi, scenario.analysis.price_year, lang),
        caption_justify="left",
    )
    table.add_column(_("Parameter or group"))
    table.add_column(_("Per person"), justify="right")
    table.add_column(_("Population"), justify="right")
    table.add_column(_("Share of EVPI"), justify="right")
    table.add_row(
        _("EVPI: everything drawn"),
        money(voi.evpi_per_person, lang),
        money(voi.evpi_population, lang),
        percent(1.0, lang, 0) if voi.evpi_per_person > 0 else "–",
        style="bold",
        end_section=True,
    )
    for e in voi.entries:
        table.add_row(
            _name(e, voi, lang),
            money(e.per_person, lang),
            money(e.population, lang),
            percent(e.share_of_evpi, lang) if e.share_of_evpi is not None else "–",
        )
    console.print(table)
    console.print(
        _(
            "Best on the mean: {alternative}. Share of the draws in which another alternative "
            "is better: {share}."
        ).format(alternative=labels[voi.best], share=percent(voi.p_best_wrong, lang)),
        highlight=False,
    )
    top = voi.top
    if voi.evpi_per_person <= 0:
        console.print(
            _(
                "The same alternative is best whatever the drawn values: removing the "
                "uncertainty would not change the decision, so more information is worth "
                "nothing for it."
            ),
            highlight=False,
        )
        return
    if top is None:
        console.print(
            _(
                "Perfect information on everything drawn would be worth up to {amount} for "
                "these decisions; no parameter or group alone would change the decision."
            ).format(amount=money(voi.evpi_population, lang)),
            highlight=False,
        )
        return
    console.print(
        _(
            "A local study that removed the uncertainty about {name} would be worth up to "
            "{amount} for these decisions."
        ).format(name=_name(top, voi, lang, long=False), amount=money(top.population, lang)),
        highlight=False,
    )
