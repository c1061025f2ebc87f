UNWIND $ids AS id
MATCH (k:Assertion {id: id})
OPTIONAL MATCH (:Entity {id: k.from})-[r]->(:Entity {id: k.to})
WHERE r.id = id
DELETE r
DETACH DELETE k
RETURN id
