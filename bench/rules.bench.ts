/**
 * Rule engine benchmark (issue 6): `npm run bench rules`.
 *   (a) transitive closure of a chain of 2,000 nodes (1,999,000 facts)
 *   (b) transitive closure of a random DAG: 20,000 nodes, 60,000 distinct
 *       edges, each a uniform pair i ≠ j oriented low → high, fixed seed
 *   (c) same generation on a random recursive tree of 10,000 nodes
 * For each: derived facts per second (evaluation only, one core), peak RSS of
 * a process that ran only that case, the ratio to naive evaluation of the same
 * program (naive stops after NAIVE_BUDGET_MS of wall time, default 60 s, and
 * then the ratio is a lower bound), and what a proof costs when asked for
 * afterwards. Rates and ratios use CPU time: on a shared machine wall time
 * measures the neighbours; both are printed.
 * Each case and each naive run is a child process, so peaks do not mix.
 */
import { fork } from 'node:child_process';
import os from 'node:os';
import { compile, evaluate, type Constant, type Evaluation, type Program } from '../src/rules';
import { mulberry32 } from '../src/util/mulberry32';

const CLOSURE = 'path(X, Y) :- edge(X, Y).\npath(X, Z) :- path(X, Y), edge(Y, Z).';
const SAME_GENERATION = 'sg(X, Y) :- parent(X, P), parent(Y, P), X != Y.\nsg(X, Y) :- parent(X, XP), parent(Y, YP), sg(XP, YP).';
const NAIVE_BUDGET_MS = Number(process.env.NAIVE_BUDGET_MS ?? 60000);

interface Case {
  title: string;
  program: string;
  input: () => Map<string, Constant[][]>;
  output: string;
}

const CASES: Record<string, Case> = {
  chain: {
    title: '(a) closure, chain of 2,000',
    program: CLOSURE,
    input: () => new Map([['edge', Array.from({ length: 1999 }, (_, i) => [i, i + 1])]]),
    output: 'path/2',
  },
  dag: {
    title: '(b) closure, random DAG 20k/60k',
    program: CLOSURE,
    input: () => {
      const next = mulberry32(20240601);
      const seen = new Set<number>();
      const edges: number[][] = [];
      while (edges.length < 60000) {
        const i = Math.floor(next() * 20000);
        const j = Math.floor(next() * 20000);
        if (i === j) continue;
        const [lo, hi] = i < j ? [i, j] : [j, i];
        if (seen.has(lo * 20000 + hi)) continue;
        seen.add(lo * 20000 + hi);
        edges.push([lo, hi]);
      }
      return new Map([['edge', edges]]);
    },
    output: 'path/2',
  },
  sg: {
    title: '(c) same generation, random tree 10k',
    program: SAME_GENERATION,
    input: () => {
      const next = mulberry32(7);
      // A random recursive tree: node i's parent is uniform among 0 … i-1.
      return new Map([['parent', Array.from({ length: 9999 }, (_, k) => [k + 1, Math.floor(next() * (k + 1))])]]);
    },
    output: 'sg/2',
  },
};

interface Measurement {
  facts: number;
  derived: number;
  ms: number;
  /** CPU time of the process (all its threads, GC helpers included): what "one core" measures on a shared machine. */
  cpuMs: number;
  peakRssMb: number;
  baselineRssMb: number;
  timedOut?: boolean;
  proofMs?: number;
}

function compiled(text: string): Program {
  const result = compile(text);
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.value;
}

/** Child process: one case, one strategy. */
function measure(name: string, strategy: 'semi-naive' | 'naive'): Measurement {
  const spec = CASES[name];
  const program = compiled(spec.program);
  const input = spec.input();
  global.gc?.();
  const baselineRssMb = process.memoryUsage().rss / 2 ** 20;
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  const cpuMs = (): number => {
    const used = process.cpuUsage(cpuStarted);
    return (used.user + used.system) / 1000;
  };
  let evaluation: Evaluation;
  try {
    evaluation = evaluate(program, input, { strategy, limits: strategy === 'naive' ? { timeoutMs: NAIVE_BUDGET_MS } : {} });
  } catch (error) {
    if ((error as { code?: string }).code !== 'TIMEOUT') throw error;
    return { facts: 0, derived: 0, ms: performance.now() - started, cpuMs: cpuMs(), peakRssMb: process.resourceUsage().maxRSS / 1024, baselineRssMb, timedOut: true };
  }
  const ms = performance.now() - started;
  const cpu = cpuMs();
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  let proofMs: number | undefined;
  if (strategy === 'semi-naive') {
    // Proofs on demand: 100 random facts of the output, full trees.
    const facts = evaluation.facts(spec.output);
    const next = mulberry32(1);
    const t = performance.now();
    for (let k = 0; k < 100; k++) {
      const args = facts[Math.floor(next() * facts.length)];
      if (!evaluation.proofOf({ predicate: spec.output.split('/')[0], args })) throw new Error('fact without proof');
    }
    proofMs = (performance.now() - t) / 100;
  }
  return { facts: evaluation.count(spec.output), derived: evaluation.stats.derivedFacts, ms, cpuMs: cpu, peakRssMb, baselineRssMb, proofMs };
}

function inChild(name: string, strategy: string): Promise<Measurement> {
  return new Promise((resolve, reject) => {
    const child = fork(__filename, ['--child', name, strategy], { execArgv: ['--expose-gc', '--import', 'tsx', '--max-old-space-size=8192'] });
    child.on('message', (m) => resolve(m as Measurement));
    child.on('error', reject);
    child.on('exit', (code) => code !== 0 && reject(new Error(`${name}/${strategy} exited with ${code}`)));
  });
}

async function parent(): Promise<void> {
  const wanted = process.env.RULES_BENCH_CASES?.split(',') ?? Object.keys(CASES);
  const rows: string[][] = [['case', 'facts', 'eval s (wall / cpu)', 'derived facts/s (wall / cpu)', 'peak RSS MB', 'naive s (wall / cpu)', 'naive / semi-naive (cpu)', 'ms per full proof tree (avg of 100)']];
  for (const name of wanted) {
    const semi = await inChild(name, 'semi-naive');
    const naive = await inChild(name, 'naive');
    const ratio = naive.timedOut ? `> ${(naive.cpuMs / semi.cpuMs).toFixed(1)}x (stopped)` : `${(naive.cpuMs / semi.cpuMs).toFixed(1)}x`;
    rows.push([
      CASES[name].title,
      semi.facts.toLocaleString('en-US'),
      `${(semi.ms / 1000).toFixed(2)} / ${(semi.cpuMs / 1000).toFixed(2)}`,
      `${Math.round(semi.derived / (semi.ms / 1000)).toLocaleString('en-US')} / ${Math.round(semi.derived / (semi.cpuMs / 1000)).toLocaleString('en-US')}`,
      `${semi.peakRssMb.toFixed(0)} (start ${semi.baselineRssMb.toFixed(0)})`,
      `${naive.timedOut ? '> ' : ''}${(naive.ms / 1000).toFixed(1)} / ${(naive.cpuMs / 1000).toFixed(1)}`,
      ratio,
      semi.proofMs!.toFixed(2),
    ]);
    if (!naive.timedOut && naive.facts !== semi.facts) throw new Error(`${name}: naive derived ${naive.facts} facts, semi-naive ${semi.facts}`);
  }
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  const line = (r: string[]): string => `| ${r.map((cell, c) => cell.padEnd(widths[c])).join(' | ')} |`;
  console.log(line(rows[0]));
  console.log(`| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`);
  for (const r of rows.slice(1)) console.log(line(r));
  console.log(`node ${process.version}, ${process.arch}, ${os.cpus().length} cpus, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}; naive budget ${NAIVE_BUDGET_MS / 1000} s`);
}

if (process.argv[2] === '--child') {
  process.send!(measure(process.argv[3], process.argv[4] as 'semi-naive' | 'naive'));
} else {
  parent().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
