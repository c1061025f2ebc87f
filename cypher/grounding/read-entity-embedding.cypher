// One entity's stored vector and the model that made it.
MATCH (e:Entity {id: $id})
RETURN e {.id, .name, .type, .aliases, .description} AS entity, e.embedding AS embedding, e.embeddingModel AS embeddingModel
