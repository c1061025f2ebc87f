// mergeEntities and import: (re)create relations with all their stored properties.
UNWIND $rows AS row
MATCH (a:Entity {id: row.from})
MATCH (b:Entity {id: row.to})
MERGE (k:Assertion {id: row.id})
SET k.type = row.type, k.from = row.from, k.to = row.to
CREATE (a)-[r:{{type}}]->(b)
SET r = row.props
RETURN count(r) AS written
