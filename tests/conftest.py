"""Test fixtures: a real Neo4j, started by the project's own launcher.

Tests use their own local instance ("test": ports 7688/7475, auth off) so they never
touch the graph `make run` serves; with NEO4J_URI set they use that server instead
(and wipe it: point them only at a disposable database).
"""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import neo4j
import pytest
from website import Site, serve

from foedus.graph.admin import wipe_graph
from foedus.graph.connection import open_driver
from foedus.graph.schema import ensure_schema
from foedus.loaders.fetch import Fetcher, FetchPolicy
from foedus.settings import Settings

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEED = SHARED / "corpus" / "ar-2025-12-morocco-france-jmc23.txt"
if not SEED.exists():  # the bundled copy, when ../shared is not beside the clone
    SEED = Path(__file__).resolve().parents[1] / "corpus" / "ar-2025-12-morocco-france-jmc23.txt"
SERVER_INFO: list[str] = []


def pytest_terminal_summary(terminalreporter) -> None:  # noqa: ANN001 - pytest hook
    """Say which Neo4j server the tests ran against."""
    for line in SERVER_INFO:
        terminalreporter.write_line(f"Neo4j server used by the tests: {line}")


def _test_settings() -> Settings:
    return Settings().for_tests()


@pytest.fixture(scope="session")
def settings() -> Settings:
    return _test_settings()


@pytest.fixture(scope="session")
def neo4j_driver(settings: Settings) -> Iterator[neo4j.Driver]:
    """A driver to a real, running Neo4j (started if local), wiped once per session."""
    if settings.uses_local_server:
        from foedus.graph.server import LocalNeo4j

        seconds = LocalNeo4j(settings).start()
        print(f"local test Neo4j ready in {seconds:.1f}s")
    driver = open_driver(settings)
    driver.verify_connectivity()
    record = driver.execute_query("CALL dbms.components() YIELD name, versions, edition "
                                  "RETURN name, versions[0] AS v, edition").records[0]
    SERVER_INFO.append(f"{record['name']} {record['v']} {record['edition']} at {settings.neo4j_uri or 'local'}")
    wipe_graph(driver)
    ensure_schema(driver)
    yield driver
    driver.close()


@pytest.fixture
def site() -> Iterator[Site]:
    """A web site of our own on 127.0.0.1 (tests/website.py), with its request log."""
    with serve() as running:
        yield running


@pytest.fixture
def fetcher() -> Iterator[Fetcher]:
    """A fetcher with short limits, so that each failure trips at once (no test asserts a time)."""
    policy = FetchPolicy(connect_timeout=2, read_timeout=0.5, deadline=2, max_bytes=1_000_000, per_host_interval=0)
    with Fetcher(policy) as client:
        yield client


@pytest.fixture
def clean_graph(neo4j_driver: neo4j.Driver) -> neo4j.Driver:
    """The driver, with an empty graph for this test."""
    wipe_graph(neo4j_driver)
    return neo4j_driver
