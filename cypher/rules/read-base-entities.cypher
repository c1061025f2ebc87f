// Base facts entity/1, entity_type/2 and TYPE/1 (src/services/rules/readBaseFacts.ts).
MATCH (e:Entity)
RETURN e.id AS id, e.type AS type
