// name: bilateral_timeline
// summary: Every meeting, visit, exercise and agreement that two states took part in together, dated, in order.
// param a: string - ISO code of the first state
// param b: string - ISO code of the second state
// clock: both - date, end and as_of are valid time (from the texts); known_as_of is learned time (what Foedus had read by then)
// param as_of: date = 9999 - only events that started by this date; an undated or year-less one ("--12-09") is kept, never compared
// param known_as_of: date = 9999 - the graph as Foedus knew it on this date: only ties read by then
// columns: date, end, type, id, name, place, domains, sources
// example: a=MA b=FR
MATCH (sa:State {iso2: $a}), (sb:State {iso2: $b})
CALL (sa, sb) {
  MATCH (sa)-[r1:PARTICIPATED_IN]->(e)<-[r2:PARTICIPATED_IN]-(sb)
  RETURN e, r1.sources + r2.sources AS sources,
    CASE WHEN r1.first_seen > r2.first_seen THEN r1.first_seen ELSE r2.first_seen END AS learned
  UNION ALL
  MATCH (sa)-[r1:PARTY_TO]->(e:Agreement)<-[r2:PARTY_TO]-(sb)
  RETURN e, r1.sources + r2.sources AS sources,
    CASE WHEN r1.first_seen > r2.first_seen THEN r1.first_seen ELSE r2.first_seen END AS learned
  UNION ALL
  MATCH (sa)-[:MEMBER_OF]->(o:Organization)<-[:MEMBER_OF]-(sb)
  MATCH (e)-[r:ORGANIZED_BY]->(o)
  RETURN e, r.sources AS sources, r.first_seen AS learned
}
// Valid time: a year-less start is never compared with a year (it is kept, and listed after the dated).
WITH e, sources, learned WHERE (e.start IS NULL OR e.start STARTS WITH '--' OR left(e.start, size($as_of)) <= $as_of)
  AND left(learned, size($known_as_of)) <= $known_as_of
// One row per event, then its lists: unwinding sources across places and domains multiplied the rows.
WITH e, collect(sources) AS source_lists
WITH e, COLLECT { UNWIND source_lists AS l UNWIND l AS x WITH DISTINCT x WHERE x IS NOT NULL RETURN x } AS sources
WHERE size(sources) > 0
RETURN e.start AS date, e.end AS end, [l IN labels(e) WHERE l <> 'Entity'][0] AS type, e.id AS id, e.name AS name,
  COLLECT { MATCH (e)-[:HELD_IN]->(pl:Place) RETURN DISTINCT pl.name }[0] AS place,
  COLLECT { MATCH (e)-[:COVERS]->(d:Domain) RETURN DISTINCT d.name } AS domains, sources
ORDER BY CASE WHEN date IS NULL OR date STARTS WITH '--' THEN 1 ELSE 0 END, date, name
