"""The catalogues are read by a small .po reader (Babel's took a tenth of a second of every
command's start); it gives exactly what Babel's reader gives, and hands anything it does not
know (plural forms, contexts) to Babel."""

from __future__ import annotations

import io
from importlib import resources

import pytest
from babel.messages.pofile import read_po

from socinvest.i18n import LANGUAGES, catalogue, read_simple_po


def babel_table(text: str, lang: str) -> dict[str, str]:
    cat = read_po(io.BytesIO(text.encode("utf-8")), locale=lang)
    return {
        m.id: str(m.string)
        for m in cat
        if m.id and isinstance(m.id, str) and m.string and not m.fuzzy
    }


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_shipped_catalogues_read_as_babel_reads_them(lang: str) -> None:
    ref = resources.files("socinvest") / "locale" / lang / "LC_MESSAGES" / "socinvest.po"
    text = ref.read_text(encoding="utf-8")
    fast = read_simple_po(text)
    assert fast is not None
    assert fast == babel_table(text, lang)
    assert catalogue(lang) == fast


SAMPLE = r"""# header
#, fuzzy
msgid ""
msgstr ""
"Language: sv\n"

#: a.py:1
msgid "Plain"
msgstr "Enkel"

#, python-brace-format
msgid ""
"Two {n} "
"lines with \"quotes\", a tab\t and a backslash \\ and\n"
msgstr "Två {n} rader med \"citat\", tabb\t och omvänt snedstreck \\ och\n"

#, fuzzy
msgid "Guessed"
msgstr "Gissad"

msgid "Untranslated"
msgstr ""

#~ msgid "Old"
#~ msgstr "Gammal"
"""


def test_escapes_fuzzy_untranslated_and_obsolete_entries_as_babel() -> None:
    fast = read_simple_po(SAMPLE)
    assert fast == babel_table(SAMPLE, "sv")
    assert fast is not None
    assert fast["Plain"] == "Enkel"
    assert "Guessed" not in fast
    assert "Untranslated" not in fast
    assert "Old" not in fast


@pytest.mark.parametrize(
    "entry",
    [
        'msgctxt "menu"\nmsgid "File"\nmsgstr "Arkiv"\n',
        'msgid "one"\nmsgid_plural "many"\nmsgstr[0] "en"\nmsgstr[1] "många"\n',
    ],
)
def test_plural_forms_and_contexts_are_left_to_babel(entry: str) -> None:
    assert read_simple_po(SAMPLE + "\n" + entry) is None
