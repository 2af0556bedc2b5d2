"""socinvest: open decision support for social investments in early interventions.

The public API (pinned by ``tests/test_public_api.py``)::

    from pathlib import Path
    import socinvest
    scenario = socinvest.load_scenario("scenario.yaml")
    results = socinvest.analyse(scenario)
    socinvest.results_json(results)["alternatives"][1]["vs_comparison"]["npv"]["total"]
    case = socinvest.build_case(scenario, draws=1000)    # every analysis a report shows
    socinvest.write_report(case, Path("rapport.html"), "sv")   # or .pdf, .xlsx
"""

from __future__ import annotations

from functools import cache
from importlib import import_module
from typing import Any

__version__: str
"""The installed version (read when first asked, by :func:`version`)."""


@cache
def version() -> str:
    """The installed version of socinvest (``"0.0.0"`` when run from a source tree that is
    not installed). Read once, when first asked: ``importlib.metadata`` is slow to load."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed_version

    try:
        return installed_version("socinvest")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        return "0.0.0"


_API = {
    "InputError": "socinvest.params.errors",
    "Scenario": "socinvest.scenario.model",
    "load_scenario": "socinvest.scenario.load",
    "parse_scenario": "socinvest.scenario.load",
    "compile_scenario": "socinvest.scenario.compile",
    "analyse": "socinvest.analysis.results",
    "ScenarioResults": "socinvest.analysis.results",
    "results_json": "socinvest.reports.results_json",
    "Case": "socinvest.analysis.case",
    "build_case": "socinvest.analysis.case",
    "write_report": "socinvest.reports.writer",
}

__all__ = ["__version__", *sorted(_API)]


def __getattr__(name: str) -> Any:
    """Import the public API lazily, so ``import socinvest.core`` stays light."""
    if name == "__version__":
        return version()
    if name in _API:
        return getattr(import_module(_API[name]), name)
    raise AttributeError(f"module 'socinvest' has no attribute {name!r}")
