// Base facts name/2 and name/3 of one relationship type ({{type}} is checked and quoted).
// Derived relationships are not base facts: a rule set never reads its own or another's output.
MATCH (a:Entity)-[r:{{type}}]->(b:Entity)
WHERE coalesce(r.derived, false) = false
RETURN r.id AS id, a.id AS from, b.id AS to, r.strength AS strength
