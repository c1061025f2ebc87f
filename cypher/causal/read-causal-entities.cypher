// Every entity that takes part in the causal model: an endpoint of a causal
// edge, or an entity with an explicit CPT. Derived (inferred) edges count too.
MATCH (e:Entity)
WHERE e.cpt IS NOT NULL OR EXISTS { (e)-[:CAUSES|PREVENTS|CONFOUNDED]-() }
RETURN e.id AS id, e.baseRate AS baseRate, e.states AS states, e.cpt AS cpt, e.cptParents AS cptParents
