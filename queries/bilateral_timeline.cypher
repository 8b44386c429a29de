// name: bilateral_timeline
// summary: The meetings, visits, exercises and agreements that two states took part in together, newest first, a page at a time.
// param a: string - ISO code of the first state
// param b: string - ISO code of the second state
// clock: both - date, end, as_of and before are valid time (from the texts); known_as_of is learned time (what Foedus had read by then)
// param as_of: date = 9999 - only events that started by this date; an undated or year-less one ("--12-09") is kept, never compared
// param known_as_of: date = 9999 - the graph as Foedus knew it on this date: only ties read by then
// param limit: int = 50 - most rows in a page
// param before: cursor = 9999 - only events after this one in the order: the previous page's last `cursor` ("date|id"), or a date for the events strictly before it; 9999 for the first page
// columns: date, end, type, id, name, place, domains, sources, cursor
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
// The order, newest first: the dated by date (as a string: "2025-12-09" before "2025-12" before "2025"), then the
// year-less, then the undated, ties by id. A cursor is a place in that order, so a year-less one is never compared
// with a year either: the rank (0 dated, 1 year-less, 2 undated) tells them apart first.
WITH e, sources, e.start AS date, CASE WHEN e.start IS NULL THEN 2 WHEN e.start STARTS WITH '--' THEN 1 ELSE 0 END AS rank,
  split($before, '|')[0] AS after_date
WITH e, sources, date, rank, after_date,
  CASE WHEN after_date = '' THEN 2 WHEN after_date STARTS WITH '--' THEN 1 ELSE 0 END AS after_rank,
  CASE WHEN size($before) > size(after_date) THEN substring($before, size(after_date) + 1) END AS after_id
WHERE rank > after_rank OR (rank = after_rank AND (coalesce(date, '') < after_date
  OR (coalesce(date, '') = after_date AND after_id IS NOT NULL AND e.id < after_id)))
ORDER BY rank, date DESC, e.id DESC
LIMIT $limit
// Places and domains for the page's rows only.
RETURN date, e.end AS end, [l IN labels(e) WHERE l <> 'Entity'][0] AS type, e.id AS id, e.name AS name,
  COLLECT { MATCH (e)-[:HELD_IN]->(pl:Place) RETURN DISTINCT pl.name }[0] AS place,
  COLLECT { MATCH (e)-[:COVERS]->(d:Domain) RETURN DISTINCT d.name } AS domains, sources,
  coalesce(date, '') + '|' + e.id AS cursor
ORDER BY rank, date DESC, id DESC
