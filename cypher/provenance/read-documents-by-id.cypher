UNWIND $ids AS id
MATCH (d:Document {id: id})
RETURN id, d {.id, .uri, .sha256, .title, .contentHash, .createdAt, .assertedBy} AS document
