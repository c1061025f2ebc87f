// Base facts name/2 and name/3 of one relationship type ({{type}} is checked and quoted), only
// the relationships with an end at one of the entities a change names ($ids; readBaseFacts.ts),
// each once; the same tuples and filter as rules/read-base-relations.
MATCH (e:Entity)-[r:{{type}}]-(:Entity)
WHERE e.id IN $ids AND coalesce(r.derived, false) = false
WITH DISTINCT r
RETURN collect([r.id, startNode(r).id, endNode(r).id, r.strength]) AS relations
