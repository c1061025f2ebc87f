/** The engine API: limits, proofs (shortest, on demand), facts input. */
import { CausewayError } from '../../../src/errors';
import { compile, evaluate, formatProof, parseFactsTsv, type Program, type Proof } from '../../../src/rules';

function program(text: string): Program {
  const result = compile(text);
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.value;
}

const closure = program('path(X, Y) :- edge(X, Y).\npath(X, Z) :- path(X, Y), edge(Y, Z).');
const chain = (n: number): number[][] => Array.from({ length: n - 1 }, (_, i) => [i, i + 1]);

function height(proof: Proof): number {
  return proof.kind === 'input' ? 0 : 1 + Math.max(0, ...proof.premises.map(height), ...proof.aggregated.flat(2).map(height));
}

describe('limits', () => {
  test('LIMIT_EXCEEDED past maxDerivedFacts', () => {
    const run = () => evaluate(closure, new Map([['edge', chain(200)]]), { limits: { maxDerivedFacts: 1000 } });
    expect(run).toThrow(CausewayError);
    expect(run).toThrow(expect.objectContaining({ code: 'LIMIT_EXCEEDED' }));
  });

  test('TIMEOUT past timeoutMs', () => {
    const run = () => evaluate(closure, new Map([['edge', chain(3000)]]), { limits: { timeoutMs: 20 } });
    expect(run).toThrow(expect.objectContaining({ code: 'TIMEOUT' }));
  });

  test('TIMEOUT also in a join that filters everything out and derives nothing', () => {
    const p = program('none(X, Y) :- n(X), n(Y), X + Y < 0.');
    const numbers = Array.from({ length: 5000 }, (_, i) => [i]);
    expect(() => evaluate(p, new Map([['n', numbers]]), { limits: { timeoutMs: 20 } })).toThrow(expect.objectContaining({ code: 'TIMEOUT' }));
  });

  test('TIMEOUT when the caller aborted', () => {
    const controller = new AbortController();
    controller.abort('stop');
    expect(() => evaluate(closure, new Map([['edge', chain(10)]]), { signal: controller.signal })).toThrow(expect.objectContaining({ code: 'TIMEOUT' }));
  });

  test('within limits the result is complete', () => {
    const evaluation = evaluate(closure, new Map([['edge', chain(50)]]), { limits: { maxDerivedFacts: 50 * 49, timeoutMs: 10000 } });
    expect(evaluation.count('path/2')).toBe((50 * 49) / 2);
    expect(evaluation.stats.derivedFacts).toBe((50 * 49) / 2);
  });
});

describe('proofs', () => {
  test('a proof is a shortest one: on a chain with a shortcut, the shortcut is used', () => {
    const evaluation = evaluate(closure, new Map([['edge', [...chain(6), [0, 5]]]]));
    const proof = evaluation.proofOf({ predicate: 'path', args: [0, 5] })!;
    expect(height(proof)).toBe(1);
    const long = evaluation.proofOf({ predicate: 'path', args: [1, 5] })!;
    expect(height(long)).toBe(4);
  });

  test('the proof tree goes down to given facts, premises in body order', () => {
    const evaluation = evaluate(closure, new Map([['edge', chain(4)]]));
    const proof = evaluation.proofOf({ predicate: 'path', args: [0, 3] })!;
    expect(proof.kind).toBe('rule');
    if (proof.kind !== 'rule') return;
    expect(proof.derivation.substitution).toEqual({ X: 0, Y: 2, Z: 3 });
    expect(proof.derivation.premises).toEqual([
      { predicate: 'path', args: [0, 2] },
      { predicate: 'edge', args: [2, 3] },
    ]);
    expect(formatProof(proof)).toBe(
      [
        'path(0, 3)    [line 2: path(X, Z) :- path(X, Y), edge(Y, Z).]',
        '  path(0, 2)    [line 2: path(X, Z) :- path(X, Y), edge(Y, Z).]',
        '    path(0, 1)    [line 1: path(X, Y) :- edge(X, Y).]',
        '      edge(0, 1)    [given]',
        '    edge(1, 2)    [given]',
        '  edge(2, 3)    [given]',
      ].join('\n'),
    );
  });

  test('proofs tens of thousands of steps high are built without exhausting the stack', () => {
    const reach = program('reach(0).\nreach(Y) :- reach(X), edge(X, Y).');
    const evaluation = evaluate(reach, new Map([['edge', chain(20000)]]));
    const proof = evaluation.proofOf({ predicate: 'reach', args: [19999] })!;
    let depth = 0;
    for (let p: Proof = proof; p.kind === 'rule'; p = p.premises[0]) depth++;
    expect(depth).toBe(19999);
  });

  test('given facts prove themselves; facts that do not hold have no proof', () => {
    const evaluation = evaluate(closure, new Map([['edge', chain(3)]]));
    expect(evaluation.proofOf({ predicate: 'edge', args: [0, 1] })).toEqual({ kind: 'input', fact: { predicate: 'edge', args: [0, 1] } });
    expect(evaluation.proofOf({ predicate: 'path', args: [2, 0] })).toBeUndefined();
    expect(evaluation.proofOf({ predicate: 'path', args: ['0', 1] })).toBeUndefined();
  });

  test('negation is recorded as absence, aggregates carry the facts aggregated', () => {
    const p = program('node("a"). node("b"). edge("a", "b").\nlonely(X) :- node(X), !edge(X, _).\nout(X, N) :- node(X), N = count : { edge(X, Y) }.');
    const evaluation = evaluate(p, new Map());
    expect(evaluation.derivation({ predicate: 'lonely', args: ['b'] })).toMatchObject({ absent: [{ predicate: 'edge', args: ['b', null] }] });
    expect(evaluation.derivation({ predicate: 'out', args: ['a', 1] })).toMatchObject({
      substitution: { X: 'a', N: 1 },
      aggregates: [{ variable: 'N', fn: 'count', value: 1, facts: [[{ predicate: 'edge', args: ['a', 'b'] }]] }],
    });
  });

  test('allDerivations lists every derived fact once, premises first', () => {
    const evaluation = evaluate(closure, new Map([['edge', chain(8)]]));
    const derivations = evaluation.allDerivations();
    expect(derivations).toHaveLength(28);
    const seen = new Set(chain(8).map((t) => JSON.stringify(['edge', ...t])));
    for (const d of derivations) {
      for (const premise of d.premises) expect(seen.has(JSON.stringify([premise.predicate, ...premise.args]))).toBe(true);
      seen.add(JSON.stringify([d.fact.predicate, ...d.fact.args]));
    }
  });
});

describe('facts input', () => {
  test('TSV fields that read as numbers are numbers, the rest strings', () => {
    const facts = parseFactsTsv('edge\ta\t1\r\n\nedge\t2.5\t-3\nw\t1e3\t0x1\t\n', 'f.tsv');
    expect(facts.get('edge')).toEqual([
      ['a', 1],
      [2.5, -3],
    ]);
    expect(facts.get('w')).toEqual([[1000, '0x1', '']]);
  });

  test('a line without a valid predicate is BAD_USER_INPUT with its line number', () => {
    expect(() => parseFactsTsv('edge\t1\t2\nEdge\t1\n', 'f.tsv')).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT', message: expect.stringContaining('f.tsv:2') }));
  });

  test('facts of one name with different lengths are different predicates', () => {
    const p = program('one(X) :- p(X).\ntwo(X, Y) :- p(X, Y).');
    const evaluation = evaluate(p, parseFactsTsv('p\t1\np\t1\t2\n', 'f.tsv'));
    expect(evaluation.facts('one/1')).toEqual([[1]]);
    expect(evaluation.facts('two/2')).toEqual([[1, 2]]);
  });
});
