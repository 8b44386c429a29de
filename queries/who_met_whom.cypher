// name: who_met_whom
// summary: People linked through shared meetings and visits (optionally around one person), with the events.
// clock: valid - an event's start is its date, from the texts
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
  // Everyone (the guard comes first, so this branch reads nothing when a person is given). Not
  // every pair: a pair shares at most as many events as either has ties (`bound`, from the degree
  // store), and at least $limit pairs around the 50 busiest people share `floor` events, so only
  // people with a bound of at least `floor` can be on the page.
  WITH 1 AS guard WHERE $person = 'any'
  MATCH (p:Person)
  WITH p, COUNT { (p)-[:PARTICIPATED_IN|LED]->() } AS bound ORDER BY bound DESC
  WITH collect(p) AS people, collect(bound) AS bounds
  CALL (people) {
    // A pair of two busy people is counted twice here, so the 2 x $limit-th count is the bound.
    UNWIND people[..50] AS pa
    MATCH (pa)-[:PARTICIPATED_IN|LED]->(e)<-[:PARTICIPATED_IN|LED]-(pb:Person)
    WHERE (e:Meeting OR e:Visit) AND pa <> pb
    WITH pa, pb, count(DISTINCT e) AS shared ORDER BY shared DESC SKIP 2 * $limit - 1 LIMIT 1
    RETURN shared AS floor
    UNION ALL
    RETURN 0 AS floor
  }
  WITH people, bounds, max(floor) AS floor
  UNWIND range(0, size(people) - 1) AS i
  WITH people[i] AS pa, floor WHERE bounds[i] >= floor
  MATCH (pa)-[r1:PARTICIPATED_IN|LED]->(e)<-[r2:PARTICIPATED_IN|LED]-(pb:Person)
  WHERE (e:Meeting OR e:Visit) AND pa.id < pb.id AND COUNT { (pb)-[:PARTICIPATED_IN|LED]->() } >= floor
  RETURN pa, pb, e, r1.sources + r2.sources AS srcs
}
// Pairs ranked on their events first; sources are flattened only for the page.
WITH pa, pb, e, srcs WHERE size(srcs) > 0
WITH pa, pb, collect(DISTINCT {id: e.id, name: e.name, start: e.start}) AS events, collect(srcs) AS source_lists
ORDER BY size(events) DESC, pa.name
LIMIT $limit
WITH pa, pb, events,
  COLLECT { UNWIND source_lists AS l UNWIND l AS x WITH DISTINCT x WHERE x IS NOT NULL RETURN x } AS sources
RETURN pa.id AS a, pa.name AS a_name, pb.id AS b, pb.name AS b_name, events, sources
ORDER BY size(events) DESC, a_name
