// retractDocument: the document, its sentences (with their SUPPORTS links) and mentions.
MATCH (d:Document {id: $id})
OPTIONAL MATCH (d)-[:HAS_SENTENCE]->(s:Sentence)
OPTIONAL MATCH (s)-[:HAS_MENTION]->(m:Mention)
WITH d, collect(DISTINCT s) AS sentences, collect(DISTINCT m) AS mentions
FOREACH (m IN mentions | DETACH DELETE m)
FOREACH (s IN sentences | DETACH DELETE s)
DETACH DELETE d
RETURN size(sentences) AS sentencesDeleted, size(mentions) AS mentionsDeleted
