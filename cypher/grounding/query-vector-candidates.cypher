// Nearest entities to $vector in the vector index entity_embedding (migrations/V002).
// Neo4j reports cosine indexes as (1 + cos) / 2; the cosine itself is returned.
// The pool is larger than k because the type and model filters apply after the index.
CALL db.index.vector.queryNodes('entity_embedding', toInteger($pool), $vector) YIELD node, score
WHERE node.embeddingModel = $checksum AND ($type IS NULL OR node.type = $type)
RETURN node {.id, .name, .type, .aliases, .description} AS entity, 2 * score - 1 AS cosine
ORDER BY cosine DESC
