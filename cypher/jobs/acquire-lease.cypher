// One runner per job: the lease is free when unowned or expired (server clock, so replicas'
// clocks do not matter). Setting _lock first takes the node's write lock, so the check below
// reads the latest committed owner and two racing acquirers cannot both see it free.
MERGE (l:JobLease {job: $job})
SET l._lock = true
WITH l, timestamp() AS now
WITH l, now, (l.owner IS NULL OR l.expiresAt < now OR l.owner = $owner) AS free
FOREACH (_ IN CASE WHEN free THEN [1] ELSE [] END |
  SET l.owner = $owner, l.expiresAt = now + $ttlMs, l.acquiredAt = now)
REMOVE l._lock
RETURN free AS acquired, l.owner AS owner, l.expiresAt - now AS remainingMs
