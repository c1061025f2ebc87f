// A rule set's derived {{type}} relationships with their records; the endpoints are part of the fact.
MATCH (a)-[r:{{type}}]->(b)
WHERE r.ruleSet = $name AND r.derived = true
RETURN r.id AS id, r.ruleSet AS ruleSet, a.id AS from, b.id AS to, r.strength AS strength, r.record AS record, r.derivation AS derivation
