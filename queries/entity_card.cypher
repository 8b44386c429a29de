// name: entity_card
// summary: One entity: its properties, its neighbours with the facts that join them (and their verdict), the newest documents that mention it, and what analysts judged of it.
// clock: both - start and end are valid time; first_seen, last_seen, a document's loaded_at and a judgement's at are learned time (when Foedus read or was told it)
// param id: string - the entity's id (state:MA, firm:knds, ...)
// param limit: int = 200 - most neighbours
// param documents: int = 20 - most documents listed (all are counted)
// columns: entity, type, neighbours, documents, document_count, judgements
// example: id=state:MA
MATCH (n:Entity {id: $id})
CALL (n) {
  // Documents are not entities: skip the MENTIONS relationships, the bulk of a hub's degree.
  OPTIONAL MATCH (n)-[r:!MENTIONS]-(m:Entity)
  WITH r, m ORDER BY type(r), m.name LIMIT $limit
  RETURN collect(CASE WHEN r IS NULL THEN NULL ELSE {relation: type(r),
    direction: CASE WHEN startNode(r) = n THEN 'out' ELSE 'in' END, id: m.id,
    type: [l IN labels(m) WHERE l <> 'Entity'][0], name: m.name, sources: r.sources, start: r.start, end: r.end, verdict: r.verdict} END)
    AS neighbours
}
CALL (n) {
  // Only the newest few are kept (a top-k sort); the count comes from the degree (only documents mention).
  OPTIONAL MATCH (d:Document)-[:MENTIONS]->(n)
  WITH d ORDER BY d.published DESC, d.loaded_at DESC LIMIT $documents
  RETURN [doc IN collect({id: d.id, title: d.title, published: d.published, source: d.source})
          WHERE doc.id IS NOT NULL] AS documents
}
// What analysts judged of the entity and of its facts: which kind, by whom, when and why.
RETURN n {.*, search_names: null, name_key: null} AS entity, [l IN labels(n) WHERE l <> 'Entity'][0] AS type,
  neighbours, documents, COUNT { (n)<-[:MENTIONS]-() } AS document_count,
  COLLECT { MATCH (j:Judgement) WHERE $id IN [j.entity, j.other, j.fact_source, j.fact_target]
            RETURN j {.id, .kind, .author, .at, .reason, .entity, .other, .merge, .fact_type, .fact_source,
                      .fact_target, .fact_key, .property_name, .property_value} ORDER BY j.at } AS judgements
