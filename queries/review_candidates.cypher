// name: review_candidates
// summary: The review queue as resolution stored it: pairs of persons kept apart because their names are close but not surely one, with both names, their romanisation and the score, not yet judged (`foedus review` and GET /review add surname-only pairs, meetings and low-confidence merges).
// clock: learned - at is when Foedus proposed the pair
// param limit: int = 100 - most pairs
// columns: candidate, a, name_a, latin_a, b, name_b, latin_b, score, reason, document, at
MATCH (c:MatchCandidate {status: 'open'})
WHERE NOT EXISTS { MATCH (j:Judgement) WHERE j.kind IN ['merge', 'not_same', 'split', 'unsure']
                   AND ((j.entity = c.a AND j.other = c.b) OR (j.entity = c.b AND j.other = c.a)) }
RETURN c.id AS candidate, c.a AS a, c.name_a AS name_a, c.latin_a AS latin_a, c.b AS b, c.name_b AS name_b,
  c.latin_b AS latin_b, c.score AS score, c.reason AS reason, c.document AS document, c.at AS at
ORDER BY score DESC, candidate
LIMIT $limit
