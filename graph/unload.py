"""Taking one document's contributions out of the graph, and loading it again.

Used to undo a merge, and to re-extract a document with a newer extractor: each
fact loses this document's source and evidence (and goes when no source is left),
the document's mentions go, and entities no other document mentions go too.
"""
from __future__ import annotations

import json

import neo4j

from foedus.graph.writer import UNLOAD_CONTRIBUTIONS, write_extraction
from foedus.loaders.model import Extraction, SourceDocument

__all__ = ["unload_document", "reload_document"]

_UNLOAD = [*UNLOAD_CONTRIBUTIONS, "MATCH (d:Document {id: $doc}) DETACH DELETE d"]


def unload_document(driver: neo4j.Driver, doc_id: str, database: str | None = None) -> dict:
    """Remove one document and what only it stated, in one transaction; return its stored metadata."""
    def work(tx: neo4j.ManagedTransaction) -> dict:
        row = tx.run("MATCH (d:Document {id: $doc}) RETURN properties(d) AS p", doc=doc_id).single()
        if row is None:
            raise LookupError(f"no document {doc_id!r}")
        for statement in _UNLOAD:
            tx.run(statement, doc=doc_id).consume()
        return row["p"]

    with driver.session(database=database) as session:
        return session.execute_write(work)


def reload_document(driver: neo4j.Driver, doc_id: str, *, reextract: bool = False,
                    database: str | None = None) -> None:
    """Unload a document and write it again: its stored extraction replayed, or (`reextract`)
    its stored text extracted anew."""
    props = unload_document(driver, doc_id, database=database)
    if props.get("extraction") and not reextract:
        extraction = Extraction.from_json(json.loads(props["extraction"]), text=props["text"])
    else:
        document = SourceDocument(text=props["text"], title=props.get("title"), published=props.get("published"),
                                  language=props.get("language"), source=props.get("source"))
        from foedus.ingest import extract  # the ingest pipeline sits above the graph layer

        extraction = extract(document)
    write_extraction(driver, extraction, database=database)
