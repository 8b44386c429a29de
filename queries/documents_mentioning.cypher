// name: documents_mentioning
// summary: The documents that mention an entity, newest first.
// clock: valid - published is the document's publication date (its metadata, dateline or the loader's --published)
// param id: string - id of the entity
// param limit: int = 100 - most documents
// columns: id, title, published, language, source
// example: id=state:MA
MATCH (d:Document)-[:MENTIONS]->(:Entity {id: $id})
RETURN d.id AS id, d.title AS title, d.published AS published, d.language AS language, d.source AS source
ORDER BY coalesce(published, '') DESC, title
LIMIT $limit
