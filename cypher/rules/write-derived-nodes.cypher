// Derived facts that are not relationships; MERGE goes through derived_fact_id.
UNWIND $rows AS row
MERGE (n:DerivedFact {id: row.id})
SET n += row.props
RETURN count(*) AS written
