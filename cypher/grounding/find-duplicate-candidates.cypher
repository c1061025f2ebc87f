// Pairs of same-type entities whose vectors are at least $minCosine apart by cosine: each
// embedded entity asks the vector index for its $neighbours nearest, and a pair is kept once
// (a.id < b.id). The evidence (shared names, descriptions) is assembled by the service.
MATCH (a:Entity)
WHERE a.embeddingModel = $checksum
CALL db.index.vector.queryNodes('entity_embedding', toInteger($neighbours), a.embedding) YIELD node AS b, score
WITH a, b, 2 * score - 1 AS cosine
WHERE a.id < b.id AND b.embeddingModel = $checksum AND a.type = b.type AND cosine >= $minCosine
RETURN a {.id, .name, .type, .aliases, .description} AS a, b {.id, .name, .type, .aliases, .description} AS b, cosine
ORDER BY cosine DESC, a.id, b.id
LIMIT toInteger($limit)
