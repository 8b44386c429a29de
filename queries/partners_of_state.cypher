// name: partners_of_state
// summary: The states a state partners with: kinds of ties, domains, first and last dates, number of source documents (a partnership an analyst rejected, or that is disputed, is not one).
// clock: both - as_of, first and last are valid time (when the tie existed, from the texts); known_as_of is learned time (what Foedus had read by then)
// param iso2: string - ISO 3166 code of the state (MA, FR...)
// param as_of: date = 9999 - only ties that started by this date (2025, 2025-10, 2025-10-03); a tie with no dated start, or a year-less one, is kept and never compared
// param known_as_of: date = 9999 - the graph as Foedus knew it on this date: only ties read by then
// param limit: int = 100 - most partners
// columns: partner, iso2, name, ties, domains, first, last, sources, source_count
// example: iso2=MA
MATCH (s:State {iso2: $iso2})
CALL (s) {
  MATCH (s)-[r:PARTNERS_WITH]-(p:State) WHERE NOT coalesce(r.verdict, '') IN ['rejected', 'disputed']
  RETURN p, 'partnership' AS tie, r.sources AS sources, r.start AS date, [] AS domains, r.first_seen AS learned
  UNION ALL
  // An event's domains once per event, not once per partner in it (a hub's exercises have many).
  MATCH (s)-[r1:PARTICIPATED_IN]->(e)
  WITH s, r1, e, COLLECT { MATCH (e)-[:COVERS]->(d:Domain) RETURN d.name } AS domains
  MATCH (e)<-[r2:PARTICIPATED_IN]-(p:State) WHERE p <> s
  RETURN p, [l IN labels(e) WHERE l <> 'Entity'][0] AS tie, r1.sources + r2.sources AS sources, e.start AS date,
    domains, CASE WHEN r1.first_seen > r2.first_seen THEN r1.first_seen ELSE r2.first_seen END AS learned
  UNION ALL
  MATCH (s)-[r1:PARTY_TO]->(a:Agreement)<-[r2:PARTY_TO]-(p:State) WHERE p <> s
  RETURN p, 'Agreement' AS tie, r1.sources + r2.sources AS sources, a.start AS date,
    COLLECT { MATCH (a)-[:COVERS]->(d:Domain) RETURN d.name } AS domains,
    CASE WHEN r1.first_seen > r2.first_seen THEN r1.first_seen ELSE r2.first_seen END AS learned
  UNION ALL
  MATCH (s)-[r1:MEMBER_OF]->(o:Organization {kind: 'joint_committee'})<-[r2:MEMBER_OF]-(p:State) WHERE p <> s
  RETURN p, 'joint committee' AS tie, r1.sources + r2.sources AS sources, null AS date, [] AS domains,
    CASE WHEN r1.first_seen > r2.first_seen THEN r1.first_seen ELSE r2.first_seen END AS learned
}
// Valid time only: a year-less date ("--12-09") is not compared with years, nor taken for first or last.
WITH p, tie, sources, domains, learned, CASE WHEN date STARTS WITH '--' THEN null ELSE date END AS date
WHERE (date IS NULL OR left(date, size($as_of)) <= $as_of) AND left(learned, size($known_as_of)) <= $known_as_of
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
