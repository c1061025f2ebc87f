// Cosine between $vector and each listed entity's current embedding (none for entities without one).
// vector.similarity.cosine reports (1 + cos) / 2; the cosine itself is returned.
UNWIND $ids AS id
MATCH (e:Entity {id: id})
WHERE e.embeddingModel = $checksum
RETURN e.id AS id, 2 * vector.similarity.cosine(e.embedding, $vector) - 1 AS cosine
