MATCH ()-[r:{{type}}]->()
WHERE r.ruleSet = $name AND r.derived = true
RETURN r.id AS id, r.premiseRefs AS premiseRefs
