// A rule set's DerivedFact nodes with their records (decoded by src/services/rules/derivationRecord.ts).
MATCH (n:DerivedFact {ruleSet: $name})
RETURN n.id AS id, n.ruleSet AS ruleSet, n.predicate AS predicate, n.args AS args, n.record AS record, n.derivation AS derivation
