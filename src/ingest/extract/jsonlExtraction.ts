import { extractText } from './extractText';
import type { Extraction, TextSpan } from './types';

/**
 * One line of the `causeway extract` contract: `{"id", "text"}` in, one JSON
 * line out — `{"id", "relations", "mentions"}` or, for a line that is not
 * valid input, `{"id": null, "error"}`. Pure, so the CLI only streams.
 */
export function extractJsonLine(line: string, options: JsonLineOptions = {}): string {
  const parsed = parseInputLine(line);
  if (!parsed.ok) return JSON.stringify({ id: null, error: parsed.error });
  const extraction = extractText(parsed.text);
  const minConfidence = options.minConfidence ?? DEFAULT_MIN_CONFIDENCE;
  const relations = extraction.relations.filter((relation) => relation.confidence >= minConfidence);
  return JSON.stringify(toContract(parsed.id, { ...extraction, relations }));
}

/**
 * The CLI's operating point: relations below this confidence are candidates,
 * not answers. 0.45 was chosen on SemEval's tuning part only (docs/extraction.md),
 * the lowest threshold there with precision ≥ 0.75, which keeps hedged claims;
 * `--min-confidence 0` returns every candidate.
 */
export const DEFAULT_MIN_CONFIDENCE = 0.45;

export interface JsonLineOptions {
  minConfidence?: number;
}

type InputLine = { ok: true; id: string | number; text: string } | { ok: false; error: string };

export function parseInputLine(line: string): InputLine {
  if (line.trim() === '') return { ok: false, error: 'empty line' };
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    return { ok: false, error: `not valid JSON: ${(error as Error).message}` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, error: 'expected a JSON object {"id", "text"}' };
  const { id, text } = value as Record<string, unknown>;
  if (typeof id !== 'string' && !(typeof id === 'number' && Number.isFinite(id))) return { ok: false, error: '"id" must be a string or a number' };
  if (typeof text !== 'string') return { ok: false, error: '"text" must be a string' };
  return { ok: true, id, text };
}

const span = ({ text, start, end }: TextSpan) => ({ text, start, end });

/** Exactly the contract's keys, in its order; provenance beyond offsets stays in the library API. */
function toContract(id: string | number, extraction: Extraction) {
  return {
    id,
    relations: extraction.relations.map((relation) => ({
      cause: span(relation.cause),
      effect: span(relation.effect),
      cue: span(relation.cue),
      polarity: relation.polarity,
      confidence: relation.confidence,
    })),
    mentions: extraction.mentions.map((mention) => ({ ...span(mention), type: mention.type })),
  };
}
