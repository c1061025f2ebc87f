MATCH (n:DerivedFact {ruleSet: $name})
RETURN n.id AS id, n.premiseRefs AS premiseRefs
