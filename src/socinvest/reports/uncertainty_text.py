"""What the probability of a gain rests on, in words: the sentence beside the probability
(terminal, committee page) and the table of the full case, from the
:class:`~socinvest.analysis.uncertainty_inventory.UncertaintyInventory` of a probabilistic
analysis."""

from __future__ import annotations

from typing import Any

from babel.lists import format_list

from socinvest.analysis.uncertainty_inventory import GROUPS, UncertaintyInventory
from socinvest.i18n import N_, translator
from socinvest.reports.formatting import LOCALES, number, percent
from socinvest.reports.report_text import decay_text, window_text
from socinvest.scenario.model import Scenario, text_in

GROUP_COUNT_TEXT = {
    "effects": N_("effects ({n})"),
    "transitions": N_("transitions ({n} rows)"),
    "unit_costs": N_("unit costs ({n})"),
    "production": N_("production value ({n})"),
    "other": N_("other figures ({n})"),
}
"""A varied group with its count, as listed in the sentence."""
ONE_ROW = N_("transitions (1 row)")
ROWS = (N_("1 row"), N_("{n} rows"))
BLOCKS = (N_("1 block"), N_("{n} blocks"))
FIXED_BLOCKS = (
    N_("transitions without declared uncertainty (1 block)"),
    N_("transitions without declared uncertainty ({n} blocks)"),
)
"""Singular and plural."""


def _plural(forms: tuple[str, str], n: int, lang: str) -> str:
    """``forms[0]`` for one, else ``forms[1]``, translated, with ``{n}`` filled in."""
    _ = translator(lang)
    return _(forms[0] if n == 1 else forms[1]).format(n=number(n, lang))


GROUP_TEXT = {
    "effects": N_("Effects"),
    "transitions": N_("Transitions"),
    "unit_costs": N_("Unit costs"),
    "production": N_("Production value"),
    "other": N_("Other figures"),
}
"""A varied group's name in the table."""


def _join(items: list[str], lang: str) -> str:
    """``a, b och c`` / ``a, b and c``."""
    return str(format_list(items, locale=LOCALES[lang])) if items else ""


def fixed_items(inventory: UncertaintyInventory, lang: str) -> list[str]:
    """What was held fixed, in short words, for the sentence."""
    _ = translator(lang)
    items = [_("the discount rates")]
    if inventory.fixed_parameters:
        items.append(
            _("parameters at their value ({n})").format(
                n=number(len(inventory.fixed_parameters), lang)
            )
        )
    if inventory.production_split:
        items.append(_("the split of the value of work"))
    if inventory.effect_timing:
        items.append(_("the effects' windows and decay"))
    if inventory.fixed_transition_blocks:
        items.append(_plural(FIXED_BLOCKS, len(inventory.fixed_transition_blocks), lang))
    items.append(_("the model's structure"))
    return items


def varied_sentence(inventory: UncertaintyInventory, draws: int, lang: str) -> str:
    """One sentence: the draws, what they varied (groups with counts) and what was held
    fixed, e.g. "The probability rests on 2,000 draws in which effects (2), transitions (120
    rows) and unit costs (15) were varied; the discount rates, ... were held fixed."."""
    _ = translator(lang)
    varied = []
    for g, n in inventory.varied.items():
        if n > 0:
            message = ONE_ROW if g == "transitions" and n == 1 else GROUP_COUNT_TEXT[g]
            varied.append(_(message).format(n=number(n, lang)))
    fixed = _join(fixed_items(inventory, lang), lang)
    if not varied:
        return _(
            "The probability rests on {draws} draws, but nothing uncertain was varied; "
            "{fixed} were held fixed."
        ).format(draws=number(draws, lang), fixed=fixed)
    return _(
        "The probability rests on {draws} draws in which {varied} were varied; {fixed} were "
        "held fixed."
    ).format(draws=number(draws, lang), varied=_join(varied, lang), fixed=fixed)


def _block_text(scenario: Scenario, blocks: tuple[int, ...], lang: str) -> str:
    """The age bands of transition blocks: "ages 0-5, 6-12 and 13-14"."""
    _ = translator(lang)
    transitions = scenario.model.transitions
    ages = [str(transitions[b].ages) for b in blocks if 0 <= b < len(transitions)]
    return _("ages {ages}").format(ages=_join(ages, lang)) if ages else ""


def inventory_table(
    inventory: UncertaintyInventory, scenario: Scenario, lang: str
) -> dict[str, list[dict[str, str]]]:
    """The full case's table: ``{"varied": rows, "fixed": rows}``, each row a ``name``, a
    ``count`` and the ``ids`` or values (as text)."""
    _ = translator(lang)
    state_label = {s.id: text_in(s.label, lang, s.id) for s in scenario.model.states}
    varied = []
    for g in GROUPS:
        n = inventory.count(g)
        if g == "transitions":
            what = (
                _("rows of the blocks for {blocks}").format(
                    blocks=_block_text(scenario, inventory.transition_blocks, lang)
                )
                if n
                else "–"
            )
            count = _plural(ROWS, n, lang)
        else:
            what = ", ".join(inventory.ids(g)) or "–"
            count = number(n, lang)
        varied.append({"name": _(GROUP_TEXT[g]), "count": count, "ids": what})
    fixed = [
        {
            "name": _("Parameters at their value"),
            "count": number(len(inventory.fixed_parameters), lang),
            "ids": ", ".join(inventory.fixed_parameters) or "–",
        },
        {
            "name": _("Discount rates"),
            "count": "2",
            "ids": _("{money} for money, {outcomes} for outcomes").format(
                money=percent(inventory.discount_rate, lang),
                outcomes=percent(inventory.outcome_discount_rate, lang),
            ),
        },
    ]
    if inventory.production_split:
        fixed.append(
            {
                "name": _("Split of the value of work"),
                "count": number(len(inventory.production_split), lang),
                "ids": ", ".join(
                    f"{payer} {percent(share, lang)}"
                    for payer, share in inventory.production_split.items()
                ),
            }
        )
    if inventory.effect_timing:
        timings = []
        for t in inventory.effect_timing:
            window = window_text(t.ages, t.years, lang)
            decay = decay_text(t.decay, t.decay_years, t.decay_rate, t.decay_ratio, lang) or _(
                "no decay"
            )
            timings.append(f"{t.intervention} #{t.index + 1}: {window}, {decay}")
        fixed.append(
            {
                "name": _("Effect windows and decay"),
                "count": number(len(inventory.effect_timing), lang),
                "ids": "; ".join(timings),
            }
        )
    fixed.append(
        {
            "name": _("The model's states"),
            "count": number(len(inventory.states), lang),
            "ids": ", ".join(state_label.get(s, s) for s in inventory.states),
        }
    )
    if inventory.effect_target_states:
        fixed.append(
            {
                "name": _("After an effect"),
                "count": number(len(inventory.effect_target_states), lang),
                "ids": _(
                    "children whose path an effect improves then follow the transitions of the "
                    "children already in the state they reach ({states}); the model has no "
                    "memory of the intervention"
                ).format(
                    states=_join(
                        [state_label.get(s, s).lower() for s in inventory.effect_target_states],
                        lang,
                    )
                ),
            }
        )
    if inventory.fixed_transition_blocks:
        fixed.append(
            {
                "name": _("Transitions without declared uncertainty"),
                "count": _plural(BLOCKS, len(inventory.fixed_transition_blocks), lang),
                "ids": _block_text(scenario, inventory.fixed_transition_blocks, lang),
            }
        )
    return {"varied": varied, "fixed": fixed}


def inventory_context(
    inventory: UncertaintyInventory | None, draws: int, scenario: Scenario, lang: str
) -> dict[str, Any] | None:
    """The sentence and the table for a report (``None``: no inventory)."""
    if inventory is None:
        return None
    return {
        "sentence": varied_sentence(inventory, draws, lang),
        **inventory_table(inventory, scenario, lang),
    }
