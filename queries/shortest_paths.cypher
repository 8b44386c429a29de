// name: shortest_paths
// summary: The shortest paths (up to 6 hops, documents excluded) between two entities.
// clock: none
// param from: string - id of the first entity
// param to: string - id of the second entity
// param limit: int = 5 - most paths
// columns: length, nodes, relations
// example: from=state:IL to=firm:knds
MATCH (a:Entity {id: $from}), (b:Entity {id: $to})
MATCH p = allShortestPaths((a)-[*..6]-(b))
WHERE all(n IN nodes(p) WHERE n:Entity)
RETURN length(p) AS length, [n IN nodes(p) | {id: n.id, name: n.name}] AS nodes,
  [r IN relationships(p) | {type: type(r), from: startNode(r).id, to: endNode(r).id, sources: r.sources}] AS relations
LIMIT $limit
