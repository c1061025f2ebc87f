// One page in id order. `e.id > $after` is a range seek on the entity_id constraint's
// index, which also yields id order, so a page costs its size, not the graph's.
OPTIONAL MATCH (v:GraphVersion {id: 'graph'})
WITH coalesce(v.version, 0) AS graphVersion
CALL {
  MATCH (e:Entity)
  WHERE e.id > $after
    AND ($types IS NULL OR e.type IN $types)
    AND ($ids IS NULL OR e.id IN $ids)
    AND ($nameContains IS NULL OR toLower(e.name) CONTAINS $nameContains)
  WITH e ORDER BY e.id
  LIMIT toInteger($limit)
  RETURN collect(e {.id, .name, .type, .aliases, .description, .baseRate, .states, .cpt, .createdAt, .updatedAt, .assertedBy}) AS entities
}
RETURN graphVersion, entities
