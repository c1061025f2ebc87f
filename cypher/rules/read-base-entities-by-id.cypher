// Base facts entity/1, entity_type/2 and TYPE/1 of the entities a change names (readBaseFacts.ts).
// An id not found is an entity deleted since.
MATCH (e:Entity)
WHERE e.id IN $ids
RETURN e.id AS id, e.type AS type
