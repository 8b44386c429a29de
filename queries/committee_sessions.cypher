// name: committee_sessions
// summary: The sessions of a joint committee in order (a recurring series): number, dates, place, co-chairs, what was agreed.
// param committee: string - id of the committee (an Organization), e.g. from search_entities
// columns: ordinal, id, name, start, end, place, chairs, participants, agreed, sources
// example: committee=org:jmc-fr-ma
MATCH (c:Organization {id: $committee})<-[:ORGANIZED_BY]-(m:Meeting)
OPTIONAL MATCH (m)-[:HELD_IN]->(pl:Place)
OPTIONAL MATCH (chair:Person)-[:LED]->(m)
OPTIONAL MATCH (st:State)-[:PARTICIPATED_IN]->(m)
OPTIONAL MATCH (a:Agreement)-[:AGREED_AT]->(m)
OPTIONAL MATCH (doc:Document)-[:MENTIONS]->(m)
RETURN m.ordinal AS ordinal, m.id AS id, m.name AS name, m.start AS start, m.end AS end,
  collect(DISTINCT pl.name)[0] AS place, collect(DISTINCT chair.name) AS chairs,
  collect(DISTINCT st.iso2) AS participants, collect(DISTINCT a.name) AS agreed, collect(DISTINCT doc.id) AS sources
ORDER BY coalesce(ordinal, 0), coalesce(start, '')
