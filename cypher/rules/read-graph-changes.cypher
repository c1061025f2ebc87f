// The change log between two versions (src/services/rules/readBaseFacts.ts): complete when it
// holds every version in ($since, $until] and each names its entities (`known`).
MATCH (c:GraphChange)
WHERE c.version > $since AND c.version <= $until
RETURN count(c) AS versions, count(c.entities) AS known, collect(c.entities) AS entities
