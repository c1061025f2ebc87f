MATCH (r:JobRun {id: $id})
SET r.owner = $owner, r.resumes = coalesce(r.resumes, 0) + 1, r.updatedAt = $now
RETURN r {.*} AS run
