// Derived facts that are not relationships; MERGE goes through derived_fact_id.
// $common: the properties every row of the batch shares.
UNWIND $rows AS row
MERGE (n:DerivedFact {id: row.id})
SET n += row.props, n += $common
RETURN count(*) AS written
