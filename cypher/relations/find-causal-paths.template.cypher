// Causal chains from $from to $to along CAUSES edges, at most {{maxDepth}} long (a checked
// integer: variable-length bounds cannot be parameters). A path's strength is the product
// of its edges' strengths — the probability the chain transmits under noisy-OR (design.md).
OPTIONAL MATCH (v:GraphVersion {id: 'graph'})
WITH coalesce(v.version, 0) AS graphVersion
MATCH (a:Entity {id: $from})
MATCH (b:Entity {id: $to})
MATCH p = (a)-[:CAUSES*1..{{maxDepth}}]->(b)
WITH graphVersion, p, reduce(s = 1.0, r IN relationships(p) | s * coalesce(r.strength, 0.0)) AS strength
ORDER BY strength DESC, length(p) ASC
LIMIT toInteger($limit)
RETURN graphVersion, strength,
       [n IN nodes(p) | n {.id, .name, .type, .aliases, .description, .baseRate, .states, .cpt, .createdAt, .updatedAt, .assertedBy}] AS entities,
       [r IN relationships(p) | r {.*, type: type(r), from: startNode(r).id, to: endNode(r).id}] AS relations
