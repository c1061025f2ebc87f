// Import restores the exported version.
MERGE (v:GraphVersion {id: 'graph'})
SET v.version = toInteger($version)
RETURN v.version AS graphVersion
