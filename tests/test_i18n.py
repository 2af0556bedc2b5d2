"""The gettext catalogues: every marked message is translated, with the same placeholders.

The messages are extracted the way ``scripts/update_catalogues.py`` does (Babel, keywords
``_``, ``N_`` and ``T``). The language of the help text is checked through the installed
``socinvest`` entry point.
"""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from clitools import cli_env, run_cli
from socinvest.i18n import LANGUAGES, catalogue, default_language, translator

SOURCE = Path(__file__).resolve().parent.parent / "src" / "socinvest"
LOCALE = SOURCE / "locale"
KEYWORDS = {"_": None, "N_": None, "T": None}
METHOD_MAP = [("**.py", "python"), ("**/templates/**.html", "jinja2.ext:babel_extract")]
"""Python modules, and the reports' Jinja2 templates (``{{ _("...") }}``)."""


def _messages() -> dict[str, list[str]]:
    """Every marked message id, with where it is."""
    found: dict[str, list[str]] = {}
    for filename, lineno, message, _comments, _context in extract_from_dir(
        str(SOURCE), method_map=METHOD_MAP, keywords=KEYWORDS
    ):
        ids = message if isinstance(message, tuple) else (message,)
        for msgid in ids:
            found.setdefault(msgid, []).append(f"{filename}:{lineno}")
    return found


MESSAGES = _messages()


def _catalogue(lang: str) -> Catalog:
    with (LOCALE / lang / "LC_MESSAGES" / "socinvest.po").open("rb") as handle:
        return read_po(handle, locale=lang)


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def test_messages_are_found() -> None:
    assert len(MESSAGES) > 30
    assert "NPV" in MESSAGES and "Error: the input has problems:" in MESSAGES


def test_every_message_has_a_swedish_translation() -> None:
    sv = _catalogue("sv")
    problems = []
    for msgid, where in sorted(MESSAGES.items()):
        entry = sv.get(msgid)
        if entry is None:
            problems.append(f"missing: {msgid!r} ({where[0]})")
        elif not entry.string or not str(entry.string).strip():
            problems.append(f"empty: {msgid!r} ({where[0]})")
        elif entry.fuzzy:
            problems.append(f"fuzzy: {msgid!r} ({where[0]})")
    assert not problems, "run scripts/update_catalogues.py and translate:\n" + "\n".join(problems)


def test_swedish_placeholders_match_the_message() -> None:
    sv = _catalogue("sv")
    wrong = []
    for msgid in MESSAGES:
        entry = sv.get(msgid)
        if entry is None or not entry.string:
            continue
        if _placeholders(msgid) != _placeholders(str(entry.string)):
            wrong.append(f"{msgid!r} -> {entry.string!r}")
    assert not wrong, "\n".join(wrong)


def test_swedish_translations_format_with_the_message_fields() -> None:
    table = catalogue("sv")
    for msgid in MESSAGES:
        fields = {name: "X" for name in _placeholders(msgid)}
        table[msgid].format(**fields)  # no KeyError, IndexError or stray brace


def test_english_catalogue_has_every_message_as_the_identity() -> None:
    en = _catalogue("en")
    missing = [m for m in MESSAGES if en.get(m) is None]
    assert not missing, missing
    for msgid in MESSAGES:
        entry = en.get(msgid)
        assert entry is not None
        assert not entry.string or entry.string == msgid, (msgid, entry.string)
    ui = translator("en")
    assert all(ui(m) == m for m in MESSAGES)


def test_translator() -> None:
    assert translator("sv")("NPV") == "Nettonuvärde"
    assert translator("sv")("no such message") == "no such message"
    assert set(LANGUAGES) == {"sv", "en"}
    with pytest.raises(ValueError, match="unknown language"):
        translator("de")


@pytest.mark.parametrize(
    ("environment", "expected"),
    [
        ({"SOCINVEST_LANG": "en"}, "en"),
        ({"SOCINVEST_LANG": "sv", "LANG": "en_GB.UTF-8"}, "sv"),
        ({"LANG": "en_US.UTF-8"}, "en"),
        ({"LANG": "sv_SE.UTF-8"}, "sv"),
        ({"LC_ALL": "en_GB.UTF-8", "LANG": "sv_SE.UTF-8"}, "en"),
        ({}, "sv"),
        ({"SOCINVEST_LANG": "fi"}, "sv"),
    ],
)
def test_default_language(
    monkeypatch: pytest.MonkeyPatch, environment: dict[str, str], expected: str
) -> None:
    for name in ("SOCINVEST_LANG", "LANG", "LC_ALL"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    assert default_language() == expected


# --------------------------------------------------------------------------------------
# The language of the installed command's help


def _help(lang: str) -> str:
    proc = run_cli("--help", env=cli_env(SOCINVEST_LANG=lang))
    assert proc.returncode == 0, proc.stderr
    return re.sub(r"[ \t\r\n]+", " ", re.sub(r"[\u2500-\u257f]", " ", proc.stdout))


@pytest.fixture(scope="module")
def help_texts() -> dict[str, str]:
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(zip(("en", "sv"), pool.map(_help, ("en", "sv")), strict=True))


def test_help_in_english(help_texts: dict[str, str]) -> None:
    text = help_texts["en"]
    assert "decision support for social investments in early interventions" in text
    assert "Run a scenario" in text and "Check a scenario file" in text
    assert "beslutsstöd" not in text


def test_help_in_swedish(help_texts: dict[str, str]) -> None:
    text = help_texts["sv"]
    assert "beslutsstöd för sociala investeringar i tidiga insatser" in text
    assert "Kör ett scenario" in text and "Kontrollera en scenariofil" in text
    assert "decision support" not in text and "Run a scenario" not in text
