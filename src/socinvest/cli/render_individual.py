"""Printing the individual engine's Monte Carlo standard errors (``run --engine individual``)."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from socinvest.analysis.individual import IndividualResults
from socinvest.i18n import translator
from socinvest.reports.formatting import money, number
from socinvest.reports.labels import PERSPECTIVE_TEXT
from socinvest.scenario.model import text_in


def render_individual(ind: IndividualResults, lang: str, console: Console) -> None:
    """A table per alternative: the mean NPV of each top-level payer and perspective with its
    Monte Carlo standard error."""
    _ = translator(lang)
    plan = ind.plan
    scenario = plan.compiled.scenario
    labels = {a.id: escape(text_in(a.label, lang, a.id)) for a in scenario.alternatives}
    if plan.draws == 0:
        how = _(
            "Individual-level engine: {n} persons, seed {seed} ({engine}); standard errors "
            "from {blocks} blocks of {size} persons."
        ).format(
            n=number(plan.individuals, lang, 0),
            seed=plan.seed,
            engine=ind.engine,
            blocks=plan.n_groups,
            size=number(round(plan.individuals / plan.n_groups), lang, 0),
        )
    else:
        how = _(
            "Individual-level engine: {draws} populations of {n} persons, seed {seed} "
            "({engine}), each with its own draw of the uncertain parameters (as --draws draws "
            "them for the cohort engine, the transition rows included); the standard "
            "errors are those of the means over the populations."
        ).format(
            draws=plan.draws, n=number(plan.individuals, lang, 0), seed=plan.seed, engine=ind.engine
        )
    console.print(how)
    tree = plan.compiled.payers
    for alternative, means in ind.npv.items():
        table = Table(
            title=_("{alternative}: NPV with its Monte Carlo standard error").format(
                alternative=labels[alternative]
            ),
            title_justify="left",
        )
        table.add_column(_("Payer"))
        table.add_column(_("NPV"), justify="right")
        table.add_column(_("Standard error"), justify="right")
        errors = ind.npv_se[alternative]
        for payer in tree.payers:
            if payer.parent_id is None:
                table.add_row(
                    escape(payer.label(lang)),
                    money(means[payer.id], lang),
                    money(errors[payer.id], lang),
                )
        table.add_section()
        for scope, title in PERSPECTIVE_TEXT.items():
            table.add_row(_(title), money(means[scope], lang), money(errors[scope], lang))
        console.print(table)


def individual_json(ind: IndividualResults) -> dict[str, Any]:
    """The engine's settings and the mean NPV and standard error of every scope, for
    ``--format json``."""
    plan = ind.plan
    return {
        "engine": "individual",
        "kernel": ind.engine,
        "individuals": plan.individuals,
        "draws": plan.draws,
        "seed": plan.seed,
        "block_size": plan.block_size,
        "npv": ind.npv,
        "npv_standard_error": ind.npv_se,
    }
