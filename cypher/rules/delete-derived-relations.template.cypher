// The id index on derived {{type}} relationships makes each lookup a seek.
UNWIND $ids AS id
MATCH ()-[r:{{type}} {id: id}]->()
WHERE r.derived = true
DELETE r
RETURN count(*) AS deleted
