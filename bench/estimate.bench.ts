/**
 * Estimation + refutations on 100k rows (issue 5: "users of DoWhy complain
 * that refuters take hours"), against DoWhy's equivalents on the same CSV.
 *
 * Data: 100k rows simulated (seeded) from three known models — back-door
 * (Z → X, Z → Y, X → Y; Z three-valued), front-door (latent U) and the napkin
 * (two latents, ID estimand). Causeway phases, each the median of REPEATS runs:
 *  - parse: CSV text → coded columns;
 *  - estimate: identification + point estimate + bootstrap (B = 200);
 *  - + refutations: the above plus placebo / random common cause / data subset,
 *    100 simulations each (DoWhy's default number).
 * DoWhy (back-door graph only; estimator backdoor.linear_regression, bootstrap
 * CI with the same B, the three refuters with the same simulation count) runs
 * in bench/python/dowhy_peer.py on the same CSV file, median of DOWHY_REPEATS.
 * Run: npm run bench estimate   (ESTIMATE_BENCH_DOWHY_REPEATS=0 skips DoWhy)
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { estimateEffect, identify, parseObservations, readEstimationModel, type EffectQuery } from '../src/causal/estimation';
import {
  BACKDOOR_GRAPH,
  BACKDOOR_MODEL,
  FRONTDOOR_GRAPH,
  FRONTDOOR_MODEL,
  NAPKIN_GRAPH,
  NAPKIN_MODEL,
  simulateCsv,
  trueInterventional,
  type SimVariable,
} from '../test/unit/causal/estimation/simulate';

const ROWS = 100_000;
const BOOTSTRAP = 200;
const SIMULATIONS = 100;
const REPEATS = 5;
const DOWHY_REPEATS = Number(process.env.ESTIMATE_BENCH_DOWHY_REPEATS ?? 1);
const query: EffectQuery = { treatment: { variable: 'X', state: '1' }, control: { variable: 'X', state: '0' }, outcome: { variable: 'Y', state: '1' } };

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** Wall time (ms) of one run; its CPU time is added to `cpu` (the machine is shared, so both are reported). */
function timeIt<T>(run: () => T, cpu?: number[]): [number, T] {
  const start = process.hrtime.bigint();
  const cpuStart = process.cpuUsage();
  const value = run();
  const used = process.cpuUsage(cpuStart);
  cpu?.push((used.user + used.system) / 1000);
  return [Number(process.hrtime.bigint() - start) / 1e6, value];
}

interface Row {
  graph: string;
  method: string;
  parseMs: number;
  estimateMs: number;
  estimateCpuMs: number;
  fullMs: number;
  fullCpuMs: number;
  ate: number;
  interval: [number, number];
  truth: number;
  refutations: string;
}

function benchCauseway(name: string, model: SimVariable[], graph: object, hidden: string[], csv: string): Row {
  const structureModel = readEstimationModel(JSON.stringify(graph));
  const identification = identify(structureModel.structure, query);
  const variables = structureModel.structure.nodes.map((id) => ({ id }));
  const parse: number[] = [];
  const estimate: number[] = [];
  const estimateCpu: number[] = [];
  const full: number[] = [];
  const fullCpu: number[] = [];
  let last;
  for (let i = 0; i < REPEATS; i++) {
    const [p, observations] = timeIt(() => parseObservations(csv, { variables }));
    parse.push(p);
    estimate.push(timeIt(() => estimateEffect(structureModel.structure, identify(structureModel.structure, query), observations, query, { bootstrap: BOOTSTRAP, simulations: 0 }), estimateCpu)[0]);
    const [f, answer] = timeIt(() => estimateEffect(structureModel.structure, identification, observations, query, { bootstrap: BOOTSTRAP, simulations: SIMULATIONS }), fullCpu);
    full.push(f);
    last = answer;
  }
  const r = last!.refutations!;
  return {
    graph: name,
    method: last!.method,
    parseMs: median(parse),
    estimateMs: median(estimate),
    estimateCpuMs: median(estimateCpu),
    fullMs: median(full),
    fullCpuMs: median(fullCpu),
    ate: last!.ate!,
    interval: last!.interval.ate!,
    truth: trueInterventional(model, { X: '1' }, 'Y', '1') - trueInterventional(model, { X: '0' }, 'Y', '1'),
    refutations: [r.placeboTreatment.pass, r.randomCommonCause.pass, r.dataSubset.pass].map((p) => (p ? 'pass' : 'FAIL')).join('/'),
  };
}

interface DowhyTimes {
  medianMs: Record<string, number>;
  medianCpuMs: Record<string, number>;
  values: Record<string, unknown>;
}

function benchDowhy(csvPath: string): DowhyTimes | string {
  if (DOWHY_REPEATS <= 0) return 'skipped (ESTIMATE_BENCH_DOWHY_REPEATS=0)';
  const run = spawnSync('python3', [join(__dirname, 'python', 'dowhy_peer.py'), csvPath, String(BOOTSTRAP), String(SIMULATIONS), String(DOWHY_REPEATS)], {
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
  if (run.error) return `not run: ${run.error.message}`;
  if (run.status !== 0) return `not run: ${(run.stderr || '').trim().split('\n').slice(-1)[0]}`;
  return JSON.parse(run.stdout.trim().split('\n').slice(-1)[0]);
}

const dir = mkdtempSync(join(tmpdir(), 'causeway-estimate-bench-'));
const fmt = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);
const rows: Row[] = [];
let backdoorCsvPath = '';
for (const [name, model, graph, hidden] of [
  ['back-door', BACKDOOR_MODEL, BACKDOOR_GRAPH, []],
  ['front-door', FRONTDOOR_MODEL, FRONTDOOR_GRAPH, ['U']],
  ['napkin', NAPKIN_MODEL, NAPKIN_GRAPH, ['U1', 'U2']],
] as const) {
  const csv = simulateCsv(model as SimVariable[], ROWS, 42, [...hidden]);
  const path = join(dir, `${name}.csv`);
  writeFileSync(path, csv);
  if (name === 'back-door') backdoorCsvPath = path;
  rows.push(benchCauseway(name, model as SimVariable[], graph, [...hidden], csv));
}

console.log(`Causeway, ${ROWS} rows, bootstrap B=${BOOTSTRAP}, ${SIMULATIONS} simulations per refuter, median of ${REPEATS} (node ${process.version})`);
console.log('| graph | method | parse CSV | estimate + bootstrap | + 3 refuters (total) | total CPU | ATE | 95% interval | true ATE | refuters |');
console.log('|---|---|---|---|---|---|---|---|---|---|');
for (const r of rows) {
  console.log(
    `| ${r.graph} | ${r.method} | ${fmt(r.parseMs)} | ${fmt(r.estimateMs)} | ${fmt(r.fullMs)} | ${fmt(r.fullCpuMs)} | ${r.ate.toFixed(4)} | [${r.interval.map((v) => v.toFixed(4)).join(', ')}] | ${r.truth.toFixed(4)} | ${r.refutations} |`,
  );
}

const dowhy = benchDowhy(backdoorCsvPath);
console.log(`\nDoWhy on the same back-door CSV (backdoor.linear_regression), median of ${DOWHY_REPEATS}:`);
if (typeof dowhy === 'string') {
  console.log(`DoWhy ${dowhy}`);
} else {
  const ours = rows[0];
  const phase = (t: Record<string, number>, keys: string[]) => keys.reduce((sum, k) => sum + t[k], 0);
  const lines: Array<[string, number, number, string[]]> = [
    [`estimate + bootstrap (B=${BOOTSTRAP})`, ours.estimateMs, ours.estimateCpuMs, ['estimate', 'bootstrap']],
    [`3 refuters × ${SIMULATIONS}`, ours.fullMs - ours.estimateMs, ours.fullCpuMs - ours.estimateCpuMs, ['placebo', 'randomCommonCause', 'dataSubset']],
    ['total (after parsing)', ours.fullMs, ours.fullCpuMs, ['total']],
  ];
  console.log('| phase | Causeway wall | Causeway CPU | DoWhy wall | DoWhy CPU | DoWhy / Causeway (wall) | (CPU) |');
  console.log('|---|---|---|---|---|---|---|');
  for (const [label, wall, cpu, keys] of lines) {
    const dw = phase(dowhy.medianMs, keys);
    const dc = phase(dowhy.medianCpuMs, keys);
    console.log(`| ${label} | ${fmt(wall)} | ${fmt(cpu)} | ${fmt(dw)} | ${fmt(dc)} | ${(dw / wall).toFixed(0)}× | ${(dc / cpu).toFixed(0)}× |`);
  }
  console.log(`DoWhy values: ${JSON.stringify(dowhy.values)}`);
  console.log(`Causeway ATE ${ours.ate.toFixed(4)} [${ours.interval.map((v) => v.toFixed(4)).join(', ')}]`);
}
