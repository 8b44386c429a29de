// name: committee_sessions
// summary: The sessions of a joint committee in order (a recurring series): number, dates, place, co-chairs, what was agreed.
// clock: valid - start and end are the session's dates, from the texts
// param committee: string - id of the committee (an Organization), e.g. from search_entities
// columns: ordinal, id, name, start, end, place, chairs, participants, agreed, sources
// example: committee=org:jmc-fr-ma
// One subquery per list, so a session's places, chairs, states, agreements and documents are not cross-multiplied.
MATCH (c:Organization {id: $committee})<-[:ORGANIZED_BY]-(m:Meeting)
RETURN m.ordinal AS ordinal, m.id AS id, m.name AS name, m.start AS start, m.end AS end,
  COLLECT { MATCH (m)-[:HELD_IN]->(pl:Place) WITH DISTINCT pl.name AS x WHERE x IS NOT NULL RETURN x }[0] AS place,
  COLLECT { MATCH (chair:Person)-[:LED]->(m) WITH DISTINCT chair.name AS x WHERE x IS NOT NULL RETURN x } AS chairs,
  COLLECT { MATCH (st:State)-[:PARTICIPATED_IN]->(m) WITH DISTINCT st.iso2 AS x WHERE x IS NOT NULL RETURN x }
    AS participants,
  COLLECT { MATCH (a:Agreement)-[:AGREED_AT]->(m) WITH DISTINCT a.name AS x WHERE x IS NOT NULL RETURN x } AS agreed,
  COLLECT { MATCH (doc:Document)-[:MENTIONS]->(m) WITH DISTINCT doc.id AS x WHERE x IS NOT NULL RETURN x } AS sources
ORDER BY coalesce(ordinal, 0), coalesce(start, '')
