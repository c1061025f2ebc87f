import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildNoisyOrModel, parseModelText, queryDistribution, type CausalModel } from '../../../src/causal';

/** Every bad input the issue lists, and the BIF dialect bnlearn publishes. */
const DATASETS = join(__dirname, '../../../../shared/datasets/bn');
const asiaText = readFileSync(join(DATASETS, 'asia.bif'), 'utf8');

function errorOf(run: () => unknown): { code: string; message: string; details?: Record<string, unknown> } {
  try {
    run();
  } catch (error) {
    return error as { code: string; message: string; details?: Record<string, unknown> };
  }
  throw new Error('expected an error');
}

const everyQuery = (model: CausalModel) =>
  model.variables.map((v) => queryDistribution(model, { target: v.id, given: { asia: 'yes' } }).distribution);

describe('BIF', () => {
  test('CRLF line ends and shuffled rows give the same model', () => {
    const crlf = asiaText.replace(/\n/g, '\r\n');
    // Reverse the rows of every probability block: rows are labelled, so order must not matter.
    const shuffled = asiaText.replace(/(\{\n)((?:\s*\([^\n]*\n)+)(\})/g, (_, open: string, rows: string, close: string) => {
      return open + rows.trimEnd().split('\n').reverse().join('\n') + '\n' + close;
    });
    expect(shuffled).not.toEqual(asiaText);
    const reference = everyQuery(parseModelText(asiaText));
    expect(everyQuery(parseModelText(crlf))).toEqual(reference);
    expect(everyQuery(parseModelText(shuffled))).toEqual(reference);
  });

  test('comments and property clauses are tolerated', () => {
    const text = asiaText.replace('variable asia {', '// a comment\nvariable asia {\n  property "source = bnlearn" ;\n  /* block */');
    expect(parseModelText(text).variables).toHaveLength(8);
  });

  test('a syntax error names its line and column', () => {
    const text = asiaText.replace('(yes) 0.05, 0.95;', '(yes) 0.05 0.95;');
    const error = errorOf(() => parseModelText(text));
    expect(error.code).toBe('INVALID_MODEL');
    const line = text.split('\n').findIndex((l) => l.includes('0.05 0.95')) + 1;
    expect(error.details).toEqual({ line, column: 14 });
    expect(error.message).toMatch(new RegExp(`line ${line}, column 14: expected "," or ";", found "0.95"`));
  });

  test('errors at the end of the file and in CRLF files still give positions', () => {
    const truncated = asiaText.slice(0, asiaText.lastIndexOf('}'));
    expect(errorOf(() => parseModelText(truncated)).message).toMatch(/line \d+, column \d+/);
    const crlf = asiaText.replace(/\n/g, '\r\n').replace('{ yes, no };', '{ yes, no ;');
    expect(errorOf(() => parseModelText(crlf)).details).toEqual({ line: 4, column: 33 });
  });

  test.each([
    ['an unknown parent state', '(yes) 0.05, 0.95;', '(maybe) 0.05, 0.95;', /"maybe" is not a state of "asia"/],
    ['an unknown variable', 'probability ( tub | asia )', 'probability ( tub | asai )', /unknown variable "asai"/],
    ['a missing row', '  (no) 0.01, 0.99;\n}\nprobability ( smoke )', '}\nprobability ( smoke )', /no row for parent configuration 1/],
    ['a row summing to 0.9', '(yes) 0.1, 0.9;', '(yes) 0.1, 0.8;', /row 0 of the CPT of "lung" sums to 0\.9/],
    ['a probability above 1', 'table 0.5, 0.5;', 'table 1.5, -0.5;', /outside \[0, 1\]/],
    ['a wrong number of probabilities', 'table 0.01, 0.99;', 'table 0.01, 0.49, 0.5;', /expected 2 probabilities, found 3/],
    ['a variable without a CPT', 'probability ( asia ) {\n  table 0.01, 0.99;\n}\n', '', /no CPT for variable "asia"/],
  ])('%s is INVALID_MODEL', (_, from, to, message) => {
    expect(asiaText.includes(from)).toBe(true);
    const error = errorOf(() => parseModelText(asiaText.replace(from, to)));
    expect(error.code).toBe('INVALID_MODEL');
    expect(error.message).toMatch(message);
  });

  test('rows within 1e-6 of 1 are accepted and used as given', () => {
    const model = parseModelText(asiaText.replace('table 0.01, 0.99;', 'table 0.0100004, 0.99;'));
    expect(queryDistribution(model, { target: 'asia' }).distribution.yes).toBeCloseTo(0.0100004 / 1.0000004, 15);
    expect(() => parseModelText(asiaText.replace('table 0.01, 0.99;', 'table 0.0100011, 0.99;'))).toThrow(/sums to/);
  });

  test('a cycle is listed', () => {
    const text = asiaText.replace('probability ( asia ) {\n  table 0.01, 0.99;\n}', 'probability ( asia | dysp ) {\n  (yes) 0.01, 0.99;\n  (no) 0.01, 0.99;\n}');
    const error = errorOf(() => parseModelText(text));
    expect(error.code).toBe('INVALID_MODEL');
    expect(error.details!.cycle).toEqual(['asia', 'tub', 'either', 'dysp', 'asia']);
    expect(error.message).toContain('asia -> tub -> either -> dysp -> asia');
  });
});

describe('JSON models', () => {
  const noisyOr = { nodes: [{ id: 'A', leak: 0.3 }, { id: 'B', leak: 0.1 }], edges: [{ from: 'A', to: 'B', kind: 'CAUSES', strength: 0.8 }] };
  const cpt = {
    variables: [{ id: 'A', states: ['a0', 'a1'] }, { id: 'B', states: ['b0', 'b1'] }],
    cpts: [
      { variable: 'A', parents: [], table: [[0.4, 0.6]] },
      { variable: 'B', parents: ['A'], table: [[0.9, 0.1], [0.2, 0.8]] },
    ],
    confounded: [],
  };

  test('noisy-OR JSON: P(B) = 1 − (1 − 0.1)(1 − 0.8 · 0.3)', () => {
    const model = parseModelText(JSON.stringify(noisyOr));
    expect(queryDistribution(model, { target: 'B' }).distribution.true).toBeCloseTo(1 - 0.9 * (1 - 0.24), 15);
  });

  test('CPT JSON: first parent slowest', () => {
    const model = parseModelText(JSON.stringify(cpt));
    expect(queryDistribution(model, { target: 'B', do: { A: 'a1' } }).distribution).toEqual({ b0: 0.2, b1: 0.8 });
  });

  test('malformed JSON names line and column', () => {
    const text = '{\n  "nodes": [\n    {"id": "A", "leak": 0.3,}\n  ]\n}';
    const error = errorOf(() => parseModelText(text));
    expect(error.code).toBe('INVALID_MODEL');
    expect(error.details).toEqual({ line: 3, column: 29 });
  });

  test.each([
    ['a missing leak', { nodes: [{ id: 'A' }], edges: [] }, /nodes\[0\]\.leak: Required/],
    ['a strength above 1', { ...noisyOr, edges: [{ from: 'A', to: 'B', strength: 1.2 }] }, /outside \[0, 1\]/],
    ['an edge to an unknown node', { ...noisyOr, edges: [{ from: 'A', to: 'C', strength: 0.2 }] }, /unknown node "C"/],
    ['a cycle', { ...noisyOr, edges: [{ from: 'A', to: 'B', strength: 0.2 }, { from: 'B', to: 'A', strength: 0.2 }] }, /cycle: (A -> B -> A|B -> A -> B)/],
    ['a bad CPT row', { ...cpt, cpts: [cpt.cpts[0], { variable: 'B', parents: ['A'], table: [[0.9, 0.2], [0.2, 0.8]] }] }, /row 0 .* sums to 1\.1/],
    ['a CPT with the wrong row count', { ...cpt, cpts: [cpt.cpts[0], { variable: 'B', parents: ['A'], table: [[0.9, 0.1]] }] }, /1 rows|expected 2 rows/],
    ['a CPT naming an unknown parent', { ...cpt, cpts: [cpt.cpts[0], { variable: 'B', parents: ['Z'], table: [[0.9, 0.1]] }] }, /unknown parent "Z"/],
    ['neither format', { graph: [] }, /neither "nodes"/],
  ])('%s is INVALID_MODEL', (_, doc, message) => {
    const error = errorOf(() => parseModelText(JSON.stringify(doc)));
    expect(error.code).toBe('INVALID_MODEL');
    expect(error.message).toMatch(message);
  });
});

describe('queries', () => {
  const model = parseModelText(asiaText);
  test.each([
    [{ target: 'lungs' }, /unknown variable "lungs"/],
    [{ target: 'lung', do: { smoke: 'Yes' } }, /"Yes" is not a state of "smoke"/],
    [{ target: 'lung', given: { nobody: 'yes' } }, /unknown variable "nobody"/],
  ])('%j is INVALID_QUERY', (query, message) => {
    const error = errorOf(() => queryDistribution(model, query));
    expect(error.code).toBe('INVALID_QUERY');
    expect(error.message).toMatch(message);
  });

  test('evidence of probability zero is ZERO_PROBABILITY_EVIDENCE, never NaN', () => {
    // either is a deterministic OR of tub and lung.
    expect(errorOf(() => queryDistribution(model, { target: 'xray', given: { tub: 'yes', either: 'no' } })).code).toBe('ZERO_PROBABILITY_EVIDENCE');
    expect(errorOf(() => queryDistribution(model, { target: 'asia', do: { lung: 'yes' }, given: { either: 'no' } })).code).toBe('ZERO_PROBABILITY_EVIDENCE');
    // Observed parent of the target whose own probability is zero (its mechanism is not needed for the posterior).
    expect(errorOf(() => queryDistribution(model, { target: 'dysp', given: { either: 'no', lung: 'yes' } })).code).toBe('ZERO_PROBABILITY_EVIDENCE');
    expect(errorOf(() => queryDistribution(model, { target: 'lung', do: { lung: 'yes' }, given: { lung: 'no' } })).code).toBe('ZERO_PROBABILITY_EVIDENCE');
  });

  test('a fixed target is a point mass', () => {
    expect(queryDistribution(model, { target: 'lung', do: { lung: 'no' } }).distribution).toEqual({ yes: 0, no: 1 });
  });

  test('a query beyond the table limit is LIMIT_EXCEEDED, naming the size', () => {
    // A clique of 12 binary variables: every pair linked through a chain of 12 parents each.
    const n = 14;
    const nodes = Array.from({ length: n }, (_, i) => ({ id: `V${i}`, baseRate: 0.1 }));
    const edges = [];
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) edges.push({ from: `V${i}`, to: `V${j}`, kind: 'CAUSES' as const, strength: 0.1 });
    const dense = buildNoisyOrModel(nodes, edges);
    const error = errorOf(() => queryDistribution(dense, { target: 'V0', given: { [`V${n - 1}`]: 'true' } }, { limits: { maxTableEntries: 1000 } }));
    expect(error.code).toBe('LIMIT_EXCEEDED');
    expect(error.message).toMatch(/needs a table of \d+ entries \(induced width \d+\), over the limit of 1000/);
    expect(error.details!.tableEntries).toBeGreaterThan(1000);
    expect(queryDistribution(dense, { target: 'V0', given: { [`V${n - 1}`]: 'true' } }).distribution.true).toBeGreaterThan(0.1);
  });
});

describe('graph rows', () => {
  test('a default base rate is used where the graph has none, and named in the assumptions', () => {
    const model = buildNoisyOrModel(
      [{ id: 'smoking', baseRate: 0.2 }, { id: 'cancer' }],
      [{ from: 'smoking', to: 'cancer', kind: 'CAUSES', strength: 0.3 }],
      { defaultBaseRate: 0.01 },
    );
    const answer = queryDistribution(model, { target: 'cancer', do: { smoking: 'true' } });
    expect(answer.distribution.true).toBeCloseTo(1 - 0.99 * 0.7, 15);
    expect(answer.certificate.assumptions).toEqual(['default base rate 0.01 used for nodes without one: cancer']);
  });

  test('without a default a missing base rate is INVALID_MODEL', () => {
    expect(() => buildNoisyOrModel([{ id: 'a' }], [])).toThrow(/no base rate/);
  });

  test('a pair with CAUSES and PREVENTS edges has two mechanisms', () => {
    const model = buildNoisyOrModel(
      [{ id: 'drug', baseRate: 0.5 }, { id: 'pain', baseRate: 0.4 }],
      [
        { from: 'drug', to: 'pain', kind: 'CAUSES', strength: 0.1 },
        { from: 'drug', to: 'pain', kind: 'PREVENTS', strength: 0.7 },
      ],
    );
    expect(queryDistribution(model, { target: 'pain', do: { drug: 'true' } }).distribution.true).toBeCloseTo((1 - 0.6 * 0.9) * 0.3, 15);
  });
});
