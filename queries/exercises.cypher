// name: exercises
// summary: Military exercises filtered by participant, year and place, with their participants and sources.
// clock: valid - start and year are the exercise's dates, from the texts
// param participant: string = any - id of a participant (state:MA...) or any
// param year: string = any - year (2025) or any
// param place: string = any - id of a place or any
// param limit: int = 100 - most rows
// columns: id, name, kind, start, participants, places, domains, sources
// example: participant=state:MA
CALL () {
  // With a participant: start from it, so only its exercises are read.
  MATCH (:Entity {id: $participant})-[:PARTICIPATED_IN]->(e:Exercise) RETURN DISTINCT e
  UNION
  // Without: the guard comes first, so this branch reads nothing when a participant is given.
  WITH 1 AS guard WHERE $participant = 'any'
  MATCH (e:Exercise) RETURN e
}
WITH e WHERE ($year = 'any' OR left(e.start, 4) = $year OR e.name CONTAINS $year)
  AND ($place = 'any' OR EXISTS { (e)-[:HELD_IN]->(:Place {id: $place}) })
// The page first, then each exercise's lists: one subquery each, no cross product of its matches.
WITH e ORDER BY coalesce(e.start, '0000') DESC, e.name LIMIT $limit
RETURN e.id AS id, e.name AS name, e.kind AS kind, e.start AS start,
  COLLECT { MATCH (p)-[:PARTICIPATED_IN]->(e) WITH DISTINCT p.name AS x WHERE x IS NOT NULL RETURN x } AS participants,
  COLLECT { MATCH (e)-[:HELD_IN]->(pl:Place) WITH DISTINCT pl.name AS x WHERE x IS NOT NULL RETURN x } AS places,
  COLLECT { MATCH (e)-[:COVERS]->(d:Domain) WITH DISTINCT d.name AS x WHERE x IS NOT NULL RETURN x } AS domains,
  COLLECT { MATCH (doc:Document)-[:MENTIONS]->(e) WITH DISTINCT doc.id AS x WHERE x IS NOT NULL RETURN x } AS sources
ORDER BY coalesce(start, '0000') DESC, name
