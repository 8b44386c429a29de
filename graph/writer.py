"""The graph writer: one extraction, one transaction, batched and idempotent.

A document is keyed by the hash of its normalised text: writing it twice changes
nothing. Entities are merged on their id; a fact is one relationship whatever the
number of documents that state it, with one source and evidence sentence per
document, and the times Foedus first and last saw it.
"""
from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

import neo4j

from foedus.graph.judged import reapply
from foedus.graph.resolve import name_key, record_merges, resolve_batch
from foedus.graph.values import CONTESTED, ContestedValues, contested_properties
from foedus.loaders.model import Entity, Extraction, Fact
from foedus.names import convention_for, is_bare_given_name, romanise, variants
from foedus.ontology.model import Ontology, ontology
from foedus.textnorm import fold_all, is_latin

__all__ = ["WriteSummary", "write_extraction", "write_extractions", "entity_names", "entity_rows", "fact_rows"]


@dataclass
class WriteSummary:
    """What one write changed."""

    document: str
    skipped: bool = False
    reextracted: bool = False
    entities_created: int = 0
    entities_merged: int = 0
    facts_created: int = 0
    facts_confirmed: int = 0
    dropped: list[str] = field(default_factory=list)

    def add(self, other: WriteSummary) -> None:
        """Accumulate another summary's counts into this one."""
        self.entities_created += other.entities_created
        self.entities_merged += other.entities_merged
        self.facts_created += other.facts_created
        self.facts_confirmed += other.facts_confirmed


def _scalar_ok(value: Any) -> bool:
    if isinstance(value, (str, int, float, bool)):
        return True
    return isinstance(value, list) and all(isinstance(v, (str, int, float, bool)) for v in value)


def entity_names(entity: Entity) -> list[str]:
    """An entity's name and aliases; a person's bare given name ("Mohammed") is never an alias,
    since it would match every bearer."""
    aliases = [a for a in entity.aliases if not (entity.type == "Person" and is_bare_given_name(a))]
    return list(dict.fromkeys([entity.name, *aliases]))


def entity_rows(entities: list[Entity], onto: Ontology) -> dict[str, list[dict[str, Any]]]:
    """Rows for the entity UNWIND, grouped by class; only declared properties pass."""
    grouped: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for entity in entities:
        declared = onto.cls(entity.type).properties
        props = {k: v for k, v in entity.attributes.items() if k in declared and _scalar_ok(v) and v is not None}
        if entity.iso2 and "iso2" in declared:
            props["iso2"] = entity.iso2.upper()
        if entity.wikidata:
            props["wikidata"] = entity.wikidata
        if entity.type == "Person" and (key := name_key(entity)):
            props["name_key"] = key
        names = entity_names(entity)
        search = list(names)
        if not any(is_latin(n) for n in names):
            # A name only Arabic documents gave: a Latin form to read, marked as a romanisation,
            # and the spellings a reader may type, to search by.
            props["name_latin"] = romanise(entity.name, convention_for(entity.attributes.get("nationality")))
            props["name_latin_kind"] = "romanisation"
            search += variants(entity.name)
        grouped[entity.type].append({
            "id": entity.id, "name": entity.name, "aliases": names,
            "search_names": fold_all(search), "props": props,
        })
    return grouped


def fact_rows(facts: list[Fact], classes: dict[str, str], onto: Ontology, doc_id: str
              ) -> tuple[dict[str, list[dict[str, Any]]], list[str]]:
    """Rows for the fact UNWIND, grouped by type, one per (type, source, target); and what was dropped."""
    merged: dict[tuple[str, str, str], dict[str, Any]] = {}
    dropped: list[str] = []
    for fact in facts:
        relation = onto.relation(fact.type)
        src, tgt = fact.source, fact.target
        if src not in classes or tgt not in classes:
            dropped.append(f"{fact.type} {src} -> {tgt}: endpoint not among the document's entities")
            continue
        if not relation.allows(classes[src], classes[tgt]):
            dropped.append(f"{fact.type} {src} -> {tgt}: {classes[src]} -> {classes[tgt]} not allowed")
            continue
        if relation.symmetric and src > tgt:
            src, tgt = tgt, src
        declared = {**relation.properties, **onto.fact_properties}
        props = {k: v for k, v in fact.attributes.items()
                 if k in declared and k not in ("sources", "first_seen", "last_seen", "verdict") and _scalar_ok(v)}
        for key in relation.distinct_by:  # unknown stays "" so the MERGE key is never null
            props[key] = "" if props.get(key) is None else str(props[key])
        distinct = tuple(props[k] for k in relation.distinct_by)
        row = merged.setdefault((fact.type, src, tgt, *distinct), {"source": src, "target": tgt, "props": {},
                                                        "evidence": "", "span": ""})
        row["props"].update(props)
        if fact.evidence and not row["evidence"]:
            row["evidence"] = fact.evidence.text
            row["span"] = f"{fact.evidence.start}-{fact.evidence.end}"
    grouped: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for key, row in merged.items():
        grouped[key[0]].append(row)
    return grouped, dropped


# Taking one document's contributions out: each fact loses this document's source and
# evidence (and goes when no source is left); its mentions go, and so do the entities
# that no other document mentions.
UNLOAD_CONTRIBUTIONS = [
    """MATCH (a:Entity)-[r]->(b:Entity) WHERE $doc IN r.sources
       WITH r, [i IN range(0, size(r.sources) - 1) WHERE r.sources[i] <> $doc] AS keep
       SET r.sources = [i IN keep | r.sources[i]], r.evidence = [i IN keep | r.evidence[i]],
           r.evidence_spans = [i IN keep | r.evidence_spans[i]]
       WITH r WHERE size(r.sources) = 0 DELETE r""",
    """MATCH (d:Document {id: $doc})-[:MENTIONS]->(n:Entity)
       WHERE NOT EXISTS { (other:Document)-[:MENTIONS]->(n) WHERE other <> d }
       DETACH DELETE n""",
    # what the document told of the values of the entities that stay
    """MATCH (d:Document {id: $doc})-[:MENTIONS]->(n:Entity)
       WHERE n.value_sources IS NOT NULL OR n.status_history IS NOT NULL
       SET n.value_sources = [x IN coalesce(n.value_sources, []) WHERE NOT x ENDS WITH '|' + $doc],
           n.status_history = [x IN coalesce(n.status_history, []) WHERE NOT x ENDS WITH '|' + $doc],
           n.value_conflicts = [x IN coalesce(n.value_conflicts, []) WHERE NOT x ENDS WITH '|' + $doc]""",
    "MATCH (d:Document {id: $doc})-[m:MENTIONS]->() DELETE m",
]


DYNAMIC_TYPE = "$(row.type)"  # the relation type a row names (checked by the row builders)


def _merge_entities_query(base: str) -> str:
    # Every class in one statement: the class label comes from the row (Neo4j 5.26's dynamic labels).
    # Aliases and folded names are unions, so a second document's spellings add to the first's.
    return (
        f"UNWIND $rows AS row "
        f"MERGE (n:{base} {{id: row.id}}) "
        f"ON CREATE SET n.name = row.name, n.first_seen = $now, n:$(row.label) "
        f"SET n.last_seen = $now, n += row.props, "
        f"n.aliases = coalesce(n.aliases, []) + [x IN row.aliases WHERE NOT x IN coalesce(n.aliases, [])], "
        f"n.search_names = coalesce(n.search_names, []) + "
        f"[x IN row.search_names WHERE NOT x IN coalesce(n.search_names, [])]"
    )


def _merge_facts_query(rtype: str, base: str, distinct_by: tuple[str, ...] = ()) -> str:
    # One row per fact of the batch, with every document that states it, in order.
    keys = ", ".join(f"{k}: row.props.{k}" for k in distinct_by)
    pattern = f"[r:{rtype} {{{keys}}}]" if keys else f"[r:{rtype}]"
    return (
        f"UNWIND $rows AS row "
        f"MATCH (a:{base} {{id: row.source}}) MATCH (b:{base} {{id: row.target}}) "
        f"MERGE (a)-{pattern}->(b) "
        f"ON CREATE SET r.first_seen = $now, r.sources = [], r.evidence = [], r.evidence_spans = [] "
        f"WITH r, row, size(r.sources) = 0 AS created "
        f"SET r.last_seen = $now, r += row.props, "
        f"r.sources = r.sources + row.docs, r.evidence = r.evidence + row.evidence, "
        f"r.evidence_spans = r.evidence_spans + row.spans "
        f"WITH row, created UNWIND range(0, size(row.docs) - 1) AS i "
        f"RETURN row.docs[i] AS doc, sum(CASE WHEN created AND i = 0 THEN 1 ELSE 0 END) AS created, "
        f"count(*) AS total"
    )


@dataclass
class _Pending:
    """One document of a batch on its way into the graph."""

    extraction: Extraction
    summary: WriteSummary
    made: str  # the extraction as made, before resolution renames anything: undoing a merge replays it


def _claim_documents(tx: neo4j.ManagedTransaction, extractions: list[Extraction], now: str, onto: Ontology
                     ) -> tuple[list[WriteSummary], list[_Pending]]:
    """MERGE every document on its content hash (which locks it: of two concurrent writers of the same
    text, the second waits, then finds it there and skips). Returns every document's summary, and
    the documents to write (not those already there, nor a second copy of the same text)."""
    label = onto.label("Document")
    first: dict[str, Extraction] = {}
    for extraction in extractions:
        first.setdefault(extraction.document.content_hash, extraction)
    rows = [{"id": x.document.id, "hash": h} for h, x in first.items()]
    found = {r["hash"]: r for r in tx.run(
        f"UNWIND $rows AS row MERGE (d:{label} {{content_hash: row.hash}}) "
        "ON CREATE SET d.id = row.id, d.loaded_at = $now "
        "RETURN row.hash AS hash, d.loaded_at = $now AS created, d.extractor AS extractor, d.id AS id",
        rows=rows, now=now)}
    summaries: list[WriteSummary] = []
    pending: list[_Pending] = []
    for extraction in extractions:
        doc = extraction.document
        summary = WriteSummary(document=doc.id)
        summaries.append(summary)
        row = found[doc.content_hash]
        if first[doc.content_hash] is not extraction or (
                not row["created"] and row["extractor"] == extraction.extractor):
            summary.skipped = True
        else:
            if not row["created"]:
                # Made by another extractor: take out what it stated, then write the new extraction.
                for statement in UNLOAD_CONTRIBUTIONS:
                    tx.run(statement, doc=row["id"]).consume()
                summary.reextracted = True
            made = extraction.to_json()
            made["document"].pop("text")  # stored once, on the document itself
            pending.append(_Pending(extraction, summary, json.dumps(made, ensure_ascii=False)))
    return summaries, pending


def _fact_batch_rows(pending: list[_Pending], onto: Ontology) -> dict[str, list[dict[str, Any]]]:
    """Each fact of the batch once, with the documents that state it, their evidence and spans."""
    facts: dict[tuple, dict[str, Any]] = {}
    for item in pending:
        extraction = item.extraction
        classes = {e.id: e.type for e in extraction.entities}
        grouped, item.summary.dropped = fact_rows(extraction.relations, classes, onto, extraction.document.id)
        for rtype, rows in grouped.items():
            distinct_by = onto.relation(rtype).distinct_by
            for row in rows:
                key = (rtype, row["source"], row["target"], *(row["props"][k] for k in distinct_by))
                fact = facts.setdefault(key, {"source": row["source"], "target": row["target"], "props": {},
                                              "docs": [], "evidence": [], "spans": []})
                fact["props"].update(row["props"])
                fact["docs"].append(extraction.document.id)
                fact["evidence"].append(row["evidence"])
                fact["spans"].append(row["span"])
    by_type: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for key, fact in facts.items():
        by_type[key[0]].append(fact)
    return by_type


def _fact_statements(by_type: dict[str, list[dict[str, Any]]], onto: Ontology, base: str
                     ) -> list[tuple[str, list[dict[str, Any]]]]:
    """One statement for the relation types merged on their endpoints alone (the type set from the row),
    one per type merged on a property too (`distinct_by`: the MERGE pattern names the property)."""
    statements: list[tuple[str, list[dict[str, Any]]]] = []
    plain: list[dict[str, Any]] = []
    for rtype, rows in by_type.items():
        distinct_by = onto.relation(rtype).distinct_by
        if distinct_by:
            statements.append((_merge_facts_query(onto.label(rtype), base, distinct_by), rows))
        else:
            plain.extend({**row, "type": rtype} for row in rows)
    if plain:
        statements.append((_merge_facts_query(DYNAMIC_TYPE, base), plain))
    return statements


def _entity_batch_rows(tx: neo4j.ManagedTransaction, pending: list[_Pending], onto: Ontology, base: str
                       ) -> list[dict[str, Any]]:
    """Each entity of the batch once, with its class label: the first document's name and class,
    every document's names and properties. Dates, ordinals and status are not overwritten but
    merged with what the graph holds (graph/values.py)."""
    merged: dict[str, dict[str, Any]] = {}
    told: dict[str, list[tuple[dict[str, Any], str]]] = defaultdict(list)
    for item in pending:
        doc = item.extraction.document.id
        for cls, rows in entity_rows(item.extraction.entities, onto).items():
            contested = contested_properties(onto, cls)
            for row in rows:
                if contested:
                    told[row["id"]].append(({k: row["props"].pop(k) for k in contested if k in row["props"]}, doc))
                have = merged.get(row["id"])
                if have is None:
                    merged[row["id"]] = {**row, "props": dict(row["props"]), "label": cls}
                    continue
                have["props"].update(row["props"])
                have["aliases"] = list(dict.fromkeys(have["aliases"] + row["aliases"]))
                have["search_names"] = list(dict.fromkeys(have["search_names"] + row["search_names"]))
    if told:
        fields = ", ".join(f".{k}" for k in (*CONTESTED, "value_sources", "status_history"))
        held = {r["id"]: r["props"] for r in tx.run(   # only what is merged, not the whole node
            f"UNWIND $ids AS id MATCH (n:{base} {{id: id}}) RETURN id, n {{{fields}}} AS props", ids=list(told))}
        for eid, steps in told.items():
            values = ContestedValues.from_node(held.get(eid, {}))
            for props, doc in steps:
                values.add(props, doc)
            merged[eid]["props"].update(values.props(onto))
    return list(merged.values())


def _write_batch(tx: neo4j.ManagedTransaction, extractions: list[Extraction], now: str, onto: Ontology
                 ) -> list[WriteSummary]:
    """Write a batch of documents with one statement per step, class and relation type, whatever
    the number of documents: the same graph as writing them one by one, in order."""
    document_label = onto.label("Document")
    base = onto.label(onto.base_label)
    summaries, pending = _claim_documents(tx, extractions, now, onto)
    if pending:
        tx.run(
            f"UNWIND $rows AS row MATCH (d:{document_label} {{content_hash: row.hash}}) "
            "SET d.title = row.title, d.language = row.language, d.published = row.published, "
            "d.source = row.source, d.text = row.text, d.loaded_at = $now, d.extraction = row.extraction, "
            "d.extractor = row.extractor, d.coded_by = row.coded_by",
            rows=[{"hash": p.extraction.document.content_hash, "title": p.extraction.document.title,
                   "language": p.extraction.document.language, "published": p.extraction.document.published,
                   "source": p.extraction.document.source, "text": p.extraction.document.text,
                   "extraction": p.made, "extractor": p.extraction.extractor,
                   "coded_by": p.extraction.document.coded_by} for p in pending],
            now=now).consume()
        resolved = resolve_batch(tx, onto, [p.extraction for p in pending], now)
        record_merges(tx, onto, [m for merges, _ in resolved for m in merges], now)
        for item, (_, known) in zip(pending, resolved, strict=True):
            ids = {e.id for e in item.extraction.entities}
            item.summary.entities_merged = len(ids & known)
            item.summary.entities_created = len(ids) - item.summary.entities_merged
        tx.run(_merge_entities_query(base), rows=_entity_batch_rows(tx, pending, onto, base), now=now).consume()
        tx.run(
            f"UNWIND $rows AS row MATCH (d:{document_label} {{id: row.doc}}) "
            f"UNWIND row.ids AS id MATCH (n:{base} {{id: id}}) MERGE (d)-[:MENTIONS]->(n)",
            rows=[{"doc": p.extraction.document.id, "ids": [e.id for e in p.extraction.entities]}
                  for p in pending]).consume()
        by_document = {p.extraction.document.id: p.summary for p in pending}
        for query, rows in _fact_statements(_fact_batch_rows(pending, onto), onto, base):
            for record in tx.run(query, rows=rows, now=now):
                by_document[record["doc"]].facts_created += record["created"]
                by_document[record["doc"]].facts_confirmed += record["total"] - record["created"]
        # What analysts decided stands over what the documents just told (graph/judged.py).
        reapply(tx, onto, list({e.id for p in pending for e in p.extraction.entities}))
    return summaries


def write_extraction(driver: neo4j.Driver, extraction: Extraction, database: str | None = None,
                     now: str | None = None) -> WriteSummary:
    """Write one document's extraction in a single transaction (retried by the driver on transient errors).

    `now` is the learned time recorded on what is written (default: the clock)."""
    now = now or _clock()
    onto = ontology()
    _check_unique_ids(extraction)
    with driver.session(database=database) as session:
        # A retried attempt starts again from the extraction as made (resolution renames ids).
        return session.execute_write(lambda tx: _write_batch(tx, [_working_copy(extraction)], now, onto))[0]


def write_extractions(driver: neo4j.Driver, extractions: list[Extraction], database: str | None = None,
                      now: str | None = None) -> list[WriteSummary | Exception]:
    """Write several documents in one transaction, one statement per class and relation type for
    them all (far fewer round trips and commits for a bulk load).

    Each document stays whole or absent: if the batch fails, it is rolled back and every
    document is written again alone, so one bad document costs only itself. Returns, per
    document, its summary or the error that refused it.
    """
    if len(extractions) == 1:
        try:
            return [write_extraction(driver, extractions[0], database, now)]
        except (ValueError, neo4j.exceptions.Neo4jError) as exc:
            return [exc]
    now = now or _clock()
    onto = ontology()
    try:
        for extraction in extractions:
            _check_unique_ids(extraction)
        with driver.session(database=database) as session:
            return list(session.execute_write(
                lambda tx: _write_batch(tx, [_working_copy(e) for e in extractions], now, onto)))
    except (ValueError, neo4j.exceptions.ClientError, neo4j.exceptions.DatabaseError):
        results: list[WriteSummary | Exception] = []
        for extraction in extractions:
            try:
                results.append(write_extraction(driver, extraction, database, now))
            except (ValueError, neo4j.exceptions.Neo4jError) as exc:
                results.append(exc)
        return results


def _clock() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


def _working_copy(extraction: Extraction) -> Extraction:
    """A copy resolution may rename (entity ids and names, fact endpoints) without touching the original."""
    return replace(extraction, entities=[replace(e) for e in extraction.entities],
                   relations=[replace(f) for f in extraction.relations])


def _check_unique_ids(extraction: Extraction) -> None:
    seen: dict[str, str] = {}
    for entity in extraction.entities:
        if seen.setdefault(entity.id, entity.type) != entity.type:
            raise ValueError(f"entity id {entity.id} is given two classes")
        if not entity.name.strip():
            raise ValueError(f"entity {entity.id} has no name")
