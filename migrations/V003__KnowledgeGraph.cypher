// The knowledge-graph service's own schema (see src/services/kg/README.md).
// Every relation has one (:Assertion {id, type, from, to}) node: its id key (relationship
// property uniqueness is not in Community), its lock for concurrent upserts of one id, and
// the node provenance points at ((:Sentence)-[:SUPPORTS]->(:Assertion)).
CREATE CONSTRAINT assertion_id IF NOT EXISTS FOR (n:Assertion) REQUIRE n.id IS UNIQUE;
// `entities(filter: {types: …})` filters on the type property.
CREATE INDEX entity_type IF NOT EXISTS FOR (n:Entity) ON (n.type);
