// name: entity_card
// summary: One entity: its properties, its neighbours with the facts that join them, and the newest documents that mention it.
// clock: both - start and end are valid time; first_seen, last_seen and a document's loaded_at are learned time (when Foedus read it)
// param id: string - the entity's id (state:MA, firm:knds, ...)
// param limit: int = 200 - most neighbours
// param documents: int = 20 - most documents listed (all are counted)
// columns: entity, type, neighbours, documents, document_count
// example: id=state:MA
MATCH (n:Entity {id: $id})
CALL (n) {
  // Documents are not entities: skip the MENTIONS relationships, the bulk of a hub's degree.
  OPTIONAL MATCH (n)-[r:!MENTIONS]-(m:Entity)
  WITH r, m ORDER BY type(r), m.name LIMIT $limit
  RETURN collect(CASE WHEN r IS NULL THEN NULL ELSE {relation: type(r),
    direction: CASE WHEN startNode(r) = n THEN 'out' ELSE 'in' END, id: m.id,
    type: [l IN labels(m) WHERE l <> 'Entity'][0], name: m.name, sources: r.sources, start: r.start, end: r.end} END)
    AS neighbours
}
CALL (n) {
  // Only the newest few are kept (a top-k sort); the count comes from the degree (only documents mention).
  OPTIONAL MATCH (d:Document)-[:MENTIONS]->(n)
  WITH d ORDER BY d.published DESC, d.loaded_at DESC LIMIT $documents
  RETURN [doc IN collect({id: d.id, title: d.title, published: d.published, source: d.source})
          WHERE doc.id IS NOT NULL] AS documents
}
RETURN n {.*, search_names: null, name_key: null} AS entity, [l IN labels(n) WHERE l <> 'Entity'][0] AS type,
  neighbours, documents, COUNT { (n)<-[:MENTIONS]-() } AS document_count
