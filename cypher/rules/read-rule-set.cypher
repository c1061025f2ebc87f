OPTIONAL MATCH (v:GraphVersion {id: 'graph'})
WITH coalesce(v.version, 0) AS graphVersion
OPTIONAL MATCH (s:RuleSet {name: $name})
RETURN graphVersion, CASE WHEN s IS NULL THEN null ELSE s {.*} END AS ruleSet
