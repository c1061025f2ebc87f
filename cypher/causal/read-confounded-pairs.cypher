// A bidirected edge is stored once with an arbitrary direction; report each pair once.
MATCH (a:Entity)-[:CONFOUNDED]-(b:Entity)
WHERE a.id < b.id
RETURN DISTINCT a.id AS a, b.id AS b
