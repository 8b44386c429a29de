// name: entity_card
// summary: One entity: its properties, its neighbours with the facts that join them, and the documents that mention it.
// param id: string - the entity's id (state:MA, firm:knds, ...)
// param limit: int = 200 - most neighbours
// columns: entity, type, neighbours, documents
// example: id=state:MA
MATCH (n:Entity {id: $id})
OPTIONAL MATCH (n)-[r]-(m:Entity)
WITH n, r, m ORDER BY type(r), m.name LIMIT $limit
WITH n, collect(CASE WHEN r IS NULL THEN NULL ELSE {relation: type(r), direction: CASE WHEN startNode(r) = n THEN 'out' ELSE 'in' END,
  id: m.id, type: [l IN labels(m) WHERE l <> 'Entity'][0], name: m.name, sources: r.sources, start: r.start, end: r.end} END) AS neighbours
OPTIONAL MATCH (d:Document)-[:MENTIONS]->(n)
WITH n, neighbours, collect(DISTINCT {id: d.id, title: d.title, published: d.published, source: d.source}) AS documents
RETURN n {.*, search_names: null} AS entity, [l IN labels(n) WHERE l <> 'Entity'][0] AS type, neighbours,
  [doc IN documents WHERE doc.id IS NOT NULL] AS documents
