import type { DocumentInput, EntityInput, RelationInput } from '../../services/kg';

/** Where a record came from: the file (or URL) and its 1-based line; text documents have no line. */
export interface RecordOrigin {
  file: string;
  line: number | null;
}

/**
 * One fact to import, already validated field by field by the knowledge-graph
 * service's own checks (so the importer and the GraphQL API accept the same
 * values). `createOnly` entities are written only when the id is new: text
 * extraction names entities, it does not get to rename existing ones.
 */
export type ImportRecord =
  | { kind: 'entity'; origin: RecordOrigin; value: EntityInput; createOnly?: boolean }
  | { kind: 'relation'; origin: RecordOrigin; value: RelationInput }
  | { kind: 'document'; origin: RecordOrigin; value: DocumentInput & { sha256: string } };

/** One bad line: reported, skipped, and the rest of the file still imported (unless strict). */
export interface LineError {
  file: string;
  line: number | null;
  reason: string;
}

export type ImportFormat = 'jsonl' | 'csv' | 'text';

export interface ParsedSource {
  records: ImportRecord[];
  errors: LineError[];
  /** Lines read (for text documents: lines of the file), for progress and the summary. */
  lines: number;
}

export function lineError(origin: RecordOrigin, error: unknown): LineError {
  return { file: origin.file, line: origin.line, reason: error instanceof Error ? error.message : String(error) };
}
