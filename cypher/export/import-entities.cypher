// Import writes stored properties as exported; numbers JSON cannot type are re-typed here.
UNWIND $rows AS row
MERGE (e:Entity {id: row.id})
SET e = row.props, e.baseRate = toFloat(row.props.baseRate)
RETURN count(e) AS written
