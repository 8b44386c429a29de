"""Streaming RDF export of the graph (or of one entity's neighbourhood).

Records are read lazily from Neo4j and written as text line by line, so memory
stays flat however large the graph: relationships come one record per node (in
chunks), IRIs are memoised as plain strings in a capped table, and only what is
written is read. Facts appear as plain triples and, to keep
their time and provenance, as `fo:Fact` nodes with one `prov:Derivation` per
source document (its evidence sentence and span). In N-Quads and TriG each fact
and its derivation sit in the named graph of the document that states it. Analysts'
judgements follow as `fo:Judgement` `prov:Activity` nodes associated with their author, using
the entities or fact they concern; a rejected fact is `prov:wasInvalidatedBy` its judgement
(and carries its `fo:verdict`, as every judged fact does).
"""
from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import IO, Any

import neo4j

from foedus.ontology.model import ontology
from foedus.ontology.rdf import WD, date_precision, property_iri, relation_iri, resource_iri_text, vocab

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
_UNSENT_PROPS = ("search_names", "name_key", "text")  # internal: not even read from Neo4j
_SKIP_PROPS = {"id", "name", "aliases", "wikidata", *_UNSENT_PROPS}
_DATE_KEYS = {"start", "end", "published", "first_seen", "last_seen", "since", "until", "status_date"}
_PROVENANCE_KEYS = {"sources", "evidence", "evidence_spans"}
# Memoised IRIs and dates are forgotten past this many, so memory stays flat on any graph.
_MEMO_SIZE = 20_000
# The most relationships of one node sent in one record (a hub's are split over several).
_CHUNK = 500

# A term is ("iri", value) or ("lit", value, lang, datatype); a quad is (s, p, o, graph-or-None).
Term = tuple


def _iri(value: str) -> Term:
    return ("iri", value)


def _lit(value: object, lang: str | None = None, datatype: str | None = None) -> Term:
    if value.__class__ is str:
        return ("lit", value, lang, datatype)
    if isinstance(value, bool):
        return ("lit", str(value).lower(), None, XSD + "boolean")
    if isinstance(value, int):
        return ("lit", str(value), None, XSD + "integer")
    if isinstance(value, float):
        return ("lit", repr(value), None, XSD + "double")
    return ("lit", str(value), lang, datatype)


def _name(value: str) -> Term:
    return _lit(value, lang="ar" if _ARABIC.search(value) else None)


def _date(value: object) -> Term:
    value = str(value)
    precision = date_precision(value)
    return _lit(value, datatype=XSD + precision) if precision else _lit(value)


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


class _Memo(dict):
    """Values by key, computed once (and forgotten wholesale past _MEMO_SIZE entries)."""

    def __init__(self, make: Callable[[Any], Any]) -> None:
        super().__init__()
        self.make = make

    def __missing__(self, key: Any) -> Any:
        if len(self) >= _MEMO_SIZE:
            self.clear()
        term = self[key] = self.make(key)
        return term


_NODE_QUERY = ("MATCH (n:Entity) WHERE $only IS NULL OR n.id IN $only "
               "RETURN n.id AS id, [l IN labels(n) WHERE l <> 'Entity'][0] AS type, "
               f"n {{.*, {', '.join(f'{key}: null' for key in _UNSENT_PROPS)}}} AS p")
_DOC_QUERY = ("MATCH (d:Document) WHERE $only IS NULL OR EXISTS { (d)-[:MENTIONS]->(n:Entity) "
              "WHERE n.id IN $only } RETURN d.id AS id, d {.title, .language, .source, .content_hash, "
              ".published, .loaded_at, .coded_by} AS p")
# One record per node with its outgoing relationships (type, target, properties), in chunks:
# a tenth of the records of one per relationship, and the driver's cost is per record.
_REL_QUERY = ("MATCH (a) WHERE (a:Entity OR a:Document) AND ($only IS NULL OR a:Document OR a.id IN $only) "
              "CALL (a) { MATCH (a)-[r]->(b:Entity) WHERE $only IS NULL OR b.id IN $only "
              "WITH collect([type(r), b.id, properties(r)]) AS rels WHERE rels <> [] "
              "UNWIND range(0, size(rels) - 1, $chunk) AS i RETURN rels[i..i + $chunk] AS rels } "
              "RETURN a.id AS a, rels")


# Analysts' judgements on the entities exported (all with no restriction), oldest first.
_JUDGEMENT_QUERY = ("MATCH (j:Judgement) WHERE $only IS NULL OR any(x IN [j.entity, j.other, j.fact_source] "
                    "WHERE x IN $only) RETURN j.id AS id, properties(j) AS p ORDER BY j.at, j.id")


def _judgement_quads(session: neo4j.Session, only: list[str] | None, base: str, fo: str,
                     node: Callable[[str], Term]) -> Iterator[tuple[Term, Term, Term, None]]:
    """Each judgement as a prov:Activity: every property it records as fo:<property> (so that the
    import restores it whole), and what PROV says of it: its author, its time, what it used."""
    rdf_type, label = _iri(RDF_TYPE), _iri(RDFS_LABEL)
    used, invalidated = _iri(PROV + "used"), _iri(PROV + "wasInvalidatedBy")
    onto = ontology()
    for jid, props in session.run(_JUDGEMENT_QUERY, only=only):
        s = node(jid)
        yield s, rdf_type, _iri(fo + "Judgement"), None
        yield s, rdf_type, _iri(PROV + "Activity"), None
        for key in sorted(props):
            if key != "id":
                yield from _props(s, (("iri", str(property_iri(key, onto))), _date if key == "at" else _lit),
                                  props[key])
        yield s, _iri(PROV + "endedAtTime"), _date(props["at"]), None
        agent = node(f"agent:{props['author']}")
        yield s, _iri(PROV + "wasAssociatedWith"), agent, None
        yield agent, rdf_type, _iri(PROV + "Agent"), None
        yield agent, label, _lit(props["author"]), None
        for key in ("entity", "other"):
            if props.get(key):
                yield s, used, node(props[key]), None
        if props.get("fact_type"):
            distinct = json.loads(props.get("fact_key") or "{}")
            fact = ("iri", fact_iri(base, props["fact_type"], props["fact_source"], props["fact_target"],
                                    tuple(distinct[k] for k in onto.relation(props["fact_type"]).distinct_by)))
            yield s, used, fact, None
            if props["kind"] == "reject_fact":
                yield fact, invalidated, s, None


def iter_quads(driver: neo4j.Driver, base: str, ids: set[str] | None = None,
               database: str | None = None) -> Iterator[tuple[Term, Term, Term, Term | None]]:
    """Every quad of the export, streamed from Neo4j (restricted to `ids` when given)."""
    onto = ontology()
    fo = str(vocab(onto))
    only = sorted(ids) if ids is not None else None
    node = _Memo(lambda key: ("iri", resource_iri_text(key, base)))
    dates = _Memo(_date)
    fo_term = _Memo(lambda local: ("iri", fo + local))

    def date(value: object) -> Term:
        return dates[value] if value.__class__ is str else dates[str(value)]

    # Per property key: its predicate and how its values become literals.
    prop = _Memo(lambda key: (("iri", str(property_iri(key, onto))), date if key in _DATE_KEYS else _lit))
    # Per relation type: its predicate and the properties that tell its facts apart.
    rel = _Memo(lambda rtype: (("iri", str(relation_iri(rtype, onto))), onto.relation(rtype).distinct_by))
    rdf_type, label, alt_label, same_as = _iri(RDF_TYPE), _iri(RDFS_LABEL), _iri(SKOS_ALT), _iri(OWL_SAME)
    document, prov_entity, fact, derivation = (fo_term["Document"], _iri(PROV + "Entity"), fo_term["Fact"],
                                               _iri(PROV + "Derivation"))
    subject, relation, object_ = fo_term["subject"], fo_term["relation"], fo_term["object"]
    derived, qualified, entity = (_iri(PROV + "wasDerivedFrom"), _iri(PROV + "qualifiedDerivation"),
                                  _iri(PROV + "entity"))
    evidence_p, span_p = fo_term["evidence"], fo_term["evidenceSpan"]
    doc_props = [("title", _iri(DCT + "title"), _lit), ("language", _iri(DCT + "language"), _lit),
                 ("source", _iri(DCT + "source"), _lit), ("content_hash", fo_term["contentHash"], _lit),
                 ("published", _iri(DCT + "issued"), _date), ("loaded_at", _iri(PROV + "generatedAtTime"), _date),
                 ("coded_by", fo_term["codedBy"], _lit)]
    with driver.session(database=database, default_access_mode=neo4j.READ_ACCESS, fetch_size=2000) as session:
        for nid, ntype, props in session.run(_NODE_QUERY, only=only):
            s = node[nid]
            yield s, rdf_type, fo_term[ntype], None
            name = props.get("name")
            yield s, label, _name(nid if name is None else name), None
            for alias in props.get("aliases") or ():
                if alias != name:
                    yield s, alt_label, _name(alias), None
            if props.get("wikidata"):
                yield s, same_as, _iri(str(WD[props["wikidata"]])), None
            for key in sorted(props):
                if key not in _SKIP_PROPS:
                    yield from _props(s, prop[key], props[key])

        for did, props in session.run(_DOC_QUERY, only=only):
            d = node[did]
            yield d, rdf_type, document, None
            yield d, rdf_type, prov_entity, None
            for key, predicate, literal in doc_props:
                if props[key]:
                    yield d, predicate, literal(props[key]), None

        for aid, rels in session.run(_REL_QUERY, only=only, chunk=_CHUNK):
            a = node[aid]
            for rtype, bid, props in rels:
                b = node[bid]
                pred, distinct_by = rel[rtype]
                if rtype == "MENTIONS":  # a document's link, not a fact
                    yield a, pred, b, a
                    continue
                distinct = tuple([str(props.get(k, "")) for k in distinct_by]) if distinct_by else ()
                f = ("iri", fact_iri(base, rtype, aid, bid, distinct))
                yield f, rdf_type, fact, None
                yield f, subject, a, None
                yield f, relation, pred, None
                yield f, object_, b, None
                for key in sorted(props):
                    if key in _PROVENANCE_KEYS:
                        continue
                    value = props[key]
                    predicate, literal = prop[key]
                    if value.__class__ is list:  # as _props, inline: most facts have a few properties
                        for v in value:
                            if v is not None:
                                yield f, predicate, literal(v), None
                    elif value is not None:
                        yield f, predicate, literal(value), None
                sources = props.get("sources") or ()
                if not sources:
                    yield a, pred, b, None
                graphs = [node[source] for source in sources]
                for g in graphs:  # consecutive, so triple formats drop the repeats cheaply
                    yield a, pred, b, g
                evidence = props.get("evidence") or ()
                spans = props.get("evidence_spans") or ()
                for i, (source, g) in enumerate(zip(sources, graphs, strict=False)):
                    q = ("iri", f"{f[1]}/from/{source.partition(':')[2]}")
                    yield f, derived, g, g
                    yield f, qualified, q, g
                    yield q, rdf_type, derivation, g
                    yield q, entity, g, g
                    if i < len(evidence) and evidence[i]:
                        yield q, evidence_p, _lit(evidence[i]), g
                    if i < len(spans) and spans[i]:
                        yield q, span_p, _lit(spans[i]), g

        yield from _judgement_quads(session, only, base, fo, node.__getitem__)


def _props(s: Term, predicate_literal: tuple[Term, Callable[[object], Term]], value: object
           ) -> Iterator[tuple[Term, Term, Term, None]]:
    """The triples of one property of `s` (one per value of a list; None values are dropped)."""
    predicate, literal = predicate_literal
    if value.__class__ is list:
        for v in value:
            if v is not None:
                yield s, predicate, literal(v), None
    elif value is not None:
        yield s, predicate, literal(value), None


_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def _n3(term: Term) -> str:
    if term[0] == "iri":
        return f"<{term[1]}>"
    text = term[1]
    if "\\" in text or '"' in text or "\n" in text or "\r" in text:
        text = text.translate(_ESCAPES)
    if term[2]:
        return f'"{text}"@{term[2]}'
    if term[3]:
        return f'"{text}"^^<{term[3]}>'
    return f'"{text}"'


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
    return _jsonld(quads) if fmt == "jsonld" else _lines(quads, fmt)


def _lines(quads: Iterable[tuple[Term, Term, Term, Term | None]], fmt: str) -> Iterator[str]:
    """N-Triples (which is also Turtle), N-Quads or TriG, one statement a line."""
    fold = fmt in ("nt", "turtle")  # triples only: the same fact from several documents folds into one
    nquads = fmt == "nquads"
    last_s = last_p = last_o = last_g = None
    subject = graph = ""
    predicates = _Memo(_n3)
    for s, p, o, g in quads:
        if fold and o == last_o and s == last_s and p == last_p:
            continue
        # Subjects and graphs come in runs and predicates are few: each is rendered once.
        if s is not last_s:
            subject = _n3(s)
        last_s, last_p, last_o = s, p, o
        predicate = predicates[p]
        obj = f"<{o[1]}>" if o[0] == "iri" else _n3(o)
        if fold:
            yield f"{subject} {predicate} {obj} .\n"
            continue
        if g is not last_g:
            graph, last_g = (_n3(g) if g else ""), g
        if nquads:
            yield f"{subject} {predicate} {obj} {graph} .\n" if g else f"{subject} {predicate} {obj} .\n"
        else:
            yield f"{graph} {{ {subject} {predicate} {obj} . }}\n" if g else f"{{ {subject} {predicate} {obj} . }}\n"


def _jsonld(quads: Iterable[tuple[Term, Term, Term, Term | None]]) -> Iterator[str]:
    """JSON-LD: a list of one-triple node objects, one a line."""
    yield "[\n"
    last: tuple | None = None
    first = True
    for s, p, o, _ in quads:
        if (s, p, o) == last:  # the same fact from another document: graphs fold into one
            continue
        last = (s, p, o)
        yield ("" if first else ",\n") + json.dumps({"@id": s[1], p[1]: [_jsonld_value(o)]}, ensure_ascii=False)
        first = False
    yield "\n]\n"


def export_rdf(quads: Iterable[tuple[Term, Term, Term, Term | None]], out: IO[str], fmt: str) -> int:
    """Write an export in one of FORMATS; return the number of statements written."""
    count = 0
    pieces = render_rdf(quads, fmt)
    while batch := list(islice(pieces, 512)):  # one write per batch of statements
        out.write("".join(batch))
        count += len(batch)
    return count - 2 if fmt == "jsonld" else count
