// One page in id order, forwards: the first $limit ids in ($after, $before).
// `e.id > $after AND e.id < $before` is a range seek on the entity_id constraint's
// index, which also yields id order, so a page costs its size, not the graph's.
// ($before is a sentinel above every id when the caller gave none.)
// hasEarlier: whether a match lies at or before $after (Relay's hasPreviousPage);
// hasLater: whether one lies at or after $before (with no $before, the extra row
// of $limit answers that). Each stops at the first match.
OPTIONAL MATCH (v:GraphVersion {id: 'graph'})
WITH coalesce(v.version, 0) AS graphVersion
CALL {
  MATCH (e:Entity)
  WHERE e.id > $after AND e.id < $before
    AND ($types IS NULL OR e.type IN $types)
    AND ($ids IS NULL OR e.id IN $ids)
    AND ($nameContains IS NULL OR toLower(e.name) CONTAINS $nameContains)
  WITH e ORDER BY e.id
  LIMIT toInteger($limit)
  RETURN collect(e {.id, .name, .type, .aliases, .description, .baseRate, .states, .cpt, .createdAt, .updatedAt, .assertedBy}) AS entities
}
CALL {
  OPTIONAL MATCH (p:Entity)
  WHERE $after <> '' AND p.id <= $after
    AND ($types IS NULL OR p.type IN $types)
    AND ($ids IS NULL OR p.id IN $ids)
    AND ($nameContains IS NULL OR toLower(p.name) CONTAINS $nameContains)
  WITH p LIMIT 1
  RETURN p IS NOT NULL AS hasEarlier
}
CALL {
  OPTIONAL MATCH (n:Entity)
  WHERE $bounded AND n.id >= $before
    AND ($types IS NULL OR n.type IN $types)
    AND ($ids IS NULL OR n.id IN $ids)
    AND ($nameContains IS NULL OR toLower(n.name) CONTAINS $nameContains)
  WITH n LIMIT 1
  RETURN n IS NOT NULL AS hasLater
}
RETURN graphVersion, entities, hasEarlier, hasLater
