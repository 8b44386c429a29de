// name: fact_evidence
// summary: The evidence for one fact: each source document with the sentence that states it and its offsets, the fact's verdict and the judgements on it (by whom, when, why).
// clock: both - published is valid time (the document's date); first_seen, last_seen and a judgement's at are learned time (when Foedus read the fact, when it was judged)
// param source: string - id of the fact's source entity
// param type: string - relation type (PARTNERS_WITH, HELD_IN...)
// param target: string - id of the fact's target entity
// columns: relation, source, target, document, title, published, evidence, span, first_seen, last_seen, verdict, judgements
// example: source=state:FR type=PARTNERS_WITH target=state:MA
MATCH (a:Entity {id: $source})-[r]-(b:Entity {id: $target})
WHERE type(r) = $type
UNWIND range(0, size(r.sources) - 1) AS i
MATCH (d:Document {id: r.sources[i]})
RETURN type(r) AS relation, startNode(r).id AS source, endNode(r).id AS target, d.id AS document, d.title AS title,
  d.published AS published, r.evidence[i] AS evidence, r.evidence_spans[i] AS span, r.first_seen AS first_seen,
  r.last_seen AS last_seen, r.verdict AS verdict,
  COLLECT { MATCH (j:Judgement) WHERE j.fact_type = type(r) AND j.fact_source = startNode(r).id
              AND j.fact_target = endNode(r).id
            RETURN j {.id, .kind, .author, .at, .reason, .fact_key, .fact_sources} ORDER BY j.at } AS judgements
ORDER BY published
