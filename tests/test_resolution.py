"""One node per real-world thing across documents and languages, and merges that stay conservative."""
from __future__ import annotations

from pathlib import Path

import neo4j
import pytest
from conftest import SEED

from foedus.graph.admin import canonical_dump, graph_counts, wipe_graph
from foedus.graph.resolve import list_merges, undo_merge
from foedus.graph.writer import write_extraction
from foedus.ingest import load_paths
from foedus.loaders.model import Entity, Evidence, Extraction, Fact, SourceDocument

FRENCH_REPORT = Path(__file__).parent / "data" / "fr-jmc23-report.txt"


@pytest.fixture(scope="module")
def two_reports(neo4j_driver: neo4j.Driver) -> neo4j.Driver:
    wipe_graph(neo4j_driver)
    report = load_paths(neo4j_driver, [SEED, FRENCH_REPORT])
    assert report.read == 2 and not report.failed, report.failed
    return neo4j_driver


def test_the_same_meeting_in_arabic_and_french_is_one_node(two_reports: neo4j.Driver) -> None:
    rows = two_reports.execute_query(
        "MATCH (m:Meeting) WHERE m.ordinal = 23 OR m.start = '2025-12-09' "
        "RETURN m.id AS id, COUNT { (:Document)-[:MENTIONS]->(m) } AS docs").records
    assert len(rows) == 1, rows
    assert rows[0]["docs"] == 2


def test_berrid_in_two_scripts_is_one_person(two_reports: neo4j.Driver) -> None:
    rows = two_reports.execute_query(
        "MATCH (p:Person) WHERE any(a IN p.aliases WHERE a CONTAINS 'Berrid' OR a CONTAINS 'بريد') "
        "RETURN p.id AS id, p.aliases AS aliases").records
    assert len(rows) == 1, rows
    assert any("بريد" in a for a in rows[0]["aliases"]) and any("Berrid" in a for a in rows[0]["aliases"])


def test_shared_facts_have_both_sources(two_reports: neo4j.Driver) -> None:
    rows = two_reports.execute_query(
        "MATCH (:State {iso2: 'MA'})-[r:PARTICIPATED_IN]->(m:Meeting) RETURN size(r.sources) AS n").records
    assert rows and max(r["n"] for r in rows) == 2


def test_loading_everything_twice_changes_nothing(two_reports: neo4j.Driver) -> None:
    before = canonical_dump(two_reports)
    counts = graph_counts(two_reports)
    report = load_paths(two_reports, [SEED, FRENCH_REPORT])
    assert report.skipped == 2
    assert graph_counts(two_reports) == counts
    assert canonical_dump(two_reports) == before


def _person_doc(text: str, person: Entity) -> Extraction:
    doc = SourceDocument(text=text)
    state = Entity(id="state:FR", type="State", name="France", iso2="FR")
    fact = Fact("HOLDS_POSITION", person.id, "state:FR", evidence=Evidence(text, 0, len(text)))
    return Extraction(document=doc, entities=[person, state], relations=[fact])


def test_two_people_sharing_a_surname_stay_two(clean_graph: neo4j.Driver) -> None:
    write_extraction(clean_graph, _person_doc("General Pierre Martin spoke.",
                                              Entity(id="person:pierre-martin", type="Person", name="Pierre Martin")))
    write_extraction(clean_graph, _person_doc("Admiral Anne Martin spoke.",
                                              Entity(id="person:anne-martin", type="Person", name="Anne Martin")))
    write_extraction(clean_graph, _person_doc("Martin spoke again.",
                                              Entity(id="person:martin", type="Person", name="Martin")))
    names = sorted(r["n"] for r in clean_graph.execute_query("MATCH (p:Person) RETURN p.name AS n").records)
    assert names == ["Anne Martin", "Martin", "Pierre Martin"]


def _session_doc(text: str, meeting_id: str, ordinal: int | None) -> Extraction:
    ev = Evidence(text, 0, len(text))
    states = [Entity(id="state:MA", type="State", name="Morocco", iso2="MA"),
              Entity(id="state:DZ", type="State", name="Algeria", iso2="DZ")]
    meeting = Entity(id=meeting_id, type="Meeting", name=text,
                     attributes={"start": "2025-03-04", **({"ordinal": ordinal} if ordinal else {})})
    return Extraction(document=SourceDocument(text=text), entities=[*states, meeting],
                      relations=[Fact("PARTICIPATED_IN", s.id, meeting_id, evidence=ev) for s in states])


@pytest.mark.parametrize("batched", [False, True])
def test_sessions_with_different_numbers_on_the_same_day_stay_two(clean_graph: neo4j.Driver, batched: bool) -> None:
    from foedus.graph.writer import write_extractions

    docs = [_session_doc("The 16th session opened.", "meeting:s16", 16),
            _session_doc("The 20th session opened.", "meeting:s20", 20),
            _session_doc("The session opened.", "meeting:s", None)]  # no number: the same as the first
    if batched:
        write_extractions(clean_graph, docs)
    else:
        for doc in docs:
            write_extraction(clean_graph, doc)
    ids = sorted(r["id"] for r in clean_graph.execute_query("MATCH (m:Meeting) RETURN m.id AS id").records)
    assert ids == ["meeting:s16", "meeting:s20"]


def test_a_merge_is_recorded_and_can_be_undone(clean_graph: neo4j.Driver) -> None:
    write_extraction(clean_graph, _person_doc("الفريق أول محمد بريد.",
                                              Entity(id="person:mhmd-bryd", type="Person", name="محمد بريد")))
    write_extraction(clean_graph, _person_doc("General Mohammed Berrid.",
                                              Entity(id="person:mohammed-berrid", type="Person",
                                                     name="Mohammed Berrid")))
    assert clean_graph.execute_query("MATCH (p:Person) RETURN count(p) AS c").records[0]["c"] == 1
    merges = list_merges(clean_graph)
    assert len(merges) == 1 and "keys mhmd brd ~ mhmd brd" in merges[0]["reason"]
    undo_merge(clean_graph, merges[0]["id"])
    people = clean_graph.execute_query("MATCH (p:Person) RETURN p.id AS id, p.aliases AS a ORDER BY id").records
    assert [p["id"] for p in people] == ["person:mhmd-bryd", "person:mohammed-berrid"]
    assert people[0]["a"] == ["محمد بريد"]
    assert list_merges(clean_graph)[0]["status"] == "undone"
