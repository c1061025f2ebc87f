// Entities whose stored vector is missing, from another model, or older than their text,
// in id order after $after and before $before when given (a page at a time, so a failing
// entity cannot loop the backfill).
MATCH (e:Entity)
WHERE e.id > $after AND ($before IS NULL OR e.id < $before)
  AND (e.embedding IS NULL OR e.embeddingModel IS NULL OR e.embeddingModel <> $checksum
       OR e.embeddedFrom IS NULL OR e.embeddedFrom <> e.updatedAt)
RETURN e.id AS id
ORDER BY id
LIMIT toInteger($limit)
