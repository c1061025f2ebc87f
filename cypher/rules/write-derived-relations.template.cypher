// Binary derived facts between entities become {{type}} relationships (source 'inferred').
// Both endpoints are seeks on the Entity id uniqueness constraint; the ids are new (digests
// of facts not stored), so CREATE, not MERGE. $common: the properties every row shares.
UNWIND $rows AS row
MATCH (a:Entity {id: row.from})
MATCH (b:Entity {id: row.to})
CREATE (a)-[r:{{type}}]->(b)
SET r = row.props, r += $common
RETURN count(*) AS written
