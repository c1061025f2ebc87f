MATCH (s:RuleSet)
RETURN s {.*} AS ruleSet
ORDER BY s.name
