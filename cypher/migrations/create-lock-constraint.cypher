CREATE CONSTRAINT causeway_migrations_lock IF NOT EXISTS
FOR (lock:__Neo4jMigrationsLock) REQUIRE lock.id IS UNIQUE
