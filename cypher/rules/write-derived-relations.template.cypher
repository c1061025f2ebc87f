// Binary derived facts between entities become {{type}} relationships (source 'inferred').
UNWIND $rows AS row
MATCH (a:Entity {id: row.from})
MATCH (b:Entity {id: row.to})
CREATE (a)-[r:{{type}}]->(b)
SET r = row.props
RETURN count(*) AS written
