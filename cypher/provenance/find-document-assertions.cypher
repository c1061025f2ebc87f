// retractDocument: the relations any sentence of this document supports.
MATCH (d:Document {id: $id})
OPTIONAL MATCH (d)-[:HAS_SENTENCE]->(:Sentence)-[:SUPPORTS]->(k:Assertion)
RETURN d.id AS id, collect(DISTINCT k.id) AS relationIds
