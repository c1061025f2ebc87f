// Rendered per relationship type ({{type}} checked and backtick-quoted).
UNWIND $rows AS row
MATCH (a:Entity {id: row.from})
MATCH (b:Entity {id: row.to})
MERGE (k:Assertion {id: row.id})
SET k.type = row.type, k.from = row.from, k.to = row.to
CREATE (a)-[r:{{type}}]->(b)
SET r = row.props, r.strength = toFloat(row.props.strength), r.confidence = toFloat(row.props.confidence),
    r.evidenceCount = toInteger(row.props.evidenceCount)
RETURN count(r) AS written
