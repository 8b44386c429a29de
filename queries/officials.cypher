// name: officials
// summary: The officials of a state, organisation or firm, with their positions and ranks (including those of its bodies).
// clock: valid - since and until are when the person held the position, from the texts
// param id: string - id of the state, organisation or firm
// param limit: int = 200 - most rows
// columns: person, name, rank, title, position_in, position_name, since, until, sources
// example: id=state:MA
MATCH (x:Entity {id: $id})
CALL (x) {
  MATCH (p:Person)-[r:HOLDS_POSITION]->(x) RETURN p, r, x AS body
  UNION
  MATCH (p:Person)-[r:HOLDS_POSITION]->(body)-[:PART_OF*1..3]->(x) RETURN p, r, body
}
RETURN p.id AS person, p.name AS name, p.rank AS rank, coalesce(r.title, p.title) AS title, body.id AS position_in,
  body.name AS position_name, r.start AS since, r.end AS until, r.sources AS sources
ORDER BY name
LIMIT $limit
