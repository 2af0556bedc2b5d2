"""schemathesis against the JSON API's OpenAPI description: every operation, called as a
logged-in analyst of organisation A with generated parameters and bodies (ids of both
organisations among them), never answers with a server error. Few examples per operation,
to keep the suite cheap."""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from webtools import World, client_for, log_in

pytest_plugins = ("web_fixtures",)


@pytest.fixture(scope="module")
def logged_in(world: World) -> tuple[Any, dict[str, str]]:
    """The application and the headers of a logged-in analyst's requests."""
    client = client_for(world)
    csrf = log_in(client, "a_analyst")
    cookie = client.cookies.get("socinvest_session")
    return client.app, {"Cookie": f"socinvest_session={cookie}", "X-CSRF-Token": csrf}


@pytest.fixture(scope="module")
def api_schema(logged_in: tuple[Any, dict[str, str]]) -> Any:
    return schemathesis.openapi.from_asgi("/api/openapi.json", logged_in[0])


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
def test_the_api_never_fails_with_a_server_error(
    case: Any, logged_in: tuple[Any, dict[str, str]]
) -> None:
    case.call_and_validate(headers=logged_in[1], checks=[not_a_server_error])
