// Every sentence supporting the relations asked for, with its document and the mentions in it.
OPTIONAL MATCH (v:GraphVersion {id: 'graph'})
WITH coalesce(v.version, 0) AS graphVersion
UNWIND $ids AS id
OPTIONAL MATCH (k:Assertion {id: id})<-[sup:SUPPORTS]-(s:Sentence)<-[:HAS_SENTENCE]-(d:Document)
WITH graphVersion, id, sup, s, d ORDER BY sup.confidence DESC, d.id, s.idx
RETURN graphVersion, id,
       collect(CASE WHEN s IS NULL THEN null ELSE {
         confidence: sup.confidence,
         sentence: s {.id, .idx, .text, .start, .end, documentId: d.id},
         document: d {.id, .uri, .sha256, .title, .createdAt, .assertedBy},
         mentions: [(s)-[:HAS_MENTION]->(m:Mention)-[:REFERS_TO]->(e:Entity) | m {.id, .start, .end, .text, sentenceId: s.id, entityId: e.id}]
       } END) AS supports
