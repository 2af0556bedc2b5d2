"""Extract the user-facing messages and merge them into the gettext catalogues.

Run ``python scripts/update_catalogues.py`` after changing messages, then translate the new
(empty) Swedish entries in ``src/socinvest/locale/sv/LC_MESSAGES/socinvest.po``. The English
catalogue is the identity: its entries stay empty and the message id is shown.
``tests/test_i18n.py`` fails while a message lacks a Swedish translation.
"""

from __future__ import annotations

from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "src" / "socinvest"
LOCALE = SOURCE / "locale"
KEYWORDS = {"_": None, "N_": None, "T": None}
PASSES = ({"_": None, "N_": None}, {"T": None})
"""Each keyword set is extracted in its own pass: Babel's Python extractor takes numpy's
``x.T[...]`` for a call of ``T`` and then loses every later message of the module (e.g. in
analysis/psa.py), so ``T`` (the CLI's help texts) is looked for separately."""
METHOD_MAP = [("**.py", "python"), ("**/templates/**.html", "jinja2.ext:babel_extract")]
"""Python modules, and the reports' Jinja2 templates (``{{ _("...") }}``)."""


def extract() -> Catalog:
    """Every message marked with ``_``, ``N_`` or ``T`` in the package's Python files."""
    template = Catalog(project="socinvest", charset="utf-8")
    for keywords in PASSES:
        for _filename, _lineno, message, _comments, _context in extract_from_dir(
            str(SOURCE), method_map=METHOD_MAP, keywords=keywords
        ):
            template.add(message, locations=[])
    return template


def merge(lang: str, template: Catalog) -> Path:
    """Update one language's catalogue from ``template``; returns its path."""
    path = LOCALE / lang / "LC_MESSAGES" / "socinvest.po"
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        with path.open("rb") as handle:
            catalog = read_po(handle, locale=lang)
    else:
        catalog = Catalog(locale=lang, project="socinvest", charset="utf-8")
    catalog.update(template, no_fuzzy_matching=True)
    catalog.obsolete.clear()
    with path.open("wb") as handle:
        write_po(handle, catalog, omit_header=False, sort_output=True, no_location=True, width=100)
    return path


def main() -> None:
    template = extract()
    for lang in ("sv", "en"):
        print(merge(lang, template))


if __name__ == "__main__":
    main()
