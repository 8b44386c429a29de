"""Streaming RDF export of the graph (or of one entity's neighbourhood).

Records are read lazily from Neo4j and written as text line by line, so memory
stays flat however large the graph. Facts appear as plain triples and, to keep
their time and provenance, as `fo:Fact` nodes with one `prov:Derivation` per
source document (its evidence sentence and span). In N-Quads and TriG each fact
and its derivation sit in the named graph of the document that states it.
"""
from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Iterator
from typing import IO

import neo4j

from foedus.ontology.model import Ontology, ontology
from foedus.ontology.rdf import WD, relation_iri, resource_iri, vocab

__all__ = ["FORMATS", "export_rdf", "render_rdf", "iter_quads", "neighbourhood"]

FORMATS = {"turtle": "text/turtle", "nt": "application/n-triples", "nquads": "application/n-quads",
           "trig": "application/trig", "jsonld": "application/ld+json"}
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
SKOS_ALT = "http://www.w3.org/2004/02/skos/core#altLabel"
OWL_SAME = "http://www.w3.org/2002/07/owl#sameAs"
PROV = "http://www.w3.org/ns/prov#"
DCT = "http://purl.org/dc/terms/"
XSD = "http://www.w3.org/2001/XMLSchema#"
_ARABIC = re.compile("[\u0600-\u06ff]")
_SKIP_PROPS = {"id", "name", "aliases", "search_names", "name_key", "wikidata", "text"}

# A term is ("iri", value) or ("lit", value, lang, datatype); a quad is (s, p, o, graph-or-None).
Term = tuple


def _iri(value: str) -> Term:
    return ("iri", value)


def _lit(value: object, lang: str | None = None, datatype: str | None = None) -> Term:
    if isinstance(value, bool):
        return ("lit", str(value).lower(), None, XSD + "boolean")
    if isinstance(value, int):
        return ("lit", str(value), None, XSD + "integer")
    if isinstance(value, float):
        return ("lit", repr(value), None, XSD + "double")
    return ("lit", str(value), lang, datatype)


def _name(value: str) -> Term:
    return _lit(value, lang="ar" if _ARABIC.search(value) else None)


_DATE_TYPES = [(re.compile(r"\d{4}"), "gYear"), (re.compile(r"\d{4}-\d{2}"), "gYearMonth"),
               (re.compile(r"\d{4}-\d{2}-\d{2}"), "date"), (re.compile(r"\d{4}-\d{2}-\d{2}T.*"), "dateTime")]


def _date(value: str) -> Term:
    value = str(value)
    for pattern, datatype in _DATE_TYPES:
        if pattern.fullmatch(value):
            return _lit(value, datatype=XSD + datatype)
    return _lit(value)


def _value_terms(onto: Ontology, key: str, value: object) -> Iterator[Term]:
    values = value if isinstance(value, list) else [value]
    for v in values:
        if v is None:
            continue
        if key in ("start", "end", "published", "first_seen", "last_seen", "since", "until"):
            yield _date(str(v))
        else:
            yield _lit(v)


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(w.capitalize() for w in rest)


def fact_iri(base: str, rtype: str, source: str, target: str, distinct: tuple[str, ...] = ()) -> str:
    """Stable IRI of a fact from its type, endpoints and distinguishing properties."""
    digest = hashlib.sha1("|".join((rtype, source, target, *distinct)).encode()).hexdigest()[:20]
    return f"{base}fact/{digest}"


def neighbourhood(driver: neo4j.Driver, entity_id: str, depth: int, limit: int = 20000,
                  database: str | None = None) -> set[str]:
    """The ids of the entities within `depth` hops of one entity (breadth-first, capped)."""
    seen = {entity_id}
    frontier = [entity_id]
    for _ in range(depth):
        if not frontier or len(seen) >= limit:
            break
        records = driver.execute_query(
            "UNWIND $ids AS id MATCH (:Entity {id: id})--(m:Entity) RETURN DISTINCT m.id AS id LIMIT $cap",
            ids=frontier, cap=limit, database_=database, routing_=neo4j.RoutingControl.READ).records
        frontier = [r["id"] for r in records if r["id"] not in seen]
        seen.update(frontier)
    return seen


def iter_quads(driver: neo4j.Driver, base: str, ids: set[str] | None = None,
               database: str | None = None) -> Iterator[tuple[Term, Term, Term, Term | None]]:
    """Every quad of the export, streamed from Neo4j (restricted to `ids` when given)."""
    onto = ontology()
    fo = str(vocab(onto))
    only = sorted(ids) if ids is not None else None
    with driver.session(database=database, default_access_mode=neo4j.READ_ACCESS, fetch_size=2000) as session:
        node_query = ("MATCH (n:Entity) WHERE $only IS NULL OR n.id IN $only "
                      "RETURN n.id AS id, [l IN labels(n) WHERE l <> 'Entity'][0] AS type, properties(n) AS p")
        for rec in session.run(node_query, only=only):
            s = _iri(resource_iri(rec["id"], base))
            props = rec["p"]
            yield s, _iri(RDF_TYPE), _iri(fo + rec["type"]), None
            yield s, _iri(RDFS_LABEL), _name(props.get("name", rec["id"])), None
            for alias in props.get("aliases") or []:
                if alias != props.get("name"):
                    yield s, _iri(SKOS_ALT), _name(alias), None
            if props.get("wikidata"):
                yield s, _iri(OWL_SAME), _iri(str(WD[props["wikidata"]])), None
            for key in sorted(props):
                if key not in _SKIP_PROPS:
                    for term in _value_terms(onto, key, props[key]):
                        yield s, _iri(fo + _camel(key)), term, None

        doc_query = ("MATCH (d:Document) WHERE $only IS NULL OR EXISTS { (d)-[:MENTIONS]->(n:Entity) "
                     "WHERE n.id IN $only } RETURN d.id AS id, d {.title, .language, .source, .content_hash, "
                     ".published, .loaded_at} AS p")
        for rec in session.run(doc_query, only=only):
            d = _iri(resource_iri(rec["id"], base))
            p = rec["p"]
            yield d, _iri(RDF_TYPE), _iri(fo + "Document"), None
            yield d, _iri(RDF_TYPE), _iri(PROV + "Entity"), None
            for key, predicate in (("title", DCT + "title"), ("language", DCT + "language"),
                                   ("source", DCT + "source"), ("content_hash", fo + "contentHash")):
                if p.get(key):
                    yield d, _iri(predicate), _lit(p[key]), None
            if p.get("published"):
                yield d, _iri(DCT + "issued"), _date(p["published"]), None
            if p.get("loaded_at"):
                yield d, _iri(PROV + "generatedAtTime"), _date(p["loaded_at"]), None

        rel_query = ("MATCH (a)-[r]->(b:Entity) WHERE (a:Entity OR a:Document) AND "
                     "($only IS NULL OR (b.id IN $only AND (a:Document OR a.id IN $only))) "
                     "RETURN a.id AS a, type(r) AS t, b.id AS b, properties(r) AS p")
        for rec in session.run(rel_query, only=only):
            a, b = _iri(resource_iri(rec["a"], base)), _iri(resource_iri(rec["b"], base))
            pred = _iri(str(relation_iri(rec["t"], onto)))
            if rec["t"] == "MENTIONS":
                yield a, pred, b, a
                continue
            p = rec["p"]
            sources = p.get("sources") or []
            evidence = p.get("evidence") or []
            spans = p.get("evidence_spans") or []
            distinct = tuple(str(p.get(k, "")) for k in onto.relation(rec["t"]).distinct_by)
            f = _iri(fact_iri(base, rec["t"], rec["a"], rec["b"], distinct))
            yield f, _iri(RDF_TYPE), _iri(fo + "Fact"), None
            yield f, _iri(fo + "subject"), a, None
            yield f, _iri(fo + "relation"), pred, None
            yield f, _iri(fo + "object"), b, None
            for key in sorted(p):
                if key not in ("sources", "evidence", "evidence_spans"):
                    for term in _value_terms(onto, key, p[key]):
                        yield f, _iri(fo + _camel(key)), term, None
            if not sources:
                yield a, pred, b, None
            for source in sources:  # consecutive, so triple formats drop the repeats cheaply
                yield a, pred, b, _iri(resource_iri(source, base))
            for i, source in enumerate(sources):
                g = _iri(resource_iri(source, base))
                q = _iri(f"{f[1]}/from/{source.partition(':')[2]}")
                yield f, _iri(PROV + "wasDerivedFrom"), g, g
                yield f, _iri(PROV + "qualifiedDerivation"), q, g
                yield q, _iri(RDF_TYPE), _iri(PROV + "Derivation"), g
                yield q, _iri(PROV + "entity"), g, g
                if i < len(evidence) and evidence[i]:
                    yield q, _iri(fo + "evidence"), _lit(evidence[i]), g
                if i < len(spans) and spans[i]:
                    yield q, _iri(fo + "evidenceSpan"), _lit(spans[i]), g


_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def _n3(term: Term) -> str:
    if term[0] == "iri":
        return f"<{term[1]}>"
    text = f'"{term[1].translate(_ESCAPES)}"'
    if term[2]:
        return f"{text}@{term[2]}"
    if term[3]:
        return f"{text}^^<{term[3]}>"
    return text


def _jsonld_value(term: Term) -> dict:
    if term[0] == "iri":
        return {"@id": term[1]}
    value: dict = {"@value": term[1]}
    if term[2]:
        value["@language"] = term[2]
    elif term[3]:
        value["@type"] = term[3]
    return value


def render_rdf(quads: Iterable[tuple[Term, Term, Term, Term | None]], fmt: str) -> Iterator[str]:
    """The text of an export in one of FORMATS, one statement a piece (JSON-LD adds its brackets)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown RDF format {fmt!r}: one of {', '.join(FORMATS)}")
    last: tuple | None = None
    first = True
    if fmt == "jsonld":
        yield "[\n"
    for s, p, o, g in quads:
        if fmt in ("turtle", "nt", "jsonld"):
            if (s, p, o) == last:  # the same fact from another document: graphs fold into one
                continue
            last = (s, p, o)
        if fmt in ("nt", "turtle"):
            yield f"{_n3(s)} {_n3(p)} {_n3(o)} .\n"
        elif fmt == "nquads":
            yield f"{_n3(s)} {_n3(p)} {_n3(o)}{' ' + _n3(g) if g else ''} .\n"
        elif fmt == "trig":
            triple = f"{_n3(s)} {_n3(p)} {_n3(o)} ."
            yield f"{_n3(g)} {{ {triple} }}\n" if g else f"{{ {triple} }}\n"
        else:
            yield ("" if first else ",\n") + json.dumps({"@id": s[1], p[1]: [_jsonld_value(o)]}, ensure_ascii=False)
        first = False
    if fmt == "jsonld":
        yield "\n]\n"


def export_rdf(quads: Iterable[tuple[Term, Term, Term, Term | None]], out: IO[str], fmt: str) -> int:
    """Write an export in one of FORMATS; return the number of statements written."""
    count = 0
    for piece in render_rdf(quads, fmt):
        out.write(piece)
        count += 1
    return count - 2 if fmt == "jsonld" else count
