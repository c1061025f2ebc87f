// A job defined through GraphQL (admin); the definition is stored as validated JSON.
MERGE (j:IngestJob {name: $name})
  ON CREATE SET j.createdAt = $now
SET j.definition = $definition, j.updatedAt = $now, j.definedBy = $definedBy
RETURN j.name AS name
