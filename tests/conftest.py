"""Shared fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "src" / "socinvest" / "data" / "examples"


@pytest.fixture(scope="session")
def root() -> Path:
    """The repository's root folder."""
    return ROOT


@pytest.fixture(scope="session")
def example_path() -> Path:
    """The shipped default example scenario."""
    return EXAMPLES / "parenting-programme.yaml"
