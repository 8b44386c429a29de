// name: firms_active_with_state
// summary: The firms active with a state: cooperation, supplies, agreements and visits, with sources.
// clock: none
// param iso2: string - ISO code of the state
// param limit: int = 100 - most firms
// columns: firm, name, home, ties, sources
// example: iso2=MA
MATCH (s:State {iso2: $iso2})
CALL (s) {
  MATCH (f:Firm)-[r:COOPERATES_WITH]->(s) RETURN f, 'cooperates' AS tie, r.sources AS sources
  UNION ALL
  MATCH (f:Firm)-[r:COOPERATES_WITH]->(:Organization)-[:PART_OF*1..2]->(s) RETURN f, 'cooperates' AS tie, r.sources AS sources
  UNION ALL
  MATCH (f:Firm)-[r:SUPPLIES]->(s) RETURN f, 'supplies' AS tie, r.sources AS sources
  UNION ALL
  MATCH (f:Firm)-[r:PARTY_TO]->(:Agreement)<-[:PARTY_TO]-(s) RETURN f, 'agreement' AS tie, r.sources AS sources
  UNION ALL
  MATCH (f:Firm)-[r:PARTICIPATED_IN]->(:Visit)<-[:PARTICIPATED_IN]-(s) RETURN f, 'visit' AS tie, r.sources AS sources
}
// One row per firm first, then its sources flattened (unwinding them per tie multiplied the rows).
WITH f, tie, sources WHERE size(sources) > 0
WITH f, collect(DISTINCT tie) AS ties, collect(sources) AS source_lists
WITH f, ties, COLLECT { UNWIND source_lists AS l UNWIND l AS x WITH DISTINCT x WHERE x IS NOT NULL RETURN x } AS sources
OPTIONAL MATCH (f)-[:BASED_IN]->(home:State)
RETURN f.id AS firm, f.name AS name, home.iso2 AS home, ties, sources
ORDER BY size(sources) DESC, name
LIMIT $limit
