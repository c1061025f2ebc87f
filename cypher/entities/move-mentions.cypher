// mergeEntities: mentions of `drop` now refer to `keep`.
MATCH (k:Entity {id: $keep})
MATCH (m:Mention)-[old:REFERS_TO]->(:Entity {id: $drop})
MERGE (m)-[:REFERS_TO]->(k)
DELETE old
RETURN count(m) AS moved
