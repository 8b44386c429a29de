// name: agreement_history
// summary: Each agreement's life across documents: every step told (announced, negotiated, signed, ratified, in force, delivered, ended) with its date and source, and the current status.
// clock: both - start, status_date and each step's date are valid time (from the texts); a step's loaded_at is learned time
// param id: string = any - one agreement's id, or any
// param party: string = any - ISO 3166 code of a party state, or any
// param limit: int = 100 - most agreements
// columns: id, name, kind, status, status_date, start, parties, steps, value_conflicts
// example: party=MA
MATCH (a:Agreement)
WHERE ($id = 'any' OR a.id = $id)
  AND ($party = 'any' OR EXISTS { (a)<-[:PARTY_TO]-(:State {iso2: toUpper($party)}) })
WITH a ORDER BY coalesce(a.status_date, a.start, '0000') DESC, a.name LIMIT $limit
RETURN a.id AS id, a.name AS name, a.kind AS kind, a.status AS status, a.status_date AS status_date, a.start AS start,
  COLLECT { MATCH (a)<-[:PARTY_TO]-(s:State) RETURN s.iso2 ORDER BY s.iso2 } AS parties,
  // "status|date|document", in the order Foedus read them
  [step IN coalesce(a.status_history, []) | {status: split(step, '|')[0],
    date: CASE WHEN split(step, '|')[1] = '' THEN null ELSE split(step, '|')[1] END,
    document: split(step, '|')[2],
    published: COLLECT { MATCH (d:Document {id: split(step, '|')[2]}) RETURN d.published }[0],
    loaded_at: COLLECT { MATCH (d:Document {id: split(step, '|')[2]}) RETURN d.loaded_at }[0]}] AS steps,
  coalesce(a.value_conflicts, []) AS value_conflicts
