import { badUserInput } from '../../../errors';
import { LIMITS } from '../limits';
import { checkArray, checkId, checkNonNegativeInt, checkObject, checkOptionalText, checkText, checkUniqueIds } from './fieldChecks';

export interface MentionInput {
  entityId: string;
  /** Offsets into the document, [start, end), inside the sentence's span. */
  start: number;
  end: number;
}

export interface SentenceInput {
  text: string;
  start: number;
  end: number;
  mentions: MentionInput[];
}

export interface DocumentInput {
  id: string;
  uri?: string | null;
  sha256?: string | null;
  title?: string | null;
  /** In document order; a sentence's index is its position here. */
  sentences: SentenceInput[];
}

const SHA256 = /^[0-9a-f]{64}$/;

export function validateDocumentInputs(input: unknown, field = 'documents'): DocumentInput[] {
  const docs = checkArray(input, field, 100).map((doc, index) => validateDocumentInput(doc, `${field}[${index}]`));
  checkUniqueIds(docs.map((doc) => doc.id), field);
  return docs;
}

function validateDocumentInput(value: unknown, field: string): DocumentInput {
  const row = checkObject(value, field);
  const sha256 = checkOptionalText(row.sha256, `${field}.sha256`, 64);
  if (sha256 && !SHA256.test(sha256)) throw badUserInput(`${field}.sha256 must be 64 lower-case hex digits`, `${field}.sha256`);
  let previousEnd = 0;
  const sentences = checkArray(row.sentences, `${field}.sentences`, LIMITS.maxSentencesPerDocument).map((item, i) => {
    const f = `${field}.sentences[${i}]`;
    const sentence = checkObject(item, f);
    const text = checkText(sentence.text, `${f}.text`, LIMITS.maxSentenceLength);
    const start = checkNonNegativeInt(sentence.start, `${f}.start`);
    const end = checkNonNegativeInt(sentence.end, `${f}.end`);
    if (end - start !== text.length) throw badUserInput(`${f}: end - start (${end - start}) differs from the text length (${text.length})`, `${f}.end`);
    if (start < previousEnd) throw badUserInput(`${f} overlaps the sentence before it`, `${f}.start`);
    previousEnd = end;
    const mentions = checkArray(sentence.mentions ?? [], `${f}.mentions`, 1000, { allowEmpty: true }).map((m, j) => {
      const mf = `${f}.mentions[${j}]`;
      const mention = checkObject(m, mf);
      const ms = checkNonNegativeInt(mention.start, `${mf}.start`);
      const me = checkNonNegativeInt(mention.end, `${mf}.end`);
      if (ms < start || me > end || me <= ms) throw badUserInput(`${mf}: [${ms}, ${me}) is not a non-empty span inside its sentence [${start}, ${end})`, `${mf}.start`);
      return { entityId: checkId(mention.entityId, `${mf}.entityId`), start: ms, end: me };
    });
    return { text, start, end, mentions };
  });
  return {
    id: checkId(row.id, `${field}.id`),
    uri: checkOptionalText(row.uri, `${field}.uri`, LIMITS.maxUriLength),
    sha256,
    title: checkOptionalText(row.title, `${field}.title`, LIMITS.maxNameLength),
    sentences,
  };
}

/** Sentence and mention ids derive from the document id, so re-ingesting a document reuses them. */
export const sentenceId = (documentId: string, idx: number): string => `${documentId}#s${idx}`;
export const mentionId = (documentId: string, start: number, end: number): string => `${documentId}#m${start}-${end}`;

