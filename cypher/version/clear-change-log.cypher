// Before the version is set (import, or putting it back after a failed one): the change log
// described another history, so rule maintenance reads everything once.
MATCH (c:GraphChange)
DELETE c
