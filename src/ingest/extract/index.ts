/** Text extraction: sentences, mentions and cause/effect relations, pure (no database). */
export { extractText, type ExtractOptions } from './extractText';
export { CAUSAL_CUES, type CausalCue, type CueFrame } from './causalCues';
export type { CausalRelation, Extraction, Mention, Polarity, SentenceSpan, TextSpan } from './types';
export { DEFAULT_MIN_CONFIDENCE, extractJsonLine, parseInputLine } from './jsonlExtraction';
export type { JsonLineOptions } from './jsonlExtraction';
export { extractDocument } from './extractDocument';
export { documentText, formatOfPath, type DocumentFormat, type DocumentText } from './documentText';
export { normaliseName } from './normaliseName';
