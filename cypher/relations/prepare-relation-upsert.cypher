// The one read before a relation upsert: per row, the stored relation (its assertion node
// pins type and endpoints) with every sentence supporting it, whether both endpoints exist
// and which of the cited sentences exist. Replaces a read, two reference checks and their
// round trips; all lookups go through the id constraints. The version answers a no-op upsert.
OPTIONAL MATCH (v:GraphVersion {id: 'graph'})
WITH coalesce(v.version, 0) AS graphVersion
UNWIND $rows AS row
OPTIONAL MATCH (k:Assertion {id: row.id})
OPTIONAL MATCH (:Entity {id: k.from})-[r]->(:Entity {id: k.to})
WHERE r.id = row.id
OPTIONAL MATCH (s:Sentence)-[sup:SUPPORTS]->(k)
WITH graphVersion, row, k, r, collect(CASE WHEN s IS NULL THEN null ELSE {sentenceId: s.id, confidence: sup.confidence} END) AS supports
RETURN graphVersion, row.id AS id, k IS NOT NULL AS stored, k.type AS type, k.from AS from, k.to AS to, properties(r) AS props, supports,
       EXISTS { MATCH (:Entity {id: row.from}) } AS fromExists,
       EXISTS { MATCH (:Entity {id: row.to}) } AS toExists,
       [sentenceId IN row.sentenceIds WHERE EXISTS { MATCH (:Sentence {id: sentenceId}) }] AS knownSentenceIds
