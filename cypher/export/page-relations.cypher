MATCH (k:Assertion) WHERE k.id > $after
WITH k ORDER BY k.id LIMIT toInteger($limit)
OPTIONAL MATCH (a:Entity {id: k.from})-[r]->(b:Entity {id: k.to})
WHERE r.id = k.id
RETURN k.id AS id, k.type AS type, k.from AS from, k.to AS to, properties(r) AS props,
       [(s:Sentence)-[sup:SUPPORTS]->(k) | {sentenceId: s.id, confidence: sup.confidence}] AS supports
