"""No one gets in where they do not belong: read-only queries, keyed writes, closed by default, no leaked secrets."""
from __future__ import annotations

import logging
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import neo4j
import pytest
import yaml
from fastapi.testclient import TestClient
from pydantic import SecretStr

from foedus.api import deps
from foedus.api.app import create_app
from foedus.graph.admin import canonical_dump
from foedus.graph.queries import CannedQuery, catalogue
from foedus.graph.reader import run_query
from foedus.graph.server import LocalNeo4j
from foedus.graph.writer import write_extraction
from foedus.loaders.model import Entity, Extraction, Fact, SourceDocument
from foedus.settings import PROJECT_ROOT, Settings

FOEDUS = Path(sys.executable).parent / "foedus"
INJECTIONS = ['"}) DETACH DELETE n //', "' OR 1=1 //", "x` DETACH DELETE n //",
              "MATCH (n) DETACH DELETE n", "$limit", "\\\"}) CREATE (:Pwned) //"]
WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


def _seed(driver: neo4j.Driver) -> list:
    write_extraction(driver, Extraction(
        document=SourceDocument(text="Morocco and France partner.", language="en"),
        entities=[Entity(id="state:MA", type="State", name="Morocco", iso2="MA"),
                  Entity(id="state:FR", type="State", name="France", iso2="FR")],
        relations=[Fact("PARTNERS_WITH", "state:MA", "state:FR")]))
    return canonical_dump(driver)


@pytest.fixture
def seeded(clean_graph: neo4j.Driver) -> list:
    return _seed(clean_graph)


def _client(settings: Settings, **update) -> TestClient:
    return TestClient(create_app(settings.model_copy(update=update)), raise_server_exceptions=False)


@pytest.fixture
def keyed(settings: Settings, clean_graph: neo4j.Driver) -> Iterator[TestClient]:
    with _client(settings, api_key=SecretStr("right-key")) as client:
        yield client


# -- canned queries are read transactions --------------------------------------------------------


def _read_query(body: str) -> CannedQuery:
    return CannedQuery(name="smuggler", summary="s", clock="none", params=(), columns=(), body=body, writes=False,
                       example={})


def test_a_write_smuggled_through_a_parameter_fails_in_the_read_transaction(
        clean_graph: neo4j.Driver, seeded: list) -> None:
    # A "read" query that evaluates a parameter as Cypher: the read transaction refuses the write inside it.
    query = _read_query("CALL apoc.cypher.doIt($stmt, {}) YIELD value RETURN value")
    for stmt in ("CREATE (n:Pwned {by: 'parameter'}) RETURN n", "MATCH (n) DETACH DELETE n RETURN 1 AS x"):
        with pytest.raises(neo4j.exceptions.ClientError) as caught:
            run_query(clean_graph, query, {"stmt": stmt}, timeout=10)
        assert "write" in caught.value.message.lower() or "access" in (caught.value.code or "").lower()
    with pytest.raises(neo4j.exceptions.ClientError):
        run_query(clean_graph, _read_query("CREATE (n:Pwned) RETURN n"), {}, timeout=10)
    assert canonical_dump(clean_graph) == seeded


def test_no_canned_query_lets_a_parameter_write(keyed: TestClient, clean_graph: neo4j.Driver, seeded: list) -> None:
    statuses = set()
    for query in catalogue().values():
        if query.writes:
            continue
        strings = [p.name for p in query.params if p.type in ("string", "search")]
        for injection in INJECTIONS:
            params = {**query.example, **{name: injection for name in strings}}
            response = keyed.get(f"/queries/{query.name}", params=params)
            statuses.add(response.status_code)
            assert response.status_code in (200, 400, 404, 422), (query.name, injection, response.text)
    assert canonical_dump(clean_graph) == seeded
    assert 200 in statuses


def test_every_canned_query_declared_read_only_runs_as_a_read(clean_graph: neo4j.Driver) -> None:
    # The catalogue's read-only queries are exactly what the API exposes; none of them writes.
    for query in catalogue().values():
        if not query.writes:
            assert not any(word in query.body.upper().split() for word in ("CREATE", "MERGE", "DELETE", "SET")), \
                query.name


def test_a_query_past_its_time_limit_is_stopped(clean_graph: neo4j.Driver) -> None:
    slow = _read_query("UNWIND range(1, 2000000000) AS x WITH x WHERE x < 0 RETURN count(x) AS c")
    with pytest.raises(neo4j.exceptions.ClientError) as caught:
        run_query(clean_graph, slow, {}, timeout=0.5)
    assert "Timed" in (caught.value.code or "") or "Terminated" in (caught.value.code or "")


def test_page_size_is_capped_by_settings(settings: Settings, clean_graph: neo4j.Driver, seeded: list) -> None:
    with _client(settings, max_page_size=7) as client:
        response = client.get("/queries/search_entities", params={"q": "Morocco", "limit": 100000})
    assert response.status_code == 200 and response.json()["parameters"]["limit"] == 7


# -- writes need the key, compared in constant time; no key, no writes -----------------------------


def _routes(app, methods: set[str]) -> list[tuple[str, str]]:
    """(method, path) of every documented route with one of these methods."""
    return [(method.upper(), path) for path, ops in app.openapi()["paths"].items() for method in ops
            if method.upper() in methods]


def _write_routes(app) -> list[tuple[str, str]]:
    return _routes(app, WRITE_METHODS)


def test_with_no_key_configured_every_write_endpoint_is_off(settings: Settings, clean_graph: neo4j.Driver,
                                                           seeded: list) -> None:
    with _client(settings, api_key=None) as client:
        routes = _write_routes(client.app)
        assert ("POST", "/documents") in routes and ("POST", "/documents/upload") in routes
        for method, path in routes:
            for headers in ({}, {"X-API-Key": ""}, {"X-API-Key": "anything"}):
                response = client.request(method, path, headers=headers, json={"text": "Morocco and France."})
                assert response.status_code == 403, (method, path, response.text)
                assert "off" in response.json()["detail"]
    assert canonical_dump(clean_graph) == seeded


@pytest.mark.parametrize("headers", [{}, {"X-API-Key": ""}, {"X-API-Key": "wrong-key"}, {"X-API-Key": "right-ke"},
                                     {"X-API-Key": "right-key "}, {"X-API-Key": "RIGHT-KEY"},
                                     {"X-API-Key": "right-key\u00e9".encode()}])
def test_a_write_without_the_right_key_is_refused(keyed: TestClient, clean_graph: neo4j.Driver, seeded: list,
                                                  headers: dict) -> None:
    for method, path in _write_routes(keyed.app):
        response = keyed.request(method, path, headers=headers, json={"text": "Morocco and France."})
        assert response.status_code == 401, (method, path, response.text)
    assert canonical_dump(clean_graph) == seeded


def test_the_right_key_writes_and_is_compared_in_constant_time(
        keyed: TestClient, clean_graph: neo4j.Driver, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []
    real = deps.hmac.compare_digest

    def spy(a, b):
        calls.append((type(a), type(b)))
        return real(a, b)

    monkeypatch.setattr(deps.hmac, "compare_digest", spy)
    response = keyed.post("/documents", json={"text": "Morocco and France partner."},
                          headers={"X-API-Key": "right-key"})
    assert response.status_code == 200, response.text
    assert calls, "the API key was not compared with hmac.compare_digest"
    response = keyed.post("/documents", json={"text": "Morocco and Spain partner."}, headers={"X-API-Key": "nope"})
    assert response.status_code == 401 and len(calls) == 2


# -- closed by default: CORS, bind addresses, auth --------------------------------------------------


def test_cors_is_off_unless_configured(settings: Settings, clean_graph: neo4j.Driver) -> None:
    origin = {"Origin": "https://evil.example"}
    preflight = {**origin, "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "x-api-key"}
    with _client(settings) as client:
        for path in ("/health", "/queries", "/queries/graph_statistics"):
            response = client.get(path, headers=origin)
            assert "access-control-allow-origin" not in response.headers, path
        response = client.options("/documents", headers=preflight)
        assert "access-control-allow-origin" not in response.headers
    with _client(settings, cors_origins=["https://analyst.example"]) as client:
        ok = client.get("/health", headers={"Origin": "https://analyst.example"})
        assert ok.headers.get("access-control-allow-origin") == "https://analyst.example"
        assert "access-control-allow-origin" not in client.get("/health", headers=origin).headers
    # Only the Neo4j Browser's stylesheet and guide (public, no graph data) are readable cross-origin.
    with _client(settings) as client:
        paths = [path for _, path in _routes(client.app, {"GET"}) if "{" not in path]
        assert "/health" in paths
        for path in paths:
            if not path.startswith("/browser/"):
                response = client.get(path, headers=origin)
                assert "access-control-allow-origin" not in response.headers, path


def test_the_api_and_the_local_neo4j_bind_to_localhost_by_default(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(os.environ):
        if name.startswith(("FOEDUS_", "NEO4J_")):
            monkeypatch.delenv(name)
    defaults = Settings(state_dir=tmp_path)
    assert defaults.api_host == "127.0.0.1"
    assert defaults.cors_origins == [] and defaults.api_key is None and defaults.local_auth is True
    conf = (LocalNeo4j(defaults).write_config() / "neo4j.conf").read_text()
    values = dict(line.split("=", 1) for line in conf.splitlines() if "=" in line)
    assert values["server.default_listen_address"] == "127.0.0.1"
    listens = {k: v for k, v in values.items() if k.endswith("listen_address")}
    assert listens and all(v.startswith("127.0.0.1") for v in listens.values()), listens
    assert values["dbms.security.auth_enabled"] == "true"
    assert values.get("server.https.enabled", "false") == "false" or "127.0.0.1" in values.get(
        "server.https.listen_address", "127.0.0.1")


def test_docker_compose_has_auth_on_no_default_password_and_localhost_ports() -> None:
    compose = yaml.safe_load((PROJECT_ROOT / "docker-compose.yml").read_text())
    neo = compose["services"]["neo4j"]["environment"]
    assert neo["NEO4J_AUTH"].startswith("neo4j/${NEO4J_PASSWORD:?")  # `:?` refuses unset and empty
    api = compose["services"]["api"]["environment"]
    assert api["NEO4J_PASSWORD"].startswith("${NEO4J_PASSWORD:?")
    assert api.get("FOEDUS_API_KEY", "${FOEDUS_API_KEY:-}") == "${FOEDUS_API_KEY:-}"  # empty key: writes off
    for service in compose["services"].values():
        for port in service.get("ports", []):
            assert str(port).startswith("127.0.0.1:"), port
    example = PROJECT_ROOT / ".env.example"
    if example.exists():
        env = dict(line.split("=", 1) for line in example.read_text().splitlines()
                   if "=" in line and not line.startswith("#"))
        assert env.get("NEO4J_PASSWORD", "") == ""


def test_an_empty_api_key_does_not_open_the_writes(settings: Settings, clean_graph: neo4j.Driver,
                                                   seeded: list) -> None:
    # FOEDUS_API_KEY= (as in .env.example and docker-compose's default) must not be "the empty key".
    with _client(settings, api_key=SecretStr("")) as client:
        for headers in ({}, {"X-API-Key": ""}):
            response = client.post("/documents", json={"text": "Morocco and France."}, headers=headers)
            assert response.status_code in (401, 403), response.text
    assert canonical_dump(clean_graph) == seeded


# -- secrets never appear in logs or error messages -------------------------------------------------

API_SECRET = "api-key-Zq81vX"
DB_SECRET = "neo4j-pw-Kt93wQ"


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_secrets_never_appear_in_logs_or_responses(settings: Settings, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    broken = settings.model_copy(update={"neo4j_uri": f"bolt://127.0.0.1:{_closed_port()}",
                                         "neo4j_password": SecretStr(DB_SECRET), "api_key": SecretStr(API_SECRET)})
    seen = [repr(broken), str(broken), broken.model_dump_json()]
    with TestClient(create_app(broken), raise_server_exceptions=False) as client:
        for response in (client.get("/health"), client.get("/queries/search_entities", params={"q": "Morocco"}),
                         client.post("/documents", json={"text": "Morocco and France."},
                                     headers={"X-API-Key": "wrong"}),
                         client.post("/documents", json={"text": "Morocco and France."},
                                     headers={"X-API-Key": API_SECRET})):
            assert response.status_code in (200, 401, 503), response.text
            seen.append(response.text)
            seen.append(str(response.headers))
    seen.append(caplog.text)
    for text in seen:
        assert API_SECRET not in text and DB_SECRET not in text


def test_a_wrong_password_is_not_echoed_by_the_driver(settings: Settings, caplog: pytest.LogCaptureFixture) -> None:
    if settings.neo4j_uri:
        pytest.skip("needs the local test server")
    caplog.set_level(logging.DEBUG)
    uri = LocalNeo4j(settings).bolt_uri
    with neo4j.GraphDatabase.driver(uri, auth=("neo4j", DB_SECRET)) as driver:
        try:
            driver.verify_connectivity()
        except neo4j.exceptions.Neo4jError as exc:
            assert DB_SECRET not in str(exc)
    assert DB_SECRET not in caplog.text


def test_the_cli_does_not_print_the_password_when_neo4j_is_unreachable(tmp_path: Path) -> None:
    doc = tmp_path / "a.txt"
    doc.write_text("Morocco and France partner.")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FOEDUS_", "NEO4J_"))}
    env.update(NEO4J_URI=f"bolt://127.0.0.1:{_closed_port()}", NEO4J_PASSWORD=DB_SECRET,
               FOEDUS_API_KEY=API_SECRET, COLUMNS="400")
    result = subprocess.run([str(FOEDUS), "load", str(doc)], env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    assert "cannot reach Neo4j" in result.stderr and "Traceback" not in result.stderr
    assert DB_SECRET not in result.stderr + result.stdout and API_SECRET not in result.stderr + result.stdout
