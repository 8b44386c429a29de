"""The walking skeleton, end to end: the seed article loaded into the real Neo4j,
found through the API, exported as RDF that rdflib parses back."""
from __future__ import annotations

import io

import neo4j
import pytest
import rdflib
from conftest import SEED
from fastapi.testclient import TestClient

from foedus.api.app import create_app
from foedus.graph.rdf_export import export_rdf, iter_quads
from foedus.ingest import load_paths
from foedus.settings import Settings


@pytest.fixture(scope="module")
def seeded(neo4j_driver: neo4j.Driver) -> neo4j.Driver:
    from foedus.graph.admin import wipe_graph

    wipe_graph(neo4j_driver)
    report = load_paths(neo4j_driver, [SEED])
    assert report.read == 1 and not report.failed
    return neo4j_driver


def test_the_seed_article_lands_as_states_meeting_and_firm_with_provenance(seeded: neo4j.Driver) -> None:
    rows = seeded.execute_query(
        "MATCH (d:Document)-[:MENTIONS]->(n:Entity) "
        "RETURN [l IN labels(n) WHERE l <> 'Entity'][0] AS type, n.name AS name, n.iso2 AS iso2, d.title AS title"
    ).records
    by_type: dict[str, set] = {}
    for r in rows:
        by_type.setdefault(r["type"], set()).add(r["iso2"] or r["name"])
    assert {"MA", "FR"} <= by_type.get("State", set())
    assert by_type.get("Meeting"), "the 23rd session is a Meeting"
    assert any("KNDS" in name for name in by_type.get("Firm", set()))
    assert all("المغرب" in r["title"] for r in rows)


def test_api_finds_morocco_with_its_source_document(seeded: neo4j.Driver, settings: Settings) -> None:
    with TestClient(create_app(settings)) as client:
        for query in ("Morocco", "المغرب", "maroc"):
            response = client.get("/entities", params={"q": query})
            assert response.status_code == 200, response.text
            rows = response.json()["rows"]
            assert rows and rows[0]["id"] == "state:MA", (query, rows)
            assert rows[0]["sources"], "Morocco comes with the document that mentions it"


def test_rdf_export_parses_back(seeded: neo4j.Driver, settings: Settings) -> None:
    for fmt, rdflib_fmt in (("turtle", "turtle"), ("nquads", "nquads"), ("trig", "trig"), ("jsonld", "json-ld")):
        buf = io.StringIO()
        count = export_rdf(iter_quads(seeded, settings.rdf_base), buf, fmt)
        graph = rdflib.Dataset() if fmt in ("nquads", "trig") else rdflib.Graph()
        graph.parse(data=buf.getvalue(), format=rdflib_fmt)
        assert count > 20
        assert len(graph) > 0 or sum(1 for _ in graph.quads()) > 0
        labels = {str(o) for o in graph.objects(predicate=rdflib.RDFS.label)} if fmt == "turtle" else None
        if labels is not None:
            assert "Morocco" in labels or "المغرب" in labels
