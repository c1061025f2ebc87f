// The fields an entity's embedding is computed from, and the updatedAt it was read at
// (write-entity-embeddings stores the vector only if the entity has not changed since).
UNWIND $ids AS id
MATCH (e:Entity {id: id})
RETURN e.id AS id, e.name AS name, coalesce(e.aliases, []) AS aliases, e.description AS description, e.updatedAt AS updatedAt
