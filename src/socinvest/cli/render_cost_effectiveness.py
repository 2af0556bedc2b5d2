"""Rich rendering of the cost-effectiveness figures (QALYs, exclusion avoided, ICERs)."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from socinvest.analysis.cost_effectiveness import CostEffectiveness
from socinvest.i18n import translator
from socinvest.reports.cost_effectiveness_text import (
    frontier_lines,
    group_label,
    mean_lines,
    table_rows,
    welfare_lines,
)
from socinvest.scenario.model import Scenario, text_in


def render_cost_effectiveness(
    ce: CostEffectiveness, scenario: Scenario, lang: str, console: Console
) -> None:
    """The cost per QALY gained and per person-year of exclusion avoided of every alternative,
    the efficiency frontier (with three or more alternatives) and the welfare figure."""
    _ = translator(lang)
    labels = {a.id: escape(text_in(a.label, lang, a.id)) for a in scenario.alternatives}
    comparison = next(a.id for a in scenario.alternatives if a.comparison)
    groups = list(ce.groups)
    table = Table(
        title=_("Cost-effectiveness (difference from {comparison})").format(
            comparison=labels[comparison]
        ),
        title_justify="left",
        caption=_(
            "Net cost: present value of the costs minus every saving, in the perspective. "
            "QALYs and person-years are discounted at the outcome discount rate."
        ),
        caption_justify="left",
    )
    table.add_column(_("Alternative"))
    table.add_column(_("Perspective"))
    table.add_column(_("Net cost"), justify="right")
    if ce.quality_weights is not None:
        table.add_column(_("QALYs gained"), justify="right")
        table.add_column(_("Per QALY"), justify="right")
    for g in groups:
        table.add_column(
            _("Person-years avoided, {group}").format(group=group_label(g, lang)), justify="right"
        )
        table.add_column(_("Per person-year avoided"), justify="right")
    for row in table_rows(ce.deterministic, labels, groups, lang):
        cells = [row["alternative"] if row["first"] else "", row["perspective"], row["net_cost"]]
        if ce.quality_weights is not None:
            cells += [row["qalys"] or "", row["per_qaly"]]
        for g in row["groups"]:
            cells += [g["avoided"], g["per_year"]]
        table.add_row(*cells)
    console.print(table)
    plain = {a.id: text_in(a.label, lang, a.id) for a in scenario.alternatives}
    lines = mean_lines(ce, plain, lang)
    if len(scenario.alternatives) >= 3:
        lines += frontier_lines(ce, plain, lang)
    for line in lines + welfare_lines(ce, plain, lang):
        console.print(Text(line))
