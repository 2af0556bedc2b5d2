"""Swedish and English text through gettext catalogues (read with Babel).

Messages are written in English in the code, marked with ``_()`` (translated where they are
used) or ``N_()`` (marked for extraction, translated later). The catalogues live in
``socinvest/locale/<lang>/LC_MESSAGES/socinvest.po``; the English one is the identity.
Update them with ``pybabel extract`` and ``pybabel update`` (see the README).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from functools import cache
from importlib import resources

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
    text = ref.read_text(encoding="utf-8")
    fast = read_simple_po(text)
    if fast is not None:
        return fast
    # Plural forms, contexts or an unexpected line: Babel's reader (slower to load and run).
    from babel.messages.pofile import read_po

    with ref.open("rb") as handle:
        cat = read_po(handle, locale=lang)
    out: dict[str, str] = {}
    for message in cat:
        if message.id and isinstance(message.id, str) and message.string and not message.fuzzy:
            out[message.id] = str(message.string)
    return out


_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "\\": "\\", '"': '"'}
_ESCAPE = re.compile(r"\\([\\trn\"])")


def _unescape(quoted: str) -> str:
    """The text of one quoted .po string (as Babel's ``unescape``)."""
    body = quoted[1:-1]
    if "\\" not in body:
        return body
    return _ESCAPE.sub(lambda m: _ESCAPES[m.group(1)], body)


def read_simple_po(text: str) -> dict[str, str] | None:
    """The translations of a .po file without plural forms or contexts, as :func:`catalogue`
    keeps them from Babel's reader (non-empty, not fuzzy; the header left out), read in a
    fraction of the time (every command reads a catalogue for its help texts). ``None`` when
    the file has anything else (plurals, contexts, an unknown line): then Babel reads it.
    """
    out: dict[str, str] = {}
    fuzzy = False
    msgid: list[str] | None = None
    msgstr: list[str] | None = None
    current: list[str] | None = None

    def flush() -> None:
        if msgid is not None and msgstr is not None:
            key, value = "".join(msgid), "".join(msgstr)
            if key and value and not fuzzy:
                out[key] = value

    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        if line.startswith("#"):
            if line.startswith("#~"):  # an obsolete entry: not a translation
                continue
            if msgstr is not None:  # the comments of the next entry
                flush()
                fuzzy, msgid, msgstr, current = False, None, None, None
            if line.startswith("#,") and "fuzzy" in (f.strip() for f in line[2:].split(",")):
                fuzzy = True
            continue
        if line.startswith("msgid "):
            if msgstr is not None:
                flush()
                fuzzy, msgstr = False, None
            msgid = current = [_unescape(line[6:].strip())]
        elif line.startswith("msgstr "):
            if msgid is None:
                return None
            msgstr = current = [_unescape(line[7:].strip())]
        elif line.startswith('"') and line.endswith('"') and current is not None:
            current.append(_unescape(line))
        else:  # msgctxt, msgid_plural, msgstr[n] or anything unexpected
            return None
    flush()
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
