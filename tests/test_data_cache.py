"""The cache of what is built from the shipped data files (socinvest.params.data_cache): an
entry is used only for the same bytes and code, a bad entry is built again, a folder others
can write to is not used, and the library from the cache is the library from the files."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import types
from pathlib import Path

import pytest

from socinvest.analysis.results import analyse
from socinvest.params import data_cache
from socinvest.params.data_cache import cache_folder, cache_key, cached
from socinvest.params.library import default_library, load_library
from socinvest.scenario.load import example_text, parse_scenario


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache folder of the test's own."""
    target = tmp_path / "cache"
    monkeypatch.setenv(data_cache.CACHE_FOLDER_VARIABLE, str(target))
    monkeypatch.delenv(data_cache.NO_CACHE_VARIABLE, raising=False)
    return target


class Builder:
    """Counts its calls; returns a fresh object each time."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self) -> dict[str, object]:
        self.calls += 1
        return {"values": [1.0, 0.1 + 0.2, 1e-300], "call": self.calls}


def test_an_entry_is_built_once_and_then_read(folder: Path) -> None:
    key = cache_key("test", [("a.yaml", b"x: 1\n")], modules=[])
    build = Builder()
    first = cached(key, build)
    second = cached(key, build)
    assert build.calls == 1
    assert second == first  # the floats bit for bit (== on floats)
    assert [p.name for p in folder.iterdir()] == [f"{key}.pickle"]
    assert oct(folder.stat().st_mode & 0o777) == oct(0o700)


def test_the_key_changes_with_any_byte_the_name_or_the_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    base = cache_key("test", [("a.yaml", b"x: 1\n")], modules=[])
    assert cache_key("test", [("a.yaml", b"x: 2\n")], modules=[]) != base
    assert cache_key("test", [("b.yaml", b"x: 1\n")], modules=[]) != base
    assert cache_key("other", [("a.yaml", b"x: 1\n")], modules=[]) != base
    # Two files whose bytes run together the same way are not the same input.
    assert cache_key("t", [("a", b"12"), ("b", b"3")], []) != cache_key(
        "t", [("a", b"1"), ("b", b"23")], []
    )
    source = tmp_path / "builder.py"
    source.write_text("VALUE = 1\n")
    module = types.ModuleType("socinvest_test_builder")
    module.__file__ = str(source)
    monkeypatch.setitem(sys.modules, module.__name__, module)
    with_code = cache_key("test", [("a.yaml", b"x: 1\n")], modules=[module.__name__])
    source.write_text("VALUE = 2\n")
    assert cache_key("test", [("a.yaml", b"x: 1\n")], modules=[module.__name__]) != with_code


@pytest.mark.parametrize(
    "damage",
    [
        lambda path: path.write_bytes(path.read_bytes()[:10]),  # cut short
        lambda path: path.write_bytes(b"not a pickle"),
        lambda path: path.write_bytes(pickle.dumps(types.SimpleNamespace)[:-1] + b"X"),
    ],
)
def test_an_entry_that_cannot_be_read_is_built_again(folder: Path, damage: object) -> None:
    key = cache_key("test", [("a.yaml", b"x: 1\n")], modules=[])
    build = Builder()
    cached(key, build)
    entry = folder / f"{key}.pickle"
    damage(entry)  # type: ignore[operator]
    again = cached(key, build)
    assert build.calls == 2
    assert again["call"] == 2
    assert cached(key, build) == again  # and written again, whole
    assert build.calls == 2


def test_a_folder_others_can_write_to_is_not_used(folder: Path) -> None:
    folder.mkdir(mode=0o700)
    folder.chmod(0o777)
    assert cache_folder() is None
    build = Builder()
    key = cache_key("test", [], modules=[])
    cached(key, build)
    cached(key, build)
    assert build.calls == 2
    assert list(folder.iterdir()) == []


def test_a_folder_that_cannot_be_made_means_no_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv(data_cache.CACHE_FOLDER_VARIABLE, str(blocker / "cache"))
    assert cache_folder() is None
    build = Builder()
    assert cached("k", build)["call"] == 1
    assert cached("k", build)["call"] == 2


def test_the_cache_can_be_turned_off(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(data_cache.NO_CACHE_VARIABLE, "1")
    build = Builder()
    cached("k", build)
    cached("k", build)
    assert build.calls == 2
    assert not folder.exists()


def test_an_error_while_building_keeps_nothing(folder: Path) -> None:
    def failing() -> object:
        raise ValueError("bad file")

    with pytest.raises(ValueError, match="bad file"):
        cached("k", failing)
    assert not folder.exists() or list(folder.iterdir()) == []


def test_the_library_from_the_cache_is_the_library_from_the_files(folder: Path) -> None:
    default_library.cache_clear()
    try:
        built = default_library()  # built and written
        default_library.cache_clear()
        read = default_library()  # read from the entry
        assert read is not built
        assert len(list(folder.glob("library-*.pickle"))) == 1
    finally:
        default_library.cache_clear()
    fresh = load_library()
    assert read.parameters == fresh.parameters
    assert read.origins == fresh.origins
    assert read.indices == fresh.indices
    assert read.overridden == fresh.overridden
    # And the numbers: the example's NPVs with either library, bit for bit.
    scenario = parse_scenario(example_text("parenting-programme"), "example")
    npvs = [
        [
            c.horizon[s].npv
            for c in analyse(scenario, library, draws=0).comparisons
            for s in c.horizon
        ]
        for library in (read, fresh)
    ]
    assert npvs[0] == npvs[1]


def test_a_command_reads_the_entry_a_first_command_wrote(
    tmp_path: Path, example_path: Path
) -> None:
    """Through the real entry point: the second run reads the entries the first wrote (their
    files are not written again) and says the same."""
    env = {**os.environ, data_cache.CACHE_FOLDER_VARIABLE: str(tmp_path / "c")}
    env.pop(data_cache.NO_CACHE_VARIABLE, None)
    command = [sys.executable, "-m", "socinvest.cli.main", "validate", str(example_path)]
    first = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
    entries = sorted((tmp_path / "c").iterdir())
    assert [p.name.split("-")[0] for p in entries] == ["library", "model"]
    written = [p.stat().st_mtime_ns for p in entries]
    second = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
    assert second.stdout == first.stdout
    assert [p.stat().st_mtime_ns for p in sorted((tmp_path / "c").iterdir())] == written
