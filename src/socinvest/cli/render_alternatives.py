"""Rich rendering of ``socinvest analyse compare`` and ``socinvest analyse timing``."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from socinvest.analysis.compare import AlternativesComparison
from socinvest.analysis.timing import Timing
from socinvest.cli.render_analysis import scope_label
from socinvest.i18n import translator
from socinvest.params.payers import PayerTree
from socinvest.reports.formatting import money, number, percent
from socinvest.scenario.model import Scenario, text_in

CEAC_ROWS = 6
"""Values shown in the CEAC table (evenly spread over the grid, ends included)."""


def _labels(scenario: Scenario, lang: str) -> dict[str, str]:
    return {a.id: escape(text_in(a.label, lang, a.id)) for a in scenario.alternatives}


def _shown(n: int) -> list[int]:
    if n <= CEAC_ROWS:
        return list(range(n))
    return sorted({round(i * (n - 1) / (CEAC_ROWS - 1)) for i in range(CEAC_ROWS)})


def render_compare(
    result: AlternativesComparison,
    scenario: Scenario,
    tree: PayerTree,
    lang: str,
    console: Console,
) -> None:
    """The ranking with the probability of being best, and the CEAC at a few values."""
    _ = translator(lang)
    labels = _labels(scenario, lang)
    year = scenario.analysis.price_year
    if result.draws > 0:
        caption = _(
            "Expected NPV: the mean over {draws} draws (seed {seed}); the comparison "
            "alternative has NPV 0. Probability best: the share of draws in which the "
            "alternative has the highest NPV. {year} prices."
        ).format(draws=result.draws, seed=result.seed, year=year)
    else:
        caption = _(
            "Without draws: deterministic NPVs; the best alternative has probability 1. "
            "{year} prices."
        ).format(year=year)
    ranking = Table(
        title=_("Alternatives ranked by expected NPV for {scope}").format(
            scope=scope_label(result.scope, tree, lang)
        ),
        title_justify="left",
        caption=caption,
        caption_justify="left",
    )
    ranking.add_column(_("Rank"), justify="right")
    ranking.add_column(_("Alternative"))
    ranking.add_column(_("Expected NPV"), justify="right")
    ranking.add_column(_("Probability best"), justify="right")
    ranking.add_column(_("Person-years avoided"), justify="right")
    for a in result.ranking:
        ranking.add_row(
            str(a.rank),
            labels[a.alternative],
            money(a.expected_npv, lang),
            percent(a.probability_best, lang),
            number(a.person_years_avoided, lang, 1),
        )
    console.print(ranking)
    ceac = Table(
        title=_("Cost-effectiveness acceptability curve: probability best by value"),
        title_justify="left",
        caption=_(
            "Net benefit = NPV + value x person-years avoided in {outcome} ({states}), "
            "discounted. Each draw uses its own person-years avoided."
        ).format(outcome=escape(result.outcome), states=", ".join(result.outcome_states)),
        caption_justify="left",
    )
    ceac.add_column(_("Value per person-year avoided"), justify="right")
    for a in result.alternatives:
        ceac.add_column(labels[a.alternative], justify="right")
    for i in _shown(len(result.values)):
        ceac.add_row(money(result.values[i], lang), *(percent(s, lang) for s in result.ceac[i]))
    console.print(ceac)


def render_timing(
    results: list[Timing], scenario: Scenario, tree: PayerTree, lang: str, console: Console
) -> None:
    """Per alternative: NPV by start age per scope, and the cost of waiting one year."""
    _ = translator(lang)
    labels = _labels(scenario, lang)
    for t in results:
        for waiting in (False, True):
            if waiting:
                title = _("Cost of waiting one year: {alternative}").format(
                    alternative=labels[t.alternative]
                )
                caption = _(
                    "NPV(start age) - NPV(start age + 1) / (1 + {rate}): what starting the same "
                    "children one year later loses (negative: waiting gains)."
                ).format(rate=number(t.discount_rate, lang, 3))
            else:
                title = _("NPV by start age: {alternative}").format(
                    alternative=labels[t.alternative]
                )
                caption = _(
                    "The scenario starts at age {age}; effect windows given by ages move with "
                    "the start age, the intake and the initial states are kept. {year} prices."
                ).format(age=t.base_start_age, year=scenario.analysis.price_year)
            table = Table(title=title, title_justify="left", caption=caption)
            table.caption_justify = "left"
            table.add_column(_("Start age"), justify="right")
            for scope in t.scopes:
                table.add_column(scope_label(scope, tree, lang), justify="right")
            for p in t.points:
                values = p.cost_of_waiting if waiting else p.npv
                if values is None:
                    continue
                table.add_row(str(p.start_age), *(money(values[s], lang) for s in t.scopes))
            console.print(table)
