"""The discount rate by name and source, as every output states it (the command line's
header, the report's first page and full case, the Excel assumptions sheet)."""

from __future__ import annotations

from socinvest.analysis.discount_basis import DiscountBasis
from socinvest.i18n import translator
from socinvest.reports.formatting import percent
from socinvest.reports.labels import STATUS_TEXT


def source_text(basis: DiscountBasis) -> str:
    """The first source as "publisher, year" (``""`` without one)."""
    if not basis.sources:
        return ""
    first = basis.sources[0]
    return ", ".join(str(x) for x in (first.publisher or first.title, first.year) if x is not None)


def discount_name(basis: DiscountBasis | None, lang: str) -> str:
    """The rate's name and source without the number, e.g. "ASEK's real discount rate, the
    default for cross-sector social investment; Trafikverket, ASEK; diskontering.ranta, not
    verified"."""
    _ = translator(lang)
    if basis is None:
        return ""
    if basis.label is None:
        if basis.kind == "scenario":
            return _("given in the scenario")
        return _("socinvest's default")
    parts = [basis.label.sv if lang == "sv" else basis.label.en]
    if source := source_text(basis):
        parts.append(source)
    reference = basis.parameter or ""
    if basis.status is not None:
        reference += ", " + _(STATUS_TEXT.get(basis.status, basis.status))
    parts.append(reference)
    text = "; ".join(parts)
    if basis.kind == "default":
        text = _("default, {name}").format(name=text)
    return text


def discount_text(basis: DiscountBasis | None, rate: float, lang: str) -> str:
    """The rate and its name and source: "3.5 % – ASEK's real discount rate, ...; ..."."""
    name = discount_name(basis, lang)
    return f"{percent(rate, lang)} – {name}" if name else percent(rate, lang)
