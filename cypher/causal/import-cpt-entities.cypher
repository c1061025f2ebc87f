// A BIF network's variables as entities with explicit CPTs. MERGE through entity_id.
UNWIND $rows AS row
MERGE (e:Entity {id: row.id})
  ON CREATE SET e.createdAt = datetime(), e.name = row.id, e.type = row.type, e.aliases = []
SET e.states = row.states, e.cpt = row.cpt, e.cptParents = row.parents,
    e.updatedAt = datetime(), e.assertedBy = $assertedBy
RETURN count(e) AS entities
