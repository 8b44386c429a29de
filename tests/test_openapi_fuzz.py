"""Schemathesis against the service's OpenAPI: no input makes the server answer 500."""
from __future__ import annotations

import neo4j
import pytest
import schemathesis
from conftest import SEED, _test_settings
from hypothesis import HealthCheck
from hypothesis import settings as hsettings

from foedus.api.app import create_app
from foedus.graph.admin import wipe_graph
from foedus.ingest import load_paths

app = create_app(_test_settings().model_copy(update={"api_key": None}))
schema = schemathesis.openapi.from_asgi("/openapi.json", app)


@pytest.fixture(scope="module", autouse=True)
def seeded(neo4j_driver: neo4j.Driver) -> None:
    wipe_graph(neo4j_driver)
    load_paths(neo4j_driver, [SEED])


@schema.parametrize()
@hsettings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_server_error(case: schemathesis.Case) -> None:
    response = case.call()
    assert response.status_code < 500, f"{case.method} {case.formatted_path} {case.query}: {response.text[:300]}"
