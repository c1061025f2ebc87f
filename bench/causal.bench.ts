/**
 * Causal engine benchmark (issue 4): `npm run bench causal`.
 *
 * 1. alarm, insurance, sachs: the same queries (observational and
 *    interventional, with evidence) through Causeway, pyAgrum LazyPropagation
 *    (on the mutilated network), pyAgrum.causal.causalImpact and pgmpy
 *    CausalInference.query — warm (model compiled / inference object built)
 *    and cold (from the file). Peers run in bench/python/causal_peers.py.
 * 2. A generated graph of 100k entities where one outcome has 200 causes with
 *    disjoint depth-3 binary-tree ancestries: P(outcome | do(one cause)), warm.
 * 3. Counterfactual vs interventional latency on random noisy-OR models of
 *    10 to 10k variables (issue 5, goal ≤ 3×), interleaved A/B per run.
 * 4. Response-function LP bounds on small CPT models (size, solve and verify
 *    time; no goal, for the record).
 * Medians in milliseconds; ratios are peer / Causeway (above 1: Causeway faster).
 *
 * CAUSAL_BENCH_ONLY=networks|large|counterfactual|lp runs one part;
 * CAUSAL_BENCH_PEERS=0 skips the Python peers.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  buildNoisyOrModel,
  clearCompiledModelCache,
  compileModel,
  counterfactualQuery,
  modelToJson,
  parseModelText,
  queryDistribution,
  type CausalQuery,
  type NoisyOrEdgeInput,
  type NoisyOrNodeInput,
} from '../src/causal';
import { loadLpSolver } from '../src/services/causal';
import { verifyCausalOutput } from '../src/verify/causal';

const DATASETS = join(__dirname, '../../shared/datasets/bn');
const NETWORKS = ['alarm.bif', 'insurance.bif', 'sachs.bif'];
const WARM_RUNS = 200;
const COLD_RUNS = 5;

interface BenchQuery extends Required<CausalQuery> {}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function time(fn: () => void): number {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** CPU time of this process (user + system), ms: steadier than wall time on a shared machine. */
function cpuTime(fn: () => void): number {
  const start = process.cpuUsage();
  fn();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

/** The recorded reference queries that have evidence or interventions (the fixtures' seeded draw). */
function queriesFor(file: string): BenchQuery[] {
  const reference = JSON.parse(readFileSync(join(__dirname, '../test/fixtures/causal/reference.json'), 'utf8'));
  return (reference.networks[file] as (BenchQuery & { zero?: boolean })[])
    .filter((q) => !q.zero && (Object.keys(q.do).length > 0 || Object.keys(q.given).length > 0))
    .map(({ target, do: doing, given }) => ({ target, do: doing, given }));
}

function causewayTimes(file: string, queries: BenchQuery[]) {
  const text = readFileSync(join(DATASETS, file), 'utf8');
  const cold: number[] = [];
  for (const q of queries) {
    for (let i = 0; i < COLD_RUNS; i++) {
      clearCompiledModelCache();
      cold.push(time(() => queryDistribution(parseModelText(text), q)));
    }
  }
  const model = compileModel(parseModelText(text));
  const warm: number[] = [];
  const answers = queries.map((q) => queryDistribution(model, q).distribution);
  for (let i = 0; i < WARM_RUNS; i++) for (const q of queries) warm.push(time(() => queryDistribution(model, q)));
  return { cold: median(cold), warm: median(warm), answers };
}

function runPeers(queriesByNetwork: Record<string, BenchQuery[]>): Record<string, Record<string, { warm?: number; cold?: number; error?: string; note?: string; answers?: (Record<string, number | null> | null)[] }>> | { error: string } {
  const dir = mkdtempSync(join(tmpdir(), 'causeway-bench-'));
  const input = join(dir, 'queries.json');
  writeFileSync(input, JSON.stringify({ datasets: DATASETS, warmRuns: 50, coldRuns: 2, networks: queriesByNetwork }));
  const run = spawnSync('python3', [join(__dirname, 'python/causal_peers.py'), input], { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (run.status !== 0) return { error: (run.stderr || run.error?.message || 'failed').trim().split('\n').slice(-3).join(' ') };
  return JSON.parse(run.stdout);
}

function format(ms: number | undefined): string {
  return ms === undefined ? 'n/a' : ms < 1 ? ms.toFixed(3) : ms.toFixed(2);
}

function networksTable(): void {
  const queriesByNetwork = Object.fromEntries(NETWORKS.map((f) => [f, queriesFor(f)]));
  const ours = Object.fromEntries(NETWORKS.map((f) => [f, causewayTimes(f, queriesByNetwork[f]!)]));
  const peers = process.env.CAUSAL_BENCH_PEERS === '0' ? { error: 'skipped (CAUSAL_BENCH_PEERS=0)' } : runPeers(queriesByNetwork);
  console.log('\nmedian latency per query, ms (ratio = peer / Causeway, warm vs warm and cold vs cold)');
  console.log('| network | queries | engine | warm | cold | warm ratio | cold ratio | max |Δp| vs Causeway |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const file of NETWORKS) {
    const us = ours[file]!;
    const n = queriesByNetwork[file]!.length;
    console.log(`| ${file} | ${n} | Causeway | ${format(us.warm)} | ${format(us.cold)} | 1 | 1 | 0 |`);
    if ('error' in peers) {
      console.log(`| ${file} | ${n} | peers | n/a | n/a | | | python failed: ${peers.error} |`);
      continue;
    }
    for (const [engine, result] of Object.entries(peers[file] ?? {})) {
      if (result.error) {
        console.log(`| ${file} | ${n} | ${engine} | n/a | n/a | | | ${result.error} |`);
        continue;
      }
      let diff = 0;
      let invalid = 0;
      result.answers?.forEach((answer, i) => {
        if (!answer) return;
        for (const [state, p] of Object.entries(answer)) {
          if (p === null) invalid++;
          else diff = Math.max(diff, Math.abs(p - us.answers[i]![state]!));
        }
      });
      const ratio = (a?: number, b?: number) => (a === undefined || b === undefined ? 'n/a' : (a / b).toFixed(1) + '×');
      console.log(
        `| ${file} | ${n} | ${engine} | ${format(result.warm)} | ${format(result.cold)} | ${ratio(result.warm, us.warm)} | ${ratio(result.cold, us.cold)} | ${diff.toExponential(1)}${invalid ? ` (${invalid} NaN)` : ''}${result.note ? `; ${result.note}` : ''} |`,
      );
    }
  }
}

/**
 * 100,000 entities: an outcome with 200 causes, each the root of a disjoint
 * binary tree of depth 3 (15 entities per cause, 3,000 in all), the rest an
 * unrelated forest plus a few effects of the outcome (never read).
 */
function largeGraph(): void {
  const nodes: NoisyOrNodeInput[] = [{ id: 'outcome', baseRate: 0.01 }];
  const edges: NoisyOrEdgeInput[] = [];
  let next = 0;
  const tree = (root: string, depth: number) => {
    if (depth === 0) return;
    for (let k = 0; k < 2; k++) {
      const id = `a${next++}`;
      nodes.push({ id, baseRate: 0.05 + (next % 7) * 0.01 });
      edges.push({ from: id, to: root, kind: next % 5 === 0 ? 'PREVENTS' : 'CAUSES', strength: 0.3 + (next % 5) * 0.1 });
      tree(id, depth - 1);
    }
  };
  for (let c = 0; c < 200; c++) {
    const cause = `cause${c}`;
    nodes.push({ id: cause, baseRate: 0.02 });
    edges.push({ from: cause, to: 'outcome', kind: c % 10 === 9 ? 'PREVENTS' : 'CAUSES', strength: 0.01 + (c % 13) * 0.01 });
    tree(cause, 3);
  }
  for (let e = 0; e < 20; e++) {
    nodes.push({ id: `effect${e}`, baseRate: 0.01 });
    edges.push({ from: 'outcome', to: `effect${e}`, kind: 'CAUSES', strength: 0.5 });
  }
  for (let u = 0; nodes.length < 100_000; u++) {
    nodes.push({ id: `u${u}`, baseRate: 0.05 });
    if (u % 50 !== 0) edges.push({ from: `u${u - 1 - (u % 3 === 0 ? 1 : 0)}`, to: `u${u}`, kind: 'CAUSES', strength: 0.4 });
  }
  let model!: ReturnType<typeof buildNoisyOrModel>;
  const build = time(() => (model = buildNoisyOrModel(nodes, edges)));
  const cold = time(() => queryDistribution(model, { target: 'outcome', do: { cause0: 'true' } }));
  const compiled = compileModel(model);
  const sameQuery: number[] = [];
  const sameQueryCpu: number[] = [];
  for (let i = 0; i < 50; i++) {
    sameQuery.push(time(() => queryDistribution(compiled, { target: 'outcome', do: { cause0: 'true' } })));
    sameQueryCpu.push(cpuTime(() => queryDistribution(compiled, { target: 'outcome', do: { cause0: 'true' } })));
  }
  const eachCause: number[] = [];
  const eachCauseCpu: number[] = [];
  let last: ReturnType<typeof queryDistribution> | undefined;
  for (let c = 1; c < 200; c += 4) eachCause.push(time(() => (last = queryDistribution(compiled, { target: 'outcome', do: { [`cause${c}`]: 'true' } }))));
  for (let c = 2; c < 200; c += 4) eachCauseCpu.push(cpuTime(() => queryDistribution(compiled, { target: 'outcome', do: { [`cause${c}`]: 'true' } })));
  const stats = last!.certificate.stats;
  console.log(`\n100k-entity graph: ${nodes.length} entities, ${edges.length} edges; outcome has 200 causes with disjoint depth-3 tree ancestries`);
  console.log(`relevant part: ${last!.certificate.relevantVariables.length} variables, touched ${stats.touchedVariables}, largest table ${stats.maxTableEntries} entries, width ${stats.inducedWidth}`);
  console.log(`load average at the start: ${loadavg().map((l) => l.toFixed(1)).join(', ')} on ${cpus().length} cores`);
  console.log('| P(outcome | do(one cause)) | median wall ms | median CPU ms |');
  console.log('|---|---|---|');
  console.log(`| build model from rows (once) | ${format(build)} | |`);
  console.log(`| cold: compile (hash, index) + plan + infer | ${format(cold)} | |`);
  console.log(`| warm, same query (plan cached) | ${format(median(sameQuery))} | ${format(median(sameQueryCpu))} |`);
  console.log(`| warm model, a different cause each time (plan computed) | ${format(median(eachCause))} | ${format(median(eachCauseCpu))} |`);
  const verdict = (ms: number) => (ms < 50 ? 'met' : 'NOT met');
  console.log(
    `goal: warm < 50 ms — plan cached: ${verdict(median(sameQuery))} (wall), plan computed: ${verdict(median(eachCause))} (wall), ` +
      `${verdict(median(eachCauseCpu))} (CPU)`,
  );
}

/**
 * Issue 5: counterfactual vs interventional latency on random noisy-OR DAGs
 * (a random recursive tree, plus a second parent among the 5 previous nodes
 * for 30% of the nodes — a shape that keeps exact inference tractable). Same outcome Y
 * (the last node), same treatment X (an ancestor of Y): P(Y | do(X=true))
 * against P(Y_{X=false} | X=true, Y=true), both warm. Goal: ≤ 3×.
 */
function counterfactualVsInterventional(): void {
  console.log('\ncounterfactual P(Y_{X=false} | X=true, Y=true) vs interventional P(Y | do(X=true)), warm, median ms');
  console.log(`load average at the start: ${loadavg().map((l) => l.toFixed(1)).join(', ')} on ${cpus().length} cores`);
  console.log('| variables | relevant (interventional) | relevant (twin) | interventional | counterfactual | ratio | goal ≤ 3× |');
  console.log('|---|---|---|---|---|---|---|');
  for (const n of [10, 100, 1000, 10_000]) {
    let seed = n;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const nodes: NoisyOrNodeInput[] = [];
    const edges: NoisyOrEdgeInput[] = [];
    for (let i = 0; i < n; i++) {
      nodes.push({ id: `v${i}`, baseRate: 0.02 + random() * 0.1 });
      const parents = new Set<number>();
      if (i > 0) parents.add(Math.floor(random() * i));
      if (i > 5 && random() < 0.3) parents.add(i - 1 - Math.floor(random() * 5));
      for (const p of parents) edges.push({ from: `v${p}`, to: `v${i}`, kind: random() < 0.15 ? 'PREVENTS' : 'CAUSES', strength: 0.2 + random() * 0.6 });
    }
    const model = buildNoisyOrModel(nodes, edges);
    const Y = `v${n - 1}`;
    const ancestors = new Set<string>([Y]);
    for (let i = edges.length - 1; i >= 0; i--) if (ancestors.has(edges[i]!.to)) ancestors.add(edges[i]!.from);
    const X = [...ancestors].filter((v) => v !== Y).sort((a, b) => Number(b.slice(1)) - Number(a.slice(1)))[Math.min(5, ancestors.size - 2)]!;
    const interventional = () => queryDistribution(model, { target: Y, do: { [X]: 'true' } });
    const counterfactual = () => counterfactualQuery(model, { target: Y, do: { [X]: 'false' }, given: { [X]: 'true', [Y]: 'true' } });
    const relevant = interventional().certificate.relevantVariables.length;
    const answer = counterfactual();
    const twinRelevant = answer.certificate.twin?.query.relevantVariables.length ?? 0;
    const a: number[] = [];
    const b: number[] = [];
    const runs = n >= 10_000 ? 200 : 500;
    for (let i = 0; i < runs; i++) {
      a.push(time(interventional));
      b.push(time(counterfactual));
    }
    const ratio = median(b) / median(a);
    console.log(`| ${n} | ${relevant} | ${twinRelevant} | ${format(median(a))} | ${format(median(b))} | ${ratio.toFixed(2)}× | ${ratio <= 3 ? 'goal met' : 'NOT met'} |`);
  }
}

/**
 * The response-function LP on CPT models of growing scope: a chain of k
 * binary variables with a confounder of the first and last, queried with
 * evidence off the treatment–outcome pair (so the closed forms do not apply).
 */
async function responseLpTable(): Promise<void> {
  const solver = await loadLpSolver();
  console.log('\nresponse-function LP bounds (CPT models; evidence off the treatment–outcome pair), median ms');
  console.log('| scope | columns | rows | non-zeros | bounds (all LPs) | verify |');
  console.log('|---|---|---|---|---|---|');
  for (const k of [3, 4, 5]) {
    let seed = 17 * k;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const row = () => {
      const p = 0.1 + 0.8 * random();
      return [1 - p, p];
    };
    const ids = Array.from({ length: k }, (_, i) => `c${i}`);
    const variables = [{ id: 'u', states: ['0', '1'] }, ...ids.map((id) => ({ id, states: ['0', '1'] }))];
    const cpts = [
      { variable: 'u', parents: [], table: [row()] },
      ...ids.map((id, i) => {
        const parents = i === 0 ? ['u'] : i === k - 1 ? [ids[i - 1]!, 'u'] : [ids[i - 1]!];
        return { variable: id, parents, table: Array.from({ length: 1 << parents.length }, row) };
      }),
    ];
    const model = parseModelText(JSON.stringify({ variables, cpts }));
    const query = { target: ids[k - 1]!, do: { c0: '1' }, given: { c1: '0', [ids[k - 1]!]: '1' } };
    const source = { kind: 'inline' as const, embedded: modelToJson(model) };
    let answer: ReturnType<typeof counterfactualQuery>;
    try {
      answer = counterfactualQuery(model, query, { lpSolver: solver, source });
    } catch (error) {
      console.log(`| ${k + 1} binary | refused: ${(error as { code?: string }).code} (${(error as Error).message.split(' would have ')[1]?.split(', over')[0]}) | | | | |`);
      continue;
    }
    const solveTimes: number[] = [];
    const verifyTimes: number[] = [];
    for (let i = 0; i < 5; i++) {
      solveTimes.push(time(() => (answer = counterfactualQuery(model, query, { lpSolver: solver, source }))));
      const doc = JSON.parse(JSON.stringify(answer));
      verifyTimes.push(time(() => verifyCausalOutput(doc, { baseDir: '.' })));
    }
    const size = answer.certificate.lp!.size;
    console.log(`| ${k + 1} binary | ${size.columns} | ${size.rows} | ${size.nonzeros} | ${format(median(solveTimes))} | ${format(median(verifyTimes))} |`);
  }
}

const only = process.env.CAUSAL_BENCH_ONLY;
if (!only || only === 'networks') networksTable();
if (!only || only === 'large') largeGraph();
if (!only || only === 'counterfactual') counterfactualVsInterventional();
if (!only || only === 'lp') void responseLpTable();
