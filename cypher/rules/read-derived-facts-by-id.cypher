// explain: derived facts stored as nodes, by id (relationships: read-derived-relations-by-id).
UNWIND $ids AS id
MATCH (n:DerivedFact {id: id})
RETURN n.id AS id, n.ruleSet AS ruleSet, n.predicate AS predicate, n.args AS args, n.record AS record, n.derivation AS derivation
