import { createHash } from 'node:crypto';
import { documentText, extractText, normaliseName, type DocumentFormat, type TextSpan } from '../extract';
import { LIMITS, sentenceId, type EntityInput, type EvidenceInput, type MentionInput, type RelationInput } from '../../services/kg';
import { sha256Hex } from './documentRecord';
import type { ImportRecord, ParsedSource } from './records';

/** The entity type given to things text names until grounding types them. */
export const EXTRACTED_ENTITY_TYPE = 'Concept';

/**
 * A text document (.txt, .md, .html) as records: the document with its
 * sentences (of the readable text, markup stripped), entities for the noun
 * phrases it mentions, and the causal relations extracted from it
 * (src/ingest/extract) with each sentence as evidence. A mention whose span
 * (`start-end`, see spanKey) is in `resolved` refers to that existing entity
 * (chosen by the grounding resolver, see groundTextSource); any other mention
 * is grounded by normalised name: one name, one entity id, so the same phrase
 * in two documents meets in one node. Every id is derived from content and
 * `resolved`, so ingesting the same document twice with the same resolutions
 * writes nothing new.
 */
export function textRecords(content: string, uri: string, format: DocumentFormat, resolved: ReadonlyMap<string, string> = new Map()): ParsedSource {
  const file = uri;
  const origin = { file, line: null };
  const readable = documentText(content, format).text;
  const extraction = extractText(readable);
  const documentId = documentIdOf(uri);
  const sentences = extraction.sentences.slice(0, LIMITS.maxSentencesPerDocument).filter((s) => s.text.length <= LIMITS.maxSentenceLength);
  const position = new Map(sentences.map((s, idx) => [s, idx]));
  const byExtractorIndex = new Map(sentences.map((s) => [s.index, s]));
  const sentenceAt = (offset: number) => {
    // Sentences are in text order and do not overlap: binary search.
    let lo = 0;
    let hi = sentences.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const s = sentences[mid]!;
      if (offset < s.start) hi = mid - 1;
      else if (offset >= s.end) lo = mid + 1;
      else return s;
    }
    return undefined;
  };

  const entities = new Map<string, EntityInput>();
  const entityFor = (span: TextSpan): string | null => {
    const joined = resolved.get(spanKey(span));
    if (joined !== undefined) return joined;
    const name = normaliseName(span.text);
    if (name === '' || name.length > LIMITS.maxNameLength) return null;
    const id = entityIdOf(name);
    if (!entities.has(id)) entities.set(id, { id, name, type: EXTRACTED_ENTITY_TYPE });
    return id;
  };

  const mentionsBySentence = new Map<number, MentionInput[]>();
  const seenSpans = new Set<string>();
  for (const mention of extraction.mentions) {
    if (mention.type !== 'NP' && mention.type !== 'NAME') continue;
    addMention(mention);
  }
  const relations = new Map<string, RelationInput & { evidence: EvidenceInput[] }>();
  for (const relation of extraction.relations) {
    const sentence = byExtractorIndex.get(relation.sentenceIndex);
    if (!sentence) continue;
    const from = addMention(relation.cause);
    const to = addMention(relation.effect);
    if (!from || !to || from === to) continue;
    const type = relation.polarity === '+' ? 'CAUSES' : 'PREVENTS';
    const id = relationIdOf(type, from, to);
    const entry = relations.get(id) ?? { id, type, from, to, source: 'extracted' as const, evidence: [] };
    const sid = sentenceId(documentId, position.get(sentence)!);
    // Two cues in one sentence for one pair are one piece of evidence: keep the surer.
    const same = entry.evidence.find((e) => e.sentenceId === sid);
    if (same) same.confidence = Math.max(same.confidence, relation.confidence);
    else entry.evidence.push({ sentenceId: sid, confidence: relation.confidence });
    relations.set(id, entry);
  }

  const records: ImportRecord[] = [];
  for (const entity of entities.values()) records.push({ kind: 'entity', origin, value: entity, createOnly: true });
  records.push({
    kind: 'document',
    origin,
    value: {
      id: documentId,
      uri,
      sha256: sha256Hex(content),
      title: null,
      sentences: sentences.map((s, idx) => ({ text: s.text, start: s.start, end: s.end, mentions: mentionsBySentence.get(idx) ?? [] })),
    },
  });
  for (const relation of relations.values()) records.push({ kind: 'relation', origin, value: relation });
  return { records, errors: [], lines: content.split('\n').length };

  function addMention(span: TextSpan): string | null {
    const sentence = sentenceAt(span.start);
    if (!sentence || span.end > sentence.end) return null;
    const entityId = entityFor(span);
    if (!entityId) return null;
    const key = spanKey(span);
    if (!seenSpans.has(key)) {
      seenSpans.add(key);
      const idx = position.get(sentence)!;
      const list = mentionsBySentence.get(idx) ?? [];
      list.push({ entityId, start: span.start, end: span.end });
      mentionsBySentence.set(idx, list);
    }
    return entityId;
  }
}

/** A mention's place in its document, the key of `resolved`. */
export function spanKey(span: { start: number; end: number }): string {
  return `${span.start}-${span.end}`;
}

/** Documents are identified by where they come from; their content by its SHA-256. */
export function documentIdOf(uri: string): string {
  return `doc:${shortHash(uri)}`;
}

/** `n:lung-cancer`; names that do not fit the id alphabet get a hash suffix to stay distinct. */
export function entityIdOf(name: string): string {
  const slug = name.replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 80);
  // Only names of plain words map one-to-one onto slugs ("covid-19" and "covid 19" would not).
  const lossless = /^[a-z0-9]+( [a-z0-9]+)*$/.test(name) && name.length <= 80;
  return lossless ? `n:${slug}` : `n:${slug || 'x'}~${shortHash(name)}`;
}

export function relationIdOf(type: string, from: string, to: string): string {
  return `x:${type}:${shortHash(`${from}\u0000${to}`)}`;
}

function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 20);
}
