// Heartbeat: extends the lease while this owner still holds it; no row means it was lost.
MATCH (l:JobLease {job: $job, owner: $owner})
SET l.expiresAt = timestamp() + $ttlMs
RETURN l.expiresAt AS expiresAt
