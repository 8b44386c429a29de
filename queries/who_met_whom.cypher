// name: who_met_whom
// summary: People linked through shared meetings and visits (optionally around one person), with the events.
// param person: string = any - id of a person, or any
// param limit: int = 100 - most pairs
// columns: a, a_name, b, b_name, events, sources
// example: person=any
CALL () {
  // Around one person: start from that person, so the search stays local.
  MATCH (pa:Person {id: $person})-[r1:PARTICIPATED_IN|LED]->(e)<-[r2:PARTICIPATED_IN|LED]-(pb:Person)
  WHERE (e:Meeting OR e:Visit) AND pa <> pb
  RETURN pa, pb, e, r1.sources + r2.sources AS srcs
  UNION ALL
  MATCH (pa:Person)-[r1:PARTICIPATED_IN|LED]->(e)<-[r2:PARTICIPATED_IN|LED]-(pb:Person)
  WHERE $person = 'any' AND (e:Meeting OR e:Visit) AND pa.id < pb.id
  RETURN pa, pb, e, r1.sources + r2.sources AS srcs
}
UNWIND srcs AS source
WITH pa, pb, collect(DISTINCT {id: e.id, name: e.name, start: e.start}) AS events, collect(DISTINCT source) AS sources
RETURN pa.id AS a, pa.name AS a_name, pb.id AS b, pb.name AS b_name, events, sources
ORDER BY size(events) DESC, a_name
LIMIT $limit
