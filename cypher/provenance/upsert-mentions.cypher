UNWIND $mentions AS m
MATCH (sen:Sentence {id: m.sentenceId})
MATCH (e:Entity {id: m.entityId})
MERGE (men:Mention {id: m.id})
SET men += m.props
MERGE (sen)-[:HAS_MENTION]->(men)
MERGE (men)-[:REFERS_TO]->(e)
RETURN count(men) AS mentions
