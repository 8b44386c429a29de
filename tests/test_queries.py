"""Every canned query answers correctly on the seed article (and its French report), through the API."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import neo4j
import pytest
from conftest import SEED
from fastapi.testclient import TestClient

from foedus.api.app import create_app
from foedus.graph.admin import wipe_graph
from foedus.graph.queries import catalogue
from foedus.ingest import load_paths
from foedus.settings import Settings

FRENCH_REPORT = Path(__file__).parent / "data" / "fr-jmc23-report.txt"


@pytest.fixture(scope="module")
def client(neo4j_driver: neo4j.Driver, settings: Settings) -> Iterator[TestClient]:
    wipe_graph(neo4j_driver)
    assert not load_paths(neo4j_driver, [SEED, FRENCH_REPORT]).failed
    with TestClient(create_app(settings.model_copy(update={"api_key": None}))) as test_client:
        yield test_client


def rows(client: TestClient, name: str, **params: object) -> list[dict]:
    response = client.get(f"/queries/{name}", params=params)
    assert response.status_code == 200, response.text
    return response.json()["rows"]


@pytest.fixture(scope="module")
def committee(client: TestClient) -> str:
    found = [r for r in rows(client, "search_entities", q="joint military committee", type="Organization")]
    assert found, "the joint committee is found by name"
    return found[0]["id"]


def test_the_catalogue_lists_every_query_with_its_parameters(client: TestClient) -> None:
    listed = {q["name"]: q for q in client.get("/queries").json()}
    assert set(listed) == {q.name for q in catalogue().values() if not q.writes}
    assert [p["name"] for p in listed["partners_of_state"]["parameters"]] == ["iso2", "as_of", "known_as_of", "limit"]


def test_morocco_partners_include_france_and_israel(client: TestClient) -> None:
    partners = {r["iso2"]: r for r in rows(client, "partners_of_state", iso2="MA")}
    assert {"FR", "IL"} <= set(partners)
    assert partners["FR"]["source_count"] == 2
    assert partners["FR"]["last"] >= "2025-12-09"
    assert client.get("/states/ma/partners").json()["rows"][0]["iso2"] in partners


def test_as_of_hides_later_ties(client: TestClient) -> None:
    early = {r["iso2"]: r for r in rows(client, "partners_of_state", iso2="MA", as_of="2025-06")}
    assert "FR" not in early or early["FR"]["last"] is None or early["FR"]["last"] <= "2025-06"


def test_the_joint_committee_shows_its_23rd_session_in_paris(client: TestClient, committee: str) -> None:
    sessions = rows(client, "committee_sessions", committee=committee)
    assert len(sessions) == 1
    s = sessions[0]
    assert s["ordinal"] == 23 and s["start"] == "2025-12-09" and s["end"] == "2025-12-10"
    assert s["place"] in ("Paris", "باريس")
    assert any("2026" in a for a in s["agreed"]), s["agreed"]
    assert set(s["participants"]) == {"MA", "FR"}


def test_the_morocco_france_timeline_has_the_2025_exercises(client: TestClient) -> None:
    timeline = rows(client, "bilateral_timeline", a="MA", b="FR")
    names = " ".join(r["name"] for r in timeline)
    for exercise in ("Chergui", "Chebec", "Sharki"):
        assert exercise in names
    dates = [r["date"] for r in timeline if r["date"]]
    assert dates == sorted(dates, reverse=True)   # newest first
    assert any(r["type"] == "Meeting" and r["date"] == "2025-12-09" for r in timeline)


def test_agreements_and_exercises_filter(client: TestClient) -> None:
    agreements = rows(client, "agreements", party="state:MA")
    assert any(a["start"] == "2026" for a in agreements)
    assert rows(client, "agreements", party="state:MA", year="1999") == []
    exercises = rows(client, "exercises", participant="state:FR", year="2025")
    assert {"Chergui", "Chebec", "Sharki"} <= {e["name"].split()[0] for e in exercises}


def test_officials_firms_and_who_met_whom(client: TestClient) -> None:
    officials = rows(client, "officials", id="state:MA")
    berrid = [o for o in officials if "Berrid" in o["name"] or "بريد" in o["name"]]
    assert berrid, officials
    firms = rows(client, "firms_active_with_state", iso2="MA")
    assert any("KNDS" in f["name"] for f in firms)
    assert isinstance(rows(client, "who_met_whom"), list)


def test_paths_documents_evidence_and_statistics(client: TestClient) -> None:
    firm = next(f for f in rows(client, "search_entities", q="KNDS", type="Firm"))
    paths = rows(client, "shortest_paths", **{"from": "state:IL", "to": firm["id"]})
    assert paths and paths[0]["length"] >= 1
    docs = rows(client, "documents_mentioning", id="state:MA")
    assert len(docs) == 2
    evidence = rows(client, "fact_evidence", source="state:FR", type="PARTNERS_WITH", target="state:MA")
    assert evidence and all(e["evidence"] for e in evidence)
    stats = {(r["kind"], r["name"]): r["count"] for r in rows(client, "graph_statistics")}
    assert stats[("node", "Document")] == 2 and stats[("node", "State")] >= 3


def test_multilingual_search_folds_script_variants(client: TestClient) -> None:
    for query in ("المغرب", "Maroc", "MOROCCO", "اسرائيل", "Israël"):
        found = rows(client, "search_entities", q=query)
        assert found and found[0]["type"] == "State", query


def test_entity_card(client: TestClient) -> None:
    card = client.get("/entities/state:MA").json()
    assert card["entity"]["iso2"] == "MA" and card["neighbours"] and len(card["documents"]) == 2
    assert client.get("/entities/state:XX").status_code == 404


def test_bad_parameters_get_400_not_500(client: TestClient) -> None:
    assert client.get("/queries/partners_of_state").status_code == 400
    assert client.get("/queries/partners_of_state", params={"iso2": "MA", "limit": "many"}).status_code == 400
    assert client.get("/queries/partners_of_state", params={"iso2": "MA", "x": "1"}).status_code == 400
    assert client.get("/queries/no_such_query").status_code == 404
    assert client.get("/states/MAR/partners").status_code == 422


def test_a_write_smuggled_through_a_parameter_fails(client: TestClient, neo4j_driver: neo4j.Driver) -> None:
    before = neo4j_driver.execute_query("MATCH (n) RETURN count(n) AS c").records[0]["c"]
    hostile = "\"}) DETACH DELETE n //"
    for name, params in (("entity_card", {"id": hostile}), ("search_entities", {"q": hostile})):
        assert client.get(f"/queries/{name}", params=params).status_code in (200, 404)
    assert neo4j_driver.execute_query("MATCH (n) RETURN count(n) AS c").records[0]["c"] == before


def test_writes_are_off_without_a_key(client: TestClient) -> None:
    assert client.post("/documents", json={"text": "Rabat and Paris signed a roadmap."}).status_code == 403


def test_canned_queries_run_in_read_transactions(neo4j_driver: neo4j.Driver) -> None:
    from foedus.graph.queries import parse_query
    from foedus.graph.reader import run_query

    sneaky = parse_query("// name: sneaky\n// summary: tries to write\n// clock: none\n"
                         "CREATE (n:Entity {id: 'sneaky'})", "sneaky")
    with pytest.raises(neo4j.exceptions.ClientError):
        run_query(neo4j_driver, sneaky, {})
    assert not neo4j_driver.execute_query("MATCH (n {id: 'sneaky'}) RETURN n").records


def test_a_header_that_disagrees_with_its_body_fails_at_load() -> None:
    from foedus.graph.queries import QueryError, parse_query

    with pytest.raises(QueryError, match="declares"):
        parse_query("// name: q\n// summary: s\n// clock: none\n// param a: string - a\nRETURN $b", "q.cypher")
