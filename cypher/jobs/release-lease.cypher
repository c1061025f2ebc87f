MATCH (l:JobLease {job: $job, owner: $owner})
SET l.owner = null, l.expiresAt = 0
RETURN l.job AS job
