UNWIND $ids AS id
MATCH (s:Sentence {id: id})
RETURN s.id AS id
