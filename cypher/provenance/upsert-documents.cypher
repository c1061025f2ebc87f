// New documents only (the service refuses changed content of a stored id): the document,
// its sentences in order, and their mentions. All MERGEs go through uniqueness constraints.
UNWIND $documents AS d
MERGE (doc:Document {id: d.id})
  ON CREATE SET doc.createdAt = d.createdAt
SET doc += d.props, doc.assertedBy = d.assertedBy
WITH doc, d
UNWIND d.sentences AS s
MERGE (sen:Sentence {id: s.id})
SET sen += s.props
MERGE (doc)-[:HAS_SENTENCE]->(sen)
RETURN count(sen) AS sentences
