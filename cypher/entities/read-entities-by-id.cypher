// DataLoader batch: one row per requested id (entity null when absent), with the version read.
OPTIONAL MATCH (v:GraphVersion {id: 'graph'})
WITH coalesce(v.version, 0) AS graphVersion
UNWIND $ids AS id
OPTIONAL MATCH (e:Entity {id: id})
RETURN graphVersion, id,
       CASE WHEN e IS NULL THEN null ELSE e {.id, .name, .type, .aliases, .description, .baseRate, .states, .cpt, .createdAt, .updatedAt, .assertedBy} END AS entity
