"""Shared fixtures."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

# The data cache between runs (socinvest.params.data_cache) in a folder of this test run's
# own (each xdist worker has its own), not the user's cache folder; removed at the end.
if not os.environ.get("SOCINVEST_CACHE_DIR"):
    _CACHE = tempfile.mkdtemp(prefix="socinvest-test-cache-")
    os.environ["SOCINVEST_CACHE_DIR"] = _CACHE
    atexit.register(shutil.rmtree, _CACHE, ignore_errors=True)

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "src" / "socinvest" / "data" / "examples"


@pytest.fixture(autouse=True, scope="session")
def _check_chart_specs() -> Iterator[None]:
    """Every chart any test builds is checked against the Vega-Lite JSON schema (at run time
    it is not: see ``socinvest.reports.charts.CHECK_SPEC``)."""
    from socinvest.reports import charts
    from vegalite_schema import check_spec

    charts.CHECK_SPEC = check_spec
    yield
    charts.CHECK_SPEC = None


@pytest.fixture(scope="session")
def root() -> Path:
    """The repository's root folder."""
    return ROOT


@pytest.fixture(scope="session")
def example_path() -> Path:
    """The shipped default example scenario."""
    return EXAMPLES / "parenting-programme.yaml"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """pytest-playwright launches Debian's Chromium (Playwright's own download does not work
    here), without its sandbox and background network traffic."""
    return {
        **browser_type_launch_args,
        "executable_path": "/usr/bin/chromium",
        "args": ["--no-sandbox", "--disable-background-networking"],
    }
