"""The web application (``socinvest serve``): FastAPI with Jinja2 pages and htmx (vendored
in ``static/``), a JSON API under ``/api``, accounts and roles per organisation from the
store. A route is a thin call into the store, the analysis and the reports.

See ``docs/web.md``.
"""

from __future__ import annotations

from socinvest.web.app import create_app
from socinvest.web.settings import WebSettings

__all__ = ["WebSettings", "create_app"]
