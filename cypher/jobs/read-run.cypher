MATCH (r:JobRun {id: $id})
RETURN r {.*} AS run
