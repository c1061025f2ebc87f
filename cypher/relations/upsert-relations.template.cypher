// Rendered once per relationship type ({{type}} is a checked, backtick-quoted identifier).
// MERGE on the assertion node goes through the assertion_id constraint and locks the id, so
// two concurrent upserts of one id cannot both create the relationship.
UNWIND $rows AS row
MATCH (a:Entity {id: row.from})
MATCH (b:Entity {id: row.to})
MERGE (k:Assertion {id: row.id})
  ON CREATE SET k.type = row.type, k.from = row.from, k.to = row.to
MERGE (a)-[r:{{type}} {id: row.id}]->(b)
  ON CREATE SET r.createdAt = row.createdAt
WITH r, row, r.updatedAt IS NULL AS created
SET r += row.props, r.updatedAt = row.updatedAt, r.assertedBy = row.assertedBy
RETURN row.id AS id, created
