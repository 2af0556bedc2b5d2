"""Names and figures of the follow-up report in the reader's language: items of the plan, the
payers and perspectives, ratios with their 95% intervals, signed deviations, and the audit
trail's changes summarised. Shared by the HTML/PDF page and the Excel workbook."""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass

from socinvest.analysis.followup_types import Deviation, EffectUpdate, FollowUpPlan
from socinvest.i18n import N_, translator
from socinvest.params.payers import default_payer_tree
from socinvest.reports.formatting import money, number, percent
from socinvest.reports.labels import MCPF_SCOPE, MCPF_TEXT, PERSPECTIVE_TEXT

Z95 = 1.959963984540054
"""The standard normal's 97.5th percentile: a 95% interval is mean ± Z95 · sd."""

SCALE_TEXT: dict[str, str] = {
    "odds_ratio": N_("odds ratio"),
    "relative_risk": N_("relative risk"),
}
METHOD_TEXT: dict[str, str] = {
    "beta_binomial": N_("beta-binomial update of the proportions"),
    "normal_log_ratio": N_("normal update of the log ratio"),
}
ACTION_TEXT: dict[str, str] = {
    "create": N_("created"),
    "insert": N_("created"),
    "update": N_("changed"),
    "delete": N_("deleted"),
    "decide": N_("decided"),
    "record": N_("recorded"),
    "import": N_("imported"),
    "plan": N_("planned"),
    "save": N_("saved"),
    "restore": N_("restored"),
}
"""An audit entry's action as a reader sees it; another action is shown as written."""
ENTITY_TEXT: dict[str, str] = {
    "organisation": N_("organisation"),
    "scenario": N_("scenario"),
    "scenario_version": N_("scenario version"),
    "override_set": N_("parameter overrides"),
    "run": N_("run"),
    "investment": N_("investment"),
    "plan": N_("follow-up plan"),
    "followup_plan": N_("follow-up plan"),
    "observation": N_("observation"),
    "observations": N_("observations"),
}
"""An audit entry's entity as a reader sees it; another entity is shown as written."""
STATUS_TEXT: dict[str, str] = {
    "ok": N_("within plan"),
    "deviation": N_("deviation"),
    "missing": N_("not recorded"),
}
"""A plan-against-actual row's status (a flagged one also carries the flag mark)."""
REACH_TEXT = N_("Participants reached")
COST_TEXT = N_("Cost, {payer}")
AUDIT_KEYS = 4
"""Changed fields named in one audit line; the rest are counted."""
AUDIT_VALUE_CHARS = 40
"""Longest value shown in an audit line before it is cut with an ellipsis."""


@dataclass(frozen=True)
class Names:
    """How the report names payers, perspectives and indicators in one language.

    ``labels`` (id -> label) come first; then the default payer tree's labels, the
    perspectives' names, and the plan's indicator labels; an unknown id is shown as written.
    """

    lang: str
    labels: Mapping[str, str]
    plan: FollowUpPlan | None = None

    def scope(self, scope: str) -> str:
        """A payer's label or a perspective's name."""
        if scope in self.labels:
            return self.labels[scope]
        _ = translator(self.lang)
        if scope in PERSPECTIVE_TEXT:
            return _(PERSPECTIVE_TEXT[scope])
        if scope == MCPF_SCOPE:
            return _(MCPF_TEXT)
        tree = default_payer_tree()
        return tree.get(scope).label(self.lang) if scope in tree else scope

    def scope_in_text(self, scope: str) -> str:
        """How running text names a payer ("kommunen", "the municipality")."""
        tree = default_payer_tree()
        if scope not in self.labels and scope in tree:
            return tree.get(scope).in_text(self.lang)
        name = self.scope(scope)
        return name[:1].lower() + name[1:] if scope in PERSPECTIVE_TEXT else name

    def indicator_kind(self, indicator: str) -> str | None:
        """The plan's kind of an indicator (``proportion``, ``count``, ``amount``)."""
        if self.plan is None:
            return None
        for plan in self.plan.indicators:
            if plan.id == indicator:
                return plan.kind
        return None

    def indicator(self, indicator: str) -> str:
        """An indicator's label."""
        if indicator in self.labels:
            return self.labels[indicator]
        if self.plan is not None:
            for plan in self.plan.indicators:
                if plan.id == indicator:
                    return plan.label_sv if self.lang == "sv" else plan.label_en
        return indicator

    def item(self, item: str) -> str:
        """A deviation's item: participants reached, a payer's cost, an indicator."""
        _ = translator(self.lang)
        kind, _sep, rest = item.partition(":")
        if kind == "reach":
            return _(REACH_TEXT)
        if kind == "cost":
            return _(COST_TEXT).format(payer=self.scope(rest))
        if kind == "indicator":
            return self.indicator(rest)
        return item

    def item_kind(self, item: str) -> str:
        """``reach``, ``cost``, ``proportion``, ``count`` or ``amount``."""
        kind, _sep, rest = item.partition(":")
        if kind == "indicator":
            return self.indicator_kind(rest) or "count"
        return kind


def is_proportion(names: Names, d: Deviation) -> bool:
    """Whether a deviation's values are shares: by the plan, or (without one) an indicator
    measured on ``n`` children whose values lie in [0, 1]."""
    kind = names.item_kind(d.item)
    if kind == "proportion":
        return True
    if names.indicator_kind(d.item.partition(":")[2]) is not None or not d.item.startswith(
        "indicator:"
    ):
        return False
    values = [v for v in (d.planned, d.actual) if v is not None]
    return d.n is not None and all(0 <= v <= 1 for v in values)


def item_value(names: Names, d: Deviation, value: float | None) -> str:
    """A planned or actual value (or their difference) formatted for its item."""
    if value is None:
        return "–"
    lang = names.lang
    kind = names.item_kind(d.item)
    if kind in ("cost", "amount"):
        return money(value, lang)
    if is_proportion(names, d):
        return percent(value, lang)
    if kind == "reach" or float(value).is_integer():
        return number(value, lang)
    return number(value, lang, 2)


def signed(text: str, value: float) -> str:
    """``text`` (a formatted figure) with a plus sign when ``value`` is above zero."""
    return "+" + text if value > 0 and math.isfinite(value) else text


def difference(names: Names, d: Deviation) -> str:
    """The actual minus the planned value, signed; a share's in percentage points."""
    if d.actual is None or d.planned is None:
        return "–"
    diff = d.actual - d.planned
    if is_proportion(names, d):
        _ = translator(names.lang)
        points = _("{points} pp").format(points=number(100 * diff, names.lang, 1))
        return signed(points, diff)
    return signed(item_value(names, d, diff), diff)


def relative(d: Deviation, lang: str) -> str:
    """The relative deviation, signed (``+12,0 %``)."""
    if d.relative is None:
        return "–"
    return signed(percent(d.relative, lang), d.relative)


def ratio(log_mean: float) -> float:
    """The ratio of a mean on the log scale."""
    return math.exp(log_mean)


def interval(log_mean: float, sd: float) -> tuple[float, float]:
    """The 95% interval of the ratio from a normal on the log scale."""
    return math.exp(log_mean - Z95 * sd), math.exp(log_mean + Z95 * sd)


def ratio_text(log_mean: float | None, sd: float | None, lang: str) -> str:
    """``0,72 (0,55–0,94)``: the ratio and its 95% interval, two decimals."""
    if log_mean is None:
        return "–"
    shown = number(ratio(log_mean), lang, 2)
    if sd is None or not math.isfinite(sd):
        return shown
    low, high = interval(log_mean, sd)
    return f"{shown} ({number(low, lang, 2)}–{number(high, lang, 2)})"


def update_sentence(names: Names, u: EffectUpdate) -> str:
    """One effect's update in words: the study, the local data, the two together."""
    lang = names.lang
    _ = translator(lang)
    scale = _(SCALE_TEXT[u.scale])
    head = _("{indicator}: the study's {scale} was {prior}.").format(
        indicator=names.indicator(u.indicator),
        scale=scale,
        prior=ratio_text(u.prior_mean, u.prior_sd, lang),
    )
    if u.local_mean is None:
        return head + " " + _("There are no local data yet, so the updated effect is the study's.")
    local = _(
        "Locally {ei} of {ni} children with the intervention and {ec} of {nc} in the "
        "comparison group had the outcome: a {scale} of {local}."
    ).format(
        ei=number(u.events_intervention, lang),
        ni=number(u.n_intervention, lang),
        ec=number(u.events_comparison, lang),
        nc=number(u.n_comparison, lang),
        scale=scale,
        local=ratio_text(u.local_mean, u.local_se, lang),
    )
    together = _("Together: {posterior}.").format(
        posterior=ratio_text(u.posterior_mean, u.posterior_sd, lang)
    )
    if abs(u.posterior_mean) < abs(u.prior_mean):
        drift = _("The local data weaken the effect the decision counted on.")
    else:
        drift = _("The local data support the effect the decision counted on.")
    return " ".join((head, local, together, drift))


def _short(value: object, lang: str) -> str:
    """A stored value for an audit line: a number in the language's format, text as written,
    anything else as JSON; cut to :data:`AUDIT_VALUE_CHARS`."""
    if isinstance(value, bool) or value is None:
        text = json.dumps(value)
    elif isinstance(value, int | float):
        if float(value).is_integer():
            text = number(value, lang)
        else:
            text = number(value, lang, 4).rstrip("0").rstrip(",.")
    elif isinstance(value, str):
        text = value
    else:
        text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= AUDIT_VALUE_CHARS else text[: AUDIT_VALUE_CHARS - 1] + "…"


def _parsed(text: str | None) -> object:
    if text is None:
        return None
    try:
        return json.loads(text)
    except ValueError:
        return text


def change_summary(before: str | None, after: str | None, lang: str) -> str:
    """The change of an audit entry in one line: the fields that differ, ``field: before →
    after`` (at most :data:`AUDIT_KEYS`, the rest counted); a value created or deleted as its
    fields; plain text as written, shortened."""
    _ = translator(lang)
    old, new = _parsed(before), _parsed(after)
    if isinstance(old, dict) and isinstance(new, dict):
        keys = [k for k in dict.fromkeys([*old, *new]) if old.get(k) != new.get(k)]
        parts = [
            f"{k}: {_short(old.get(k, '–'), lang)} → {_short(new.get(k, '–'), lang)}"
            for k in keys[:AUDIT_KEYS]
        ]
    elif isinstance(new, dict) or isinstance(old, dict):
        shown = new if isinstance(new, dict) else old
        assert isinstance(shown, dict)
        keys = list(shown)
        parts = [f"{k}: {_short(shown[k], lang)}" for k in keys[:AUDIT_KEYS]]
    else:
        if old is None and new is None:
            return "–"
        if old is None:
            return _short(new, lang)
        if new is None:
            return _short(old, lang) + " → –"
        return f"{_short(old, lang)} → {_short(new, lang)}"
    if not keys:
        return _("no field changed")
    more = len(keys) - AUDIT_KEYS
    if more > 0:
        parts.append(_("{n} more").format(n=more))
    return "; ".join(parts)


def action_text(action: str, lang: str) -> str:
    """An audit entry's action in ``lang`` (as written when unknown)."""
    return translator(lang)(ACTION_TEXT[action]) if action in ACTION_TEXT else action


def entity_text(entity: str, lang: str) -> str:
    """An audit entry's entity in ``lang`` (as written when unknown)."""
    return translator(lang)(ENTITY_TEXT[entity]) if entity in ENTITY_TEXT else entity
