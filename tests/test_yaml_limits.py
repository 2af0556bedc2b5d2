"""The one YAML loader refuses hostile or broken files with the file and the line, before
any work: encodings other than UTF-8, control characters, deep nesting, alias bombs, files too
large or not regular, dates that do not exist (issue 12, item 1)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from clitools import run_cli
from socinvest.params.errors import InputError, Message
from socinvest.params.yaml_source import (
    MAX_DEPTH,
    MAX_FILE_BYTES,
    MAX_NODES,
    load_yaml,
    parse_yaml,
    read_yaml_text,
)

EXAMPLE = (
    Path(__file__).resolve().parent.parent / "src/socinvest/data/examples/parenting-programme.yaml"
)


LATIN1 = "id: x\ntitle: F\u00f6r\u00e4ldrar\n".encode("latin-1")


def refused(text: str) -> InputError:
    with pytest.raises(InputError) as info:
        parse_yaml(text, "x.yaml")
    assert info.value.source == "x.yaml"
    return info.value


def alias_bomb(levels: int) -> str:
    lines = ['l0: &l0 ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    for i in range(1, levels + 1):
        refs = ", ".join([f"*l{i - 1}"] * 10)
        lines.append(f"l{i}: &l{i} [{refs}]")
    return "\n".join(lines) + "\n"


def test_nesting_at_the_limit_is_read_and_one_deeper_is_refused() -> None:
    ok = "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1)
    data, _ = parse_yaml("a: " + ok, "x.yaml")
    assert isinstance(data["a"], list)
    deep = "a: 1\nb: " + "[" * 1000 + "]" * 1000
    error = refused(deep)
    (problem,) = error.problems
    assert problem.line == 2
    assert str(MAX_DEPTH) in problem.message


def test_alias_bomb_is_refused_quickly_and_small_aliases_still_work() -> None:
    data, _ = parse_yaml("a: &a [1, 2]\nb: *a\n", "x.yaml")
    assert data == {"a": [1, 2], "b": [1, 2]}
    error = refused(alias_bomb(7))  # 10^8 values if expanded; refused after MAX_NODES
    assert "alias" in error.problems[0].message
    assert f"{MAX_NODES:,}".replace(",", " ") in error.problems[0].message


def test_a_date_that_does_not_exist_is_a_field_error_with_its_line() -> None:
    error = refused("a: 1\nvalues:\n  - {date: 2024-02-30, value: 3}\n")
    (problem,) = error.problems
    assert problem.field == "values[0].date"
    assert problem.line == 3
    assert "2024-02-30" in problem.message
    # a real date is still a date
    data, _ = parse_yaml("d: 2024-02-29\n", "x.yaml")
    assert str(data["d"]) == "2024-02-29"


@pytest.mark.parametrize(("char", "code"), [("\x00", "U+0000"), ("\x1b", "U+001B")])
def test_control_characters_are_refused_with_line_and_column(char: str, code: str) -> None:
    error = refused(f"a: 1\nb: x{char}y\n")
    (problem,) = error.problems
    assert problem.line == 2
    assert code in problem.message
    assert "column 5" in problem.message


def test_escaped_control_characters_in_a_text_are_refused() -> None:
    error = refused('a: 1\ntitle: "[/] X \\e]0;HACK\\a"\n')
    (problem,) = error.problems
    assert problem.field == "title"
    assert problem.line == 2
    assert "U+001B" in problem.message


def test_tabs_and_windows_line_breaks_are_allowed() -> None:
    data, _ = parse_yaml("a: 'x\ty'\r\nb: 2\r\n", "x.yaml")
    assert data == {"a": "x\ty", "b": 2}


def test_latin1_file_names_line_and_byte(tmp_path: Path) -> None:
    path = tmp_path / "latin.yaml"
    path.write_bytes("a: 1\nb: 2\ntitle: F\u00f6r\u00e4ldrar\n".encode("latin-1"))
    with pytest.raises(InputError) as info:
        read_yaml_text(path)
    (problem,) = info.value.problems
    assert info.value.source == str(path)
    assert problem.line == 3
    assert "0xf6" in problem.message
    assert "column 9" in problem.message
    sv = problem.message_in("sv")
    assert "inte UTF-8" in sv and "0xf6" in sv


def test_utf8_with_byte_order_mark_is_read(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbfa: 1\n")
    assert load_yaml(path)[0] == {"a": 1}


def test_folders_fifos_and_devices_are_refused_without_reading(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="folder"):
        read_yaml_text(tmp_path)
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    with pytest.raises(InputError, match="special file"):
        read_yaml_text(fifo)  # opening it would block for ever
    with pytest.raises(InputError, match="special file"):
        read_yaml_text(Path("/dev/zero"))


def test_large_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    with path.open("wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)
    with pytest.raises(InputError) as info:
        read_yaml_text(path)
    assert f"{MAX_FILE_BYTES // 1_000_000} MB" in info.value.problems[0].message


def test_a_huge_value_is_not_echoed_in_full() -> None:
    message = Message.of("found {value}", value="x" * 1_000_000)
    assert len(message.english) < 300
    assert "1 000 000" in message.english


def test_every_shipped_yaml_file_is_within_the_limits() -> None:
    data_dir = EXAMPLE.parent.parent
    files = sorted(data_dir.rglob("*.yaml"))
    assert len(files) > 10
    for path in files:
        load_yaml(path)  # raises on a problem


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("latin1.yaml", LATIN1, ":2: filen är inte UTF-8"),
        ("nul.yaml", b"id: x\ntitle: a\x00b\n", ":2: styrtecknet U+0000"),
        ("deep.yaml", b"id: " + b"[" * 2000 + b"]" * 2000 + b"\n", ":1: avbildningar och listor"),
        ("bomb.yaml", alias_bomb(7).encode(), ":1: dokumentet växer till fler än"),
        ("date.yaml", b"socinvest: 1\nid: x\nd: 2024-02-30\n", ":3: d: 2024-02-30 är inget datum"),
    ],
    ids=lambda value: value if isinstance(value, str) and value.endswith(".yaml") else "",
)
def test_cli_refuses_with_file_and_line_and_no_traceback(
    tmp_path: Path, name: str, content: bytes, expected: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    for command in ("validate", "run"):
        result = run_cli(command, path, timeout=60)
        assert result.returncode == 2, result.describe()
        assert "Traceback" not in result.output, result.describe()
        assert f"{path}{expected}" in result.output, result.describe()


def test_cli_refuses_a_fifo_scenario_and_params_file(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    result = run_cli("validate", fifo, timeout=60)
    assert result.returncode == 2, result.describe()
    assert "specialfil" in result.output
    result = run_cli("run", EXAMPLE, "--params", fifo, timeout=60)
    assert result.returncode == 2, result.describe()
    assert f"{fifo}: väntade en vanlig fil" in result.output, result.describe()
