// Rendered once per relationship type ({{type}} is a checked, backtick-quoted identifier);
// the service sends only rows that change something, with the supports they add.
// MERGE on the assertion node goes through the assertion_id constraint, and MERGE of the
// relationship locks both endpoints and re-checks before creating, so two concurrent
// upserts of one id cannot both create it; `conflict` reports an assertion node stored
// with another type or endpoints (a concurrent writer), which the service refuses.
// The statement whose rows carry bumpVersion (the batch's last) advances the graph version.
UNWIND $rows AS row
MATCH (a:Entity {id: row.from})
MATCH (b:Entity {id: row.to})
MERGE (k:Assertion {id: row.id})
  ON CREATE SET k.type = row.type, k.from = row.from, k.to = row.to
MERGE (a)-[r:{{type}} {id: row.id}]->(b)
  ON CREATE SET r.createdAt = row.createdAt
WITH k, r, row, r.updatedAt IS NULL AS created, [k.type, k.from, k.to] <> [row.type, row.from, row.to] AS conflict
SET r += row.props, r.updatedAt = row.updatedAt, r.assertedBy = row.assertedBy
WITH k, row, created, conflict
CALL (k, row) {
  UNWIND row.supports AS support
  MATCH (s:Sentence {id: support.sentenceId})
  MERGE (s)-[sup:SUPPORTS]->(k)
  SET sup.confidence = support.confidence
  RETURN count(sup) AS linked
}
WITH collect({id: row.id, created: created, conflict: conflict, linked: linked, supports: size(row.supports)}) AS results
FOREACH (_ IN CASE WHEN any(row IN $rows WHERE row.bumpVersion) THEN [1] ELSE [] END |
  MERGE (v:GraphVersion {id: 'graph'})
    ON CREATE SET v.version = 0
  SET v.version = v.version + 1)
WITH results
OPTIONAL MATCH (v:GraphVersion {id: 'graph'})
UNWIND results AS result
RETURN result.id AS id, result.created AS created, result.conflict AS conflict,
       result.linked = result.supports AS linked, coalesce(v.version, 0) AS graphVersion
