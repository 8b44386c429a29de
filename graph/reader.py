"""Running canned queries: read transactions with a timeout, results consumed inside them."""
from __future__ import annotations

from typing import Any

import neo4j

from foedus.graph.queries import CannedQuery

__all__ = ["run_query"]

# Values that are already JSON-ready: most of what the canned queries return (strings, numbers,
# lists and maps of them), which is passed through without being copied.
_PLAIN = frozenset({str, int, float, bool, type(None)})


def _to_plain(value: Any) -> Any:
    """Graph values as JSON-ready data (nodes and relationships become their properties)."""
    kind = type(value)
    if kind in _PLAIN:
        return value
    if kind is list:
        # `map(type, ...)` runs in C: a list of plain values (a fact's sources) is returned as it is.
        if _PLAIN.issuperset(map(type, value)):
            return value
        return [_to_plain(v) for v in value]
    if kind is dict:
        if _PLAIN.issuperset(map(type, value.values())):
            return value
        return {k: _to_plain(v) for k, v in value.items()}
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
    if hasattr(value, "iso_format"):
        return value.iso_format()
    return value


def run_query(driver: neo4j.Driver, query: CannedQuery, params: dict[str, Any], *,
              timeout: float | None = None, database: str | None = None) -> list[dict[str, Any]]:
    """Run a canned query with bound parameters; read-only queries in a read transaction."""

    @neo4j.unit_of_work(timeout=timeout)
    def work(tx: neo4j.ManagedTransaction) -> list[dict[str, Any]]:
        result = tx.run(query.body, params)
        keys = result.keys()
        # A record is a tuple of its values: zipped with the keys, not rebuilt by `Record.data()`.
        return [{k: _to_plain(v) for k, v in zip(keys, record, strict=True)} for record in result]

    with driver.session(database=database, default_access_mode=neo4j.READ_ACCESS) as session:
        if query.writes:
            return session.execute_write(work)
        return session.execute_read(work)
