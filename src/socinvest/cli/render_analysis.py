"""Rich rendering of ``socinvest analyse tornado`` and ``socinvest analyse breakeven``."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from socinvest.analysis.breakeven import EFFECT_BRACKET, BreakEven, Root
from socinvest.analysis.sensitivity import Tornado
from socinvest.i18n import N_, translator
from socinvest.params.payers import PayerTree
from socinvest.reports import labels
from socinvest.reports.formatting import money, number
from socinvest.reports.labels import NO_ROOT_TEXT
from socinvest.scenario.model import Scenario, text_in

BAR_WIDTH = 30
DEFINITION_TEXT = {
    "typfall": N_("typfall: excluded 20-64 (welfare costs)"),
    "typfall_socio_economic": N_(
        "typfall: excluded 20-64 (real resources and production loss; transfers net out)"
    ),
    "pathway": N_("{pathway} instead of {good}, ages {first}-{last}"),
}


def scope_label(scope: str, tree: PayerTree, lang: str) -> str:
    """A payer's label or a perspective's name, escaped for Rich markup."""
    return escape(labels.scope_label(tree, scope, lang))


def _labels(scenario: Scenario, lang: str) -> dict[str, str]:
    return {a.id: escape(text_in(a.label, lang, a.id)) for a in scenario.alternatives}


def render_tornado(
    tornados: list[Tornado], scenario: Scenario, tree: PayerTree, lang: str, console: Console
) -> None:
    """One table per alternative: the parameters sorted by swing, with a text bar."""
    _ = translator(lang)
    names = _labels(scenario, lang)
    for t in tornados:
        widest = max((b.swing for b in t.bars), default=0.0)
        table = Table(
            title=_("One-way sensitivity: {alternative}, NPV for {scope}").format(
                alternative=names[t.alternative], scope=scope_label(t.scope, tree, lang)
            ),
            title_justify="left",
            caption=_(
                "Base NPV {npv} ({year} prices). Each parameter at its low and high value "
                "(declared bounds, else the 5th and 95th percentiles), and the money discount "
                "rate at a low and a high rate (a setting, not drawn), the others at their "
                "values; sorted by swing."
            ).format(npv=money(t.npv_base, lang), year=scenario.analysis.price_year),
            caption_justify="left",
        )
        table.add_column(_("Parameter"))
        for heading in (_("Low"), _("High"), _("NPV at low"), _("NPV at high"), _("Swing")):
            table.add_column(heading, justify="right")
        table.add_column("")
        for b in t.bars:
            label = labels.tornado_bar_label(b, lang)
            width = round(BAR_WIDTH * b.swing / widest) if widest > 0 else 0
            table.add_row(
                f"{escape(b.id)}\n{escape(label)}",
                labels.tornado_bar_value(b, b.low, lang),
                labels.tornado_bar_value(b, b.high, lang),
                money(b.npv_low, lang),
                money(b.npv_high, lang),
                money(b.swing, lang),
                "█" * width,
            )
        console.print(table)
        if t.fixed:
            console.print(
                _("Fixed (no declared uncertainty): {ids}").format(ids=", ".join(t.fixed)),
                style="dim",
                highlight=False,
            )


def _root(r: Root, lang: str, digits: int = 3) -> str:
    _ = translator(lang)
    if r.value is None:
        return _(NO_ROOT_TEXT[r.status])
    return number(r.value, lang, digits)


def render_breakeven(
    results: list[BreakEven], scenario: Scenario, tree: PayerTree, lang: str, console: Console
) -> None:
    """Break-even effect, largest cost and number to help, per alternative."""
    _ = translator(lang)
    labels = _labels(scenario, lang)
    term = scenario.analysis.term_of_office
    for b in results:
        console.print(
            _("Break-even: {alternative}").format(alternative=labels[b.alternative]),
            style="bold",
            highlight=False,
        )
        effects = Table(
            title=_("Smallest effect at which NPV = 0"),
            title_justify="left",
            caption=_("Searched from {low} to {high}; the others at their values.").format(
                low=number(EFFECT_BRACKET[0], lang, 3), high=number(EFFECT_BRACKET[1], lang)
            ),
            caption_justify="left",
        )
        effects.add_column(_("Effect"))
        effects.add_column(_("Scope"))
        effects.add_column(_("Now"), justify="right")
        effects.add_column(_("Horizon"), justify="right")
        effects.add_column(_("Term of office ({n} years)").format(n=term), justify="right")
        for e in b.effects:
            name = _("{intervention}: {measure} {source} → {target}").format(
                intervention=escape(e.intervention),
                measure=_("relative risk") if e.measure == "relative_risk" else _("odds ratio"),
                source=", ".join(e.from_states),
                target=", ".join(e.to_states),
            )
            for scope in b.scopes:
                by_period = {r.period: r for r in e.roots if r.scope == scope}
                effects.add_row(
                    name,
                    scope_label(scope, tree, lang),
                    number(e.value, lang, 3),
                    _root(by_period["horizon"], lang),
                    _root(by_period["term_of_office"], lang),
                )
                name = ""
        console.print(effects)
        costs = Table(
            title=_("Largest intervention cost at which it still pays"),
            title_justify="left",
            caption=_("Factor: how many times today's intervention costs the benefits can carry."),
            caption_justify="left",
        )
        costs.add_column(_("Scope"))
        costs.add_column(_("Costs (PV)"), justify="right")
        costs.add_column(_("Factor"), justify="right")
        costs.add_column(_("Largest costs (PV)"), justify="right")
        costs.add_column(_("Factor, term of office"), justify="right")
        for scope in b.scopes:
            cost_by_period = {c.period: c for c in b.costs if c.scope == scope}
            h, t = cost_by_period["horizon"], cost_by_period["term_of_office"]
            costs.add_row(
                scope_label(scope, tree, lang),
                money(h.pv_costs, lang),
                number(h.factor, lang, 2) if h.factor is not None else _(NO_ROOT_TEXT[h.status]),
                money(h.max_pv_costs, lang) if h.max_pv_costs is not None else "–",
                number(t.factor, lang, 2) if t.factor is not None else _(NO_ROOT_TEXT[t.status]),
            )
        console.print(costs)
        if not b.number_to_help:
            console.print(
                _("Number to help: give --pathway and --good (states of the model)."),
                style="dim",
            )
            continue
        helping = Table(
            title=_("How many must we help? Persons kept out of the pathway for it to pay"),
            title_justify="left",
            caption=_("Number = intervention costs (PV) / avoided cost per person (PV)."),
            caption_justify="left",
        )
        helping.add_column(_("Scope"))
        helping.add_column(_("Definition"))
        helping.add_column(_("Costs (PV)"), justify="right")
        helping.add_column(_("Per person (PV)"), justify="right")
        helping.add_column(_("Number"), justify="right")
        for n in b.number_to_help:
            if n.definition == "pathway" and b.pathway is not None:
                definition = _(DEFINITION_TEXT["pathway"]).format(
                    pathway=b.pathway.pathway,
                    good=b.pathway.good,
                    first=b.pathway.ages[0],
                    last=b.pathway.ages[1],
                )
            else:
                key = "typfall_socio_economic" if n.scope == "socio_economic" else "typfall"
                definition = _(DEFINITION_TEXT[key])
            helping.add_row(
                scope_label(n.scope, tree, lang),
                definition,
                money(n.pv_costs, lang),
                money(n.avoided_per_person, lang),
                number(n.number, lang, 2) if n.number is not None else "–",
            )
        console.print(helping)
