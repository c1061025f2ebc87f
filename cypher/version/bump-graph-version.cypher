// Runs in the same transaction as the write that changed something; the node's
// write lock orders concurrent writers, so versions are a total order of commits.
MERGE (v:GraphVersion {id: 'graph'})
  ON CREATE SET v.version = 0
SET v.version = v.version + 1
RETURN v.version AS graphVersion
