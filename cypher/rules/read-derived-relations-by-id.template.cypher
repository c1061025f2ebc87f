// explain: derived {{type}} relationships by id (a seek on the derived id index).
UNWIND $ids AS id
MATCH (a)-[r:{{type}} {id: id}]->(b)
WHERE r.derived = true
RETURN r.id AS id, r.ruleSet AS ruleSet, a.id AS from, b.id AS to, r.strength AS strength, r.record AS record, r.derivation AS derivation
