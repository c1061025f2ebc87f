MATCH (lock:__Neo4jMigrationsLock {id: 'migrations', owner: $owner})
DELETE lock
