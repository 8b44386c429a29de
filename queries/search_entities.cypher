// name: search_entities
// summary: Multilingual entity search over names and aliases (Arabic, French, English; case, accents, diacritics and alef variants folded); a name only Arabic documents gave is also found by its romanisations.
// clock: none
// param q: search - words to look for, in any of the three languages
// param type: string = any - restrict to one class (State, Firm, Person...) or any
// param limit: int = 20 - most rows
// columns: id, type, name, name_latin, name_latin_kind, aliases, score, sources
// example: q=Morocco
CALL db.index.fulltext.queryNodes('entity_names', $q) YIELD node, score
WITH node, score, [l IN labels(node) WHERE l <> 'Entity'][0] AS type
WHERE $type = 'any' OR type = $type
// The page first: only its entities' documents are read.
WITH node, score, type ORDER BY score DESC, node.name LIMIT $limit
RETURN node.id AS id, type, node.name AS name, node.name_latin AS name_latin, node.name_latin_kind AS name_latin_kind,
  node.aliases AS aliases, score,
  COLLECT { MATCH (d:Document)-[:MENTIONS]->(node) WHERE d.id IS NOT NULL RETURN DISTINCT {id: d.id, title: d.title} }
    AS sources
ORDER BY score DESC, name
