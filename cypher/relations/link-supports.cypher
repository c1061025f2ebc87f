// Provenance: each sentence that supports a relation points at its assertion node.
UNWIND $rows AS row
MATCH (s:Sentence {id: row.sentenceId})
MATCH (k:Assertion {id: row.relationId})
MERGE (s)-[sup:SUPPORTS]->(k)
SET sup.confidence = row.confidence
RETURN count(sup) AS linked
