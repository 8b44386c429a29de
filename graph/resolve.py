"""Cross-document entity resolution: one node per real-world thing, merged conservatively.

Before a document is written, each of its entities whose id the graph does not know
is matched against the graph:
- any class: the same Wikidata item;
- Person: the same consonant skeleton of a full name of two words or more (محمد بريد =
  Mohammed Berrid), never a surname alone;
- Meeting: the same start and end dates and the same participating states.
Every merge is recorded (which key, which evidence) as a `Merge` node and can be
undone; an undone merge is never made again.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime

import neo4j

from foedus.loaders.model import Entity, Extraction
from foedus.ontology.model import Ontology
from foedus.textnorm import skeleton

__all__ = ["MergeRecord", "name_key", "resolve_entities", "record_merges", "list_merges", "undo_merge"]


@dataclass
class MergeRecord:
    """One entity of a document merged into an existing node."""

    id: str
    kept: str
    merged: str
    type: str
    reason: str
    document: str
    added_aliases: list[str]


def name_key(entity: Entity) -> str | None:
    """The person-matching key: skeleton of the fullest multi-word name, or None."""
    names = [n for n in [entity.name, *entity.aliases] if len(n.split()) >= 2]
    if not names:
        return None
    key = skeleton(max(names, key=len))
    return key if len(key) >= 5 else None


def _rejected(tx: neo4j.ManagedTransaction, merge_label: str, ids: list[str]) -> set[tuple[str, str]]:
    rows = tx.run(f"MATCH (m:{merge_label} {{status: 'undone'}}) WHERE m.merged IN $ids "
                  "RETURN m.merged AS merged, m.kept AS kept", ids=ids)
    return {(r["merged"], r["kept"]) for r in rows}


def _participants(extraction: Extraction, meeting_id: str) -> list[str]:
    states = {e.id for e in extraction.entities if e.type == "State"}
    return sorted({f.source for f in extraction.relations
                   if f.type == "PARTICIPATED_IN" and f.target == meeting_id and f.source in states})


def _candidate(tx: neo4j.ManagedTransaction, onto: Ontology, extraction: Extraction, entity: Entity
               ) -> tuple[str, str] | None:
    base = onto.label(onto.base_label)
    label = onto.label(entity.type)
    if entity.wikidata:
        row = tx.run(f"MATCH (n:{base} {{wikidata: $q}}) WHERE n:{label} RETURN n.id AS id LIMIT 1",
                     q=entity.wikidata).single()
        if row:
            return row["id"], f"same Wikidata item {entity.wikidata}"
    if entity.type == "Person":
        key = name_key(entity)
        if key:
            row = tx.run(f"MATCH (n:{label} {{name_key: $k}}) RETURN n.id AS id, n.name AS name LIMIT 1",
                         k=key).single()
            if row:
                return row["id"], f"same full name across scripts ({entity.name} ~ {row['name']}, key {key})"
    if entity.type == "Meeting" and entity.attributes.get("start"):
        states = _participants(extraction, entity.id)
        if len(states) >= 2:
            row = tx.run(
                f"MATCH (n:{label} {{start: $start}}) WHERE n.end = $end OR $end IS NULL "
                f"MATCH (s:{base})-[:PARTICIPATED_IN]->(n) WITH n, collect(s.id) AS states "
                "WHERE all(x IN $states WHERE x IN states) AND size(states) = size($states) "
                "RETURN n.id AS id LIMIT 1",
                start=entity.attributes["start"], end=entity.attributes.get("end"), states=states).single()
            if row:
                return row["id"], f"same dates {entity.attributes['start']} and participants {', '.join(states)}"
    return None


def resolve_entities(tx: neo4j.ManagedTransaction, onto: Ontology, extraction: Extraction
                     ) -> tuple[list[MergeRecord], set[str]]:
    """Rewrite the extraction's ids to the graph's where an entity is already known; return the merges
    and the ids (after rewriting) that the graph already holds."""
    base = onto.label(onto.base_label)
    ids = [e.id for e in extraction.entities]
    known = {r["id"] for r in tx.run(f"UNWIND $ids AS id MATCH (n:{base} {{id: id}}) RETURN n.id AS id", ids=ids)}
    rejected = _rejected(tx, onto.label("Merge"), ids)
    renames: dict[str, str] = {}
    merges: list[MergeRecord] = []
    for entity in extraction.entities:
        if entity.id in known:
            continue
        found = _candidate(tx, onto, extraction, entity)
        # found[0] == entity.id: a concurrent writer created this very entity meanwhile.
        if not found or found[0] == entity.id or (entity.id, found[0]) in rejected:
            continue
        kept, reason = found
        current = tx.run(f"MATCH (n:{base} {{id: $id}}) RETURN n.aliases AS a", id=kept).single()
        existing = set(current["a"] or []) if current else set()
        added = [n for n in dict.fromkeys([entity.name, *entity.aliases]) if n not in existing]
        digest = hashlib.sha1(f"{extraction.document.id}|{entity.id}|{kept}".encode()).hexdigest()[:12]
        merges.append(MergeRecord(id=f"merge:{digest}", kept=kept, merged=entity.id, type=entity.type,
                                  reason=reason, document=extraction.document.id, added_aliases=added))
        renames[entity.id] = kept
    if renames:
        _apply(extraction, renames)
    return merges, known | set(renames.values())


def _apply(extraction: Extraction, renames: dict[str, str]) -> None:
    seen: dict[str, Entity] = {}
    for entity in extraction.entities:
        entity.id = renames.get(entity.id, entity.id)
        if entity.id in seen:  # two mentions now one node: keep one, with every name
            first = seen[entity.id]
            first.aliases = list(dict.fromkeys([*first.aliases, entity.name, *entity.aliases]))
        else:
            seen[entity.id] = entity
    extraction.entities = list(seen.values())
    for fact in extraction.relations:
        fact.source = renames.get(fact.source, fact.source)
        fact.target = renames.get(fact.target, fact.target)


def record_merges(tx: neo4j.ManagedTransaction, onto: Ontology, merges: list[MergeRecord], now: str) -> None:
    """Write the merge records (in the document's transaction)."""
    if merges:
        tx.run(f"UNWIND $rows AS row CREATE (m:{onto.label('Merge')}) SET m = row, m.at = $now, m.status = 'active'",
               rows=[m.__dict__ for m in merges], now=now).consume()


def list_merges(driver: neo4j.Driver, database: str | None = None) -> list[dict]:
    """Every merge, newest first."""
    return [r.data() for r in driver.execute_query(
        "MATCH (m:Merge) RETURN m.id AS id, m.status AS status, m.type AS type, m.merged AS merged, m.kept AS kept, "
        "m.reason AS reason, m.document AS document, m.at AS at ORDER BY m.at DESC",
        database_=database, routing_=neo4j.RoutingControl.READ).records]


def undo_merge(driver: neo4j.Driver, merge_id: str, database: str | None = None) -> str:
    """Undo a merge: mark it undone, take its document out of the graph and load it again,
    so the merged entity becomes a node of its own. Returns the document's id."""
    from foedus.graph.unload import reload_document

    record = driver.execute_query("MATCH (m:Merge {id: $id}) RETURN m.status AS status, m.document AS doc, "
                                  "m.kept AS kept, m.added_aliases AS added", id=merge_id, database_=database).records
    if not record:
        raise LookupError(f"no merge {merge_id!r}")
    if record[0]["status"] == "undone":
        raise LookupError(f"merge {merge_id!r} is already undone")
    driver.execute_query(
        "MATCH (m:Merge {id: $id}) SET m.status = 'undone', m.undone_at = $now "
        "WITH m MATCH (n:Entity {id: m.kept}) SET n.aliases = [a IN n.aliases WHERE NOT a IN m.added_aliases]",
        id=merge_id, now=datetime.now(UTC).isoformat(), database_=database)
    reload_document(driver, record[0]["doc"], database=database)
    return record[0]["doc"]
