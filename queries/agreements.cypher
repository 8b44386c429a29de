// name: agreements
// summary: Agreements (treaties, MoUs, contracts, programmes, roadmaps) filtered by party, kind, domain and year.
// param party: string = any - id of a party (state:MA, firm:knds...) or any
// param kind: string = any - treaty, mou, contract, programme, roadmap, minutes, agreement or any
// param domain: string = any - id of a domain (domain:ai...) or any
// param year: string = any - year the agreement started (2025) or any
// param limit: int = 100 - most rows
// columns: id, name, kind, status, start, value, parties, domains, systems, agreed_at, sources
// example: party=state:MA
CALL () {
  // With a party: start from it, so only its agreements are read.
  MATCH (:Entity {id: $party})-[:PARTY_TO]->(a:Agreement) RETURN a
  UNION
  MATCH (a:Agreement) WHERE $party = 'any' RETURN a
}
WITH a WHERE ($kind = 'any' OR a.kind = $kind) AND ($year = 'any' OR left(a.start, 4) = $year)
  AND ($domain = 'any' OR EXISTS { (a)-[:COVERS]->(:Domain {id: $domain}) })
OPTIONAL MATCH (p)-[r:PARTY_TO]->(a)
WITH a, collect(DISTINCT {id: p.id, name: p.name}) AS parties, collect(r.sources) AS srcs
OPTIONAL MATCH (a)-[:COVERS]->(d:Domain)
OPTIONAL MATCH (a)-[:CONCERNS]->(s:System)
OPTIONAL MATCH (a)-[:AGREED_AT]->(m)
OPTIONAL MATCH (doc:Document)-[:MENTIONS]->(a)
RETURN a.id AS id, a.name AS name, a.kind AS kind, a.status AS status, a.start AS start, a.value AS value,
  [x IN parties WHERE x.id IS NOT NULL] AS parties, collect(DISTINCT d.name) AS domains,
  collect(DISTINCT s.name) AS systems, collect(DISTINCT m.name) AS agreed_at, collect(DISTINCT doc.id) AS sources
ORDER BY coalesce(start, '0000') DESC, name
LIMIT $limit
