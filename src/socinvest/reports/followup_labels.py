"""What the follow-up report names by id, in the reader's language: shared by the command line
(``socinvest followup report``) and the web application."""

from __future__ import annotations

from socinvest.analysis.followup_types import FollowUpPlan
from socinvest.params.payers import default_payer_tree
from socinvest.scenario.model import Scenario, text_in
from socinvest.scenario.validate import payer_tree_of


def followup_labels(
    scenario: Scenario, lang: str, plan: FollowUpPlan | None, investment: str
) -> dict[str, str]:
    """Labels in ``lang``: the payers the scenario adds to the default tree (the report names
    the default tree's own payers itself, in running text as "kommunen"), its interventions
    and alternatives, the plan's indicators, and the investment by the scenario's title when
    it carries the scenario's id."""
    tree = default_payer_tree()
    labels = {p.id: p.label(lang) for p in payer_tree_of(scenario).payers if p.id not in tree}
    for intervention in scenario.interventions:
        labels[intervention.id] = text_in(intervention.label, lang, intervention.id)
    for alternative in scenario.alternatives:
        labels[alternative.id] = text_in(alternative.label, lang, alternative.id)
    for indicator in plan.indicators if plan is not None else ():
        labels[indicator.id] = indicator.label_sv if lang == "sv" else indicator.label_en
    if investment == scenario.id:
        labels[investment] = text_in(scenario.title, lang, investment)
    return labels
