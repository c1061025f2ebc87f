// Every rule set's stored derived relationships per type, with its state token (src/services/rules/readBaseFacts.ts).
MATCH (s:RuleSet)
RETURN s.name AS name, s.materializedVersion AS version, s.stateToken AS token, s.relTypes AS relTypes, s.relTypeCounts AS counts
ORDER BY s.name
