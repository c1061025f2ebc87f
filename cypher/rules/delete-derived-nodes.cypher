UNWIND $ids AS id
MATCH (n:DerivedFact {id: id})
DELETE n
RETURN count(*) AS deleted
