import { badUserInput, CausewayError } from '../../errors';
import type { GraphClient } from '../../graph';
import { renderWithType } from './cypherTemplates';
import { currentVersion } from './graphVersion';
import { RELATION_TYPE_PATTERN } from './limits';
import { checkId } from './validation';

/**
 * The JSONL export format (docs/api.md, "Export format"): one JSON object a
 * line, discriminated by `kind`; a header first, then entities, documents
 * (with their sentences and mentions), relations (with their supports).
 * Properties are the stored ones, verbatim, so a round trip is lossless.
 */
export const EXPORT_FORMAT = 'causeway-graph';
export const EXPORT_FORMAT_VERSION = 1;

export type ExportRecord =
  | { kind: 'header'; format: typeof EXPORT_FORMAT; formatVersion: number; graphVersion: number; exportedAt: string }
  | { kind: 'entity'; id: string; props: Record<string, unknown> }
  | {
      kind: 'document';
      id: string;
      props: Record<string, unknown>;
      sentences: Record<string, unknown>[];
      mentions: { sentenceId: string; entityId: string; props: Record<string, unknown> }[];
    }
  | {
      kind: 'relation';
      id: string;
      type: string;
      from: string;
      to: string;
      props: Record<string, unknown>;
      supports: { sentenceId: string; confidence: number }[];
    };

const PAGE = 2000;

/** Streams the graph page by page, each page its own read transaction. */
export async function* exportGraph(graph: GraphClient): AsyncGenerator<ExportRecord> {
  yield { kind: 'header', format: EXPORT_FORMAT, formatVersion: EXPORT_FORMAT_VERSION, graphVersion: await currentVersion(graph), exportedAt: new Date().toISOString() };
  for await (const row of pages(graph, 'export/page-entities')) yield { kind: 'entity', id: String(row.id), props: row.props as Record<string, unknown> };
  for await (const row of pages(graph, 'export/page-documents')) {
    yield {
      kind: 'document',
      id: String(row.id),
      props: row.props as Record<string, unknown>,
      sentences: (row.sentences as Record<string, unknown>[]).sort((a, b) => Number(a.idx) - Number(b.idx)),
      mentions: (row.mentions as { sentenceId: string; entityId: string; props: Record<string, unknown> }[]).sort((a, b) =>
        String(a.props.id).localeCompare(String(b.props.id)),
      ),
    };
  }
  for await (const row of pages(graph, 'export/page-relations')) {
    yield {
      kind: 'relation',
      id: String(row.id),
      type: String(row.type),
      from: String(row.from),
      to: String(row.to),
      props: row.props as Record<string, unknown>,
      supports: (row.supports as { sentenceId: string; confidence: number }[]).sort((a, b) => a.sentenceId.localeCompare(b.sentenceId)),
    };
  }
}

async function* pages(graph: GraphClient, name: string): AsyncGenerator<Record<string, unknown>> {
  let after = '';
  for (;;) {
    const rows = await graph.readQuery(name, { after, limit: PAGE });
    yield* rows;
    if (rows.length < PAGE) return;
    after = String(rows[rows.length - 1]!.id);
  }
}

/** Parses and checks every line before anything is written; errors name the line. */
export function parseExport(lines: Iterable<string>): ExportRecord[] {
  const records: ExportRecord[] = [];
  let lineNo = 0;
  for (const line of lines) {
    lineNo += 1;
    if (line.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw badUserInput(`line ${lineNo} is not JSON`, `line ${lineNo}`);
    }
    records.push(checkRecord(value, lineNo, records.length === 0));
  }
  if (records.length === 0) throw badUserInput('the file is empty', 'line 1');
  return records;
}

function checkRecord(value: unknown, lineNo: number, first: boolean): ExportRecord {
  const field = `line ${lineNo}`;
  const record = value as Record<string, unknown>;
  if (first) {
    if (record?.kind !== 'header' || record.format !== EXPORT_FORMAT) throw badUserInput(`${field}: expected the ${EXPORT_FORMAT} header`, field);
    if (record.formatVersion !== EXPORT_FORMAT_VERSION) throw badUserInput(`${field}: format version ${String(record.formatVersion)} is not ${EXPORT_FORMAT_VERSION}`, field);
    return record as ExportRecord;
  }
  switch (record?.kind) {
    case 'entity':
    case 'document':
      checkId(record.id, `${field}.id`);
      return record as ExportRecord;
    case 'relation':
      checkId(record.id, `${field}.id`);
      if (typeof record.type !== 'string' || !RELATION_TYPE_PATTERN.test(record.type)) throw badUserInput(`${field}.type is not a relationship type`, `${field}.type`);
      return record as ExportRecord;
    default:
      throw badUserInput(`${field}: unknown kind ${JSON.stringify(record?.kind)}`, field);
  }
}

export interface ImportReport {
  entities: number;
  documents: number;
  relations: number;
  graphVersion: number;
}

/**
 * Writes an export into an empty graph in batches (one transaction each),
 * entities before the documents and relations that refer to them. A failed
 * import leaves a partial graph: clear it and run again.
 */
export async function importGraph(graph: GraphClient, records: ExportRecord[]): Promise<ImportReport> {
  const [counts] = await graph.readQuery('export/count-graph-nodes');
  if (counts && (Number(counts.entities) > 0 || Number(counts.documents) > 0 || Number(counts.relations) > 0)) {
    throw new CausewayError('import needs an empty graph; this one has data', { code: 'CONFLICT', details: counts });
  }
  const header = records[0] as Extract<ExportRecord, { kind: 'header' }>;
  const entities = records.filter((r): r is Extract<ExportRecord, { kind: 'entity' }> => r.kind === 'entity');
  const documents = records.filter((r): r is Extract<ExportRecord, { kind: 'document' }> => r.kind === 'document');
  const relations = records.filter((r): r is Extract<ExportRecord, { kind: 'relation' }> => r.kind === 'relation');

  for (const batch of chunks(entities, 1000)) await graph.writeQuery('export/import-entities', { rows: batch.map((e) => ({ id: e.id, props: e.props })) });
  for (const batch of chunks(documents, 100)) {
    await graph.write(async (tx) => {
      await tx.run('export/import-documents', { rows: batch.map((d) => ({ id: d.id, props: d.props, sentences: d.sentences })) });
      const mentions = batch.flatMap((d) => d.mentions);
      if (mentions.length > 0) await tx.run('export/import-mentions', { rows: mentions });
    });
  }
  const byType = new Map<string, typeof relations>();
  for (const r of relations) byType.set(r.type, [...(byType.get(r.type) ?? []), r]);
  for (const [type, all] of byType) {
    const text = renderWithType('export/import-relations', type, 'type');
    for (const batch of chunks(all, 1000)) {
      await graph.write(async (tx) => {
        await tx.runText(text, { rows: batch.map((r) => ({ id: r.id, type: r.type, from: r.from, to: r.to, props: r.props })) });
        const supports = batch.flatMap((r) => r.supports.map((s) => ({ relationId: r.id, sentenceId: s.sentenceId, confidence: s.confidence })));
        if (supports.length > 0) await tx.run('relations/link-supports', { rows: supports });
      });
    }
  }
  const [version] = await graph.writeQuery('version/set-graph-version', { version: header.graphVersion });
  return { entities: entities.length, documents: documents.length, relations: relations.length, graphVersion: Number(version?.graphVersion ?? 0) };
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
