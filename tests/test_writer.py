"""The graph writer against the real Neo4j: idempotent, one relationship per fact, provenance kept."""
from __future__ import annotations

import neo4j

from foedus.graph.writer import write_extraction
from foedus.loaders.model import Entity, Evidence, Extraction, Fact, SourceDocument


def _extraction(text: str) -> Extraction:
    doc = SourceDocument(text=text, title="t", language="en")
    sentence = text.split(".")[0]
    ev = Evidence(text=sentence, start=0, end=len(sentence))
    return Extraction(
        document=doc,
        entities=[
            Entity(id="state:MA", type="State", name="Morocco", aliases=["المغرب"], iso2="MA", wikidata="Q1028"),
            Entity(id="state:FR", type="State", name="France", aliases=["Paris"], iso2="FR"),
            Entity(id="firm:knds", type="Firm", name="KNDS"),
        ],
        relations=[
            Fact("PARTNERS_WITH", "state:MA", "state:FR", evidence=ev),
            Fact("PARTNERS_WITH", "state:FR", "state:MA", evidence=ev),
            Fact("BASED_IN", "firm:knds", "state:FR", evidence=ev),
        ],
    )


def _counts(driver: neo4j.Driver) -> tuple[int, int]:
    nodes = driver.execute_query("MATCH (n) RETURN count(n) AS c").records[0]["c"]
    rels = driver.execute_query("MATCH ()-[r]->() RETURN count(r) AS c").records[0]["c"]
    return nodes, rels


def test_a_document_written_twice_changes_nothing(clean_graph: neo4j.Driver) -> None:
    first = write_extraction(clean_graph, _extraction("Morocco and France partner. KNDS is French."))
    assert (first.entities_created, first.facts_created) == (3, 2)
    before = _counts(clean_graph)
    again = write_extraction(clean_graph, _extraction("Morocco and France partner. KNDS is French."))
    assert again.skipped
    assert _counts(clean_graph) == before == (4, 5)  # 3 entities + 1 document; 2 facts + 3 mentions


def test_a_fact_stated_by_two_documents_is_one_relationship_with_two_sources(clean_graph: neo4j.Driver) -> None:
    a = write_extraction(clean_graph, _extraction("Morocco and France partner. One."))
    b = write_extraction(clean_graph, _extraction("Morocco and France partner. Two."))
    assert b.entities_merged == 3 and b.facts_confirmed == 2 and b.facts_created == 0
    rows = clean_graph.execute_query(
        "MATCH (:State {id: 'state:FR'})-[r:PARTNERS_WITH]-(:State {id: 'state:MA'}) "
        "RETURN r.sources AS sources, r.evidence AS evidence"
    ).records
    assert len(rows) == 1
    assert sorted(rows[0]["sources"]) == sorted([a.document, b.document])
    assert rows[0]["evidence"] == ["Morocco and France partner"] * 2
    aliases = clean_graph.execute_query("MATCH (n:Entity {id: 'state:MA'}) RETURN n.aliases AS a").records[0]["a"]
    assert aliases == ["Morocco", "المغرب"]


def test_a_document_made_by_another_extractor_is_extracted_again(clean_graph: neo4j.Driver) -> None:
    old = _extraction("Morocco and France partner. KNDS is French.")
    old.extractor = "text:old"
    write_extraction(clean_graph, old)
    new = _extraction("Morocco and France partner. KNDS is French.")
    new.extractor = "text:new"
    new.relations = new.relations[:1]  # the new extractor no longer states BASED_IN
    summary = write_extraction(clean_graph, new)
    assert summary.reextracted and not summary.skipped
    types = [r["t"] for r in clean_graph.execute_query("MATCH ()-[r]->(:Entity) WHERE type(r) <> 'MENTIONS' "
                                                        "RETURN type(r) AS t").records]
    assert types == ["PARTNERS_WITH"]
    assert write_extraction(clean_graph, new).skipped


def _real_extractions() -> list[Extraction]:
    """The seed article and the test articles in three languages, extracted (and one of them twice)."""
    from pathlib import Path

    from foedus.ingest import extract, read_all

    root = Path(__file__).resolve().parent
    shared = root.parent.parent / "shared" / "corpus"  # nine articles, several about the same events
    paths = sorted((root / "extraction" / "corpus").glob("*.txt"))[:6]
    paths.append(shared if shared.is_dir() else root.parent / "corpus")
    extractions = [extract(d) for d in read_all(paths) if not isinstance(d, Exception)]
    return _same_things_named_twice() + extractions + extractions[:1]


def _same_things_named_twice() -> list[Extraction]:
    """Two documents naming one person, one firm and one meeting differently: the second resolves to the first."""
    def doc(text: str, person: str, firm: str, meeting: str) -> Extraction:
        ev = Evidence(text=text, start=0, end=len(text))
        states = [Entity(id="state:MA", type="State", name="Morocco", iso2="MA"),
                  Entity(id="state:FR", type="State", name="France", iso2="FR")]
        return Extraction(
            document=SourceDocument(text=text, language="en"),
            entities=[*states, Entity(id=f"person:{person}", type="Person", name=person),
                      Entity(id=f"firm:{firm}", type="Firm", name=firm, wikidata="Q3337184"),
                      Entity(id=f"meeting:{meeting}", type="Meeting", name=meeting,
                             attributes={"start": "2025-12-09", "end": "2025-12-10"})],
            relations=[Fact("PARTICIPATED_IN", "state:MA", f"meeting:{meeting}", evidence=ev),
                       Fact("PARTICIPATED_IN", "state:FR", f"meeting:{meeting}", evidence=ev),
                       Fact("BASED_IN", f"firm:{firm}", "state:FR", evidence=ev)])

    return [doc("General Mohammed Berrid met Naval Group in Paris.", "Mohammed Berrid", "Naval Group", "jmc-23"),
            doc("الفريق أول محمد بريد زار مجموعة نافال.", "محمد بريد", "نافال غروب", "اللجنة-23")]


def test_a_batch_makes_the_same_graph_as_its_documents_one_by_one(clean_graph: neo4j.Driver) -> None:
    from foedus.graph.admin import canonical_dump, wipe_graph
    from foedus.graph.writer import write_extractions

    extractions = _real_extractions()
    assert len(extractions) >= 6
    one_by_one = [write_extraction(clean_graph, x) for x in extractions]
    expected = canonical_dump(clean_graph)
    merges = clean_graph.execute_query("MATCH (m:Merge) RETURN count(m) AS c").records[0]["c"]
    assert merges >= 3  # later documents resolve against earlier ones of the same batch
    wipe_graph(clean_graph)
    batched = write_extractions(clean_graph, extractions)
    assert canonical_dump(clean_graph) == expected
    assert [(s.skipped, s.entities_created, s.entities_merged, s.facts_created, s.facts_confirmed)
            for s in one_by_one] == [(s.skipped, s.entities_created, s.entities_merged, s.facts_created,
                                      s.facts_confirmed) for s in batched]  # type: ignore[union-attr]
    assert batched[-1].skipped  # type: ignore[union-attr]
    again = write_extractions(clean_graph, extractions)
    assert all(s.skipped for s in again)  # type: ignore[union-attr]


def test_an_extraction_as_json_is_what_dataclasses_asdict_gives() -> None:
    from dataclasses import asdict

    for extraction in _real_extractions():
        data = extraction.to_json()
        assert data["entities"] == [asdict(e) for e in extraction.entities]
        assert data["relations"] == [asdict(f) for f in extraction.relations]
        assert [list(e) for e in data["entities"]] == [list(asdict(e)) for e in extraction.entities]  # key order
