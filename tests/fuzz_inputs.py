"""Bad scenario files generated at test time from a small valid scenario and a shipped
example (issue 12): key deletion and duplication, type changes, extreme and non-finite
numbers, bad rows, unknown references, encodings, nesting, alias bombs, huge lists.

``generate(n, seed)`` returns ``n`` named inputs as bytes, the same for the same seed.
"""

from __future__ import annotations

import copy
import random
from pathlib import Path
from typing import Any

import yaml

from scenario_edits import VALID

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = (ROOT / "src/socinvest/data/examples/school-attendance.yaml").read_text("utf-8")

EXTREMES: list[Any] = [
    0,
    -1,
    1,
    0.5,
    1e308,
    -1e308,
    float("inf"),
    float("-inf"),
    float("nan"),
    1e-320,
    10**20,
    -0.999999,
    2,
    100,
    1e15,
    "",
    "x" * 300,
    True,
    None,
    [],
    {},
    [1, 2, 3],
    {"param": "nope.nope"},
    {"param": "diskontering.ranta", "times": 40},
    {"param": "produktion.manadslon_medel", "times": -3},
    {"value": 1.5, "distribution": "lognormal", "ci95": [1.0, 1e308]},
    {"value": 5000, "sd": 1e308, "distribution": "normal"},
    {"value": 0.5, "distribution": "beta", "sd": 0.9},
    "2024-02-30",
    "nonexistent_state",
    "kommun.nope",
    "0-",
    "5-2",
    "1e308",
]


def _paths(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [path]
    if isinstance(node, dict):
        for key, value in node.items():
            out += _paths(value, (*path, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            out += _paths(value, (*path, i))
    return out


def _get(node: Any, path: tuple[Any, ...]) -> Any:
    for key in path:
        node = node[key]
    return node


def _dump(data: Any) -> bytes:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False).encode("utf-8")


def _structural(base: Any, rng: random.Random) -> bytes:
    data = copy.deepcopy(base)
    paths = [p for p in _paths(data) if p]
    path = rng.choice(paths)
    parent = _get(data, path[:-1])
    key = path[-1]
    kind = rng.randrange(6)
    if kind == 0:  # delete a key or an item
        del parent[key]
    elif kind in (1, 2, 3):  # a type change or an extreme value
        parent[key] = copy.deepcopy(rng.choice(EXTREMES))
    elif kind == 4 and isinstance(parent, dict):  # an unknown key beside it
        parent[f"{key}_x"] = copy.deepcopy(parent[key])
    elif isinstance(parent, list):  # a list grown with copies
        parent.extend(copy.deepcopy(parent[key]) for _ in range(rng.choice([1, 3, 200])))
    else:
        parent[key] = [copy.deepcopy(parent[key])] * 3
    return _dump(data)


def _textual(text: str, rng: random.Random) -> bytes:
    lines = text.splitlines()
    i = rng.randrange(len(lines))
    kind = rng.randrange(9)
    if kind == 0:  # duplicate a line (often a duplicate key)
        lines.insert(i, lines[i])
    elif kind == 1:  # delete a line
        del lines[i]
    elif kind == 2:  # a Latin-1 letter
        changed = [*lines[:i], lines[i] + " # F\u00f6r", *lines[i + 1 :]]
        return "\n".join(changed).encode("latin-1", errors="replace")
    elif kind == 3:  # a control character
        lines[i] = lines[i] + rng.choice(["\x00", "\x1b[2J", "\x07", "\x7f"])
    elif kind == 4:  # deep nesting
        depth = rng.choice([70, 600, 5000])
        lines.insert(i, "deep: " + "[" * depth + "]" * depth)
    elif kind == 5:  # an alias bomb
        bomb = ['b0: &b0 ["x","x","x","x","x","x","x","x","x","x"]']
        for level in range(1, rng.choice([3, 6, 9])):
            bomb.append(f"b{level}: &b{level} [" + ",".join([f"*b{level - 1}"] * 10) + "]")
        lines = bomb + lines
    elif kind == 6:  # bad indentation or broken syntax
        lines[i] = rng.choice(["  ", "\t", "- ", ": ", "{", "'"]) + lines[i]
    elif kind == 7:  # an invalid date or a YAML special value
        lines.insert(i, rng.choice(["when: 2024-02-30", "when: 2024-13-01", "x: .nan", "y: .inf"]))
    else:  # a byte-order mark or a truncated file
        return b"\xef\xbb\xbf" + text.encode("utf-8")[: rng.randrange(len(text))]
    return "\n".join(lines).encode("utf-8", errors="surrogateescape")


def _huge_intake(base: Any, rng: random.Random) -> bytes:
    data = copy.deepcopy(base)
    target = data["target_group"]
    target.pop("size", None)
    target["intake"] = [rng.choice([1, 10, 1e7])] * rng.choice([50, 101, 10_000])
    return _dump(data)


def generate(n: int, seed: int = 2026) -> list[tuple[str, bytes]]:
    """``n`` bad (or, by chance, valid) scenario files, named by how they were made."""
    rng = random.Random(seed)
    small = yaml.safe_load(VALID)
    example = yaml.safe_load(EXAMPLE)
    out: list[tuple[str, bytes]] = []
    for k in range(n):
        roll = rng.random()
        if roll < 0.55:
            out.append((f"{k:05d}-structural", _structural(small, rng)))
        elif roll < 0.85:
            out.append((f"{k:05d}-textual", _textual(VALID, rng)))
        elif roll < 0.9:
            out.append((f"{k:05d}-intake", _huge_intake(small, rng)))
        elif roll < 0.96:
            out.append((f"{k:05d}-example-structural", _structural(example, rng)))
        else:
            out.append((f"{k:05d}-example-textual", _textual(EXAMPLE, rng)))
    return out
