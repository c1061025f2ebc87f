/**
 * Directional Cause-Effect precision / recall / F1 of the rule-based extractor
 * on SemEval-2010 Task 8's training file, on a tuning part and a held-out part
 * (ids ≡ 0 mod 5) that tuning never looks at.
 *
 *   node --import tsx scripts/eval/semeval.ts [--file PATH] [--json] [--errors N] [--min-confidence C]
 *
 * Both parts are scored on every relation the extractor returns and, as a
 * second operating point, on those with confidence ≥ C (default: the CLI's operating point, DEFAULT_MIN_CONFIDENCE).
 * --errors N prints N missed and N wrong relations from the TUNING part only;
 * --tuning-only leaves the held-out part unscored (use it while tuning).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DEFAULT_MIN_CONFIDENCE, extractText } from '../../src/ingest/extract';
import { scoreCauseEffect, type PredictedRelation, type Score } from './causeEffectScore';
import { isHeldOut, parseSemEval, type SemEvalExample } from './semevalCorpus';

const DEFAULT_FILE = resolve(__dirname, '../../../shared/datasets/semeval2010_task8/TRAIN_FILE.TXT');

function option(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

function main(): void {
  const file = option('--file') ?? DEFAULT_FILE;
  const examples = parseSemEval(readFileSync(file, 'utf8'));
  const started = performance.now();
  const items = examples.map((example) => ({ example, predicted: extractText(example.text).relations as readonly PredictedRelation[] }));
  const seconds = (performance.now() - started) / 1000;
  const minConfidence = Number(option('--min-confidence') ?? DEFAULT_MIN_CONFIDENCE);
  const confident = items.map(({ example, predicted }) => ({ example, predicted: predicted.filter((r) => r.confidence >= minConfidence) }));
  const tuningOnly = process.argv.includes('--tuning-only');
  const parts = {
    tuning: scoreCauseEffect(items.filter((item) => !isHeldOut(item.example))),
    tuningConfident: scoreCauseEffect(confident.filter((item) => !isHeldOut(item.example))),
    heldOut: tuningOnly ? undefined : scoreCauseEffect(items.filter((item) => isHeldOut(item.example))),
    heldOutConfident: tuningOnly ? undefined : scoreCauseEffect(confident.filter((item) => isHeldOut(item.example))),
  };

  if (process.argv.includes('--json')) {
    process.stdout.write(`${JSON.stringify({ file, minConfidence, ...parts, seconds }, null, 2)}\n`);
  } else {
    process.stdout.write(`SemEval-2010 Task 8, ${file}\nCause-Effect, directional; ${examples.length} sentences in ${seconds.toFixed(1)} s\n\n`);
    const rows: Array<[string, Score]> = [
      ['tuning (id mod 5 ≠ 0), all relations', parts.tuning],
      [`tuning, confidence ≥ ${minConfidence}`, parts.tuningConfident],
    ];
    if (parts.heldOut && parts.heldOutConfident) {
      rows.push(['held-out (id mod 5 = 0), all relations', parts.heldOut], [`held-out, confidence ≥ ${minConfidence}`, parts.heldOutConfident]);
    }
    process.stdout.write(table(rows));
  }
  if (process.argv.includes('--by-cue')) printTuningCues(items.filter((item) => !isHeldOut(item.example)));
  const errors = Number(option('--errors') ?? 0);
  if (errors > 0) printTuningErrors(items.filter((item) => !isHeldOut(item.example)), errors);
}

function table(rows: Array<[string, Score]>): string {
  const lines = ['| part | sentences | gold | predicted | TP | precision | recall | F1 | false positives by gold relation |', '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |'];
  for (const [name, s] of rows) {
    const fp = Object.entries(s.falsePositivesByRelation).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`).join(', ');
    lines.push(`| ${name} | ${s.examples} | ${s.gold} | ${s.predicted} | ${s.truePositives} | ${s.precision.toFixed(3)} | ${s.recall.toFixed(3)} | ${s.f1.toFixed(3)} | ${fp} |`);
  }
  return `${lines.join('\n')}\n`;
}

/** Per cue (lower-cased) on the tuning part: how many predictions, how many right. */
function printTuningCues(items: Array<{ example: SemEvalExample; predicted: readonly PredictedRelation[] }>): void {
  const tally = new Map<string, { predicted: number; right: number }>();
  for (const { example, predicted } of items) {
    for (const relation of predicted) {
      const key = relation.cue ? example.text.slice(relation.cue.start, relation.cue.end).toLowerCase() : '?';
      const entry = tally.get(key) ?? { predicted: 0, right: 0 };
      entry.predicted += 1;
      entry.right += scoreCauseEffect([{ example, predicted: [relation] }]).truePositives;
      tally.set(key, entry);
    }
  }
  process.stdout.write('\n--- cues on the tuning part: right / predicted ---\n');
  for (const [cue, { predicted, right }] of [...tally].sort((a, b) => b[1].predicted - a[1].predicted)) {
    process.stdout.write(`${right}/${predicted}\t${cue}\n`);
  }
}

function printTuningErrors(items: Array<{ example: SemEvalExample; predicted: readonly PredictedRelation[] }>, limit: number): void {
  const show = (example: SemEvalExample, relations: readonly PredictedRelation[]): string => {
    const spans = relations.map((r) => `[${example.text.slice(r.cause.start, r.cause.end)}] ${r.polarity}> [${example.text.slice(r.effect.start, r.effect.end)}]`);
    const gold = example.gold ? `gold [${example.text.slice(example.gold.cause.start, example.gold.cause.end)}] > [${example.text.slice(example.gold.effect.start, example.gold.effect.end)}]` : example.relation;
    return `${example.id} ${gold}\n   ${example.text}\n   predicted: ${spans.join('; ') || '-'}`;
  };
  const wrong = items.filter(({ example, predicted }) => predicted.length > 0 && scoreCauseEffect([{ example, predicted }]).truePositives < predicted.length);
  const missed = items.filter(({ example, predicted }) => example.gold && scoreCauseEffect([{ example, predicted }]).truePositives === 0);
  process.stdout.write(`\n--- false positives (tuning part; ${wrong.length} sentences) ---\n`);
  for (const { example, predicted } of wrong.slice(0, limit)) process.stdout.write(`${show(example, predicted)}\n`);
  process.stdout.write(`\n--- missed (tuning part; ${missed.length} sentences) ---\n`);
  for (const { example, predicted } of missed.slice(0, limit)) process.stdout.write(`${show(example, predicted)}\n`);
}

main();
