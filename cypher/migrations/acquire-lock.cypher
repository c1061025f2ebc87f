// Fails with a constraint violation while another process holds the lock.
// A lock older than $staleAfterMs (a crashed migrator) is taken over.
OPTIONAL MATCH (stale:__Neo4jMigrationsLock {id: 'migrations'})
WHERE stale.acquiredAt < datetime() - duration({milliseconds: $staleAfterMs})
DETACH DELETE stale
WITH 1 AS ignored
CREATE (lock:__Neo4jMigrationsLock {id: 'migrations', owner: $owner, acquiredAt: datetime()})
RETURN lock.owner AS owner
