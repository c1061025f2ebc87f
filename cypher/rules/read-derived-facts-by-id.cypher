// explain: derived facts stored as nodes, by id (relationships: read-derived-relations-by-id).
UNWIND $ids AS id
MATCH (n:DerivedFact {id: id})
RETURN n {.id, .ruleSet, .predicate, .args, .rule, .ruleLine, .substitution, .derivation, .premiseRefs} AS fact
