UNWIND $ids AS id
MATCH (d:Document)-[:HAS_SENTENCE]->(s:Sentence {id: id})
RETURN id, s {.id, .idx, .text, .start, .end, documentId: d.id} AS sentence
