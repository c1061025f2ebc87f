// Which derived-fact arguments name entities (those binary facts become relationships).
UNWIND $ids AS id
MATCH (e:Entity {id: id})
RETURN e.id AS id
