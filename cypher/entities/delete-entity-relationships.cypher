// mergeEntities: after the relations were re-created on `keep`, the originals go.
MATCH (:Entity {id: $id})-[r]-(:Entity)
DELETE r
RETURN count(r) AS deleted
