// Appends to the history chain (BASELINE)-[:MIGRATED_TO]->(V001)-[:MIGRATED_TO]->…
MERGE (baseline:__Neo4jMigration {version: 'BASELINE'})
WITH baseline
OPTIONAL MATCH (baseline)-[:MIGRATED_TO*0..]->(last:__Neo4jMigration)
WHERE NOT (last)-[:MIGRATED_TO]->()
CREATE (last)-[:MIGRATED_TO {at: datetime(), in: $executionMs, by: $installedBy}]->
       (m:__Neo4jMigration {version: $version, description: $description, checksum: $checksum, source: $source,
                            type: 'CYPHER', installedOn: datetime(), installedBy: $installedBy})
RETURN m.version AS version
