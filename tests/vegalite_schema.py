"""The check of the charts' Vega-Lite specs against the Vega-Lite JSON schema, for the tests.

At run time the specs are not checked: they are plain dictionaries built by the package's own
code (see ``socinvest.reports.charts.CHECK_SPEC``). The schema is the one that ships with
altair, a test dependency only; it is imported when the first spec is checked.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any


@cache
def vegalite_schema() -> dict[str, Any]:
    """The Vega-Lite JSON schema of the installed altair (Vega-Lite 6)."""
    from altair.vegalite.v6.schema.core import load_schema

    schema: dict[str, Any] = load_schema()
    return schema


def schema_version() -> str:
    """The Vega-Lite version of :func:`vegalite_schema`, e.g. ``"v6.4.1"``."""
    from altair.vegalite.v6.schema import SCHEMA_VERSION

    return str(SCHEMA_VERSION)


def check_spec(spec: dict[str, Any]) -> None:
    """Refuse a spec that is not valid Vega-Lite.

    The spec is checked as the browser and vl-convert get it: written as JSON (a value JSON
    cannot hold, such as a numpy integer, is refused with a ``TypeError``) and read back, then
    validated against :func:`vegalite_schema`.

    Raises
    ------
    jsonschema.ValidationError
        The spec breaks the schema (the most specific error, as altair reports it).
    TypeError
        The spec holds a value that is not JSON.
    """
    from altair.utils.schemapi import validate_jsonschema

    as_read = json.loads(json.dumps(spec, allow_nan=False))
    validate_jsonschema(as_read, vegalite_schema())
