"""Rich rendering of ``socinvest share``: the parties, one table per proposal, and Finsam."""

from __future__ import annotations

import numpy as np
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from socinvest.analysis.finsam import SOURCE, Finsam
from socinvest.analysis.sharing import Proposal, Sharing
from socinvest.i18n import translator
from socinvest.params.payers import PayerTree
from socinvest.reports.formatting import money, percent
from socinvest.reports.sharing_labels import (
    FINSAM_TEXT,
    METHOD_NOTE,
    method_label,
    party_label,
)
from socinvest.scenario.model import Scenario, text_in


def _p(value: float | None, lang: str) -> str:
    return "–" if value is None else percent(value, lang, 0)


def _mean(value: float | None, lang: str) -> str:
    return "–" if value is None else money(value, lang)


def render_sharing(
    sharing: Sharing,
    scenario: Scenario,
    tree: PayerTree,
    lang: str,
    console: Console,
    finsam: Finsam | None = None,
) -> None:
    """The parties' costs and gains, then each proposal, then Finsam when asked for."""
    _ = translator(lang)
    alternative = next(a for a in scenario.alternatives if a.id == sharing.alternative)
    name = escape(text_in(alternative.label, lang, alternative.id))
    labels = {p.id: escape(party_label(p, tree, lang)) for p in sharing.parties}
    price_year = scenario.analysis.price_year
    draws = (
        _("{draws} draws, seed {seed}").format(draws=sharing.draws, seed=sharing.seed)
        if sharing.draws
        else _("no draws: deterministic only")
    )
    table = Table(
        title=_("Who pays and who gains: {alternative} against the comparison").format(
            alternative=name
        ),
        title_justify="left",
        caption=_(
            "Present values in {year} prices. Term of office: the first {years} years. "
            "Gain: the party's NPV plus the intervention's cost it bears."
        ).format(year=price_year, years=sharing.term_years),
        caption_justify="left",
    )
    spread = all(p.gain_draws is not None for p in sharing.parties) and sharing.draws > 0
    table.add_column(_("Party"))
    columns = [_("Pays today"), _("Gains"), _("NPV"), _("NPV, term of office")]
    if spread:
        columns.append(_("Gains, 90 % of the draws"))
    for column in columns:
        table.add_column(column, justify="right")
    for p in sharing.parties:
        cells = [
            labels[p.id],
            money(p.cost, lang),
            money(p.gain, lang),
            money(p.npv, lang),
            money(p.npv_term, lang),
        ]
        gains = p.gain_draws
        if spread and gains is not None:
            low, high = np.quantile(gains, [0.05, 0.95])
            cells.append(f"{money(float(low), lang)} – {money(float(high), lang)}")
        table.add_row(*cells)
    total = [
        _("All parties"),
        money(sharing.cost, lang),
        money(sharing.cost + sharing.total_npv, lang),
        money(sharing.total_npv, lang),
        "",
    ]
    table.add_row(*total, *([""] if spread else []), style="bold")
    console.print(table)
    for proposal in sharing.proposals:
        _render_proposal(proposal, sharing, labels, draws, lang, console)
    if finsam is not None:
        _render_finsam(finsam, lang, draws, console)


def _render_proposal(
    proposal: Proposal,
    sharing: Sharing,
    labels: dict[str, str],
    draws: str,
    lang: str,
    console: Console,
) -> None:
    _ = translator(lang)
    title = f"{method_label(proposal.method, lang)}: {_(METHOD_NOTE[proposal.method])}"
    if proposal.infeasible is not None:
        console.print(f"\n[bold]{escape(title)}[/bold]", highlight=False)
        console.print(escape(proposal.infeasible.render(lang)), highlight=False)
        return
    table = Table(title=escape(title), title_justify="left", caption=draws, caption_justify="left")
    table.add_column(_("Party"))
    for column in (
        _("Share of the cost"),
        "%",
        _("Receives"),
        _("NPV after"),
        _("Mean NPV"),
        _("P(gain), term"),
        _("P(gain), horizon"),
    ):
        table.add_column(column, justify="right")
    for o in proposal.outcomes:
        table.add_row(
            labels[o.party],
            money(o.share, lang),
            percent(o.share / sharing.cost, lang, 0) if sharing.cost else "–",
            money(o.received, lang),
            money(o.npv, lang),
            _mean(o.mean, lang),
            _p(o.p_gain_term, lang),
            _p(o.p_gain, lang),
        )
    console.print()
    console.print(table)
    losers = [labels[o.party] for o in proposal.outcomes if o.npv < -0.5]
    if losers:
        console.print(
            _("Still below zero under this split: {parties}.").format(parties=", ".join(losers)),
            highlight=False,
        )


def _render_finsam(finsam: Finsam, lang: str, draws: str, console: Console) -> None:
    _ = translator(lang)
    table = Table(
        title=_(
            "Finsam: the law's split of a samordningsförbund's funds against the gains "
            "(cost {cost})"
        ).format(cost=money(finsam.cost, lang)),
        title_justify="left",
        caption=f"{escape(SOURCE['title'])}. {escape(SOURCE['grade'])}. {draws}",
        caption_justify="left",
    )
    table.add_column(_("Member"))
    for column in (
        _("Gains"),
        _("Law's share"),
        _("Share of the gains"),
        _("Over-pays"),
        _("NPV, law's split"),
        _("P(gain), law's split"),
        _("P(gain), matching split"),
    ):
        table.add_column(column, justify="right")
    for m in finsam.members:
        table.add_row(
            escape(_(FINSAM_TEXT[m.id])),
            money(m.gain, lang),
            percent(m.law_share, lang, 0),
            percent(m.gain_share, lang, 0),
            money(m.over_payment, lang),
            money(m.npv_law, lang),
            _p(m.p_gain_law, lang),
            _p(m.p_gain_matching, lang),
        )
    console.print()
    console.print(table)
    console.print(
        _(
            "Over-pays: what the member pays under the law beyond its share of the gains "
            "(negative: it pays less than its gains warrant)."
        ),
        highlight=False,
    )
