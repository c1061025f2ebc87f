// Rows the service found new or changed; `+=` with null values removes those properties.
// The MERGE goes through the entity_id uniqueness constraint.
UNWIND $rows AS row
MERGE (e:Entity {id: row.id})
  ON CREATE SET e.createdAt = row.createdAt
SET e += row.props, e.updatedAt = row.updatedAt, e.assertedBy = row.assertedBy
RETURN count(e) AS written
