// name: fact_evidence
// summary: The evidence for one fact: each source document with the sentence that states it and its offsets.
// clock: both - published is valid time (the document's date); first_seen and last_seen are learned time (when Foedus read the fact)
// param source: string - id of the fact's source entity
// param type: string - relation type (PARTNERS_WITH, HELD_IN...)
// param target: string - id of the fact's target entity
// columns: relation, source, target, document, title, published, evidence, span, first_seen, last_seen
// example: source=state:FR type=PARTNERS_WITH target=state:MA
MATCH (a:Entity {id: $source})-[r]-(b:Entity {id: $target})
WHERE type(r) = $type
UNWIND range(0, size(r.sources) - 1) AS i
MATCH (d:Document {id: r.sources[i]})
RETURN type(r) AS relation, startNode(r).id AS source, endNode(r).id AS target, d.id AS document, d.title AS title,
  d.published AS published, r.evidence[i] AS evidence, r.evidence_spans[i] AS span, r.first_seen AS first_seen,
  r.last_seen AS last_seen
ORDER BY published
