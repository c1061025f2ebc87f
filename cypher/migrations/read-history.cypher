MATCH (m:__Neo4jMigration)
WHERE m.version <> 'BASELINE'
RETURN m.version AS version, m.description AS description, m.checksum AS checksum, m.source AS source,
       m.installedOn AS installedOn
ORDER BY toInteger(m.version)
