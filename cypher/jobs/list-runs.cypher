MATCH (r:JobRun {job: $job})
RETURN r {.*} AS run
ORDER BY r.startedAt DESC
LIMIT toInteger($limit)
