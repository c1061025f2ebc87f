// DataLoader batch for Document.sentences.
UNWIND $ids AS id
OPTIONAL MATCH (d:Document {id: id})-[:HAS_SENTENCE]->(s:Sentence)
WITH id, d, s ORDER BY s.idx
RETURN id, collect(CASE WHEN s IS NULL THEN null ELSE s {.id, .idx, .text, .start, .end, documentId: d.id} END) AS sentences
