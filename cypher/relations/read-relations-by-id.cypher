// DataLoader batch: the assertion node gives the endpoints, so the relationship is found by
// expanding from one indexed entity instead of scanning relationships for the id.
OPTIONAL MATCH (v:GraphVersion {id: 'graph'})
WITH coalesce(v.version, 0) AS graphVersion
UNWIND $ids AS id
OPTIONAL MATCH (k:Assertion {id: id})
OPTIONAL MATCH (a:Entity {id: k.from})-[r]->(b:Entity {id: k.to})
WHERE r.id = id
RETURN graphVersion, id,
       CASE WHEN r IS NULL THEN null ELSE r {.*, type: type(r), from: a.id, to: b.id} END AS relation
