"""Swedish and English text through gettext catalogues (read with Babel).

Messages are written in English in the code, marked with ``_()`` (translated where they are
used) or ``N_()`` (marked for extraction, translated later). The catalogues live in
``socinvest/locale/<lang>/LC_MESSAGES/socinvest.po``; the English one is the identity.
Update them with ``pybabel extract`` and ``pybabel update`` (see the README).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from functools import cache
from importlib import resources

from babel.messages.pofile import read_po

LANGUAGES: tuple[str, ...] = ("sv", "en")
DOMAIN = "socinvest"


def N_(message: str) -> str:  # noqa: N802 - the gettext convention
    """Mark a message for extraction without translating it."""
    return message


@cache
def catalogue(lang: str) -> dict[str, str]:
    """The translations of one language: message id -> text (only non-empty, not fuzzy)."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; expected one of: {', '.join(LANGUAGES)}")
    ref = resources.files("socinvest") / "locale" / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    with ref.open("rb") as handle:
        cat = read_po(handle, locale=lang)
    out: dict[str, str] = {}
    for message in cat:
        if message.id and isinstance(message.id, str) and message.string and not message.fuzzy:
            out[message.id] = str(message.string)
    return out


def translator(lang: str) -> Callable[[str], str]:
    """A gettext-like function for ``lang``; unknown messages come back unchanged."""
    table = catalogue(lang)

    def gettext(message: str) -> str:
        return table.get(message, message)

    return gettext


def default_language() -> str:
    """The language to use when none is given: ``SOCINVEST_LANG``, else ``LANG`` if it is
    English, else Swedish."""
    explicit = os.environ.get("SOCINVEST_LANG", "").strip().lower()
    if explicit in LANGUAGES:
        return explicit
    lang = os.environ.get("LC_ALL") or os.environ.get("LANG") or ""
    return "en" if lang.lower().startswith("en") else "sv"
