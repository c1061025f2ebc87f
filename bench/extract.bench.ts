/**
 * Text extraction throughput, sentences per second:
 *   (a) one sentence per call (the `causeway extract` line path, JSON in and out),
 *   (b) one sentence per call, no JSON,
 *   (c) whole documents of 200 sentences per call,
 *   (d) as (b) plus grounding each mention by normalised name.
 * Sentences: SemEval-2010 Task 8's 8,000 training sentences when the shared
 * datasets are present, else a generated corpus of the same size.
 *
 *   npm run bench extract      (or: node --import tsx bench/extract.bench.ts)
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { extractJsonLine, extractText, normaliseName } from '../src/ingest/extract';

const SEMEVAL = resolve(__dirname, '../../shared/datasets/semeval2010_task8/TRAIN_FILE.TXT');

function corpus(): { name: string; sentences: string[] } {
  if (existsSync(SEMEVAL)) {
    const sentences = [...readFileSync(SEMEVAL, 'utf8').matchAll(/^\d+\t"(.*)"\s*$/gm)].map((m) => m[1]!.replace(/<\/?e[12]>/g, ''));
    return { name: 'SemEval-2010 Task 8 train', sentences };
  }
  const templates = ['The {a} caused severe {b}.', 'Chronic {a} may lead to {b} in older patients.', 'The {b} was triggered by a sudden {a}.', 'Because of the {a}, the {b} got worse.', 'Regular {a} reduces the risk of {b}.'];
  const words = ['storm', 'stress', 'exercise', 'virus', 'drought', 'flooding', 'fatigue', 'inflammation', 'delay', 'damage'];
  const sentences = Array.from({ length: 8000 }, (_, k) => templates[k % templates.length]!.replace('{a}', words[k % 10]!).replace('{b}', words[(k * 7 + 3) % 10]!));
  return { name: 'generated', sentences };
}

function timed(run: () => number): { seconds: number; units: number } {
  const started = process.hrtime.bigint();
  const units = run();
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, units };
}

/** Median of three timed runs after one warm-up. */
function measure(name: string, run: () => number): { name: string; rate: number; seconds: number } {
  run();
  const runs = [timed(run), timed(run), timed(run)].sort((a, b) => a.seconds - b.seconds);
  const median = runs[1]!;
  return { name, rate: median.units / median.seconds, seconds: median.seconds };
}

function main(): void {
  const { name, sentences } = corpus();
  const lines = sentences.map((text, id) => JSON.stringify({ id, text }));
  const documents: string[] = [];
  for (let k = 0; k < sentences.length; k += 200) documents.push(sentences.slice(k, k + 200).join(' '));

  const results = [
    measure('(a) one sentence per JSONL line', () => {
      for (const line of lines) extractJsonLine(line);
      return lines.length;
    }),
    measure('(b) one sentence per call, no JSON', () => {
      for (const text of sentences) extractText(text);
      return sentences.length;
    }),
    measure('(c) documents of 200 sentences', () => {
      let count = 0;
      for (const document of documents) count += extractText(document).sentences.length;
      return count;
    }),
    measure('(d) as (b) + grounding mentions by normalised name', () => {
      const entities = new Map<string, number>();
      for (const text of sentences) {
        for (const mention of extractText(text).mentions) {
          const key = normaliseName(mention.text);
          entities.set(key, (entities.get(key) ?? 0) + 1);
        }
      }
      return sentences.length;
    }),
  ];
  process.stdout.write(`corpus: ${name}, ${sentences.length} sentences; node ${process.version}\n\n| run | sentences/s | seconds (median of 3) |\n| --- | ---: | ---: |\n`);
  for (const r of results) process.stdout.write(`| ${r.name} | ${Math.round(r.rate).toLocaleString('en-US')} | ${r.seconds.toFixed(2)} |\n`);
  process.stdout.write(`\npeak RSS ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB\n`);
}

main();
