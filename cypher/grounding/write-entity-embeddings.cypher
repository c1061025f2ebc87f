// Compare-and-set on updatedAt: a vector computed from text an upsert has since replaced is
// dropped (the queue gets that upsert's ids and embeds the new text). Not a graph-version
// change: embeddings are derived data, not facts.
UNWIND $rows AS row
MATCH (e:Entity {id: row.id})
WHERE e.updatedAt = row.updatedAt
SET e.embedding = row.embedding, e.embeddingModel = $checksum, e.embeddedFrom = row.updatedAt
RETURN e.id AS id
