// DataLoader batch for Entity.relations(direction: IN) and causes(of): strongest first.
OPTIONAL MATCH (v:GraphVersion {id: 'graph'})
WITH coalesce(v.version, 0) AS graphVersion
UNWIND $ids AS id
OPTIONAL MATCH (e:Entity {id: id})
CALL {
  WITH e
  OPTIONAL MATCH (e)<-[r]-(o:Entity)
  WHERE r.id IS NOT NULL AND ($types IS NULL OR type(r) IN $types)
  WITH e, r, o ORDER BY r.strength DESC, r.id
  LIMIT toInteger($limit)
  RETURN collect(r {.*, type: type(r), from: o.id, to: e.id}) AS relations
}
RETURN graphVersion, id, relations
