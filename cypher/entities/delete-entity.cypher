// Removes the entity, its relations (and their assertion nodes) and the mentions referring to it.
MATCH (e:Entity {id: $id})
OPTIONAL MATCH (e)-[r]-(:Entity)
WITH e, collect(DISTINCT r.id) AS relationIds
OPTIONAL MATCH (m:Mention)-[:REFERS_TO]->(e)
WITH e, relationIds, collect(m) AS mentions
CALL {
  WITH relationIds
  UNWIND relationIds AS relationId
  MATCH (k:Assertion {id: relationId})
  DETACH DELETE k
}
FOREACH (m IN mentions | DETACH DELETE m)
DETACH DELETE e
RETURN relationIds, size(mentions) AS mentionsDeleted
