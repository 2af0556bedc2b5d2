"""Labels and fixed texts shared by every view of the results (terminal, HTML, PDF, Excel):
the perspectives, parameter statuses, timing conventions, levels of prevention, why a
break-even has no root, a payer's or perspective's name, the target group in words and the
caption of the value of information. Marked for the gettext catalogues
(``socinvest.i18n``); kept light to import (no charts), since the command line loads it."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from markupsafe import Markup

from socinvest.analysis.sensitivity import DISCOUNT_SETTING, TornadoBar
from socinvest.analysis.value_of_information import ValueOfInformation
from socinvest.i18n import N_, translator
from socinvest.params.payers import PayerTree
from socinvest.params.units import MONEY_UNITS
from socinvest.reports.formatting import money, number, percent
from socinvest.scenario.model import TargetGroup

PERSPECTIVE_TEXT: dict[str, str] = {
    "public_finances": N_("Public finances"),
    "socio_economic": N_("Socio-economic (total)"),
}
MCPF_SCOPE = "socio_economic_mcpf"
"""The perspective of :data:`socinvest.analysis.summary.MCPF_PERSPECTIVE` (only with
``analysis.mcpf`` above 0)."""
MCPF_TEXT = N_("Socio-economic with the marginal cost of public funds")
CASH_ONLY_TEXT = N_(
    "Cash only: the flows of cost lines marked 'frees: capacity' (staff time in teams that "
    "remain) are left out; the socio-economic figures are not a budget and are not shown."
)
STATUS_TEXT: dict[str, str] = {
    "verified": N_("verified"),
    "derived": N_("derived"),
    "not_verified": N_("not verified"),
    "illustrative": N_("illustrative"),
}
GRADE_TEXT: dict[str, str] = {
    "primary": N_("primary source"),
    "secondary": N_("secondary source"),
    "estimate": N_("estimate"),
}
"""A source's grade (socinvest.params.model.Grade) as a reader sees it."""
EVIDENCE_GRADE_TEXT: dict[str, str] = {
    "high": N_("high"),
    "moderate": N_("moderate"),
    "low": N_("low"),
    "very low": N_("very low"),
    "very_low": N_("very low"),
    "illustrative": N_("illustrative"),
}
"""An intervention's evidence grade (GRADE's high to very low, or illustrative) as a reader
sees it; another grade written in the scenario is shown as written."""
TIMING_TEXT: dict[str, str] = {
    "start": N_("start of year"),
    "end": N_("end of year"),
    "mid": N_("mid-year (half-cycle)"),
}
LEVEL_TEXT: dict[str, str] = {
    "universal": N_("universal"),
    "selective": N_("selective"),
    "indicated": N_("indicated"),
}
NO_ROOT_TEXT: dict[str, str] = {
    "always_positive": N_("none: NPV is always positive"),
    "always_negative": N_("none: NPV is always negative"),
    "flat": N_("none: NPV does not depend on it"),
    "pays_at_any_cost": N_("none: pays at any cost"),
    "never_pays": N_("none: does not pay even if free"),
}

SETTING_TEXT: dict[str, str] = {
    DISCOUNT_SETTING: N_("Discount rate {low}–{high}"),
}


def scope_label(tree: PayerTree, scope: str, lang: str) -> str:
    """A payer's label or a perspective's name in ``lang``."""
    if scope in PERSPECTIVE_TEXT:
        return translator(lang)(PERSPECTIVE_TEXT[scope])
    if scope == MCPF_SCOPE:
        return translator(lang)(MCPF_TEXT)
    return tree.get(scope).label(lang)


def scope_in_text(tree: PayerTree, scope: str, lang: str) -> str:
    """How running text names a payer or a perspective: "kommunen", "the municipality",
    "offentliga finanser" (a payer's ``in_text``; a perspective's name with a small first
    letter)."""
    if scope in PERSPECTIVE_TEXT or scope == MCPF_SCOPE:
        name = scope_label(tree, scope, lang)
        return name[:1].lower() + name[1:]
    return tree.get(scope).in_text(lang)


def sentence_start(text: str) -> str:
    """``text`` with a capital first letter, to begin a sentence."""
    return text[:1].upper() + text[1:]


def target_group_text(target: TargetGroup, intake: npt.ArrayLike, lang: str) -> str:
    """The target group in words: ``120 children aged 4``, or with intake over several years
    ``120 children a year for 5 years, aged 4 at the start`` (``–`` when the yearly intake
    varies)."""
    _ = translator(lang)
    sizes = [float(x) for x in np.ravel(intake)]
    if len(sizes) == 1:
        return _("{n} children aged {age}").format(n=number(sizes[0], lang), age=target.start_age)
    return _("{n} children a year for {years} years, aged {age} at the start").format(
        n=number(sizes[0], lang) if len(set(sizes)) == 1 else "–",
        years=len(sizes),
        age=target.start_age,
    )


def voi_caption(voi: ValueOfInformation, price_year: int, lang: str) -> str:
    """How the value of information is scaled to the population, and by which method."""
    _ = translator(lang)
    return _(
        "Per person: per person in the target group ({persons}). Population: {per_year} "
        "persons a year for {years} years, discounted at {rate} (annuity factor "
        "{factor}). {year} prices. EVPPI by regression on the draws (Strong, Oakley and "
        "Brennan 2014)."
    ).format(
        persons=number(voi.persons, lang),
        per_year=number(voi.persons_per_year, lang),
        years=voi.years,
        rate=percent(voi.discount_rate, lang),
        factor=number(voi.annuity, lang, 2),
        year=price_year,
    )


def _percent_digits(*values: float) -> int:
    """0 decimals when every value is a whole percentage, else 1."""
    return 0 if all(abs(100 * v - round(100 * v)) < 1e-9 for v in values) else 1


def tornado_bar_label(bar: TornadoBar, lang: str) -> str:
    """A tornado bar's label: the parameter's, or for a setting its name and range
    (``Diskonteringsränta 0–5 %``)."""
    if bar.parameter is not None:
        return bar.parameter.label.sv if lang == "sv" else bar.parameter.label.en
    assert bar.setting is not None
    digits = _percent_digits(bar.low, bar.high)
    return translator(lang)(SETTING_TEXT[bar.setting]).format(
        low=number(100 * bar.low, lang, digits), high=percent(bar.high, lang, digits)
    )


def tornado_bar_value(bar: TornadoBar, value: float, lang: str) -> str:
    """A value of a tornado bar: money in kronor, a setting's rate as a percentage, else a
    number."""
    if bar.unit in MONEY_UNITS:
        return money(value, lang)
    if bar.parameter is None:
        return percent(value, lang, _percent_digits(value))
    return number(value, lang, 4 if abs(value) < 1 else 2)


def evidence_grade_text(grade: str, lang: str) -> str:
    """An intervention's evidence grade in ``lang`` ("låg" for ``low``)."""
    key = grade.strip().lower()
    if key not in EVIDENCE_GRADE_TEXT:
        return grade
    return translator(lang)(EVIDENCE_GRADE_TEXT[key])


SV_WORDS = frozenset(
    {"och", "för", "av", "som", "att", "med", "är", "på", "till", "det", "ett", "inte", "från"}
    | {"barn", "eller", "vid", "om", "har", "kan", "under", "den", "de", "per", "år", "sidan"}
)
EN_WORDS = frozenset(
    {"the", "and", "of", "for", "with", "is", "are", "to", "in", "from", "on", "by", "not"}
    | {"children", "or", "at", "was", "were", "has", "be", "a", "an", "as", "that", "this"}
    | {"which", "it", "its", "than", "page", "each", "no"}
)
ENGLISH_ENOUGH = 4
"""A text with this many English small words is English to the reader, even around a
Swedish quotation."""


def text_language(text: str) -> str:
    """``"sv"`` or ``"en"``: the language a source's title, quote or note is written in,
    guessed from its small words and letters (sources are quoted as written, and the report
    marks those not in its own language)."""
    words = [w.lower() for w in text.replace("/", " ").split()]
    swedish = sum(w.strip(".,;:()'\"") in SV_WORDS for w in words)
    english = sum(w.strip(".,;:()'\"") in EN_WORDS for w in words)
    if any(ch in text for ch in "åäöÅÄÖ"):
        swedish += 1
    return "en" if english > swedish or english >= ENGLISH_ENOUGH else "sv"


def quoted(text: str, lang: str) -> Markup:
    """``text`` quoted as written (a study's comparison, a source's note), marked with its
    language and a small "(in English)" when it is not in ``lang``."""
    written = text_language(text)
    if written == lang:
        return Markup.escape(text)
    _ = translator(lang)
    mark = _("(in English)") if written == "en" else _("(in Swedish)")
    return Markup('<span lang="{}">{}</span> <span class="lang-mark">{}</span>').format(
        written, text, mark
    )
