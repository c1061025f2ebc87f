import { createHash } from 'node:crypto';
import { badUserInput, CausewayError } from '../../errors';
import { validateDocumentInputs, type DocumentInput } from '../../services/kg';

/**
 * Validates a document given in an import line. Sentences may leave out
 * `start`/`end`: they are then laid out one after the other, separated by
 * one space, as if the document were their concatenation. `sha256`, when
 * absent, is the SHA-256 of the document's canonical JSON, so the same
 * document imported again is recognised and a changed one is replaced.
 */
export function documentFromLine(row: Record<string, unknown>): DocumentInput & { sha256: string } {
  let cursor = 0;
  const laidOut = Array.isArray(row.sentences)
    ? row.sentences.map((item: unknown, i) => {
        if (typeof item !== 'object' || item === null || Array.isArray(item)) throw badUserInput(`document.sentences[${i}] must be an object`, `document.sentences[${i}]`);
        const sentence = { ...(item as Record<string, unknown>) };
        if (sentence.start === undefined && sentence.end === undefined && typeof sentence.text === 'string') {
          sentence.start = cursor;
          sentence.end = cursor + sentence.text.length;
        }
        if (typeof sentence.end === 'number') cursor = sentence.end + 1;
        return sentence;
      })
    : row.sentences;
  const doc = validateOne({ ...row, sentences: laidOut });
  return { ...doc, sha256: doc.sha256 ?? sha256Hex(JSON.stringify([doc.id, doc.uri ?? null, doc.title ?? null, doc.sentences])) };
}

/** The service validates lists; a line holds one document, so its messages name `document`, not `document[0]`. */
function validateOne(row: Record<string, unknown>): DocumentInput {
  try {
    return validateDocumentInputs([row], 'document')[0]!;
  } catch (error) {
    if (error instanceof CausewayError) {
      throw new CausewayError(error.message.replaceAll('document[0]', 'document'), { code: error.code, field: error.field?.replace('document[0]', 'document'), details: error.details });
    }
    throw error;
  }
}

export function sha256Hex(content: string | Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}
