// name: partners_of_state
// summary: The states a state partners with: kinds of ties, domains, first and last dates, number of source documents.
// param iso2: string - ISO 3166 code of the state (MA, FR...)
// param as_of: date = 9999 - only ties that started by this date (2025, 2025-10, 2025-10-03)
// param limit: int = 100 - most partners
// columns: partner, iso2, name, ties, domains, first, last, sources, source_count
// example: iso2=MA
MATCH (s:State {iso2: $iso2})
CALL (s) {
  MATCH (s)-[r:PARTNERS_WITH]-(p:State)
  RETURN p, 'partnership' AS tie, r.sources AS sources, coalesce(r.start, r.first_seen) AS date, [] AS domains
  UNION ALL
  // An event's domains once per event, not once per partner in it (a hub's exercises have many).
  MATCH (s)-[r1:PARTICIPATED_IN]->(e)
  WITH s, r1, e, COLLECT { MATCH (e)-[:COVERS]->(d:Domain) RETURN d.name } AS domains
  MATCH (e)<-[r2:PARTICIPATED_IN]-(p:State) WHERE p <> s
  RETURN p, [l IN labels(e) WHERE l <> 'Entity'][0] AS tie, r1.sources + r2.sources AS sources, e.start AS date,
    domains
  UNION ALL
  MATCH (s)-[r1:PARTY_TO]->(a:Agreement)<-[r2:PARTY_TO]-(p:State) WHERE p <> s
  RETURN p, 'Agreement' AS tie, r1.sources + r2.sources AS sources, a.start AS date,
    COLLECT { MATCH (a)-[:COVERS]->(d:Domain) RETURN d.name } AS domains
  UNION ALL
  MATCH (s)-[r1:MEMBER_OF]->(o:Organization {kind: 'joint_committee'})<-[r2:MEMBER_OF]-(p:State) WHERE p <> s
  RETURN p, 'joint committee' AS tie, r1.sources + r2.sources AS sources, null AS date, [] AS domains
}
WITH p, tie, sources, date, domains WHERE date IS NULL OR left(date, 10) <= $as_of
// One row per partner first, then its lists flattened: unwinding sources and domains per tie
// would multiply the rows by both.
WITH p, collect(DISTINCT tie) AS ties, collect(domains) AS domain_lists, collect(sources) AS source_lists,
  min(left(date, 10)) AS first, max(left(date, 10)) AS last
WITH p, ties, first, last,
  COLLECT { UNWIND domain_lists AS l UNWIND l AS x WITH DISTINCT x WHERE x IS NOT NULL RETURN x } AS domains,
  COLLECT { UNWIND source_lists AS l UNWIND l AS x WITH DISTINCT x WHERE x IS NOT NULL RETURN x } AS sources
RETURN p.id AS partner, p.iso2 AS iso2, p.name AS name, ties, domains, first, last, sources, size(sources) AS source_count
ORDER BY source_count DESC, size(ties) DESC, name
LIMIT $limit
