// Documents in one round trip: per document the stored one (by id), whether it is the same
// (d.sameKey names what decides: contentHash for the API, whose stored documents are
// immutable; sha256 for ingestion, which replaces a changed source), and which mentioned
// entities do not exist. New documents without unknown entities are written here with their
// sentences in order and their mentions; the graph version advances when any was. A stored
// document is never rewritten; the service turns "differs" into CONFLICT (API) or a
// replacement (ingestion), and unknown entities into BAD_USER_INPUT, rolling back.
// All MERGEs go through uniqueness constraints. The version's change-log slot (graphVersion.ts)
// names no entity: documents, sentences and mentions are no base facts of rules.
UNWIND $documents AS d
OPTIONAL MATCH (stored:Document {id: d.id})
WITH d, stored IS NOT NULL AS existed,
     stored IS NOT NULL AND NOT ((stored[d.sameKey] IS NULL AND d.props[d.sameKey] IS NULL) OR coalesce(stored[d.sameKey] = d.props[d.sameKey], false)) AS differs,
     [m IN d.mentions WHERE NOT EXISTS { MATCH (:Entity {id: m.entityId}) } | m.entityId] AS unknownEntities
CALL (d, existed, unknownEntities) {
  WITH d WHERE NOT existed AND size(unknownEntities) = 0
  MERGE (doc:Document {id: d.id})
    ON CREATE SET doc.createdAt = d.createdAt
  SET doc += d.props, doc.assertedBy = d.assertedBy
  WITH doc, d
  CALL (doc, d) {
    UNWIND d.sentences AS s
    MERGE (sen:Sentence {id: s.id})
    SET sen += s.props
    MERGE (doc)-[:HAS_SENTENCE]->(sen)
  }
  CALL (d) {
    UNWIND d.mentions AS m
    MATCH (sen:Sentence {id: m.sentenceId})
    MATCH (e:Entity {id: m.entityId})
    MERGE (men:Mention {id: m.id})
    SET men += m.props
    MERGE (sen)-[:HAS_MENTION]->(men)
    MERGE (men)-[:REFERS_TO]->(e)
  }
}
WITH collect({id: d.id, existed: existed, differs: differs, unknownEntities: unknownEntities,
              created: NOT existed AND size(unknownEntities) = 0}) AS results
FOREACH (_ IN CASE WHEN any(r IN results WHERE r.created) THEN [1] ELSE [] END |
  MERGE (v:GraphVersion {id: 'graph'})
    ON CREATE SET v.version = 0
  SET v.version = v.version + 1
  MERGE (c:GraphChange {slot: v.version % $logSlots})
  SET c.version = v.version, c.entities = [])
WITH results
OPTIONAL MATCH (v:GraphVersion {id: 'graph'})
UNWIND results AS result
RETURN result.id AS id, result.existed AS existed, result.differs AS differs, result.unknownEntities AS unknownEntities,
       result.created AS created, coalesce(v.version, 0) AS graphVersion
