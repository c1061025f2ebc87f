/** Structured import (JSONL, CSV) and text-document ingestion into the knowledge graph. */
export { importSources, parseSource, DEFAULT_BATCH_SIZE } from './importSources';
export type { ImportSource, ImportOptions, ImportProgress, ImportSummary } from './importSources';
export { parseJsonl } from './parseJsonl';
export { parseCsv } from './parseCsv';
export { splitCsv } from './csvRecords';
export { textRecords, spanKey, documentIdOf, entityIdOf, relationIdOf, EXTRACTED_ENTITY_TYPE } from './textRecords';
export { groundTextSource, emptyGroundingCounts } from './groundTextSource';
export type { MentionResolver, GroundingCounts } from './groundTextSource';
export { ingestGrounding, nameOnlyGrounding, parseMentionResolution } from './ingestGrounding';
export type { IngestGrounding, MentionResolution } from './ingestGrounding';
export { checkRecords } from './checkRecords';
export { writeRecords, emptyCounts } from './writeRecords';
export type { WriteCounts, ChangeCounts } from './writeRecords';
export { formatOf, textFormatOf, parseFormat } from './sourceFormat';
export { sha256Hex } from './documentRecord';
export type { ImportFormat, ImportRecord, LineError, ParsedSource } from './records';
