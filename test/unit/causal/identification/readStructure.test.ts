import { buildCausalGraph, dSeparation, identifyEffect, readStructure } from '../../../../src/causal/identification';

// The Asia network (Lauritzen & Spiegelhalter 1988) as bnlearn publishes it, CRLF and comments added.
const ASIA_BIF = [
  'network unknown {',
  '}',
  '// a line comment',
  ...['asia', 'tub', 'smoke', 'lung', 'bronc', 'either', 'xray', 'dysp'].map((v) => `variable ${v} {\n  type discrete [ 2 ] { yes, no };\n}`),
  'probability ( asia ) {\n  table 0.01, 0.99;\n}',
  'probability ( tub | asia ) {\n  (yes) 0.05, 0.95;\n  (no) 0.01, 0.99;\n}',
  'probability ( smoke ) {\n  table 0.5, 0.5;\n}',
  'probability ( lung | smoke ) {\n  (yes) 0.1, 0.9;\n  (no) 0.01, 0.99;\n}',
  'probability ( bronc | smoke ) {\n  (yes) 0.6, 0.4;\n  (no) 0.3, 0.7;\n}',
  '/* either is a deterministic OR */',
  'probability ( either | lung, tub ) {\n  (yes, yes) 1.0, 0.0;\n  (no, yes) 1.0, 0.0;\n  (yes, no) 1.0, 0.0;\n  (no, no) 0.0, 1.0;\n}',
  'probability ( xray | either ) {\n  (yes) 0.98, 0.02;\n  (no) 0.05, 0.95;\n}',
  'probability ( dysp | bronc, either ) {\n  (yes, yes) 0.9, 0.1;\n  (no, yes) 0.7, 0.3;\n  (yes, no) 0.8, 0.2;\n  (no, no) 0.1, 0.9;\n}',
].join('\r\n');

describe('readStructure', () => {
  it('reads a bare graph with confounded pairs', () => {
    const s = readStructure(JSON.stringify({ nodes: ['A', 'B', 'C'], edges: [{ from: 'A', to: 'B' }], confounded: [['A', 'C']] }));
    expect(s).toEqual({ nodes: ['A', 'B', 'C'], edges: [{ from: 'A', to: 'B' }], confounded: [['A', 'C']] });
  });

  it('reads noisy-OR JSON, CAUSES and PREVENTS edges alike', () => {
    const s = readStructure(
      JSON.stringify({
        nodes: [{ id: 'A', leak: 0.1 }, { id: 'B', leak: 0.2 }],
        edges: [{ from: 'A', to: 'B', kind: 'PREVENTS', strength: 0.5 }],
        confounded: [],
      }),
    );
    expect(s).toEqual({ nodes: ['A', 'B'], edges: [{ from: 'A', to: 'B' }], confounded: [] });
  });

  it('reads CPT JSON: parents become edges', () => {
    const s = readStructure(
      JSON.stringify({
        variables: [{ id: 'A', states: ['a0', 'a1'] }, { id: 'B', states: ['b0', 'b1'] }],
        cpts: [{ variable: 'A', parents: [], table: [[0.5, 0.5]] }, { variable: 'B', parents: ['A'], table: [[0.9, 0.1], [0.2, 0.8]] }],
        confounded: [['A', 'B']],
      }),
    );
    expect(s).toEqual({ nodes: ['A', 'B'], edges: [{ from: 'A', to: 'B' }], confounded: [['A', 'B']] });
  });

  it('reads BIF headers (CRLF, comments) and answers structural queries on Asia', () => {
    const s = readStructure(ASIA_BIF);
    expect(s.nodes).toHaveLength(8);
    expect(s.edges).toHaveLength(8);
    expect(s.edges).toContainEqual({ from: 'tub', to: 'either' });
    const g = buildCausalGraph(s);
    expect(dSeparation(g, ['tub'], ['smoke']).separated).toBe(true);
    expect(dSeparation(g, ['tub'], ['smoke'], ['dysp'])).toMatchObject({ separated: false, openPath: ['tub', 'either', 'lung', 'smoke'] });
    // Both {smoke} and {lung} are minimal back-door sets for either → dysp; FindMinSep keeps the one nearest X.
    expect(identifyEffect(g, ['either'], ['dysp'])).toMatchObject({ method: 'backdoor', adjustmentSet: ['lung'] });
  });

  it('names a long cycle without overflowing the stack', () => {
    const n = 20000;
    const nodes = Array.from({ length: n }, (_, i) => `V${i}`);
    const edges = nodes.map((v, i) => ({ from: v, to: nodes[(i + 1) % n] }));
    expect(() => buildCausalGraph({ nodes, edges, confounded: [] })).toThrow(expect.objectContaining({ code: 'INVALID_MODEL', details: { cycle: [...nodes, 'V0'] } }));
  });

  it('names the cycle of a cyclic model', () => {
    const text = JSON.stringify({ nodes: ['A', 'B', 'C', 'D'], edges: [{ from: 'D', to: 'A' }, { from: 'A', to: 'B' }, { from: 'B', to: 'C' }, { from: 'C', to: 'A' }] });
    expect(() => buildCausalGraph(readStructure(text))).toThrow(
      expect.objectContaining({ code: 'INVALID_MODEL', message: expect.stringContaining('A -> B -> C -> A'), details: { cycle: ['A', 'B', 'C', 'A'] } }),
    );
  });

  it.each([
    ['malformed JSON, with line and column where V8 gives a position', '{\n "nodes": [\n "A"\n "B"]\n}', /line 4, column 2/],
    ['malformed JSON without a position', '{\n  "nodes": [\n  ,]\n}', /not valid JSON/],
    ['an edge to an unknown variable', JSON.stringify({ nodes: ['A'], edges: [{ from: 'A', to: 'Q' }] }), /unknown variable "Q"/],
    ['a confounded pair with an unknown variable', JSON.stringify({ nodes: ['A'], confounded: [['A', 'Q']] }), /unknown variable "Q"/],
    ['a self-confounded variable', JSON.stringify({ nodes: ['A'], confounded: [['A', 'A']] }), /confounded with itself/],
    ['a node declared twice', JSON.stringify({ nodes: ['A', 'A'] }), /declared twice/],
    ['neither JSON nor BIF', 'hello', /no BIF `variable`/],
    ['a BIF probability for an undeclared variable', 'variable a {\n}\nprobability ( b | a ) {\n}', /unknown variable "b"/],
  ])('rejects %s with INVALID_MODEL', (_, text, message) => {
    expect(() => buildCausalGraph(readStructure(text))).toThrow(expect.objectContaining({ code: 'INVALID_MODEL', message: expect.stringMatching(message) }));
  });
});
