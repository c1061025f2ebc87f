// Marks the rule set as materialised at the graph version its base facts were read at.
MATCH (s:RuleSet {name: $name})
SET s.materializedVersion = $version, s.stateToken = $token, s.relTypes = $relTypes,
    s.derivedCount = $derivedCount, s.materializedAt = $now
RETURN s.name AS name
