"""RDF: the vocabulary, SHACL shapes, a lossless round trip, and SPARQL agreeing with Cypher."""
from __future__ import annotations

import io
from pathlib import Path

import neo4j
import pyoxigraph
import pytest
import rdflib
from conftest import SEED
from pyshacl import validate

from foedus.graph.admin import graph_counts, wipe_graph
from foedus.graph.rdf_export import export_rdf, iter_quads
from foedus.graph.rdf_import import import_rdf
from foedus.ingest import load_paths
from foedus.ontology.generate import GENERATED, render
from foedus.ontology.model import ontology
from foedus.settings import Settings

ONTOLOGY_DIR = Path(__file__).resolve().parents[1] / "ontology"
EXAMPLES = Path(__file__).parent / "rdf"
FO = rdflib.Namespace(ontology().namespace)


def _export(driver: neo4j.Driver, settings: Settings, fmt: str) -> str:
    buf = io.StringIO()
    export_rdf(iter_quads(driver, settings.rdf_base), buf, fmt)
    return buf.getvalue()


@pytest.fixture(scope="module")
def corpus_graph(neo4j_driver: neo4j.Driver) -> neo4j.Driver:
    wipe_graph(neo4j_driver)
    report = load_paths(neo4j_driver, [SEED, *sorted((Path(__file__).parent / "extraction" / "corpus").glob("*.txt"))])
    assert not report.failed
    return neo4j_driver


@pytest.mark.parametrize("name", sorted(GENERATED))
def test_generated_files_do_not_drift_from_the_ontology(name: str) -> None:
    assert (ONTOLOGY_DIR / name).read_text(encoding="utf-8") == render(name), \
        f"ontology/{name} is stale: run `foedus ontology build`"


def test_every_term_of_the_vocabulary_has_labels_in_three_languages() -> None:
    g = rdflib.Graph().parse(ONTOLOGY_DIR / "foedus.ttl")
    terms = {s for s in g.subjects(rdflib.RDF.type, None)
             if isinstance(s, rdflib.URIRef) and str(s).startswith(str(FO))}
    assert len(terms) > 40
    for term in terms:
        langs = {o.language for o in g.objects(term, rdflib.RDFS.label)}
        assert {"en", "fr", "ar"} <= langs, term
    assert (FO.partnersWith, rdflib.RDF.type, rdflib.OWL.SymmetricProperty) in g


def test_export_of_the_corpus_conforms_to_the_shapes(corpus_graph: neo4j.Driver, settings: Settings) -> None:
    data = rdflib.Graph().parse(data=_export(corpus_graph, settings, "turtle"), format="turtle")
    data += rdflib.Graph().parse(ONTOLOGY_DIR / "foedus.ttl")
    conforms, _, report = validate(data, shacl_graph=str(ONTOLOGY_DIR / "shapes.ttl"))
    assert conforms, report


@pytest.mark.parametrize("example", sorted(p.name for p in EXAMPLES.glob("invalid-*.ttl")))
def test_each_invalid_example_fails_with_its_message(example: str) -> None:
    text = (EXAMPLES / example).read_text(encoding="utf-8")
    expected = next(line.split(":", 1)[1].strip() for line in text.splitlines() if line.startswith("# expect:"))
    data = rdflib.Graph().parse(data=text, format="turtle")
    conforms, _, report = validate(data, shacl_graph=str(ONTOLOGY_DIR / "shapes.ttl"))
    assert not conforms
    assert expected in report


def test_the_valid_example_conforms() -> None:
    data = rdflib.Graph().parse(EXAMPLES / "valid.ttl")
    conforms, _, report = validate(data, shacl_graph=str(ONTOLOGY_DIR / "shapes.ttl"))
    assert conforms, report


def test_export_import_export_is_lossless(corpus_graph: neo4j.Driver, settings: Settings, tmp_path: Path) -> None:
    first = _export(corpus_graph, settings, "nquads")
    counts = graph_counts(corpus_graph)
    sources = corpus_graph.execute_query(
        "MATCH (a)-[r]->(b) WHERE r.sources IS NOT NULL RETURN a.id + type(r) + b.id AS k, r.sources AS s").records
    path = tmp_path / "graph.nq"
    path.write_text(first, encoding="utf-8")
    wipe_graph(corpus_graph)
    import_rdf(corpus_graph, path)
    second = _export(corpus_graph, settings, "nquads")
    assert sorted(first.splitlines()) == sorted(second.splitlines())
    assert graph_counts(corpus_graph) == counts
    again = corpus_graph.execute_query(
        "MATCH (a)-[r]->(b) WHERE r.sources IS NOT NULL RETURN a.id + type(r) + b.id AS k, r.sources AS s").records
    assert {r["k"]: sorted(r["s"]) for r in again} == {r["k"]: sorted(r["s"]) for r in sources}


SPARQL_PARTNERS = """
PREFIX fo: <%s>
PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT DISTINCT ?partner ?doc WHERE {
  ?ma fo:iso2 "MA" .
  ?fact a fo:Fact ; fo:relation fo:partnersWith ; prov:wasDerivedFrom ?doc .
  { ?fact fo:subject ?ma ; fo:object ?p } UNION { ?fact fo:object ?ma ; fo:subject ?p }
  ?p fo:iso2 ?partner .
}
"""


def test_sparql_over_the_export_answers_like_the_canned_query(corpus_graph: neo4j.Driver, settings: Settings) -> None:
    store = pyoxigraph.Store()
    store.load(_export(corpus_graph, settings, "nquads").encode(), pyoxigraph.RdfFormat.N_QUADS)
    sparql = {(str(s["partner"].value), s["doc"].value.rsplit("/", 1)[1])
              for s in store.query(SPARQL_PARTNERS % ontology().namespace, use_default_graph_as_union=True)}
    rows = corpus_graph.execute_query(
        "MATCH (:State {iso2: 'MA'})-[r:PARTNERS_WITH]-(p:State) UNWIND r.sources AS d RETURN p.iso2 AS p, d").records
    cypher = {(r["p"], r["d"].split(":", 1)[1]) for r in rows}
    assert sparql == cypher
    assert {"FR", "IL"} <= {p for p, _ in sparql}
