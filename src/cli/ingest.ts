import { readFileSync, statSync } from 'node:fs';
import type { Command } from 'commander';
import { SingleBar } from 'cli-progress';
import { globSync } from 'glob';
import { loadConfig } from '../config';
import { openGraph } from '../graph';
import { formatOf, importSources, ingestGrounding, nameOnlyGrounding, parseFormat, parseMentionResolution, type ImportProgress, type ImportSource } from '../ingest';
import { createKnowledgeGraph } from '../services/kg';
import { EXIT_FAILURE } from './exitCodes';
import { asUsageError, runAction, UsageError } from './runAction';

interface IngestOptions {
  format?: string;
  strict?: boolean;
  dryRun?: boolean;
  batchSize?: string;
  resolveMentions?: string;
}

/** How text mentions are resolved (`ingest`, `jobs run`, `jobs worker`; see docs/ingestion.md). */
export const RESOLVE_MENTIONS_OPTION = [
  '--resolve-mentions <how>',
  'auto: grounding resolver when an embedding model loads, else normalised name; name: normalised name only',
  'auto',
] as const;

/**
 * `causeway ingest PATH… [--format jsonl|csv|text] [--strict] [--dry-run] [--resolve-mentions auto|name]`:
 * a progress bar on stderr, the JSON summary on stdout; exit 1 when a line
 * was bad (the summary lists each with file, line and reason). With an
 * embedding model, text mentions are resolved by the grounding resolver and
 * written entities are embedded in the background before the command exits.
 */
export function registerIngestCommand(program: Command): void {
  program
    .command('ingest')
    .description('import JSONL/CSV facts and text documents (.txt, .md, .html) into the graph; directories are read recursively')
    .argument('<paths...>', 'files or directories')
    .option('--format <format>', 'jsonl, csv or text (default: from each file name)')
    .option('--strict', 'write nothing at all when any line is bad')
    .option('--dry-run', 'parse and check against the graph, write nothing')
    .option('--batch-size <n>', 'rows per transaction', '500')
    .option(...RESOLVE_MENTIONS_OPTION)
    .action(runAction((paths: string[], options: IngestOptions) => ingest(paths, options)));
}

async function ingest(paths: string[], options: IngestOptions): Promise<number> {
  const format = asUsageError(() => parseFormat(options.format));
  const resolution = asUsageError(() => parseMentionResolution(options.resolveMentions));
  const batchSize = Number(options.batchSize);
  if (!Number.isSafeInteger(batchSize) || batchSize < 1 || batchSize > 1000) throw new UsageError('--batch-size must be an integer from 1 to 1000');
  const files = expandPaths(paths);
  const sources: ImportSource[] = files.map((file) => ({ name: file, content: readFileSync(file, 'utf8'), format: asUsageError(() => formatOf(file, format)) }));
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const graph = await openGraph(loadConfig(), { log });
  // A missing model is not an error: ingestGrounding logs the fallback to normalised names.
  const kg = createKnowledgeGraph(graph.client);
  const grounding = resolution === 'name' ? nameOnlyGrounding(kg, log) : await ingestGrounding(graph.client, kg, log);
  const bar = progressBar(sources.length);
  try {
    const summary = await importSources(grounding.kg, sources, {
      grounding: grounding.resolver,
      strict: options.strict,
      dryRun: options.dryRun,
      batchSize,
      assertedBy: 'ingest',
      onProgress: bar.update,
    });
    bar.stop();
    for (const error of summary.errors) process.stderr.write(`${error.file}${error.line === null ? '' : `:${error.line}`}: ${error.reason}\n`);
    process.stdout.write(`${JSON.stringify(summary)}\n`);
    return summary.errors.length > 0 ? EXIT_FAILURE : 0;
  } finally {
    bar.stop();
    await grounding.close();
    await graph.close();
  }
}

/** Files as given; directories walked for the formats ingest reads, in a stable order. */
function expandPaths(paths: string[]): string[] {
  const files: string[] = [];
  for (const path of paths) {
    let stat;
    try {
      stat = statSync(path);
    } catch {
      throw new UsageError(`no such file or directory: ${path}`);
    }
    if (stat.isDirectory()) files.push(...globSync('**/*.{jsonl,ndjson,csv,txt,md,markdown,html,htm}', { cwd: path, absolute: true, nodir: true }).sort());
    else files.push(path);
  }
  if (files.length === 0) throw new UsageError('no files to ingest');
  return files;
}

/** Files, lines, rate and ETA on stderr while a terminal watches; silent otherwise. */
function progressBar(totalFiles: number) {
  if (!process.stderr.isTTY) return { update: (_: ImportProgress) => {}, stop: () => {} };
  const bar = new SingleBar({
    stream: process.stderr,
    format: '{phase} [{bar}] {percentage}% | files {files}/{totalFiles} | lines {value}/{total} | {rate} lines/s | ETA {eta_formatted}',
    etaBuffer: 50,
  });
  const started = Date.now();
  let files = 0;
  let running = false;
  let stopped = false;
  return {
    update(event: ImportProgress) {
      if (stopped) return;
      if (!running) {
        bar.start(event.total, 0, { phase: event.phase, files, totalFiles, rate: 0 });
        running = true;
      }
      if (event.phase === 'check') files++;
      const rate = Math.round(event.done / Math.max((Date.now() - started) / 1000, 0.001));
      bar.update(event.done, { phase: event.phase, files, totalFiles, rate });
    },
    stop() {
      if (running && !stopped) bar.stop();
      stopped = true;
    },
  };
}
