/**
 * The verifier's own reader of model files (BIF, CPT JSON, noisy-OR JSON).
 * Deliberately shares no code with src/causal: a checker that reused the
 * engine's parser would share its bugs (docs/style.md, "A deliberate exception").
 * It is lenient about syntax — the engine already rejected malformed files —
 * and strict only about what the numbers mean.
 */
export interface CheckNode {
  states: string[];
  parents: string[];
  /** P(this = state | parents = parentStates), states given as indices. */
  probability(state: number, parentStates: number[]): number;
  /** For noisy-OR nodes: the exogenous switches (leak, one per edge), for counterfactual checks. */
  noisyOr?: { leak: number; edges: { from: string; prevents: boolean; strength: number }[] };
}

export type CheckModel = Map<string, CheckNode>;

export function readModelText(text: string): CheckModel {
  const body = text.replace(/^\uFEFF/, '');
  if (body.trimStart().startsWith('{')) return readModelJson(JSON.parse(body));
  return readBif(body);
}

export function readModelJson(doc: unknown): CheckModel {
  const d = doc as Record<string, unknown>;
  if (Array.isArray(d.variables) && Array.isArray(d.cpts)) return readCptJson(d);
  if (Array.isArray(d.nodes)) return readNoisyOrJson(d);
  throw new Error('neither a CPT JSON nor a noisy-OR JSON model');
}

function readCptJson(d: Record<string, unknown>): CheckModel {
  const model: CheckModel = new Map();
  const states = new Map<string, string[]>();
  for (const v of d.variables as { id: string; states: string[] }[]) states.set(v.id, v.states);
  for (const c of d.cpts as { variable: string; parents?: string[]; table: number[][] }[]) {
    const parents = c.parents ?? [];
    model.set(c.variable, tableNode(states.get(c.variable)!, parents, parents.map((p) => states.get(p)!.length), c.table));
  }
  return model;
}

/** Row index: first parent varies slowest. */
function tableNode(states: string[], parents: string[], parentCards: number[], rows: number[][]): CheckNode {
  return {
    states,
    parents,
    probability(state, parentStates) {
      let row = 0;
      for (let i = 0; i < parentStates.length; i++) row = row * parentCards[i]! + parentStates[i]!;
      return rows[row]![state]!;
    },
  };
}

function readNoisyOrJson(d: Record<string, unknown>): CheckModel {
  const nodes = d.nodes as { id: string; leak: number }[];
  const edges = (d.edges ?? []) as { from: string; to: string; kind?: string; strength: number }[];
  const model: CheckModel = new Map();
  for (const node of nodes) {
    const incoming = edges.filter((e) => e.to === node.id);
    const parents = [...new Set(incoming.map((e) => e.from))];
    model.set(node.id, {
      states: ['false', 'true'],
      parents,
      noisyOr: {
        leak: node.leak,
        edges: incoming.map((e) => ({ from: e.from, prevents: (e.kind ?? 'CAUSES') === 'PREVENTS', strength: e.strength })),
      },
      probability(state, parentStates) {
        // Each edge is an independent switch: causes can turn the node on, preventers block it.
        let allCausesFail = 1 - node.leak;
        let noPreventerFires = 1;
        for (const e of incoming) {
          if (parentStates[parents.indexOf(e.from)] !== 1) continue;
          if ((e.kind ?? 'CAUSES') === 'PREVENTS') noPreventerFires *= 1 - e.strength;
          else allCausesFail *= 1 - e.strength;
        }
        const on = (1 - allCausesFail) * noPreventerFires;
        return state === 1 ? on : 1 - on;
      },
    });
  }
  return model;
}

/** bnlearn-style BIF: `variable` blocks with discrete states, `probability` blocks with labelled rows or `table`. */
function readBif(text: string): CheckModel {
  const clean = text.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/\/\/[^\n]*/g, ' ');
  const states = new Map<string, string[]>();
  for (const m of clean.matchAll(/variable\s+([^\s{]+)\s*\{[^}]*?type\s+discrete\s*\[\s*\d+\s*\]\s*\{([^}]*)\}/g)) {
    states.set(m[1]!, m[2]!.split(',').map((s) => s.trim()));
  }
  const model: CheckModel = new Map();
  for (const m of clean.matchAll(/probability\s*\(\s*([^|)\s]+)\s*(?:\|([^)]*))?\)\s*\{([^}]*)\}/g)) {
    const child = m[1]!;
    const parents = m[2] ? m[2].split(',').map((s) => s.trim()) : [];
    const parentStates = parents.map((p) => states.get(p)!);
    const rows = new Map<string, number[]>();
    let fallback: number[] | undefined;
    for (const entry of m[3]!.split(';')) {
      const e = entry.trim();
      if (e === '') continue;
      const labelled = /^\(([^)]*)\)(.*)$/s.exec(e);
      if (labelled) {
        const key = labelled[1]!.split(',').map((s) => s.trim()).join('\u0000');
        rows.set(key, numbers(labelled[2]!));
      } else if (e.startsWith('table')) rows.set('', numbers(e.slice(5)));
      else if (e.startsWith('default')) fallback = numbers(e.slice(7));
    }
    model.set(child, {
      states: states.get(child)!,
      parents,
      probability(state, ps) {
        const key = ps.map((s, i) => parentStates[i]![s]!).join('\u0000');
        return (rows.get(key) ?? fallback!)[state]!;
      },
    });
  }
  return model;
}

function numbers(text: string): number[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map(Number);
}
