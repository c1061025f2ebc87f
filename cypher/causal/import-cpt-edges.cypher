// The network's arcs as CAUSES edges without a noisy-OR strength: the CPT of
// the child is the mechanism. Stable ids make a re-import idempotent.
UNWIND $rows AS row
MATCH (a:Entity {id: row.from}), (b:Entity {id: row.to})
MERGE (a)-[r:CAUSES {id: row.id}]->(b)
  ON CREATE SET r.createdAt = datetime(), r.evidenceCount = 0
SET r.source = 'asserted', r.updatedAt = datetime(), r.assertedBy = $assertedBy, r.mechanism = 'cpt'
RETURN count(r) AS edges
