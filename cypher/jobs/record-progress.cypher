// After each source item: the checkpoint, counts and the item's content hash, written only
// while this owner holds the lease (a runner that lost it must not record anything).
MATCH (l:JobLease {job: $job, owner: $owner})
MATCH (r:JobRun {id: $runId})
SET r.checkpoint = $checkpoint, r.counts = $counts, r.errors = $errors,
    r.itemsDone = $itemsDone, r.itemsTotal = $itemsTotal, r.updatedAt = $now
FOREACH (s IN $sources |
  MERGE (src:IngestedSource {key: s.key})
  SET src.sha256 = s.sha256, src.job = $job, src.ingestedAt = $now)
RETURN r.id AS id
