// defineRules: the text was compiled before; a changed text resets the materialisation.
MERGE (s:RuleSet {name: $name})
  ON CREATE SET s.createdAt = $now, s.relTypes = [], s.materializedVersion = -1
WITH s, s.sha256 IS NULL AS created, coalesce(s.sha256, '') <> $sha256 AS changed
SET s.text = $text, s.sha256 = $sha256, s.updatedAt = $now, s.definedBy = $definedBy,
    s.materializedVersion = CASE WHEN changed THEN -1 ELSE s.materializedVersion END
RETURN s {.*} AS ruleSet, created, changed
