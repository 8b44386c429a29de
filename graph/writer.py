"""The graph writer: one extraction, one transaction, batched and idempotent.

A document is keyed by the hash of its normalised text: writing it twice changes
nothing. Entities are merged on their id; a fact is one relationship whatever the
number of documents that state it, with one source and evidence sentence per
document, and the times Foedus first and last saw it.
"""
from __future__ import annotations

import copy
import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import neo4j

from foedus.graph.resolve import name_key, record_merges, resolve_entities
from foedus.loaders.model import Entity, Extraction, Fact
from foedus.ontology.model import Ontology, ontology
from foedus.textnorm import fold_all

__all__ = ["WriteSummary", "write_extraction", "write_extractions", "entity_rows", "fact_rows"]


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
        names = [entity.name, *entity.aliases]
        grouped[entity.type].append({
            "id": entity.id, "name": entity.name, "aliases": list(dict.fromkeys(names)),
            "search_names": fold_all(names), "props": props,
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
                 if k in declared and k not in ("sources", "first_seen", "last_seen") and _scalar_ok(v)}
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
    "MATCH (d:Document {id: $doc})-[m:MENTIONS]->() DELETE m",
]


def _merge_entities_query(label: str, base: str) -> str:
    # Aliases and folded names are unions, so a second document's spellings add to the first's.
    return (
        f"UNWIND $rows AS row "
        f"MERGE (n:{base} {{id: row.id}}) "
        f"ON CREATE SET n.name = row.name, n.first_seen = $now, n:{label} "
        f"SET n.last_seen = $now, n += row.props, "
        f"n.aliases = reduce(acc = [], x IN coalesce(n.aliases, []) + row.aliases | "
        f"CASE WHEN x IN acc THEN acc ELSE acc + x END), "
        f"n.search_names = reduce(acc = [], x IN coalesce(n.search_names, []) + row.search_names | "
        f"CASE WHEN x IN acc THEN acc ELSE acc + x END)"
    )


def _merge_facts_query(rtype: str, base: str, distinct_by: tuple[str, ...] = ()) -> str:
    keys = ", ".join(f"{k}: row.props.{k}" for k in distinct_by)
    pattern = f"[r:{rtype} {{{keys}}}]" if keys else f"[r:{rtype}]"
    return (
        f"UNWIND $rows AS row "
        f"MATCH (a:{base} {{id: row.source}}) MATCH (b:{base} {{id: row.target}}) "
        f"MERGE (a)-{pattern}->(b) "
        f"ON CREATE SET r.first_seen = $now, r.sources = [], r.evidence = [], r.evidence_spans = [] "
        f"WITH r, row, r.first_seen = $now AS created "
        f"SET r.last_seen = $now, r += row.props, "
        f"r.sources = r.sources + $doc, r.evidence = r.evidence + row.evidence, "
        f"r.evidence_spans = r.evidence_spans + row.span "
        f"RETURN sum(CASE WHEN created THEN 1 ELSE 0 END) AS created, count(*) AS total"
    )


def _write(tx: neo4j.ManagedTransaction, extraction: Extraction, now: str, onto: Ontology) -> WriteSummary:
    doc = extraction.document
    summary = WriteSummary(document=doc.id)
    document_label = onto.label("Document")
    base = onto.label(onto.base_label)
    # The extraction as made, before resolution renames anything: undoing a merge replays it.
    made = extraction.to_json()
    made["document"].pop("text")  # stored once, on the document itself
    original = json.dumps(made, ensure_ascii=False)
    # MERGE on the unique content hash locks it: of two concurrent writers of the same text,
    # the second waits, then finds the document there and skips.
    row = tx.run(
        f"MERGE (d:{document_label} {{content_hash: $hash}}) "
        "ON CREATE SET d.id = $id, d.loaded_at = $now "
        "RETURN d.loaded_at = $now AS created, d.extractor AS extractor, d.id AS id",
        id=doc.id, hash=doc.content_hash, now=now,
    ).single(strict=True)
    if not row["created"]:
        if row["extractor"] == extraction.extractor:
            summary.skipped = True
            return summary
        # Made by another extractor: take out what it stated, then write the new extraction.
        for statement in UNLOAD_CONTRIBUTIONS:
            tx.run(statement, doc=row["id"]).consume()
        summary.reextracted = True
    tx.run(
        f"MATCH (d:{document_label} {{content_hash: $hash}}) "
        "SET d.title = $title, d.language = $language, d.published = $published, d.source = $source, "
        "d.text = $text, d.loaded_at = $now, d.extraction = $extraction, d.extractor = $extractor",
        hash=doc.content_hash, title=doc.title, language=doc.language, published=doc.published,
        source=doc.source, text=doc.text, now=now, extraction=original, extractor=extraction.extractor,
    ).consume()

    merges, known = resolve_entities(tx, onto, extraction)
    record_merges(tx, onto, merges, now)
    ids = [e.id for e in extraction.entities]
    summary.entities_merged = len(set(ids) & known)
    summary.entities_created = len(set(ids)) - summary.entities_merged
    for cls, rows in entity_rows(extraction.entities, onto).items():
        tx.run(_merge_entities_query(onto.label(cls), base), rows=rows, now=now).consume()
    tx.run(
        f"MATCH (d:{document_label} {{id: $doc}}) UNWIND $ids AS id MATCH (n:{base} {{id: id}}) "
        "MERGE (d)-[:MENTIONS]->(n)", doc=doc.id, ids=ids,
    ).consume()

    classes = {e.id: e.type for e in extraction.entities}
    grouped, summary.dropped = fact_rows(extraction.relations, classes, onto, doc.id)
    for rtype, rows in grouped.items():
        query = _merge_facts_query(onto.label(rtype), base, onto.relation(rtype).distinct_by)
        record = tx.run(query, rows=rows, now=now, doc=doc.id).single()
        if record:
            summary.facts_created += record["created"]
            summary.facts_confirmed += record["total"] - record["created"]
    return summary


def write_extraction(driver: neo4j.Driver, extraction: Extraction, database: str | None = None) -> WriteSummary:
    """Write one document's extraction in a single transaction (retried by the driver on transient errors)."""
    now = datetime.now(UTC).isoformat(timespec="microseconds")
    onto = ontology()
    _check_unique_ids(extraction)
    with driver.session(database=database) as session:
        # A retried attempt starts again from the extraction as made (resolution renames ids).
        return session.execute_write(lambda tx: _write(tx, copy.deepcopy(extraction), now, onto))


def write_extractions(driver: neo4j.Driver, extractions: list[Extraction], database: str | None = None
                      ) -> list[WriteSummary | Exception]:
    """Write several documents in one transaction (far fewer commits for a bulk load).

    Each document stays whole or absent: if the batch fails, it is rolled back and every
    document is written again alone, so one bad document costs only itself. Returns, per
    document, its summary or the error that refused it.
    """
    if len(extractions) == 1:
        try:
            return [write_extraction(driver, extractions[0], database)]
        except (ValueError, neo4j.exceptions.Neo4jError) as exc:
            return [exc]
    now = datetime.now(UTC).isoformat(timespec="microseconds")
    onto = ontology()
    try:
        for extraction in extractions:
            _check_unique_ids(extraction)
        with driver.session(database=database) as session:
            return list(session.execute_write(
                lambda tx: [_write(tx, copy.deepcopy(e), now, onto) for e in extractions]))
    except (ValueError, neo4j.exceptions.ClientError, neo4j.exceptions.DatabaseError):
        results: list[WriteSummary | Exception] = []
        for extraction in extractions:
            try:
                results.append(write_extraction(driver, extraction, database))
            except (ValueError, neo4j.exceptions.Neo4jError) as exc:
                results.append(exc)
        return results


def _check_unique_ids(extraction: Extraction) -> None:
    seen: dict[str, str] = {}
    for entity in extraction.entities:
        if seen.setdefault(entity.id, entity.type) != entity.type:
            raise ValueError(f"entity id {entity.id} is given two classes")
        if not entity.name.strip():
            raise ValueError(f"entity {entity.id} has no name")
