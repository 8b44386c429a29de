"""The baselines of the write benchmark, and the fast path that fills the graph to a size.

- `BareWriter`: the limit through Bolt. The same rows Foedus writes (documents with their
  text and extraction, entities with their names, facts with sources and evidence), written
  by a bare `UNWIND $rows ... MERGE` per class and relation type, no look-ups first, in one
  transaction per batch (one document, or many with `docs_per_tx`).
- `per_row`: the usual way, one `MERGE` statement per row, each its own auto-commit transaction.

The rows are prepared before the clock starts: the baseline measures the database and the wire only.
"""
from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import neo4j

from foedus.graph.writer import entity_rows, fact_rows
from foedus.loaders.model import Extraction
from foedus.ontology.model import ontology

__all__ = ["BareWriter", "Batch", "per_row", "prepare"]


@dataclass
class Batch:
    """Rows of one transaction: documents, entities by class, mentions, facts by relation type."""

    docs: list[dict[str, Any]]
    entities: dict[str, list[dict[str, Any]]]
    mentions: list[dict[str, str]]
    facts: dict[str, list[dict[str, Any]]]
    n_facts: int


def prepare(extractions: list[Extraction]) -> Batch:
    """The rows of some documents, as one batch (Foedus's own row builders, so the data is the same)."""
    onto = ontology()
    docs: list[dict[str, Any]] = []
    entities: dict[str, list[dict[str, Any]]] = defaultdict(list)
    mentions: list[dict[str, str]] = []
    facts: dict[str, list[dict[str, Any]]] = defaultdict(list)
    n_facts = 0
    for ex in extractions:
        d = ex.document
        made = ex.to_json()
        made["document"].pop("text")  # as the writer stores it: the text once, on the document
        docs.append({"id": d.id, "hash": d.content_hash, "title": d.title, "language": d.language,
                     "published": d.published, "source": d.source, "text": d.text,
                     "extraction": json.dumps(made, ensure_ascii=False), "extractor": ex.extractor})
        for cls, rows in entity_rows(ex.entities, onto).items():
            entities[cls].extend(rows)
        mentions.extend({"doc": d.id, "id": e.id} for e in ex.entities)
        classes = {e.id: e.type for e in ex.entities}
        grouped, _ = fact_rows(ex.relations, classes, onto, d.id)
        for rtype, rows in grouped.items():
            facts[rtype].extend({**r, "doc": d.id} for r in rows)
        n_facts += len(ex.relations)
    return Batch(docs, dict(entities), mentions, dict(facts), n_facts)


def _entity_query(label: str) -> str:
    return (f"UNWIND $rows AS row MERGE (n:Entity {{id: row.id}}) "
            f"ON CREATE SET n:`{label}`, n.name = row.name, n.first_seen = $now "
            "SET n.last_seen = $now, n += row.props, "  # names are unions, as the writer keeps them
            "n.aliases = coalesce(n.aliases, []) + [x IN row.aliases WHERE NOT x IN coalesce(n.aliases, [])], "
            "n.search_names = coalesce(n.search_names, []) + "
            "[x IN row.search_names WHERE NOT x IN coalesce(n.search_names, [])]")


def _fact_query(rtype: str, distinct_by: tuple[str, ...]) -> str:
    keys = ", ".join(f"{k}: row.props.{k}" for k in distinct_by)
    pattern = f"[r:`{rtype}` {{{keys}}}]" if keys else f"[r:`{rtype}`]"
    return (f"UNWIND $rows AS row MATCH (a:Entity {{id: row.source}}) MATCH (b:Entity {{id: row.target}}) "
            f"MERGE (a)-{pattern}->(b) "
            "ON CREATE SET r.first_seen = $now, r.sources = [], r.evidence = [], r.evidence_spans = [] "
            "SET r.last_seen = $now, r += row.props, r.sources = r.sources + row.doc, "
            "r.evidence = r.evidence + row.evidence, r.evidence_spans = r.evidence_spans + row.span")


_DOC_QUERY = ("UNWIND $rows AS row CREATE (d:Document {id: row.id, content_hash: row.hash}) "
              "SET d.title = row.title, d.language = row.language, d.published = row.published, "
              "d.source = row.source, d.text = row.text, d.loaded_at = $now, d.extraction = row.extraction, "
              "d.extractor = row.extractor")
_MENTIONS_QUERY = ("UNWIND $rows AS row MATCH (d:Document {id: row.doc}) MATCH (n:Entity {id: row.id}) "
                   "CREATE (d)-[:MENTIONS]->(n)")


class BareWriter:
    """UNWIND-MERGE scripts: a handful of statements per transaction, whatever the number of rows."""

    def __init__(self, driver: neo4j.Driver, database: str | None = None) -> None:
        self.driver = driver
        self.database = database
        self.onto = ontology()

    def write(self, batch: Batch) -> None:
        """One transaction for the batch."""
        now = datetime.now(UTC).isoformat(timespec="microseconds")

        def work(tx: neo4j.ManagedTransaction) -> None:
            tx.run(_DOC_QUERY, rows=batch.docs, now=now).consume()
            for cls, rows in batch.entities.items():
                tx.run(_entity_query(cls), rows=rows, now=now).consume()
            tx.run(_MENTIONS_QUERY, rows=batch.mentions).consume()
            for rtype, rows in batch.facts.items():
                tx.run(_fact_query(rtype, self.onto.relation(rtype).distinct_by), rows=rows, now=now).consume()

        with self.driver.session(database=self.database) as session:
            session.execute_write(work)


def per_row(driver: neo4j.Driver, batch: Batch, database: str | None = None) -> None:
    """The usual way: one MERGE per row, each an auto-commit transaction."""
    onto = ontology()
    now = datetime.now(UTC).isoformat(timespec="microseconds")
    with driver.session(database=database) as session:
        for row in batch.docs:
            session.run(_DOC_QUERY.replace("UNWIND $rows AS row ", "WITH $row AS row "), row=row, now=now).consume()
        for cls, rows in batch.entities.items():
            query = _entity_query(cls).replace("UNWIND $rows AS row ", "WITH $row AS row ")
            for row in rows:
                session.run(query, row=row, now=now).consume()
        query = _MENTIONS_QUERY.replace("UNWIND $rows AS row ", "WITH $row AS row ")
        for row in batch.mentions:
            session.run(query, row=row).consume()
        for rtype, rows in batch.facts.items():
            query = _fact_query(rtype, onto.relation(rtype).distinct_by).replace("UNWIND $rows AS row ",
                                                                                  "WITH $row AS row ")
            for row in rows:
                session.run(query, row=row, now=now).consume()
