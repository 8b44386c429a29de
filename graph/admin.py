"""Whole-graph chores: wiping, counting, dumping in a canonical order."""
from __future__ import annotations

from typing import Any

import neo4j

__all__ = ["wipe_graph", "graph_counts", "relationship_count", "canonical_dump"]


def wipe_graph(driver: neo4j.Driver, database: str | None = None, batch: int = 20000) -> None:
    """Delete every node and relationship, a batch per transaction, so neither the heap nor the
    transaction timeout limits the size of the graph (relationships first: dense nodes go cheaply)."""
    for statement in ("MATCH ()-[r]->() WITH r LIMIT $batch DELETE r RETURN count(*) AS n",
                      "MATCH (n) WITH n LIMIT $batch DETACH DELETE n RETURN count(*) AS n"):
        while driver.execute_query(statement, batch=batch, database_=database).records[0]["n"]:
            pass


def graph_counts(driver: neo4j.Driver, database: str | None = None) -> tuple[int, int]:
    """(nodes, relationships)."""
    nodes = driver.execute_query("MATCH (n) RETURN count(n) AS c", database_=database).records[0]["c"]
    return nodes, relationship_count(driver, database)


def relationship_count(driver: neo4j.Driver, database: str | None = None) -> int:
    """Relationships in the graph (from the count store: cheap)."""
    return driver.execute_query("MATCH ()-[r]->() RETURN count(r) AS c", database_=database).records[0]["c"]


def canonical_dump(driver: neo4j.Driver, database: str | None = None,
                   ignore: tuple[str, ...] = ("first_seen", "last_seen", "loaded_at", "at", "undone_at")
                   ) -> list[Any]:
    """Every node and relationship with its properties, sorted, minus the load-time stamps (a merge's too).

    Two graphs with equal dumps hold the same facts with the same sources.
    """
    def clean(props: dict[str, Any]) -> list[tuple[str, Any]]:
        return sorted((k, sorted(v) if isinstance(v, list) else v) for k, v in props.items() if k not in ignore)

    nodes = driver.execute_query(
        "MATCH (n) RETURN labels(n) AS labels, properties(n) AS props", database_=database).records
    rels = driver.execute_query(
        "MATCH (a)-[r]->(b) RETURN a.id AS a, type(r) AS t, b.id AS b, properties(r) AS props",
        database_=database).records
    dump: list[Any] = [("node", sorted(r["labels"]), clean(r["props"])) for r in nodes]
    dump += [("rel", r["a"], r["t"], r["b"], clean(r["props"])) for r in rels]
    return sorted(dump, key=repr)
