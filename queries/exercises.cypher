// name: exercises
// summary: Military exercises filtered by participant, year and place, with their participants and sources.
// param participant: string = any - id of a participant (state:MA...) or any
// param year: string = any - year (2025) or any
// param place: string = any - id of a place or any
// param limit: int = 100 - most rows
// columns: id, name, kind, start, participants, places, domains, sources
// example: participant=state:MA
MATCH (e:Exercise)
WHERE ($year = 'any' OR left(e.start, 4) = $year OR e.name CONTAINS $year)
  AND ($participant = 'any' OR EXISTS { (:Entity {id: $participant})-[:PARTICIPATED_IN]->(e) })
  AND ($place = 'any' OR EXISTS { (e)-[:HELD_IN]->(:Place {id: $place}) })
OPTIONAL MATCH (p)-[:PARTICIPATED_IN]->(e)
WITH e, collect(DISTINCT p.name) AS participants
OPTIONAL MATCH (e)-[:HELD_IN]->(pl:Place)
OPTIONAL MATCH (e)-[:COVERS]->(d:Domain)
OPTIONAL MATCH (doc:Document)-[:MENTIONS]->(e)
RETURN e.id AS id, e.name AS name, e.kind AS kind, e.start AS start, participants,
  collect(DISTINCT pl.name) AS places, collect(DISTINCT d.name) AS domains, collect(DISTINCT doc.id) AS sources
ORDER BY coalesce(start, '0000') DESC, name
LIMIT $limit
