// The entity upsert in one round trip: MERGE through the entity_id uniqueness constraint,
// compare each given property with the stored one here (no read before the write), write only
// rows that differ, and advance the graph version in the same statement when any row did,
// its change-log slot (graphVersion.ts) naming the entities written.
// row.props holds only the fields the caller gave (null removes a property: `SET e += props`),
// so omitted fields keep their stored values. `created` is decided here, so a concurrent
// upsert of the same id reports it once. $now and $assertedBy are the same for every row;
// the answer is one row of id lists (cheap to send and to read back for a large batch).
UNWIND $rows AS row
MERGE (e:Entity {id: row.id})
  ON CREATE SET e.createdAt = $now, e.aliases = []
WITH e, row, e.updatedAt IS NULL AS created
WITH e, row, created,
     created OR any(key IN keys(row.props) WHERE NOT (
       (e[key] IS NULL AND row.props[key] IS NULL) OR coalesce(e[key] = row.props[key], false)
     )) AS changed
FOREACH (_ IN CASE WHEN changed THEN [1] ELSE [] END |
  SET e += row.props, e.updatedAt = $now, e.assertedBy = $assertedBy)
WITH collect({id: row.id, created: created, changed: changed}) AS results
WITH results, [r IN results WHERE r.changed | r.id] AS touched
FOREACH (_ IN CASE WHEN size(touched) > 0 THEN [1] ELSE [] END |
  MERGE (v:GraphVersion {id: 'graph'})
    ON CREATE SET v.version = 0
  SET v.version = v.version + 1
  MERGE (c:GraphChange {slot: v.version % $logSlots})
  SET c.version = v.version, c.entities = CASE WHEN size(touched) <= $logCap THEN touched END)
WITH results
OPTIONAL MATCH (v:GraphVersion {id: 'graph'})
RETURN [r IN results WHERE r.created | r.id] AS created,
       [r IN results WHERE r.changed AND NOT r.created | r.id] AS updated,
       coalesce(v.version, 0) AS graphVersion
