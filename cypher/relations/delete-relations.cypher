// Deletes relations by id (their assertion node pins type and endpoints); returns each with
// its endpoints (the change log names them).
UNWIND $ids AS id
MATCH (k:Assertion {id: id})
WITH id, k, k.from AS from, k.to AS to
OPTIONAL MATCH (:Entity {id: from})-[r]->(:Entity {id: to})
WHERE r.id = id
DELETE r
DETACH DELETE k
RETURN id, from, to
