MATCH (d:Document) WHERE d.id > $after
WITH d ORDER BY d.id LIMIT toInteger($limit)
RETURN d.id AS id, properties(d) AS props,
       [(d)-[:HAS_SENTENCE]->(s:Sentence) | properties(s)] AS sentences,
       [(d)-[:HAS_SENTENCE]->(s:Sentence)-[:HAS_MENTION]->(m:Mention)-[:REFERS_TO]->(e:Entity) | {sentenceId: s.id, entityId: e.id, props: properties(m)}] AS mentions
