// The entity upsert in one round trip: MERGE through the entity_id uniqueness constraint,
// compare each given property with the stored one here (no read before the write), write only
// rows that differ, and advance the graph version in the same statement when any row did.
// row.props holds only the fields the caller gave (null removes a property: `SET e += props`),
// so omitted fields keep their stored values. `created` is decided here, so a concurrent
// upsert of the same id reports it once.
UNWIND $rows AS row
MERGE (e:Entity {id: row.id})
  ON CREATE SET e.createdAt = row.createdAt, e.aliases = []
WITH e, row, e.updatedAt IS NULL AS created
WITH e, row, created,
     created OR any(key IN keys(row.props) WHERE NOT (
       (e[key] IS NULL AND row.props[key] IS NULL) OR coalesce(e[key] = row.props[key], false)
     )) AS changed
FOREACH (_ IN CASE WHEN changed THEN [1] ELSE [] END |
  SET e += row.props, e.updatedAt = row.updatedAt, e.assertedBy = row.assertedBy)
WITH collect({id: row.id, created: created, changed: changed}) AS results
FOREACH (_ IN CASE WHEN any(r IN results WHERE r.changed) THEN [1] ELSE [] END |
  MERGE (v:GraphVersion {id: 'graph'})
    ON CREATE SET v.version = 0
  SET v.version = v.version + 1)
WITH results
OPTIONAL MATCH (v:GraphVersion {id: 'graph'})
UNWIND results AS result
RETURN result.id AS id, result.created AS created, result.changed AS changed, coalesce(v.version, 0) AS graphVersion
