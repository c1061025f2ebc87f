UNWIND $keys AS key
MATCH (s:IngestedSource {key: key})
RETURN s.key AS key, s.sha256 AS sha256
