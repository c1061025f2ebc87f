// Ingestion jobs (src/ingest/jobs): definitions stored through GraphQL, one lease per job
// (expiry + heartbeat: one runner per job across replicas), one node per run with its
// checkpoint, and the sources already ingested (by content SHA-256) so unchanged ones are skipped.
CREATE CONSTRAINT ingest_job_name IF NOT EXISTS FOR (n:IngestJob) REQUIRE n.name IS UNIQUE;
CREATE CONSTRAINT job_lease_job IF NOT EXISTS FOR (n:JobLease) REQUIRE n.job IS UNIQUE;
CREATE CONSTRAINT job_run_id IF NOT EXISTS FOR (n:JobRun) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT ingested_source_key IF NOT EXISTS FOR (n:IngestedSource) REQUIRE n.key IS UNIQUE;
// `runs(job, first)` and the resume check read a job's runs newest first.
CREATE INDEX job_run_job_started IF NOT EXISTS FOR (n:JobRun) ON (n.job, n.startedAt);
