// name: judgements
// summary: What analysts decided, newest first: each judgement's kind, author, time and reason, and the entities or fact it concerns.
// clock: learned - at is when the judgement was made
// param kind: string = any - one kind (merge, not_same, split, unsure, reject_fact, confirm_fact, set_property), or any
// param limit: int = 200 - most judgements
// columns: judgement, kind, author, at, reason, entity, other, fact, property, value
MATCH (j:Judgement)
WHERE $kind = 'any' OR j.kind = $kind
RETURN j.id AS judgement, j.kind AS kind, j.author AS author, j.at AS at, j.reason AS reason, j.entity AS entity,
  j.other AS other,
  CASE WHEN j.fact_type IS NULL THEN NULL ELSE {source: j.fact_source, type: j.fact_type, target: j.fact_target,
    key: j.fact_key} END AS fact,
  j.property_name AS property, j.property_value AS value
ORDER BY at DESC, judgement
LIMIT $limit
