// Import only goes into an empty graph.
CALL { MATCH (e:Entity) RETURN count(e) AS entities }
CALL { MATCH (d:Document) RETURN count(d) AS documents }
CALL { MATCH (k:Assertion) RETURN count(k) AS relations }
RETURN entities, documents, relations
