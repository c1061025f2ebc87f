// The graph's change log (src/services/kg/graphVersion.ts): each version names the entities
// whose properties or incident relationships its write changed, so rule maintenance re-reads
// only those (src/services/rules/readBaseFacts.ts). A ring of slots (version modulo the slot
// count), so it never needs pruning; a version no slot holds any more means "read everything".
CREATE CONSTRAINT graph_change_slot IF NOT EXISTS FOR (n:GraphChange) REQUIRE n.slot IS UNIQUE;
CREATE INDEX graph_change_version IF NOT EXISTS FOR (n:GraphChange) ON (n.version);
