MATCH (j:IngestJob)
RETURN j.name AS name, j.definition AS definition
ORDER BY name
