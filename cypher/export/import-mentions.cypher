UNWIND $rows AS row
MATCH (s:Sentence {id: row.sentenceId})
MATCH (e:Entity {id: row.entityId})
MERGE (m:Mention {id: row.props.id})
SET m = row.props, m.start = toInteger(row.props.start), m.end = toInteger(row.props.end)
MERGE (s)-[:HAS_MENTION]->(m)
MERGE (m)-[:REFERS_TO]->(e)
RETURN count(m) AS written
