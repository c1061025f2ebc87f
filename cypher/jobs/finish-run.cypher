MATCH (r:JobRun {id: $runId})
SET r.status = $status, r.finishedAt = $now, r.updatedAt = $now, r.durationMs = $durationMs,
    r.counts = $counts, r.errors = $errors, r.failure = $failure
RETURN r {.*} AS run
