"""Analysts' judgements: recorded as data, respected by every later load, replayed after a reload.

The articles are short reports written for these tests; their extractions are given by hand so that
what resolution would do with them is known.
"""
from __future__ import annotations

import io
from pathlib import Path

import neo4j
import pytest
import rdflib
from pyshacl import validate

from foedus.graph.admin import canonical_dump, wipe_graph
from foedus.graph.judgements import (
    JudgementError,
    apply_judgements,
    judge_fact,
    judge_merge,
    judge_not_same,
    judge_property,
    judge_split,
    list_judgements,
)
from foedus.graph.rdf_export import export_rdf, iter_quads
from foedus.graph.rdf_import import import_rdf
from foedus.graph.resolve import list_merges
from foedus.graph.unload import reload_document
from foedus.graph.writer import write_extraction
from foedus.loaders.model import Entity, Evidence, Extraction, Fact, SourceDocument

FRANCE = Entity(id="state:FR", type="State", name="France", iso2="FR")
MOROCCO = Entity(id="state:MA", type="State", name="Morocco", iso2="MA")


def _doc(text: str, *entities: Entity, facts: tuple[tuple[str, str, str], ...] = ()) -> Extraction:
    ev = Evidence(text, 0, len(text))
    return Extraction(document=SourceDocument(text=text), entities=list(entities),
                      relations=[Fact(t, s, o, evidence=ev) for s, t, o in facts])


def _person(pid: str, name: str, **attributes: str) -> Entity:
    return Entity(id=pid, type="Person", name=name, attributes=dict(attributes))


# A general named in full by one report, by his surname alone in another.
FULL = _doc("General Pierre Martin, who heads the French land forces, arrived in Rabat on Monday.",
            _person("person:pierre-martin", "Pierre Martin"), FRANCE,
            facts=(("person:pierre-martin", "HOLDS_POSITION", "state:FR"),))
SURNAME = _doc("Martin told reporters that the joint drills would be held again next spring.",
               _person("person:martin", "Martin"), FRANCE,
               facts=(("person:martin", "HOLDS_POSITION", "state:FR"),))
# The same inspector general, in Arabic and in French: resolution makes them one.
ARABIC = _doc("استقبل الفريق أول محمد بريد وفدا عسكريا فرنسيا بالرباط.",
              _person("person:mhmd-bryd", "محمد بريد", nationality="MA"), MOROCCO,
              facts=(("person:mhmd-bryd", "HOLDS_POSITION", "state:MA"),))
FRENCH = _doc("Le général Mohammed Berrid a reçu une délégation militaire française à Rabat.",
              _person("person:mohammed-berrid", "Mohammed Berrid", nationality="MA"), MOROCCO,
              facts=(("person:mohammed-berrid", "HOLDS_POSITION", "state:MA"),))
PARTNERS = _doc("Paris and Rabat describe each other as close defence partners.", FRANCE, MOROCCO,
                facts=(("state:FR", "PARTNERS_WITH", "state:MA"),))
PARTNERS_AGAIN = _doc("Officials in both capitals again called France and Morocco partners in defence.",
                      FRANCE, MOROCCO, facts=(("state:FR", "PARTNERS_WITH", "state:MA"),))


def _persons(driver: neo4j.Driver) -> list[str]:
    return sorted(r["id"] for r in driver.execute_query("MATCH (p:Person) RETURN p.id AS id").records)


def _load(driver: neo4j.Driver, *docs: Extraction) -> None:
    for doc in docs:
        write_extraction(driver, doc)


def _doc_ids(driver: neo4j.Driver) -> list[str]:
    return [r["id"] for r in driver.execute_query("MATCH (d:Document) RETURN d.id AS id ORDER BY id").records]


def _verdict(driver: neo4j.Driver) -> tuple[str | None, int]:
    r = driver.execute_query("MATCH (:State {id: 'state:FR'})-[r:PARTNERS_WITH]-(:State {id: 'state:MA'}) "
                             "RETURN r.verdict AS v, size(r.sources) AS n").records[0]
    return r["v"], r["n"]


def test_merge_then_reload_is_still_one(clean_graph: neo4j.Driver) -> None:
    _load(clean_graph, FULL, SURNAME)
    assert _persons(clean_graph) == ["person:martin", "person:pierre-martin"]  # a surname alone is never merged
    outcome = judge_merge(clean_graph, "person:pierre-martin", "person:martin", author="analyst-a",
                          reason="the same general, named by his surname on second mention")
    assert outcome.changed["removed"] == ["person:martin"]
    assert _persons(clean_graph) == ["person:pierre-martin"]
    for doc in _doc_ids(clean_graph):
        reload_document(clean_graph, doc)
    assert _persons(clean_graph) == ["person:pierre-martin"]
    # a new report naming him by surname alone writes to the node that stays
    _load(clean_graph, _doc("Martin later visited a naval base near Kenitra.", _person("person:martin", "Martin")))
    assert _persons(clean_graph) == ["person:pierre-martin"]
    aliases = clean_graph.execute_query("MATCH (p:Person) RETURN p.aliases AS a").records[0]["a"]
    assert "Martin" in aliases


def test_not_the_same_keeps_two_whatever_a_document_says(clean_graph: neo4j.Driver) -> None:
    _load(clean_graph, ARABIC, FRENCH)
    assert _persons(clean_graph) == ["person:mhmd-bryd"]   # resolution merged the two scripts
    outcome = judge_not_same(clean_graph, "person:mhmd-bryd", "person:mohammed-berrid", author="analyst-b",
                             reason="two officers who share a name")
    assert outcome.changed["merge_undone"]
    assert _persons(clean_graph) == ["person:mhmd-bryd", "person:mohammed-berrid"]
    # the French report again, and another that would merge them: still two
    french = next(d for d in _doc_ids(clean_graph) if d == FRENCH.document.id)
    reload_document(clean_graph, french)
    _load(clean_graph, _doc("Le général Mohammed Berrid a présidé la séance de clôture.",
                            _person("person:mohammed-berrid", "Mohammed Berrid", nationality="MA")))
    assert _persons(clean_graph) == ["person:mhmd-bryd", "person:mohammed-berrid"]
    assert [m["status"] for m in list_merges(clean_graph)] == ["undone"]


def test_a_rejected_fact_restated_is_disputed_not_true(clean_graph: neo4j.Driver) -> None:
    _load(clean_graph, PARTNERS)
    outcome = judge_fact(clean_graph, "reject_fact", "state:MA", "PARTNERS_WITH", "state:FR", author="analyst-c",
                         reason="a figure of speech, not a partnership")
    assert outcome.changed["verdict"] == {"before": None, "after": "rejected"}
    assert _verdict(clean_graph) == ("rejected", 1)
    _load(clean_graph, PARTNERS_AGAIN)
    assert _verdict(clean_graph) == ("disputed", 2)   # kept, with the new source, still not true
    rows = clean_graph.execute_query("MATCH (s:State {iso2: 'MA'})-[r:PARTNERS_WITH]-() "
                                     "WHERE NOT coalesce(r.verdict, '') IN ['rejected', 'disputed'] "
                                     "RETURN count(r) AS n").records
    assert rows[0]["n"] == 0


def test_split_then_reload_is_still_split(clean_graph: neo4j.Driver) -> None:
    _load(clean_graph, ARABIC, FRENCH)
    [merge] = list_merges(clean_graph)
    judge_split(clean_graph, merge["id"], author="analyst-d", reason="the French report names a namesake")
    assert _persons(clean_graph) == ["person:mhmd-bryd", "person:mohammed-berrid"]
    for doc in _doc_ids(clean_graph):
        reload_document(clean_graph, doc)
    assert _persons(clean_graph) == ["person:mhmd-bryd", "person:mohammed-berrid"]
    with pytest.raises(JudgementError) as refused:
        judge_split(clean_graph, merge["id"], author="analyst-d")
    assert refused.value.status == 409


def test_reloading_the_corpus_then_the_judgements_gives_the_same_graph(clean_graph: neo4j.Driver) -> None:
    corpus = (FULL, SURNAME, ARABIC, FRENCH, PARTNERS, PARTNERS_AGAIN)
    _load(clean_graph, *corpus)
    judge_merge(clean_graph, "person:pierre-martin", "person:martin", author="a")
    judge_not_same(clean_graph, "person:mhmd-bryd", "person:mohammed-berrid", author="b")
    judge_fact(clean_graph, "confirm_fact", "state:FR", "PARTNERS_WITH", "state:MA", author="c")
    judge_property(clean_graph, "person:pierre-martin", "title", "chief of staff of the army", author="d")
    judge_property(clean_graph, "person:mhmd-bryd", "name", "Mohammed Berrid (inspector general)", author="d")
    before = canonical_dump(clean_graph)
    judgements = list_judgements(clean_graph)
    assert len(judgements) == 5
    wipe_graph(clean_graph)
    _load(clean_graph, *corpus)
    results = apply_judgements(clean_graph, judgements)
    assert [what for _, what in results] == ["applied"] * 5
    assert canonical_dump(clean_graph) == before
    assert apply_judgements(clean_graph, judgements) == [(j["id"], "already there") for j in judgements]
    # a set property stays over what a later document tells
    _load(clean_graph, _doc("Pierre Martin, a French colonel, spoke at the academy.",
                            _person("person:pierre-martin", "Pierre Martin", title="colonel")))
    title = clean_graph.execute_query("MATCH (p:Person {id: 'person:pierre-martin'}) RETURN p.title AS t").records
    assert title[0]["t"] == "chief of staff of the army"


def test_confirm_then_export_and_import_keeps_the_confirmation(clean_graph: neo4j.Driver, settings,
                                                               tmp_path) -> None:
    _load(clean_graph, PARTNERS, FULL, SURNAME, ARABIC, FRENCH)
    judge_fact(clean_graph, "confirm_fact", "state:FR", "PARTNERS_WITH", "state:MA", author="analyst-j",
               reason="the defence ministry's own communiqué says so")
    judge_fact(clean_graph, "reject_fact", "person:pierre-martin", "HOLDS_POSITION", "state:FR", author="analyst-j")
    judge_merge(clean_graph, "person:pierre-martin", "person:martin", author="analyst-j")
    judge_property(clean_graph, "state:MA", "name", "Kingdom of Morocco", author="analyst-j")
    judged = list_judgements(clean_graph)

    def export(fmt: str = "nquads") -> str:
        buf = io.StringIO()
        export_rdf(iter_quads(clean_graph, settings.rdf_base), buf, fmt)
        return buf.getvalue()

    first = export()
    g = rdflib.Dataset()
    g.parse(data=first, format="nquads")
    prov = rdflib.Namespace("http://www.w3.org/ns/prov#")
    activities = set(g.subjects(rdflib.RDF.type, prov.Activity))
    assert len(activities) == 4
    agents = {str(o) for a in activities for o in g.objects(a, prov.wasAssociatedWith)}
    assert agents == {settings.rdf_base + "agent/analyst-j"}
    assert len(set(g.subjects(prov.wasInvalidatedBy, None))) == 1   # the rejected fact
    ontology_dir = Path(__file__).resolve().parents[1] / "ontology"
    data = rdflib.Graph().parse(data=export("turtle"), format="turtle") + rdflib.Graph().parse(
        ontology_dir / "foedus.ttl")
    conforms, _, report = validate(data, shacl_graph=str(ontology_dir / "shapes.ttl"))
    assert conforms, report
    path = tmp_path / "judged.nq"
    path.write_text(first, encoding="utf-8")
    wipe_graph(clean_graph)
    counts = import_rdf(clean_graph, path)
    assert counts["judgements"] == 4
    assert sorted(export().splitlines()) == sorted(first.splitlines())
    assert sorted(list_judgements(clean_graph), key=lambda j: j["id"]) == sorted(judged, key=lambda j: j["id"])
    assert _verdict(clean_graph) == ("confirmed", 1)
    rows = clean_graph.execute_query("MATCH (:Person)-[r:HOLDS_POSITION]->(:State {id: 'state:FR'}) "
                                     "RETURN r.verdict AS v").records
    # rejected on the full report; the merge brought the surname report's statement of it: disputed
    assert [r["v"] for r in rows] == ["disputed"]


def test_a_replayed_rejection_remembers_what_it_saw(clean_graph: neo4j.Driver) -> None:
    _load(clean_graph, PARTNERS)
    judge_fact(clean_graph, "reject_fact", "state:FR", "PARTNERS_WITH", "state:MA", author="analyst-k")
    _load(clean_graph, PARTNERS_AGAIN)
    assert _verdict(clean_graph) == ("disputed", 2)
    judgements = list_judgements(clean_graph)
    before = canonical_dump(clean_graph)
    wipe_graph(clean_graph)
    _load(clean_graph, PARTNERS, PARTNERS_AGAIN)   # both reports there before the rejection is replayed
    assert apply_judgements(clean_graph, judgements) == [(judgements[0]["id"], "applied")]
    assert _verdict(clean_graph) == ("disputed", 2)
    assert canonical_dump(clean_graph) == before


def test_a_merge_needs_the_documents_texts(clean_graph: neo4j.Driver, settings, tmp_path: Path) -> None:
    _load(clean_graph, FULL, SURNAME)
    path = tmp_path / "graph.nq"
    buf = io.StringIO()
    export_rdf(iter_quads(clean_graph, settings.rdf_base), buf, "nquads")
    path.write_text(buf.getvalue(), encoding="utf-8")
    wipe_graph(clean_graph)
    import_rdf(clean_graph, path)   # an import keeps no texts: the documents cannot be loaded again
    before = canonical_dump(clean_graph)
    with pytest.raises(JudgementError) as refused:
        judge_merge(clean_graph, "person:pierre-martin", "person:martin", author="analyst-l")
    assert refused.value.status == 409 and "text" in str(refused.value)
    assert canonical_dump(clean_graph) == before
