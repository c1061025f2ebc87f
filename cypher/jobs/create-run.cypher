CREATE (r:JobRun {id: $id, job: $job, status: 'running', owner: $owner, startedAt: $now, updatedAt: $now,
                  checkpoint: '{"done":[]}', counts: $counts, errors: '[]', itemsDone: 0, itemsTotal: 0, resumes: 0})
RETURN r {.*} AS run
