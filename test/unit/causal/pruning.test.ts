import { buildNoisyOrModel, compileModel, queryDistribution, type CausalModel, type NoisyOrEdgeInput } from '../../../src/causal';

/**
 * A query reads only its relevant part. Mechanism objects are wrapped so that
 * every read of a variable's parameters is recorded: the count comes from the
 * model, not from the engine's own statistics.
 */
function instrumented(model: CausalModel): { model: CausalModel; reads: Set<string> } {
  const reads = new Set<string>();
  const variables = model.variables.map((v) => ({
    ...v,
    mechanism: new Proxy(v.mechanism, {
      get(target, key, receiver) {
        if (key !== 'type') reads.add(v.id);
        return Reflect.get(target, key, receiver);
      },
    }),
  }));
  return { model: { ...model, variables }, reads };
}

// A → B → T → D1 → D2, E → T, plus 5,000 unrelated variables in chains of 10.
const nodes = ['A', 'B', 'E', 'T', 'D1', 'D2'].map((id) => ({ id, baseRate: 0.2 }));
const edges: NoisyOrEdgeInput[] = [
  { from: 'A', to: 'B', kind: 'CAUSES', strength: 0.7 },
  { from: 'B', to: 'T', kind: 'CAUSES', strength: 0.6 },
  { from: 'E', to: 'T', kind: 'PREVENTS', strength: 0.5 },
  { from: 'T', to: 'D1', kind: 'CAUSES', strength: 0.9 },
  { from: 'D1', to: 'D2', kind: 'CAUSES', strength: 0.9 },
];
for (let i = 0; i < 5000; i++) {
  nodes.push({ id: `U${i}`, baseRate: 0.1 });
  if (i % 10 !== 0) edges.push({ from: `U${i - 1}`, to: `U${i}`, kind: 'CAUSES', strength: 0.5 });
}
const { model, reads } = instrumented(buildNoisyOrModel(nodes, edges));
compileModel(model); // compiling (hashing) reads everything once; queries afterwards must not.

test.each([
  ['P(T): ancestors only, barren descendants and unrelated parts untouched', { target: 'T' }, ['A', 'B', 'E', 'T'], 4],
  ['P(T | B): B blocks its ancestor A', { target: 'T', given: { B: 'true' } }, ['E', 'T'], 4],
  ['P(T | do(B)): the cut edge removes A', { target: 'T', do: { B: 'true' } }, ['E', 'T'], 3],
  ['P(T | D1): evidence below brings D1 in, not D2', { target: 'T', given: { D1: 'true' } }, ['A', 'B', 'D1', 'E', 'T'], 5],
  ['P(A | D2, do(T)): the intervention separates A from the evidence', { target: 'A', do: { T: 'true' }, given: { D2: 'true' } }, ['A'], 4],
  ['P(U9): a chain of ten', { target: 'U9' }, Array.from({ length: 10 }, (_, i) => `U${i}`).sort(), 10],
])('%s', (_, query, expectedReads, touched) => {
  reads.clear();
  const answer = queryDistribution(model, query);
  expect([...reads].sort()).toEqual(expectedReads);
  expect(answer.certificate.relevantVariables.sort()).toEqual(expectedReads);
  expect(answer.certificate.stats.touchedVariables).toBe(touched);
});
