"""The report's templates compiled once and kept between runs (Jinja's bytecode cache) give
the same page as compiling them at every run; a cache that cannot be written is no cache,
and SOCINVEST_NO_CACHE turns it off."""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest

from socinvest.reports.html_report import NO_CACHE_VARIABLE, _bytecode_cache, _BytecodeCache


def _environment(cache: jinja2.BytecodeCache | None) -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("socinvest.reports", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        bytecode_cache=cache,
    )


def test_cached_templates_compile_to_the_same_code(tmp_path: Path) -> None:
    for name in ("report.html", "glossary.html", "portfolio.html"):
        plain = _environment(None).get_template(name)
        first = _environment(_BytecodeCache(str(tmp_path))).get_template(name)
        written = sorted(tmp_path.iterdir())
        assert written, "the compiled template was not kept"
        again = _environment(_BytecodeCache(str(tmp_path))).get_template(name)
        assert sorted(tmp_path.iterdir()) == written
        # The same code object, whether compiled here or loaded from the cache.
        assert first.root_render_func.__code__.co_code == plain.root_render_func.__code__.co_code
        assert again.root_render_func.__code__.co_code == plain.root_render_func.__code__.co_code
        assert (
            again.root_render_func.__code__.co_consts == plain.root_render_func.__code__.co_consts
        )


def test_an_unwritable_cache_is_no_cache(tmp_path: Path) -> None:
    folder = tmp_path / "gone"
    folder.mkdir()
    cache = _BytecodeCache(str(folder))
    folder.rmdir()
    template = _environment(cache).get_template("glossary.html")
    assert template.root_render_func is not None


def test_the_cache_can_be_turned_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(NO_CACHE_VARIABLE, "1")
    assert _bytecode_cache() is None
    monkeypatch.delenv(NO_CACHE_VARIABLE)
    assert isinstance(_bytecode_cache(), jinja2.FileSystemBytecodeCache)
