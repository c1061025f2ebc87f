// Called while holding the job's lease: a run still "running" lost its runner (crash, kill).
MATCH (r:JobRun {job: $job})
WHERE r.status = 'running'
RETURN r {.*} AS run
ORDER BY r.startedAt DESC
LIMIT 1
