// The post-write check: exactly one relationship carries each written id.
UNWIND $ids AS id
MATCH (k:Assertion {id: id})
OPTIONAL MATCH (a:Entity {id: k.from})-[r]->(:Entity {id: k.to})
WHERE r.id = id
WITH id, count(r) AS copies
WHERE copies <> 1
RETURN id, copies
