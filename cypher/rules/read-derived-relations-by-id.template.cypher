// explain: derived {{type}} relationships by id (a seek on the derived id index).
UNWIND $ids AS id
MATCH ()-[r:{{type}} {id: id}]->()
WHERE r.derived = true
RETURN r {.id, .ruleSet, .predicate, .args, .rule, .ruleLine, .substitution, .derivation, .premiseRefs} AS fact
