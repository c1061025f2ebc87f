// Lucene query over names and aliases (index entity_names, migrations/V002).
OPTIONAL MATCH (v:GraphVersion {id: 'graph'})
WITH coalesce(v.version, 0) AS graphVersion
CALL {
  CALL db.index.fulltext.queryNodes('entity_names', $query, {limit: toInteger($limit)}) YIELD node, score
  RETURN collect({score: score, entity: node {.id, .name, .type, .aliases, .description, .baseRate, .states, .cpt, .createdAt, .updatedAt, .assertedBy}}) AS hits
}
RETURN graphVersion, hits
