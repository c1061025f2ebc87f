// Name and alias matches from the fulltext index entity_names (migrations/V002), each with
// its cosine to $vector when it has an embedding from the current model (vector.similarity.cosine
// reports (1 + cos) / 2, like the index).
CALL db.index.fulltext.queryNodes('entity_names', $query, {limit: toInteger($limit)}) YIELD node, score
WHERE $type IS NULL OR node.type = $type
RETURN node {.id, .name, .type, .aliases, .description} AS entity, score AS lucene,
       CASE WHEN node.embeddingModel = $checksum THEN 2 * vector.similarity.cosine(node.embedding, $vector) - 1 ELSE null END AS cosine
