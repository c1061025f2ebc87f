// What an upsert compares against: the stored relation and every sentence supporting it.
UNWIND $ids AS id
MATCH (k:Assertion {id: id})
OPTIONAL MATCH (a:Entity {id: k.from})-[r]->(b:Entity {id: k.to})
WHERE r.id = id
OPTIONAL MATCH (s:Sentence)-[sup:SUPPORTS]->(k)
RETURN id, k.type AS type, k.from AS from, k.to AS to, properties(r) AS props,
       collect(CASE WHEN s IS NULL THEN null ELSE {sentenceId: s.id, confidence: sup.confidence} END) AS supports
