MATCH (e:Entity)
WHERE ($types IS NULL OR e.type IN $types)
  AND ($ids IS NULL OR e.id IN $ids)
  AND ($nameContains IS NULL OR toLower(e.name) CONTAINS $nameContains)
RETURN count(e) AS total
