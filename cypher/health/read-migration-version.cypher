MATCH (m:__Neo4jMigration)
WHERE m.version <> 'BASELINE'
RETURN m.version AS version
ORDER BY toInteger(m.version) DESC
LIMIT 1
