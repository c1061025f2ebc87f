import { documentText, type DocumentFormat } from './documentText';
import { extractText, type ExtractOptions } from './extractText';
import type { CausalRelation, Extraction, TextSpan } from './types';

/**
 * Extraction from a whole .txt, .md or .html document: the markup is removed
 * first, then every span is mapped back so its offsets point into `content`
 * itself (span.text stays the readable text that was analysed).
 */
export function extractDocument(content: string, format: DocumentFormat, options: ExtractOptions = {}): Extraction {
  const readable = documentText(content, format);
  const extraction = extractText(readable.text, options);
  if (format === 'txt') return extraction;
  const map = <S extends TextSpan>(span: S): S => ({ ...span, start: readable.toOriginal(span.start), end: mapEnd(readable.toOriginal, span.end) });
  return {
    sentences: extraction.sentences.map(map),
    mentions: extraction.mentions.map(map),
    relations: extraction.relations.map((relation): CausalRelation => ({
      ...relation,
      cause: map(relation.cause),
      effect: map(relation.effect),
      cue: map(relation.cue),
    })),
  };
}

/** An exclusive end maps through the last character it covers, so markup after the span stays outside. */
function mapEnd(toOriginal: (offset: number) => number, end: number): number {
  return end === 0 ? toOriginal(0) : toOriginal(end - 1) + 1;
}
