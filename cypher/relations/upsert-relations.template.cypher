// The relation upsert in one round trip (the entity upsert's pattern): reference checks,
// change detection, the write and the graph-version bump are this one statement. Rendered once
// per relationship type ({{type}} is a checked, backtick-quoted identifier; $type the same name).
// Per row: the stored assertion node (it pins type and endpoints) and relationship, the stored
// supports, then the properties after the upsert: source = given, else stored, else 'asserted';
// an extracted/inferred relation with evidence gets the noisy-OR of all its sentences'
// confidences, folded in ascending order as combineEvidence does (so the float does not depend
// on the order supports are read in); a given strength/confidence replaces the stored one
// (hasStrength/hasConfidence: given, possibly as null, which removes it).
// Rows with a problem (missing endpoint or sentence, an id stored with another type or endpoints,
// a strength that is not allowed or missing) are not written and come back in `problems`; the
// service then raises the error and the transaction rolls back. Rows equal to what is stored
// are not written. MERGE on the assertion node goes through the assertion_id constraint, and
// MERGE of the relationship locks both endpoints and re-checks, so two concurrent upserts of one
// id create it once; `conflict` after the MERGE catches an assertion a concurrent writer stored
// differently. Values shared by every row ($now, $assertedBy, $causal…) are parameters of their
// own, and the answer is one row of id lists, so a batch costs little to send and to read back.
// The version advances when a row was written (or $changedBefore: an earlier type's statement
// in this transaction wrote) and $lastStatement: one bump per transaction. Its change-log slot
// (graphVersion.ts) names the endpoints of every written row, this statement's and the earlier
// ones' ($touchedBefore: their answers' `touched`).
UNWIND $rows AS row
OPTIONAL MATCH (a:Entity {id: row.from})
OPTIONAL MATCH (b:Entity {id: row.to})
OPTIONAL MATCH (k0:Assertion {id: row.id})
OPTIONAL MATCH (a)-[r0:{{type}} {id: row.id}]->(b)
WITH row, a, b, k0, r0,
     CASE WHEN k0 IS NULL THEN [] ELSE [(s:Sentence)-[sup:SUPPORTS]->(k0) | {sentenceId: s.id, confidence: sup.confidence}] END AS stored,
     [e IN row.evidence WHERE NOT EXISTS { MATCH (:Sentence {id: e.sentenceId}) } | e.sentenceId] AS missingSentences
WITH row, a, b, k0, r0, missingSentences,
     [e IN row.evidence WHERE NOT any(s IN stored WHERE s.sentenceId = e.sentenceId AND s.confidence = e.confidence)] AS added,
     [s IN stored WHERE NOT s.sentenceId IN [e IN row.evidence | e.sentenceId] | s.confidence] + [e IN row.evidence | e.confidence] AS confidences,
     coalesce(row.source, r0.source, 'asserted') AS source
WITH row, a, b, k0, r0, missingSentences, added, confidences, source,
     source <> 'asserted' AND size(confidences) > 0 AS derived
WITH row, a, b, k0, r0, missingSentences, added,
     derived AND row.strength IS NOT NULL AS strengthNotAllowed,
     {
       strength: CASE
         WHEN derived THEN reduce(s = 0.0, c IN CASE WHEN size(confidences) < 2 THEN confidences ELSE COLLECT { UNWIND confidences AS c RETURN c ORDER BY c } END | s + c * (1 - s))
         WHEN row.hasStrength THEN row.strength ELSE r0.strength END,
       confidence: CASE WHEN row.hasConfidence THEN row.confidence ELSE r0.confidence END,
       source: source,
       evidenceCount: toFloat(size(confidences))
     } AS props
WITH row, a, b, k0, r0, missingSentences, added, strengthNotAllowed, props,
     $causal AND props.strength IS NULL AS strengthMissing,
     k0 IS NOT NULL AND [k0.type, k0.from, k0.to] <> [$type, row.from, row.to] AS storedConflict,
     r0 IS NULL OR size(added) > 0 OR any(key IN keys(props) WHERE NOT (
       (r0[key] IS NULL AND props[key] IS NULL) OR coalesce(r0[key] = props[key], false)
     )) AS changed
WITH row, a, b, k0, missingSentences, added, strengthNotAllowed, strengthMissing, storedConflict, props, changed,
     a IS NOT NULL AND b IS NOT NULL AND size(missingSentences) = 0 AND NOT storedConflict AND NOT strengthNotAllowed AND NOT strengthMissing AS valid
OPTIONAL CALL (row, a, b, props, added, valid, changed) {
  WITH row, a, b, props, added WHERE valid AND changed
  MERGE (k:Assertion {id: row.id})
    ON CREATE SET k.type = $type, k.from = row.from, k.to = row.to
  MERGE (a)-[r:{{type}} {id: row.id}]->(b)
    ON CREATE SET r.createdAt = $now
  WITH k, r, props, added, r.updatedAt IS NULL AS created, [k.type, k.from, k.to] <> [$type, row.from, row.to] AS conflict
  SET r += props, r.updatedAt = $now, r.assertedBy = $assertedBy
  WITH k, added, created, conflict
  CALL (k, added) {
    UNWIND added AS support
    MATCH (s:Sentence {id: support.sentenceId})
    MERGE (s)-[sup:SUPPORTS]->(k)
    SET sup.confidence = support.confidence
    RETURN count(sup) AS linked
  }
  RETURN true AS written, created, conflict, linked = size(added) AS linked
}
WITH collect({
  id: row.id, from: row.from, to: row.to, written: coalesce(written, false), created: coalesce(created, false),
  ok: valid AND NOT coalesce(conflict, false) AND coalesce(linked, true),
  fromExists: a IS NOT NULL, toExists: b IS NOT NULL, missingSentences: missingSentences,
  stored: CASE WHEN storedConflict THEN {type: k0.type, from: k0.from, to: k0.to} END, conflict: coalesce(conflict, false),
  source: props.source, strengthNotAllowed: strengthNotAllowed, strengthMissing: strengthMissing, linked: coalesce(linked, true)
}) AS results
WITH results, $touchedBefore + COLLECT { UNWIND results AS r WITH r WHERE r.written UNWIND [r.from, r.to] AS id RETURN DISTINCT id } AS touched
FOREACH (_ IN CASE WHEN $lastStatement AND ($changedBefore OR any(r IN results WHERE r.written)) THEN [1] ELSE [] END |
  MERGE (v:GraphVersion {id: 'graph'})
    ON CREATE SET v.version = 0
  SET v.version = v.version + 1
  MERGE (c:GraphChange {slot: v.version % $logSlots})
  SET c.version = v.version, c.entities = CASE WHEN size(touched) <= $logCap THEN touched END)
WITH results, touched
OPTIONAL MATCH (v:GraphVersion {id: 'graph'})
RETURN [r IN results WHERE r.written AND r.created | r.id] AS created,
       [r IN results WHERE r.written AND NOT r.created | r.id] AS updated,
       [r IN results WHERE NOT r.ok] AS problems,
       touched,
       coalesce(v.version, 0) AS graphVersion
