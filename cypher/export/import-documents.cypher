UNWIND $rows AS row
MERGE (d:Document {id: row.id})
SET d = row.props
WITH d, row
UNWIND row.sentences AS sp
MERGE (s:Sentence {id: sp.id})
SET s = sp, s.idx = toInteger(sp.idx), s.start = toInteger(sp.start), s.end = toInteger(sp.end)
MERGE (d)-[:HAS_SENTENCE]->(s)
RETURN count(s) AS written
