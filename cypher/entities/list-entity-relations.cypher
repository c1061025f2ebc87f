// Every relation touching one entity, both directions (merge and delete need all of them).
MATCH (e:Entity {id: $id})-[r]-(o:Entity)
WHERE r.id IS NOT NULL
RETURN DISTINCT type(r) AS type, properties(r) AS props, startNode(r).id AS from, endNode(r).id AS to
