// Rows the service found new or changed; `+=` with null values removes those properties.
// The MERGE goes through the entity_id uniqueness constraint. `created` is decided here, not
// by the service's earlier read, so a concurrent upsert of the same id reports it once.
UNWIND $rows AS row
MERGE (e:Entity {id: row.id})
  ON CREATE SET e.createdAt = row.createdAt
WITH e, row, e.updatedAt IS NULL AS created
SET e += row.props, e.updatedAt = row.updatedAt, e.assertedBy = row.assertedBy
RETURN row.id AS id, created
