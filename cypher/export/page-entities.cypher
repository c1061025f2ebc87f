// Export pages in id order (range seek on the uniqueness constraint's index); every stored property.
MATCH (e:Entity) WHERE e.id > $after
WITH e ORDER BY e.id LIMIT toInteger($limit)
RETURN e.id AS id, properties(e) AS props
