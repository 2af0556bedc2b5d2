"""The payer tree (aktörer): ids, labels, which payers are public.

The default Swedish tree is data (``socinvest/data/payers.yaml``); a scenario may add nodes
below existing ones. Ids are dotted paths whose prefix is the parent: ``kommun.socialtjanst``
lies under ``kommun``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from socinvest.i18n import N_
from socinvest.params.errors import InputError, Problem
from socinvest.params.yaml_source import LineMap, format_path, parse_yaml, read_yaml_text

PAYER_ID = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$")
"""Payer ids: lower-case ASCII words joined by dots, e.g. ``kommun.socialtjanst``."""

INDIVIDUAL = "individ"
"""The payer that receives transfers and net earnings by default."""


@dataclass(frozen=True)
class Payer:
    """One node of the payer tree."""

    id: str
    label_sv: str
    label_en: str
    public: bool
    in_text_sv: str | None = None
    in_text_en: str | None = None

    @property
    def parent_id(self) -> str | None:
        """The id of the parent node, or ``None`` for a top-level payer."""
        return self.id.rsplit(".", 1)[0] if "." in self.id else None

    def label(self, lang: str) -> str:
        """The label in ``lang`` (``sv`` or ``en``)."""
        return self.label_sv if lang == "sv" else self.label_en

    def in_text(self, lang: str) -> str:
        """How running text names the payer ("kommunen", "the municipality"); the label
        where the tree gives no ``in_text``."""
        chosen = self.in_text_sv if lang == "sv" else self.in_text_en
        return chosen or self.label(lang)

    def as_json(self) -> dict[str, object]:
        """The node as the results JSON lists it."""
        return {
            "id": self.id,
            "parent": self.parent_id,
            "public": self.public,
            "label": {"sv": self.label_sv, "en": self.label_en},
        }


@dataclass(frozen=True)
class PayerTree:
    """A payer tree in an order where every parent precedes its children."""

    payers: tuple[Payer, ...]

    @property
    def ids(self) -> list[str]:
        return [p.id for p in self.payers]

    def index(self, payer_id: str) -> int:
        return self.ids.index(payer_id)

    def __contains__(self, payer_id: object) -> bool:
        return any(p.id == payer_id for p in self.payers)

    def get(self, payer_id: str) -> Payer:
        for p in self.payers:
            if p.id == payer_id:
                return p
        raise KeyError(payer_id)

    @property
    def parents(self) -> list[int]:
        """Parent index of each node (``-1`` for top-level payers)."""
        ids = self.ids
        return [ids.index(p.parent_id) if p.parent_id else -1 for p in self.payers]

    @property
    def top_level(self) -> list[str]:
        return [p.id for p in self.payers if p.parent_id is None]

    def extended(self, additions: Iterable[Payer]) -> PayerTree:
        """A new tree with ``additions`` inserted after their parents (defaults untouched)."""
        payers = list(self.payers)
        for new in additions:
            if new.parent_id is None:
                payers.append(new)
                continue
            parent_pos = next(i for i, p in enumerate(payers) if p.id == new.parent_id)
            # insert after the parent's last descendant
            pos = parent_pos + 1
            while pos < len(payers) and payers[pos].id.startswith(new.parent_id + "."):
                pos += 1
            payers.insert(pos, new)
        return PayerTree(tuple(payers))


def check_new_payers(
    tree: PayerTree, entries: Sequence[tuple[str, bool | None]], base_path: Sequence[str | int]
) -> list[Problem]:
    """Problems with payers a user adds: bad ids, duplicates, missing parents.

    ``entries`` are ``(id, public)`` pairs in the order given; ``base_path`` is the path of
    the list they came from, for error messages (the line is filled in by the caller).
    """
    problems: list[Problem] = []
    known = set(tree.ids)
    for i, (payer_id, _public) in enumerate(entries):
        path = (*base_path, i, "id")
        where = format_path(path)
        if not PAYER_ID.match(payer_id):
            problems.append(
                Problem.of(
                    where,
                    N_("expected a payer id like 'kommun.socialtjanst', found {payer}"),
                    path=path,
                    payer=repr(payer_id),
                )
            )
            continue
        if payer_id in known:
            problems.append(
                Problem.of(
                    where, N_("payer {payer} is already defined"), path=path, payer=repr(payer_id)
                )
            )
            continue
        parent = payer_id.rsplit(".", 1)[0] if "." in payer_id else None
        if parent is not None and parent not in known:
            problems.append(
                Problem.of(
                    where,
                    N_("payer {payer} needs its parent {parent} to exist first"),
                    path=path,
                    payer=repr(payer_id),
                    parent=repr(parent),
                )
            )
            continue
        known.add(payer_id)
    return problems


def _tree_from_data(data: object, lines: LineMap, source: str) -> PayerTree:
    problems: list[Problem] = []
    payers: list[Payer] = []
    items = data.get("payers") if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise InputError(
            source,
            [Problem.of("payers", N_("expected a list of payers"), line=lines.line_of(()))],
        )
    public_of: dict[str, bool] = {}
    for i, item in enumerate(items):
        path = ("payers", i)
        if not isinstance(item, dict) or not isinstance(item.get("id"), str):
            problems.append(
                Problem.of(
                    format_path(path), N_("expected a payer with an id"), line=lines.line_of(path)
                )
            )
            continue
        label = item.get("label") or {}
        pid = item["id"]
        parent = pid.rsplit(".", 1)[0] if "." in pid else None
        public = item.get("public")
        if public is None:
            public = public_of.get(parent, True) if parent else True
        public_of[pid] = bool(public)
        in_text = item.get("in_text") or {}
        payers.append(
            Payer(
                pid,
                str(label.get("sv", pid)),
                str(label.get("en", pid)),
                bool(public),
                str(in_text["sv"]) if "sv" in in_text else None,
                str(in_text["en"]) if "en" in in_text else None,
            )
        )
    if problems:
        raise InputError(source, problems)
    return PayerTree(tuple(payers))


@cache
def default_payer_tree() -> PayerTree:
    """The shipped Swedish payer tree."""
    ref = resources.files("socinvest") / "data" / "payers.yaml"
    text = ref.read_text(encoding="utf-8")
    data, lines = parse_yaml(text, str(ref))
    return _tree_from_data(data, lines, str(ref))


def load_payer_tree(path: Path) -> PayerTree:
    """Load a payer tree from a YAML file of the same form as the default one."""
    data, lines = parse_yaml(read_yaml_text(path), str(path))
    return _tree_from_data(data, lines, str(path))
