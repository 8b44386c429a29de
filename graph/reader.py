"""Running canned queries: read transactions with a timeout, results consumed inside them."""
from __future__ import annotations

from typing import Any

import neo4j

from foedus.graph.queries import CannedQuery

__all__ = ["run_query"]


def _to_plain(value: Any) -> Any:
    """Graph values as JSON-ready data (nodes and relationships become their properties)."""
    if isinstance(value, neo4j.graph.Node):
        props = dict(value)
        props.pop("search_names", None)
        return {"labels": sorted(value.labels), **props}
    if isinstance(value, neo4j.graph.Relationship):
        return {"type": value.type, "start": value.start_node["id"] if value.start_node else None,
                "end": value.end_node["id"] if value.end_node else None, **dict(value)}
    if isinstance(value, neo4j.graph.Path):
        return {"nodes": [_to_plain(n) for n in value.nodes],
                "relationships": [_to_plain(r) for r in value.relationships]}
    if isinstance(value, list):
        return [_to_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _to_plain(v) for k, v in value.items()}
    if hasattr(value, "iso_format"):
        return value.iso_format()
    return value


def run_query(driver: neo4j.Driver, query: CannedQuery, params: dict[str, Any], *,
              timeout: float | None = None, database: str | None = None) -> list[dict[str, Any]]:
    """Run a canned query with bound parameters; read-only queries in a read transaction."""

    @neo4j.unit_of_work(timeout=timeout)
    def work(tx: neo4j.ManagedTransaction) -> list[dict[str, Any]]:
        return [_to_plain(record.data()) for record in tx.run(query.body, params)]

    with driver.session(database=database, default_access_mode=neo4j.READ_ACCESS) as session:
        if query.writes:
            return session.execute_write(work)
        return session.execute_read(work)
