// name: graph_statistics
// summary: Counts of nodes by class and of relationships by type.
// columns: kind, name, count
CALL () {
  MATCH (n) UNWIND [l IN labels(n) WHERE l <> 'Entity'] AS label RETURN 'node' AS kind, label AS name, count(*) AS count
  UNION ALL
  MATCH ()-[r]->() RETURN 'relationship' AS kind, type(r) AS name, count(*) AS count
}
RETURN kind, name, count
ORDER BY kind, count DESC
