// The derived facts are deleted first (delete-derived-*), in batches.
MATCH (s:RuleSet {name: $name})
DELETE s
RETURN $name AS name
