// name: agreements
// summary: Agreements (treaties, MoUs, contracts, programmes, roadmaps) filtered by party, kind, domain and year.
// clock: valid - start and year are when the agreement was signed or began, from the texts
// param party: string = any - id of a party (state:MA, firm:knds...) or any
// param kind: string = any - treaty, mou, contract, programme, roadmap, minutes, agreement or any
// param domain: string = any - id of a domain (domain:ai...) or any
// param year: string = any - year the agreement started (2025) or any
// param limit: int = 100 - most rows
// columns: id, name, kind, status, start, value, parties, domains, systems, agreed_at, sources
// example: party=state:MA
CALL () {
  // With a party: start from it, so only its agreements are read.
  MATCH (:Entity {id: $party})-[:PARTY_TO]->(a:Agreement) RETURN DISTINCT a
  UNION
  // Without: the guard comes first, so this branch reads nothing when a party is given.
  WITH 1 AS guard WHERE $party = 'any'
  MATCH (a:Agreement) RETURN a
}
WITH a WHERE ($kind = 'any' OR a.kind = $kind) AND ($year = 'any' OR left(a.start, 4) = $year)
  AND ($domain = 'any' OR EXISTS { (a)-[:COVERS]->(:Domain {id: $domain}) })
// The page first, then each agreement's lists: one subquery each, no cross product of its matches.
WITH a ORDER BY coalesce(a.start, '0000') DESC, a.name LIMIT $limit
RETURN a.id AS id, a.name AS name, a.kind AS kind, a.status AS status, a.start AS start, a.value AS value,
  COLLECT { MATCH (p)-[:PARTY_TO]->(a) WHERE p.id IS NOT NULL RETURN DISTINCT {id: p.id, name: p.name} } AS parties,
  COLLECT { MATCH (a)-[:COVERS]->(d:Domain) WITH DISTINCT d.name AS x WHERE x IS NOT NULL RETURN x } AS domains,
  COLLECT { MATCH (a)-[:CONCERNS]->(s:System) WITH DISTINCT s.name AS x WHERE x IS NOT NULL RETURN x } AS systems,
  COLLECT { MATCH (a)-[:AGREED_AT]->(m) WITH DISTINCT m.name AS x WHERE x IS NOT NULL RETURN x } AS agreed_at,
  COLLECT { MATCH (doc:Document)-[:MENTIONS]->(a) WITH DISTINCT doc.id AS x WHERE x IS NOT NULL RETURN x } AS sources
ORDER BY coalesce(start, '0000') DESC, name
