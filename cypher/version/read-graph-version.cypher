// The graph version every committed change advances; 0 before the first write.
OPTIONAL MATCH (v:GraphVersion {id: 'graph'})
RETURN coalesce(v.version, 0) AS graphVersion
