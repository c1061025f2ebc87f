// DataLoader batch for Entity.mentions.
UNWIND $ids AS id
OPTIONAL MATCH (s:Sentence)-[:HAS_MENTION]->(m:Mention)-[:REFERS_TO]->(:Entity {id: id})
WITH id, s, m ORDER BY m.id
RETURN id, collect(CASE WHEN m IS NULL THEN null ELSE m {.id, .start, .end, .text, sentenceId: s.id, entityId: id} END)[..toInteger($limit)] AS mentions
