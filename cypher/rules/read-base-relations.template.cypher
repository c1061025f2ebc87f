// Base facts name/2 and name/3 of one relationship type ({{type}} is checked and quoted).
// Derived relationships are not base facts: a rule set never reads its own or another's output.
// One row holding a list of [id, from, to, strength] tuples, not a row per relationship: the
// driver decodes tens of thousands of records markedly slower (9,000 relationships: 113 vs 85 ms).
// (Tuples, not parallel lists: collect() drops nulls, a tuple holding one is kept.)
MATCH (a:Entity)-[r:{{type}}]->(b:Entity)
WHERE coalesce(r.derived, false) = false
RETURN collect([r.id, a.id, b.id, r.strength]) AS relations
