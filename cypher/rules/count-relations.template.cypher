// All {{type}} relationships, base and derived: answered from the count store, without a scan.
MATCH ()-[r:{{type}}]->()
RETURN count(r) AS total
