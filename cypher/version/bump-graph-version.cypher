// Runs in the same transaction as the write that changed something; the node's
// write lock orders concurrent writers, so versions are a total order of commits.
// The version's change-log slot names the entities the write touched ($touched, at most
// $logCap of them), or none (the property removed: "unknown, read everything").
MERGE (v:GraphVersion {id: 'graph'})
  ON CREATE SET v.version = 0
SET v.version = v.version + 1
MERGE (c:GraphChange {slot: v.version % $logSlots})
SET c.version = v.version,
    c.entities = CASE WHEN size($touched) <= $logCap THEN $touched END
RETURN v.version AS graphVersion
