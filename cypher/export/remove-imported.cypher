// Undoes a failed import: removes the nodes whose ids the import file named,
// with their relationships. Import only writes into an empty graph, so none of
// these ids existed before it began: removing them restores the graph as it was.
CALL { UNWIND $mentions AS id MATCH (m:Mention {id: id}) DETACH DELETE m }
CALL { UNWIND $sentences AS id MATCH (s:Sentence {id: id}) DETACH DELETE s }
CALL { UNWIND $documents AS id MATCH (d:Document {id: id}) DETACH DELETE d }
CALL { UNWIND $relations AS id MATCH (k:Assertion {id: id}) DETACH DELETE k }
CALL { UNWIND $entities AS id MATCH (e:Entity {id: id}) DETACH DELETE e }
RETURN 1 AS done
