// After supports changed (retractDocument): the recomputed strength and evidence count.
UNWIND $rows AS row
MATCH (k:Assertion {id: row.id})
MATCH (:Entity {id: k.from})-[r]->(:Entity {id: k.to})
WHERE r.id = row.id
SET r += row.props, r.updatedAt = row.updatedAt
RETURN count(r) AS updated
