import { badUserInput, CausewayError, isCausewayError } from '../../errors';
import type { GraphClient } from '../../graph';
import { renderWithType } from './cypherTemplates';
import { currentVersion, setVersion } from './graphVersion';
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

/**
 * Parses and checks every line before anything is written; errors name the
 * line. Beyond each line's shape, the file must hang together: ids unique per
 * kind, every relation's endpoints and every mention's entity among the
 * file's entities, every support's sentence among its documents' sentences.
 * A file that passes writes without surprises.
 */
export function parseExport(lines: Iterable<string>): ExportRecord[] {
  const records: ExportRecord[] = [];
  const lineNos: number[] = [];
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
    lineNos.push(lineNo);
  }
  if (records.length === 0) throw badUserInput('the file is empty', 'line 1');
  checkReferences(records, lineNos);
  return records;
}

function checkReferences(records: ExportRecord[], lineNos: number[]): void {
  const seen = { entity: new Set<string>(), document: new Set<string>(), relation: new Set<string>(), sentence: new Set<string>(), mention: new Set<string>() };
  const unique = (kind: keyof typeof seen, id: unknown, field: string) => {
    if (typeof id !== 'string' || id === '') throw badUserInput(`${field} must be a non-empty string id`, field);
    if (seen[kind].has(id)) throw badUserInput(`${field}: ${kind} ${id} appears twice in the file`, field);
    seen[kind].add(id);
  };
  // First pass: what the file defines.
  records.forEach((record, i) => {
    const field = `line ${lineNos[i]}`;
    if (record.kind === 'header') return;
    checkProps(record.props, record.id, `${field}.props`);
    if (record.kind === 'entity') unique('entity', record.id, `${field}.id`);
    if (record.kind === 'relation') unique('relation', record.id, `${field}.id`);
    if (record.kind === 'document') {
      unique('document', record.id, `${field}.id`);
      if (!Array.isArray(record.sentences) || !Array.isArray(record.mentions)) throw badUserInput(`${field}: a document needs sentences and mentions lists`, field);
      record.sentences.forEach((sentence, j) => unique('sentence', sentence?.id, `${field}.sentences[${j}].id`));
      record.mentions.forEach((mention, j) => {
        checkProps(mention?.props, undefined, `${field}.mentions[${j}].props`);
        unique('mention', mention.props.id, `${field}.mentions[${j}].props.id`);
      });
    }
  });
  // Second pass: what the file refers to.
  const known = (kind: 'entity' | 'sentence', id: unknown, field: string) => {
    if (typeof id !== 'string' || !seen[kind].has(id)) throw badUserInput(`${field}: ${kind} ${JSON.stringify(id)} is not in the file`, field);
  };
  records.forEach((record, i) => {
    const field = `line ${lineNos[i]}`;
    if (record.kind === 'document') {
      const own = new Set(record.sentences.map((sentence) => sentence.id));
      record.mentions.forEach((mention, j) => {
        if (!own.has(mention.sentenceId)) throw badUserInput(`${field}.mentions[${j}].sentenceId is not one of this document's sentences`, `${field}.mentions[${j}].sentenceId`);
        known('entity', mention.entityId, `${field}.mentions[${j}].entityId`);
      });
    }
    if (record.kind === 'relation') {
      known('entity', record.from, `${field}.from`);
      known('entity', record.to, `${field}.to`);
      if (!Array.isArray(record.supports)) throw badUserInput(`${field}.supports must be a list`, `${field}.supports`);
      record.supports.forEach((support, j) => known('sentence', support?.sentenceId, `${field}.supports[${j}].sentenceId`));
    }
  });
}

/** Stored properties: an object whose id, when given, is the record's. */
function checkProps(props: unknown, id: string | undefined, field: string): asserts props is Record<string, unknown> {
  if (props === null || typeof props !== 'object' || Array.isArray(props)) throw badUserInput(`${field} must be an object`, field);
  const own = (props as Record<string, unknown>).id;
  if (id !== undefined && own !== undefined && own !== id) throw badUserInput(`${field}.id ${JSON.stringify(own)} is not the record's id ${id}`, `${field}.id`);
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
 * entities before the documents and relations that refer to them, then sets
 * the graph version the export had.
 *
 * All or nothing: parseExport has checked the whole file before this runs,
 * and when a write fails part-way (the database goes away, a transaction
 * times out) the import removes every node the file names — none existed
 * before, since the graph was empty — and rethrows. One transaction for the
 * whole file would do the same for small files but holds every change of a
 * large graph in Neo4j's memory at once; batches plus compensation work at
 * any size. (Two imports racing into one empty graph are not guarded against.)
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
  const versionBefore = await currentVersion(graph);

  try {
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
    const graphVersion = await setVersion(graph, header.graphVersion);
    return { entities: entities.length, documents: documents.length, relations: relations.length, graphVersion };
  } catch (error) {
    await removeImported(graph, { entities, documents, relations }, versionBefore).catch((cleanup: unknown) => {
      throw new CausewayError(`the import failed (${(error as Error).message}) and removing what it wrote failed too (${(cleanup as Error).message}): clear the graph before importing again`, {
        code: isCausewayError(error) ? error.code : 'DATABASE_UNAVAILABLE',
        details: { partial: true },
        cause: error,
      });
    });
    throw error;
  }
}

/** Removes, in batches, every node the import's records name (ids this import created), and puts the version back. */
async function removeImported(
  graph: GraphClient,
  written: { entities: { id: string }[]; documents: Extract<ExportRecord, { kind: 'document' }>[]; relations: { id: string }[] },
  versionBefore: number,
): Promise<void> {
  const ids = {
    mentions: written.documents.flatMap((d) => d.mentions.map((m) => String(m.props.id))),
    sentences: written.documents.flatMap((d) => d.sentences.map((s) => String(s.id))),
    documents: written.documents.map((d) => d.id),
    relations: written.relations.map((r) => r.id),
    entities: written.entities.map((e) => e.id),
  };
  const kinds = Object.keys(ids) as (keyof typeof ids)[];
  const none = Object.fromEntries(kinds.map((kind) => [kind, [] as string[]])) as typeof ids;
  // Dependants first: mentions and sentences before documents, relations before their entities.
  for (const kind of kinds) {
    for (const batch of chunks(ids[kind], 1000)) await graph.writeQuery('export/remove-imported', { ...none, [kind]: batch });
  }
  if ((await currentVersion(graph)) !== versionBefore) await setVersion(graph, versionBefore);
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
