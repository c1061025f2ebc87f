import { compile, evaluate, type Constant, type Derivation, type Fact, type Program } from '../../../../src/rules';
import { decodeDerivation, encodeDerivation, type StoredRecord } from '../../../../src/services/rules/derivationRecord';
import type { PremiseRef } from '../../../../src/services/rules';
import { mulberry32 } from '../../../../src/util/mulberry32';

/**
 * Every derivation of random programs' models survives the stored record:
 * rule, substitution, premises (their kinds and ids) and the conclusion come
 * back equal. Wildcards, head constants, comparisons, assignments, negation
 * and aggregates are all exercised; a record that dropped any stored value
 * would rebuild a different substitution or premise and fail here.
 */
const PROGRAM = `
  w(1, 2, 0.5). w(2, 3, 0.25).
  path(X, Y) :- e(X, Y).
  path(X, Z) :- path(X, Y), e(Y, Z).
  linked(X) :- e(X, _).
  tagged(X, "hub") :- e(X, Y), e(Y, _), X != Y.
  weighted(X, Y, S) :- w(X, Y, W), S = W * 2.
  two_step(X, Z) :- e(X, Y), e(Y, Z), X != Z.
  one_way(X, Y) :- path(X, Y), !path(Y, X).
  out_count(X, N) :- e(X, _), N = count : { e(X, _) }.
`;

function program(): Program {
  const compiled = compile(PROGRAM);
  if (!compiled.ok) throw new Error(JSON.stringify(compiled.error));
  return compiled.value;
}

/** Where a premise "lives", as the materializer would say: input edges are relations, weights program facts, the rest derived. */
function refOf(fact: Fact): PremiseRef {
  const id = `${fact.predicate}:${fact.args.join(',')}`;
  if (fact.predicate === 'e') return { kind: 'relation', id, fact };
  if (fact.predicate === 'w') return { kind: 'program', id: '', fact };
  return { kind: 'derived', id, fact };
}

/** How the store would hand the record back: binary facts as relationships, the rest as nodes. */
function stored(fact: Fact, record: string, derivation: string | null): StoredRecord {
  const base = { id: 'x', ruleSet: 'set', record, derivation };
  if (fact.args.length === 2 && fact.args.every((a) => typeof a === 'string')) return { ...base, relType: fact.predicate.toUpperCase(), from: String(fact.args[0]), to: String(fact.args[1]), strength: null };
  return { ...base, relType: null, predicate: fact.predicate, args: JSON.stringify(fact.args) };
}

const sorted = (o: Record<string, Constant>) => Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : 1)));

describe('derivation records', () => {
  it.each([1, 2, 3, 4, 5])('round-trip every derivation of a random graph (seed %i)', (seed) => {
    const random = mulberry32(seed);
    const nodes = Array.from({ length: 8 }, (_, i) => `n${i}`);
    const edges = new Map<string, Constant[]>();
    for (let k = 0; k < 14; k++) {
      const a = nodes[Math.floor(random() * nodes.length)];
      const b = nodes[Math.floor(random() * nodes.length)];
      edges.set(`${a}>${b}`, [a, b]);
    }
    const p = program();
    const evaluation = evaluate(p, new Map([['e', [...edges.values()]]]));
    let checked = 0;
    let compact = 0;
    for (const key of p.derived) {
      const predicate = key.slice(0, key.lastIndexOf('/'));
      for (const args of evaluation.facts(key)) {
        const fact = { predicate, args };
        const derivation = evaluation.derivation(fact);
        if (derivation === 'input' || derivation === undefined) continue;
        const premises = [...derivation.premises, ...derivation.aggregates.flatMap((a) => a.facts.flat())].map(refOf);
        const encoded = encodeDerivation(p, derivation, premises);
        if (encoded.derivation === null) compact += 1;
        const decoded = decodeDerivation(p, stored(fact, encoded.record, encoded.derivation));
        expect(decoded.fact).toEqual(fact);
        expect(decoded.premises).toEqual(premises);
        const expected: Derivation = { ...derivation, substitution: sorted(derivation.substitution) };
        expect({ ...decoded.derivation, substitution: sorted(decoded.derivation.substitution) }).toEqual(expected);
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(20);
    expect(compact).toBeGreaterThan(0);
  });

  it('keeps the whole step for rules with negation or aggregates, and only there', () => {
    const p = program();
    const evaluation = evaluate(p, new Map([['e', [['a', 'b'], ['b', 'c']]]]));
    const stepOf = (fact: Fact) => evaluation.derivation(fact) as Derivation;
    const encode = (fact: Fact) => encodeDerivation(p, stepOf(fact), stepOf(fact).premises.map(refOf));
    expect(encode({ predicate: 'one_way', args: ['a', 'b'] }).derivation).not.toBeNull();
    expect(encode({ predicate: 'path', args: ['a', 'c'] }).derivation).toBeNull();
    expect(JSON.parse(encode({ predicate: 'path', args: ['a', 'c'] }).record)).toEqual([1, 'dr', ['path:a,b', 'e:b,c'], ['b']]);
  });
});
