MATCH (a:Entity)-[r:CAUSES|PREVENTS]->(b:Entity)
RETURN a.id AS from, b.id AS to, type(r) AS kind, r.strength AS strength, r.id AS id, coalesce(r.source, 'asserted') AS source
