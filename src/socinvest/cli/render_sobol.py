"""Rich rendering of ``socinvest analyse sobol``."""

from __future__ import annotations

import math

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from socinvest.analysis.sobol import SobolResult
from socinvest.cli.render_analysis import scope_label
from socinvest.i18n import translator
from socinvest.params.payers import PayerTree
from socinvest.reports.formatting import money, number, percent
from socinvest.scenario.model import Scenario, text_in

BAR_WIDTH = 30
DIGITS = 3


def _interval(low: float, high: float, lang: str) -> str:
    return f"{number(low, lang, DIGITS)} – {number(high, lang, DIGITS)}"


def render_sobol(
    result: SobolResult, scenario: Scenario, tree: PayerTree, lang: str, console: Console
) -> None:
    """The parameters sorted by their total index, with confidence intervals and a text bar,
    then what the indices say."""
    _ = translator(lang)
    labels = {a.id: escape(text_in(a.label, lang, a.id)) for a in scenario.alternatives}
    table = Table(
        title=_("Global sensitivity (Sobol indices): {alternative}, NPV for {scope}").format(
            alternative=labels[result.alternative], scope=scope_label(result.scope, tree, lang)
        ),
        title_justify="left",
        caption=_(
            "NPV mean {mean}, standard deviation {sd} ({year} prices), over {evaluations} "
            "evaluations ({samples} samples, seed {seed}). S1: the share of the variance the "
            "parameter explains alone; ST: including its interactions with the others; "
            "{level} confidence intervals. Sorted by ST. Saltelli et al. (2010), SALib."
        ).format(
            mean=money(result.npv_mean, lang),
            sd=money(math.sqrt(result.npv_variance), lang),
            year=scenario.analysis.price_year,
            evaluations=number(result.evaluations, lang),
            samples=number(result.samples, lang),
            seed=result.seed,
            level=percent(result.conf_level, lang, 0),
        ),
        caption_justify="left",
    )
    table.add_column(_("Parameter"))
    table.add_column("S1", justify="right")
    table.add_column(_("S1 interval"), justify="right")
    table.add_column("ST", justify="right")
    table.add_column(_("ST interval"), justify="right")
    table.add_column("")
    for i in result.indices:
        p = i.parameter
        label = p.label.sv if lang == "sv" else p.label.en
        width = round(BAR_WIDTH * min(max(i.st, 0.0), 1.0))
        table.add_row(
            f"{escape(p.id)}\n{escape(label)}",
            number(i.s1, lang, DIGITS),
            _interval(*i.s1_interval, lang),
            number(i.st, lang, DIGITS),
            _interval(*i.st_interval, lang),
            "█" * width,
        )
    console.print(table)
    if result.constant:
        console.print(
            _(
                "The NPV is the same whatever the uncertain parameters' values: there is no "
                "variance to apportion, and every index is 0."
            ),
            highlight=False,
        )
    else:
        console.print(
            _(
                "The first-order indices sum to {total}: about {share} of the variance comes "
                "from interactions between parameters."
            ).format(
                total=number(result.sum_first_order, lang, DIGITS),
                share=percent(max(0.0, 1.0 - result.sum_first_order), lang, 0),
            ),
            highlight=False,
        )
    if result.fixed_transition_blocks:
        console.print(
            _(
                "The transition rows with uncertainty (blocks {blocks}) are held at their "
                "means: a row is not one parameter, so it has no index here."
            ).format(blocks=", ".join(str(b) for b in result.fixed_transition_blocks)),
            style="dim",
            highlight=False,
        )
