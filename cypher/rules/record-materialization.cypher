// Marks the rule set as materialised at the graph version its base facts were read at.
// relTypeCounts: how many relationships of each of relTypes it has stored (null while unknown);
// readBaseFacts uses them to skip scanning a type that holds derived relationships only.
MATCH (s:RuleSet {name: $name})
SET s.materializedVersion = $version, s.stateToken = $token, s.relTypes = $relTypes,
    s.relTypeCounts = $relTypeCounts, s.derivedCount = $derivedCount, s.materializedAt = $now
RETURN s.name AS name
