// name: changes_since
// summary: What is new in the graph since a date: entities and facts Foedus first read then, facts confirmed by a new document, and agreement status steps told since.
// clock: learned - since and learned are when Foedus read it (first_seen, last_seen, a document's loaded_at), not when it happened
// param since: date - changes learned on or after this date (2026, 2026-11, 2026-11-30)
// param limit: int = 500 - most changes
// columns: change, type, id, name, learned, detail
// example: since=2025
CALL () {
  MATCH (n:Entity) WHERE n.first_seen >= $since
  RETURN 'new entity' AS change, [l IN labels(n) WHERE l <> 'Entity'][0] AS type, n.id AS id, n.name AS name,
    n.first_seen AS learned, null AS detail
  UNION ALL
  MATCH (a:Entity)-[r]->(b:Entity) WHERE r.first_seen >= $since AND type(r) <> 'MENTIONS'
  RETURN 'new fact' AS change, type(r) AS type, a.id + ' -> ' + b.id AS id, a.name + ' -> ' + b.name AS name,
    r.first_seen AS learned, r.sources[-1] AS detail
  UNION ALL
  MATCH (a:Entity)-[r]->(b:Entity) WHERE r.first_seen < $since AND r.last_seen >= $since AND type(r) <> 'MENTIONS'
  RETURN 'fact confirmed' AS change, type(r) AS type, a.id + ' -> ' + b.id AS id, a.name + ' -> ' + b.name AS name,
    r.last_seen AS learned, r.sources[-1] AS detail
  UNION ALL
  MATCH (a:Agreement) WHERE a.status_history IS NOT NULL
  UNWIND a.status_history AS step
  MATCH (d:Document {id: split(step, '|')[2]}) WHERE d.loaded_at >= $since
  RETURN 'agreement status' AS change, 'Agreement' AS type, a.id AS id, a.name AS name, d.loaded_at AS learned,
    split(step, '|')[0] + CASE WHEN split(step, '|')[1] = '' THEN '' ELSE ' on ' + split(step, '|')[1] END AS detail
}
RETURN change, type, id, name, learned, detail
ORDER BY learned DESC, change, id
LIMIT $limit
