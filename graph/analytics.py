"""Network analytics (networkx) over the partnership network of states and firms."""
from __future__ import annotations

import io
from typing import Any

import neo4j
import networkx as nx

__all__ = ["partnership_network", "centrality", "communities", "ego_network", "to_graph_file"]

# Ties between actors: direct ones, and those through a shared event or agreement.
_TIES = """
CALL () {
  MATCH (a:State)-[r:PARTNERS_WITH]-(b:State) WHERE a.id < b.id
  RETURN a, b, size(r.sources) AS weight
  UNION ALL
  MATCH (a)-[r1:PARTICIPATED_IN|PARTY_TO]->(e)<-[r2:PARTICIPATED_IN|PARTY_TO]-(b)
  WHERE (a:State OR a:Firm) AND (b:State OR b:Firm) AND a.id < b.id
  RETURN a, b, 1 AS weight
  UNION ALL
  MATCH (a:Firm)-[r:COOPERATES_WITH|SUPPLIES|BASED_IN]->(b:State)
  RETURN a, b, size(r.sources) AS weight
}
RETURN a.id AS a, a.name AS a_name, [l IN labels(a) WHERE l <> 'Entity'][0] AS a_type,
       b.id AS b, b.name AS b_name, [l IN labels(b) WHERE l <> 'Entity'][0] AS b_type, sum(weight) AS weight
"""


def partnership_network(driver: neo4j.Driver, database: str | None = None) -> nx.Graph:
    """States and firms, joined by weighted ties (weight: number of sources and shared events)."""
    graph = nx.Graph()
    records = driver.execute_query(_TIES, database_=database, routing_=neo4j.RoutingControl.READ).records
    for r in records:
        graph.add_node(r["a"], name=r["a_name"], type=r["a_type"])
        graph.add_node(r["b"], name=r["b_name"], type=r["b_type"])
        weight = r["weight"] + (graph[r["a"]][r["b"]]["weight"] if graph.has_edge(r["a"], r["b"]) else 0)
        graph.add_edge(r["a"], r["b"], weight=weight)
    return graph


def centrality(graph: nx.Graph, limit: int = 50) -> list[dict[str, Any]]:
    """Degree, betweenness and PageRank of every actor, best PageRank first."""
    if graph.number_of_nodes() == 0:
        return []
    degree = nx.degree_centrality(graph)
    between = nx.betweenness_centrality(graph, weight=None)
    rank = nx.pagerank(graph, weight="weight")
    rows = [{"id": n, "name": graph.nodes[n].get("name"), "type": graph.nodes[n].get("type"),
             "degree": round(degree[n], 4), "betweenness": round(between[n], 4), "pagerank": round(rank[n], 4)}
            for n in graph]
    return sorted(rows, key=lambda r: (-r["pagerank"], r["id"]))[:limit]


def communities(graph: nx.Graph) -> list[list[dict[str, Any]]]:
    """Communities by greedy modularity, largest first."""
    if graph.number_of_edges() == 0:
        return []
    groups = nx.algorithms.community.greedy_modularity_communities(graph, weight="weight")
    return [[{"id": n, "name": graph.nodes[n].get("name")} for n in sorted(g)] for g in groups]


def ego_network(graph: nx.Graph, entity_id: str, radius: int = 1) -> dict[str, Any]:
    """The actors within `radius` ties of one entity, with the ties among them."""
    if entity_id not in graph:
        return {"nodes": [], "edges": []}
    ego = nx.ego_graph(graph, entity_id, radius=radius)
    return {"nodes": [{"id": n, **ego.nodes[n]} for n in sorted(ego)],
            "edges": [{"a": a, "b": b, "weight": d["weight"]} for a, b, d in sorted(ego.edges(data=True))]}


def to_graph_file(graph: nx.Graph, fmt: str) -> bytes:
    """The network as GraphML or GEXF, for Gephi."""
    buf = io.BytesIO()
    if fmt == "graphml":
        nx.write_graphml(graph, buf)
    elif fmt == "gexf":
        nx.write_gexf(graph, buf)
    else:
        raise ValueError(f"unknown graph format {fmt!r}: graphml or gexf")
    return buf.getvalue()
