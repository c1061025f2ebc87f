import type { KnowledgeGraph } from '../../services/kg';
import { currentVersion } from '../../services/kg';
import { checkRecords } from './checkRecords';
import { emptyGroundingCounts, groundTextSource, type GroundingCounts, type MentionResolver } from './groundTextSource';
import { parseCsv } from './parseCsv';
import { parseJsonl } from './parseJsonl';
import type { ImportFormat, ImportRecord, LineError, ParsedSource } from './records';
import { textFormatOf } from './sourceFormat';
import { documentIdOf, textRecords } from './textRecords';
import { sha256Hex } from './documentRecord';
import { emptyCounts, writeRecords, type WriteCounts } from './writeRecords';

/** One file's (or URL's) content, already read. */
export interface ImportSource {
  name: string;
  content: string;
  format: ImportFormat;
}

export interface ImportOptions {
  /** Any bad line means nothing at all is written. */
  strict?: boolean;
  /** Parse and check against the graph, write nothing. */
  dryRun?: boolean;
  batchSize?: number;
  /** Batches of one kind in flight at once (default 2; 1 writes one batch at a time). */
  inFlight?: number;
  assertedBy: string;
  /**
   * Resolves text mentions against existing entities (GroundingService); null
   * or absent: by normalised name only (no embedding model), and the
   * summary's `grounding.resolver` says so.
   */
  grounding?: MentionResolver | null;
  /** Progress in lines: parsed (phase "check") and written (phase "write"). */
  onProgress?: (event: ImportProgress) => void;
}

export interface ImportProgress {
  phase: 'check' | 'write';
  done: number;
  total: number;
}

export interface ImportSummary extends WriteCounts {
  files: number;
  lines: number;
  records: number;
  errors: LineError[];
  /** False under --dry-run, and under --strict when a line was bad. */
  written: boolean;
  strict: boolean;
  dryRun: boolean;
  graphVersion: number;
  elapsedMs: number;
  grounding: GroundingCounts;
}

export const DEFAULT_BATCH_SIZE = 500;

export function parseSource(source: ImportSource): ParsedSource {
  switch (source.format) {
    case 'jsonl':
      return parseJsonl(source.content, source.name);
    case 'csv':
      return parseCsv(source.content, source.name);
    case 'text':
      return textRecords(source.content, source.name, textFormatOf(source.name));
  }
}

/**
 * Structured import and text ingestion: parse every source (one error per
 * bad line, the file goes on), check references across all of them and the
 * graph, then write in batches. With `strict`, the first pass decides: any
 * error and nothing is written. Re-importing the same sources changes
 * neither the graph nor its version.
 */
export async function importSources(kg: KnowledgeGraph, sources: ImportSource[], options: ImportOptions): Promise<ImportSummary> {
  const started = Date.now();
  const progress = options.onProgress ?? (() => {});
  const totalLines = sources.reduce((n, s) => n + lineCount(s.content), 0);
  const parsed: ParsedSource[] = [];
  let linesRead = 0;
  const grounding = emptyGroundingCounts(options.grounding ? 'model' : 'normalised-name');
  const storedSha = options.grounding ? await storedTextHashes(kg, sources) : new Map<string, string | null>();
  for (const source of sources) {
    parsed.push(options.grounding && source.format === 'text' ? await groundedText(source, options.grounding, storedSha, grounding) : parseSource(source));
    linesRead += lineCount(source.content);
    progress({ phase: 'check', done: linesRead, total: totalLines });
  }
  const all: ImportRecord[] = parsed.flatMap((p) => p.records);
  const checked = await checkRecords(all, kg.graph);
  const errors = [...parsed.flatMap((p) => p.errors), ...checked.errors].sort(byPlace);
  const write = !options.dryRun && !(options.strict && errors.length > 0);
  let counts = emptyCounts();
  if (write) {
    let written = 0;
    const recordsTotal = checked.records.length;
    counts = await writeRecords(kg, checked.records, {
      context: { assertedBy: options.assertedBy },
      batchSize: options.batchSize ?? DEFAULT_BATCH_SIZE,
      inFlight: options.inFlight,
      onBatch: (n) => {
        written += n;
        progress({ phase: 'write', done: Math.round((Math.min(written, recordsTotal) / Math.max(recordsTotal, 1)) * totalLines), total: totalLines });
      },
    });
  }
  return {
    files: sources.length,
    lines: parsed.reduce((n, p) => n + p.lines, 0),
    records: all.length,
    errors,
    written: write,
    strict: options.strict ?? false,
    dryRun: options.dryRun ?? false,
    ...counts,
    graphVersion: await currentVersion(kg.graph),
    elapsedMs: Date.now() - started,
    grounding,
  };
}

/**
 * A text source with its mentions resolved by the grounding resolver. A
 * document stored already with the same content is not resolved again: the
 * graph may have changed since (not least by the first ingestion's own new
 * entities), so a second resolution could differ, and idempotence means the
 * first run's decisions stand. Its records are then the document alone,
 * without mentions, which writeRecords counts as unchanged; its entities,
 * mentions and relations are in the graph already.
 */
async function groundedText(source: ImportSource, resolver: MentionResolver, storedSha: Map<string, string | null>, counts: GroundingCounts): Promise<ParsedSource> {
  const format = textFormatOf(source.name);
  if (storedSha.get(documentIdOf(source.name)) === sha256Hex(source.content)) {
    counts.unchangedDocuments++;
    const byName = textRecords(source.content, source.name, format);
    const records = byName.records.flatMap((r) =>
      r.kind === 'document' ? [{ ...r, value: { ...r.value, sentences: r.value.sentences.map((s) => ({ ...s, mentions: [] })) } }] : [],
    );
    return { ...byName, records };
  }
  return groundTextSource(source.content, source.name, format, resolver, counts);
}

async function storedTextHashes(kg: KnowledgeGraph, sources: ImportSource[]): Promise<Map<string, string | null>> {
  const ids = [...new Set(sources.filter((s) => s.format === 'text').map((s) => documentIdOf(s.name)))];
  const stored = new Map<string, string | null>();
  for (let i = 0; i < ids.length; i += 100) {
    const batch = ids.slice(i, i + 100);
    for (const [j, doc] of (await kg.provenance.documentsByIds(batch)).entries()) if (doc) stored.set(batch[j]!, doc.sha256);
  }
  return stored;
}

function lineCount(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return text.length > 0 && !text.endsWith('\n') ? n + 1 : n;
}

function byPlace(a: LineError, b: LineError): number {
  return a.file === b.file ? (a.line ?? 0) - (b.line ?? 0) : a.file < b.file ? -1 : 1;
}
