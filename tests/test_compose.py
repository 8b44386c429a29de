"""docker-compose.yml, for users who have Docker: checked as YAML (no Docker engine runs here)."""
from __future__ import annotations

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def test_compose_runs_neo4j_community_with_auth_and_the_api_after_it() -> None:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    neo4j, api = compose["services"]["neo4j"], compose["services"]["api"]
    assert neo4j["image"] == "neo4j:5.26-community"
    assert "neo4j-data" in compose["volumes"] and any(v.startswith("neo4j-data:") for v in neo4j["volumes"])
    assert neo4j["healthcheck"]["test"]
    assert neo4j["environment"]["NEO4J_AUTH"] == "neo4j/${NEO4J_PASSWORD:?set NEO4J_PASSWORD in .env}"
    assert "apoc" in neo4j["environment"]["NEO4J_PLUGINS"]
    assert all(p.startswith("127.0.0.1:") for p in neo4j["ports"] + api["ports"])
    assert api["depends_on"]["neo4j"]["condition"] == "service_healthy"
    assert api["build"] == "." and (ROOT / "Dockerfile").exists()
    assert "foedus load corpus" in " ".join(api["command"])
    assert api["environment"]["NEO4J_URI"] == "bolt://neo4j:7687"
